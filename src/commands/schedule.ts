/**
 * `tenken schedule install|status|remove`: the scan the OS scheduler runs. The code is in schedule-run.ts,
 * loaded when one of them runs.
 */
import { Option, type Command } from 'commander';
import { durationOption, formatDuration } from '../duration.ts';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import { CALENDAR_INTERVALS } from '../schedule/calendar.ts';
import { MIN_EVERY_SECONDS } from '../schedule/job.ts';
import type { CliDeps } from './deps.ts';
import { OPTION_TEXT, SCHEDULE_HELP } from '../i18n/help-messages.ts';

export interface InstallOptions {
  every: number;
  splay?: number;
  profile?: string;
  send?: boolean;
  lang?: Lang;
}

export interface LangOption {
  lang?: Lang;
}

export function registerSchedule(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  const schedule = program
    .command('schedule')
    .description(h(SCHEDULE_HELP.description))
    .addHelpText('after', h(SCHEDULE_HELP.after));

  schedule
    .command('install')
    .description(h(SCHEDULE_HELP.install))
    .requiredOption('--every <duration>', h(SCHEDULE_HELP.every).replace('{min}', formatDuration(MIN_EVERY_SECONDS)), durationOption(MIN_EVERY_SECONDS, lang))
    .option('--splay <duration>', h(SCHEDULE_HELP.splay), durationOption(1, lang))
    .option('--profile <name>', h(SCHEDULE_HELP.profile))
    .option('--send', h(SCHEDULE_HELP.send))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(SCHEDULE_HELP.installAfter).replace('{intervals}', CALENDAR_INTERVALS))
    .action(async (opts: InstallOptions) => {
      await (await import('./schedule-run.ts')).installScheduledScan(opts, deps);
      throw new ExitWith(EXIT.ok);
    });

  schedule
    .command('status')
    .description(h(SCHEDULE_HELP.status))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(SCHEDULE_HELP.statusAfter))
    .action(async (opts: LangOption) => (await import('./schedule-run.ts')).runStatus(opts, deps));

  schedule
    .command('remove')
    .description(h(SCHEDULE_HELP.remove))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(SCHEDULE_HELP.removeAfter))
    .action(async (opts: LangOption) => {
      await (await import('./schedule-run.ts')).removeScheduledScan(opts, deps);
      throw new ExitWith(EXIT.ok);
    });
}
