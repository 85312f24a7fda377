/**
 * `tenken agent --every 24h`: the scheduled job in the foreground, for containers and servers without a
 * scheduler of their own. Scan, queue, send; then sleep until the next scan (splayed), flushing the queue
 * when a retry falls due in between. SIGTERM and SIGINT end it after the current step; logs go to stderr.
 * The code is in agent-run.ts, loaded when the command runs.
 */
import type { Command } from 'commander';
import { durationOption } from '../duration.ts';
import type { Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { AGENT_HELP, OPTION_TEXT } from '../i18n/help-messages.ts';

export interface AgentOptions {
  every: number;
  splay?: number;
  profile?: string;
  policy?: string;
}

export function registerAgent(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('agent')
    .description(h(AGENT_HELP.description))
    .requiredOption('--every <every>', h(AGENT_HELP.every), durationOption(60, lang))
    .option('--splay <max>', h(AGENT_HELP.splay), durationOption(1, lang))
    .option('--profile <name>', h(AGENT_HELP.profile))
    .option('--policy <file>', h(OPTION_TEXT.policy))
    .addHelpText('after', h(AGENT_HELP.after))
    .action(async (opts: AgentOptions) => (await import('./agent-run.ts')).runAgent(opts, deps));
}
