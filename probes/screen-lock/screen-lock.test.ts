import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { Recording } from '../../src/host/recording.ts';
import { silentLogger } from '../../src/log.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import probe, { desktopFamily, parseGsettingsBool, parseGsettingsUint, parseKdeBool, parseKdeIniGroup, parseKdeNumber } from './screen-lock.ts';

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

/** A GNOME session whose four gsettings answers are given, everything else as in the fixtures. */
function gnomeRecording(answers: { idle: string; lock: string; delay: string; lockdown: string }) {
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
      ],
    },
  });
}

async function evidenceOf(recording: Recording) {
  const host = createReplayHost(recording, 'screen-lock');
  const outcome = await runProbe(probe, host, silentLogger);
  expect(host.unused()).toEqual([]);
  if (outcome.status !== 'ok') throw new Error(`probe ended ${outcome.status}`);
  return outcome.evidence as Record<string, unknown> & { unknown: Record<string, string> };
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
    expect(e.unknown.lockEnabled).toMatch(/unexpected value/);
    expect(e.locksWhenIdle).toBeNull();
  });
  it('knows the screen never locks from one off switch even when another setting is unknown', async () => {
    const e = await evidenceOf(gnomeRecording({ idle: 'uint32 0\n', lock: 'garbage\n', delay: 'uint32 0\n', lockdown: 'false\n' }));
    expect(e.locksWhenIdle).toBe(false);
    expect(e.lockAfterSeconds).toBeNull();
  });
});
