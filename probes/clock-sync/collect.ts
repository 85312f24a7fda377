/** The collectors of the clock-sync probe, one per OS; each reads one source (see clock-sync.ts). */
import type { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext } from '../../src/probe.ts';
import type { ClockSyncEvidence } from './clock-sync.ts';
import { CLOCK_SYNC_WINDOWS_SCRIPT, parseKeyValues, parseNetworkTime, parseYesNo, SERVICE_DISABLED, w32timeTypeSyncs, WindowsClockAnswer } from './parse.ts';

type Evidence = z.input<typeof ClockSyncEvidence>;
type Why = ReturnType<typeof reasons>;

function unknown(why: Why, reason: Parameters<Why['set']>[1], facts: Partial<Evidence> = {}): Evidence {
  for (const path of ['automatic', 'synchronised', 'setting'] as const) if (facts[path] === undefined) why.set(path, reason);
  return { automatic: null, synchronised: null, setting: null, ...facts, unknown: why.map };
}

/**
 * NTP=yes: timedated's time service (systemd-timesyncd, or chronyd where the distribution lists it) is on.
 * NTPSynchronized=yes: the kernel's clock is synchronised, whichever daemon did it (ntpd, chronyd), so it counts too.
 * Without systemd as PID 1 (containers, WSL1) timedatectl cannot answer: unknown, not "off".
 */
export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const r = await runIfInstalled(ctx, 'timedatectl', ['show']);
  if (!r) return unknown(why, because('command.missing', { command: 'timedatectl (systemd)' }));
  if (r.exitCode !== 0) return unknown(why, because('command.failed', { command: 'timedatectl show', exitCode: r.exitCode }, saidBy(r)));
  const props = parseKeyValues(r.stdout);
  const ntp = parseYesNo(props.get('NTP'));
  const synchronised = parseYesNo(props.get('NTPSynchronized'));
  if (ntp === null && synchronised === null) return unknown(why, because('command.unexpected-output', { command: 'timedatectl show' }, firstLine(r.stdout)));
  if (synchronised === null) why.set('synchronised', because('value.unexpected', { source: 'timedatectl show', name: 'NTPSynchronized' }, props.get('NTPSynchronized') ?? ''));
  const automatic = ntp === true || synchronised === true ? true : ntp === false && synchronised === false ? false : null;
  if (automatic === null) why.set('automatic', because('value.unexpected', { source: 'timedatectl show', name: 'NTP' }, props.get('NTP') ?? ''));
  const setting = ntp === null ? why.set('setting', because('value.missing', { source: 'timedatectl show', name: 'NTP' })) : `NTP=${props.get('NTP')}`;
  return { automatic, synchronised, setting, unknown: why.map };
}

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('synchronised', because('clock-sync.windows-not-read'));
  const answer = await runPowerShell(ctx, CLOCK_SYNC_WINDOWS_SCRIPT);
  const parsed = answer.ok ? WindowsClockAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) return unknown(why, !answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' }), { synchronised: null });
  const { type, startType } = parsed.data;
  const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';
  if (typeof type !== 'string') return unknown(why, because('registry.unreadable', { key }, type.error), { synchronised: null });
  const syncs = w32timeTypeSyncs(type);
  if (syncs === null) return unknown(why, because('value.unexpected', { source: key, name: 'Type' }, type), { synchronised: null, setting: type });
  if (!syncs) return { automatic: false, synchronised: null, setting: type, unknown: why.map };
  if (typeof startType !== 'number') return unknown(why, because('query.failed', { source: 'Get-Service W32Time' }, startType.error), { synchronised: null, setting: type });
  return { automatic: startType !== SERVICE_DISABLED, synchronised: null, setting: type, unknown: why.map };
}

/** systemsetup refuses to run without root ("You need administrator access to run this tool"), so it is not run then. */
export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('synchronised', because('clock-sync.macos-not-read'));
  if (!ctx.isAdmin) return unknown(why, because('needs-admin', { what: 'systemsetup -getusingnetworktime' }), { synchronised: null });
  const r = await ctx.run('systemsetup', ['-getusingnetworktime']);
  const on = r.exitCode === 0 ? parseNetworkTime(r.stdout) : null;
  if (on === null) {
    const reason = r.exitCode === 0 ? because('command.unexpected-output', { command: 'systemsetup -getusingnetworktime' }, firstLine(r.stdout)) : because('command.failed', { command: 'systemsetup -getusingnetworktime', exitCode: r.exitCode }, saidBy(r));
    return unknown(why, reason, { synchronised: null });
  }
  return { automatic: on, synchronised: null, setting: on ? 'On' : 'Off', unknown: why.map };
}
