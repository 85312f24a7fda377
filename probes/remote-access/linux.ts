/**
 * Linux collector of the remote-access probe: which remote-access units start by themselves or run (one
 * list-unit-files and one is-active, sharing/systemd.ts), then the SSH server's settings when it is on (sshd.ts).
 * GNOME's desktop sharing (Settings › Sharing › Remote Desktop) runs in the signed-in user's session: where
 * gnome-remote-desktop is installed, its org.gnome.desktop.remote-desktop.rdp `enable` key is read for the console
 * user; with nobody signed in at the console, no session shares its desktop.
 */
import type { z } from 'zod';
import { because, firstLine, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { unitsOn } from '../sharing/systemd.ts';
import type { REMOTE_ACCESS_SERVICES, RemoteAccessEvidence } from './remote-access.ts';
import { readSshd, sshOff } from './sshd.ts';

type Evidence = z.input<typeof RemoteAccessEvidence>;
type Service = (typeof REMOTE_ACCESS_SERVICES)[number];

/** Debian/Ubuntu name OpenSSH's unit ssh, Fedora/RHEL sshd; Ubuntu 22.10 and later start it from ssh.socket. */
const UNITS: Readonly<Record<string, Service>> = {
  'ssh.service': 'ssh',
  'sshd.service': 'ssh',
  'ssh.socket': 'ssh',
  'xrdp.service': 'xrdp',
  'gnome-remote-desktop.service': 'gnome-remote-desktop',
};

/** Debian, Ubuntu and Fedora install the daemon here. */
export const GRD_DAEMON = '/usr/libexec/gnome-remote-desktop-daemon';

/** Whether the console user's GNOME session shares its desktop over RDP. */
async function gnomeDesktopSharing(ctx: ProbeContext): Promise<boolean | Reason> {
  if (!(await ctx.stat(GRD_DAEMON))) return false;
  const lookup = await ctx.consoleUser();
  if (!lookup.found || !lookup.user.graphical) return false;
  ctx.identifying('user', lookup.user.name);
  const command = 'gsettings get org.gnome.desktop.remote-desktop.rdp enable';
  const r = await ctx.run('gsettings', ['get', 'org.gnome.desktop.remote-desktop.rdp', 'enable'], { asConsoleUser: true });
  if (r.exitCode !== 0) return because('command.failed', { command, exitCode: r.exitCode }, saidBy(r));
  const v = r.stdout.trim();
  return v === 'true' ? true : v === 'false' ? false : because('command.unexpected-output', { command }, firstLine(r.stdout));
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const units = await unitsOn(ctx, Object.keys(UNITS));
  if (!units.ok) {
    for (const path of ['services', 'ssh.enabled', 'ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) why.set(path, units.reason);
    return { services: null, ssh: { enabled: null, listensOnNetwork: null, passwordLogin: null, settingsFrom: null }, unknown: why.map };
  }
  const services = new Set(Object.entries(UNITS).filter(([unit]) => units.on.has(unit)).map(([, service]) => service));
  const [desktop, ssh] = await Promise.all([gnomeDesktopSharing(ctx), services.has('ssh') ? readSshd(ctx, 'linux', why.set) : sshOff(why.set)]);
  if (desktop === true) services.add('gnome-remote-desktop');
  return { services: typeof desktop === 'object' ? why.set('services', desktop) : [...services], ssh, unknown: why.map };
}
