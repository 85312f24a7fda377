/** The two languages tenken speaks, and how it picks one when --lang is not given. */
import type { Localized } from '../report/schema.ts';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** POSIX locale variables in their order of precedence, then the runtime's locale (Windows, macOS). */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'] as const) {
    const v = env[name];
    if (v && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.')) return v.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }
  // The runtime's default locale as any Intl service resolves it; PluralRules because it loads almost nothing,
  // where Intl.DateTimeFormat() loads the calendar and time-zone data first (about 12 ms of every scheduled scan).
  return new Intl.PluralRules().resolvedOptions().locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export const pick = (text: Localized, lang: Lang): string => text[lang];
