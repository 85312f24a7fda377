/**
 * The Linux collector of os-updates. Reads only: it never refreshes package lists (`apt update`, dnf metadata)
 * because that needs root and the network and may hang behind a captive portal; it reports how old the lists
 * are instead. Works as a normal user (apt list reads the package cache without a lock; dnf -C reads the cache).
 */
import type { z } from 'zod';
import { CommandNotFoundError, CommandTimedOutError, PermissionDeniedError } from '../../src/host/errors.ts';
import type { ProbeContext } from '../../src/probe.ts';
import { reasons } from '../../src/probe.ts';
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
  parseUtcOffset,
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

  const what = `${id ?? '(no ID)'} ${version ?? '(no VERSION_ID)'}`;
  const notInData = !known
    ? `${id ?? 'this distribution'} is not in the bundled endoflife.date data`
    : !cycle
      ? `${what} is not a release cycle in the bundled endoflife.date data (${known.product})`
      : null;
  if (!endsAt) {
    why.set(
      'support.endsAt',
      os.SUPPORT_END !== undefined && !supportEnd
        ? `os-release SUPPORT_END is not a date: "${os.SUPPORT_END}"`
        : (notInData ?? `endoflife.date gives no end date for ${known!.product} ${cycleName} (${String(cycle!.eol)})`),
    );
  }
  if (!extendedEndsAt) {
    why.set('support.extendedEndsAt', notInData ?? `endoflife.date lists no extended support for ${known!.product} ${cycleName}`);
  }
  // Debian LTS is not a paid add-on: the LTS team publishes to the same security archive every Debian machine
  // already uses (https://wiki.debian.org/LTS). Ubuntu ESM and RHEL ELS need a subscription, so there the free
  // security updates end with standard support.
  const securityUpdatesEndAt = id === 'debian' ? (extendedEndsAt ?? endsAt) : endsAt;
  if (!securityUpdatesEndAt) why.set('support.securityUpdatesEndAt', why.map['support.endsAt'] ?? 'no support end date is known');
  return { endsAt, extendedEndsAt, securityUpdatesEndAt, source, cycle: known && cycle ? `${known.product} ${cycleName}` : null };
}

// ----------------------------------------------------------------------------------- helpers

/** Runs a command; a missing program is a fact (undefined), a timeout a reason; other failures propagate. */
async function tryRun(
  ctx: ProbeContext,
  file: string,
  args: readonly string[],
  timeoutMs?: number,
): Promise<{ stdout: string; stderr: string; exitCode: number } | 'not-found' | 'timed-out'> {
  try {
    return await ctx.run(file, args, timeoutMs ? { timeoutMs } : {});
  } catch (e) {
    if (e instanceof CommandNotFoundError) return 'not-found';
    if (e instanceof CommandTimedOutError && !ctx.signal.aborted) return 'timed-out';
    throw e;
  }
}

const firstLine = (s: string) => s.trim().split('\n')[0]?.trim() ?? '';
const failure = (r: { stderr: string; exitCode: number }) => firstLine(r.stderr) || `exit code ${r.exitCode}`;

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

async function timerStates(ctx: ProbeContext, units: readonly string[], why: Why): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const unit of units) {
    const r = await tryRun(ctx, 'systemctl', ['is-enabled', unit]);
    if (r === 'not-found') out[unit] = why.set(`automaticUpdates.timers.${unit}`, 'systemctl is not installed (no systemd)');
    else if (r === 'timed-out') out[unit] = why.set(`automaticUpdates.timers.${unit}`, 'systemctl is-enabled timed out');
    else {
      out[unit] = parseIsEnabled(r.stdout, r.stderr);
      if (out[unit] === null) why.set(`automaticUpdates.timers.${unit}`, `unexpected systemctl is-enabled answer: ${failure(r)}`);
    }
  }
  return out;
}

/**
 * Whether the tool will install updates by itself: a definite "no" from any link of the chain wins; a chain
 * whose links all say yes is still unknown when systemd is not running (the timers never fire; on Debian
 * cron's apt-compat job may run it instead, which is not checked).
 */
function installsUpdates(links: readonly (boolean | null)[], systemd: boolean, why: Why): boolean | null {
  if (links.includes(false)) return false;
  if (links.includes(null)) return why.set('automaticUpdates.installsUpdates', 'a link of the automatic-update chain is unknown (see the other reasons)');
  if (!systemd) {
    return why.set(
      'automaticUpdates.installsUpdates',
      'systemd is not the running init (no /run/systemd/system), so its update timers do not fire; whether cron runs the job instead is not checked',
    );
  }
  return true;
}

// ------------------------------------------------------------------------------------------- apt

type Facts = Pick<Evidence, 'pendingUpdates' | 'lastUpdateAt' | 'automaticUpdates' | 'rebootRequired'>;
type Ran = { stdout: string; stderr: string; exitCode: number } | 'timed-out';

/**
 * Debian ≤ 10 published security updates in the suite `buster/updates`, whose archive name is the release's own
 * (stable, oldstable…) and not `*-security`; apt list shows only archive names, so there it cannot tell a security
 * update from any other (the dist-upgrade simulation could, by the Debian-Security label).
 */
const securitySuiteUnnamed = (d: Evidence['distribution']) => d.id === 'debian' && /^\d+$/.test(d.versionId ?? '') && Number(d.versionId) <= 10;

/** `list` is the answer of `apt list --upgradable` (APT_LIST_UPGRADABLE), read from the local package lists. */
async function collectApt(ctx: ProbeContext, why: Why, systemd: boolean, list: Ran, distribution: Evidence['distribution']): Promise<Facts> {
  let count: number | null = null;
  let securityCount: number | null = null;
  const parsed =
    list === 'timed-out'
      ? { unreadable: 'timed out' }
      : list.exitCode !== 0
        ? { unreadable: `failed (exit ${list.exitCode}): ${aptErrorLine(list.stderr) ?? 'no error message'}` }
        : parseAptListUpgradable(list.stdout);
  if ('unreadable' in parsed) {
    why.set('pendingUpdates.count', `apt list --upgradable ${parsed.unreadable}`);
    why.set('pendingUpdates.securityCount', `apt list --upgradable ${parsed.unreadable}`);
  } else {
    count = parsed.count;
    securityCount = parsed.securityCount;
    if (count > 0 && securitySuiteUnnamed(distribution)) {
      securityCount = why.set(
        'pendingUpdates.securityCount',
        `Debian ${distribution.versionId} publishes security updates in <codename>/updates under the release's own archive name, which apt list --upgradable does not tell apart from other updates`,
      );
    }
  }
  // The remaining sources do not depend on each other: read them at once (a scan waits on its slowest probe).
  const [stamp, logs, tz, dump, pkg, timers, flag] = await Promise.all([
    // apt.systemd.daily touches update-success-stamp after a successful `apt update`; without it, the lists
    // directory's mtime changes whenever apt update writes a new index.
    ctx.stat('/var/lib/apt/periodic/update-success-stamp').then(async (s) => s ?? (await ctx.stat('/var/lib/apt/lists'))),
    // Last successful change, from the two uncompressed history logs (older ones are gzip-rotated monthly).
    Promise.all(['/var/log/apt/history.log', '/var/log/apt/history.log.1'].map((path) => readOptional(ctx, path))).then((texts) =>
      texts.filter((t): t is string => typeof t === 'string' && t !== 'denied'),
    ),
    tryRun(ctx, 'date', ['+%z']),
    // Automatic updates: APT::Periodic settings, the unattended-upgrades package, the apt-daily-upgrade timer.
    tryRun(ctx, 'apt-config', ['dump']),
    tryRun(ctx, 'dpkg-query', ['-W', '-f', '${Status}', 'unattended-upgrades']),
    timerStates(ctx, ['apt-daily-upgrade.timer'], why),
    // /var/run/reboot-required is created by update-notifier-common/needrestart hooks after kernel or libc updates.
    ctx.stat('/var/run/reboot-required'),
  ]);
  const metadataRefreshedAt = stamp?.mtime ?? why.set('pendingUpdates.metadataRefreshedAt', 'neither /var/lib/apt/periodic/update-success-stamp nor /var/lib/apt/lists exists');

  let lastUpdateAt: string | null = null;
  const local = lastSuccessfulAptChange(logs);
  if (logs.length === 0) why.set('lastUpdateAt', 'no readable apt history log (/var/log/apt/history.log, history.log.1)');
  else if (!local) why.set('lastUpdateAt', 'the uncompressed apt history logs hold no successful install or upgrade');
  else {
    // apt writes local time without a zone; the machine's current UTC offset converts it. Across a DST change
    // the result can be off by the DST shift (an hour), which is far below what an update-age check measures.
    const offset = typeof tz === 'object' ? parseUtcOffset(tz.stdout) : null;
    lastUpdateAt = offset === null ? why.set('lastUpdateAt', `could not read the local UTC offset to place apt's zone-less time ${local}`) : localToIso(local, offset);
  }

  const settings = typeof dump === 'object' && dump.exitCode === 0 ? parseAptConfigDump(dump.stdout, APT_PERIODIC_KEYS) : null;
  if (!settings) why.set('automaticUpdates.settings', 'apt-config dump failed');
  const installed = typeof pkg === 'object' ? parseDpkgStatus(pkg.stdout, pkg.exitCode) : null;
  if (installed === null) why.set('automaticUpdates.installed', `dpkg-query could not tell whether unattended-upgrades is installed`);
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

/** `check` is the answer of `dnf -q -C check-update` (cache only: never waits on the network). */
async function collectDnf(ctx: ProbeContext, why: Why, systemd: boolean, check: Ran): Promise<Facts> {
  // check-update speaks through its exit code: 100 updates listed, 0 none, 1 error (e.g. no cache with -C).
  let count: number | null = null;
  if (check === 'timed-out') why.set('pendingUpdates.count', 'dnf check-update timed out');
  else if (check.exitCode === 0) count = 0;
  else if (check.exitCode === 100) {
    count = parseDnfCheckUpdate(check.stdout);
    if (count === null) why.set('pendingUpdates.count', `dnf check-update exited 100 but listed no package: "${firstLine(check.stdout).slice(0, 120)}"`);
  } else why.set('pendingUpdates.count', `dnf check-update failed (exit ${check.exitCode}): ${failure(check)}`);

  let securityCount: number | null = null;
  if (check !== 'timed-out' && (check.exitCode === 0 || check.exitCode === 100)) {
    const sec = await tryRun(ctx, 'dnf', ['-q', '-C', 'updateinfo', 'list', '--security'], PACKAGE_TOOL_TIMEOUT_MS);
    if (typeof sec !== 'object') why.set('pendingUpdates.securityCount', `dnf updateinfo ${sec}`);
    else if (sec.exitCode !== 0) why.set('pendingUpdates.securityCount', `dnf updateinfo failed: ${failure(sec)}`);
    else {
      securityCount = parseDnfSecurityList(sec.stdout);
      if (securityCount === null) why.set('pendingUpdates.securityCount', `unexpected dnf updateinfo output: "${firstLine(sec.stdout).slice(0, 120)}"`);
    }
  } else why.set('pendingUpdates.securityCount', 'not asked: dnf check-update did not succeed');
  why.set('pendingUpdates.metadataRefreshedAt', 'the age of the dnf metadata cache is not read; counts come from the cache as of its last refresh');

  const rpm = await tryRun(ctx, 'rpm', ['-qa', '--qf', '%{INSTALLTIME}\\n'], PACKAGE_TOOL_TIMEOUT_MS);
  const epoch = typeof rpm === 'object' && rpm.exitCode === 0 ? parseRpmInstallTimes(rpm.stdout) : null;
  const lastUpdateAt = epoch === null ? why.set('lastUpdateAt', 'rpm -qa gave no install time') : new Date(epoch * 1000).toISOString();

  const conf = await readOptional(ctx, '/etc/dnf/automatic.conf');
  const timers = await timerStates(ctx, DNF_TIMERS, why);
  const states = Object.values(timers);
  const enabled = (s: string | null | undefined) => s === 'enabled' || s === 'enabled-runtime';
  // A unit file that exists in any state means the package is there; all not-found means it is not.
  const installed = states.includes(null) ? null : states.some((s) => s !== 'not-found');
  if (installed === null) why.set('automaticUpdates.installed', 'a dnf-automatic timer state is unknown');
  const apply = typeof conf === 'string' && conf !== 'denied' ? parseDnfAutomaticApply(conf) : null;
  const settings: Record<string, string> = apply === null ? {} : { apply_updates: apply ? 'yes' : 'no' };
  // dnf-automatic-install.timer installs whatever apply_updates says; the plain timers install only with apply_updates = yes.
  const installing =
    enabled(timers['dnf-automatic-install.timer']) ||
    ((enabled(timers['dnf-automatic.timer']) || enabled(timers['dnf5-automatic.timer'])) && apply === true);
  const links = [installed, installed === false ? false : installing];

  // needs-restarting -r (dnf-utils / dnf-plugins-core): exit 1 = reboot needed, 0 = not.
  let rebootRequired: boolean | null = null;
  const nr = await tryRun(ctx, 'needs-restarting', ['-r']);
  if (nr === 'not-found') why.set('rebootRequired', 'needs-restarting (dnf-utils) is not installed');
  else if (nr === 'timed-out') why.set('rebootRequired', 'needs-restarting -r timed out');
  else if (nr.exitCode === 0 || nr.exitCode === 1) rebootRequired = nr.exitCode === 1;
  else why.set('rebootRequired', `needs-restarting -r failed: ${failure(nr)}`);

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
  const text = (await ctx.readFile('/etc/os-release')) ?? (await ctx.readFile('/usr/lib/os-release'));
  const os = parseOsRelease(text ?? '');
  if (text === undefined) why.set('distribution.id', 'neither /etc/os-release nor /usr/lib/os-release exists');
  const distribution = {
    id: os.ID ?? null,
    idLike: (os.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
    versionId: os.VERSION_ID ?? null,
    codename: os.VERSION_CODENAME || null,
    prettyName: os.PRETTY_NAME ?? null,
  };
  if (text !== undefined && !distribution.id) why.set('distribution.id', 'os-release has no ID');
  const support = supportOf(os, why);
  const systemd = await systemdRunning(ctx);

  // The package manager is whichever tool exists: apt first (Debian family), then dnf.
  const list = await tryRun(ctx, 'apt', APT_LIST_UPGRADABLE, PACKAGE_TOOL_TIMEOUT_MS);
  if (list !== 'not-found') return { distribution, support, packageManager: 'apt', ...(await collectApt(ctx, why, systemd, list, distribution)), unknown: why.map };
  const check = await tryRun(ctx, 'dnf', ['-q', '-C', 'check-update'], PACKAGE_TOOL_TIMEOUT_MS);
  if (check !== 'not-found') return { distribution, support, packageManager: 'dnf', ...(await collectDnf(ctx, why, systemd, check)), unknown: why.map };

  const none = 'no supported package manager (apt, dnf) is installed';
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
