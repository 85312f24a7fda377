/**
 * Linux collector of the remote-access probe: which remote-access units start by themselves or run (one
 * list-unit-files and one is-active, sharing/systemd.ts), then the SSH server's settings when it is on (sshd.ts).
 * GNOME Remote Desktop's per-user desktop sharing runs in the user's own session and is not read.
 */
import type { z } from 'zod';
import { reasons, type ProbeContext } from '../../src/probe.ts';
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

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const units = await unitsOn(ctx, Object.keys(UNITS));
  if (!units.ok) {
    for (const path of ['services', 'ssh.enabled', 'ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) why.set(path, units.reason);
    return { services: null, ssh: { enabled: null, listensOnNetwork: null, passwordLogin: null, settingsFrom: null }, unknown: why.map };
  }
  const services = [...new Set(Object.entries(UNITS).filter(([unit]) => units.on.has(unit)).map(([, service]) => service))];
  const ssh = services.includes('ssh') ? await readSshd(ctx, 'linux', why.set) : sshOff(why.set);
  return { services, ssh, unknown: why.map };
}
