/**
 * Linux without systemd (containers, minimal servers): one line in /etc/cron.d/tenken. Cron has no random
 * delay of its own, so the scan sleeps a random part of the splay (`--splay`) before it starts.
 */
import { CALENDAR_INTERVALS, calendarStep } from './calendar.ts';
import { systemFolders } from '../host/system-path.ts';
import { scanCommand, type ScheduleJob, type ScheduleRuntime } from './job.ts';

export const CRON_FILE = '/etc/cron.d/tenken';
/** Where a cron daemon may live; none of them present means the file would never be read. */
export const CRON_DAEMONS = ['/usr/sbin/cron', '/usr/sbin/crond', '/usr/bin/crond', '/sbin/crond'] as const;
/** Debian's cron and cronie both write their pid here. */
export const CRON_PID_FILES = ['/run/crond.pid', '/var/run/crond.pid'] as const;
/**
 * Cron keeps no record of runs: each run rewrites this file with its output and a last line
 * `tenken-exit=<code>`, which status reads. Rewritten, not appended, so it never grows.
 */
export const CRON_LOG = '/var/log/tenken-scan.log';

export class CronIntervalError extends Error {
  override readonly name = 'CronIntervalError';
  readonly everySeconds: number;
  constructor(everySeconds: number) {
    super(`cron can run a job only at intervals that divide an hour or a day (${CALENDAR_INTERVALS})`);
    this.everySeconds = everySeconds;
  }
}

/** The five time fields for the interval; the job starts at minute 0 and the splay spreads it. */
export function cronSchedule(everySeconds: number): string {
  const step = calendarStep(everySeconds);
  if (!step) throw new CronIntervalError(everySeconds);
  switch (step.unit) {
    case 'minutes':
      return `*/${step.step} * * * *`;
    case 'hours':
      return step.step === 1 ? '0 * * * *' : `0 */${step.step} * * *`;
    case 'daily':
      return '0 0 * * *';
    case 'weekly':
      return '0 0 * * 1';
  }
}

/**
 * A word for /bin/sh, which cron runs the command with: single-quoted unless plainly safe. `%` is cron's
 * own newline in a command and must be escaped even inside quotes.
 */
export function shellWord(arg: string): string {
  return shellQuote(arg).replaceAll('%', '\\%');
}

/** A word for /bin/sh: single-quoted unless plainly safe. */
export function shellQuote(arg: string): string {
  return /^[\w@+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

export function renderCronFile(runtime: ScheduleRuntime, job: ScheduleJob): string {
  const command = scanCommand(runtime, job, true).map(shellWord).join(' ');
  return [
    '# Written by `tenken schedule install`; `tenken schedule remove` deletes it.',
    '# The scan waits a random time up to --splay first, so a fleet does not report at the same second.',
    'SHELL=/bin/sh',
    // The OS's own folders only, like the agent's own PATH (src/host/system-path.ts): the job runs as root.
    `PATH=${systemFolders('linux', '').join(':')}`,
    `${cronSchedule(job.everySeconds)} root ${command} >${CRON_LOG} 2>&1; echo "tenken-exit=$?" >>${CRON_LOG}`,
    '',
  ].join('\n');
}

/** One field of a crontab time spec: *, a number, a range, a list, each with an optional step. */
const FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const RANGES = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
] as const;

export interface CronLine {
  readonly fields: readonly string[];
  readonly user: string;
  readonly command: string;
}

/**
 * The job lines of an /etc/cron.d file (comments, blank lines and VAR=value lines skipped), each checked
 * the way cron reads it: five time fields within their ranges, a user, a command. Throws on a line cron
 * would reject.
 */
export function parseCronFile(text: string): CronLine[] {
  const lines: CronLine[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue;
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not five time fields, a user and a command`);
    const fields = m.slice(1, 6);
    for (const [j, field] of fields.entries()) {
      if (!FIELD.test(field!)) throw new Error(`line ${i + 1}: time field ${j + 1} "${field}" is not a cron field`);
      const [lo, hi] = RANGES[j]!;
      for (const n of field!.split(/[^0-9]+/).filter(Boolean).map(Number)) {
        // A step may exceed the range (*/90 is odd but legal); values may not.
        if (!field!.includes(`/${n}`) && (n < lo || n > hi)) throw new Error(`line ${i + 1}: ${n} is outside ${lo}-${hi} in field ${j + 1}`);
      }
    }
    if (!/^[a-z_][a-z0-9_-]*$/.test(m[6]!)) throw new Error(`line ${i + 1}: "${m[6]}" is not a user name`);
    lines.push({ fields, user: m[6]!, command: m[7]! });
  }
  return lines;
}

/** The exit code the last cron run wrote into its log, or null when the log has none (never ran, or still running). */
export function lastCronExit(log: string): number | null {
  const m = /^tenken-exit=(\d+)\s*$/m.exec(log.trimEnd().split('\n').at(-1) ?? '');
  return m ? Number(m[1]) : null;
}
