/**
 * The simulated fleet both the load generator and the seeder send: devices running on the recorded machines
 * of test/support/reports.ts (the agent's own scans of them), mostly on the baseline profile with a
 * telework-return check now and then, and a posture that drifts (on some scans a device looks like the
 * neglected laptop), so the fleet counters move as they would in a real company.
 */
import type { MachineName } from '../test/support/reports.ts';

export const FLEET_MACHINES: readonly MachineName[] = ['compliant', 'debian', 'windows', 'mac', 'neglected'];

export const hostnameOf = (device: number): string => `PC-${String(device).padStart(5, '0')}`;

/** A small deterministic hash (so runs are comparable), 0 ≤ result < 2^32. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** What device `device` scans in its `k`-th report. */
export function scanOf(device: number, k: number): { machine: MachineName; profile: string } {
  const own = FLEET_MACHINES[device % FLEET_MACHINES.length]!;
  const r = mix(device, k) % 100;
  return { machine: r < 10 ? 'neglected' : own, profile: r % 7 === 3 ? 'telework-return' : 'baseline' };
}

export const platformOf = (machine: MachineName): 'linux' | 'win32' | 'darwin' => (machine === 'windows' ? 'win32' : machine === 'mac' ? 'darwin' : 'linux');
