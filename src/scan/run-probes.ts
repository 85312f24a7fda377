/**
 * Runs probes concurrently, each under its time budget, and turns every way a probe can end into a named
 * outcome: ok (evidence validated by its schema on the way out), unsupported, skipped (needs admin) or
 * error (crashed or timed out). A scan always finishes.
 */
import type { Logger } from '../log.ts';
import type { Host } from '../host/host.ts';
import { POWERSHELL_TIMEOUT_MS } from '../powershell.ts';
import type { Probe, ProbeContext } from '../probe.ts';
import type { ProbeOutcome } from '../report/schema.ts';
import { PARSE_ONCE } from '../parse-once.ts';

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;

/**
 * Every Windows collector runs powershell.exe, and screen-lock runs two in series (the console user, then its
 * script): its budget must hold two PowerShell timeouts and a margin, or a slow start would end the probe before
 * PowerShell's own, clearer timeout could say what was slow.
 */
export const WINDOWS_PROBE_TIMEOUT_MS = 2 * POWERSHELL_TIMEOUT_MS + 5_000;

/** The probe's own budget, raised on Windows to what two powershell.exe runs in series may take. */
export function probeBudgetMs(probe: Pick<Probe, 'timeoutMs'>, platform: Host['platform']): number {
  const own = probe.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  return platform === 'win32' ? Math.max(own, WINDOWS_PROBE_TIMEOUT_MS) : own;
}

/** A command as `-v` shows it: a long argument (a PowerShell script, -EncodedCommand) by its start and length. */
export function shownCommand(file: string, args: readonly string[]): string {
  return [file, ...args.map((a) => (a.length > 80 ? `${a.slice(0, 32)}…(${a.length} characters)` : a))].join(' ');
}

function contextFor(probe: Probe, host: Host, log: Logger, signal: AbortSignal): ProbeContext {
  const h = host.section(probe.id);
  const probeLog = log.child({ probe: probe.id });
  return {
    platform: h.platform,
    isAdmin: h.isAdmin,
    log: probeLog,
    signal,
    now: () => h.now(),
    utcOffsetMinutes: () => h.utcOffsetMinutes(),
    // Each command with its answer and duration at debug level (-v). Logged once it ends, never awaited before it
    // starts: the longest command starts in the caller's turn.
    run: (file, args, options = {}) => {
      const started = performance.now();
      const running = h.run(file, args, { ...options, signal });
      const line = () => ({ command: shownCommand(file, args), ...(options.asConsoleUser ? { asConsoleUser: true } : {}), ms: Math.round(performance.now() - started) });
      running.then(
        (r) => probeLog.debug({ ...line(), exitCode: r.exitCode }, 'command ran'),
        (e: unknown) => probeLog.debug({ ...line(), error: (e as Error).name }, 'command did not run'),
      );
      return running;
    },
    readFile: (path, options) => h.readFile(path, options),
    listDir: (path) => h.listDir(path),
    stat: (path) => h.stat(path),
    si: (call) => h.si(call),
    consoleUser: () => h.consoleUser(),
    identifying: (kind, value) => h.identifying(kind, value),
  };
}

export async function runProbe(probe: Probe, host: Host, log: Logger): Promise<ProbeOutcome> {
  const started = performance.now();
  const base = { probe: probe.id, version: probe.version };
  const elapsed = () => Math.round(performance.now() - started);
  const collect = probe.collect[host.platform];
  if (!collect) return { ...base, status: 'unsupported', reason: `no ${host.platform} collector`, durationMs: 0 };
  if (probe.needsAdmin?.includes(host.platform) && !host.isAdmin) {
    return { ...base, status: 'skipped', reason: 'needs-admin', durationMs: 0 };
  }
  const budget = probeBudgetMs(probe, host.platform);
  // One signal for the whole budget: it cancels running commands and ends a collector that never returns.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${budget} ms`)), budget);
  const ctx = contextFor(probe, host, log, controller.signal);
  const timedOut = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
  });
  try {
    const raw = await Promise.race([collect(ctx), timedOut]);
    const parsed = probe.evidence.safeParse(raw, PARSE_ONCE);
    if (!parsed.success) {
      // A collector bug, not a machine state: fail loudly so the golden tests catch it.
      const first = parsed.error.issues[0];
      const message = `evidence does not match the ${probe.id} schema: ${first?.path.join('.') || '(root)'}: ${first?.message}`;
      ctx.log.error({ issues: parsed.error.issues }, message);
      return { ...base, status: 'error', message, timedOut: false, durationMs: elapsed() };
    }
    return { ...base, status: 'ok', evidence: parsed.data as Record<string, unknown>, durationMs: elapsed() };
  } catch (error) {
    const isTimeout = controller.signal.aborted;
    ctx.log.warn({ err: error }, 'probe failed');
    return { ...base, status: 'error', message: (error as Error).message, timedOut: isTimeout, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * All probes at once, started in descending order of their time budget (os-updates' package query first, then
 * antivirus' systemctl list-unit-files): starting a process holds the event loop for a few milliseconds (far more
 * on a loaded machine), and a scan lasts as long as its slowest chain. Outcomes come back in the probes' order.
 */
/** How many of a scan's probes have finished, of how many (0 when they start): for a progress line. */
export type ProbeProgress = (done: number, total: number) => void;

export async function runProbes(probes: readonly Probe[], host: Host, log: Logger, progress?: ProbeProgress): Promise<ProbeOutcome[]> {
  const byBudget = [...probes].sort((a, b) => probeBudgetMs(b, host.platform) - probeBudgetMs(a, host.platform));
  let done = 0;
  const running = new Map(
    byBudget.map((probe) => [
      probe,
      runProbe(probe, host, log).then((outcome) => {
        log.debug({ probe: probe.id, status: outcome.status, ms: outcome.durationMs }, 'probe finished');
        progress?.(++done, probes.length);
        return outcome;
      }),
    ]),
  );
  progress?.(0, probes.length);
  return Promise.all(probes.map((probe) => running.get(probe)!));
}
