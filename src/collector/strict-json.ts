/**
 * The signed report's bytes parsed strictly, before anything looks at their content. JSON.parse alone would
 * take invalid UTF-8 (decoded as U+FFFD, while the stored envelope keeps the raw bytes), a duplicate key (the
 * last wins, where another reader of the same signed bytes may take the first), and any depth (a report nested
 * 300,000 levels deep was stored, and every later read of it failed). One pass over the text counts the
 * member colons and the nesting outside strings: depth is refused before parsing, and a parsed value with fewer
 * keys than the text has colons had a key twice.
 */

/** Far deeper than any report (8 levels today) and far below what the readers' recursion survives. */
export const MAX_JSON_DEPTH = 64;

/** problem: what is wrong, to follow "the … payload", e.g. "is not valid UTF-8". */
export type StrictJson = { ok: true; value: unknown } | { ok: false; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseStrictJson(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): StrictJson {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'is not valid UTF-8' };
  }
  let depth = 0;
  let colons = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { ok: false, problem: `is nested deeper than ${maxDepth} levels` };
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x3a) colons++;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  if (countKeys(value) !== colons) return { ok: false, problem: 'has an object with the same key twice' };
  return { ok: true, value };
}

/** Keys of every object in the value (iterative: the depth is bounded, but no recursion is needed). */
function countKeys(root: unknown): number {
  let keys = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const values = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) keys += values.length;
    // One by one: a spread of a 500,000-element array would overflow the call's arguments.
    for (const item of values) if (item !== null && typeof item === 'object') stack.push(item);
  }
  return keys;
}
