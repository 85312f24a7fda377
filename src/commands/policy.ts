/** `tenken policy validate`: check a policy file and print every mistake with its file and line. */
import { Option, type Command } from 'commander';
import type { Localized } from '../report/schema.ts';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { CliDeps } from './deps.ts';
import { fill } from '../fix/text.ts';
import { OPTION_TEXT, POLICY_HELP } from '../i18n/help-messages.ts';

export function registerPolicy(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  const policy = program.command('policy').description(h(POLICY_HELP.description));
  policy
    .command('validate')
    .description(h(POLICY_HELP.validate))
    .argument('<file>', h(POLICY_HELP.file))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(POLICY_HELP.after))
    .action(async (file: string) => {
      const [{ loadPolicy }, probes] = await Promise.all([import('../policy/load.ts'), deps.loadProbes()]);
      const loaded = await loadPolicy(file, probes);
      const p = loaded.policy;
      const said = fill(POLICY_HELP.valid, {
        file,
        id: p.id,
        version: String(p.version),
        checks: String(p.checks.length),
        profiles: Object.keys(p.profiles).join(', '),
        defaultProfile: p.defaultProfile,
        catalogs: p.catalogs.join(', ') || POLICY_HELP.noCatalogs[lang],
      });
      deps.stdout(`${said[lang]}\n`);
    });
}
