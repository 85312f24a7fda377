/**
 * `tenken fix`: scan, then offer one by one — only with the person's consent, or the ids named with --yes —
 * the remediations the OS allows for the checks that did not pass; show each command before it runs, report
 * each outcome in plain words, and scan again to show before → after. Ends with the rescan's exit code. The
 * code is in fix-run.ts, loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import { ACTION_IDS } from '../fix/action-ids.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { FIX_HELP, OPTION_TEXT } from '../i18n/help-messages.ts';

export interface FixOptions {
  profile?: string;
  policy?: string;
  replay?: string;
  lang?: Lang;
  yes?: string[];
  folder?: string[];
  clamavDatabase?: string;
  verbose?: boolean;
}

export function registerFix(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('fix')
    .description(h(FIX_HELP.description))
    .option('--profile <name>', h(OPTION_TEXT.profile))
    .option('--policy <file>', h(OPTION_TEXT.policy))
    .option('--replay <recording>', h(FIX_HELP.replay))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .option('--yes <action...>', h(FIX_HELP.yes).replace('{ids}', ACTION_IDS.join(', ')))
    .option('--folder <dir...>', h(FIX_HELP.folder))
    .option('--clamav-database <dir>', h(FIX_HELP.clamavDatabase))
    .option('-v, --verbose', h(OPTION_TEXT.verbose))
    .addHelpText('after', h(FIX_HELP.after))
    .action(async (opts: FixOptions) => (await import('./fix-run.ts')).runFix(opts, deps));
}
