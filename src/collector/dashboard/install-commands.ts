/**
 * The installers the Add PCs page knows (the file names `npm run package` writes), the folder they are served
 * from, and the one-line commands that install tenken on a staff PC with the collector's address, the enroll
 * secret and the CA fingerprint filled in — quoted for the shell each one is typed into. The page escapes the
 * result for HTML like any other text.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';

export type PackageOs = 'windows' | 'macos' | 'linux';

export interface PackageKind {
  readonly id: string;
  readonly os: PackageOs;
  readonly arch: 'x64' | 'arm64';
  readonly format: 'msi' | 'tar.gz' | 'deb' | 'rpm';
  /** The file name with VERSION for the semantic version. */
  readonly pattern: string;
}

export const PACKAGE_KINDS: readonly PackageKind[] = [
  { id: 'windows-x64', os: 'windows', arch: 'x64', format: 'msi', pattern: 'tenken-VERSION-windows-x64.msi' },
  { id: 'windows-arm64', os: 'windows', arch: 'arm64', format: 'msi', pattern: 'tenken-VERSION-windows-arm64.msi' },
  { id: 'macos-arm64', os: 'macos', arch: 'arm64', format: 'tar.gz', pattern: 'tenken-VERSION-macos-arm64.tar.gz' },
  { id: 'macos-x64', os: 'macos', arch: 'x64', format: 'tar.gz', pattern: 'tenken-VERSION-macos-x64.tar.gz' },
  { id: 'deb-x64', os: 'linux', arch: 'x64', format: 'deb', pattern: 'tenken_VERSION_amd64.deb' },
  { id: 'deb-arm64', os: 'linux', arch: 'arm64', format: 'deb', pattern: 'tenken_VERSION_arm64.deb' },
  { id: 'rpm-x64', os: 'linux', arch: 'x64', format: 'rpm', pattern: 'tenken-VERSION-1.x86_64.rpm' },
  { id: 'rpm-arm64', os: 'linux', arch: 'arm64', format: 'rpm', pattern: 'tenken-VERSION-1.aarch64.rpm' },
  { id: 'linux-x64', os: 'linux', arch: 'x64', format: 'tar.gz', pattern: 'tenken-VERSION-linux-x64.tar.gz' },
  { id: 'linux-arm64', os: 'linux', arch: 'arm64', format: 'tar.gz', pattern: 'tenken-VERSION-linux-arm64.tar.gz' },
];

// semver.org's pattern (numbers without leading zeros, optional pre-release and build).
const NUM = '(?:0|[1-9]\\d*)';
const SEMVER = `(${NUM}\\.${NUM}\\.${NUM}(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MATCHERS = PACKAGE_KINDS.map((kind) => ({ kind, re: new RegExp(`^${kind.pattern.split('VERSION').map(escapeRegExp).join(SEMVER)}$`) }));

/** The kind and version of a file name the page recognises; undefined for any other name. */
export function recognisePackage(file: string): { kind: PackageKind; version: string } | undefined {
  for (const { kind, re } of MATCHERS) {
    const m = re.exec(file);
    if (m) return { kind, version: m[1]! };
  }
  return undefined;
}

export const packageFileName = (kind: PackageKind, version: string) => kind.pattern.replace('VERSION', version);

/** Orders versions by semver precedence (build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('+')[0]!.split(/-(.*)/s) as [string, string | undefined];
    return { nums: core.split('.').map(Number), pre: pre === undefined ? [] : pre.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (!x.pre.length || !y.pre.length) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export interface FoundPackage {
  readonly kind: PackageKind;
  readonly version: string;
  readonly file: string;
  readonly bytes: number;
  /** Hex SHA-256 of the file, for the administrator to check a copy before running it as administrator. */
  readonly sha256: string;
}

/** Hashes by path, size and modification time: a page view does not read 10 installers of 50 MB again. */
const hashes = new Map<string, string>();

async function sha256Of(path: string, info: { size: number; mtimeMs: number }): Promise<string> {
  const key = `${path}\0${info.size}\0${info.mtimeMs}`;
  const known = hashes.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  const hex = hash.digest('hex');
  hashes.set(key, hex);
  return hex;
}

/** The newest file of each kind in the folder (other files are ignored, never served). */
export async function findPackages(dir: string): Promise<FoundPackage[]> {
  const newest = new Map<string, Omit<FoundPackage, 'sha256'> & { mtimeMs: number }>();
  for (const file of await readdir(dir)) {
    const known = recognisePackage(file);
    if (!known) continue;
    const info = await stat(join(dir, file)).catch(() => undefined);
    if (!info?.isFile()) continue;
    const previous = newest.get(known.kind.id);
    if (!previous || compareVersions(known.version, previous.version) > 0) newest.set(known.kind.id, { ...known, file, bytes: info.size, mtimeMs: info.mtimeMs });
  }
  // Only the files shown are hashed (the newest of each kind).
  return Promise.all(PACKAGE_KINDS.flatMap((k) => newest.get(k.id) ?? []).map(async ({ mtimeMs, ...p }) => ({ ...p, sha256: await sha256Of(join(dir, p.file), { size: p.bytes, mtimeMs }) })));
}

/** POSIX sh: as it is when it needs no quoting, else in single quotes (a ' inside becomes '\''). */
export function shQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * An msiexec property value, the same from cmd.exe and from PowerShell after `--%` (which passes the rest of
 * the line as it is): as it is when plain, else in double quotes with inner ones doubled (msiexec's rule).
 * `%` is left out of plain values because cmd.exe expands %NAME% even inside quotes.
 */
export function msiQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@+,-]+$/.test(value) ? value : `"${value.replace(/"/g, '""')}"`;
}

export interface InstallValues {
  readonly url: string;
  readonly secret: string;
  /** `sha256:<hex>` when the collector serves tls init's certificate; null otherwise (a public or own CA). */
  readonly caFingerprint: string | null;
}

/** The commands for one package file: Windows gets one for cmd.exe and one for PowerShell. */
export function installCommands(kind: PackageKind, file: string, v: InstallValues): { shell: 'cmd' | 'powershell' | 'sh'; command: string }[] {
  if (kind.os === 'windows') {
    const props = `COLLECTOR_URL=${msiQuote(v.url)} ENROLL_SECRET=${msiQuote(v.secret)}${v.caFingerprint ? ` CA_FINGERPRINT=${msiQuote(v.caFingerprint)}` : ''}`;
    return [
      { shell: 'cmd', command: `msiexec /i ${msiQuote(file)} /qn ${props}` },
      // PowerShell re-quotes arguments it passes to native programs; --% stops it from touching the rest.
      { shell: 'powershell', command: `msiexec --% /i ${msiQuote(file)} /qn ${props}` },
    ];
  }
  const args = `--collector ${shQuote(v.url)} --secret ${shQuote(v.secret)}${v.caFingerprint ? ` --ca-fingerprint ${shQuote(v.caFingerprint)}` : ''}`;
  switch (kind.format) {
    case 'deb':
      return [{ shell: 'sh', command: `sudo apt install ./${shQuote(file)} && sudo tenken install ${args}` }];
    case 'rpm':
      return [{ shell: 'sh', command: `sudo dnf install ./${shQuote(file)} && sudo tenken install ${args}` }];
    default:
      return [{ shell: 'sh', command: `tar -xzf ${shQuote(file)} && sudo ./tenken/install.sh ${args}` }];
  }
}
