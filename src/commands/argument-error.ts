/**
 * A value an option's parser refuses, said in the language of help (--lang, else the locale): commander prints it
 * after its own "option '…' argument '…' is invalid." (translated in cli.ts) and exits 2.
 */
import { InvalidArgumentError } from 'commander';
import { fill } from '../fix/text.ts';
import type { Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';

export const argumentError = (lang: Lang, text: Localized, vars: Readonly<Record<string, string>>): InvalidArgumentError => new InvalidArgumentError(fill(text, vars)[lang]);
