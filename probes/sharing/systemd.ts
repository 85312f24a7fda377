/**
 * Which systemd units are switched on, for the sharing and remote-access probes: two commands run together, the
 * unit-file states (they answer without systemd running) and the live states (they need systemd as PID 1).
 */
import { runIfInstalled, type ProbeContext, type Reason } from '../../src/probe.ts';
import { unitFileStates } from '../../src/systemd-units.ts';
import { parseIsActive, STARTS_BY_ITSELF } from './parse.ts';

export type UnitsOn = { readonly ok: true; readonly on: ReadonlySet<string> } | { readonly ok: false; readonly reason: Reason };

/**
 * The units of `units` that start by themselves (enabled, including a socket that starts its service on demand) or
 * run now. Without systemd as PID 1 nothing runs under it, so the unit files decide alone.
 */
export async function unitsOn(ctx: ProbeContext, units: readonly string[]): Promise<UnitsOn> {
  const [files, live] = await Promise.all([unitFileStates(ctx, units), runIfInstalled(ctx, 'systemctl', ['is-active', ...units])]);
  if (!files.ok) return files;
  const active = live ? parseIsActive(live.stdout, live.stderr, units) : undefined;
  const on = new Set(units.filter((u) => STARTS_BY_ITSELF.has(files.states.get(u) ?? '') || (active?.ok === true && active.active.get(u) === true)));
  return { ok: true, on };
}
