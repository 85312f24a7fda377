/**
 * `tenken install` and `tenken uninstall`: the one entry point every installer calls (the MSI's custom
 * actions, macOS install.sh, a Linux package's instructions), and what an administrator types by hand.
 * Install = the deployed agent.json written (collector, enroll secret, the CA to pin), enrollment tried now
 * with a short timeout, and the scheduled scan registered. An unreachable collector is not a failure: the
 * scheduled `scan --send` enrolls from agent.json when it runs (src/transport/deliver.ts). Empty values keep
 * what is configured, so an upgrade that passes no properties changes nothing. The commands' code is in
 * install-run.ts, loaded when one of them runs.
 */
import { Option, type Command } from 'commander';
import { durationOption } from '../duration.ts';
import { INSTALL_HELP as H, OPTION_TEXT } from '../i18n/help-messages.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import { MIN_EVERY_SECONDS } from '../schedule/job.ts';
import type { CliDeps } from './deps.ts';
import type { InstallOptions, UninstallOptions } from './install-run.ts';

const DEFAULT_EVERY = '24h';

export function registerInstall(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('install')
    .description(h(H.description))
    .option('--collector <url>', h(H.collector))
    .option('--secret <secret>', h(H.secret))
    .option('--ca-file <pem>', h(H.caFile))
    .option('--ca-fingerprint <fp>', h(H.caFingerprint))
    .option('--every <duration>', h(H.every).replace('{default}', DEFAULT_EVERY), durationOption(MIN_EVERY_SECONDS, lang), durationOption(MIN_EVERY_SECONDS, lang)(DEFAULT_EVERY))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(H.after))
    .action(async (opts: InstallOptions) => (await import('./install-run.ts')).runInstall(opts, deps));

  program
    .command('uninstall')
    .description(h(H.uninstall))
    .option('--purge', h(H.purge))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(H.uninstallAfter))
    .action(async (opts: UninstallOptions) => (await import('./install-run.ts')).runUninstall(opts, deps));
}

