/**
 * The live host: the real machine, through exec.ts, node:fs and an allow-list of systeminformation calls.
 * The only module that reads process.platform (test/architecture.test.ts enforces it).
 */
import { access, open, readdir, stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { parsePowerShellJson, powershellArgs } from '../powershell.ts';
import { lookupConsoleUser } from './console-user.ts';
import { CommandNotFoundError, PermissionDeniedError, UntrustedFolderError } from './errors.ts';
import { exec } from './exec.ts';
import { PLATFORMS, SI_CALLS, type ConsoleUserLookup, type FileStat, type Host, type Platform, type SiCall, type SiCalls } from './host.ts';
import { WindowsFolder, checkSystemFolders, posixChain, posixUnsafeReason, systemFolders, windowsFoldersScript, windowsUnsafeReason, type SystemPath } from './system-path.ts';

const systemRoot = () => process.env.SystemRoot ?? 'C:\\Windows';

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
  // `net session` succeeds only in an elevated token; its exit code is locale-free. By full path: no PATH is trusted yet.
  const result = await exec(`${systemRoot()}\\System32\\net.exe`, ['session']).catch(() => undefined);
  return result?.exitCode === 0;
}

/** Each POSIX folder's chain checked with stat(2); unreadable is refused too (root can read every folder). */
async function posixInspect(folder: string): Promise<string | null | undefined> {
  try {
    const chain = await posixChain(folder);
    return chain && posixUnsafeReason(chain);
  } catch (e) {
    return `the owner of ${folder} could not be read: ${(e as Error).message}`;
  }
}

/** All Windows folders' ACLs in one PowerShell run (started by its full path, before any PATH is trusted). */
async function windowsInspector(root: string, folders: readonly string[]): Promise<(folder: string) => Promise<string | null | undefined>> {
  const powershell = `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
  const answer = await exec(powershell, powershellArgs(windowsFoldersScript(folders)), { timeoutMs: 60_000 }).then(
    (r) => (r.exitCode === 0 ? parsePowerShellJson(r.stdout) : { ok: false as const, reason: r.stderr.trim().split(/\r?\n/)[0] || `exit ${r.exitCode}` }),
    (e: unknown) => ({ ok: false as const, reason: (e as Error).message }),
  );
  // ConvertTo-Json prints one object, not an array of one.
  const parsed = answer.ok ? z.union([z.array(WindowsFolder), WindowsFolder.transform((f) => [f])]).safeParse(answer.value) : undefined;
  const byPath = new Map(parsed?.success ? parsed.data.map((f) => [f.path, f]) : []);
  const failure = !answer.ok ? answer.reason : parsed && !parsed.success ? `unexpected answer: ${parsed.error.issues[0]?.message}` : 'no answer';
  return async (folder) => {
    const f = byPath.get(folder);
    return f ? windowsUnsafeReason(f) : `the permissions of ${folder} could not be read: ${failure}`;
  };
}

/**
 * The PATH bare names resolve on, never the caller's (the agent often runs as root): the OS's folders that
 * passed the check, in their order.
 */
async function trustedSystemPath(platform: Platform): Promise<SystemPath> {
  const folders = systemFolders(platform, systemRoot());
  return checkSystemFolders(folders, platform === 'win32' ? await windowsInspector(systemRoot(), folders) : posixInspect);
}

/** A bare name that was not found on the trusted PATH but is in a refused folder: refused, not "not installed". */
async function refusal(platform: Platform, file: string, systemPath: SystemPath): Promise<UntrustedFolderError | undefined> {
  const path = platform === 'win32' ? win32 : posix;
  if (path.basename(file) !== file) return undefined;
  const names = platform === 'win32' && path.extname(file) === '' ? [`${file}.exe`, file] : [file];
  for (const [folder, reason] of systemPath.refused) {
    for (const name of names) {
      if (await access(path.join(folder, name)).then(() => true, () => false)) return new UntrustedFolderError(file, folder, reason);
    }
  }
  return undefined;
}

export async function createLiveHost(): Promise<Host> {
  const platform = currentPlatform();
  const isAdmin = await isElevated(platform);
  // Checked once, at the first command (a Windows check starts PowerShell, which commands such as tenken queue never need);
  // elsewhere it is a few stat calls, done before the host is ready: a scan creates its host while its probes' modules
  // load, and its first command then starts at once, before the modules that judge and report (scan/build-report.ts).
  let systemPath: Promise<SystemPath> | undefined = platform === 'win32' ? undefined : trustedSystemPath(platform);
  let checked: { trusted: SystemPath; PATH: string } | undefined;
  const trustedPath = async () => {
    const trusted = await (systemPath ??= trustedSystemPath(platform));
    return (checked = { trusted, PATH: trusted.folders.join(platform === 'win32' ? ';' : ':') });
  };
  // A failure is the first command's to report, not the host's.
  if (systemPath) await trustedPath().catch(() => {});
  const run = async (file: string, args: readonly string[], options: Parameters<typeof exec>[2] = {}) => {
    // Once checked, a command starts in its caller's turn, not after the other probes' first steps: a scan starts
    // its longest command first (scan/run-probes.ts).
    const { trusted, PATH } = checked ?? (await trustedPath());
    const env = { PATH };
    try {
      return await exec(file, args, { ...options, env });
    } catch (e) {
      throw (e instanceof CommandNotFoundError && (await refusal(platform, file, trusted))) || e;
    }
  };
  let consoleUser: Promise<ConsoleUserLookup> | undefined;
  let siInFlight = 0;
  const host: Host = {
    platform,
    isAdmin,
    linuxIdentity: 'files',
    now: () => new Date(),
    // getTimezoneOffset() counts minutes west; the zone is the process's (TZ, else /etc/localtime), as date's is.
    // `|| 0`: UTC is 0, not the -0 a recording would print.
    utcOffsetMinutes: () => -new Date().getTimezoneOffset() || 0,
    async run(file, args, options = {}) {
      if (!options.asConsoleUser) return run(file, args, options);
      const lookup = await host.consoleUser();
      if (!lookup.found) {
        // The reasons' texts load only here: a scan starts its commands before anything shows a reason.
        const { renderReason } = await import('../i18n/reasons.ts');
        throw new Error(`cannot run ${file} as the console user: ${renderReason(lookup.reason, 'en')}`);
      }
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
        return run('launchctl', ['asuser', String(lookup.user.uid), 'sudo', '-u', lookup.user.name, '--', file, ...args], options);
      }
      return run(file, args, { ...options, user: self === 0 ? lookup.user : undefined });
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
      // systeminformation starts its own commands (ioreg, system_profiler, dmidecode, PowerShell) through a shell
      // that searches this process's PATH, which under sudo is the caller's: it gets the trusted one too.
      process.env.PATH = (await trustedPath()).PATH;
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
