/**
 * A sentence with named parameters, written once in Japanese and once in English. Reasons (why a fact is
 * unknown) and the other messages tenken composes at run time are templates of this kind, so that what is
 * stored stays language-neutral (a code and its parameters) and what is shown is in the reader's language.
 */
import type { Lang } from './lang.ts';

export type ParamValue = string | number | readonly string[];
export type Params = { readonly [name: string]: ParamValue };

export interface Template<P extends Params> {
  readonly ja: (p: P) => string;
  readonly en: (p: P) => string;
}

/** A template; `P` names its parameters, so a use without one of them fails to typecheck. */
export const template = <P extends Params = Record<never, never>>(ja: (p: P) => string, en: (p: P) => string): Template<P> => ({ ja, en });

/** A list inside a sentence: 「A、B」 / "A, B". */
export const list = (items: ParamValue, lang: Lang): string => (Array.isArray(items) ? items.join(lang === 'ja' ? '、' : ', ') : String(items));
