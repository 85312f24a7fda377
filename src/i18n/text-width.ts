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

const OPENING = '（「『【〔';
const CLOSING = '、。，．）」』】〕ー・：';
const WIDE = '\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\uff00-\uffef';
/**
 * Where a line may break: before any Japanese character (Japanese has no spaces between words), never before
 * closing punctuation or after an opening bracket (the basic 禁則 rules), and between words elsewhere.
 */
const CHUNK = new RegExp(`\\s*[${OPENING}]*(?:[${WIDE}][${CLOSING}]*|[^\\s${WIDE}]+[${CLOSING}]*)`, 'g');

/** Wraps text to `width` columns, keeping its own line breaks. */
export function wrapText(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const chunk of line.match(CHUNK) ?? []) {
        if (current && stringWidth(current + chunk) > width) {
          lines.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}
