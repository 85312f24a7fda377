/**
 * The one way the dashboard writes HTML: the `html` tagged template escapes every interpolated value unless
 * it is already `Html` (the output of another `html` template or of `trusted`). Hostnames, OS names, check
 * ids and profile names come from devices and are untrusted; they can only reach a page through here, in
 * text, attribute (always double-quoted in the templates) and SVG positions alike.
 */

const brand = Symbol('html');

/** HTML that is safe to place as it is: built by `html` or declared `trusted`. */
export interface Html {
  readonly [brand]: true;
  readonly text: string;
}

export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escapes text for both element content and quoted attributes. Control characters (a hostname carrying an
 * ANSI escape, a NUL) become U+FFFD: they are invalid in HTML and would otherwise vanish from sight.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
}

const make = (text: string): Html => ({ [brand]: true, text });

export const isHtml = (value: unknown): value is Html => typeof value === 'object' && value !== null && brand in value;

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (isHtml(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return make(out);
}

/** Markup written in this code base (never data): the stylesheet link, a fixed entity. */
export const trusted = (markup: string): Html => make(markup);

/** A URL path with a query, each value percent-encoded; the result is still escaped where it is placed. */
export function href(path: string, query: Readonly<Record<string, string | number | undefined | null>> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
