/**
 * Redaction of recordings: every identifying value (host name, user names, home folders, SSIDs, serial
 * numbers, MAC addresses, hardware UUIDs) is replaced everywhere — arguments, outputs, file contents,
 * paths — by the same placeholder, so that the redacted recording still replays consistently.
 */
import { powershellArgs, scriptOf } from '../powershell.ts';
import type { IdentifyingKind } from './host.ts';
import type { Recording } from './recording.ts';

const MAC = /\b[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}\b/g;
/** Windows account SIDs (S-1-5-21-<machine or domain>-<rid>) name a machine and a person; well-known SIDs do not. */
const ACCOUNT_SID = /\bS-1-5-21-\d+-\d+-\d+(?:-\d+)?\b/g;
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
const sidPlaceholder = (n: number) => `S-1-5-21-1000000000-1000000000-1000000000-${1000 + n}`;

/**
 * Files read whole whose other parts are personal: only what a probe reads of them stays in a redacted recording.
 * LibreOffice's registrymodifications.xcu holds one <item> per line, among them the recent documents and their
 * folders; the office-macros probe reads only /org.openoffice.Office.Common/Security/Scripting.
 */
const KEEP_ONLY: readonly { readonly path: RegExp; readonly keep: (text: string) => string }[] = [
  {
    path: /\/registrymodifications\.xcu$/,
    keep: (text) => text.split('\n').filter((line) => !line.trimStart().startsWith('<item ') || line.includes('oor:path="/org.openoffice.Office.Common/Security/')).join('\n'),
  },
];

/** A file answer with only what probes read of it, when its path is one of KEEP_ONLY's. */
function keepOnlyRead(answer: unknown): unknown {
  if (!answer || typeof answer !== 'object' || !('read' in answer) || !('text' in answer)) return answer;
  const { read, text } = answer as { read: unknown; text: unknown };
  const rule = typeof read === 'string' && typeof text === 'string' ? KEEP_ONLY.find((r) => r.path.test(read)) : undefined;
  return rule ? { ...answer, text: rule.keep(text as string) } : answer;
}

export function redactRecording(recording: Recording, identifying: ReadonlyMap<string, IdentifyingKind>): Recording {
  const counters = new Map<IdentifyingKind, number>();
  const replacements = new Map<string, string>();
  const placeholderFor = (value: string, kind: IdentifyingKind) => {
    let p = replacements.get(value);
    if (!p) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      const placeholder = PLACEHOLDER[kind](n);
      // A Windows profile folder stays a Windows path, so that code splitting it keeps working.
      replacements.set(value, (p = kind === 'home' && value.includes('\\') ? `C:\\Users\\user-home-${n}` : placeholder));
    }
    return p;
  };
  // Home folders before user names: /home/alice must become one placeholder, not /home/user1.
  const order: IdentifyingKind[] = ['home', 'serial', 'uuid', 'hostname', 'ssid', 'user', 'mac'];
  const values = [...identifying]
    .filter(([value]) => value.length >= 3 && !NOT_PERSONAL.has(value))
    .sort(([a, ka], [b, kb]) => order.indexOf(ka) - order.indexOf(kb) || b.length - a.length);
  for (const [value, kind] of values) placeholderFor(value, kind);

  const sids = new Map<string, string>();
  const redactString = (s: string): string => {
    let out = s;
    for (const [value] of values) {
      const placeholder = replacements.get(value)!;
      if (out.includes(value)) out = out.split(value).join(placeholder);
      // The same value inside JSON output (PowerShell's ConvertTo-Json): C:\\Users\\taro.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value && out.includes(escaped)) out = out.split(escaped).join(JSON.stringify(placeholder).slice(1, -1));
    }
    out = out.replace(ACCOUNT_SID, (sid) => sids.get(sid) ?? (sids.set(sid, sidPlaceholder(sids.size + 1)), sids.get(sid)!));
    return out.replace(MAC, (mac) => (/^(00[:-]){5}00$/.test(mac) ? mac : placeholderFor(mac.toLowerCase().replaceAll('-', ':'), 'mac')));
  };
  const walk = (v: unknown): unknown => {
    // A PowerShell run carries its script base64-encoded: redact the script, then encode it again, so that a
    // SID or user name put into the script matches the redacted answers it was derived from.
    if (Array.isArray(v) && typeof v[0] === 'string') {
      const script = scriptOf(v[0], v.slice(1) as string[]);
      if (script !== undefined) return ['powershell.exe', ...powershellArgs(redactString(script))];
    }
    if (typeof v === 'string') return redactString(v);
    if (Array.isArray(v)) return v.map((x) => walk(keepOnlyRead(x)));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactString(k), walk(x)]));
    return v;
  };
  return { ...recording, redacted: true, sections: walk(recording.sections) as Recording['sections'] };
}
