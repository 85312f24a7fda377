/**
 * Who sits at the console. Per-user settings (screen lock, desktop) must be read for this user even
 * when the agent runs as root (research/probes.md §0.2). Runs through a Host, so a recording holds
 * the answers and a replay reproduces the lookup.
 */
import { z } from 'zod';
import { runPowerShell } from '../powershell.ts';
import { because } from '../i18n/reason.ts';
import { saidBy } from '../probe.ts';
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
  if (list instanceof Error) return { found: false, reason: because('console-user.no-logind', {}, list.message) };
  if (list.exitCode !== 0) {
    return { found: false, reason: because('console-user.lookup-failed', { command: 'loginctl list-sessions', exitCode: list.exitCode }, saidBy(list)) };
  }
  const sessions: SessionInfo[] = [];
  for (const s of parseLoginctlSessions(list.stdout)) {
    const show = await host.run('loginctl', [
      'show-session', s.id, '-p', 'Type', '-p', 'Class', '-p', 'Active', '-p', 'Remote', '-p', 'Seat', '-p', 'Desktop', '-p', 'State',
    ]);
    if (show.exitCode === 0) sessions.push({ props: parseKeyValueLines(show.stdout), user: s.user, uid: s.uid });
  }
  const picked = pickConsoleSession(sessions);
  if (!picked) return { found: false, reason: because('console-user.none') };
  host.identifying('user', picked.user);
  const passwd = parsePasswdEntry((await host.readFile('/etc/passwd')) ?? '', picked.user);
  if (passwd) host.identifying('home', passwd.home);
  const type = picked.props.get('Type') ?? 'unspecified';
  const user: ConsoleUser = {
    name: picked.user,
    uid: picked.uid,
    gid: passwd?.gid ?? null,
    sid: null,
    home: passwd?.home ?? null,
    sessionType: type,
    desktop: picked.props.get('Desktop')?.toLowerCase() || null,
    graphical: GRAPHICAL_TYPES.has(type),
  };
  return { found: true, user };
}

/**
 * Windows: Win32_ComputerSystem.UserName is the user at the physical console (null when nobody is logged on
 * there, and for remote desktop sessions); their SID locates their registry hive (HKEY_USERS\<sid>) and the
 * ProfileList their profile folder. Works as a standard user and as SYSTEM. NTAccount.Translate fails for domain
 * accounts away from the domain (PSAppDeployToolkit/PSAppDeployToolkit#1095) and has been reported failing on
 * Windows 11 PS 5.1 (DanysysTeam/PS-SFTA#38): then the owner of the user's explorer.exe gives the SID, and with
 * neither the SID is null and the per-user facts are unknown, never the whole lookup.
 */
export const WINDOWS_CONSOLE_USER_SCRIPT = String.raw`
$u = (Get-CimInstance -ClassName Win32_ComputerSystem).UserName
if (-not $u) { return [pscustomobject]@{ userName = $null; sid = $null; profile = $null } }
$sid = try { (New-Object System.Security.Principal.NTAccount($u)).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch {
  # Translate asks the account's domain: it throws for a domain account off the domain network. The user's own
  # explorer.exe knows its owner's SID locally.
  try {
    @(Get-CimInstance -ClassName Win32_Process -Filter "Name='explorer.exe'" | Where-Object {
      $o = Invoke-CimMethod -InputObject $_ -MethodName GetOwner; "$($o.Domain)\$($o.User)" -eq $u
    } | ForEach-Object { (Invoke-CimMethod -InputObject $_ -MethodName GetOwnerSid).Sid })[0]
  } catch { $null }
}
$p = (Get-ItemProperty -LiteralPath "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$sid" -ErrorAction SilentlyContinue).ProfileImagePath
[pscustomobject]@{ userName = $u; sid = $sid; profile = $p }`;

const WindowsConsoleUser = z.object({ userName: z.string().nullable(), sid: z.string().nullable(), profile: z.string().nullable().optional() });

async function windowsConsoleUser(host: Host): Promise<ConsoleUserLookup> {
  const answer = await runPowerShell(host, WINDOWS_CONSOLE_USER_SCRIPT);
  if (!answer.ok) return { found: false, reason: answer.reason };
  const parsed = WindowsConsoleUser.safeParse(answer.value);
  if (!parsed.success) return { found: false, reason: because('command.unexpected-output', { command: 'PowerShell' }) };
  const { userName, sid, profile } = parsed.data;
  if (!userName) return { found: false, reason: because('console-user.none') };
  // "DOMAIN\user" or "AzureAD\user": the name after the backslash is the account.
  const name = userName.slice(userName.lastIndexOf('\\') + 1);
  host.identifying('user', name);
  host.identifying('user', userName);
  if (profile) host.identifying('home', profile);
  return {
    found: true,
    user: { name, uid: null, gid: null, sid, home: profile ?? null, sessionType: 'console', desktop: 'windows', graphical: true },
  };
}

/**
 * macOS: the owner of /dev/console is the user at the login window's session; root (or loginwindow) means
 * nobody is logged in, and _mbsetupuser is Setup Assistant's own account while it runs before the first login
 * (admin scripts that read `stat -f %Su /dev/console` treat all three as "no user").
 */
async function darwinConsoleUser(host: Host): Promise<ConsoleUserLookup> {
  const owner = await host.run('stat', ['-f', '%Su', '/dev/console']);
  const name = owner.stdout.trim();
  if (owner.exitCode !== 0 || name === '') return { found: false, reason: because('console-user.lookup-failed', { command: 'stat /dev/console', exitCode: owner.exitCode }, saidBy(owner)) };
  if (name === 'root' || name === 'loginwindow') return { found: false, reason: because('console-user.none') };
  if (name === '_mbsetupuser') return { found: false, reason: because('console-user.setup-assistant') };
  host.identifying('user', name);
  const [uid, gid, home] = await Promise.all([
    host.run('id', ['-u', name]),
    host.run('id', ['-g', name]),
    host.run('dscl', ['.', '-read', `/Users/${name}`, 'NFSHomeDirectory']),
  ]);
  const homeDir = /^NFSHomeDirectory:\s*(.+)$/m.exec(home.stdout)?.[1]?.trim() ?? null;
  if (homeDir) host.identifying('home', homeDir);
  const number = (r: typeof uid) => (r.exitCode === 0 && /^\d+$/.test(r.stdout.trim()) ? Number(r.stdout.trim()) : null);
  return {
    found: true,
    user: { name, uid: number(uid), gid: number(gid), sid: null, home: homeDir, sessionType: 'aqua', desktop: 'aqua', graphical: true },
  };
}

export async function lookupConsoleUser(host: Host): Promise<ConsoleUserLookup> {
  switch (host.platform) {
    case 'linux':
      return linuxConsoleUser(host);
    case 'win32':
      return windowsConsoleUser(host);
    case 'darwin':
      return darwinConsoleUser(host);
  }
}
