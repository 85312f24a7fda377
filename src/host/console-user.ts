/**
 * Who sits at the console. Per-user settings (screen lock, desktop) must be read for this user even
 * when the agent runs as root (research/probes.md §0.2). Runs through a Host, so a recording holds
 * the answers and a replay reproduces the lookup.
 */
import type { ConsoleUser, ConsoleUserLookup, Host } from './host.ts';

const GRAPHICAL_TYPES = new Set(['x11', 'wayland', 'mir']);

/** `loginctl list-sessions --no-legend`: the first three columns are SESSION UID USER on every systemd version. */
export function parseLoginctlSessions(stdout: string): { id: string; uid: number; user: string }[] {
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 3 && /^\d+$/.test(cols[1] ?? ''))
    .map(([id, uid, user]) => ({ id: id!, uid: Number(uid), user: user! }));
}

/** `key=value` lines, as `loginctl show-session -p …` and `systemctl show` print them. */
export function parseKeyValueLines(stdout: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return map;
}

/** The `/etc/passwd` entry of `name`: gid and home directory. */
export function parsePasswdEntry(passwd: string, name: string): { uid: number; gid: number; home: string } | undefined {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
  }
  return undefined;
}

interface SessionInfo {
  readonly props: Map<string, string>;
  readonly user: string;
  readonly uid: number;
}

/** Prefer an active, local, graphical user session on a seat; then any active local user session. */
export function pickConsoleSession(sessions: readonly SessionInfo[]): SessionInfo | undefined {
  const local = sessions.filter(
    (s) => s.props.get('Remote') !== 'yes' && (s.props.get('Class') ?? 'user') === 'user' && s.props.get('Active') === 'yes',
  );
  return (
    local.find((s) => GRAPHICAL_TYPES.has(s.props.get('Type') ?? '') && (s.props.get('Seat') ?? '') !== '') ??
    local.find((s) => GRAPHICAL_TYPES.has(s.props.get('Type') ?? '')) ??
    local[0]
  );
}

async function linuxConsoleUser(host: Host): Promise<ConsoleUserLookup> {
  const list = await host.run('loginctl', ['list-sessions', '--no-legend', '--no-pager']).catch((e: Error) => e);
  if (list instanceof Error) return { found: false, reason: `systemd-logind is not available (${list.message})` };
  if (list.exitCode !== 0) {
    return { found: false, reason: `loginctl could not list sessions: ${(list.stderr || list.stdout).trim() || `exit ${list.exitCode}`}` };
  }
  const sessions: SessionInfo[] = [];
  for (const s of parseLoginctlSessions(list.stdout)) {
    const show = await host.run('loginctl', [
      'show-session', s.id, '-p', 'Type', '-p', 'Class', '-p', 'Active', '-p', 'Remote', '-p', 'Seat', '-p', 'Desktop', '-p', 'State',
    ]);
    if (show.exitCode === 0) sessions.push({ props: parseKeyValueLines(show.stdout), user: s.user, uid: s.uid });
  }
  const picked = pickConsoleSession(sessions);
  if (!picked) return { found: false, reason: 'no active local login session' };
  host.identifying('user', picked.user);
  const passwd = parsePasswdEntry((await host.readFile('/etc/passwd')) ?? '', picked.user);
  if (passwd) host.identifying('home', passwd.home);
  const type = picked.props.get('Type') ?? 'unspecified';
  const user: ConsoleUser = {
    name: picked.user,
    uid: picked.uid,
    gid: passwd?.gid ?? null,
    home: passwd?.home ?? null,
    sessionType: type,
    desktop: picked.props.get('Desktop')?.toLowerCase() || null,
    graphical: GRAPHICAL_TYPES.has(type),
  };
  return { found: true, user };
}

export async function lookupConsoleUser(host: Host): Promise<ConsoleUserLookup> {
  switch (host.platform) {
    case 'linux':
      return linuxConsoleUser(host);
    default:
      return { found: false, reason: `finding the console user on ${host.platform} is not implemented yet` };
  }
}
