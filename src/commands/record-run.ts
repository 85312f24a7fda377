/** What `tenken record` does (declared in record.ts). */
import type { Command } from 'commander';
import { checkOutputFile, writeOutputFile } from '../atomic-write.ts';
import { createRecordingHost } from '../host/recording-host.ts';
import { recordingToYaml } from '../host/recording.ts';
import { createLogger } from '../log.ts';
import { AGENT_VERSION } from '../paths.ts';
import { collectIdentity } from '../scan/identity.ts';
import { runProbes } from '../scan/run-probes.ts';
import { fill } from '../fix/text.ts';
import type { Lang } from '../i18n/lang.ts';
import { RECORD_MESSAGES as M } from '../i18n/messages.ts';
import type { ProbeOutcome } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import type { RecordOptions } from './record.ts';

/** How one probe's recording went, in the reader's language. */
function outcomeText(o: ProbeOutcome, lang: Lang): string {
  const text = o.status === 'ok' ? M.probeOk : o.status === 'unsupported' ? M.probeUnsupported : o.status === 'skipped' ? M.probeSkipped : fill(M.probeError, { message: o.message });
  return text[lang];
}

export async function runRecord(program: Command, opts: RecordOptions, deps: CliDeps, lang: Lang): Promise<void> {
  const log = createLogger('error');
  const probes = await deps.loadProbes();
  const unknownIds = (opts.probe ?? []).filter((id) => !probes.some((p) => p.id === id));
  if (unknownIds.length) {
    program.error(fill(M.unknownProbe, { names: unknownIds.map((x) => `"${x}"`).join(', '), known: probes.map((p) => p.id).join(', ') })[lang], { exitCode: 2 });
  }
  const selected = opts.probe ? probes.filter((p) => opts.probe!.includes(p.id)) : probes;
  await checkOutputFile(opts.out);
  const host = createRecordingHost(await deps.createHost());
  deps.stderr(`${fill(M.recording, { count: String(selected.length), platform: host.platform })[lang]}\n`);
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
  await writeOutputFile(opts.out, recordingToYaml(recording, comment));
  for (const o of outcomes) deps.stderr(`  ${o.probe}: ${outcomeText(o, lang)}\n`);
  deps.stderr(`${fill(M.wrote, { count: String(answers), file: opts.out, redaction: opts.redact ? M.redacted : M.notRedacted })[lang]}\n`);
}
