/** Self-check sentences with their {placeholders} filled, and the evidence behind a suggestion, for people. */
import type { Lang } from '../i18n/lang.ts';
import { JISHA_ANSWER_LABEL, STATUS_LABEL, SUPPORT_ROLE_LABEL } from '../i18n/messages.ts';
import type { Localized } from '../report/vocabulary.ts';
import type { DeviceSuggestion } from './suggestions.ts';

export function fill(text: Localized, lang: Lang, values: Readonly<Record<string, string | number>> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** One line per check behind a suggestion: its status, its title, and whether it is the item's main measure. */
export function evidenceLines(s: DeviceSuggestion, lang: Lang): string[] {
  const width = Math.max(...s.checks.map((c) => STATUS_LABEL[c.status][lang].length));
  const role = (c: DeviceSuggestion['checks'][number]) => (lang === 'ja' ? `（${SUPPORT_ROLE_LABEL[c.role].ja}）` : ` (${SUPPORT_ROLE_LABEL[c.role].en})`);
  return s.checks.map((c) => `${STATUS_LABEL[c.status][lang].padEnd(width)}  ${c.title[lang]}${role(c)}`);
}

export const answerLabel = (answer: keyof typeof JISHA_ANSWER_LABEL, lang: Lang): string => JISHA_ANSWER_LABEL[answer][lang];
