/**
 * `tenken selfcheck`: IPA's 「5分でできる！情報セキュリティ自社診断」 at the terminal. The baseline scan of this
 * machine (or a replayed one) suggests answers for the items a device can evidence; the person answers all 25,
 * or an administrator gives them in a file (--answers). The result — total out of 100, IPA's band and next
 * step, advice per item — is printed or written as JSON, and saved so that `tenken scan --attach-selfcheck`
 * can carry it in a report. The score is information: a completed run exits 0 whatever it is. The code is in
 * selfcheck-run.ts, loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { OPTION_TEXT, SELFCHECK_HELP } from '../i18n/help-messages.ts';

export interface SelfCheckOptions {
  answers?: string;
  format: 'text' | 'json';
  out?: string;
  /** A file, false for --no-save, undefined for the default state file. */
  save?: string | false;
  policy?: string;
  replay?: string;
  lang?: Lang;
  color: boolean;
  verbose?: boolean;
}

export function registerSelfCheck(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('selfcheck')
    .description(h(SELFCHECK_HELP.description))
    .option('--answers <file>', h(SELFCHECK_HELP.answers))
    .addOption(new Option('--format <format>', h(SELFCHECK_HELP.format)).choices(['text', 'json']).default('text'))
    .option('--out <file>', h(OPTION_TEXT.out))
    .option('--save <file>', h(SELFCHECK_HELP.save))
    .option('--no-save', h(SELFCHECK_HELP.noSave))
    .option('--policy <file>', h(SELFCHECK_HELP.policy))
    .option('--replay <recording>', h(SELFCHECK_HELP.replay))
    .addOption(new Option('--lang <lang>', h(SELFCHECK_HELP.lang)).choices(LANGS))
    .option('--no-color', h(OPTION_TEXT.noColor))
    .option('-v, --verbose', h(OPTION_TEXT.verbose))
    .addHelpText('after', h(SELFCHECK_HELP.after))
    .action(async (opts: SelfCheckOptions) => (await import('./selfcheck-run.ts')).runSelfCheck(opts, deps));
}
