/**
 * A recording: every answer a scan read from one machine, grouped by section (a probe id, 'identity',
 * 'console-user'). `tenken record` writes it; `tenken scan --replay` and the probe tests answer from it.
 */
import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import { z } from 'zod';
import { loadYamlFile } from '../yaml-source.ts';
import { powershellArgs, scriptOf } from '../powershell.ts';
import { PLATFORMS, SI_CALLS } from './host.ts';

const RunAnswer = z.union([
  z.strictObject({
    run: z.array(z.string()).min(1).describe('program and arguments, exactly as the probe passes them'),
    asConsoleUser: z.literal(true).optional(),
    exitCode: z.int().default(0),
    stdout: z.string().default(''),
    stderr: z.string().default(''),
  }),
  z.strictObject({
    run: z.array(z.string()).min(1),
    asConsoleUser: z.literal(true).optional(),
    error: z.enum(['not-found', 'timed-out', 'failed']).describe('the command could not run or did not finish'),
    message: z.string().optional(),
  }),
]);

const FsError = z.enum(['missing', 'denied']);
const ReadAnswer = z.union([
  z.strictObject({ read: z.string(), maxBytes: z.int().positive().optional(), text: z.string() }),
  z.strictObject({ read: z.string(), maxBytes: z.int().positive().optional(), error: FsError }),
]);
const ListAnswer = z.union([
  z.strictObject({ list: z.string(), entries: z.array(z.string()) }),
  z.strictObject({ list: z.string(), error: FsError }),
]);
const StatAnswer = z.union([
  z.strictObject({ stat: z.string(), type: z.enum(['file', 'directory', 'other']), size: z.int().nonnegative(), mtime: z.iso.datetime() }),
  z.strictObject({ stat: z.string(), error: FsError }),
]);
const SiAnswer = z.strictObject({ si: z.enum(SI_CALLS), result: z.unknown() });

/**
 * A Windows PowerShell script run by src/powershell.ts, written as its readable script body; it stands for
 * `run: [powershell.exe, -NoProfile, …, -EncodedCommand, <base64 of the wrapped script>]`.
 */
const PowerShellAnswer = z.union([
  z.strictObject({ powershell: z.string().min(1), exitCode: z.int().default(0), stdout: z.string().default(''), stderr: z.string().default('') }),
  z.strictObject({ powershell: z.string().min(1), error: z.enum(['not-found', 'timed-out', 'failed']), message: z.string().optional() }),
]);

export const Answer = z.union([RunAnswer, ReadAnswer, ListAnswer, StatAnswer, SiAnswer, PowerShellAnswer]).transform((a) => {
  if (!('powershell' in a)) return a;
  const { powershell, ...rest } = a;
  return { run: ['powershell.exe', ...powershellArgs(powershell)], ...rest } as z.output<typeof RunAnswer>;
});
export type Answer = z.infer<typeof Answer>;

export const Recording = z.strictObject({
  tenkenRecording: z.literal(1),
  /** Where the answers came from: "recorded by tenken 0.1.0", or the published outputs it was assembled from. */
  source: z.string().min(1),
  platform: z.enum(PLATFORMS),
  isAdmin: z.boolean(),
  /** The machine's clock during the recording; a replay's now(). */
  recordedAt: z.iso.datetime(),
  /**
   * The clock's UTC offset then, in minutes east: a replay's utcOffsetMinutes(). Recordings made before tenken read
   * it from JavaScript hold a `date +%z` answer in their os-updates section instead, which a replay answers from.
   */
  utcOffsetMinutes: z.int().min(-16 * 60).max(16 * 60).optional(),
  redacted: z.boolean().default(false),
  sections: z.record(z.string(), z.array(Answer)),
});
export type Recording = z.infer<typeof Recording>;
export type RecordingInput = z.input<typeof Recording>;

export async function loadRecording(file: string): Promise<Recording> {
  return (await loadYamlFile(file, Recording, 'recording')).value;
}

/** YAML with block scalars, so recorded output stays verbatim and reviewable in a diff; defaults left out. */
export function recordingToYaml(recording: Recording, comment: string): string {
  const sections = Object.fromEntries(
    Object.entries(recording.sections).map(([name, answers]) => [
      name,
      answers.map((a) => {
        // A PowerShell run is written as its script, which a person can read; loading turns it back.
        const script = 'run' in a ? scriptOf(a.run[0]!, a.run.slice(1)) : undefined;
        const readable = script !== undefined && 'run' in a ? (({ run: _run, ...rest }) => ({ powershell: script, ...rest }))(a) : a;
        return Object.fromEntries(Object.entries(readable).filter(([k, v]) => !((k === 'stdout' || k === 'stderr') && v === '') && !(k === 'exitCode' && v === 0)));
      }),
    ]),
  );
  const doc = new Document({ ...recording, sections }, { aliasDuplicateObjects: false });
  // `run: [lsblk, --json, …]` on one line reads like the command it is.
  visit(doc, { Pair: (_, pair) => void (isPair(pair) && isScalar(pair.key) && pair.key.value === 'run' && isSeq(pair.value) && (pair.value.flow = true)) });
  doc.commentBefore = comment
    .split('\n')
    .map((line) => ` ${line}`.trimEnd())
    .join('\n');
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** `date +%z` → minutes east of UTC ("+0900" → 540); null when it is not a ±hhmm offset. */
export function parseUtcOffset(stdout: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(stdout.trim());
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** A short human description of an answer, for "unused recording" messages. */
export function describeAnswer(answer: Answer): string {
  if ('run' in answer) {
    const script = scriptOf(answer.run[0]!, answer.run.slice(1));
    if (script !== undefined) return `PowerShell script ${JSON.stringify(script.trim().split('\n')[0]!.slice(0, 80))}…`;
    return `run ${answer.run.join(' ')}${answer.asConsoleUser ? ' (as console user)' : ''}`;
  }
  if ('read' in answer) return `read ${answer.read}${answer.maxBytes ? ` (${answer.maxBytes} bytes)` : ''}`;
  if ('list' in answer) return `list ${answer.list}`;
  if ('stat' in answer) return `stat ${answer.stat}`;
  return `systeminformation.${answer.si}()`;
}
