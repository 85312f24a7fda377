/**
 * Where root (or SYSTEM) finds the programs it runs by bare name: the OS's own folders only, and of those only
 * the ones no one but root / the administrators can change. A folder a user can write to (Homebrew makes
 * /usr/local/bin its installing user's on Intel Macs) would let that user choose what root executes at the next
 * scheduled scan.
 *
 * Tools that live elsewhere are not run as root on purpose: Homebrew's clamscan on a Mac is the user's program,
 * not the system's; on Linux ClamAV, mdatp (/usr/bin/mdatp) and the firewall tools are in /usr/bin and /usr/sbin.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Platform } from './host.ts';

/**
 * macOS: every tool the probes, the console-user lookup, the scheduler and the fixes run is in these four
 * (sw_vers, plutil, defaults, fdesetup, pmset, open, sudo, stat, id, dscl in /usr/bin; launchctl in /bin;
 * system_profiler, diskutil, spctl, sysctl, sysadminctl in /usr/sbin). /usr/libexec's tools (socketfilterfw)
 * are named by absolute path. Linux: the FHS system folders (/usr/local is the administrator's, not the OS's).
 */
export function systemFolders(platform: Platform, systemRoot: string): string[] {
  if (platform === 'darwin') return ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  if (platform === 'linux') return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  // Windows' own tools only (System32, WMI, Windows PowerShell).
  return [`${systemRoot}\\System32`, systemRoot, `${systemRoot}\\System32\\Wbem`, `${systemRoot}\\System32\\WindowsPowerShell\\v1.0`];
}

/** One folder of a POSIX folder's chain (the folder's real path and each folder above it), as stat(2) gives it. */
export const PosixFolder = z.object({ path: z.string(), uid: z.number().int(), gid: z.number().int(), mode: z.number().int() });
export type PosixFolder = z.infer<typeof PosixFolder>;

/** A Windows folder's owner and access rules with SIDs (locale-free), as the script below prints them. */
export const WindowsFolder = z.union([
  z.object({
    path: z.string(),
    owner: z.string(),
    aces: z.array(z.object({ sid: z.string(), rights: z.number().int(), allow: z.boolean(), inheritOnly: z.boolean() })),
  }),
  z.object({ path: z.string(), error: z.string() }),
]);
export type WindowsFolder = z.infer<typeof WindowsFolder>;

/** Anything root may trust to write a POSIX system folder: root itself, and a group that is root's own (wheel / root). */
export function posixUnsafeReason(chain: readonly PosixFolder[]): string | null {
  for (const f of chain) {
    if (f.uid !== 0) return `${f.path} is owned by uid ${f.uid}, not root`;
    if (f.mode & 0o002) return `${f.path} is writable by every user (mode ${(f.mode & 0o7777).toString(8)})`;
    if (f.mode & 0o020 && f.gid !== 0) return `${f.path} is writable by group ${f.gid} (mode ${(f.mode & 0o7777).toString(8)})`;
  }
  return null;
}

/** SYSTEM, Administrators and TrustedInstaller: the accounts that own and write Windows' folders. */
const WINDOWS_TRUSTED_SIDS = new Set(['S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);

/**
 * The rights that let an account put a program into a folder, or take the folder over: create files (0x2),
 * delete children (0x40), delete (0x10000), change permissions (0x40000), take ownership (0x80000), generic all
 * (0x10000000), generic write (0x40000000). Creating subfolders (0x4) alone does not put a program on PATH.
 */
const WINDOWS_WRITE_RIGHTS = 0x2 | 0x40 | 0x1_0000 | 0x4_0000 | 0x8_0000 | 0x1000_0000 | 0x4000_0000;

export function windowsUnsafeReason(folder: WindowsFolder): string | null {
  if ('error' in folder) return `the permissions of ${folder.path} could not be read: ${folder.error}`;
  if (!WINDOWS_TRUSTED_SIDS.has(folder.owner)) return `${folder.path} is owned by ${folder.owner}, not SYSTEM, Administrators or TrustedInstaller`;
  // Inherit-only rules (CREATOR OWNER's among them) apply to what is created inside, not to the folder itself.
  const writer = folder.aces.find((a) => a.allow && !a.inheritOnly && (a.rights >>> 0) & WINDOWS_WRITE_RIGHTS && !WINDOWS_TRUSTED_SIDS.has(a.sid));
  return writer ? `${folder.path} can be written by ${writer.sid} (rights 0x${(writer.rights >>> 0).toString(16)})` : null;
}

/** The real path of a folder and every folder above it, or undefined when the folder does not exist. */
export async function posixChain(folder: string): Promise<PosixFolder[] | undefined> {
  let path: string;
  try {
    path = await realpath(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const chain: PosixFolder[] = [];
  for (;;) {
    const s = await stat(path);
    chain.push({ path, uid: s.uid, gid: s.gid, mode: s.mode });
    const up = dirname(path);
    if (up === path) return chain;
    path = up;
  }
}

/** The PowerShell script body that prints a WindowsFolder for each folder (one process for all of them). */
export function windowsFoldersScript(folders: readonly string[]): string {
  const list = folders.map((f) => `'${f.replaceAll("'", "''")}'`).join(',');
  return `@(${list} | ForEach-Object {
  $p = $_
  try {
    $acl = Get-Acl -LiteralPath $p
    $sid = [System.Security.Principal.SecurityIdentifier]
    [pscustomobject]@{ path = $p; owner = $acl.GetOwner($sid).Value; aces = @($acl.GetAccessRules($true, $true, $sid) | ForEach-Object {
      [pscustomobject]@{ sid = $_.IdentityReference.Value; rights = [int]$_.FileSystemRights; allow = ($_.AccessControlType -eq 'Allow'); inheritOnly = (($_.PropagationFlags -band 2) -ne 0) } }) }
  } catch { [pscustomobject]@{ path = $p; error = $_.Exception.Message } }
})`;
}

/** The folders of the system PATH that passed, and those refused with the reason. */
export interface SystemPath {
  readonly folders: readonly string[];
  readonly refused: ReadonlyMap<string, string>;
}

/**
 * Sorts the OS's folders into trusted and refused with `inspect` (a reason, null when safe, undefined when the
 * folder does not exist and so has nothing to run).
 */
export async function checkSystemFolders(folders: readonly string[], inspect: (folder: string) => Promise<string | null | undefined>): Promise<SystemPath> {
  const verdicts = await Promise.all(folders.map(async (f) => [f, await inspect(f)] as const));
  return {
    folders: verdicts.filter(([, v]) => v === null).map(([f]) => f),
    refused: new Map(verdicts.filter((e): e is readonly [string, string] => typeof e[1] === 'string')),
  };
}
