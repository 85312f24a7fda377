/**
 * What `tenken schedule install | status | remove` do (declared in schedule.ts): the machine's own scheduler runs
 * `tenken scan --scheduled …` every so often (systemd timer or cron on Linux, a LaunchDaemon on macOS, Task
 * Scheduler on Windows).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration } from '../duration.ts';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { fill } from '../fix/text.ts';
import type { Host } from '../host/host.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
import { SCHEDULE_MESSAGES as S } from '../i18n/schedule-messages.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { loadBundledPolicy } from '../policy/bundled.ts';
import { UnknownProfileError } from '../scan/scan.ts';
import { printable } from '../report/expectation-text.ts';
import { CALENDAR_INTERVALS } from '../schedule/calendar.ts';
import {
  defaultSplaySeconds,
  MAX_EVERY_SECONDS,
  PROFILE_NAME,
  resolveRuntime,
  ScheduleRuntimeError,
  type ScheduleJob,
  type ScheduleRuntime,
} from '../schedule/job.ts';
import type { ScheduleContext, ScheduleStatus } from '../schedule/scheduler.ts';
import { formatLocalTime } from '../i18n/local-time.ts';
import type { CliDeps } from './deps.ts';
import type { InstallOptions, LangOption } from './schedule.ts';

/** The schedulers' code (systemd, cron, launchd, Task Scheduler) loads for the schedule commands only, so that every other command starts without it. */
const loadSchedulers = () => Promise.all([import('../schedule/scheduler.ts'), import('../schedule/cron.ts')]);

async function context(deps: CliDeps): Promise<ScheduleContext> {
  return { host: await deps.createHost(), root: deps.scheduleRoot ?? '', env: deps.env };
}

function fail(deps: CliDeps, lang: Lang, text: { ja: string; en: string }, code: (typeof EXIT)[keyof typeof EXIT]): never {
  deps.stderr(`tenken: ${text[lang]}\n`);
  throw new ExitWith(code);
}

function requireAdmin(host: Host, deps: CliDeps, lang: Lang, command: string): void {
  if (host.isAdmin) return;
  if (host.platform === 'win32') fail(deps, lang, fill(S.needsAdminWindows, { command }), EXIT.usage);
  fail(deps, lang, fill(S.needsAdmin, { command: `sudo ${command}` }), EXIT.usage);
}

function runtimeOf(deps: CliDeps, lang: Lang): ScheduleRuntime {
  if (deps.scheduleRuntime) return deps.scheduleRuntime;
  try {
    return resolveRuntime({ execPath: process.execPath, moduleUrl: import.meta.url, packageRoot: PACKAGE_ROOT, join, exists: existsSync });
  } catch (e) {
    if (!(e instanceof ScheduleRuntimeError)) throw e;
    const message = { sources: S.runtimeSources, 'not-built': S.runtimeNotBuilt, 'npx-cache': S.runtimeNpxCache, 'control-characters': S.runtimeControlCharacters }[e.problem];
    return fail(deps, lang, fill(message, { script: e.path, path: e.path }), EXIT.usage);
  }
}

/** Registers the scheduled scan and says what was done; `tenken install` calls it too. Failures end the command. */
export async function installScheduledScan(opts: InstallOptions, deps: CliDeps): Promise<void> {
  const lang = opts.lang ?? detectLang(deps.env);
  const every = formatDuration(opts.every);
  if (opts.every > MAX_EVERY_SECONDS) fail(deps, lang, fill(S.everyTooLong, { max: formatDuration(MAX_EVERY_SECONDS) }), EXIT.usage);
  const splaySeconds = opts.splay ?? defaultSplaySeconds(opts.every);
  if (splaySeconds >= opts.every) fail(deps, lang, fill(S.splayTooLong, { splay: formatDuration(splaySeconds), every }), EXIT.usage);
  if (opts.profile !== undefined) {
    if (!PROFILE_NAME.test(opts.profile)) fail(deps, lang, fill(S.badProfileName, { profile: opts.profile }), EXIT.usage);
    // The scheduled scan uses the bundled policy; a profile it does not have would fail every run.
    const { policy } = await loadBundledPolicy(await deps.loadProbes());
    if (!policy.profiles[opts.profile]) throw new UnknownProfileError(`unknown profile "${opts.profile}" (the bundled policy has: ${Object.keys(policy.profiles).join(', ')})`);
  }
  const job: ScheduleJob = { everySeconds: opts.every, splaySeconds, profile: opts.profile, send: opts.send === true };
  const typed = ['tenken schedule install', `--every ${every}`, ...(opts.splay ? [`--splay ${formatDuration(opts.splay)}`] : []), ...(opts.profile ? [`--profile ${opts.profile}`] : []), ...(job.send ? ['--send'] : [])].join(' ');

  const runtime = runtimeOf(deps, lang);
  const ctx = await context(deps);
  requireAdmin(ctx.host, deps, lang, typed);
  const [{ detectScheduler, installSchedule, SchedulerCommandError }, { CronIntervalError }] = await loadSchedulers();
  const kind = await detectScheduler(ctx.host);
  const outcome = await installSchedule(kind, ctx, runtime, job).catch((e: unknown) => {
    if (e instanceof CronIntervalError) fail(deps, lang, fill(S.cronInterval, { intervals: CALENDAR_INTERVALS }), EXIT.usage);
    if (e instanceof SchedulerCommandError) fail(deps, lang, fill(S.commandFailed, { command: e.command, message: e.detail }), EXIT.agentFailure);
    throw e;
  });

  const out = (line = '') => deps.stdout(`${line}\n`);
  const vars = {
    every,
    splay: formatDuration(splaySeconds),
    profile: job.profile ? fill(S.profilePart, { profile: job.profile })[lang] : '',
    send: (job.send ? S.sendPart : S.keepPart)[lang],
  };
  out(fill(splaySeconds > 0 ? S.installed : S.installedNoSplay, vars)[lang]);
  out(`  ${S.scheduler[lang]}: ${S.kind[kind][lang]}`);
  out(`  ${S.files[lang]}: ${outcome.files.join(', ')}`);
  if (outcome.commands.length) out(`  ${S.ran[lang]}: ${outcome.commands.join('; ')}`);
  for (const note of outcome.notes) out(`  ${note[lang]}`);
  if (runtime.unstable) out(`  ${fill(S.runtimeUnstable, { path: runtime.unstable })[lang]}`);
  out(S.checkWith[lang]);
}

/** Unregisters the scheduled scan (nothing to do is fine) and says so; `tenken uninstall` calls it too. */
export async function removeScheduledScan(opts: LangOption, deps: CliDeps): Promise<void> {
  const lang = opts.lang ?? detectLang(deps.env);
  const ctx = await context(deps);
  requireAdmin(ctx.host, deps, lang, 'tenken schedule remove');
  const [{ detectScheduler, removeSchedule, SchedulerCommandError }] = await loadSchedulers();
  const kind = await detectScheduler(ctx.host);
  const outcome = await removeSchedule(kind, ctx).catch((e: unknown) => {
    if (e instanceof SchedulerCommandError) fail(deps, lang, fill(S.commandFailed, { command: e.command, message: e.detail }), EXIT.agentFailure);
    throw e;
  });
  const out = (line = '') => deps.stdout(`${line}\n`);
  if (!outcome.removed) {
    out(S.notInstalledNothingToRemove[lang]);
    return;
  }
  out(fill(S.removed, { kind: S.kind[outcome.kind][lang] })[lang]);
  if (outcome.files.length) out(`  ${S.files[lang]}: ${outcome.files.join(', ')}`);
  if (outcome.commands.length) out(`  ${S.ran[lang]}: ${outcome.commands.join('; ')}`);
  for (const note of outcome.notes) out(`  ${note[lang]}`);
}

export async function runStatus(opts: LangOption, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  const ctx = await context(deps);
  const [{ detectScheduler, scheduleStatus, SchedulerCommandError }] = await loadSchedulers();
  const kind = await detectScheduler(ctx.host);
  const status = await scheduleStatus(kind, ctx).catch((e: unknown) => {
    if (e instanceof SchedulerCommandError) fail(deps, lang, fill(S.problemStatusUnreadable, { reason: e.message }), EXIT.incomplete);
    throw e;
  });
  deps.stdout(renderStatus(status, lang, ctx.host.platform === 'win32'));
  throw new ExitWith(status.health === 'healthy' ? EXIT.ok : status.health === 'not-installed' ? EXIT.failed : EXIT.incomplete);
}

function exitText(code: number | null, detail: string | undefined, lang: Lang): string {
  if (code !== null) return (S.exitMeaning[code] ?? fill(S.otherExit, { code: String(code) }))[lang];
  return detail ?? '?';
}

/** The status in a few lines people read; the verdict last, with the exit code it ends with. */
export function renderStatus(s: ScheduleStatus, lang: Lang, windows: boolean): string {
  const lines: string[] = [fill(S.statusHeading, { kind: S.kind[s.kind][lang] })[lang]];
  if (s.health === 'not-installed') {
    lines.push(`  ${(windows ? S.notInstalledWindows : S.notInstalled)[lang]}`);
    lines.push(`${S.result[lang]}: ${S.notInstalledResult[lang]}`);
    return `${lines.join('\n')}\n`;
  }
  const row = (label: { ja: string; en: string }, value: string) => lines.push(`  ${label[lang]}: ${printable(value)}`);
  row(s.kind === 'task-scheduler' ? S.task : S.files, s.where);
  if (s.command) row(S.command, s.command);
  if (s.state) row(S.state, s.state);
  // An instant tenken read (a log's mtime) in local time with the zone; a scheduler's own words as they are.
  const at = s.lastRun?.at && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(s.lastRun.at) ? formatLocalTime(s.lastRun.at) : s.lastRun?.at;
  if (s.running) row(S.lastRun, S.runningNow[lang]);
  else if (s.lastRun === undefined) row(S.lastRun, S.never[lang]);
  else if (s.lastRun !== null) row(S.lastRun, `${at ?? S.unknownTime[lang]} — ${exitText(s.lastRun.exitCode, s.lastRun.detail, lang)}`);
  if (s.nextRun !== undefined) row(S.nextRun, s.nextRun ?? S.notReported[lang]);
  if (s.log) row(S.log, s.log);
  for (const note of s.notes) lines.push(`  ${note[lang]}`);
  for (const problem of s.problems) lines.push(`  ! ${problem[lang]}`);
  lines.push(`${S.result[lang]}: ${(s.health === 'healthy' ? S.healthy : S.unhealthy)[lang]}`);
  return `${lines.join('\n')}\n`;
}
