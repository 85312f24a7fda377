/**
 * GET /login — the administrator's login form. It posts name, password and next to POST /login (the
 * collector's admin authentication). There is no default password: the page says how an administrator is
 * created on the server.
 */
import { DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import { html, type Html } from './html.ts';
import { page, t, type View } from './layout.ts';

/** The command that creates an administrator (tenken collector admin add). */
export const ADD_ADMIN_COMMAND = 'tenken collector admin add <name>';

export function renderLoginPage(view: View, options: { readonly error: boolean; readonly next: string }): Html {
  const body = html`${options.error ? html`<p class="error" role="alert">${t(M.loginError, view)}</p>` : ''}
<form method="post" action="/login" class="login">
<input type="hidden" name="next" value="${options.next}">
<p><label for="name">${t(M.loginName, view)}</label><input id="name" name="name" type="text" autocomplete="username" required autofocus></p>
<p><label for="password">${t(M.loginPassword, view)}</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">${t(M.loginSubmit, view)}</button></p>
</form>
<section class="hint" aria-labelledby="first-time">
<h2 id="first-time">${t(M.loginFirstTime, view)}</h2>
<p>${t(M.loginHowToAdd, view)}</p>
<pre><code>${ADD_ADMIN_COMMAND}</code></pre>
</section>`;
  return page(view, t(M.loginTitle, view), body);
}
