/**
 * The macOS collector of os-updates. Reads only what macOS already knows: sw_vers, the Software Update
 * preferences (the catalogue of the last background check, its dates and the automatic-update switches, plus a
 * configuration profile's overrides in /Library/Managed Preferences) and InstallHistory.plist. It never starts a
 * catalogue scan (`softwareupdate --list` goes to the network and can take minutes). Works as a normal user:
 * none of these files is behind Full Disk Access. Plists are converted with plutil to XML, because their <date>
 * values make `plutil -convert json` fail.
 */
import { parsePlist } from '../../src/plist.ts';
import type { z } from 'zod';
import { because, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import eolData from './macos-eol.json' with { type: 'json' };
import type { OsUpdatesEvidence } from './os-updates.ts';

type Evidence = z.input<typeof OsUpdatesEvidence>;
type Why = ReturnType<typeof reasons>;

export const SOFTWARE_UPDATE_PLIST = '/Library/Preferences/com.apple.SoftwareUpdate.plist';
export const MANAGED_SOFTWARE_UPDATE_PLIST = '/Library/Managed Preferences/com.apple.SoftwareUpdate.plist';
export const INSTALL_HISTORY_PLIST = '/Library/Receipts/InstallHistory.plist';
export const plutilArgs = (file: string) => ['-convert', 'xml1', '-o', '-', file];

/**
 * The switches of Software Update → Automatic Updates. A key that is not set means the OS default, which is on
 * for every one of them (Apple's device-management schema, mdm/profiles/com.apple.SoftwareUpdate.yaml, gives each
 * `default: true`). AutomaticallyInstallMacOSUpdates is "Install macOS updates"; CriticalUpdateInstall and
 * ConfigDataInstall together are "Install Security Responses and system files" (macOS 13+).
 */
export const AUTO_UPDATE_KEYS = ['AutomaticCheckEnabled', 'AutomaticDownload', 'AutomaticallyInstallMacOSUpdates', 'CriticalUpdateInstall', 'ConfigDataInstall'] as const;

// ----------------------------------------------------------------------------------------- parsers

/** `sw_vers`: `Key:<tabs>value` lines (ProductName, ProductVersion, ProductVersionExtra on 13+ after an RSR, BuildVersion). */
export function parseSwVers(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** XML plist text → value; undefined when it is not a plist. */
export function parsePlistXml(xml: string): unknown {
  try {
    return parsePlist(xml);
  } catch {
    return undefined;
  }
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
const dateOf = (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : null);

/**
 * The newest successful install by softwareupdated that is not configuration data. softwareupdated installs
 * macOS updates ("macOS 14.4"), Rapid Security Responses, Safari and Command Line Tools, and also XProtect,
 * Gatekeeper and MRT data (contentType "config-data"), which arrive every few days and are not OS patches.
 */
export function lastSoftwareUpdateInstall(history: unknown): { at: string | null } | { unreadable: Reason } {
  if (!Array.isArray(history)) return { unreadable: because('file.unexpected', { path: INSTALL_HISTORY_PLIST }) };
  let at: string | null = null;
  for (const entry of history) {
    if (!isDict(entry) || entry.processName !== 'softwareupdated' || entry.contentType === 'config-data') continue;
    const d = dateOf(entry.date);
    if (d && (at === null || d > at)) at = d;
  }
  return { at };
}

/** Effective value of each switch: a managed profile's value wins over the local one, and unset means on. */
export function effectiveSwitches(local: Record<string, unknown>, managed: Record<string, unknown> | undefined) {
  const values: Record<string, boolean> = {};
  const from: Record<string, 'managed' | 'local' | 'default'> = {};
  const bad: string[] = [];
  for (const key of AUTO_UPDATE_KEYS) {
    const m = managed?.[key];
    const l = local[key];
    // Written by `defaults write … -bool`, or as 0/1 integers by some scripts and profiles.
    const bool = (v: unknown) => (typeof v === 'boolean' ? v : v === 0 || v === 1 ? v === 1 : undefined);
    if (m !== undefined && bool(m) !== undefined) [values[key], from[key]] = [bool(m)!, 'managed'];
    else if (l !== undefined && bool(l) !== undefined) [values[key], from[key]] = [bool(l)!, 'local'];
    else if (m === undefined && l === undefined) [values[key], from[key]] = [true, 'default'];
    else bad.push(key);
  }
  return { values, from, bad };
}

/**
 * Whether a RecommendedUpdates entry is a new major macOS (an upgrade, not an update of the installed release).
 * macOS updates come from MobileSoftwareUpdate with product keys "MSU_UPDATE_<build>_patch_<version>_<kind>":
 * "_major" for a new release ("MSU_UPDATE_23A344_patch_14.0_major"), "_minor" for an update of the installed
 * one ("MSU_UPDATE_22C5059b_patch_13.1_minor"; Macjutsu/super#49, #151). A macOS key without the kind counts as
 * major when its version's major is above the installed one. Safari and other products (Display Version
 * "17.5") are never upgrades of macOS.
 */
export function isMajorUpgrade(entry: unknown, installedMajor: number | null): boolean {
  if (!isDict(entry)) return false;
  const key = [entry.Identifier, entry['Product Key']].find((k): k is string => typeof k === 'string' && k.startsWith('MSU_UPDATE_'));
  if (!key) return false;
  if (/_major$/.test(key)) return true;
  if (/_minor$/.test(key)) return false;
  const shown = Number(/_patch_(\d+)/.exec(key)?.[1]);
  return installedMajor !== null && Number.isInteger(shown) && shown > installedMajor;
}

/**
 * `profiles status -type enrollment` (not localized): "Enrolled via DEP: No" / "MDM enrollment: Yes (User
 * Approved)" / "MDM server: …", or "MDM enrollment: No". null for anything else.
 */
export function parseMdmEnrollment(stdout: string): boolean | null {
  const m = /^MDM enrollment: (Yes|No)\b/m.exec(stdout);
  return m ? m[1] === 'Yes' : null;
}

/**
 * From macOS 26 the com.apple.SoftwareUpdate profile payload is deprecated (apple/device-management,
 * mdm/profiles/com.apple.SoftwareUpdate.yaml: deprecated '26.0') in favour of the declarative
 * com.apple.configuration.softwareupdate.settings, and Apple does not document where macOS keeps what a
 * declaration sets. On an MDM-enrolled Mac the local switches may then not be what is enforced.
 */
export const DECLARATIVE_SETTINGS_SINCE = 26;

// ---------------------------------------------------------------------------------------- support

interface MacCycle {
  readonly eol: string | boolean;
  readonly codename?: string;
}
const CYCLES = eolData.cycles as unknown as Readonly<Record<string, MacCycle>>;
const MAJORS = Object.keys(CYCLES)
  .filter((k) => /^\d+$/.test(k))
  .map(Number);

export function macosSupport(version: string | null, why: Why): { support: Evidence['support']; codename: string | null; newerMajors: number | null } {
  const parts = version?.split('.') ?? [];
  const cycleName = !version ? null : Number(parts[0]) >= 11 ? parts[0]! : parts.slice(0, 2).join('.');
  const cycle = cycleName ? CYCLES[cycleName] : undefined;
  const major = cycleName && /^\d+$/.test(cycleName) ? Number(cycleName) : null;
  const newerMajors = cycle && major !== null ? MAJORS.filter((m) => m > major).length : null;
  const endsAt = cycle && typeof cycle.eol === 'string' ? cycle.eol : null;
  if (!cycle) {
    const r = version ? because('eol.cycle-not-in-data', { release: `macOS ${version}`, product: 'macos' }) : because('value.missing', { source: 'sw_vers', name: 'ProductVersion' });
    for (const p of ['support.endsAt', 'support.extendedEndsAt', 'support.securityUpdatesEndAt', 'macos.newerMajors']) why.set(p, r);
  } else {
    why.set('support.extendedEndsAt', because('eol.macos-no-extended'));
    if (!endsAt) {
      const r = because('eol.macos-no-end', { cycle: cycleName!, newer: String(newerMajors ?? '?') });
      why.set('support.endsAt', r);
      why.set('support.securityUpdatesEndAt', r);
    }
  }
  return {
    support: { endsAt, extendedEndsAt: null, securityUpdatesEndAt: endsAt, source: cycle ? 'endoflife.date' : null, cycle: cycle ? `macos ${cycleName}` : null },
    codename: cycle?.codename ?? null,
    newerMajors,
  };
}

// -------------------------------------------------------------------------------------- collector

/** A plist converted by plutil: its value, or the reason it could not be read. */
async function readPlist(ctx: ProbeContext, file: string): Promise<{ value: unknown } | { unreadable: Reason }> {
  const r = await ctx.run('plutil', plutilArgs(file));
  if (r.exitCode !== 0) return { unreadable: because('command.failed', { command: `plutil ${file}`, exitCode: r.exitCode }, saidBy(r)) };
  const value = parsePlistXml(r.stdout);
  return value === undefined ? { unreadable: because('file.unexpected', { path: file }) } : { value };
}

/**
 * On macOS 26+, why the local switches cannot be taken as the enforced ones (the Mac is MDM-enrolled, or whether
 * it is could not be read), or null when no MDM can have declared other settings.
 */
async function declarativeUnknown(ctx: ProbeContext, major: number): Promise<Reason | null> {
  const r = await ctx.run('profiles', ['status', '-type', 'enrollment']).catch((e: unknown) => (e as Error).message);
  const enrolled = typeof r === 'string' || r.exitCode !== 0 ? null : parseMdmEnrollment(r.stdout);
  if (enrolled === false) return null;
  if (enrolled === true) return because('softwareupdate.mdm-declarations', { major, enrolled: 'yes' });
  return because('softwareupdate.mdm-declarations', { major, enrolled: 'unknown' }, typeof r === 'string' ? r : saidBy(r));
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const [sw, prefs, managedStat, history] = await Promise.all([
    ctx.run('sw_vers', []),
    readPlist(ctx, SOFTWARE_UPDATE_PLIST),
    ctx.stat(MANAGED_SOFTWARE_UPDATE_PLIST),
    readPlist(ctx, INSTALL_HISTORY_PLIST),
  ]);
  const managed = managedStat ? await readPlist(ctx, MANAGED_SOFTWARE_UPDATE_PLIST) : undefined;

  const v = sw.exitCode === 0 ? parseSwVers(sw.stdout) : {};
  const version = v.ProductVersion ?? null;
  if (!version) why.set('distribution.versionId', because('value.missing', { source: 'sw_vers', name: 'ProductVersion' }, saidBy(sw)));
  const { support, codename, newerMajors } = macosSupport(version, why);
  const build = v.BuildVersion ?? null;
  const extra = v.ProductVersionExtra ?? null;
  const prettyName = version ? `macOS ${version}${extra ? ` ${extra}` : ''}${codename ? ` ${codename}` : ''}${build ? ` (${build})` : ''}` : null;
  if (!prettyName) why.set('distribution.prettyName', why.map['distribution.versionId']!);
  if (!codename) why.set('distribution.codename', why.map['support.endsAt'] ?? because('eol.no-codename'));
  if (!build) why.set('macos.buildVersion', because('value.missing', { source: 'sw_vers', name: 'BuildVersion' }));

  // Software Update preferences: catalogue, dates, switches.
  const prefsDict = 'value' in prefs && isDict(prefs.value) ? prefs.value : undefined;
  const prefsProblem = 'unreadable' in prefs ? prefs.unreadable : prefsDict ? null : because('file.unexpected', { path: SOFTWARE_UPDATE_PLIST });
  const managedDict = managed && 'value' in managed && isDict(managed.value) ? managed.value : undefined;
  const managedProblem = managed && !managedDict ? ('unreadable' in managed ? managed.unreadable : because('file.unexpected', { path: MANAGED_SOFTWARE_UPDATE_PLIST })) : null;

  let count: number | null = null;
  let securityCount: number | null = null;
  let majorUpgradesOffered: string[] | null = null;
  const recommended = prefsDict?.RecommendedUpdates;
  const name = (u: unknown) => (isDict(u) && typeof u['Display Name'] === 'string' ? u['Display Name'] : '(unnamed)');
  const installedMajor = version ? Number(version.split('.')[0]) : null;
  let updates: unknown[] = [];
  if (prefsProblem) why.set('pendingUpdates.count', prefsProblem);
  else if (recommended === undefined) why.set('pendingUpdates.count', because('softwareupdate.never-checked'));
  else if (!Array.isArray(recommended)) why.set('pendingUpdates.count', because('value.unexpected', { source: SOFTWARE_UPDATE_PLIST, name: 'RecommendedUpdates' }));
  else {
    // A new major macOS is offered as an upgrade: not an update of the installed release, so not counted with them.
    updates = recommended.filter((u) => !isMajorUpgrade(u, installedMajor));
    majorUpgradesOffered = recommended.filter((u) => isMajorUpgrade(u, installedMajor)).map(name);
    count = updates.length;
  }
  if (majorUpgradesOffered === null) why.set('macos.majorUpgradesOffered', why.map['pendingUpdates.count']!);
  if (count === 0) securityCount = 0;
  else if (count === null) why.set('pendingUpdates.securityCount', why.map['pendingUpdates.count']!);
  else why.set('pendingUpdates.securityCount', because('softwareupdate.security-unknown', { updates: updates.map(name) }));
  const metadataRefreshedAt = dateOf(prefsDict?.LastFullSuccessfulDate) ?? why.set('pendingUpdates.metadataRefreshedAt', prefsProblem ?? because('softwareupdate.no-full-check'));
  const lastCheckAt = dateOf(prefsDict?.LastSuccessfulDate) ?? why.set('macos.lastCheckAt', prefsProblem ?? because('value.missing', { source: SOFTWARE_UPDATE_PLIST, name: 'LastSuccessfulDate' }));

  let installsUpdates: boolean | null = null;
  let settings: Record<string, string> = {};
  let settingsFrom: Record<string, 'managed' | 'local' | 'default'> = {};
  if (prefsProblem && !/does not exist|No such file/i.test(prefsProblem.detail ?? '')) why.set('automaticUpdates.installsUpdates', prefsProblem);
  else if (managedProblem) why.set('automaticUpdates.installsUpdates', managedProblem);
  else {
    // A Mac whose Software Update preferences file does not exist yet runs on defaults.
    const s = effectiveSwitches(prefsDict ?? {}, managedDict);
    settings = Object.fromEntries(Object.entries(s.values).map(([k, b]) => [k, String(b)]));
    settingsFrom = s.from;
    const declarative = installedMajor !== null && installedMajor >= DECLARATIVE_SETTINGS_SINCE && Object.values(s.from).some((f) => f !== 'managed') ? await declarativeUnknown(ctx, installedMajor) : null;
    if (declarative) why.set('automaticUpdates.installsUpdates', declarative);
    else if (Object.values(s.values).includes(false)) installsUpdates = false;
    else if (s.bad.length > 0) why.set('automaticUpdates.installsUpdates', because('value.unexpected', { source: 'Software Update', name: s.bad.join(', ') }));
    else installsUpdates = true;
  }

  let lastUpdateAt: string | null = null;
  const last = 'value' in history ? lastSoftwareUpdateInstall(history.value) : history;
  if ('unreadable' in last) why.set('lastUpdateAt', last.unreadable);
  else lastUpdateAt = last.at ?? why.set('lastUpdateAt', because('softwareupdate.no-install'));

  return {
    distribution: { id: 'macos', idLike: [], versionId: version, codename, prettyName },
    support,
    packageManager: 'softwareupdate',
    pendingUpdates: { count, securityCount, metadataRefreshedAt },
    lastUpdateAt,
    automaticUpdates: { tool: 'softwareupdate', installed: true, settings, installsUpdates },
    // macOS keeps no readable record of installed updates waiting for a restart: updates that need one are
    // installed during the restart itself.
    rebootRequired: why.set('rebootRequired', because('softwareupdate.no-restart-record')),
    macos: { buildVersion: build, productVersionExtra: extra, newerMajors, lastCheckAt, settingsFrom, majorUpgradesOffered },
    unknown: why.map,
  };
}
