import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { Recording } from '../../src/host/recording.ts';
import { silentLogger } from '../../src/log.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import { WINDOWS_CONSOLE_USER_SCRIPT } from '../../src/host/console-user.ts';
import { powershellArgs } from '../../src/powershell.ts';
import { parseDefaultsInteger, parsePmsetCustom, parseSysadminctlScreenLock } from './darwin.ts';
import probe, { desktopFamily, parseGsettingsBool, parseGsettingsUint, parseKdeBool, parseKdeIniGroup, parseKdeNumber } from './screen-lock.ts';
import { parsePowercfgIndices, registryFlag, registryInteger, windowsScreenLockScript } from './win32.ts';
import { enReason } from '../../test/support/reason-text.ts';
import type { ReasonJson } from '../../src/i18n/reason.ts';

describe('gsettings parsers', () => {
  it('reads the GVariant text of a uint32 key (gsettings 2.74 prints "uint32 300")', () => {
    expect(parseGsettingsUint('uint32 300\n')).toBe(300);
    expect(parseGsettingsUint('uint32 0\n')).toBe(0);
    expect(parseGsettingsUint('900')).toBe(900);
  });
  it('refuses anything that is not an unsigned integer', () => {
    expect(parseGsettingsUint('')).toBeNull();
    expect(parseGsettingsUint('int32 -1')).toBeNull();
    expect(parseGsettingsUint("'300'")).toBeNull();
  });
  it('reads true/false and nothing else as a boolean', () => {
    expect(parseGsettingsBool('true\n')).toBe(true);
    expect(parseGsettingsBool('false\n')).toBe(false);
    expect(parseGsettingsBool('No such key ?lock-enabled?')).toBeNull();
  });
});

describe('KDE parsers', () => {
  it('tells an entry no file sets (empty kreadconfig line) from a set one', () => {
    expect(parseKdeBool('')).toBe('unset');
    expect(parseKdeNumber('\n')).toBe('unset');
    expect(parseKdeNumber('15')).toBe(15);
  });
  it('reads booleans the way KConfig does (true/on/yes/1, any case)', () => {
    expect(parseKdeBool('false')).toBe(false);
    expect(parseKdeBool('Off')).toBe(false);
    expect(parseKdeBool('1')).toBe(true);
    expect(parseKdeBool('maybe')).toBeNull();
  });
  it('accepts the fractional minutes Plasma 6 may store in Timeout', () => {
    expect(parseKdeNumber('2.5')).toBe(2.5);
    expect(parseKdeNumber('ten')).toBeNull();
  });
  it('reads one group of a kiosk-marked INI file, dropping [$i] markers and comments', () => {
    const text = '[Daemon][$i]\nAutolock=false\nTimeout=0\n[Greeter]\nTimeout=99\n';
    expect(Object.fromEntries(parseKdeIniGroup(text, 'Daemon'))).toEqual({ Autolock: 'false', Timeout: '0' });
    const globals = '[KDE Action Restrictions]\n# comment=yes\naction/lock_screen[$i]=false\n';
    expect(parseKdeIniGroup(globals, 'KDE Action Restrictions').get('action/lock_screen')).toBe('false');
  });
});

describe('desktopFamily', () => {
  it('maps the XDG_SESSION_DESKTOP names display managers use', () => {
    expect(desktopFamily('ubuntu')).toBe('gnome');
    expect(desktopFamily('gnome')).toBe('gnome');
    expect(desktopFamily('kde')).toBe('kde');
    expect(desktopFamily('plasmawayland')).toBe('kde');
    expect(desktopFamily('cinnamon-wayland')).toBe('cinnamon');
  });
  it('has no family for desktops it does not read', () => {
    expect(desktopFamily('xfce')).toBeNull();
    expect(desktopFamily('mate')).toBeNull();
    expect(desktopFamily('sway')).toBeNull();
  });
});

/**
 * A GNOME session whose gsettings answers are given, everything else as in the fixtures. Without `onSuspend` the
 * schema has no ubuntu-lock-on-suspend key (upstream GNOME): gsettings 2.74.6's answer, as printed here.
 */
function gnomeRecording(answers: { idle: string; lock: string; delay: string; lockdown: string; onSuspend?: string }) {
  const get = (schema: string, key: string, stdout: string) => ({ run: ['gsettings', 'get', `org.gnome.desktop.${schema}`, key], asConsoleUser: true as const, exitCode: 0, stdout });
  return Recording.parse({
    tenkenRecording: 1,
    source: 'test',
    platform: 'linux',
    isAdmin: true,
    recordedAt: '2026-11-20T09:00:00.000Z',
    sections: {
      'console-user': [
        { run: ['loginctl', 'list-sessions', '--no-legend', '--no-pager'], stdout: '2 1000 alice seat0 tty2\n' },
        {
          run: ['loginctl', 'show-session', '2', '-p', 'Type', '-p', 'Class', '-p', 'Active', '-p', 'Remote', '-p', 'Seat', '-p', 'Desktop', '-p', 'State'],
          stdout: 'Seat=seat0\nRemote=no\nDesktop=gnome\nType=wayland\nClass=user\nActive=yes\nState=active\n',
        },
        { read: '/etc/passwd', text: 'alice:x:1000:1000::/home/alice:/bin/bash\n' },
      ],
      'screen-lock': [
        get('session', 'idle-delay', answers.idle),
        get('screensaver', 'lock-enabled', answers.lock),
        get('screensaver', 'lock-delay', answers.delay),
        get('lockdown', 'disable-lock-screen', answers.lockdown),
        answers.onSuspend === undefined
          ? { run: ['gsettings', 'get', 'org.gnome.desktop.screensaver', 'ubuntu-lock-on-suspend'], asConsoleUser: true as const, exitCode: 1, stderr: 'No such key ?ubuntu-lock-on-suspend?\n' }
          : get('screensaver', 'ubuntu-lock-on-suspend', answers.onSuspend),
      ],
    },
  });
}

async function evidenceOf(recording: Recording) {
  const host = createReplayHost(recording, 'screen-lock');
  const outcome = await runProbe(probe, host, silentLogger);
  expect(host.unused()).toEqual([]);
  if (outcome.status !== 'ok') throw new Error(`probe ended ${outcome.status}`);
  return outcome.evidence as Record<string, unknown> & { unknown: Record<string, ReasonJson> };
}

describe('collector', () => {
  it('adds the grace delay to the idle delay for the time to a locked screen', async () => {
    const e = await evidenceOf(gnomeRecording({ idle: 'uint32 600\n', lock: 'true\n', delay: 'uint32 30\n', lockdown: 'false\n' }));
    expect(e.locksWhenIdle).toBe(true);
    expect(e.lockAfterSeconds).toBe(630);
  });
  it('makes an unexpected gsettings value unknown, not false, and says why', async () => {
    const e = await evidenceOf(gnomeRecording({ idle: 'uint32 300\n', lock: '\n', delay: 'uint32 0\n', lockdown: 'false\n' }));
    expect(e.lockEnabled).toBeNull();
    expect(enReason(e.unknown.lockEnabled)).toMatch(/unexpected output from gsettings/);
    expect(e.locksWhenIdle).toBeNull();
  });
  it("reads Ubuntu's own lock-on-suspend switch, and upstream GNOME's lock-enabled where the key does not exist", async () => {
    const ubuntuOff = await evidenceOf(gnomeRecording({ idle: 'uint32 300\n', lock: 'true\n', delay: 'uint32 0\n', lockdown: 'false\n', onSuspend: 'false\n' }));
    expect(ubuntuOff.lockOnResume).toBe(false);
    const ubuntuOn = await evidenceOf(gnomeRecording({ idle: 'uint32 300\n', lock: 'false\n', delay: 'uint32 0\n', lockdown: 'false\n', onSuspend: 'true\n' }));
    expect(ubuntuOn.lockOnResume).toBe(true);
    const upstream = await evidenceOf(gnomeRecording({ idle: 'uint32 300\n', lock: 'true\n', delay: 'uint32 0\n', lockdown: 'false\n' }));
    expect(upstream.lockOnResume).toBe(true);
    const upstreamUnknown = await evidenceOf(gnomeRecording({ idle: 'uint32 300\n', lock: 'garbage\n', delay: 'uint32 0\n', lockdown: 'false\n' }));
    expect(upstreamUnknown.lockOnResume).toBeNull();
    expect(enReason(upstreamUnknown.unknown.lockOnResume)).toMatch(/lock-enabled is unknown/);
  });
  it('knows the screen never locks from one off switch even when another setting is unknown', async () => {
    const e = await evidenceOf(gnomeRecording({ idle: 'uint32 0\n', lock: 'garbage\n', delay: 'uint32 0\n', lockdown: 'false\n' }));
    expect(e.locksWhenIdle).toBe(false);
    expect(e.lockAfterSeconds).toBeNull();
  });
});

describe('Windows: powercfg indices', () => {
  // Verbatim layout of http://instany.seesaa.net/article/406951099.html (Japanese Windows, powercfg.exe -q ... SUB_SLEEP).
  const ja = [
    '電源設定の GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (バランス)',
    '  サブグループの GUID: 238c9fa8-0aad-41ed-83f4-97be242c8f20  (スリープ)',
    '    電源設定の GUID: 29f6c1db-86da-48c5-9fdb-f2b67b1f44da  (次の時間が経過後スリープする)',
    '      利用可能な設定の最小値: 0x00000000',
    '      利用可能な設定の最大値: 0xffffffff',
    '      利用可能な設定の増分: 0x00000001',
    '      利用可能な設定の単位: 秒',
    '    現在の AC 電源設定のインデックス: 0x00000708',
    '    現在の DC 電源設定のインデックス: 0x00000384',
    '',
  ];
  // Verbatim layout of the `powercfg /q` dump in forderud/BatterySimulator#11 (English Windows).
  const en = [
    '  Subgroup GUID: 2a737441-1930-4402-8d77-b2bebba308a3  (USB settings)',
    '    Power Setting GUID: 48e6b7a6-50f5-4782-a5d4-53bb8f07e226  (USB selective suspend setting)',
    '      Possible Setting Index: 000',
    '      Possible Setting Friendly Name: Disabled',
    '      Possible Setting Index: 001',
    '      Possible Setting Friendly Name: Enabled',
    '    Current AC Power Setting Index: 0x00000000',
    '    Current DC Power Setting Index: 0x00000001',
  ];
  it('reads the AC and DC indices of Japanese output, with LF or CRLF, and never the minimum/maximum lines', () => {
    expect(parsePowercfgIndices(ja.join('\n'))).toEqual({ ac: 1800, dc: 900 });
    expect(parsePowercfgIndices(ja.join('\r\n'))).toEqual({ ac: 1800, dc: 900 });
  });
  it('ignores the GUID エイリアス lines that powercfg /q prints on Windows 10 and later', () => {
    // Windows 10+ adds a "GUID Alias" line under each subgroup and setting; its ja-JP form "GUID エイリアス: …"
    // as a public ja-JP powercfg sample shows it (stored-index file id 71166848376), placed as powercfg places them.
    const withAliases = [...ja.slice(0, 2), '    GUID エイリアス: SUB_SLEEP', ja[2]!, '      GUID エイリアス: STANDBYIDLE', ...ja.slice(3)];
    expect(parsePowercfgIndices(withAliases.join('\r\n'))).toEqual({ ac: 1800, dc: 900 });
  });
  it('reads English output the same way, whatever the labels say', () => {
    expect(parsePowercfgIndices(en.join('\r\n'))).toEqual({ ac: 0, dc: 1 });
  });
  it('still reads the indices when CP932 labels arrive garbled as UTF-8 replacement characters', () => {
    const garbled = ja.map((l) => l.replace(/[^\x00-\x7f]/g, '\ufffd')).join('\r\n');
    expect(parsePowercfgIndices(garbled)).toEqual({ ac: 1800, dc: 900 });
  });
  it('gives null for an error message or empty output', () => {
    expect(parsePowercfgIndices('Invalid Parameters -- try "/?" for help\r\n')).toBeNull();
    expect(parsePowercfgIndices('')).toBeNull();
  });
  it('reads REG_SZ and REG_DWORD values strictly', () => {
    expect(registryInteger('600')).toBe(600);
    expect(registryInteger(900)).toBe(900);
    expect(registryInteger('ten')).toBeNull();
    expect(registryInteger('-1')).toBeNull();
    expect(registryFlag('1')).toBe(true);
    expect(registryFlag('0')).toBe(false);
    expect(registryFlag('2')).toBeNull();
  });
  it('refuses to put anything but a SID into the script', () => {
    expect(windowsScreenLockScript('S-1-5-21-1-2-3-1001')).toContain("$sid = 'S-1-5-21-1-2-3-1001'");
    expect(() => windowsScreenLockScript("S-1-5'; Remove-Item C:\\")).toThrow(/not a SID/);
  });
});

describe('macOS parsers', () => {
  it('reads sysadminctl -screenLock status lines as macOS prints them (NSLog prefix, on stderr)', () => {
    expect(parseSysadminctlScreenLock('2026-09-21 20:50:02.423 sysadminctl[22746:23830390] screenLock delay is 5 seconds\n')).toEqual({ on: true, delaySeconds: 5 });
    expect(parseSysadminctlScreenLock('2026-04-18 19:15:11.264 sysadminctl[91196:2085274] screenLock delay is immediate\n')).toEqual({ on: true, delaySeconds: 0 });
    expect(parseSysadminctlScreenLock('2026-09-21 20:51:30.063 sysadminctl[22795:23833089] screenLock is off\n')).toEqual({ on: false });
    expect(parseSysadminctlScreenLock('screenLock delay is -1.000000 seconds')).toEqual({ on: false });
    expect(parseSysadminctlScreenLock('')).toBeNull();
    expect(parseSysadminctlScreenLock('Unknown state for screenLock (0)')).toBeNull();
  });
  it('tells an unset idleTime (the OS default) from a failure', () => {
    const unset = { exitCode: 1, stdout: '', stderr: '2026-06-06 16:46:33.677 defaults[40168:7917568]\nThe domain/default pair of (com.apple.screensaver, idleTime) does not exist\n' };
    expect(parseDefaultsInteger(unset)).toBe('unset');
    expect(parseDefaultsInteger({ exitCode: 0, stdout: '600\n', stderr: '' })).toBe(600);
    expect(parseDefaultsInteger({ exitCode: 0, stdout: '0\n', stderr: '' })).toBe(0);
    expect(parseDefaultsInteger({ exitCode: 1, stdout: '', stderr: 'sudo: a password is required' })).toBeNull();
  });
  it('reads displaysleep and sleep per power source from pmset -g custom, skipping multi-word settings', () => {
    const text = 'Battery Power:\n Sleep On Power Button 1\n lidwake              1\n displaysleep         2\n sleep                1\nAC Power:\n Sleep On Power Button 1\n displaysleep         10\n womp                 1\n sleep                0\n';
    const m = parsePmsetCustom(text)!;
    expect(m.get('battery')).toEqual({ displaysleep: 2, sleep: 1 });
    expect(m.get('ac')).toEqual({ displaysleep: 10, sleep: 0 });
    expect(parsePmsetCustom(text.replaceAll('\n', '\r\n'))!.get('ac')).toEqual({ displaysleep: 10, sleep: 0 });
    expect(parsePmsetCustom('Currently in use:\n displaysleep 10\n')).toBeNull();
  });
});

const SID = 'S-1-5-21-1111111111-2222222222-3333333333-1001';
function windowsRecording(stdout: string, exitCode = 0, stderr = '') {
  return Recording.parse({
    tenkenRecording: 1,
    source: 'test',
    platform: 'win32',
    isAdmin: true,
    recordedAt: '2026-11-20T09:00:00.000Z',
    sections: {
      'console-user': [{ run: ['powershell.exe', ...powershellArgs(WINDOWS_CONSOLE_USER_SCRIPT)], stdout: `{"userName":"PC\\\\taro","sid":"${SID}","profile":"C:\\\\Users\\\\taro"}\r\n` }],
      'screen-lock': [{ run: ['powershell.exe', ...powershellArgs(windowsScreenLockScript(SID))], exitCode, stdout, stderr }],
    },
  });
}
const noKey = { exists: false };
const power = (ac: number, dc: number) => ({ exitCode: 0, text: `    Current AC Power Setting Index: 0x${ac.toString(16).padStart(8, '0')}\n    Current DC Power Setting Index: 0x${dc.toString(16).padStart(8, '0')}\n` });
const answer = (over: Record<string, unknown> = {}) => ({
  userDesktop: { exists: true, ScreenSaveActive: '1', ScreenSaverIsSecure: '1', ScreenSaveTimeOut: '1200', 'SCRNSAVE.EXE': 'C:\\Windows\\system32\\Mystify.scr' },
  userPolicy: noKey,
  machinePolicy: { exists: true, InactivityTimeoutSecs: null },
  sleepIdle: power(600, 300),
  consoleLock: power(1, 1),
  videoIdle: power(300, 120),
  sleepIdlePolicy: noKey,
  consoleLockPolicy: noKey,
  videoIdlePolicy: noKey,
  batteries: 1,
  ...over,
});

describe('Windows collector', () => {
  it('takes the soonest locking path on the power source where it takes longest (sleep with sign-in on wake here)', async () => {
    const e = await evidenceOf(windowsRecording(`\uFEFF${JSON.stringify(answer())}\r\n`));
    expect(e.locksWhenIdle).toBe(true);
    expect(e.lockAfterSeconds).toBe(600); // AC: min(1200 screen saver, 600 sleep); battery: min(1200, 300)
  });
  it('does not count sleep without sign-in on wake, nor display-off', async () => {
    const e = await evidenceOf(windowsRecording(JSON.stringify(answer({ consoleLock: power(0, 0) }))));
    expect(e.lockOnResume).toBe(false);
    expect(e.lockAfterSeconds).toBe(1200);
  });
  it('lets a Group Policy power setting win over the plan', async () => {
    const e = await evidenceOf(windowsRecording(JSON.stringify(answer({ consoleLockPolicy: { exists: true, ACSettingIndex: 0, DCSettingIndex: 0 }, userDesktop: { exists: true, ScreenSaveActive: '1', ScreenSaverIsSecure: '0', ScreenSaveTimeOut: '600', 'SCRNSAVE.EXE': 'x.scr' } }))));
    expect(e.locksWhenIdle).toBe(false);
  });
  it('makes the user settings unknown when the hive cannot be read, but still uses the machine paths', async () => {
    const e = await evidenceOf(windowsRecording(JSON.stringify(answer({ userDesktop: { error: 'Requested registry access is not allowed.' } }))));
    expect((e.windows as Record<string, unknown>).screenSaverSecure).toBeNull();
    expect(enReason(e.unknown['windows.screenSaverActive'])).toMatch(/not allowed/);
    expect(e.lockAfterSeconds).toBe(600); // sleep locks at 600 at the latest; the unknown screen saver could only be sooner
  });
  it('turns a failing script or non-JSON output into unknown facts with the reason, never a crash', async () => {
    const failed = await evidenceOf(windowsRecording('', 1, 'Get-CimInstance : Access denied \r\n'));
    expect(failed.locksWhenIdle).toBeNull();
    expect(enReason(failed.unknown.locksWhenIdle)).toMatch(/Access denied/);
    const garbage = await evidenceOf(windowsRecording('WARNING: something\r\n'));
    expect(garbage.lockAfterSeconds).toBeNull();
    expect(enReason(garbage.unknown.lockAfterSeconds)).toMatch(/unexpected output from PowerShell/);
    const shape = await evidenceOf(windowsRecording('{"userDesktop":5}\r\n'));
    expect(enReason(shape.unknown.lockAfterSeconds)).toMatch(/unexpected output from PowerShell/);
  });
});
