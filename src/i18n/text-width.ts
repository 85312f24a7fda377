/**
 * Columns on a terminal: a Japanese character takes two, a combining mark none, so text is padded by its
 * display width (string-width follows Unicode's East Asian Width), never by its length in UTF-16 units.
 *
 * string-width builds its Unicode tables when it loads (an Intl.Segmenter and the emoji regular expressions,
 * ~25 ms of CPU before a scan could start its first command), so it loads only when something is to be laid out
 * in columns: loadDisplayWidth() first, then the functions below.
 */
import type StringWidth from 'string-width';

let stringWidth: typeof StringWidth | undefined;

/** Thrown by the functions below when loadDisplayWidth() has not run: a bug in the caller, or its cue to load. */
export class DisplayWidthNotLoadedError extends Error {
  override readonly name = 'DisplayWidthNotLoadedError';
  constructor() {
    super('display widths are measured before string-width was loaded (await loadDisplayWidth() first)');
  }
}

export async function loadDisplayWidth(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}

export function displayWidth(s: string): number {
  if (!stringWidth) throw new DisplayWidthNotLoadedError();
  return stringWidth(s);
}

/** `s` followed by spaces up to `width` columns. */
export function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
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
        if (current && displayWidth(current + chunk) > width) {
          lines.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}
