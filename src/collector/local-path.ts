/**
 * Where a browser may be sent after logging in: the login form carries it (GET /login?next=…, the dashboard)
 * and POST /login redirects to it (the collector). One rule for both, so neither can be an open redirect.
 */

/** `next` after login: a path on this site only, never another origin (open redirect). */
export function localPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  try {
    const u = new URL(next, 'http://collector.invalid');
    return u.origin === 'http://collector.invalid' ? `${u.pathname}${u.search}${u.hash}` : '/';
  } catch {
    return '/';
  }
}
