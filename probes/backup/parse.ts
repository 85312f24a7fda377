/** Pure parsers of the backup probe and the summary of the tools it found (tested in backup.test.ts). */
import { z } from 'zod';
import { because, type reasons, type Reason } from '../../src/probe.ts';
import type { BackupEvidence, BackupTool, BackupToolFacts } from './backup.ts';

type Why = ReturnType<typeof reasons>;
type Summary = Pick<z.input<typeof BackupEvidence>, 'tools' | 'automatic' | 'neverBackedUp' | 'lastBackupAt'>;

/**
 * The evidence's totals over the tools found. `lastBackupAt` is the newest date only when every tool that may have
 * backed up has one: a tool without a date (OneDrive folder backup) may hold a newer backup, and an older date
 * standing in for it would fail a PC that is backed up.
 */
export function summarise(tools: readonly BackupToolFacts[] | Reason, looked: readonly BackupTool[], why: Why): Summary {
  const facts = ['automatic', 'neverBackedUp', 'lastBackupAt'] as const;
  if (!Array.isArray(tools)) {
    for (const path of ['tools', ...facts]) why.set(path, tools as Reason);
    return { tools: null, automatic: null, neverBackedUp: null, lastBackupAt: null };
  }
  if (tools.length === 0) {
    for (const path of facts) why.set(path, because('backup.none-found', { tools: looked }));
    return { tools: [], automatic: null, neverBackedUp: null, lastBackupAt: null };
  }
  const automatic = tools.some((t) => t.automatic === true) ? true : tools.every((t) => t.automatic === false) ? false : null;
  if (automatic === null) why.set('automatic', because('backup.schedule-unknown'));
  const neverBackedUp = tools.some((t) => t.backedUp === true) ? false : tools.every((t) => t.backedUp === false) ? true : null;
  if (neverBackedUp === null) why.set('neverBackedUp', because('backup.history-unknown', { tools: [...new Set(tools.filter((t) => t.backedUp === null).map((t) => t.tool))] }));
  const candidates = tools.filter((t) => t.backedUp !== false);
  const undated = candidates.filter((t) => t.lastBackupAt === null);
  let lastBackupAt: string | null = null;
  if (candidates.length === 0) why.set('lastBackupAt', because('backup.never'));
  else if (undated.length > 0) why.set('lastBackupAt', because('backup.undated', { tools: [...new Set(undated.map((t) => t.tool))] }));
  else lastBackupAt = candidates.map((t) => t.lastBackupAt!).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  return { tools: [...tools], automatic, neverBackedUp, lastBackupAt };
}

/** An instant as ISO 8601 UTC with milliseconds, as every other timestamp in the evidence. */
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Déjà Dup's last-backup and last-run keys: "ISO 8601" (org.gnome.DejaDup.gschema.xml). Déjà Dup writes them in
 * UTC with GLib's format_iso8601 (2024-03-05T10:11:12.123456Z); its own screenshot script sets the basic form
 * (20240305T101112Z). A time without a zone is local time on a machine whose zone tenken does not know: null.
 */
export function parseIso8601(text: string): string | null {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (Number.isNaN(ms)) return null;
  if (zone === 'Z') return iso(ms);
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone!)!;
  const offset = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
  return iso(ms - offset * 60_000);
}

/**
 * `gsettings list-recursively org.gnome.DejaDup`: one `schema key value` line per key, values in GVariant text
 * ('…' strings, true/false, numbers). Only the org.gnome.DejaDup schema's own keys are kept (not .Drive, .Remote).
 */
export function parseGsettingsList(stdout: string, schema: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) (\S+) (.*)$/.exec(line.trimEnd());
    if (m && m[1] === schema) out.set(m[2]!, m[3]!);
  }
  return out;
}

/** A GVariant string as gsettings prints it: '…' with \' and \\ escaped. Null for anything else. */
export function gvariantString(value: string | undefined): string | null {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(value ?? '');
  return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
}

/**
 * Déjà Dup, from its settings: set up when it backs up on a schedule (periodic) or has completed a backup
 * (last-backup). The defaults — installed, never opened — are not a backup anyone chose: undefined then. Null
 * when a value is not what the schema says.
 */
export function dejaDupFacts(settings: Map<string, string>): BackupToolFacts | undefined | null {
  const periodic = settings.get('periodic');
  const last = gvariantString(settings.get('last-backup'));
  if ((periodic !== 'true' && periodic !== 'false') || last === null) return null;
  if (periodic === 'false' && last === '') return undefined;
  const lastBackupAt = last === '' ? null : parseIso8601(last);
  if (last !== '' && lastBackupAt === null) return null;
  return { tool: 'deja-dup', name: null, automatic: periodic === 'true', backedUp: last !== '', lastBackupAt };
}

/**
 * `systemctl list-timers --all --output=json` (systemd 247+): `[{next, left, last, passed, unit, activates}]`,
 * times in microseconds since the epoch, `last` 0 or null for a timer that never elapsed, `next` null for one
 * not scheduled. Null when the text is not that.
 */
const TimerRow = z.looseObject({
  unit: z.string(),
  activates: z.string(),
  next: z.number().nullable().optional(),
  last: z.number().nullable().optional(),
});
export type TimerRow = z.infer<typeof TimerRow>;
export function parseListTimers(stdout: string): TimerRow[] | null {
  try {
    const parsed = z.array(TimerRow).safeParse(JSON.parse(stdout));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The backup program a timer runs, from the name of the unit it activates: the upstream borgmatic.timer, the
 * restic and borg units of distributions and guides (restic-backup.service, borg-backup.service, …). Undefined
 * for every other timer.
 */
export function timerTool(activates: string): 'restic' | 'borg' | 'borgmatic' | undefined {
  const name = activates.toLowerCase();
  if (name.includes('borgmatic')) return 'borgmatic';
  if (name.includes('restic')) return 'restic';
  if (/(^|[^a-z])borg/.test(name)) return 'borg';
  return undefined;
}

/**
 * `systemctl show A B -p Id -p Result -p ExecMainExitTimestamp --timestamp=unix`: one block of `key=value` lines
 * per unit, blank lines between; the timestamp `@<seconds>` or empty when the service never exited.
 */
export function parseShowBlocks(stdout: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const block of stdout.split(/\n\s*\n/)) {
    const props = new Map<string, string>();
    for (const line of block.split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) props.set(line.slice(0, at), line.slice(at + 1).trim());
    }
    const id = props.get('Id');
    if (id) out.set(id, props);
  }
  return out;
}

/** `@1733457600` (systemd --timestamp=unix) as ISO 8601; null for anything else. */
export function parseUnixTimestamp(value: string | undefined): string | null {
  const m = /^@(\d+)$/.exec(value ?? '');
  return m ? iso(Number(m[1]) * 1000) : null;
}

/**
 * One restic/borg/borgmatic timer: automatic while it is scheduled (`next` set); never backed up when the timer
 * never elapsed; else the service's last run — a completed backup when its Result is success, at its exit time.
 */
export function timerFacts(tool: 'restic' | 'borg' | 'borgmatic', timer: TimerRow, service: Map<string, string> | undefined): { facts: BackupToolFacts; problem?: Reason } {
  const base = { tool, name: timer.unit, automatic: typeof timer.next === 'number' && timer.next > 0 };
  if (!timer.last) return { facts: { ...base, backedUp: false, lastBackupAt: null } };
  const result = service?.get('Result');
  const exitedAt = parseUnixTimestamp(service?.get('ExecMainExitTimestamp'));
  if (result === 'success' && exitedAt !== null) return { facts: { ...base, backedUp: true, lastBackupAt: exitedAt } };
  return {
    facts: { ...base, backedUp: null, lastBackupAt: null },
    problem: because('backup.timer-run-unknown', { unit: timer.activates, result: result ?? '' }),
  };
}

/**
 * `tmutil destinationinfo -X`: a plist dict with a Destinations array of dicts (Name, Kind, ID or DestinationID,
 * MountPoint, LastDestination). With none set up, tmutil prints "tmutil: No destinations configured." instead
 * (CIS macOS benchmark audit scripts test for that sentence). Null when the value is neither.
 */
export function destinationNames(value: unknown): (string | null)[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const list = (value as Record<string, unknown>).Destinations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return null;
  return list.map((d) => (typeof d === 'object' && d !== null && typeof (d as Record<string, unknown>).Name === 'string' ? ((d as Record<string, unknown>).Name as string) : null));
}

/**
 * /Library/Preferences/com.apple.TimeMachine.plist as `plutil -convert xml1` prints it: AutoBackup (absent means
 * on, as mSCP's system_settings_time_machine_auto_backup_enable rule reads it) and one Destinations entry per
 * backup disk with SnapshotDates, the dates of its completed backups (osquery's time_machine_backups table, Backup
 * Status and TimeMachineStatus read the same key). Null when the value is not that shape.
 */
export function timeMachineFacts(value: unknown): BackupToolFacts[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const prefs = value as Record<string, unknown>;
  const auto = prefs.AutoBackup;
  if (auto !== undefined && typeof auto !== 'boolean' && auto !== 0 && auto !== 1) return null;
  const automatic = auto === undefined ? true : Boolean(auto);
  const list = prefs.Destinations ?? [];
  if (!Array.isArray(list)) return null;
  const out: BackupToolFacts[] = [];
  for (const d of list) {
    if (typeof d !== 'object' || d === null) return null;
    const dest = d as Record<string, unknown>;
    const dates = dest.SnapshotDates ?? [];
    if (!Array.isArray(dates) || !dates.every((x) => x instanceof Date && !Number.isNaN(x.getTime()))) return null;
    const newest = (dates as Date[]).reduce<number | null>((a, x) => (a === null || x.getTime() > a ? x.getTime() : a), null);
    const name = typeof dest.LastKnownVolumeName === 'string' ? dest.LastKnownVolumeName : null;
    out.push({ tool: 'time-machine', name, automatic, backedUp: newest !== null, lastBackupAt: newest === null ? null : iso(newest) });
  }
  return out;
}

/**
 * A Windows FILETIME (100 ns ticks since 1601-01-01 UTC) as ISO 8601; null for 0, negatives and values past 9999.
 * PowerShell gives a REG_QWORD as an Int64, which JSON carries as a number: precise to well under a millisecond.
 */
export function fileTimeToIso(ticks: number): string | null {
  const EPOCH_DIFF_MS = 11_644_473_600_000;
  if (!Number.isFinite(ticks) || ticks <= 0) return null;
  const ms = ticks / 10_000 - EPOCH_DIFF_MS;
  return ms > 0 && ms < 253_402_300_800_000 ? iso(Math.floor(ms)) : null;
}

/** File History's Config1.xml: DPStatus (ENABLED/DISABLED) and the target's TargetName. */
export function parseFileHistoryConfig(xml: string): { enabled: boolean | null; target: string | null } | null {
  if (!/<DataProtectionUserConfig\b/.test(xml)) return null;
  const status = /<DPStatus>\s*([A-Z]+)\s*<\/DPStatus>/.exec(xml)?.[1];
  const target = /<TargetName>([^<]*)<\/TargetName>/.exec(xml)?.[1] ?? null;
  return { enabled: status === 'ENABLED' ? true : status === 'DISABLED' ? false : null, target: target === null ? null : decodeXmlText(target) };
}

const decodeXmlText = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/**
 * KfmFoldersProtectedNow of a OneDrive account (HKCU\Software\Microsoft\OneDrive\Accounts\<account>): a bit mask
 * of the known folders OneDrive backs up — 512 Desktop, 1024 Documents, 2048 Pictures, 3584 all three, as admins'
 * Intune and Jamf scripts read it. The names of the folders it covers; empty when none.
 */
export function kfmFolders(mask: number): string[] {
  return [
    [512, 'Desktop'],
    [1024, 'Documents'],
    [2048, 'Pictures'],
  ]
    .filter(([bit]) => (mask & (bit as number)) !== 0)
    .map(([, name]) => name as string);
}

/**
 * The tools found, unless nothing was found and some place could not be read: then the first reason, so that an
 * unread place is never reported as "no backup". A place that could not be read beside tools that were found is
 * kept in `unknown` under tools.<tool>.
 */
export function foundTools(found: readonly BackupToolFacts[], problems: readonly (readonly [BackupTool, Reason])[], why: Why): BackupToolFacts[] | Reason {
  for (const [tool, reason] of problems) why.set(`tools.${tool}`, reason);
  return found.length === 0 && problems.length > 0 ? problems[0]![1] : [...found];
}
