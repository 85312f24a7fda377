/**
 * What a scheduled scan is, independent of the scheduler that runs it: how often, how much random delay
 * (splay), which profile, whether it sends; the programs it runs (absolute paths); and the `tenken scan`
 * command line the scheduler starts (the contract in docs/api.md: `scan --scheduled <every> [--send]
 * [--profile P] [--splay <max>]`).
 */
import { formatDuration } from '../duration.ts';
import { AGENT_NODE_FLAGS } from '../node-flags.ts';

/** Shortest interval: a posture scan takes seconds to minutes, and a fleet every few minutes is a load test. */
export const MIN_EVERY_SECONDS = 15 * 60;
/** Longest: Task Scheduler repeats at most every 31 days, and a scan less often than monthly is no schedule. */
export const MAX_EVERY_SECONDS = 31 * 86_400;

/**
 * The default splay is a tenth of the interval (osquery's default schedule_splay_percent is 10, the lesson of
 * osquery#5738), capped at one hour: a daily scan still runs in the hour it was meant for, and a fleet of
 * 10,000 PCs spread over an hour reaches the collector at about 3 reports a second.
 */
export const DEFAULT_SPLAY_FRACTION = 0.1;
export const MAX_DEFAULT_SPLAY_SECONDS = 3600;

export function defaultSplaySeconds(everySeconds: number): number {
  return Math.min(MAX_DEFAULT_SPLAY_SECONDS, Math.floor(everySeconds * DEFAULT_SPLAY_FRACTION));
}

export interface ScheduleJob {
  readonly everySeconds: number;
  /** Upper bound of the random delay before each run; less than everySeconds. */
  readonly splaySeconds: number;
  readonly profile?: string | undefined;
  readonly send: boolean;
}

/** Profile names end up in unit files, plists and XML: letters, digits and dashes only. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The absolute programs a scheduler starts: the Node binary running tenken, and tenken's built main script. */
export interface ScheduleRuntime {
  readonly node: string;
  readonly script: string;
  /** A program path that an upgrade of its version manager removes (nvm, a Homebrew keg without its opt link). */
  readonly unstable?: string;
}

/**
 * Homebrew's keg path `<prefix>/Cellar/<formula>/<version>/…` (what process.execPath is on macOS: libuv
 * realpath()s it) is gone after `brew upgrade` and `brew cleanup`; `<prefix>/opt/<formula>/…` is the link
 * Homebrew keeps pointing at the installed version, keg-only formulae (node@22) included.
 */
function withoutKegVersion(path: string, exists: (path: string) => boolean): string {
  const m = /^(.*)\/Cellar\/([^/]+)\/[^/]+\/(.+)$/.exec(path);
  const opt = m && `${m[1]}/opt/${m[2]}/${m[3]}`;
  return opt && exists(opt) ? opt : path;
}

/** Folders whose name carries the Node or package version, so that an upgrade or uninstall of that version removes them. */
const VERSIONED = /\/Cellar\/|\/\.nvm\/versions\/|[/\\]fnm[/\\]node-versions[/\\]|[/\\]\.volta[/\\]tools[/\\]image[/\\]|\/\.asdf\/installs\/|\/mise\/installs\//;

/**
 * `tenken scan` arguments for a scheduled run. `splayInProcess`: the scheduler has no randomized delay of its
 * own (cron, launchd), so the scan sleeps a random part of the splay itself.
 */
export function scanArguments(job: ScheduleJob, splayInProcess: boolean): string[] {
  return [
    'scan',
    '--scheduled',
    formatDuration(job.everySeconds),
    ...(job.send ? ['--send'] : []),
    ...(job.profile ? ['--profile', job.profile] : []),
    ...(splayInProcess && job.splaySeconds > 0 ? ['--splay', formatDuration(job.splaySeconds)] : []),
  ];
}

/** The whole command: node with the agent's V8 flags, script, then the scan arguments. */
export function scanCommand(runtime: ScheduleRuntime, job: ScheduleJob, splayInProcess: boolean): string[] {
  return [runtime.node, ...AGENT_NODE_FLAGS, runtime.script, ...scanArguments(job, splayInProcess)];
}

/** Why tenken cannot be scheduled as it runs now; the command says what to do instead. */
export type RuntimeProblem = 'sources' | 'not-built' | 'npx-cache' | 'control-characters';

export class ScheduleRuntimeError extends Error {
  override readonly name = 'ScheduleRuntimeError';
  readonly problem: RuntimeProblem;
  readonly path: string;
  constructor(problem: RuntimeProblem, path: string) {
    super(`cannot schedule tenken as it runs now (${problem}: ${path})`);
    this.problem = problem;
    this.path = path;
  }
}

/**
 * The programs a scheduler can start later, from how tenken runs now. From its TypeScript sources (`node
 * src/main.ts`, the tests) there is no stable entry point a scheduler could run; from npx's cache the files
 * disappear when the cache is cleaned. `join` is the running platform's path join (these are this machine's
 * paths), `exists` is node:fs existsSync.
 */
export function resolveRuntime(options: {
  readonly execPath: string;
  readonly moduleUrl: string;
  readonly packageRoot: string;
  readonly join: (...parts: string[]) => string;
  readonly exists: (path: string) => boolean;
}): ScheduleRuntime {
  // The bundle runs as <root>/lib/tenken.js with its chunks beside it (packaging/bundle.ts): the installers' and
  // an npm install's (package.json bin, <root> = dist/bundle); the tsc build in dist/ is the tests' and bench's.
  const bundled = /\/lib\/[^/]+\.js$/.test(new URL(options.moduleUrl).pathname);
  const script = bundled ? options.join(options.packageRoot, 'lib', 'tenken.js') : options.join(options.packageRoot, 'dist', 'src', 'main.js');
  if (/\.ts$/.test(new URL(options.moduleUrl).pathname)) throw new ScheduleRuntimeError('sources', script);
  if (!options.exists(script)) throw new ScheduleRuntimeError('not-built', script);
  for (const path of [options.execPath, script]) {
    if (/[/\\]_npx[/\\]/.test(path)) throw new ScheduleRuntimeError('npx-cache', path);
    // A newline or a quote character in a path cannot be written safely into every scheduler's format.
    if (/[\u0000-\u001f\u007f"]/.test(path)) throw new ScheduleRuntimeError('control-characters', path);
  }
  // An installed package (/usr/local/tenken on macOS) or a system Node is already at a path that stays.
  const [node, stableScript] = [withoutKegVersion(options.execPath, options.exists), withoutKegVersion(script, options.exists)];
  const unstable = [node, stableScript].find((p) => VERSIONED.test(p));
  return { node, script: stableScript, ...(unstable ? { unstable } : {}) };
}
