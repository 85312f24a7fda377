/**
 * `tenken queue` lists the reports waiting for the collector, with why they wait; `tenken queue flush` sends
 * them now (`--retry-rejected`: rejected ones too, after their cause was fixed). The code is in queue-run.ts,
 * loaded when one of them runs.
 */
import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { OPTION_TEXT, QUEUE_HELP } from '../i18n/help-messages.ts';

export function registerQueue(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  const queue = program
    .command('queue')
    .description(h(QUEUE_HELP.description))
    .addOption(new Option('--format <format>', h(QUEUE_HELP.format)).choices(['text', 'json']).default('text'))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(QUEUE_HELP.after))
    .action(async (opts: { format: 'text' | 'json' }) => (await import('./queue-run.ts')).runList(opts, deps, lang));
  queue
    .command('flush')
    .description(h(QUEUE_HELP.flush))
    .option('--retry-rejected', h(QUEUE_HELP.retryRejected))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(QUEUE_HELP.flushAfter))
    .action(async (opts: { retryRejected?: boolean }) => (await import('./queue-run.ts')).runFlush(opts, deps, lang));
}
