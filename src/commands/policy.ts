/** `tenken policy validate`: check a policy file and print every mistake with its file and line. */
import type { Command } from 'commander';
import { loadPolicy } from '../policy/load.ts';
import type { CliDeps } from './deps.ts';

export function registerPolicy(program: Command, deps: CliDeps): void {
  const policy = program.command('policy').description('work with policy files');
  policy
    .command('validate')
    .description('check a policy: YAML, schema, probes, evidence paths, parameters, catalog items, profiles')
    .argument('<file>', 'policy YAML file')
    .addHelpText('after', '\nExamples:\n  tenken policy validate policies/baseline.yaml\n  tenken policy validate our-policy.yaml   (exit 2 and file:line: message for each mistake)')
    .action(async (file: string) => {
      const loaded = await loadPolicy(file, deps.probes);
      const p = loaded.policy;
      deps.stdout(
        `${file}: OK — policy ${p.id} v${p.version}, ${p.checks.length} checks, profiles: ${Object.keys(p.profiles).join(', ')} (default ${p.defaultProfile}), catalogs: ${p.catalogs.join(', ') || 'none'}\n`,
      );
    });
}
