/**
 * CSV for spreadsheets (RFC 4180: quoted where needed, quotes doubled, CRLF rows) made safe to open: a cell
 * that a spreadsheet would run as a formula gets a leading apostrophe, as OWASP's "CSV Injection" advice says.
 * Spreadsheets skip blanks before "=" and Japanese input gives full-width ＝＋－＠, and a zero-width space or a
 * byte order mark in front is invisible, so all of those count as a formula start. Hostnames and reasons come
 * from devices, so any of them may be hostile.
 */
const FORMULA_START = /^[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A byte order mark first, so that Excel opens the UTF-8 (Japanese titles) as UTF-8. */
export const CSV_BOM = '\uFEFF';
