/**
 * What every dashboard page shares: the document shell, the navigation, the language switch and the small
 * formatting helpers (times, localized sentences). Pages are functions from read models to `Html`.
 */
import type { Lang } from '../../i18n/lang.ts';
import { DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import type { Localized } from '../../report/vocabulary.ts';
import { fill } from '../../selfcheck/text.ts';
import { href, html, type Html } from './html.ts';

export const STYLESHEET_PATH = '/dashboard.css';

export interface View {
  readonly lang: Lang;
  /** The page's path and query as requested, so the language switch returns to the same page. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** IANA zone times are shown in (the collector's own unless configured). */
  readonly timeZone: string;
  /** The collector's clock when the page was asked for (how long ago a device reported). */
  readonly now: Date;
  /** Navigation and logout are shown once logged in; the administrator's name when requireAdmin gave one. */
  readonly signedIn: boolean;
  readonly admin?: string | null;
}

export const t = (text: Localized, view: Pick<View, 'lang'>, values?: Readonly<Record<string, string | number>>): string => fill(text, view.lang, values);

// Building an Intl formatter costs far more than formatting with one (a 50-device page made 100 of them).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as T;
}

/** `2026/12/03 19:56 JST`-style, in the view's zone, inside <time> carrying the exact instant. */
export function time(iso: string | null, view: View): Html {
  if (iso === null) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${timeText(iso, view)}</time>`;
}

/** An instant as text in the view's zone and language, with the zone's name. */
export function timeText(iso: string, view: Pick<View, 'lang' | 'timeZone'>): string {
  return cached(`time ${view.lang} ${view.timeZone}`, () => new Intl.DateTimeFormat(view.lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: view.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  })).format(new Date(iso));
}

const AGO_UNITS: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  // unit, its length in ms, and up to how many of it are said before the next unit
  ['minute', 60_000, 90],
  ['hour', 3_600_000, 48],
  ['day', 86_400_000, Infinity],
];

/** "4 日前" / "4 days ago": how long before the page's clock, beside an absolute time where age matters. */
export function ago(iso: string | null, view: View): Html {
  if (iso === null) return html``;
  // A report from a device whose clock runs ahead is "0 minutes ago", never "in 5 minutes".
  const elapsed = Math.max(0, view.now.getTime() - new Date(iso).getTime());
  const format = cached(`ago ${view.lang}`, () => new Intl.RelativeTimeFormat(view.lang, { numeric: 'always' }));
  for (const [unit, size, upTo] of AGO_UNITS) {
    const n = Math.floor(elapsed / size);
    if (n < upTo) return html`<span class="ago">${format.format(-n, unit)}</span>`;
  }
  return html``;
}

const NAV = [
  ['/', M.navFleet],
  ['/devices', M.navDevices],
  ['/telework', M.navTelework],
  ['/selfcheck', M.navSelfcheck],
  ['/add-pcs', M.navAddPcs],
] as const;

function languageSwitch(view: View): Html {
  const other: Lang = view.lang === 'ja' ? 'en' : 'ja';
  const label = other === 'ja' ? '日本語' : 'English';
  return html`<a class="lang" href="${href(view.path, { ...view.query, lang: other })}" hreflang="${other}" lang="${other}">${label}</a>`;
}

export function page(view: View, title: string, body: Html): Html {
  const current = (path: string) => (path === '/' ? view.path === '/' : view.path.startsWith(path));
  return html`<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} — ${t(M.product, view)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">${t(M.skipToContent, view)}</a>
<header class="top">
<span class="brand">${t(M.product, view)}</span>
${
  view.signedIn
    ? html`<nav aria-label="${t(M.product, view)}"><ul>${NAV.map(([path, label]) => html`<li><a href="${path}"${current(path) ? html` aria-current="page"` : ''}>${t(label, view)}</a></li>`)}</ul></nav>`
    : ''
}
<span class="tools">${view.admin ? html`<span class="admin">${view.admin}</span>` : ''}${languageSwitch(view)}${
    view.signedIn ? html`<form method="post" action="/logout" class="logout"><button type="submit">${t(M.logout, view)}</button></form>` : ''
  }</span>
</header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
${view.signedIn ? html`<footer class="muted">${t(M.timeZoneNote, view, { zone: view.timeZone })}</footer>` : ''}
</body>
</html>
`;
}

/** Previous / next links for a list shown `pageSize` at a time; `at(n)` is the address of page n. */
export function pager(view: View, list: { readonly total: number; readonly shown: number; readonly page: number; readonly pageSize: number }, at: (page: number) => string): Html {
  if (list.total === 0) return html``;
  const from = (list.page - 1) * list.pageSize + 1;
  const to = from + list.shown - 1;
  const label = t(M.pageOf, view, { from, to, total: list.total });
  return html`<nav class="pager" aria-label="${label}">
<span>${label}</span>
${list.page > 1 ? html`<a rel="prev" href="${at(list.page - 1)}">${t(M.previous, view)}</a>` : ''}
${to < list.total ? html`<a rel="next" href="${at(list.page + 1)}">${t(M.next, view)}</a>` : ''}
</nav>`;
}

/** A 400 or 404 page: the reason in plain words. */
export function errorPage(view: View, title: string, message: string): Html {
  return page(view, title, html`<p class="notice">${message}</p>`);
}
