/**
 * `tenken record`: write down every answer a scan reads from this machine, so that we can replay it. The code
 * is in record-run.ts, loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import type { Localized } from '../report/schema.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { CliDeps } from './deps.ts';
import { OPTION_TEXT, RECORD_HELP } from '../i18n/help-messages.ts';

export interface RecordOptions {
  out: string;
  redact: boolean;
  probe?: string[];
  note?: string;
}

export function registerRecord(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('record')
    .description(h(RECORD_HELP.description))
    .requiredOption('--out <file>', h(RECORD_HELP.out))
    .option('--no-redact', h(RECORD_HELP.noRedact))
    .option('--probe <id...>', h(RECORD_HELP.probe))
    .option('--note <text>', h(RECORD_HELP.note))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(RECORD_HELP.after))
    .action(async (opts: RecordOptions) => (await import('./record-run.ts')).runRecord(program, opts, deps, lang));
}
