/**
 * Who this device is: systeminformation's OS, system and UUID answers (through the Host, so they are
 * recorded and replayed like everything else). The device id is derived from the OS machine id, hashed so
 * that the raw id never leaves the machine.
 */
import { createHash } from 'node:crypto';
import type { Host } from '../host/host.ts';
import type { Report } from '../report/schema.ts';

/** Placeholders vendors and containers put in DMI fields; they identify nothing. */
const NOT_A_VALUE = new Set(['', '-', '0', 'none', 'default string', 'to be filled by o.e.m.', 'system serial number', 'not specified', '00000000-0000-0000-0000-000000000000']);
const value = (s: string | undefined) => (s === undefined || NOT_A_VALUE.has(s.trim().toLowerCase()) ? null : s.trim());

export function deviceIdFrom(seed: string): string {
  const h = createHash('sha256').update(`tenken-device:${seed}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function collectIdentity(host: Host): Promise<Report['device']> {
  const [os, system, uuid] = await Promise.all([host.si('osInfo'), host.si('system'), host.si('uuid')]);
  const hardware = {
    manufacturer: value(system.manufacturer),
    model: value(system.model),
    serial: value(system.serial),
    uuid: value(uuid.hardware) ?? value(system.uuid),
    macs: (uuid.macs ?? []).filter((m) => m && m !== '00:00:00:00:00:00'),
    virtual: typeof system.virtual === 'boolean' ? system.virtual : null,
  };
  for (const v of [os.hostname, os.fqdn]) if (v) host.identifying('hostname', v);
  if (hardware.serial) host.identifying('serial', hardware.serial);
  for (const v of [hardware.uuid, value(uuid.os)]) if (v) host.identifying('uuid', v);
  for (const mac of hardware.macs) host.identifying('mac', mac);
  const seed = value(uuid.os) ?? hardware.uuid ?? hardware.serial ?? os.hostname;
  return {
    id: deviceIdFrom(seed),
    hostname: os.hostname,
    os: { platform: host.platform, name: os.distro, version: os.release, build: os.build ?? '', kernel: os.kernel, arch: os.arch },
    hardware,
  };
}
