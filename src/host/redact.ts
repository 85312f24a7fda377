/**
 * Redaction of recordings: every identifying value (host name, user names, home folders, SSIDs, serial
 * numbers, MAC addresses, hardware UUIDs) is replaced everywhere — arguments, outputs, file contents,
 * paths — by the same placeholder, so that the redacted recording still replays consistently.
 */
import type { IdentifyingKind } from './host.ts';
import type { Recording } from './recording.ts';

const MAC = /\b[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}\b/g;
/** Accounts whose names are not personal and too common to replace blindly. */
const NOT_PERSONAL = new Set(['root', 'nobody', 'SYSTEM', 'Administrator', '/root', '/', 'localhost']);

const PLACEHOLDER: Record<IdentifyingKind, (n: number) => string> = {
  hostname: (n) => `host-${n}`,
  user: (n) => `user${n}`,
  home: (n) => `/home/user-home-${n}`,
  ssid: (n) => `ssid-${n}`,
  serial: (n) => `SERIAL-${String(n).padStart(4, '0')}`,
  mac: (n) => `02:00:00:00:00:${n.toString(16).padStart(2, '0')}`,
  uuid: (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
};

export function redactRecording(recording: Recording, identifying: ReadonlyMap<string, IdentifyingKind>): Recording {
  const counters = new Map<IdentifyingKind, number>();
  const replacements = new Map<string, string>();
  const placeholderFor = (value: string, kind: IdentifyingKind) => {
    let p = replacements.get(value);
    if (!p) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      replacements.set(value, (p = PLACEHOLDER[kind](n)));
    }
    return p;
  };
  // Home folders before user names: /home/alice must become one placeholder, not /home/user1.
  const order: IdentifyingKind[] = ['home', 'serial', 'uuid', 'hostname', 'ssid', 'user', 'mac'];
  const values = [...identifying]
    .filter(([value]) => value.length >= 3 && !NOT_PERSONAL.has(value))
    .sort(([a, ka], [b, kb]) => order.indexOf(ka) - order.indexOf(kb) || b.length - a.length);
  for (const [value, kind] of values) placeholderFor(value, kind);

  const redactString = (s: string): string => {
    let out = s;
    for (const [value] of values) {
      if (out.includes(value)) out = out.split(value).join(replacements.get(value)!);
    }
    return out.replace(MAC, (mac) => (/^(00[:-]){5}00$/.test(mac) ? mac : placeholderFor(mac.toLowerCase().replaceAll('-', ':'), 'mac')));
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactString(k), walk(x)]));
    return v;
  };
  return { ...recording, redacted: true, sections: walk(recording.sections) as Recording['sections'] };
}
