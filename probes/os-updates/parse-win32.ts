/**
 * Pure readers of the Windows answers of os-updates (JSON from the two PowerShell scripts in win32.ts): zod
 * shapes, end of support from the bundled endoflife.date data, pending updates, last install, automatic updates.
 */
import { z } from 'zod';
import { because, type Reason, type reasons } from '../../src/probe.ts';
import eolData from './windows-eol.json' with { type: 'json' };
import type { OsUpdatesEvidence } from './os-updates.ts';
import { Failed } from '../../src/powershell.ts';

export type Why = ReturnType<typeof reasons>;
type Evidence = z.input<typeof OsUpdatesEvidence>;

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const Missing = z.object({ missing: z.literal(true) });
/** A registry value as PowerShell 5.1 prints it: REG_SZ a string, REG_DWORD a number, absent null. */
const Value = z.union([z.string(), z.number()]).nullable().optional();
const Key = <T extends z.ZodRawShape>(shape: T) => z.union([Failed, Missing, z.object(shape)]);

export const WindowsOs = Key({
  ProductName: Value,
  EditionID: Value,
  DisplayVersion: Value,
  ReleaseId: Value,
  CurrentBuild: Value,
  UBR: Value,
  InstallationType: Value,
});
export type WindowsOs = z.infer<typeof WindowsOs>;

const HistoryEntry = z.object({ date: z.iso.datetime({ offset: true }), title: z.string().nullable(), categories: z.array(z.string()) });
export const WindowsHistory = z.union([Failed, z.object({ total: z.int().nonnegative(), installed: z.array(HistoryEntry) })]);

export const WindowsStateAnswer = z.object({
  os: WindowsOs,
  au: Key({ NoAutoUpdate: Value, AUOptions: Value, UseWUServer: Value }),
  ux: Key({ PauseUpdatesExpiryTime: Value }),
  wuauserv: Key({ Start: Value }),
  usosvc: Key({ Start: Value }),
  reboot: z.union([Failed, z.object({ rebootRequired: z.boolean(), rebootPending: z.boolean() })]),
  history: WindowsHistory,
});
export type WindowsStateAnswer = z.infer<typeof WindowsStateAnswer>;

export const WindowsSearchAnswer = z.object({
  autoUpdate: z.union([Failed, z.object({ lastSearchSuccessDate: z.iso.datetime({ offset: true }).nullable() })]),
  search: z.union([
    Failed,
    z.object({
      resultCode: z.int(),
      updates: z.array(z.object({ kb: z.array(z.string()), msrcSeverity: z.string().nullable(), categories: z.array(z.string()) })),
    }),
  ]),
});
export type WindowsSearchAnswer = z.infer<typeof WindowsSearchAnswer>;

/** Windows Update classification GUIDs (WSUS UpdateClassification ids), the same in every display language. */
export const SECURITY_UPDATES_CATEGORY = '0fa1201d-4330-4fa8-8ae9-b877473b6441';
export const DEFINITION_UPDATES_CATEGORY = 'e0789628-ce08-4437-be74-2495b842f43b';
/** Defender / Security Essentials definition packages, whatever category a history entry carries. */
const DEFINITION_KBS = /\bKB(2267602|2461484)\b/;

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
const iso = (s: string) => new Date(s).toISOString();

// ------------------------------------------------------------------------------- version and support

/**
 * The endoflife.date servicing class of an EditionID. Home and Pro editions (and Pro Education / Pro for
 * Workstations) follow the (W) dates, Enterprise and Education the (E) dates, the LTSC SKUs their own. Anything
 * else (Server, IoT Enterprise non-LTSC, a new SKU) is not guessed.
 */
export function editionClass(editionId: string | null): 'w' | 'e' | 'e-lts' | 'iot-lts' | null {
  if (!editionId) return null;
  if (/^(Core|CoreN|CoreSingleLanguage|CoreCountrySpecific|Professional|ProfessionalN|ProfessionalEducation|ProfessionalEducationN|ProfessionalWorkstation|ProfessionalWorkstationN)$/.test(editionId)) return 'w';
  if (/^(Enterprise|EnterpriseN|EnterpriseG|EnterpriseGN|Education|EducationN)$/.test(editionId)) return 'e';
  if (/^(EnterpriseS|EnterpriseSN)$/.test(editionId)) return 'e-lts';
  if (editionId === 'IoTEnterpriseS') return 'iot-lts';
  return null;
}

interface Cycle {
  readonly eol: string | boolean;
  readonly eoes?: string | boolean;
  readonly build: number;
}
const CYCLES = eolData.cycles as unknown as Readonly<Record<string, Cycle>>;

/** The endoflife.date cycle of a Windows 10/11 version and edition class: the class's own cycle, else a shared one. */
export function windowsCycle(build: number, version: string, cls: ReturnType<typeof editionClass>): { key: string; cycle: Cycle } | null {
  const major = build >= 22000 ? 11 : 10; // Windows 11 is build 22000 and later; ProductName still says "Windows 10".
  const v = version.toLowerCase();
  const keys = cls === 'e-lts' || cls === 'iot-lts' ? [`${major}-${v}-${cls}`] : [`${major}-${v}-${cls}`, `${major}-${v}`];
  for (const key of keys) {
    const cycle = CYCLES[key];
    // The build must be the cycle's build: a DisplayVersion that does not belong to this build is not believed.
    if (cycle && cycle.build === build) return { key, cycle };
  }
  return null;
}

export function windowsSupport(
  os: WindowsOs | undefined,
  failure: Reason | undefined,
  _now: Date,
  why: Why,
): Pick<Evidence, 'distribution' | 'support'> & { windows: Omit<NonNullable<Evidence['windows']>, 'pausedUntil' | 'services' | 'wsus'> } {
  const read = os && !('error' in os) && !('missing' in os) ? os : undefined;
  const problem = failure ?? (os && 'error' in os ? because('registry.unreadable', { key: CURRENT_VERSION }, os.error) : because('registry.missing', { key: CURRENT_VERSION }));
  const build = read ? int(read.CurrentBuild) : null;
  const version = read ? (str(read.DisplayVersion) ?? str(read.ReleaseId)) : null;
  const editionId = read ? str(read.EditionID) : null;
  const productName = read ? str(read.ProductName) : null;
  const cls = editionClass(editionId);
  const major = build === null ? null : build >= 22000 ? 11 : 10;
  const edition = productName?.replace(/^Windows (10|11)\s*/, '') || null;
  const prettyName = major && edition ? `Windows ${major} ${edition}${version ? ` ${version}` : ''}` : null;

  const distribution = { id: 'windows', idLike: [], versionId: version, codename: null, prettyName };
  if (!read) {
    for (const p of ['distribution.versionId', 'distribution.prettyName', 'support.endsAt', 'support.extendedEndsAt', 'support.securityUpdatesEndAt']) why.set(p, problem);
  } else if (!version) why.set('distribution.versionId', because('value.missing', { source: CURRENT_VERSION, name: 'DisplayVersion / ReleaseId' }));
  if (read && read.UBR !== null && read.UBR !== undefined && int(read.UBR) === null) why.set('windows.ubr', because('value.unexpected', { source: CURRENT_VERSION, name: 'UBR' }, JSON.stringify(read.UBR)));
  else if (read && int(read.UBR) === null) why.set('windows.ubr', because('value.missing', { source: CURRENT_VERSION, name: 'UBR' }));
  if (read && !prettyName) why.set('distribution.prettyName', because('value.missing', { source: CURRENT_VERSION, name: 'ProductName / CurrentBuild' }));

  const found = build !== null && version && cls ? windowsCycle(build, version, cls) : null;
  const date = (v: string | boolean | undefined) => (typeof v === 'string' ? v : null);
  const endsAt = found ? date(found.cycle.eol) : null;
  const extendedEndsAt = found ? date(found.cycle.eoes) : null;
  if (read && !found) {
    const what = `Windows ${major ?? '?'} ${version ?? '(no version)'} build ${build ?? '?'} edition ${editionId ?? '(none)'}`;
    const r = !cls ? because('eol.windows-edition-unknown', { release: what }) : because('eol.cycle-not-in-data', { release: what, product: 'windows' });
    for (const p of ['support.endsAt', 'support.extendedEndsAt', 'support.securityUpdatesEndAt']) why.set(p, r);
  } else if (found && !extendedEndsAt) why.set('support.extendedEndsAt', because('eol.no-esu', { release: `windows ${found.key}` }));
  // ESU is paid (or, for consumers, enrolled in Settings) and its enrolment is not read: security updates end
  // with standard support unless an organisation says otherwise.
  const esu = why.set('windows.esu', because('windows.esu-not-read'));

  return {
    distribution,
    support: { endsAt, extendedEndsAt, securityUpdatesEndAt: endsAt, source: found ? 'endoflife.date' : null, cycle: found ? `windows ${found.key}` : null },
    windows: { productName, editionId, editionClass: cls, currentBuild: build, ubr: read ? int(read.UBR) : null, esu },
  };
}

// ----------------------------------------------------------------------------------- pending updates

/** IUpdateSearcher.Search ResultCode (OperationResultCode): 2 succeeded, 3 succeeded with errors. */
export function pendingFromSearch(answer: WindowsSearchAnswer | undefined, failure: Reason, why: Why): Evidence['pendingUpdates'] {
  let metadataRefreshedAt: string | null = null;
  if (!answer) metadataRefreshedAt = why.set('pendingUpdates.metadataRefreshedAt', failure);
  else if ('error' in answer.autoUpdate) metadataRefreshedAt = why.set('pendingUpdates.metadataRefreshedAt', because('query.failed', { source: 'Microsoft.Update.AutoUpdate' }, answer.autoUpdate.error));
  else if (answer.autoUpdate.lastSearchSuccessDate === null) metadataRefreshedAt = why.set('pendingUpdates.metadataRefreshedAt', because('wua.never-searched'));
  else metadataRefreshedAt = iso(answer.autoUpdate.lastSearchSuccessDate);

  const fail = (r: Reason) => {
    why.set('pendingUpdates.count', r);
    why.set('pendingUpdates.securityCount', r);
    return { count: null, securityCount: null, metadataRefreshedAt };
  };
  if (!answer) return fail(failure);
  if ('error' in answer.search) return fail(because('wua.search-failed', {}, answer.search.error));
  if (answer.search.resultCode !== 2 && answer.search.resultCode !== 3) return fail(because('wua.search-result', { code: answer.search.resultCode }));
  const updates = answer.search.updates;
  const security = updates.filter((u) => (u.msrcSeverity ?? '').trim() !== '' || u.categories.some((c) => c.toLowerCase() === SECURITY_UPDATES_CATEGORY));
  return { count: updates.length, securityCount: security.length, metadataRefreshedAt };
}

// ------------------------------------------------------------------------------------ last install

/** The newest successful install that is not a definition update (Defender's arrive several times a day). */
export function lastQualityInstall(history: z.infer<typeof WindowsHistory>, why: Why): string | null {
  if ('error' in history) return why.set('lastUpdateAt', because('wua.history-unreadable', {}, history.error));
  const real = history.installed.filter(
    (h) => !h.categories.some((c) => c.toLowerCase() === DEFINITION_UPDATES_CATEGORY) && !DEFINITION_KBS.test(h.title ?? ''),
  );
  if (real.length === 0) return why.set('lastUpdateAt', because('wua.no-quality-install', { total: history.total }));
  return real.map((h) => iso(h.date)).sort().at(-1)!;
}

// ------------------------------------------------------------------------------- automatic updates

/** Services\<name>\Start: 0 boot, 1 system, 2 automatic, 3 manual (demand), 4 disabled. */
const START_TYPES = ['boot', 'system', 'automatic', 'manual', 'disabled'] as const;

/** PauseUpdatesExpiryTime is REG_SZ "yyyy-MM-ddTHH:mm:ssZ" as Settings writes it. */
export function parsePauseExpiry(value: unknown): string | null {
  const s = str(value);
  if (!s || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function automaticUpdatesWin32(state: WindowsStateAnswer | undefined, failure: Reason, now: Date, why: Why) {
  const services: Record<'wuauserv' | 'UsoSvc', (typeof START_TYPES)[number] | null> = { wuauserv: null, UsoSvc: null };
  if (!state) {
    for (const p of ['automaticUpdates.installsUpdates', 'windows.services', 'windows.pausedUntil', 'windows.wsus']) why.set(p, failure);
    return {
      automaticUpdates: { tool: 'windows-update' as const, installed: true, settings: {}, installsUpdates: null },
      services,
      pausedUntil: null,
      wsus: null,
    };
  }
  const settings: Record<string, string> = {};
  let policy: boolean | null = true;
  let wsus: boolean | null = false;
  if ('error' in state.au) {
    const reason = because('registry.unreadable', { key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU' }, state.au.error);
    policy = why.set('automaticUpdates.settings', reason);
    wsus = why.set('windows.wsus', reason);
  } else if (!('missing' in state.au)) {
    for (const [k, v] of Object.entries(state.au)) if (v !== null && v !== undefined) settings[k] = String(v);
    // NoAutoUpdate = 1 turns automatic updates off; AUOptions 2 (notify) and 3 (download, notify) leave the
    // install to a person; 4 (scheduled), 5 (local admin chooses) and 7 (notify to restart, Server) install.
    const no = int(state.au.NoAutoUpdate);
    const opt = int(state.au.AUOptions);
    if (no === 1 || opt === 2 || opt === 3) policy = false;
    wsus = int(state.au.UseWUServer) === 1;
  }

  const links: (boolean | null)[] = [policy];
  for (const [name, key] of [['wuauserv', state.wuauserv], ['UsoSvc', state.usosvc]] as const) {
    if ('error' in key) links.push(why.set(`windows.services.${name}`, because('registry.unreadable', { key: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}` }, key.error)));
    else if ('missing' in key) links.push(why.set(`windows.services.${name}`, because('windows.service-missing', { name })));
    else {
      const n = int(key.Start);
      services[name] = n !== null && n >= 0 && n <= 4 ? START_TYPES[n]! : null;
      if (services[name] === null) why.set(`windows.services.${name}`, because('value.unexpected', { source: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`, name: 'Start' }, JSON.stringify(key.Start)));
      links.push(services[name] === null ? null : services[name] !== 'disabled');
    }
  }

  let pausedUntil: string | null = null;
  if ('error' in state.ux) links.push(why.set('windows.pausedUntil', because('registry.unreadable', { key: 'HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings' }, state.ux.error)));
  else if (!('missing' in state.ux) && state.ux.PauseUpdatesExpiryTime !== null && state.ux.PauseUpdatesExpiryTime !== undefined) {
    pausedUntil = parsePauseExpiry(state.ux.PauseUpdatesExpiryTime);
    if (pausedUntil === null) links.push(why.set('windows.pausedUntil', because('value.unexpected', { source: 'HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings', name: 'PauseUpdatesExpiryTime' }, JSON.stringify(state.ux.PauseUpdatesExpiryTime))));
    else links.push(Date.parse(pausedUntil) <= now.getTime());
  }

  let installsUpdates: boolean | null;
  if (links.includes(false)) installsUpdates = false;
  else if (links.includes(null)) installsUpdates = why.set('automaticUpdates.installsUpdates', because('updates.chain-unknown'));
  else installsUpdates = true;
  return { automaticUpdates: { tool: 'windows-update' as const, installed: true, settings, installsUpdates }, services, pausedUntil, wsus };
}
