/**
 * Input that people write (policies, catalogs, recordings) is YAML checked by a zod schema. A mistake is
 * reported with the file, the line and what is wrong, every mistake at once, and becomes exit code 2.
 */
import { isCollection, isMap, isPair, isScalar, LineCounter, parse, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { fill } from './fix/text.ts';
import { SAFETY_MESSAGES as S } from './i18n/safety-messages.ts';
import { formatPath, InvalidInputError, readInputFile, SaidInputError, type InputKind, type SourceError } from './source-errors.ts';

export interface YamlSource {
  readonly file: string;
  /** The parsed data. */
  readonly value: unknown;
  /** The syntax tree with positions, built only when an error needs a line number (it costs memory and time). */
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

/** Where a value sits in the YAML text: the node at `path`, or the nearest ancestor that exists. */
export function locate(source: YamlSource, path: readonly PropertyKey[], key?: string): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  let found = node as Node | null;
  for (const step of path) {
    if (!isCollection(node)) break;
    const next: unknown = node.get(step, true);
    if (next === undefined) break;
    node = next;
    found = next as Node;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) found = pair.key;
  }
  const offset = found?.range?.[0] ?? 0;
  const pos = source.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function errorAt(source: YamlSource, path: readonly PropertyKey[], message: string, key?: string): SourceError {
  return { file: source.file, ...locate(source, path, key), message };
}

function positioned(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
}

/**
 * Aliases a document may expand. Each alias copies its anchor's whole value, so a few lines of nested aliases
 * ("billion laughs") would build gigabytes; tenken's own files use none, and 100 leaves room for a person's.
 */
export const MAX_YAML_ALIASES = 100;

/** Parses YAML text; syntax errors become an InvalidInputError with their lines. */
export function parseYaml(text: string, file: string): YamlSource {
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: true, maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // The yaml package says this as "resource exhaustion attack"; the document itself parses without errors.
    if (e instanceof ReferenceError && e.message.startsWith('Excessive alias count')) throw new SaidInputError(file, fill(S.yamlAliases, { limit: String(MAX_YAML_ALIASES) }));
    const { doc, lines } = positioned(text);
    throw new InvalidInputError(
      (doc.errors.length ? doc.errors : [{ pos: [0, 0], message: 'the file is not valid YAML' }]).map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  let tree: ReturnType<typeof positioned> | undefined;
  return {
    file,
    value,
    get doc() {
      return (tree ??= positioned(text)).doc;
    },
    get lines() {
      return (tree ??= positioned(text)).lines;
    },
  };
}

/** Validates a parsed YAML document with `schema`; every issue is reported at its line. */
export function validateYaml<S extends z.ZodType>(source: YamlSource, schema: S): z.output<S> {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  throw new InvalidInputError(
    result.error.issues.map((issue) => {
      const where = formatPath(issue.path);
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const message = keys.length > 0 ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}${where ? ` in ${where}` : ''}` : `${where ? `${where}: ` : ''}${issue.message}`;
      return errorAt(source, issue.path, message, keys[0]);
    }),
  );
}

export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S, kind: InputKind): Promise<{ value: z.output<S>; source: YamlSource; text: string }> {
  const text = await readInputFile(file, kind);
  const source = parseYaml(text, file);
  return { value: validateYaml(source, schema), source, text };
}
