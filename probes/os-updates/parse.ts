/**
 * Pure parsers for every output the os-updates probe reads (string in, typed value out; no I/O), so each can be
 * tested on real outputs. Re-exported by os-updates.ts.
 */
import { because, firstLine, type Reason } from '../../src/probe.ts';
export { parseOsRelease } from '../../src/os-release.ts';

/**
 * `apt list --upgradable` (LC_ALL=C, stdout not a TTY). apt prints its progress line `Listing...` (on a terminal
 * it is redrawn as `Listing... Done`; at apt's quiet level 2 it is not printed at all), then one line per
 * installed package that has a newer candidate version:
 *
 *     name/suite[,suite…] newversion arch [upgradable from: oldversion]
 *
 * e.g. `apt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]`, or Ubuntu's
 * `openssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.10 amd64 [upgradable from: 3.0.2-0ubuntu1.8]`. The suites
 * are the archive names of every index that carries the candidate (apt-private/private-output.cc GetArchiveSuite;
 * the same suite may repeat, one per index). A package is a security update when one of its suites ends in
 * `-security` (Debian ≥ 11 `bookworm-security`/`oldstable-security`, Ubuntu `noble-security`, Ubuntu Pro
 * `jammy-infra-security`/`jammy-apps-security`). A package installed for two architectures is two lines and counts
 * twice, as it would be two Inst lines of an upgrade.
 *
 * apt's "WARNING: apt does not have a stable CLI interface. Use with caution in scripts." goes to stderr when
 * stdout is not a TTY; it is skipped here too in case both streams were captured together. Notices and errors
 * (`N:`, `W:`, `E:`) also go to stderr.
 *
 * Anything else is not an upgradable list as this parser knows it, and so is output with neither `Listing...` nor
 * a package line: both give `{ unreadable }` with the reason, never a count of 0.
 */
export function parseAptListUpgradable(stdout: string): { count: number; securityCount: number } | { unreadable: Reason } {
  let listing = false;
  let count = 0;
  let securityCount = 0;
  for (const raw of stdout.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || /^WARNING: apt does not have a stable CLI interface\./.test(line)) continue;
    if (/^Listing\.\.\.( Done)?$/.test(line)) {
      listing = true;
      continue;
    }
    const m = /^[^\s/]+\/(\S+) \S+ \S+ \[upgradable from: [^\]\s]+\]$/.exec(line);
    if (!m) return { unreadable: because('command.unexpected-output', { command: 'apt list --upgradable' }, line.slice(0, 120)) };
    count++;
    if (m[1]!.split(',').some((suite) => suite.endsWith('-security'))) securityCount++;
  }
  if (!listing && count === 0) return { unreadable: stdout.trim() === '' ? because('command.no-answer', { command: 'apt list --upgradable' }) : because('command.unexpected-output', { command: 'apt list --upgradable' }, firstLine(stdout)) };
  return { count, securityCount };
}

/**
 * apt's stderr when it fails (exit 100): its own `E: …` line, past the script warning that apt prints first when
 * stdout is not a TTY; else the first other non-blank line; undefined when there is none.
 */
export function aptErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('WARNING: apt does not have a stable CLI interface'));
  return (lines.find((l) => l.startsWith('E: ')) ?? lines[0])?.slice(0, 200);
}

/** `apt-config dump`: one `Key::Path "value";` per line. Returns the keys asked for that are set. */
export function parseAptConfigDump(stdout: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) "(.*)";$/.exec(line.trim());
    if (m && keys.includes(m[1]!)) out[m[1]!] = m[2]!;
  }
  return out;
}

/** APT::Periodic values are intervals in days ("1" = daily); "0", empty or unset means off. */
export const periodicOn = (value: string | undefined): boolean => value !== undefined && /^\d+$/.test(value) && Number(value) > 0;

/** `dpkg-query -W -f '${Status}' pkg`: "install ok installed" (exit 0); exit 1 "no packages found"; else unknown. */
export function parseDpkgStatus(stdout: string, exitCode: number): boolean | null {
  if (exitCode === 0) return /\binstalled$/.test(stdout.trim()) && !/not-installed$/.test(stdout.trim());
  if (exitCode === 1) return false;
  return null;
}

/**
 * /var/log/apt/history.log: blank-line separated entries of `Start-Date:`, `Commandline:`, `Install:`/`Upgrade:`/
 * `Remove:`…, optional `Error:`, `End-Date:`. Returns the latest End-Date (local time "YYYY-MM-DD HH:MM:SS", as apt
 * writes it, without a zone) of an entry that installed or upgraded something and recorded no error.
 */
export function lastSuccessfulAptChange(texts: readonly string[]): string | null {
  let latest: string | null = null;
  for (const text of texts) {
    for (const entry of text.split(/\n\s*\n/)) {
      const changed = /^(Install|Upgrade): /m.test(entry);
      const failed = /^Error: /m.test(entry);
      const end = /^End-Date: (\d{4}-\d{2}-\d{2}) +(\d{2}:\d{2}:\d{2})\s*$/m.exec(entry);
      if (!changed || failed || !end) continue;
      const stamp = `${end[1]} ${end[2]}`;
      if (latest === null || stamp > latest) latest = stamp;
    }
  }
  return latest;
}

/** A zone-less local "YYYY-MM-DD HH:MM:SS" and the zone's offset in minutes → ISO 8601 UTC. */
export function localToIso(local: string, offsetMinutes: number): string {
  const asUtc = Date.parse(`${local.replace(' ', 'T')}Z`);
  return new Date(asUtc - offsetMinutes * 60_000).toISOString();
}

/**
 * `dnf -q check-update` (exit 100): one `name.arch  version  repo` row per available update, then possibly an
 * `Obsoleting Packages` section (rows that repeat a package, indented), which is not counted. dnf5 prints the
 * same three columns. yum and dnf4 wrap a row whose name or version overflows its column: the rest continues
 * on the next line, indented — `name.arch` alone then `version  repo`, or `name.arch  version` then `repo`
 * (ansible/ansible#20043, ansible/ansible-modules-core#2802; cfengine masterfiles#232, puppet PUP-3861 hit the
 * same). Such rows are joined before they are counted. Returns the number of distinct name.arch, or null when
 * no row parses.
 */
export function parseDnfCheckUpdate(stdout: string): number | null {
  const names = new Set<string>();
  let row: string[] = [];
  for (const line of stdout.split('\n')) {
    if (/^Obsoleting Packages/i.test(line)) break;
    const fields = line.trim().split(/\s+/).filter(Boolean);
    // An indented line continues a wrapped row; anything else starts a new one.
    row = /^\s/.test(line) && row.length > 0 && row.length < 3 ? [...row, ...fields] : fields;
    if (row.length === 3 && /^[^\s]+\.[^\s.]+$/.test(row[0]!)) names.add(row[0]!);
    if (row.length >= 3) row = [];
  }
  return names.size > 0 ? names.size : null;
}

/**
 * `dnf -q updateinfo list --security`. dnf4: `ADVISORY  Severity/Sec.  nevra` rows; dnf5: a header
 * `Name Type Severity Package Issued` and rows `ADVISORY security Severity nevra date time`. Counts distinct
 * packages (NEVRA) a security advisory names. Returns null when a non-empty output has no row of either shape.
 */
export function parseDnfSecurityList(stdout: string): number | null {
  const packages = new Set<string>();
  let unknownLines = 0;
  for (const line of stdout.split('\n')) {
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) continue;
    if (f.length === 3 && /\/Sec\.$/.test(f[1]!)) packages.add(f[2]!);
    else if (f.length >= 4 && f[1] === 'security') packages.add(f[3]!);
    else if (f[0] === 'Name' && f[1] === 'Type') continue;
    else if (f.length >= 4 && ['bugfix', 'enhancement', 'unspecified', 'newpackage'].includes(f[1]!)) continue;
    else unknownLines++;
  }
  if (packages.size === 0 && unknownLines > 0) return null;
  return packages.size;
}

/** `rpm -qa --qf '%{INSTALLTIME}\n'`: one epoch second per package → the latest, or null when none parses. */
export function parseRpmInstallTimes(stdout: string): number | null {
  let max: number | null = null;
  for (const line of stdout.split('\n')) {
    if (!/^\d+$/.test(line.trim())) continue;
    const n = Number(line.trim());
    if (max === null || n > max) max = n;
  }
  return max;
}

/**
 * `systemctl is-enabled unit`: the state word on stdout (enabled, disabled, masked, static, …). For a unit that
 * does not exist systemd ≥ 250 prints "not-found"; older ones print nothing on stdout and "Failed to get unit file
 * state for …: No such file or directory" on stderr (systemd 252, Debian 12). Anything else → null.
 */
export function parseIsEnabled(stdout: string, stderr: string): string | null {
  const word = stdout.trim().split('\n')[0]?.trim() ?? '';
  if (/^[a-z-]+$/.test(word)) return word;
  if (/No such file or directory|not found/i.test(stderr)) return 'not-found';
  return null;
}

/** /etc/dnf/automatic.conf (INI): `apply_updates` in [commands]; dnf accepts yes/no, true/false, 1/0. Unset = null. */
export function parseDnfAutomaticApply(text: string): boolean | null {
  let section = '';
  let value: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!.trim();
      continue;
    }
    const kv = /^apply_updates\s*=\s*(\S+)/.exec(line);
    if (kv && section === 'commands') value = kv[1]!.toLowerCase();
  }
  if (value === null) return null;
  if (['yes', 'true', '1', 'on'].includes(value)) return true;
  if (['no', 'false', '0', 'off'].includes(value)) return false;
  return null;
}

