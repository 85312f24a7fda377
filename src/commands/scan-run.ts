/** What `tenken scan` and `tenken check` do (declared in scan.ts), and the scan session `fix`, `selfcheck` and `agent` share. */
import { checkOutputFile, writeOutputFile } from '../atomic-write.ts';
import { exitCodeForResult, ExitWith } from '../exit-codes.ts';
import { NotRecordedError } from '../host/errors.ts';
import type { Host } from '../host/host.ts';
import type { ReplayHost } from '../host/replay-host.ts';
import { fill } from '../fix/text.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { timeZoneFromEnv } from '../i18n/local-time.ts';
import type { Logger } from '../log.ts';
import { createLogger } from '../log.ts';
import { loadBundledPolicy } from '../policy/bundled.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import type { Report } from '../report/schema.ts';
import type { ProbeProgress } from '../scan/run-probes.ts';
import { scan, UnknownProfileError } from '../scan/scan.ts';
import { InvalidInputError } from '../source-errors.ts';
import type { CliDeps } from './deps.ts';
import type { ScanOptions } from './scan.ts';

/** A machine (live or replayed) and a policy, ready to scan; `tenken fix` scans it twice. */
export interface ScanSession {
  readonly host: Host;
  readonly replayHost: ReplayHost | undefined;
  readonly policy: LoadedPolicy;
  readonly profile: string;
  readonly log: Logger;
  /** `progress`: called as the probes finish, for a progress line on a terminal. */
  scanOnce(progress?: ProbeProgress): Promise<Report>;
}

export async function openScanSession(opts: Pick<ScanOptions, 'profile' | 'policy' | 'replay' | 'verbose'>, deps: CliDeps): Promise<ScanSession> {
  // Probe failures are in the report itself; their log lines (with stack traces) are for -v.
  const log = createLogger(opts.verbose ? 'debug' : 'error');
  // The recording's YAML parser and the replay host load for a replay only, the live host for a live scan only.
  const recording = opts.replay ? await (await import('../host/recording.ts')).loadRecording(opts.replay) : undefined;
  const replayHost = recording ? (await import('../host/replay-host.ts')).createReplayHost(recording) : undefined;
  const loadingProbes = deps.loadProbes();
  // The bundled policy's files are read while the probes' modules load: both come before a scan's first command.
  const [host, probes, policy] = await Promise.all([
    replayHost ?? deps.createHost(),
    loadingProbes,
    opts.policy ? loadingProbes.then(async (p) => (await import('../policy/load.ts')).loadPolicy(opts.policy!, p)) : loadBundledPolicy(loadingProbes),
  ]);
  const profile = opts.profile ?? policy.policy.defaultProfile;
  const scanOnce = (progress?: ProbeProgress) =>
    scan({
      host,
      probes,
      policy,
      profile,
      log,
      progress,
      replay: recording && opts.replay ? { source: recording.source, recordedAt: recording.recordedAt } : undefined,
      ...(deps.reportId ? { reportId: deps.reportId } : {}),
    }).catch((e: unknown) => {
      // Probes turn a missing answer into their own `error`; the device identity cannot go without one.
      if (e instanceof NotRecordedError && opts.replay) {
        throw new InvalidInputError([{ file: opts.replay, line: 0, column: 0, message: `${e.message}; a recording made with \`tenken record --probe\` holds one probe only — record the whole machine to replay a scan` }]);
      }
      throw e;
    });
  return { host, replayHost, policy, profile, log, scanOnce };
}

/**
 * A scan that, on a terminal, says how far its probes are on a line of standard error (a Windows scan waits seconds on
 * PowerShell with nothing on the screen otherwise), erased before anything else is printed; a scheduled or piped
 * scan writes none into its log.
 */
export async function scanShowingProgress(scanOnce: ScanSession['scanOnce'], deps: CliDeps, lang: Lang): Promise<Report> {
  if (!deps.stderrIsTTY) return scanOnce();
  try {
    return await scanOnce((done, total) => deps.stderr(`\r${fill(MESSAGES.scanning, { done: String(done), total: String(total) })[lang]}`));
  } finally {
    deps.stderr('\r\x1b[K');
  }
}

/** The self-check `scan --attach-selfcheck [file]` carries: the file given, or this machine's saved one. */
async function attachedSelfCheck(file: string | true, host: Host, deps: CliDeps) {
  const { defaultStatePath, loadSelfCheckFile } = await import('../selfcheck/state-file.ts');
  return loadSelfCheckFile(file === true ? defaultStatePath(host, deps.env) : file);
}

export async function runScan(opts: ScanOptions & { gate?: boolean }, deps: CliDeps): Promise<never> {
  // A path that cannot be written is said before the scan, not after it.
  if (opts.out) await checkOutputFile(opts.out);
  const { host, replayHost, policy, profile, log, scanOnce } = await openScanSession(opts, deps);
  if (opts.gate && policy.policy.profiles[profile] && !policy.policy.profiles[profile].gate) {
    const gates = Object.entries(policy.policy.profiles).filter(([, p]) => p.gate).map(([name]) => name);
    throw new UnknownProfileError(`profile "${profile}" makes no go / no-go decision (gate profiles: ${gates.join(', ') || 'none'}); use tenken scan --profile ${profile}`);
  }
  const lang = opts.lang ?? detectLang(deps.env);
  // Lazily: only scans that send or keep their report load the transport code.
  const delivery = opts.send || opts.scheduled !== undefined || opts.splay !== undefined ? await (await import('./send-report.ts')).prepareDelivery(opts, replayHost ? await deps.createHost() : host, deps, lang) : undefined;
  // Read before the scan, so that a missing or invalid file fails at once; the default file is this machine's.
  const selfCheck = opts.attachSelfcheck === undefined ? undefined : await attachedSelfCheck(opts.attachSelfcheck, replayHost ? await deps.createHost() : host, deps);
  const scanned = await scanShowingProgress(scanOnce, deps, lang);
  const report: Report = selfCheck ? { ...scanned, selfCheck } : scanned;
  const unused = replayHost?.unused() ?? [];
  if (unused.length) log.warn({ unused }, 'the recording holds answers this scan did not ask for (another profile or tenken version?)');
  const scanCode = exitCodeForResult(report.summary.result);
  const color = opts.color && !opts.out && deps.isTTY && !deps.env.NO_COLOR;
  const json = () => `${JSON.stringify(report, null, 2)}\n`;
  // The renderers load with their output (a scan's first commands start before them).
  const output =
    opts.format === 'json'
      ? json()
      : opts.format === 'ocsf'
        ? (await import('../report/ocsf.ts')).toOcsfNdjson(report, { lang, catalogs: policy.catalogs })
        : (await import('../report/render-text.ts')).renderText(report, { lang, color, policy, exitCode: scanCode, timeZone: timeZoneFromEnv(deps.env) });
  // Written before the report is sent or kept, so that nothing the delivery meets (a damaged state file, a full
  // disk, a bug) can lose it.
  if (opts.out) await writeOutputFile(opts.out, output);
  else deps.stdout(output);
  if (!delivery) throw new ExitWith(scanCode);
  const { code, forceJson } = await delivery.afterScan(report, scanCode);
  // Neither sent nor queued, and written as text or OCSF: the whole JSON report follows on standard output.
  if (forceJson && opts.format !== 'json') deps.stdout(json());
  throw new ExitWith(code);
}
