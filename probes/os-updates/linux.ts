/**
 * The Linux collector of os-updates. Reads only: it never refreshes package lists (`apt update`, dnf metadata)
 * because that needs root and the network and may hang behind a captive portal; it reports how old the lists
 * are instead. Works as a normal user (apt list reads the package cache without a lock; dnf -C reads the cache).
 */
import type { z } from 'zod';
import { CommandTimedOutError, PermissionDeniedError } from '../../src/host/errors.ts';
import type { RunOptions } from '../../src/host/host.ts';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import eolData from './linux-eol.json' with { type: 'json' };
import type { OsUpdatesEvidence } from './os-updates.ts';
import {
  aptErrorLine,
  lastSuccessfulAptChange,
  localToIso,
  parseAptConfigDump,
  parseAptListUpgradable,
  parseDnfAutomaticApply,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
  parseDpkgStatus,
  parseIsEnabled,
  parseOsRelease,
  parseRpmInstallTimes,
  periodicOn,
} from './parse.ts';

type Evidence = z.input<typeof OsUpdatesEvidence>;
type Why = ReturnType<typeof reasons>;

/** apt list builds the package cache and dnf resolves the dependency graph: seconds on a desktop, more on a slow disk. */
const PACKAGE_TOOL_TIMEOUT_MS = 30_000;
/** Two package-tool calls may run back to back (dnf check-update, then updateinfo), plus the quick ones. */
export const PROBE_TIMEOUT_MS = 75_000;

/**
 * The apt source of pending updates: `apt list --upgradable`, the installed packages whose candidate version is
 * newer. Chosen over the simulation `apt-get -s -o Debug::NoLocking=1 dist-upgrade` (probe 1.0.0), which runs the
 * full problem resolver: on the Debian 12 build machine with 128 pending upgrades the simulation took 1.7–2.6 s and
 * 83 MB peak RSS, apt list 0.6–0.75 s and 54 MB, for the same 128 packages and the same 81 from -security, and the
 * simulation alone made every scan take over 2 s.
 *
 * What it does not count: packages a dist-upgrade would newly install (a new kernel ABI package such as
 * linux-image-6.8.0-63-generic; its metapackage linux-image-generic is listed as upgradable, so the kernel update
 * still shows) and removals. What it counts that an upgrade would not do now: upgrades held with apt-mark hold,
 * kept back for new dependencies, or not yet offered by Ubuntu's phased updates. The `apt` front end is part of
 * the apt package since apt 1.0 (Debian 8, Ubuntu 14.04), so every apt-get system has it.
 */
export const APT_LIST_UPGRADABLE = ['list', '--upgradable'] as const;
export const APT_PERIODIC_KEYS = ['APT::Periodic::Update-Package-Lists', 'APT::Periodic::Unattended-Upgrade'] as const;
export const DNF_TIMERS = ['dnf-automatic.timer', 'dnf-automatic-install.timer', 'dnf5-automatic.timer'] as const;

// ------------------------------------------------------------------------------------ end of life

interface EolCycle {
  readonly eol: string | boolean;
  readonly eoes?: string | boolean;
}
interface EolDistribution {
  readonly product: string;
  readonly cycleFrom: string;
  readonly cycles: Readonly<Record<string, EolCycle>>;
}
const DISTRIBUTIONS = eolData.distributions as unknown as Readonly<Record<string, EolDistribution>>;

/**
 * The support end of a release: SUPPORT_END where os-release gives it (Fedora ≥ 36, Amazon Linux, Rocky 9.x…),
 * otherwise the bundled endoflife.date data (linux-eol.json, its commit and date inside). A release that is not
 * in the data is unknown, never guessed from a neighbour.
 */
export function supportOf(os: Record<string, string>, why: Why): Evidence['support'] {
  const id = os.ID ?? null;
  const version = os.VERSION_ID ?? null;
  const known = id ? DISTRIBUTIONS[id] : undefined;
  const cycleName = known && version ? (known.cycleFrom === 'major' ? version.split('.')[0]! : version) : null;
  const cycle = known && cycleName ? known.cycles[cycleName] : undefined;
  const date = (v: string | boolean | undefined) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

  const supportEnd = date(os.SUPPORT_END);
  let endsAt: string | null = supportEnd;
  let source: 'os-release' | 'endoflife.date' | null = supportEnd ? 'os-release' : null;
  if (!endsAt && cycle) {
    endsAt = date(cycle.eol);
    if (endsAt) source = 'endoflife.date';
  }
  const extendedEndsAt = cycle ? date(cycle.eoes) : null;

  const notInData: Reason | null = !known
    ? because('eol.not-in-data', { id: id ?? '(no ID)' })
    : !cycle
      ? because('eol.cycle-not-in-data', { release: `${id ?? '(no ID)'} ${version ?? '(no VERSION_ID)'}`, product: known.product })
      : null;
  if (!endsAt) {
    why.set(
      'support.endsAt',
      os.SUPPORT_END !== undefined && !supportEnd
        ? because('eol.support-end-not-date', { value: os.SUPPORT_END })
        : (notInData ?? because('eol.no-end-date', { release: `${known!.product} ${cycleName}` }, String(cycle!.eol))),
    );
  }
  if (!extendedEndsAt) {
    why.set('support.extendedEndsAt', notInData ?? because('eol.no-extended', { release: `${known!.product} ${cycleName}` }));
  }
  // Debian LTS is not a paid add-on: the LTS team publishes to the same security archive every Debian machine
  // already uses (https://wiki.debian.org/LTS). Ubuntu ESM and RHEL ELS need a subscription, so there the free
  // security updates end with standard support.
  const securityUpdatesEndAt = id === 'debian' ? (extendedEndsAt ?? endsAt) : endsAt;
  if (!securityUpdatesEndAt) why.set('support.securityUpdatesEndAt', why.map['support.endsAt'] ?? because('eol.unknown'));
  return { endsAt, extendedEndsAt, securityUpdatesEndAt, source, cycle: known && cycle ? `${known.product} ${cycleName}` : null };
}

// ----------------------------------------------------------------------------------- helpers

/** Runs a command; a missing program is a fact (undefined), a timeout a reason; other failures propagate. */
async function tryRun(
  ctx: ProbeContext,
  file: string,
  args: readonly string[],
  options: Omit<RunOptions, 'signal'> = {},
): Promise<{ stdout: string; stderr: string; exitCode: number } | 'not-found' | 'timed-out'> {
  try {
    return (await runIfInstalled(ctx, file, args, options)) ?? 'not-found';
  } catch (e) {
    if (e instanceof CommandTimedOutError && !ctx.signal.aborted) return 'timed-out';
    throw e;
  }
}

/**
 * Starts a package tool's slow query and, as soon as the tool is known to exist (its process started), `beside`:
 * the commands and reads that only make sense where that tool is installed but do not need its answer. They run
 * while the query does instead of after it (apt list is the longest command of a whole scan). `beside` is
 * undefined when the tool is not installed.
 */
function withTool<T>(
  ctx: ProbeContext,
  file: string,
  args: readonly string[],
  beside: () => Promise<T>,
): { query: ReturnType<typeof tryRun>; beside: Promise<T | undefined> } {
  let started!: () => void;
  const running = new Promise<true>((resolve) => (started = () => resolve(true)));
  const query = tryRun(ctx, file, args, { timeoutMs: PACKAGE_TOOL_TIMEOUT_MS, onStarted: () => started() });
  // A query that ends (or fails) without having started means the tool is not there: nothing runs beside it.
  const installed = Promise.race([running, query.then((r) => r !== 'not-found', () => false)]);
  return { query, beside: installed.then((yes) => (yes ? beside() : undefined)) };
}

async function readOptional(ctx: ProbeContext, path: string): Promise<string | undefined | 'denied'> {
  try {
    return await ctx.readFile(path);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return 'denied';
    throw e;
  }
}

/** sd_booted(3): systemd is the running init iff /run/systemd/system exists (false in most containers). */
async function systemdRunning(ctx: ProbeContext): Promise<boolean> {
  return (await ctx.stat('/run/systemd/system'))?.type === 'directory';
}

type Ran = { stdout: string; stderr: string; exitCode: number } | 'timed-out';
type CommandAnswer = Awaited<ReturnType<typeof tryRun>>;

/** `systemctl is-enabled` for each unit, all at once (the answers are read by timerStates, in the units' order). */
const isEnabled = (ctx: ProbeContext, units: readonly string[]): Promise<CommandAnswer[]> => Promise.all(units.map((unit) => tryRun(ctx, 'systemctl', ['is-enabled', unit])));

function timerStates(units: readonly string[], answers: readonly CommandAnswer[], why: Why): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  units.forEach((unit, i) => {
    const r = answers[i]!;
    if (r === 'not-found') out[unit] = why.set(`automaticUpdates.timers.${unit}`, because('command.missing', { command: 'systemctl' }));
    else if (r === 'timed-out') out[unit] = why.set(`automaticUpdates.timers.${unit}`, because('command.timed-out', { command: 'systemctl is-enabled' }));
    else {
      out[unit] = parseIsEnabled(r.stdout, r.stderr);
      if (out[unit] === null) why.set(`automaticUpdates.timers.${unit}`, because('command.unexpected-output', { command: 'systemctl is-enabled' }, saidBy(r)));
    }
  });
  return out;
}

/**
 * Whether the tool will install updates by itself: a definite "no" from any link of the chain wins; a chain
 * whose links all say yes is still unknown when systemd is not running (the timers never fire; on Debian
 * cron's apt-compat job may run it instead, which is not checked).
 */
function installsUpdates(links: readonly (boolean | null)[], systemd: boolean, why: Why): boolean | null {
  if (links.includes(false)) return false;
  if (links.includes(null)) return why.set('automaticUpdates.installsUpdates', because('updates.chain-unknown'));
  if (!systemd) {
    return why.set('automaticUpdates.installsUpdates', because('updates.no-systemd'));
  }
  return true;
}

// ------------------------------------------------------------------------------------------- apt

type Facts = Pick<Evidence, 'pendingUpdates' | 'lastUpdateAt' | 'automaticUpdates' | 'rebootRequired'>;
/**
 * Debian ≤ 10 published security updates in the suite `buster/updates`, whose archive name is the release's own
 * (stable, oldstable…) and not `*-security`; apt list shows only archive names, so there it cannot tell a security
 * update from any other (the dist-upgrade simulation could, by the Debian-Security label).
 */
const securitySuiteUnnamed = (d: Evidence['distribution']) => d.id === 'debian' && /^\d+$/.test(d.versionId ?? '') && Number(d.versionId) <= 10;

/** What apt's machine holds besides the pending updates; none of it needs apt list's answer, so it is read meanwhile. */
function aptSources(ctx: ProbeContext) {
  return Promise.all([
    // apt.systemd.daily touches update-success-stamp after a successful `apt update`; without it, the lists
    // directory's mtime changes whenever apt update writes a new index.
    ctx.stat('/var/lib/apt/periodic/update-success-stamp').then(async (s) => s ?? (await ctx.stat('/var/lib/apt/lists'))),
    // Last successful change, from the two uncompressed history logs (older ones are gzip-rotated monthly).
    Promise.all(['/var/log/apt/history.log', '/var/log/apt/history.log.1'].map((path) => readOptional(ctx, path))).then((texts) =>
      texts.filter((t): t is string => typeof t === 'string' && t !== 'denied'),
    ),
    // Automatic updates: APT::Periodic settings, the unattended-upgrades package, the apt-daily-upgrade timer.
    tryRun(ctx, 'apt-config', ['dump']),
    tryRun(ctx, 'dpkg-query', ['-W', '-f', '${Status}', 'unattended-upgrades']),
    isEnabled(ctx, APT_TIMERS),
    // /var/run/reboot-required is created by update-notifier-common/needrestart hooks after kernel or libc updates.
    ctx.stat('/var/run/reboot-required'),
  ]);
}
const APT_TIMERS = ['apt-daily-upgrade.timer'] as const;

/** `list` is the answer of `apt list --upgradable` (APT_LIST_UPGRADABLE), read from the local package lists; `sources` what aptSources read. */
function collectApt(ctx: ProbeContext, why: Why, systemd: boolean, list: Ran, distribution: Evidence['distribution'], sources: Awaited<ReturnType<typeof aptSources>>): Facts {
  let count: number | null = null;
  let securityCount: number | null = null;
  const command = 'apt list --upgradable';
  const parsed =
    list === 'timed-out'
      ? { unreadable: because('command.timed-out', { command }) }
      : list.exitCode !== 0
        ? { unreadable: because('command.failed', { command, exitCode: list.exitCode }, aptErrorLine(list.stderr)) }
        : parseAptListUpgradable(list.stdout);
  if ('unreadable' in parsed) {
    why.set('pendingUpdates.count', parsed.unreadable);
    why.set('pendingUpdates.securityCount', parsed.unreadable);
  } else {
    count = parsed.count;
    securityCount = parsed.securityCount;
    if (count > 0 && securitySuiteUnnamed(distribution)) {
      securityCount = why.set('pendingUpdates.securityCount', because('apt.security-suite-unnamed', { version: distribution.versionId ?? '' }));
    }
  }
  const [stamp, logs, dump, pkg, timerAnswers, flag] = sources;
  const timers = timerStates(APT_TIMERS, timerAnswers, why);
  const metadataRefreshedAt = stamp?.mtime ?? why.set('pendingUpdates.metadataRefreshedAt', because('apt.no-lists'));

  // Asked on every apt machine, as `date +%z` was run on each: a recording from before answers it from that run.
  const offset = ctx.utcOffsetMinutes();
  let lastUpdateAt: string | null = null;
  const local = lastSuccessfulAptChange(logs);
  if (logs.length === 0) why.set('lastUpdateAt', because('apt.no-history'));
  else if (!local) why.set('lastUpdateAt', because('apt.no-install-in-history'));
  else {
    // apt writes local time without a zone; the machine's current UTC offset converts it. Across a DST change
    // the result can be off by the DST shift (an hour), which is far below what an update-age check measures.
    lastUpdateAt = offset === null ? why.set('lastUpdateAt', because('apt.no-utc-offset', { time: local })) : localToIso(local, offset);
  }

  const settings = typeof dump === 'object' && dump.exitCode === 0 ? parseAptConfigDump(dump.stdout, APT_PERIODIC_KEYS) : null;
  if (!settings) why.set('automaticUpdates.settings', typeof dump === 'object' ? because('command.failed', { command: 'apt-config dump', exitCode: dump.exitCode }, saidBy(dump)) : because(dump === 'not-found' ? 'command.missing' : 'command.timed-out', { command: 'apt-config' }));
  const installed = typeof pkg === 'object' ? parseDpkgStatus(pkg.stdout, pkg.exitCode) : null;
  if (installed === null) why.set('automaticUpdates.installed', because('apt.unattended-unknown'));
  const timerState = timers['apt-daily-upgrade.timer'];
  const links = [
    installed,
    settings ? periodicOn(settings['APT::Periodic::Update-Package-Lists']) : null,
    settings ? periodicOn(settings['APT::Periodic::Unattended-Upgrade']) : null,
    timerState === null || timerState === undefined ? null : timerState === 'enabled' || timerState === 'enabled-runtime',
  ];

  return {
    pendingUpdates: { count, securityCount, metadataRefreshedAt },
    lastUpdateAt,
    automaticUpdates: {
      tool: 'unattended-upgrades',
      installed,
      settings: settings ?? {},
      timers,
      systemdRunning: systemd,
      installsUpdates: installsUpdates(links, systemd, why),
    },
    rebootRequired: flag !== undefined,
  };
}

// ------------------------------------------------------------------------------------------- dnf

/** What dnf's machine holds besides the pending updates, read while check-update runs (none of it needs its answer). */
function dnfSources(ctx: ProbeContext) {
  return Promise.all([
    tryRun(ctx, 'rpm', ['-qa', '--qf', '%{INSTALLTIME}\\n'], { timeoutMs: PACKAGE_TOOL_TIMEOUT_MS }),
    readOptional(ctx, '/etc/dnf/automatic.conf'),
    isEnabled(ctx, DNF_TIMERS),
    // needs-restarting -r (dnf-utils / dnf-plugins-core): exit 1 = reboot needed, 0 = not.
    tryRun(ctx, 'needs-restarting', ['-r']),
  ]);
}

/** `check` is the answer of `dnf -q -C check-update` (cache only: never waits on the network); `sources` what dnfSources read. */
async function collectDnf(ctx: ProbeContext, why: Why, systemd: boolean, check: Ran, sources: Awaited<ReturnType<typeof dnfSources>>): Promise<Facts> {
  const [rpm, conf, timerAnswers, nr] = sources;
  // check-update speaks through its exit code: 100 updates listed, 0 none, 1 error (e.g. no cache with -C).
  let count: number | null = null;
  if (check === 'timed-out') why.set('pendingUpdates.count', because('command.timed-out', { command: 'dnf check-update' }));
  else if (check.exitCode === 0) count = 0;
  else if (check.exitCode === 100) {
    count = parseDnfCheckUpdate(check.stdout);
    if (count === null) why.set('pendingUpdates.count', because('command.unexpected-output', { command: 'dnf check-update' }, firstLine(check.stdout)));
  } else why.set('pendingUpdates.count', because('command.failed', { command: 'dnf check-update', exitCode: check.exitCode }, saidBy(check)));

  let securityCount: number | null = null;
  if (check !== 'timed-out' && (check.exitCode === 0 || check.exitCode === 100)) {
    const sec = await tryRun(ctx, 'dnf', ['-q', '-C', 'updateinfo', 'list', '--security'], { timeoutMs: PACKAGE_TOOL_TIMEOUT_MS });
    if (typeof sec !== 'object') why.set('pendingUpdates.securityCount', because(sec === 'not-found' ? 'command.missing' : 'command.timed-out', { command: 'dnf updateinfo' }));
    else if (sec.exitCode !== 0) why.set('pendingUpdates.securityCount', because('command.failed', { command: 'dnf updateinfo', exitCode: sec.exitCode }, saidBy(sec)));
    else {
      securityCount = parseDnfSecurityList(sec.stdout);
      if (securityCount === null) why.set('pendingUpdates.securityCount', because('command.unexpected-output', { command: 'dnf updateinfo' }, firstLine(sec.stdout)));
    }
  } else why.set('pendingUpdates.securityCount', because('dnf.not-asked'));
  why.set('pendingUpdates.metadataRefreshedAt', because('dnf.cache-age-not-read'));

  const epoch = typeof rpm === 'object' && rpm.exitCode === 0 ? parseRpmInstallTimes(rpm.stdout) : null;
  const lastUpdateAt = epoch === null ? why.set('lastUpdateAt', because('value.missing', { source: 'rpm -qa', name: 'INSTALLTIME' })) : new Date(epoch * 1000).toISOString();

  const timers = timerStates(DNF_TIMERS, timerAnswers, why);
  const states = Object.values(timers);
  const enabled = (s: string | null | undefined) => s === 'enabled' || s === 'enabled-runtime';
  // A unit file that exists in any state means the package is there; all not-found means it is not.
  const installed = states.includes(null) ? null : states.some((s) => s !== 'not-found');
  if (installed === null) why.set('automaticUpdates.installed', because('dnf.timer-unknown'));
  const apply = typeof conf === 'string' && conf !== 'denied' ? parseDnfAutomaticApply(conf) : null;
  const settings: Record<string, string> = apply === null ? {} : { apply_updates: apply ? 'yes' : 'no' };
  // dnf-automatic-install.timer installs whatever apply_updates says; the plain timers install only with apply_updates = yes.
  const installing =
    enabled(timers['dnf-automatic-install.timer']) ||
    ((enabled(timers['dnf-automatic.timer']) || enabled(timers['dnf5-automatic.timer'])) && apply === true);
  const links = [installed, installed === false ? false : installing];

  let rebootRequired: boolean | null = null;
  if (nr === 'not-found') why.set('rebootRequired', because('command.missing', { command: 'needs-restarting (dnf-utils)' }));
  else if (nr === 'timed-out') why.set('rebootRequired', because('command.timed-out', { command: 'needs-restarting -r' }));
  else if (nr.exitCode === 0 || nr.exitCode === 1) rebootRequired = nr.exitCode === 1;
  else why.set('rebootRequired', because('command.failed', { command: 'needs-restarting -r', exitCode: nr.exitCode }, saidBy(nr)));

  return {
    pendingUpdates: { count, securityCount, metadataRefreshedAt: null },
    lastUpdateAt,
    automaticUpdates: { tool: 'dnf-automatic', installed, settings, timers, systemdRunning: systemd, installsUpdates: installsUpdates(links, systemd, why) },
    rebootRequired,
  };
}

// ---------------------------------------------------------------------------------------- linux

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  // The package manager is whichever tool exists: apt first (Debian family), then dnf. apt list is the longest
  // command of a scan, so it starts before anything else is read, with the rest of apt's sources beside it.
  const apt = withTool(ctx, 'apt', APT_LIST_UPGRADABLE, () => aptSources(ctx));
  // Awaited together, so that a failed read never leaves the apt commands' outcome unobserved.
  const [text, systemd, list, aptRead] = await Promise.all([
    ctx.readFile('/etc/os-release').then(async (t) => t ?? (await ctx.readFile('/usr/lib/os-release'))),
    systemdRunning(ctx),
    apt.query,
    apt.beside,
  ]);
  const os = parseOsRelease(text ?? '');
  if (text === undefined) why.set('distribution.id', because('os-release.missing'));
  const distribution = {
    id: os.ID ?? null,
    idLike: (os.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
    versionId: os.VERSION_ID ?? null,
    codename: os.VERSION_CODENAME || null,
    prettyName: os.PRETTY_NAME ?? null,
  };
  if (text !== undefined && !distribution.id) why.set('distribution.id', because('value.missing', { source: 'os-release', name: 'ID' }));
  const support = supportOf(os, why);

  if (list !== 'not-found') return { distribution, support, packageManager: 'apt', ...collectApt(ctx, why, systemd, list, distribution, aptRead ?? (await aptSources(ctx))), unknown: why.map };
  const dnf = withTool(ctx, 'dnf', ['-q', '-C', 'check-update'], () => dnfSources(ctx));
  const [check, dnfRead] = await Promise.all([dnf.query, dnf.beside]);
  if (check !== 'not-found') return { distribution, support, packageManager: 'dnf', ...(await collectDnf(ctx, why, systemd, check, dnfRead ?? (await dnfSources(ctx)))), unknown: why.map };

  const none = because('updates.no-package-manager');
  for (const path of ['pendingUpdates.count', 'pendingUpdates.securityCount', 'pendingUpdates.metadataRefreshedAt', 'lastUpdateAt', 'rebootRequired', 'automaticUpdates.installed', 'automaticUpdates.installsUpdates']) why.set(path, none);
  return {
    distribution,
    support,
    packageManager: 'none',
    pendingUpdates: { count: null, securityCount: null, metadataRefreshedAt: null },
    lastUpdateAt: null,
    automaticUpdates: { tool: null, installed: null, settings: {}, timers: {}, systemdRunning: systemd, installsUpdates: null },
    rebootRequired: null,
    unknown: why.map,
  };
}
