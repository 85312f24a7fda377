/**
 * Columns on a terminal: a Japanese character takes two, a combining mark none, so text is padded by its
 * display width (string-width follows Unicode's East Asian Width), never by its length in UTF-16 units.
 */
import stringWidth from 'string-width';

export const displayWidth = (s: string): number => stringWidth(s);

/** `s` followed by spaces up to `width` columns. */
export function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}
