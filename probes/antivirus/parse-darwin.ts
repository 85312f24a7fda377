/** Pure parsers of the macOS antivirus sources (tested in antivirus.test.ts). */
import { parsePlist } from '../../src/plist.ts';

export interface SystemExtension {
  readonly enabled: boolean;
  readonly active: boolean;
  readonly teamId: string;
  readonly bundleId: string;
  readonly version: string | null;
  readonly name: string;
  readonly state: string;
  readonly category: string | null;
}

/**
 * `systemextensionsctl list` (macOS 10.15+): "N extension(s)", then per category a line
 * "--- com.apple.system_extension.<category>" (macOS 15 appends "(Go to 'System Settings > …')"), the
 * column header, and tab-separated rows: enabled ("*" or empty), active ("*" or empty), team ID,
 * "bundleID (version/build)", name, "[state]". Its words are not localized.
 */
export function parseSystemExtensions(stdout: string): SystemExtension[] | null {
  const lines = stdout.split(/\r?\n/);
  if (!lines.some((l) => /^\d+ extension\(s\)$/.test(l.trim()))) return null;
  const out: SystemExtension[] = [];
  let category: string | null = null;
  for (const line of lines) {
    const header = /^--- (\S+)/.exec(line);
    if (header) {
      category = header[1]!;
      continue;
    }
    const f = line.split('\t');
    if (f.length < 6 || f[0] === 'enabled') continue;
    const id = /^(\S+) \(([^)]*)\)$/.exec(f[3]!.trim());
    const state = /^\[(.*)\]$/.exec(f[f.length - 1]!.trim());
    if (!id || !state) continue;
    out.push({
      enabled: f[0]!.trim() === '*',
      active: f[1]!.trim() === '*',
      teamId: f[2]!.trim(),
      bundleId: id[1]!,
      version: id[2]!.split('/')[0] || null,
      name: f.slice(4, -1).join('\t').trim(),
      state: state[1]!,
      category,
    });
  }
  return out;
}

/** `spctl --status`: "assessments enabled" / "assessments disabled" (exit 0 / 1); anything else is unknown. */
export function parseSpctlStatus(stdout: string): boolean | null {
  const t = stdout.trim();
  if (t === 'assessments enabled') return true;
  if (t === 'assessments disabled') return false;
  return null;
}

export interface InstallRecord {
  readonly version: string;
  readonly installedAt: string;
}

/**
 * /Library/Receipts/InstallHistory.plist as `plutil -convert xml1` prints it: an array of dicts with
 * date, displayName, displayVersion, packageIdentifiers, processName. Returns, per displayName asked
 * for, every install record, newest first; null when the document is not such an array.
 */
export function parseInstallHistory(xml: string, names: readonly string[]): Map<string, InstallRecord[]> | null {
  // plist's XML parser reports a document without a root element on the console before throwing.
  if (!xml.trimStart().startsWith('<')) return null;
  let doc: unknown;
  try {
    doc = parsePlist(xml);
  } catch {
    return null;
  }
  if (!Array.isArray(doc)) return null;
  const out = new Map<string, InstallRecord[]>(names.map((n) => [n, []]));
  for (const entry of doc) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const list = typeof e.displayName === 'string' ? out.get(e.displayName) : undefined;
    if (!list || !(e.date instanceof Date) || Number.isNaN(e.date.getTime()) || typeof e.displayVersion !== 'string') continue;
    list.push({ version: e.displayVersion, installedAt: e.date.toISOString() });
  }
  for (const list of out.values()) list.sort((a, b) => b.installedAt.localeCompare(a.installedAt));
  return out;
}

/** Compares dotted numeric versions ("5309" > "5300", "2.10" > "2.9"); non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

