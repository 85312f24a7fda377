/**
 * macOS: a LaunchDaemon in /Library/LaunchDaemons, run by launchd as root. launchd has no randomized delay,
 * so the scan sleeps a random part of the splay (`--splay`) itself. An interval the calendar can express
 * becomes StartCalendarInterval, whose firings a sleeping Mac missed are coalesced into one run on wake
 * (launchd.plist(5)): the catch-up a laptop asleep at scan time needs. StartInterval firings during sleep are
 * simply missed ("due to shortcomings in kqueue(3)", the same page), so it is left for the intervals the
 * calendar cannot express (like systemd's monotonic timer).
 */
import { AGENT_NODE_FLAGS } from '../node-flags.ts';
import { buildPlist } from '../plist.ts';
import { machineStateDir } from '../state-dirs.ts';
import { calendarStep } from './calendar.ts';
import { shellQuote } from './cron.ts';
import { scanArguments, type ScheduleJob, type ScheduleRuntime } from './job.ts';

export const LAUNCHD_LABEL = 'jp.tenken.scan';
export const LAUNCHD_PLIST = `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist`;
export const LAUNCHD_LOG_DIR = '/Library/Logs/tenken';
export const LAUNCHD_TARGET = `system/${LAUNCHD_LABEL}`;
/**
 * The program the LaunchDaemon starts. macOS 13+ lists a background item in System Settings → Login Items
 * under the file name of the unsigned program launchd starts (first-tree-ai/first-tree#638, verified with
 * `sfltool dumpbtm`; install-or-defer#91 showed "bash"): a launcher named tenken, not "node". It is root's,
 * in root's folder, so no user can change what it runs.
 */
export const LAUNCHD_LAUNCHER = `${machineStateDir('darwin', {})}/bin/tenken`;

/** The launcher: exec keeps the process id, so launchd sees and stops Node itself. */
export function renderLauncher(runtime: ScheduleRuntime): string {
  return [
    '#!/bin/sh',
    '# Written by `tenken schedule install` (macOS names the background item after this file); `tenken schedule remove` deletes it.',
    `exec ${[runtime.node, ...AGENT_NODE_FLAGS, runtime.script].map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

/** One StartCalendarInterval dictionary (Minute, Hour, Weekday; a missing key is a wildcard). */
type CalendarEntry = { [key in 'Minute' | 'Hour' | 'Weekday']?: number };

/** The clock times of the interval from midnight (Monday 00:00 for a week), or undefined when there are none. */
export function launchdCalendar(everySeconds: number): CalendarEntry[] | undefined {
  const step = calendarStep(everySeconds);
  if (!step) return undefined;
  const every = (count: number, by: number) => Array.from({ length: count / by }, (_, i) => i * by);
  switch (step.unit) {
    case 'minutes':
      return every(60, step.step).map((Minute) => ({ Minute }));
    case 'hours':
      return step.step === 1 ? [{ Minute: 0 }] : every(24, step.step).map((Hour) => ({ Hour, Minute: 0 }));
    case 'daily':
      return [{ Hour: 0, Minute: 0 }];
    case 'weekly':
      return [{ Weekday: 1, Hour: 0, Minute: 0 }];
  }
}

/** The LaunchDaemon; the programs it runs are in the launcher (renderLauncher). */
export function renderLaunchDaemon(job: ScheduleJob): string {
  const calendar = launchdCalendar(job.everySeconds);
  return buildPlist({
    Label: LAUNCHD_LABEL,
    ProgramArguments: [LAUNCHD_LAUNCHER, ...scanArguments(job, true)],
    ...(calendar ? { StartCalendarInterval: calendar.length === 1 ? calendar[0]! : calendar } : { StartInterval: job.everySeconds }),
    // Not at load: installing (or booting) a fleet must not make every Mac report at once.
    RunAtLoad: false,
    StandardOutPath: `${LAUNCHD_LOG_DIR}/scan.log`,
    StandardErrorPath: `${LAUNCHD_LOG_DIR}/scan.err.log`,
    LowPriorityIO: true,
    ProcessType: 'Background',
    Nice: 10,
  });
}

export interface LaunchdState {
  readonly state: string | null;
  readonly runs: number | null;
  /** null: never exited (it has not run, or its first run is under way). */
  readonly lastExitCode: number | null;
  readonly runIntervalSeconds: number | null;
}

/**
 * `launchctl print system/<label>` (macOS 10.11+): `key = value` lines one tab in are the service's own;
 * nested blocks (environment, endpoints, event triggers) repeat keys such as `state` deeper and are skipped.
 * `last exit code` is a number, sometimes with its sysexits name ("78: EX_CONFIG"), or "(never exited)".
 */
export function parseLaunchctlPrint(stdout: string): LaunchdState {
  const top = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(?:\t| {4})([a-z][a-z ()]*?) = (.*)$/.exec(line);
    if (m && !top.has(m[1]!)) top.set(m[1]!, m[2]!.trim());
  }
  const exit = /^(-?\d+)/.exec(top.get('last exit code') ?? '');
  const runs = /^(\d+)$/.exec(top.get('runs') ?? '');
  const interval = /^(\d+) seconds$/.exec(top.get('run interval') ?? '');
  return {
    state: top.get('state') ?? null,
    runs: runs ? Number(runs[1]) : null,
    lastExitCode: exit ? Number(exit[1]) : null,
    runIntervalSeconds: interval ? Number(interval[1]) : null,
  };
}

/** launchctl's answer for a service it does not have loaded (ESRCH-like 113: "Could not find service"). */
export const LAUNCHCTL_NOT_FOUND = 113;

/**
 * Whether macOS's Background Task Management lets the daemon run (macOS 13+: the user's switch in System
 * Settings → General → Login Items, or an MDM's Managed Login Items). `sfltool dumpbtm` (as root) prints a
 * record per item; a legacy daemon's identifier is "16." + its label, and its disposition lists
 * enabled/disabled and allowed/disallowed, e.g. "Disposition: [disabled, allowed, not notified] (0x2)".
 * undefined when no record names the label.
 */
export function btmDisposition(stdout: string, label: string): readonly string[] | undefined {
  const records = stdout.split(/\n\s*#\d+:\s*\n/);
  const ours = records.find((r) => new RegExp(`^\\s*Identifier: 16\\.${label.replaceAll('.', '\\.')}\\s*$`, 'm').test(r));
  const words = ours && /^\s*Disposition: \[([^\]]*)\]/m.exec(ours)?.[1];
  return words === undefined || words === null ? undefined : words.split(',').map((w) => w.trim());
}
