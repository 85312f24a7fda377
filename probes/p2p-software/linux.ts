/**
 * Linux collector of the p2p-software probe; two commands, run at once:
 * - the package database, asked only about the listed names: `dpkg-query -W -f '${db:Status-Abbrev}${Package}\n'
 *   <names>` ("ii " = installed; exit 1 with "no packages found matching" for the rest), or where there is no
 *   dpkg, `rpm -q --qf '%{NAME}\n' <names>` ("package … is not installed" for the rest, exit = their count);
 * - `ps -A -o comm=`: running process names (a client started from a home folder is in no package).
 * Flatpaks are folders: /var/lib/flatpak/app/<id> system-wide, /home/<user>/.local/share/flatpak/app/<id> per user
 * (a home this user may not enter is a place not read); snaps are /snap/<name>.
 */
import { because, listDirOrReason, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { linuxPackageNames, matchFlatpak, matchLinuxPackage, matchLinuxProcess, matchSnap } from './known.ts';
import type { P2pFinding } from './p2p-software.ts';
import { summarize } from './summary.ts';

/** Installed package names from dpkg-query's `${db:Status-Abbrev}${Package}` lines (status "ii " only). */
export function parseDpkgInstalled(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('ii '))
    .map((l) => l.slice(3).trim())
    .filter(Boolean);
}

/** Names `rpm -q --qf '%{NAME}\n'` printed for installed packages, out of those asked about. */
export function parseRpmInstalled(stdout: string, asked: readonly string[]): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => asked.includes(l));
}

type Packages = { seenIn: 'dpkg' | 'rpm'; names: string[] } | { problem: Reason };

async function installedPackages(ctx: ProbeContext, asked: readonly string[]): Promise<Packages> {
  const dpkg = await runIfInstalled(ctx, 'dpkg-query', ['-W', '-f', '${db:Status-Abbrev}${Package}\\n', ...asked]);
  if (dpkg) {
    const onlyMissing = dpkg.stderr.split('\n').every((l) => l.trim() === '' || /no packages found matching/.test(l));
    if (dpkg.exitCode === 0 || (dpkg.exitCode === 1 && onlyMissing)) return { seenIn: 'dpkg', names: parseDpkgInstalled(dpkg.stdout) };
    return { problem: because('command.failed', { command: 'dpkg-query -W', exitCode: dpkg.exitCode }, saidBy(dpkg)) };
  }
  const rpm = await runIfInstalled(ctx, 'rpm', ['-q', '--qf', '%{NAME}\\n', ...asked]);
  if (!rpm) return { problem: because('p2p-software.no-package-database') };
  // Exit status = number of packages not installed; anything on stderr is a real failure (a broken database).
  if (rpm.stderr.trim() !== '') return { problem: because('command.failed', { command: 'rpm -q', exitCode: rpm.exitCode }, saidBy(rpm)) };
  return { seenIn: 'rpm', names: parseRpmInstalled(rpm.stdout, asked) };
}

/** A folder's entries (none when it is missing), or why it could not be listed. */
async function list(ctx: ProbeContext, dir: string): Promise<string[] | Reason> {
  return (await listDirOrReason(ctx, dir)) ?? [];
}

export async function collectLinux(ctx: ProbeContext) {
  const asked = linuxPackageNames();
  const [packages, ps] = await Promise.all([installedPackages(ctx, asked), runIfInstalled(ctx, 'ps', ['-A', '-o', 'comm='])]);
  const findings: P2pFinding[] = [];
  const unread: Reason[] = [];

  if ('problem' in packages) unread.push(packages.problem);
  else for (const name of packages.names) {
    const software = matchLinuxPackage(name);
    if (software) findings.push({ software, seenIn: packages.seenIn, as: name });
  }

  if (!ps) unread.push(because('command.missing', { command: 'ps' }));
  else if (ps.exitCode !== 0) unread.push(because('command.failed', { command: 'ps -A', exitCode: ps.exitCode }, saidBy(ps)));
  else for (const comm of new Set(ps.stdout.split('\n').map((l) => l.trim()).filter(Boolean))) {
    const software = matchLinuxProcess(comm);
    if (software) findings.push({ software, seenIn: 'process', as: comm });
  }

  const homes = await list(ctx, '/home');
  const flatpakDirs = ['/var/lib/flatpak/app', ...(Array.isArray(homes) ? homes.map((h) => `/home/${h}/.local/share/flatpak/app`) : [])];
  if (!Array.isArray(homes)) unread.push(homes);
  for (const dir of flatpakDirs) {
    const ids = await list(ctx, dir);
    if (!Array.isArray(ids)) unread.push(ids);
    else for (const id of ids) {
      const software = matchFlatpak(id);
      if (software) findings.push({ software, seenIn: 'flatpak', as: `${id} (${dir})` });
    }
  }

  const snaps = await list(ctx, '/snap');
  if (!Array.isArray(snaps)) unread.push(snaps);
  else for (const name of snaps) {
    const software = matchSnap(name);
    if (software) findings.push({ software, seenIn: 'snap', as: name });
  }
  return summarize(findings, unread);
}
