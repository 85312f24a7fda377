/**
 * Install, inspect and remove the scheduled scan with the machine's own scheduler. Commands run through the
 * Host (so a replay or a fake host can stand in and tests see exactly what would run); the definition files
 * are written with node:fs under `root`, which is "" on a real machine and a temporary folder in tests.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, posix, win32 } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { formatDuration } from '../duration.ts';
import { machineStateDir } from '../state-dirs.ts';
import { CommandFailedError, CommandNotFoundError, CommandTimedOutError } from '../host/errors.ts';
import type { CommandResult, Host } from '../host/host.ts';
import { parseKeyValueLines } from '../host/console-user.ts';
import { SCHEDULE_MESSAGES as S } from '../i18n/schedule-messages.ts';
import { fill } from '../fix/text.ts';
import { localizeReason, renderReason } from '../i18n/reasons.ts';
import { because, type Reason } from '../i18n/reason.ts';
import { runPowerShell } from '../powershell.ts';
import type { Localized } from '../report/schema.ts';
import { CRON_DAEMONS, CRON_FILE, CRON_LOG, CRON_PID_FILES, cronSchedule, lastCronExit, parseCronFile, renderCronFile } from './cron.ts';
import type { ScheduleJob, ScheduleRuntime } from './job.ts';
import { btmDisposition, LAUNCHCTL_NOT_FOUND, LAUNCHD_LABEL, LAUNCHD_LAUNCHER, LAUNCHD_LOG_DIR, LAUNCHD_PLIST, LAUNCHD_TARGET, parseLaunchctlPrint, renderLauncher, renderLaunchDaemon } from './launchd.ts';
import {
  parseSystemdState,
  parseSystemdVersion,
  renderService,
  renderTimer,
  SERVICE_PROPERTIES,
  SERVICE_UNIT,
  showArgs,
  SYSTEMD_UNIT_DIR,
  TIMER_PROPERTIES,
  TIMER_UNIT,
} from './systemd.ts';
import {
  encodeTaskXml,
  neverRan,
  renderTaskXml,
  SCHED_S_TASK_HAS_NOT_RUN,
  SCHED_S_TASK_RUNNING,
  schtasksCreateArgs,
  schtasksDeleteArgs,
  TASK_STATUS_SCRIPT,
  TASK_URI,
  TaskStatusAnswer,
} from './task-scheduler.ts';

export const SCHEDULER_KINDS = ['systemd', 'cron', 'launchd', 'task-scheduler'] as const;
export type SchedulerKind = (typeof SCHEDULER_KINDS)[number];

export interface ScheduleContext {
  readonly host: Host;
  /** Prefix of every file tenken writes or reads for the schedule: "" on the machine itself. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A scheduler command that could not run or said no; the command ends with exit 4 and this sentence. */
export class SchedulerCommandError extends Error {
  override readonly name = 'SchedulerCommandError';
  readonly command: string;
  readonly detail: string;
  constructor(command: string, detail: string) {
    super(`${command} failed: ${detail}`);
    this.command = command;
    this.detail = detail;
  }
}

/** Commands that change the scheduler get a generous budget: daemon-reload on a busy machine takes seconds. */
const COMMAND_TIMEOUT_MS = 60_000;

/**
 * systemd is the init system when /run/systemd/system exists (sd_booted(3)); in a container or on a machine
 * with another init, cron is what is left.
 */
export async function detectScheduler(host: Host): Promise<SchedulerKind> {
  if (host.platform === 'win32') return 'task-scheduler';
  if (host.platform === 'darwin') return 'launchd';
  return (await host.stat('/run/systemd/system'))?.type === 'directory' ? 'systemd' : 'cron';
}

/** Where an absolute machine path lives under `root` (a Windows drive letter is dropped). */
export function placed(root: string, absolute: string): string {
  if (root === '') return absolute;
  return join(root, ...absolute.replace(/^[A-Za-z]:/, '').split(/[\\/]+/).filter(Boolean));
}

async function run(host: Host, file: string, args: readonly string[]): Promise<CommandResult> {
  try {
    return await host.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof CommandNotFoundError || e instanceof CommandTimedOutError || e instanceof CommandFailedError) {
      throw new SchedulerCommandError([file, ...args].join(' '), e.message);
    }
    throw e;
  }
}

/** Runs a command that must succeed; its own words become the error otherwise. */
async function must(host: Host, file: string, args: readonly string[]): Promise<CommandResult> {
  const r = await run(host, file, args);
  if (r.exitCode !== 0) {
    const words = `${r.stderr}\n${r.stdout}`.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(-3).join(' / ');
    throw new SchedulerCommandError([file, ...args].join(' '), words || `exit ${r.exitCode}`);
  }
  return r;
}

/** Writes a definition file: readable by all (launchd and cron refuse group/world-writable files), written by root. */
async function writeDefinition(path: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, data, { mode: 0o644 });
}

export interface InstallOutcome {
  readonly kind: SchedulerKind;
  /** Machine paths of the files written. */
  readonly files: readonly string[];
  readonly commands: readonly string[];
  readonly notes: readonly Localized[];
}

export interface RemoveOutcome {
  readonly kind: SchedulerKind;
  readonly removed: boolean;
  readonly files: readonly string[];
  readonly commands: readonly string[];
  readonly notes: readonly Localized[];
}

/** A run of the job as the scheduler remembers it. `exitCode` null: unknown, or not yet ended. */
export interface LastRun {
  readonly at: string | null;
  readonly exitCode: number | null;
  readonly succeeded: boolean;
  /** A scheduler's word for how it ended, when there is no exit code (systemd: timeout, signal). */
  readonly detail?: string;
}

export type ScheduleHealth = 'healthy' | 'unhealthy' | 'not-installed';

export interface ScheduleStatus {
  readonly kind: SchedulerKind;
  readonly health: ScheduleHealth;
  /** The unit, plist, task or cron file. */
  readonly where: string;
  readonly command?: string | undefined;
  readonly state?: string | undefined;
  /** undefined: never ran; null: the scheduler does not say. */
  readonly lastRun?: LastRun | null | undefined;
  readonly running?: boolean;
  readonly nextRun?: string | null | undefined;
  readonly log?: string | undefined;
  readonly problems: readonly Localized[];
  readonly notes: readonly Localized[];
}

/** Exit codes of `tenken scan` that mean the scan ran: 0 compliant, 1 failed checks, 3 incomplete. */
export const SCAN_RAN = new Set([0, 1, 3]);

const recorder = () => {
  const commands: string[] = [];
  return {
    commands,
    async must(host: Host, file: string, args: readonly string[]) {
      commands.push([file, ...args].join(' '));
      return must(host, file, args);
    },
    async run(host: Host, file: string, args: readonly string[]) {
      commands.push([file, ...args].join(' '));
      return run(host, file, args);
    },
  };
};

// ------------------------------------------------------------------ systemd

const servicePath = posix.join(SYSTEMD_UNIT_DIR, SERVICE_UNIT);
const timerPath = posix.join(SYSTEMD_UNIT_DIR, TIMER_UNIT);

async function installSystemd(ctx: ScheduleContext, runtime: ScheduleRuntime, job: ScheduleJob): Promise<InstallOutcome> {
  const rec = recorder();
  const version = parseSystemdVersion((await rec.run(ctx.host, 'systemctl', ['--version'])).stdout);
  const replacing = existsSync(placed(ctx.root, timerPath));
  await writeDefinition(placed(ctx.root, servicePath), renderService(runtime, job));
  await writeDefinition(placed(ctx.root, timerPath), renderTimer(job, version));
  await rec.must(ctx.host, 'systemctl', ['daemon-reload']);
  await rec.must(ctx.host, 'systemctl', ['enable', '--now', TIMER_UNIT]);
  // enable --now leaves a running timer on its old schedule; a restart makes it take the new one.
  if (replacing) await rec.must(ctx.host, 'systemctl', ['restart', TIMER_UNIT]);
  const notes: Localized[] = replacing ? [S.replaced] : [];
  if (existsSync(placed(ctx.root, CRON_FILE))) {
    await rm(placed(ctx.root, CRON_FILE));
    notes.push(fill(S.removedOther, { kind: 'cron', file: CRON_FILE }));
  }
  return { kind: 'systemd', files: [servicePath, timerPath], commands: rec.commands, notes };
}

async function removeSystemd(ctx: ScheduleContext): Promise<RemoveOutcome> {
  const rec = recorder();
  const present = [servicePath, timerPath].filter((f) => existsSync(placed(ctx.root, f)));
  if (present.length === 0) return { kind: 'systemd', removed: false, files: [], commands: [], notes: [] };
  if (existsSync(placed(ctx.root, timerPath))) await rec.must(ctx.host, 'systemctl', ['disable', '--now', TIMER_UNIT]);
  for (const f of present) await rm(placed(ctx.root, f));
  await rec.must(ctx.host, 'systemctl', ['daemon-reload']);
  // Forgets a failed last run, so `systemctl --failed` does not keep listing a unit that no longer exists.
  // It answers non-zero when the unit had nothing to reset, which is fine.
  await rec.run(ctx.host, 'systemctl', ['reset-failed', SERVICE_UNIT]);
  return { kind: 'systemd', removed: true, files: present, commands: rec.commands, notes: [] };
}

async function statusSystemd(ctx: ScheduleContext): Promise<ScheduleStatus> {
  const [timerOut, serviceOut] = [await run(ctx.host, 'systemctl', showArgs(TIMER_UNIT, TIMER_PROPERTIES)), await run(ctx.host, 'systemctl', showArgs(SERVICE_UNIT, SERVICE_PROPERTIES))];
  const base = { kind: 'systemd' as const, where: timerPath };
  if (timerOut.exitCode !== 0 || serviceOut.exitCode !== 0) {
    const reason = (timerOut.stderr || serviceOut.stderr).trim() || `exit ${timerOut.exitCode || serviceOut.exitCode}`;
    return { ...base, health: 'unhealthy', problems: [fill(S.problemStatusUnreadable, { reason })], notes: [] };
  }
  const s = parseSystemdState(parseKeyValueLines(timerOut.stdout), parseKeyValueLines(serviceOut.stdout));
  const onDisk = existsSync(placed(ctx.root, timerPath));
  if (!s.timerLoaded) {
    if (!onDisk) return { ...base, health: 'not-installed', problems: [], notes: [] };
    return { ...base, health: 'unhealthy', problems: [fill(S.problemNotLoaded, { file: timerPath })], notes: [] };
  }
  const command = onDisk ? execStartOf(await readFile(placed(ctx.root, servicePath), 'utf8').catch(() => '')) : undefined;
  const problems: Localized[] = [];
  if (!s.timerActive) problems.push(S.problemTimerInactive);
  else if (!s.timerEnabled) problems.push(S.problemTimerDisabled);
  let lastRun: LastRun | undefined;
  if (s.lastStart !== null && !s.running) {
    const succeeded = s.result === 'success';
    lastRun = { at: s.lastExit ?? s.lastStart, exitCode: s.exitStatus, succeeded, ...(s.result && !succeeded ? { detail: s.result } : {}) };
    if (!succeeded) problems.push(fill(S.problemLastRunFailed, { detail: s.result ?? '?', log: `journalctl -u ${SERVICE_UNIT}` }));
  }
  if (s.timerActive && s.nextElapse === null) problems.push(S.problemNoNextRun);
  return {
    ...base,
    health: problems.length ? 'unhealthy' : 'healthy',
    command,
    state: `${s.timerActive ? 'active' : 'inactive'}${s.timerEnabled ? ', enabled' : ''}`,
    lastRun,
    running: s.running,
    nextRun: s.nextElapse,
    log: `journalctl -u ${SERVICE_UNIT}`,
    problems,
    notes: [],
  };
}

/** The command line of our own service file, for status. */
function execStartOf(unit: string): string | undefined {
  return /^ExecStart=(.+)$/m.exec(unit)?.[1];
}

// ------------------------------------------------------------------ cron

async function installCron(ctx: ScheduleContext, runtime: ScheduleRuntime, job: ScheduleJob): Promise<InstallOutcome> {
  cronSchedule(job.everySeconds);
  const replacing = existsSync(placed(ctx.root, CRON_FILE));
  await writeDefinition(placed(ctx.root, CRON_FILE), renderCronFile(runtime, job));
  const notes: Localized[] = replacing ? [S.replaced] : [];
  const daemons = await Promise.all(CRON_DAEMONS.map((d) => ctx.host.stat(d)));
  if (!daemons.some((d) => d?.type === 'file')) notes.push(S.noCronDaemon);
  return { kind: 'cron', files: [CRON_FILE], commands: [], notes };
}

async function removeCron(ctx: ScheduleContext): Promise<RemoveOutcome> {
  if (!existsSync(placed(ctx.root, CRON_FILE))) return { kind: 'cron', removed: false, files: [], commands: [], notes: [] };
  await rm(placed(ctx.root, CRON_FILE));
  await rm(placed(ctx.root, CRON_LOG), { force: true });
  return { kind: 'cron', removed: true, files: [CRON_FILE], commands: [], notes: [] };
}

/** A cron daemon runs when one of the pid files names a live process whose name says cron. */
async function cronDaemonRunning(host: Host): Promise<boolean> {
  for (const file of CRON_PID_FILES) {
    const pid = (await host.readFile(file).catch(() => undefined))?.trim();
    if (!pid || !/^\d+$/.test(pid)) continue;
    const comm = await host.readFile(`/proc/${pid}/comm`).catch(() => undefined);
    if (comm && /cron/.test(comm)) return true;
  }
  return false;
}

async function statusCron(ctx: ScheduleContext): Promise<ScheduleStatus> {
  const base = { kind: 'cron' as const, where: CRON_FILE, log: CRON_LOG };
  const text = await readFile(placed(ctx.root, CRON_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return { ...base, health: 'not-installed', problems: [], notes: [] };
  const problems: Localized[] = [];
  let command: string | undefined;
  try {
    const [line] = parseCronFile(text);
    command = line ? `${line.fields.join(' ')} ${line.user} ${line.command}` : undefined;
  } catch (e) {
    problems.push(fill(S.problemCronFile, { file: CRON_FILE, message: (e as Error).message }));
  }
  if (!(await cronDaemonRunning(ctx.host))) problems.push(fill(S.problemNoCronDaemon, { files: CRON_PID_FILES.join(', ') }));
  const logPath = placed(ctx.root, CRON_LOG);
  const [log, logStat] = await Promise.all([readFile(logPath, 'utf8').catch(() => undefined), stat(logPath).catch(() => undefined)]);
  let lastRun: LastRun | undefined;
  let running = false;
  if (log !== undefined) {
    const exitCode = lastCronExit(log);
    // A log without its exit line belongs to a run that has not ended yet.
    running = exitCode === null;
    if (!running) {
      lastRun = { at: logStat?.mtime.toISOString() ?? null, exitCode, succeeded: SCAN_RAN.has(exitCode!) };
      if (!lastRun.succeeded) problems.push(fill(S.problemLastRunFailed, { detail: `exit ${exitCode}`, log: CRON_LOG }));
    }
  }
  return { ...base, health: problems.length ? 'unhealthy' : 'healthy', command, lastRun, running, nextRun: null, problems, notes: [] };
}

// ------------------------------------------------------------------ launchd

async function launchdLoaded(host: Host, rec?: ReturnType<typeof recorder>): Promise<CommandResult> {
  return rec ? rec.run(host, 'launchctl', ['print', LAUNCHD_TARGET]) : run(host, 'launchctl', ['print', LAUNCHD_TARGET]);
}

async function installLaunchd(ctx: ScheduleContext, runtime: ScheduleRuntime, job: ScheduleJob): Promise<InstallOutcome> {
  const rec = recorder();
  const loaded = (await launchdLoaded(ctx.host, rec)).exitCode === 0;
  // bootstrap refuses a label that is already loaded ("Bootstrap failed: 5: Input/output error").
  if (loaded) await rec.must(ctx.host, 'launchctl', ['bootout', LAUNCHD_TARGET]);
  await mkdir(placed(ctx.root, LAUNCHD_LOG_DIR), { recursive: true });
  await mkdir(placed(ctx.root, dirname(LAUNCHD_LAUNCHER)), { recursive: true, mode: 0o755 });
  await writeFileAtomic(placed(ctx.root, LAUNCHD_LAUNCHER), renderLauncher(runtime), { mode: 0o755 });
  await writeDefinition(placed(ctx.root, LAUNCHD_PLIST), renderLaunchDaemon(job));
  await rec.must(ctx.host, 'launchctl', ['bootstrap', 'system', LAUNCHD_PLIST]);
  return { kind: 'launchd', files: [LAUNCHD_PLIST], commands: rec.commands, notes: loaded ? [S.replaced] : [] };
}

async function removeLaunchd(ctx: ScheduleContext): Promise<RemoveOutcome> {
  const rec = recorder();
  const loaded = (await launchdLoaded(ctx.host, rec)).exitCode === 0;
  const onDisk = existsSync(placed(ctx.root, LAUNCHD_PLIST));
  const launcher = existsSync(placed(ctx.root, LAUNCHD_LAUNCHER));
  if (loaded) await rec.must(ctx.host, 'launchctl', ['bootout', LAUNCHD_TARGET]);
  if (onDisk) await rm(placed(ctx.root, LAUNCHD_PLIST));
  if (launcher) await rm(placed(ctx.root, LAUNCHD_LAUNCHER));
  return {
    kind: 'launchd',
    removed: loaded || onDisk,
    files: [...(onDisk ? [LAUNCHD_PLIST] : []), ...(launcher ? [LAUNCHD_LAUNCHER] : [])],
    commands: rec.commands,
    notes: loaded || onDisk ? [fill(S.logsKept, { dir: LAUNCHD_LOG_DIR })] : [],
  };
}

async function statusLaunchd(ctx: ScheduleContext): Promise<ScheduleStatus> {
  const base = { kind: 'launchd' as const, where: LAUNCHD_PLIST, log: `${LAUNCHD_LOG_DIR}/scan.err.log` };
  const printed = await launchdLoaded(ctx.host);
  const onDisk = existsSync(placed(ctx.root, LAUNCHD_PLIST));
  if (printed.exitCode !== 0) {
    if (!onDisk) return { ...base, health: 'not-installed', problems: [], notes: [] };
    const problem = printed.exitCode === LAUNCHCTL_NOT_FOUND ? fill(S.problemNotLoaded, { file: LAUNCHD_PLIST }) : fill(S.problemStatusUnreadable, { reason: printed.stderr.trim() || `exit ${printed.exitCode}` });
    return { ...base, health: 'unhealthy', problems: [problem], notes: [] };
  }
  const s = parseLaunchctlPrint(printed.stdout);
  const problems: Localized[] = [];
  let lastRun: LastRun | undefined;
  const running = s.state === 'running';
  if (s.lastExitCode !== null && (s.runs ?? 0) > 0) {
    // launchd keeps no time of the last run; the log file's modification time is the nearest fact.
    const logged = await stat(placed(ctx.root, `${LAUNCHD_LOG_DIR}/scan.err.log`)).catch(() => undefined);
    lastRun = { at: logged?.mtime.toISOString() ?? null, exitCode: s.lastExitCode, succeeded: SCAN_RAN.has(s.lastExitCode) };
    if (!lastRun.succeeded) problems.push(fill(S.problemLastRunFailed, { detail: `exit ${s.lastExitCode}`, log: base.log }));
  }
  const notes: Localized[] = [];
  const background = await backgroundItem(ctx.host);
  if (background.problem) problems.push(background.problem);
  if (background.note) notes.push(background.note);
  return {
    ...base,
    health: problems.length ? 'unhealthy' : 'healthy',
    state: `${s.state ?? '?'}${s.runs !== null ? `, runs = ${s.runs}` : ''}${s.runIntervalSeconds ? `, every ${formatDuration(s.runIntervalSeconds)}` : ''}`,
    lastRun,
    running,
    nextRun: null,
    problems,
    notes,
  };
}

/**
 * Whether Login Items (Background Task Management, macOS 13+) lets the daemon run. What launchctl shows for a
 * daemon switched off there is not documented; BTM's own records say it, and `sfltool dumpbtm` shows the
 * machine's records to root only. Anything else is said as not known.
 */
async function backgroundItem(host: Host): Promise<{ problem?: Localized; note?: Localized }> {
  if (!host.isAdmin) return { note: S.backgroundItemNeedsRoot };
  let r: CommandResult;
  try {
    r = await host.run('sfltool', ['dumpbtm'], { timeoutMs: COMMAND_TIMEOUT_MS });
  } catch (e) {
    return { note: fill(S.backgroundItemUnknown, { reason: (e as Error).message }) };
  }
  if (r.exitCode !== 0) return { note: fill(S.backgroundItemUnknown, { reason: `sfltool dumpbtm: ${r.stderr.trim() || `exit ${r.exitCode}`}` }) };
  const disposition = btmDisposition(r.stdout, LAUNCHD_LABEL);
  if (!disposition) return { note: fill(S.backgroundItemUnknown, { reason: `sfltool dumpbtm has no record for 16.${LAUNCHD_LABEL}` }) };
  if (disposition.includes('disabled')) return { problem: S.backgroundItemDisabled };
  if (disposition.includes('disallowed')) return { problem: S.backgroundItemDisallowed };
  return {};
}

// ------------------------------------------------------------------ Task Scheduler

/** Where the task XML is kept (ProgramData\tenken), so that an administrator can read what was registered. */
export function taskXmlPath(env: NodeJS.ProcessEnv): string {
  return win32.join(machineStateDir('win32', env), 'tenken-scan.xml');
}

async function installTask(ctx: ScheduleContext, runtime: ScheduleRuntime, job: ScheduleJob): Promise<InstallOutcome> {
  const rec = recorder();
  const machinePath = taskXmlPath(ctx.env);
  const file = placed(ctx.root, machinePath);
  await writeDefinition(file, encodeTaskXml(renderTaskXml(runtime, job, ctx.host.now())));
  // /F replaces an existing task of the same name.
  await rec.must(ctx.host, 'schtasks', schtasksCreateArgs(ctx.root === '' ? machinePath : file));
  return { kind: 'task-scheduler', files: [machinePath], commands: rec.commands, notes: [] };
}

async function taskState(host: Host): Promise<{ ok: true; value: TaskStatusAnswer } | { ok: false; reason: Reason }> {
  const answer = await runPowerShell(host, TASK_STATUS_SCRIPT, { timeoutMs: COMMAND_TIMEOUT_MS });
  if (!answer.ok) return answer;
  const parsed = TaskStatusAnswer.safeParse(answer.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: because('command.unexpected-output', { command: 'Get-ScheduledTaskInfo' }) };
}

async function removeTask(ctx: ScheduleContext): Promise<RemoveOutcome> {
  const rec = recorder();
  const state = await taskState(ctx.host);
  if (!state.ok) throw new SchedulerCommandError('Get-ScheduledTask', renderReason(state.reason, 'en'));
  const machinePath = taskXmlPath(ctx.env);
  const xmlOnDisk = existsSync(placed(ctx.root, machinePath));
  if (state.value !== null) await rec.must(ctx.host, 'schtasks', schtasksDeleteArgs());
  if (xmlOnDisk) await rm(placed(ctx.root, machinePath));
  return { kind: 'task-scheduler', removed: state.value !== null || xmlOnDisk, files: xmlOnDisk ? [machinePath] : [], commands: rec.commands, notes: [] };
}

/** LastTaskResult as people read it: small codes in decimal, HRESULTs in hex. */
const resultCode = (n: number) => (n >= 0 && n < 256 ? `exit ${n}` : `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);

async function statusTask(ctx: ScheduleContext): Promise<ScheduleStatus> {
  const base = { kind: 'task-scheduler' as const, where: TASK_URI };
  const answer = await taskState(ctx.host);
  if (!answer.ok) return { ...base, health: 'unhealthy', problems: [fill(S.problemStatusUnreadable, { reason: localizeReason(answer.reason) })], notes: [] };
  const task = answer.value;
  if (task === null) return { ...base, health: 'not-installed', problems: [], notes: [] };
  const { LastRunTime, LastTaskResult, NextRunTime, NumberOfMissedRuns } = task.info;
  const problems: Localized[] = [];
  const notes: Localized[] = NumberOfMissedRuns > 0 ? [fill(S.missedRuns, { count: String(NumberOfMissedRuns) })] : [];
  if (task.state === 'Disabled') problems.push(S.problemTaskDisabled);
  const running = task.state === 'Running' || LastTaskResult === SCHED_S_TASK_RUNNING;
  let lastRun: LastRun | undefined;
  if (!neverRan(LastRunTime) && LastTaskResult !== SCHED_S_TASK_HAS_NOT_RUN && !running) {
    const succeeded = SCAN_RAN.has(LastTaskResult);
    lastRun = { at: LastRunTime!.display, exitCode: LastTaskResult >= 0 && LastTaskResult < 256 ? LastTaskResult : null, succeeded, ...(succeeded ? {} : { detail: resultCode(LastTaskResult) }) };
    if (!succeeded) problems.push(fill(S.problemLastRunFailed, { detail: resultCode(LastTaskResult), log: 'Event Viewer → Microsoft-Windows-TaskScheduler/Operational' }));
  }
  if (task.state !== 'Disabled' && NextRunTime === null) problems.push(S.problemNoNextRun);
  return { ...base, health: problems.length ? 'unhealthy' : 'healthy', state: task.state, lastRun, running, nextRun: NextRunTime?.display ?? null, problems, notes };
}

// ------------------------------------------------------------------ one entry per operation

export async function installSchedule(kind: SchedulerKind, ctx: ScheduleContext, runtime: ScheduleRuntime, job: ScheduleJob): Promise<InstallOutcome> {
  switch (kind) {
    case 'systemd':
      return installSystemd(ctx, runtime, job);
    case 'cron':
      return installCron(ctx, runtime, job);
    case 'launchd':
      return installLaunchd(ctx, runtime, job);
    case 'task-scheduler':
      return installTask(ctx, runtime, job);
  }
}

export async function scheduleStatus(kind: SchedulerKind, ctx: ScheduleContext): Promise<ScheduleStatus> {
  switch (kind) {
    case 'systemd':
      return statusSystemd(ctx);
    case 'cron':
      return statusCron(ctx);
    case 'launchd':
      return statusLaunchd(ctx);
    case 'task-scheduler':
      return statusTask(ctx);
  }
}

/** Removes the job; on Linux both kinds, so a machine that gained or lost systemd is left clean. */
export async function removeSchedule(kind: SchedulerKind, ctx: ScheduleContext): Promise<RemoveOutcome> {
  switch (kind) {
    case 'systemd': {
      const outcome = await removeSystemd(ctx);
      const cron = await removeCron(ctx);
      return cron.removed ? { ...outcome, removed: true, files: [...outcome.files, ...cron.files] } : outcome;
    }
    case 'cron':
      return removeCron(ctx);
    case 'launchd':
      return removeLaunchd(ctx);
    case 'task-scheduler':
      return removeTask(ctx);
  }
}
