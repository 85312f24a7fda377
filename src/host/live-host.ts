/**
 * The live host: the real machine, through exec.ts, node:fs and an allow-list of systeminformation calls.
 * The only module that reads process.platform (test/architecture.test.ts enforces it).
 */
import { open, readdir, stat } from 'node:fs/promises';
import { lookupConsoleUser } from './console-user.ts';
import { renderReason } from '../i18n/reasons.ts';
import { PermissionDeniedError } from './errors.ts';
import { exec } from './exec.ts';
import { PLATFORMS, SI_CALLS, type ConsoleUserLookup, type FileStat, type Host, type Platform, type SiCall, type SiCalls } from './host.ts';

/**
 * Bare command names resolve on this fixed PATH, never the caller's: the agent often runs as root,
 * and a PATH a user controls must not choose what root executes.
 */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Windows' own tools only (System32, WMI, Windows PowerShell), never a folder a user could write to. */
function windowsSystemPath(): string {
  const root = process.env.SystemRoot ?? 'C:\\Windows';
  return [`${root}\\System32`, root, `${root}\\System32\\Wbem`, `${root}\\System32\\WindowsPowerShell\\v1.0`].join(';');
}

function currentPlatform(): Platform {
  const p = process.platform;
  if ((PLATFORMS as readonly string[]).includes(p)) return p as Platform;
  throw new Error(`tenken does not support the platform "${p}" (supported: ${PLATFORMS.join(', ')})`);
}

/** ENOENT/ENOTDIR → undefined (absent is a fact); EACCES/EPERM → PermissionDeniedError; anything else propagates. */
async function absentIfMissing<T>(path: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw new PermissionDeniedError(path);
    throw e;
  }
}

async function readHead(path: string, maxBytes?: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    if (maxBytes === undefined) return await handle.readFile('utf8');
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    // Binary headers (ClamAV's cvd) are ASCII; latin1 maps every byte to one character.
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

async function isElevated(platform: Platform): Promise<boolean> {
  if (platform !== 'win32') return process.getuid?.() === 0;
  // `net session` succeeds only in an elevated token; its exit code is locale-free.
  const result = await exec('net', ['session']).catch(() => undefined);
  return result?.exitCode === 0;
}

export async function createLiveHost(): Promise<Host> {
  const platform = currentPlatform();
  const isAdmin = await isElevated(platform);
  const env: Record<string, string> = { PATH: platform === 'win32' ? windowsSystemPath() : SYSTEM_PATH };
  let consoleUser: Promise<ConsoleUserLookup> | undefined;
  let siInFlight = 0;
  const host: Host = {
    platform,
    isAdmin,
    now: () => new Date(),
    async run(file, args, options = {}) {
      if (!options.asConsoleUser) return exec(file, args, { ...options, env });
      const lookup = await host.consoleUser();
      if (!lookup.found) throw new Error(`cannot run ${file} as the console user: ${renderReason(lookup.reason, 'en')}`);
      const self = process.getuid?.();
      if (platform === 'win32') {
        // There is no switching user here: per-user settings are read from HKEY_USERS\<sid> instead.
        throw new Error(`cannot run ${file} as the console user on Windows; read HKEY_USERS\\${lookup.user.sid} instead`);
      }
      if (self !== 0 && self !== lookup.user.uid) {
        throw new Error(`cannot run ${file} as the console user ${lookup.user.name}: tenken runs as another user without root`);
      }
      if (self === 0 && platform === 'darwin' && lookup.user.uid !== null) {
        // Per-user tools (sysadminctl -screenLock, defaults -currentHost) need the user's login session, not
        // only their uid: launchctl asuser enters it (Kolide runs osqueryi the same way, kolide/launcher#614).
        return exec('launchctl', ['asuser', String(lookup.user.uid), 'sudo', '-u', lookup.user.name, '--', file, ...args], { ...options, env });
      }
      return exec(file, args, { ...options, env, user: self === 0 ? lookup.user : undefined });
    },
    readFile: (path, options = {}) => absentIfMissing(path, () => readHead(path, options.maxBytes)),
    listDir: (path) => absentIfMissing(path, async () => (await readdir(path)).sort()),
    stat: (path) =>
      absentIfMissing(path, async (): Promise<FileStat> => {
        const s = await stat(path);
        return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size, mtime: s.mtime.toISOString() };
      }),
    async si<K extends SiCall>(call: K): Promise<SiCalls[K]> {
      if (!(SI_CALLS as readonly string[]).includes(call)) throw new Error(`systeminformation.${call} is not on the allow-list`);
      // Loaded on first use: a large module whose loading then overlaps with the probes' commands.
      const { default: si } = await import('systeminformation');
      // On Windows every systeminformation call starts PowerShell (osInfo alone four times); one shared
      // PowerShell process serves the calls that overlap, and is released when the last one ends.
      if (platform === 'win32' && siInFlight++ === 0) si.powerShellStart();
      try {
        return await (si[call] as () => Promise<SiCalls[K]>)();
      } finally {
        if (platform === 'win32' && --siInFlight === 0) si.powerShellRelease();
      }
    },
    consoleUser: () => (consoleUser ??= lookupConsoleUser(host)),
    identifying: () => {},
    section: () => host,
  };
  return host;
}
