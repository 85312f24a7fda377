/**
 * macOS collector of the screen-lock probe (research/probes.md §3.2). The console user's settings, read in their
 * login session even when tenken runs as root (ctx.run asConsoleUser: launchctl asuser):
 * - `sysadminctl -screenLock status`: password after sleep or screen saver and its delay. Since 10.13 the old
 *   askForPassword keys no longer say this for unmanaged users; sysadminctl writes its answer to STDERR through
 *   NSLog, with a timestamp prefix. As root outside the user's session it reports nothing useful (osquery #6451).
 * - `defaults -currentHost read com.apple.screensaver idleTime`: seconds before the screen saver starts (0 = never).
 * - `pmset -g custom`: displaysleep and sleep minutes per power source (0 = never), machine-wide.
 * - /Library/Managed Preferences[/<user>]/com.apple.screensaver.plist, where a profile set them (mSCP reads these).
 * The Mac locks when the screen saver starts or the display sleeps, then waits the delay.
 */
import { parsePlist } from '../../src/plist.ts';
import { z } from 'zod';
import { because, reasons, runIfInstalled, type ProbeContext } from '../../src/probe.ts';
import type { ScreenLockEvidence } from './screen-lock.ts';
import { withoutConsoleUser } from './no-console-user.ts';

type Evidence = z.input<typeof ScreenLockEvidence>;
type Why = ReturnType<typeof reasons>;

export type ScreenLockStatus = { readonly on: false } | { readonly on: true; readonly delaySeconds: number };

/**
 * The answer of `sysadminctl -screenLock status`, e.g. `2026-09-21 20:50:02.423 sysadminctl[22746:23830390]
 * screenLock delay is 5 seconds`, `... screenLock delay is immediate` or `... screenLock is off`. A delay of -1
 * (seen as "-1.000000 seconds") also means no password. Null for anything else.
 */
export function parseSysadminctlScreenLock(text: string): ScreenLockStatus | null {
  if (/\bscreenLock is off\b/.test(text)) return { on: false };
  if (/\bscreenLock delay is immediate\b/.test(text)) return { on: true, delaySeconds: 0 };
  const m = /\bscreenLock delay is (-?\d+)(?:\.\d+)? seconds?\b/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n < 0 ? { on: false } : { on: true, delaySeconds: n };
}

/** `defaults read` of an integer: the number, 'unset' when the key does not exist (exit 1), else null. */
export function parseDefaultsInteger(r: { stdout: string; stderr: string; exitCode: number }): number | 'unset' | null {
  if (r.exitCode === 0) return /^\d+$/.test(r.stdout.trim()) ? Number(r.stdout.trim()) : null;
  return /does not exist/.test(r.stderr) ? 'unset' : null;
}

export interface PmsetSource {
  readonly displaysleep: number | null;
  readonly sleep: number | null;
}

/**
 * `pmset -g custom`: a block per power source ("Battery Power:", "AC Power:", "UPS Power:") of ` name  value`
 * lines; displaysleep and sleep are minutes, 0 = never. Other lines (e.g. "Sleep On Power Button 1") are skipped.
 * Null when no block is found.
 */
export function parsePmsetCustom(text: string): Map<'ac' | 'battery' | 'ups', PmsetSource> | null {
  const out = new Map<'ac' | 'battery' | 'ups', { displaysleep: number | null; sleep: number | null }>();
  let current: { displaysleep: number | null; sleep: number | null } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^(AC|Battery|UPS) Power:\s*$/.exec(line);
    if (header) {
      current = { displaysleep: null, sleep: null };
      out.set(header[1] === 'AC' ? 'ac' : header[1] === 'Battery' ? 'battery' : 'ups', current);
      continue;
    }
    const m = /^\s+(displaysleep|sleep)\s+(\d+)\b/.exec(line);
    if (m && current) current[m[1] as 'displaysleep' | 'sleep'] = Number(m[2]);
  }
  return out.size > 0 ? out : null;
}

const Managed = z.strictObject({
  file: z.string(),
  idleTimeSeconds: z.number().nullable(),
  askForPassword: z.boolean().nullable(),
  askForPasswordDelaySeconds: z.number().nullable(),
});
export const DarwinScreenLock = z.strictObject({
  screenSaverIdleSeconds: z.number().nullable().describe('seconds before the screen saver starts, 0 = never; null when unset (the OS default) or unreadable'),
  screenSaverIdleSource: z.enum(['user', 'managed', 'unset']).nullable().describe("where idleTime came from: the user's ByHost preferences, a managed profile, or nowhere (OS default)"),
  displaySleepAcSeconds: z.number().nullable().describe('pmset displaysleep on AC power, in seconds, 0 = never'),
  displaySleepBatterySeconds: z.number().nullable().describe('pmset displaysleep on battery, in seconds, 0 = never; null on a Mac without a battery'),
  systemSleepAcSeconds: z.number().nullable().describe('pmset sleep on AC power, in seconds, 0 = never'),
  systemSleepBatterySeconds: z.number().nullable().describe('pmset sleep on battery, in seconds, 0 = never; null on a Mac without a battery'),
  managedPreferences: z.array(Managed).describe('com.apple.screensaver values set by configuration profiles; empty when none'),
});
type DarwinFacts = z.infer<typeof DarwinScreenLock>;

const text = (r: { stdout: string; stderr: string; exitCode: number }) => (r.stderr.trim() || r.stdout.trim() || `exit ${r.exitCode}`).split('\n').slice(-1)[0]!;

async function readManaged(ctx: ProbeContext, user: string, why: Why): Promise<z.infer<typeof Managed>[]> {
  const out: z.infer<typeof Managed>[] = [];
  // The user's own managed domain first: it wins over the computer-wide one.
  for (const file of [`/Library/Managed Preferences/${user}/com.apple.screensaver.plist`, '/Library/Managed Preferences/com.apple.screensaver.plist']) {
    if ((await ctx.stat(file)) === undefined) continue;
    const r = await ctx.run('plutil', ['-convert', 'xml1', '-o', '-', file]);
    let value: unknown;
    try {
      value = r.exitCode === 0 ? parsePlist(r.stdout) : undefined;
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      why.set('macos.managedPreferences', r.exitCode === 0 ? because('file.unexpected', { path: file }) : because('command.failed', { command: `plutil -convert xml1 ${file}`, exitCode: r.exitCode }, text(r)));
      continue;
    }
    const dict = value as Record<string, unknown>;
    const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
    const bool = (v: unknown) => (typeof v === 'boolean' ? v : v === 1 ? true : v === 0 ? false : null);
    out.push({ file, idleTimeSeconds: int(dict.idleTime), askForPassword: bool(dict.askForPassword), askForPasswordDelaySeconds: int(dict.askForPasswordDelay) });
  }
  return out;
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  if (!lookup.found) return withoutConsoleUser(why, lookup.reason);
  const { user } = lookup;
  ctx.identifying('user', user.name);

  let status: ScreenLockStatus | null;
  const r = await runIfInstalled(ctx, 'sysadminctl', ['-screenLock', 'status'], { asConsoleUser: true });
  if (!r) status = why.set('lockEnabled', because('command.missing', { command: 'sysadminctl' }));
  else {
    status = parseSysadminctlScreenLock(`${r.stderr}\n${r.stdout}`);
    if (status === null) why.set('lockEnabled', because('command.unexpected-output', { command: 'sysadminctl -screenLock status' }, text(r)));
  }

  const idle = await ctx.run('defaults', ['-currentHost', 'read', 'com.apple.screensaver', 'idleTime'], { asConsoleUser: true });
  const userIdle = parseDefaultsInteger(idle);
  const managed = await readManaged(ctx, user.name, why);
  const managedIdle = managed.find((m) => m.idleTimeSeconds !== null)?.idleTimeSeconds ?? null;

  const pm = await ctx.run('pmset', ['-g', 'custom']);
  const sources = pm.exitCode === 0 ? parsePmsetCustom(pm.stdout) : null;
  if (sources === null) {
    const reason = pm.exitCode === 0 ? because('command.unexpected-output', { command: 'pmset -g custom' }, pm.stdout.slice(0, 120)) : because('command.failed', { command: 'pmset -g custom', exitCode: pm.exitCode }, text(pm));
    for (const p of ['displaySleepAcSeconds', 'displaySleepBatterySeconds', 'systemSleepAcSeconds', 'systemSleepBatterySeconds']) why.set(`macos.${p}`, reason);
  }
  const minutes = (src: 'ac' | 'battery', key: 'displaysleep' | 'sleep', path: string) => {
    if (sources === null) return null;
    const s = sources.get(src);
    if (s === undefined) return why.set(path, because(src === 'battery' ? 'screen-lock.no-battery' : 'screen-lock.no-ac'));
    const v = s[key];
    return v === null ? why.set(path, because('screen-lock.pmset-missing', { key, source: src })) : v * 60;
  };

  const facts: DarwinFacts = {
    screenSaverIdleSeconds:
      managedIdle ??
      (userIdle === null
        ? why.set('macos.screenSaverIdleSeconds', because('command.failed', { command: 'defaults -currentHost read com.apple.screensaver idleTime', exitCode: idle.exitCode }, text(idle)))
        : userIdle === 'unset'
          ? why.set('macos.screenSaverIdleSeconds', because('screen-lock.macos-idle-default'))
          : userIdle),
    screenSaverIdleSource: managedIdle !== null ? 'managed' : userIdle === null ? why.set('macos.screenSaverIdleSource', why.map['macos.screenSaverIdleSeconds']!) : userIdle === 'unset' ? 'unset' : 'user',
    displaySleepAcSeconds: minutes('ac', 'displaysleep', 'macos.displaySleepAcSeconds'),
    displaySleepBatterySeconds: minutes('battery', 'displaysleep', 'macos.displaySleepBatterySeconds'),
    systemSleepAcSeconds: minutes('ac', 'sleep', 'macos.systemSleepAcSeconds'),
    systemSleepBatterySeconds: minutes('battery', 'sleep', 'macos.systemSleepBatterySeconds'),
    managedPreferences: managed,
  };
  const present = sources === null ? [] : (['ac', 'battery'] as const).filter((s) => sources.has(s));
  return {
    graphicalSession: true,
    sessionType: user.sessionType,
    desktop: user.desktop,
    user: user.name,
    desktopFamily: 'macos',
    source: 'sysadminctl',
    ...darwinEffective(status, facts, present, why),
    macos: facts,
    unknown: why.map,
  };
}

/**
 * Per power source the Mac locks at min(screen saver idle, display sleep) + delay, ignoring the ones set to never;
 * the answer is the source where that takes longest. System sleep is not a separate trigger: idle sleep comes
 * only after the display has slept (pmset lists sleep 1 next to displaysleep 10 on stock Macs), so it is a fact only. An unset or unreadable idle time can
 * only make it lock sooner, so the other triggers still give the latest it locks.
 */
export function darwinEffective(
  status: ScreenLockStatus | null,
  f: DarwinFacts,
  present: readonly ('ac' | 'battery')[],
  why: Why,
): Pick<Evidence, 'idleDelaySeconds' | 'lockEnabled' | 'lockDelaySeconds' | 'lockOnResume' | 'locksWhenIdle' | 'lockAfterSeconds'> {
  const idleDelaySeconds = f.screenSaverIdleSeconds;
  if (idleDelaySeconds === null) why.set('idleDelaySeconds', why.map['macos.screenSaverIdleSeconds'] ?? because('fact.unknown'));
  const base = { idleDelaySeconds, lockEnabled: status === null ? null : status.on, lockOnResume: status === null ? null : status.on };
  if (status === null) {
    const reason = why.map.lockEnabled ?? because('screen-lock.password-unknown');
    for (const path of ['lockOnResume', 'lockDelaySeconds']) why.set(path, reason);
    why.set('locksWhenIdle', because('screen-lock.password-unknown'));
    why.set('lockAfterSeconds', because('screen-lock.password-unknown'));
    return { ...base, lockDelaySeconds: null, locksWhenIdle: null, lockAfterSeconds: null };
  }
  if (!status.on) {
    why.set('lockDelaySeconds', because('screen-lock.no-password'));
    why.set('lockAfterSeconds', because('screen-lock.macos-never'));
    return { ...base, lockDelaySeconds: null, locksWhenIdle: false, lockAfterSeconds: null };
  }
  const at = present.map((src) => {
    const triggers = [f.screenSaverIdleSeconds, src === 'ac' ? f.displaySleepAcSeconds : f.displaySleepBatterySeconds];
    const on = triggers.filter((t): t is number => t !== null && t > 0);
    if (on.length > 0) return Math.min(...on) + status.delaySeconds;
    return triggers.includes(null) ? null : ('never' as const);
  });
  const base2 = { ...base, lockDelaySeconds: status.delaySeconds };
  if (present.length === 0) {
    const reason = because('screen-lock.power-unknown');
    why.set('locksWhenIdle', reason);
    why.set('lockAfterSeconds', reason);
    return { ...base2, locksWhenIdle: null, lockAfterSeconds: null };
  }
  const never = present.filter((_, i) => at[i] === 'never');
  if (never.length > 0) {
    why.set('lockAfterSeconds', because('screen-lock.macos-never-idle', { sources: never }));
    return { ...base2, locksWhenIdle: false, lockAfterSeconds: null };
  }
  if (at.includes(null)) {
    const reason = because('screen-lock.macos-idle-unknown');
    why.set('locksWhenIdle', reason);
    why.set('lockAfterSeconds', reason);
    return { ...base2, locksWhenIdle: null, lockAfterSeconds: null };
  }
  return { ...base2, locksWhenIdle: true, lockAfterSeconds: Math.max(...(at as number[])) };
}
