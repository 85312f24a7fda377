/**
 * Which systemd units are switched on, for the sharing and remote-access probes: two commands run together, the
 * unit-file states (they answer without systemd running) and the live states (they need systemd as PID 1).
 */
import { because, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { parseIsActive, parseUnitFileStates, STARTS_BY_ITSELF } from './parse.ts';

export type UnitsOn = { readonly ok: true; readonly on: ReadonlySet<string> } | { readonly ok: false; readonly reason: Reason };

/**
 * The units of `units` that start by themselves (enabled, including a socket that starts its service on demand) or
 * run now. Without systemd as PID 1 nothing runs under it, so the unit files decide alone.
 */
export async function unitsOn(ctx: ProbeContext, units: readonly string[]): Promise<UnitsOn> {
  const [files, live] = await Promise.all([
    runIfInstalled(ctx, 'systemctl', ['list-unit-files', '--no-legend', '--no-pager', ...units]),
    runIfInstalled(ctx, 'systemctl', ['is-active', ...units]),
  ]);
  if (!files) return { ok: false, reason: because('command.missing', { command: 'systemctl' }) };
  // None of the units exists: exit 1 and nothing printed.
  if (files.exitCode !== 0 && (files.stdout.trim() !== '' || files.stderr.trim() !== '')) {
    return { ok: false, reason: because('command.failed', { command: 'systemctl list-unit-files', exitCode: files.exitCode }, saidBy(files)) };
  }
  const states = parseUnitFileStates(files.stdout);
  const active = live ? parseIsActive(live.stdout, live.stderr, units) : undefined;
  const on = new Set(units.filter((u) => STARTS_BY_ITSELF.has(states.get(u) ?? '') || (active?.ok === true && active.active.get(u) === true)));
  return { ok: true, on };
}
