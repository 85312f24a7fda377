/** `tenken probes`: what each probe inspects, where it runs, and the evidence fields a policy can use. */
import { Option, type Command } from 'commander';
import { detectLang, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { PROBES_HELP } from '../i18n/help-messages.ts';

export function registerProbes(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('probes')
    .description(h(PROBES_HELP.description))
    .addOption(new Option('--format <format>', h(PROBES_HELP.format)).choices(['text', 'json']).default('text'))
    .addHelpText('after', h(PROBES_HELP.after))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const [{ evidenceFields }, { platformsOf }, probes] = await Promise.all([import('../policy/evidence-fields.ts'), import('../probe.ts'), deps.loadProbes()]);
      const list = probes.map((p) => ({
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
