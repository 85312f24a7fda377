/**
 * Windows collector of the screen-lock probe (research/probes.md §3.1). One PowerShell process reads, for the
 * console user's hive HKEY_USERS\<sid> (HKCU would be SYSTEM's own hive when tenken runs as a service):
 * - Control Panel\Desktop ScreenSaveActive, ScreenSaverIsSecure, ScreenSaveTimeOut (REG_SZ seconds), SCRNSAVE.EXE,
 *   and the same names under Software\Policies\Microsoft\Windows\Control Panel\Desktop, which win one by one;
 * - HKLM ...\Policies\System InactivityTimeoutSecs ("Interactive logon: Machine inactivity limit"; 0/absent = off);
 * - the active power plan through powercfg: sleep after (STANDBYIDLE), require sign-in on wake (CONSOLELOCK) and
 *   display off (VIDEOIDLE), each overridden by HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<GUID>;
 * - Win32_Battery, to know whether the battery (DC) values apply at all.
 * Three paths lock an idle session: a secure screen saver that has a program, the inactivity limit, and sleep with
 * sign-in on wake. Turning the display off does not lock a classic (S3) PC, so VIDEOIDLE is kept as a fact only.
 * Modern Standby devices treat display-off differently (research §3.1 marks this unverified); not modelled.
 */
import { z } from 'zod';
import { Failed, runPowerShell } from '../../src/powershell.ts';
import { READ_KEY_FUNCTION, RegistryKey, scriptForUser } from '../../src/windows-registry.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { ScreenLockEvidence } from './screen-lock.ts';
import { withoutConsoleUser } from './no-console-user.ts';

type Evidence = z.input<typeof ScreenLockEvidence>;
type Why = ReturnType<typeof reasons>;

/** Power setting GUIDs (powercfg /aliases): STANDBYIDLE, CONSOLELOCK, VIDEOIDLE. */
export const POWER_GUIDS = {
  sleepIdle: '29f6c1db-86da-48c5-9fdb-f2b67b1f44da',
  consoleLock: '0e796bdb-100d-47d6-a2d5-f7d2daa51f51',
  videoIdle: '3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e',
} as const;

/**
 * The script; `__SID__` is replaced by the console user's SID (validated first). Each source has its own
 * try/catch so that one failure (a missing key, powercfg absent on Server Core) costs only its own facts.
 * powercfg prints localized labels in the OEM code page (CP932 on Japanese Windows); PowerShell decodes them as
 * UTF-8 here, which may garble the labels, but only the ASCII `0x` indices are read (parsePowercfgIndices).
 * CONSOLELOCK is queried with /qh because it is a hidden setting on many PCs and /q leaves hidden settings out.
 */
export const WINDOWS_SCREEN_LOCK_SCRIPT = String.raw`
$sid = '__SID__'
$desktop = @('ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE')
${READ_KEY_FUNCTION}
function Read-Power([string]$query, [string]$sub, [string]$setting) {
  try {
    $out = & powercfg.exe $query SCHEME_CURRENT $sub $setting
    return [pscustomobject]@{ exitCode = $LASTEXITCODE; text = ($out -join [char]10) }
  } catch { return [pscustomobject]@{ error = $_.Exception.Message } }
}
$batteries = try { @(Get-CimInstance -ClassName Win32_Battery).Count } catch { [pscustomobject]@{ error = $_.Exception.Message } }
[pscustomobject]@{
  userDesktop = Read-Key "Registry::HKEY_USERS\$sid\Control Panel\Desktop" $desktop
  userPolicy = Read-Key "Registry::HKEY_USERS\$sid\Software\Policies\Microsoft\Windows\Control Panel\Desktop" $desktop
  machinePolicy = Read-Key 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' @('InactivityTimeoutSecs')
  sleepIdle = Read-Power '/q' 'SUB_SLEEP' 'STANDBYIDLE'
  consoleLock = Read-Power '/qh' 'SUB_NONE' 'CONSOLELOCK'
  videoIdle = Read-Power '/q' 'SUB_VIDEO' 'VIDEOIDLE'
  sleepIdlePolicy = Read-Key 'HKLM:\SOFTWARE\Policies\Microsoft\Power\PowerSettings\${POWER_GUIDS.sleepIdle}' @('ACSettingIndex', 'DCSettingIndex')
  consoleLockPolicy = Read-Key 'HKLM:\SOFTWARE\Policies\Microsoft\Power\PowerSettings\${POWER_GUIDS.consoleLock}' @('ACSettingIndex', 'DCSettingIndex')
  videoIdlePolicy = Read-Key 'HKLM:\SOFTWARE\Policies\Microsoft\Power\PowerSettings\${POWER_GUIDS.videoIdle}' @('ACSettingIndex', 'DCSettingIndex')
  batteries = $batteries
}`;

export const windowsScreenLockScript = (sid: string): string => scriptForUser(WINDOWS_SCREEN_LOCK_SCRIPT, sid);

const Key = RegistryKey;
const Power = z.union([Failed, z.object({ exitCode: z.number(), text: z.string().nullable() })]);
export const WindowsAnswer = z.object({
  userDesktop: Key,
  userPolicy: Key,
  machinePolicy: Key,
  sleepIdle: Power,
  consoleLock: Power,
  videoIdle: Power,
  sleepIdlePolicy: Key,
  consoleLockPolicy: Key,
  videoIdlePolicy: Key,
  batteries: z.union([z.number(), Failed]),
});
type Key = z.infer<typeof Key>;

const PerSource = z.strictObject({ ac: z.number().nullable(), dc: z.number().nullable() });
export const WindowsScreenLock = z.strictObject({
  screenSaverActive: z.boolean().nullable().describe('ScreenSaveActive, policy first'),
  screenSaverSecure: z.boolean().nullable().describe('ScreenSaverIsSecure ("On resume, display logon screen"), policy first'),
  screenSaverTimeoutSeconds: z.number().nullable().describe('ScreenSaveTimeOut, policy first'),
  screenSaverProgram: z.string().nullable().describe('SCRNSAVE.EXE, policy first; "" when none is chosen ("(None)": the screen saver never starts)'),
  screenSaverFromPolicy: z.boolean().describe('whether any screen saver value came from the user policy key'),
  inactivityTimeoutSeconds: z.number().nullable().describe('machine inactivity limit InactivityTimeoutSecs; 0 when absent or off'),
  hasBattery: z.boolean().nullable().describe('whether Win32_Battery lists a battery: the DC (battery) power values apply only then'),
  sleepAfterSeconds: PerSource.describe('sleep after (STANDBYIDLE), AC and DC; 0 = never'),
  signInOnWake: z.strictObject({ ac: z.boolean().nullable(), dc: z.boolean().nullable() }).describe('require sign-in on wake (CONSOLELOCK), AC and DC'),
  displayOffAfterSeconds: PerSource.describe('turn off the display after (VIDEOIDLE), AC and DC; display-off alone does not lock'),
});
type WindowsFacts = z.infer<typeof WindowsScreenLock>;

/**
 * The AC and DC indices of one `powercfg /q <scheme> <sub> <setting>` block: the last two `0x` values, which are
 * "Current AC Power Setting Index" and "Current DC Power Setting Index" in that order on every display language
 * ("現在の AC 電源設定のインデックス" in Japanese). Labels are never read. Null if the block is not there.
 */
export function parsePowercfgIndices(text: string): { ac: number; dc: number } | null {
  const values = text
    .split(/\r?\n/)
    .map((line) => /:\s*0x([0-9a-fA-F]{8})\s*$/.exec(line)?.[1])
    .filter((v): v is string => v !== undefined);
  if (values.length < 2) return null;
  return { ac: Number.parseInt(values.at(-2)!, 16), dc: Number.parseInt(values.at(-1)!, 16) };
}

/** A registry value written as a string ("600", REG_SZ) or a number (REG_DWORD) as an integer, else null. */
export function registryInteger(v: string | number | null | undefined): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v.trim());
  return null;
}

/** "1"/"0" (REG_SZ flags of Control Panel\Desktop) as a boolean, else null. */
export function registryFlag(v: string | number | null | undefined): boolean | null {
  const n = registryInteger(v);
  return n === 1 ? true : n === 0 ? false : null;
}

const SOURCE_PATHS = ['desktopFamily', 'source', 'idleDelaySeconds', 'lockEnabled', 'lockDelaySeconds', 'lockOnResume', 'locksWhenIdle', 'lockAfterSeconds'] as const;

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  if (!lookup.found) return withoutConsoleUser(why, lookup.reason);
  const { user } = lookup;
  ctx.identifying('user', user.name);
  const session = { graphicalSession: true, sessionType: user.sessionType, desktop: user.desktop, user: user.name, desktopFamily: 'windows' as const };
  const fail = (reason: Reason): Evidence => {
    for (const path of SOURCE_PATHS.slice(1)) why.set(path, reason);
    return { ...session, source: null, idleDelaySeconds: null, lockEnabled: null, lockDelaySeconds: null, lockOnResume: null, locksWhenIdle: null, lockAfterSeconds: null, unknown: why.map };
  };
  if (user.sid === null || !/^S-1-[0-9-]+$/.test(user.sid)) return fail(because('console-user.no-sid', { sid: String(user.sid) }));

  const answer = await runPowerShell(ctx, windowsScreenLockScript(user.sid));
  if (!answer.ok) return fail(answer.reason);
  const parsed = WindowsAnswer.safeParse(answer.value);
  if (!parsed.success) return fail(because('command.unexpected-output', { command: 'PowerShell' }, parsed.error.issues[0]?.message));
  const a = parsed.data;
  const facts = windowsFacts(a, why);
  return { ...session, source: 'registry', ...windowsEffective(facts, why), windows: facts, unknown: why.map };
}

function keyValues(key: Key, what: string, path: string, why: Why): Record<string, string | number | null | undefined> | null {
  if ('error' in key) return why.set(path, because('registry.unreadable', { key: what }, String(key.error)));
  if (key.exists === false) return {};
  return key as Record<string, string | number | null | undefined>;
}

/** The facts from the script's answer, policy values first; every unreadable one null with its reason. */
export function windowsFacts(a: z.infer<typeof WindowsAnswer>, why: Why): WindowsFacts {
  const hiveMissing = !('error' in a.userDesktop) && a.userDesktop.exists === false;
  const user = hiveMissing ? null : keyValues(a.userDesktop, 'HKU\\<SID>\\Control Panel\\Desktop', 'windows.screenSaverActive', why);
  if (hiveMissing) why.set('windows.screenSaverActive', because('screen-lock.hive-not-loaded'));
  const policy = keyValues(a.userPolicy, 'HKU\\<SID>\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop', 'windows.screenSaverFromPolicy', why) ?? {};
  const pick = (name: string) => (policy[name] !== undefined && policy[name] !== null ? policy[name] : user?.[name]);
  const fromPolicy = ['ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE'].some((n) => policy[n] !== undefined && policy[n] !== null);
  const readable = user !== null;
  const userUnreadable = () => why.map['windows.screenSaverActive'] ?? because('registry.unreadable', { key: 'HKU\\<SID>\\Control Panel\\Desktop' });
  const flag = (name: string, path: string) => {
    const v = pick(name);
    if (!readable) return why.set(path, userUnreadable());
    if (v === undefined || v === null) return why.set(path, because('screen-lock.not-set', { name }));
    return registryFlag(v) ?? why.set(path, because('value.unexpected', { source: 'Control Panel\\Desktop', name }, JSON.stringify(v)));
  };
  const program = pick('SCRNSAVE.EXE');
  const timeout = pick('ScreenSaveTimeOut');
  const machine = keyValues(a.machinePolicy, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System', 'windows.inactivityTimeoutSeconds', why);
  const inactivity = machine === null ? null : machine.InactivityTimeoutSecs === undefined || machine.InactivityTimeoutSecs === null ? 0 : registryInteger(machine.InactivityTimeoutSecs);
  if (machine !== null && inactivity === null) why.set('windows.inactivityTimeoutSeconds', because('value.unexpected', { source: 'Policies\\System', name: 'InactivityTimeoutSecs' }, JSON.stringify(machine.InactivityTimeoutSecs)));

  const power = (name: 'sleepIdle' | 'consoleLock' | 'videoIdle', path: string) => {
    const r = a[name];
    const policyKey = { sleepIdle: a.sleepIdlePolicy, consoleLock: a.consoleLockPolicy, videoIdle: a.videoIdlePolicy }[name];
    // Group Policy power settings win over the plan's own values, per power source.
    const pol = keyValues(policyKey, `HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\${POWER_GUIDS[name]}`, path, why);
    if (pol === null) return { ac: null, dc: null };
    const scheme: Reason | { ac: number | null; dc: number | null } =
      'error' in r
        ? because('command.not-run', { command: 'powercfg' }, r.error)
        : r.exitCode !== 0
          ? because('command.failed', { command: 'powercfg /query', exitCode: r.exitCode })
          : (parsePowercfgIndices(r.text ?? '') ?? because('command.unexpected-output', { command: 'powercfg /query' }));
    const out = { ac: null as number | null, dc: null as number | null };
    for (const src of ['ac', 'dc'] as const) {
      const forced = registryInteger(pol[src === 'ac' ? 'ACSettingIndex' : 'DCSettingIndex']);
      out[src] = forced ?? ('code' in scheme ? null : scheme[src]);
    }
    if ('code' in scheme && (out.ac === null || out.dc === null)) why.set(path, scheme);
    return out;
  };
  const lock = power('consoleLock', 'windows.signInOnWake');
  const asFlag = (v: number | null) => (v === null ? null : v !== 0);
  return {
    screenSaverActive: flag('ScreenSaveActive', 'windows.screenSaverActive'),
    screenSaverSecure: flag('ScreenSaverIsSecure', 'windows.screenSaverSecure'),
    screenSaverTimeoutSeconds: !readable
      ? why.set('windows.screenSaverTimeoutSeconds', userUnreadable())
      : timeout === undefined || timeout === null
        ? why.set('windows.screenSaverTimeoutSeconds', because('screen-lock.not-set', { name: 'ScreenSaveTimeOut' }))
        : (registryInteger(timeout) ?? why.set('windows.screenSaverTimeoutSeconds', because('value.unexpected', { source: 'Control Panel\\Desktop', name: 'ScreenSaveTimeOut' }, JSON.stringify(timeout)))),
    // A missing SCRNSAVE.EXE is the "(None)" choice, a fact: no screen saver program, so it never starts.
    screenSaverProgram: !readable ? why.set('windows.screenSaverProgram', userUnreadable()) : typeof program === 'string' ? program : '',
    screenSaverFromPolicy: fromPolicy,
    inactivityTimeoutSeconds: inactivity,
    hasBattery: typeof a.batteries === 'number' ? a.batteries > 0 : why.set('windows.hasBattery', because('query.failed', { source: 'Win32_Battery' }, a.batteries.error)),
    sleepAfterSeconds: power('sleepIdle', 'windows.sleepAfterSeconds'),
    signInOnWake: { ac: asFlag(lock.ac), dc: asFlag(lock.dc) },
    displayOffAfterSeconds: power('videoIdle', 'windows.displayOffAfterSeconds'),
  };
}

/**
 * Lock time per power source = the soonest locking path that is on: the secure screen saver (active, secure, a
 * program, timeout > 0), InactivityTimeoutSecs > 0, and sleep (> 0) with sign-in on wake. The battery (DC)
 * values count only on a PC with a battery; the answer is the power source where locking takes longest.
 */
export function windowsEffective(f: WindowsFacts, why: Why): Pick<Evidence, 'idleDelaySeconds' | 'lockEnabled' | 'lockDelaySeconds' | 'lockOnResume' | 'locksWhenIdle' | 'lockAfterSeconds'> {
  const noProgram = f.screenSaverProgram === '';
  const saverOff = noProgram || f.screenSaverActive === false || f.screenSaverSecure === false || f.screenSaverTimeoutSeconds === 0;
  const saverKnown = saverOff || (f.screenSaverActive !== null && f.screenSaverSecure !== null && f.screenSaverTimeoutSeconds !== null && f.screenSaverProgram !== null);
  const idleDelaySeconds = noProgram || f.screenSaverActive === false ? 0 : f.screenSaverTimeoutSeconds;
  if (idleDelaySeconds === null) why.set('idleDelaySeconds', why.map['windows.screenSaverTimeoutSeconds'] ?? why.map['windows.screenSaverActive'] ?? because('screen-lock.settings-incomplete'));
  if (f.screenSaverSecure === null) why.set('lockEnabled', why.map['windows.screenSaverSecure'] ?? because('screen-lock.settings-incomplete'));
  why.set('lockDelaySeconds', because('screen-lock.windows-no-delay'));

  const sources: ('ac' | 'dc')[] = f.hasBattery === false ? ['ac'] : ['ac', 'dc'];
  const perSource = sources.map((src) => {
    const paths: (number | null | 'off')[] = [
      saverOff ? 'off' : saverKnown ? f.screenSaverTimeoutSeconds! : null,
      f.inactivityTimeoutSeconds === null ? null : f.inactivityTimeoutSeconds > 0 ? f.inactivityTimeoutSeconds : 'off',
      f.sleepAfterSeconds[src] === 0 || f.signInOnWake[src] === false
        ? 'off'
        : f.sleepAfterSeconds[src] === null || f.signInOnWake[src] === null
          ? null
          : f.sleepAfterSeconds[src],
    ];
    const on = paths.filter((p): p is number => typeof p === 'number');
    if (on.length > 0) return Math.min(...on);
    return paths.includes(null) ? null : ('never' as const);
  });
  const lockOnResume = sources.some((s) => f.signInOnWake[s] === false) ? false : sources.every((s) => f.signInOnWake[s] === true) ? true : null;
  if (lockOnResume === null) why.set('lockOnResume', why.map['windows.signInOnWake'] ?? because('screen-lock.settings-incomplete'));
  const base = { idleDelaySeconds, lockEnabled: f.screenSaverSecure, lockDelaySeconds: null, lockOnResume };
  const neverAt = sources.filter((_, i) => perSource[i] === 'never');
  if (neverAt.length > 0) {
    why.set('lockAfterSeconds', because('screen-lock.windows-never', { sources: neverAt.map((s) => (s === 'ac' ? 'ac' : 'battery')) }));
    return { ...base, locksWhenIdle: false, lockAfterSeconds: null };
  }
  if (perSource.includes(null)) {
    const reason = because('screen-lock.settings-incomplete');
    why.set('locksWhenIdle', reason);
    why.set('lockAfterSeconds', reason);
    return { ...base, locksWhenIdle: null, lockAfterSeconds: null };
  }
  return { ...base, locksWhenIdle: true, lockAfterSeconds: Math.max(...(perSource as number[])) };
}
