/** `tenken probes`: what each probe inspects, where it runs, and the evidence fields a policy can use. */
import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../i18n/lang.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { OPTION_TEXT, PROBES_HELP } from '../i18n/help-messages.ts';

/** `lang` is --lang wherever it stands on the command line, else the locale (src/cli.ts, helpLang). */
export function registerProbes(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('probes')
    .description(h(PROBES_HELP.description))
    .addOption(new Option('--format <format>', h(PROBES_HELP.format)).choices(['text', 'json']).default('text'))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
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
      // The English descriptions are the schemas' own; the Japanese ones load only for a Japanese listing.
      const [{ fill }, { list: join }, japanese] = await Promise.all([
        import('../fix/text.ts'),
        import('../i18n/message.ts'),
        lang === 'ja' ? import('../../probes/evidence-ja.ts').then((m) => m.EVIDENCE_JA) : undefined,
      ]);
      const lines: string[] = [];
      for (const p of list) {
        const admin = p.needsAdmin.length ? `  ${h(fill(PROBES_HELP.needsAdmin, { platforms: join(p.needsAdmin, lang) }))}` : '';
        lines.push(`${p.id} ${p.version} — ${p.title[lang]}  [${p.platforms.join(', ')}]${admin}`);
        for (const f of p.evidence) {
          const values = f.enum ? fill(PROBES_HELP.values, { values: join(f.enum.map(String), lang) }) : '';
          const type = h(fill(PROBES_HELP.type, { kinds: f.kinds.join('|'), values, orNull: f.nullable ? PROBES_HELP.orNull : '' }));
          const description = japanese ? japanese[p.id]?.[f.path] : f.description;
          lines.push(`  ${f.path}: ${type}${description ? ` — ${description}` : ''}`);
        }
        lines.push('');
      }
      deps.stdout(lines.join('\n'));
    });
}
