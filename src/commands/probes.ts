/** `tenken probes`: what each probe inspects, where it runs, and the evidence fields a policy can use. */
import { Option, type Command } from 'commander';
import { detectLang } from '../i18n/lang.ts';
import { evidenceFields } from '../policy/evidence-fields.ts';
import { platformsOf } from '../probe.ts';
import type { CliDeps } from './deps.ts';

export function registerProbes(program: Command, deps: CliDeps): void {
  program
    .command('probes')
    .description('list the probes, their platforms and their evidence fields')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  tenken probes\n  tenken probes --format json | jq \'.[].id\'')
    .action((opts: { format: 'text' | 'json' }) => {
      const list = deps.probes.map((p) => ({
        id: p.id,
        version: p.version,
        title: p.title,
        platforms: platformsOf(p),
        needsAdmin: p.needsAdmin ?? [],
        evidence: evidenceFields(p),
      }));
      if (opts.format === 'json') {
        deps.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const lang = detectLang(deps.env);
      const lines: string[] = [];
      for (const p of list) {
        lines.push(`${p.id} ${p.version} — ${p.title[lang]}  [${p.platforms.join(', ')}]${p.needsAdmin.length ? `  needs admin on: ${p.needsAdmin.join(', ')}` : ''}`);
        for (const f of p.evidence) {
          const type = `${f.kinds.join('|')}${f.enum ? ` (${f.enum.join(', ')})` : ''}${f.nullable ? ' or null' : ''}`;
          lines.push(`  ${f.path}: ${type}${f.description ? ` — ${f.description}` : ''}`);
        }
        lines.push('');
      }
      deps.stdout(lines.join('\n'));
    });
}
