/** Small shared pieces of `tenken fix`: message templates and what one step of an action gave. */
import type { CommandResult } from '../host/host.ts';
import type { Localized } from '../report/schema.ts';
import type { Step } from './actions.ts';

/** Fills `{name}` placeholders of a message in both languages; a Localized value fills each language with its own text. */
export function fill(text: Localized, vars: Readonly<Record<string, string | Localized>>): Localized {
  const sub = (s: string, lang: keyof Localized) =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => {
      const v = vars[k];
      return v === undefined ? m : typeof v === 'string' ? v : v[lang];
    });
  return { ja: sub(text.ja, 'ja'), en: sub(text.en, 'en') };
}

/** A step that ran (its result) or could not (a named failure from the Host). */
export interface StepResult {
  readonly step: Step;
  readonly result?: CommandResult;
  readonly error?: 'not-found' | 'timed-out' | 'failed';
  readonly message?: string;
}
