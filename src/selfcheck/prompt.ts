/**
 * The questions at the terminal, one item at a time. A suggestion from the device is shown with its evidence
 * and taken with Enter; without one, Enter asks again, so that no item is answered by accident. Prompts go
 * to standard error: standard output stays for the result.
 */
import { createInterface } from 'node:readline/promises';
import type { Lang } from '../i18n/lang.ts';
import { SELFCHECK_MESSAGES as M } from '../i18n/messages.ts';
import type { CatalogItem } from '../policy/schema.ts';
import { JISHA_ANSWERS, type JishaAnswer } from '../report/vocabulary.ts';
import type { DeviceSuggestion } from './suggestions.ts';
import { answerLabel, evidenceLines, fill } from './text.ts';

/** Shows a question and resolves with the line typed; rejects when input ends or the person presses Ctrl-C. */
export type Ask = (question: string) => Promise<string>;

export interface Question {
  readonly item: CatalogItem;
  readonly suggestion: DeviceSuggestion | undefined;
}

/** Ctrl-C or the end of input before every question was answered. */
export class SelfCheckInterrupted extends Error {
  override readonly name = 'SelfCheckInterrupted';
}

/** node:readline on a terminal; Ctrl-C and the end of input reject the pending question. */
export function terminalAsk(input: NodeJS.ReadableStream & { readonly isTTY?: boolean }, output: NodeJS.WritableStream): { ask: Ask; close: () => void } {
  const rl = createInterface({ input, output, terminal: input.isTTY === true });
  const stop = new AbortController();
  rl.on('SIGINT', () => stop.abort());
  rl.on('close', () => stop.abort());
  return { ask: (question) => rl.question(question, { signal: stop.signal }), close: () => rl.close() };
}

export async function askAnswers(questions: readonly Question[], itemsInCatalog: number, lang: Lang, io: { readonly ask: Ask; readonly write: (text: string) => void }): Promise<Map<string, JishaAnswer>> {
  const answers = new Map<string, JishaAnswer>();
  const choices = JISHA_ANSWERS.map((a, i) => `${i + 1}) ${answerLabel(a, lang)}`).join('   ');
  io.write(`${M.heading[lang]}\n${fill(M.intro, lang, { count: questions.length, total: itemsInCatalog })}\n`);
  let group: string | undefined;
  for (const [n, { item, suggestion }] of questions.entries()) {
    if (item.group && item.group[lang] !== group) io.write(`\n■ ${(group = item.group[lang])}\n`);
    io.write(`\n[${n + 1}/${questions.length}] No.${item.id} ${item.title[lang]}\n  ${choices}\n`);
    if (suggestion) {
      io.write(`  ${fill(M.suggest, lang, { answer: answerLabel(suggestion.answer, lang) })}\n`);
      for (const line of evidenceLines(suggestion, lang)) io.write(`    ${line}\n`);
    }
    const prompt = suggestion ? fill(M.promptWithSuggestion, lang, { answer: answerLabel(suggestion.answer, lang) }) : M.prompt[lang];
    for (;;) {
      let line: string;
      try {
        line = (await io.ask(prompt)).trim();
      } catch {
        throw new SelfCheckInterrupted('the self-check was interrupted before every item was answered');
      }
      const chosen = line === '' ? suggestion?.answer : /^[1-4]$/.test(line) ? JISHA_ANSWERS[Number(line) - 1] : undefined;
      if (chosen) {
        // Enter leaves the prompt line blank: say what was taken, so the screen shows every answer.
        if (line === '') io.write(`  → ${fill(M.tookSuggestion, lang, { answer: answerLabel(chosen, lang) })}\n`);
        answers.set(item.id, chosen);
        break;
      }
      io.write(`  ${suggestion ? M.invalidWithSuggestion[lang] : M.invalid[lang]}\n`);
    }
  }
  return answers;
}
