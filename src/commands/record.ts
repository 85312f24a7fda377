/** `tenken record`: write down every answer a scan reads from this machine, so that we can replay it. */
import type { Command } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { createRecordingHost } from '../host/recording-host.ts';
import { recordingToYaml } from '../host/recording.ts';
import { createLogger } from '../log.ts';
import { AGENT_VERSION } from '../paths.ts';
import { collectIdentity } from '../scan/identity.ts';
import { runProbes } from '../scan/run-probes.ts';
import type { Localized } from '../report/schema.ts';
import type { Lang } from '../i18n/lang.ts';
import type { CliDeps } from './deps.ts';
import { RECORD_HELP } from '../i18n/help-messages.ts';

interface RecordOptions {
  out: string;
  redact: boolean;
  probe?: string[];
  note?: string;
}

export function registerRecord(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('record')
    .description(h(RECORD_HELP.description))
    .requiredOption('--out <file>', h(RECORD_HELP.out))
    .option('--no-redact', h(RECORD_HELP.noRedact))
    .option('--probe <id...>', h(RECORD_HELP.probe))
    .option('--note <text>', h(RECORD_HELP.note))
    .addHelpText('after', h(RECORD_HELP.after))
    .action(async (opts: RecordOptions) => {
      const log = createLogger('error');
      const unknownIds = (opts.probe ?? []).filter((id) => !deps.probes.some((p) => p.id === id));
      if (unknownIds.length) {
        program.error(`unknown probe ${unknownIds.map((x) => `"${x}"`).join(', ')} (known: ${deps.probes.map((p) => p.id).join(', ')})`, { exitCode: 2 });
      }
      const selected = opts.probe ? deps.probes.filter((p) => opts.probe!.includes(p.id)) : deps.probes;
      const host = createRecordingHost(await deps.createHost());
      deps.stderr(`Recording ${selected.length} probe(s) on this ${host.platform} machine…\n`);
      const [outcomes] = await Promise.all([runProbes(selected, host, log), opts.probe ? undefined : collectIdentity(host.section('identity'))]);
      const recording = host.recording({
        source: `recorded by tenken ${AGENT_VERSION} with \`tenken record\`${opts.note ? `: ${opts.note}` : ''}`,
        redact: opts.redact,
      });
      const answers = Object.values(recording.sections).reduce((n, list) => n + list.length, 0);
      const comment = [
        `tenken recording of a ${recording.platform} machine, ${recording.recordedAt}${opts.note ? ` — ${opts.note}` : ''}`,
        opts.redact ? 'Identifying values (host name, user names, SSIDs, serials, MAC addresses) are replaced by placeholders.' : 'NOT redacted: contains host name, user names, SSIDs, serials and MAC addresses.',
        `Replay: tenken scan --replay ${opts.out}`,
      ].join('\n');
      await writeFileAtomic(opts.out, recordingToYaml(recording, comment));
      for (const o of outcomes) deps.stderr(`  ${o.probe}: ${o.status}${o.status === 'error' ? ` (${o.message})` : ''}\n`);
      deps.stderr(`Wrote ${answers} answers to ${opts.out}${opts.redact ? ' (redacted)' : ' (NOT redacted)'}.\n`);
    });
}
