/**
 * tenken's folders on each OS, decided from the Host (never process.platform). Machine-wide: what belongs to
 * the device (its collector identity and queue, the schedule, an organisation's self-check); per user: what an
 * ordinary user keeps for themselves (XDG state on Linux, Application Support on macOS). Windows keeps both in
 * ProgramData, where a self-check is the organisation's, not one user's.
 */
import { posix, win32 } from 'node:path';
import type { Host } from './host/host.ts';

export function machineStateDir(platform: Host['platform'], env: NodeJS.ProcessEnv): string {
  switch (platform) {
    case 'win32':
      return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'tenken');
    case 'darwin':
      return '/Library/Application Support/tenken';
    case 'linux':
      return '/var/lib/tenken';
  }
}

/** The machine-wide folder for an administrator (and on Windows); the user's own otherwise. */
export function userStateDir(host: Pick<Host, 'platform' | 'isAdmin'>, env: NodeJS.ProcessEnv): string {
  if (host.isAdmin || host.platform === 'win32') return machineStateDir(host.platform, env);
  if (host.platform === 'darwin') return posix.join(env.HOME ?? '/', 'Library/Application Support/tenken');
  // XDG Base Directory: a relative XDG_STATE_HOME is invalid and must be ignored.
  return env.XDG_STATE_HOME && posix.isAbsolute(env.XDG_STATE_HOME) ? posix.join(env.XDG_STATE_HOME, 'tenken') : posix.join(env.HOME ?? '/', '.local/state/tenken');
}

/** `dir/name` with the separators of the OS the folder belongs to (a Windows path keeps its backslashes). */
export const joinStatePath = (dir: string, name: string): string => (/^[A-Za-z]:\\|^\\\\/.test(dir) ? win32.join(dir, name) : posix.join(dir, name));
