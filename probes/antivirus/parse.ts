/** Pure parsers of the antivirus probe: text in, typed value out (tested in antivirus.test.ts). */
import { z } from 'zod';
import { because, firstLine, type Reason } from '../../src/probe.ts';

// ---------------------------------------------------------------------------------------------------
// Parsers (pure: text in, typed value out)
// ---------------------------------------------------------------------------------------------------

/**
 * `clamscan --version` / `clamd --version`: "ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026" when a
 * database is loaded, "ClamAV 1.4.6" when none is (Debian 12, fresh install, freshclam offline).
 */
export function parseClamVersion(stdout: string): { version: string; dailyVersion: number | null } | null {
  const m = /^ClamAV ([0-9][^\s/]*)(?:\/(\d+)\/.*)?$/m.exec(stdout.trim());
  if (!m?.[1]) return null;
  return { version: m[1], dailyVersion: m[2] ? Number(m[2]) : null };
}

/**
 * freshclam.conf / clamd.conf: "Key value" lines, `#` comments; a repeated key (OnAccessIncludePath)
 * keeps every value in order. Keys are case-sensitive in ClamAV's optparser, so they are kept as written.
 */
export function parseClamConf(text: string): Map<string, string[]> {
  const conf = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m?.[1]) continue;
    const values = conf.get(m[1]) ?? [];
    values.push((m[2] ?? '').trim());
    conf.set(m[1], values);
  }
  return conf;
}

export interface CvdHeader {
  readonly version: number;
  readonly signatures: number;
  readonly functionalityLevel: number;
  readonly builder: string;
  /** ISO 8601 UTC; from field 8 (epoch seconds), else from field 1 ("21 Sep 2020 09-52 -0400"). */
  readonly builtAt: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Field 1 of the header: written by sigtool with strftime("%d %b %Y %H-%M %z") under LC_TIME=C. */
export function parseCvdTimeString(text: string): string | null {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2})-(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] as string);
  if (month < 0) return null;
  const offsetMinutes = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5])) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/**
 * The 512-byte ASCII header of a .cvd/.cld file, as libclamav's cl_cvdparse reads it
 * (Cisco-Talos/clamav libclamav/cvd.c): "ClamAV-VDB:<time>:<version>:<sigs>:<flevel>:<md5>:<dsig>:<builder>:<stime>",
 * space-padded; cl_cvdhead cuts at the first CR/LF. A .cld rebuilt by freshclam carries "X" for md5/dsig.
 * Files from before stime existed have 8 fields; then the time string is used.
 */
export function parseCvdHeader(head: string): CvdHeader | null {
  const line = (head.split(/[\r\n]/, 1)[0] ?? '').replace(/[ \0]+$/, '');
  if (!line.startsWith('ClamAV-VDB:')) return null;
  const f = line.split(':');
  if (f.length < 8) return null;
  const version = toInt(f[2]);
  const signatures = toInt(f[3]);
  const functionalityLevel = toInt(f[4]);
  if (version === null || signatures === null || functionalityLevel === null) return null;
  const stime = f.length > 8 ? toInt(f[8]) : null;
  const builtAt = stime !== null && stime > 0 ? new Date(stime * 1000).toISOString() : parseCvdTimeString(f[1] ?? '');
  return { version, signatures, functionalityLevel, builder: f[7] ?? '', builtAt };
}

function toInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}

export type UnitStates = { readonly ok: true; readonly active: ReadonlyMap<string, boolean | null> } | { readonly ok: false; readonly reason: Reason };

/**
 * `systemctl is-active u1 u2 …` prints one state per unit, in order (exit 0 only if all are active).
 * Without systemd as PID 1 (containers, WSL1) it prints nothing on stdout and "System has not been
 * booted with systemd as init system (PID 1). Can't operate." on stderr: the states are unknown.
 */
export function parseIsActive(stdout: string, stderr: string, units: readonly string[]): UnitStates {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== units.length) {
    return { ok: false, reason: because('command.unexpected-output', { command: 'systemctl is-active' }, firstLine(stderr) || `${lines.length} states for ${units.length} units`) };
  }
  const active = new Map<string, boolean | null>();
  units.forEach((unit, i) => active.set(unit, unitStateToActive(lines[i] as string)));
  return { ok: true, active };
}

/** systemd's ActiveState values; "inactive" is also what current systemd prints for a unit that does not exist. */
function unitStateToActive(state: string): boolean | null {
  if (state === 'active' || state === 'reloading' || state === 'refreshing') return true;
  if (state === 'inactive' || state === 'failed' || state === 'activating' || state === 'deactivating' || state === 'maintenance') return false;
  return null;
}

export interface MdatpHealth {
  readonly healthy: boolean | null;
  readonly realtimeProtection: boolean | null;
  readonly passiveMode: boolean | null;
  readonly definitionsUpdatedAt: string | null;
  readonly definitionsUpToDate: boolean | null;
  readonly appVersion: string | null;
}

const Managed = z.object({ value: z.unknown() });
const MdatpHealthJson = z.object({
  healthy: z.boolean().optional(),
  appVersion: z.string().optional(),
  realTimeProtectionEnabled: Managed.optional(),
  passiveModeEnabled: Managed.optional(),
  definitionsUpdated: z.union([z.string(), z.number()]).optional(),
  definitionsStatus: z.object({ $type: z.string() }).optional(),
});

/**
 * `mdatp health --output json` (Defender for Endpoint on Linux, e.g. 101.23062.0010): managed settings are
 * objects `{ value, isManaged, displayValue }`; `definitionsUpdated` is epoch milliseconds as a string.
 */
export function parseMdatpHealth(stdout: string): MdatpHealth | null {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return null;
  }
  const parsed = MdatpHealthJson.safeParse(json);
  if (!parsed.success) return null;
  const h = parsed.data;
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : null);
  const ms = h.definitionsUpdated === undefined ? NaN : Number(h.definitionsUpdated);
  return {
    healthy: h.healthy ?? null,
    realtimeProtection: bool(h.realTimeProtectionEnabled?.value),
    passiveMode: bool(h.passiveModeEnabled?.value),
    definitionsUpdatedAt: Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null,
    definitionsUpToDate: h.definitionsStatus ? h.definitionsStatus.$type === 'upToDate' : null,
    appVersion: h.appVersion ?? null,
  };
}
