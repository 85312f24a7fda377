/**
 * `tenken scan`: inspect this machine (or replay a recording), judge it with a policy, print or write the
 * report. `tenken check <profile>` runs the same with a gate profile and ends with its decision. The code
 * is in scan-run.ts, loaded when one of them runs.
 */
import { Option, type Command } from 'commander';
import { durationOption } from '../duration.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import type { DeliveryOptions } from './send-report.ts';
import { CHECK_HELP, OPTION_TEXT, SCAN_HELP } from '../i18n/help-messages.ts';

export interface ScanOptions extends DeliveryOptions {
  format: 'text' | 'json' | 'ocsf';
  out?: string;
  profile?: string;
  policy?: string;
  replay?: string;
  lang?: Lang;
  color: boolean;
  verbose?: boolean;
  /** `scan --attach-selfcheck [file]`: true for the saved self-check. */
  attachSelfcheck?: string | true;
}

export function registerScan(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  addScanOptions(program.command('scan').description(h(SCAN_HELP.description)), lang)
    .option('--profile <name>', h(OPTION_TEXT.profile))
    .option('--attach-selfcheck [file]', h(SCAN_HELP.attachSelfcheck))
    .addHelpText('after', h(SCAN_HELP.after))
    .action(async (opts: ScanOptions) => (await import('./scan-run.ts')).runScan(opts, deps));
}

export function registerCheck(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  addScanOptions(
    program
      .command('check')
      .description(h(CHECK_HELP.description))
      .argument('<profile>', h(CHECK_HELP.profile)),
    lang,
  )
    .addHelpText('after', h(CHECK_HELP.after))
    .action(async (profile: string, opts: ScanOptions) => (await import('./scan-run.ts')).runScan({ ...opts, profile, gate: true }, deps));
}

/** The options `scan` and `check` share. */
export function addScanOptions(command: Command, lang: Lang): Command {
  const h = (t: Localized) => t[lang];
  return command
    .addOption(new Option('--format <format>', h(SCAN_HELP.format)).choices(['text', 'json', 'ocsf']).default('text'))
    .option('--out <file>', h(OPTION_TEXT.out))
    .option('--policy <file>', h(OPTION_TEXT.policy))
    .option('--replay <recording>', h(SCAN_HELP.replay))
    .addOption(new Option('--lang <lang>', h(SCAN_HELP.lang)).choices(LANGS))
    .option('--no-color', h(OPTION_TEXT.noColor))
    .option('-v, --verbose', h(OPTION_TEXT.verbose))
    .option('--send', h(SCAN_HELP.send))
    .option('--scheduled <every>', h(SCAN_HELP.scheduled), durationOption(60, lang))
    .option('--splay <max>', h(SCAN_HELP.splay), durationOption(1, lang));
}
