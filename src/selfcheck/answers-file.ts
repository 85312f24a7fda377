/**
 * The answers an administrator writes down for a non-interactive self-check (`--answers FILE`), YAML or JSON:
 *
 *   answers:
 *     "1": implemented
 *     "2": partly_implemented
 *
 * Checked with zod through src/source-errors.ts: every mistake at once, at its line (exit 2).
 */
import { isMap, isPair, isScalar } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../policy/schema.ts';
import type { JishaAnswer } from '../report/vocabulary.ts';
import { formatPath, InvalidInputError, readInputFile, type SourceError } from '../source-errors.ts';
import { errorAt, parseYaml, type YamlSource } from '../yaml-source.ts';
import { JishaAnswer as JishaAnswerSchema } from './result.ts';

export const SelfCheckAnswersFile = z.strictObject({
  answers: z.record(z.string(), JishaAnswerSchema).describe('item number → answer'),
});

/** The line of `answers.<item>`; YAML may write the key as a number (`3:`), which the generic locator misses. */
function answerAt(source: YamlSource, item: string, message: string, at: 'key' | 'value'): SourceError {
  const answers = isMap(source.doc.contents) ? source.doc.contents.get('answers', true) : undefined;
  if (isMap(answers)) {
    const pair = answers.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === item);
    const node = pair && (at === 'value' && isScalar(pair.value) ? pair.value : isScalar(pair.key) ? pair.key : undefined);
    if (node?.range) {
      const pos = source.lines.linePos(node.range[0]);
      return { file: source.file, line: pos.line, column: pos.col, message };
    }
  }
  return errorAt(source, ['answers'], message);
}

export async function loadAnswersFile(file: string, catalog: Catalog): Promise<ReadonlyMap<string, JishaAnswer>> {
  const source = parseYaml(await readInputFile(file, 'answers'), file);
  const parsed = SelfCheckAnswersFile.safeParse(source.value);
  const errors: SourceError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = formatPath(issue.path);
      if (issue.path[0] === 'answers' && issue.path.length === 2) {
        errors.push(answerAt(source, String(issue.path[1]), `${where}: ${issue.message}`, 'value'));
      } else if (issue.code === 'unrecognized_keys') {
        errors.push(errorAt(source, issue.path, `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; the file holds "answers:" only`, issue.keys[0]));
      } else {
        errors.push(errorAt(source, issue.path, `${where ? `${where}: ` : ''}${issue.message} (expected "answers:" mapping item numbers to answers)`));
      }
    }
  }
  // Item numbers are checked even when a value is wrong, so that one run shows every mistake.
  const raw = (source.value as { answers?: unknown } | null)?.answers;
  const ids = new Set(catalog.items.map((i) => i.id));
  for (const item of raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : []) {
    if (!ids.has(item)) errors.push(answerAt(source, item, `answers.${item}: no such item in ${catalog.id} (items ${catalog.items[0]!.id}–${catalog.items.at(-1)!.id})`, 'key'));
  }
  if (errors.length) throw new InvalidInputError(errors.sort((a, b) => a.line - b.line));
  return new Map(Object.entries(parsed.success ? parsed.data.answers : {}));
}
