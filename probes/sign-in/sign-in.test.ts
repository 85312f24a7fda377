import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/host/recording.ts';
import {
  gdmAutoLogin,
  gettyAutoLogin,
  lightdmAutoLogin,
  pamPasswordModules,
  parsePwqualityConf,
  pwpolicyMinLength,
  pwqualityShortest,
  sddmAutoLogin,
  shadowEmptyPasswords,
} from './sign-in.ts';

/** A command's output as a fixture recorded it. */
async function printed(fixture: string, command: readonly string[]): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections['sign-in']?.find((a) => 'run' in a && a.run.join(' ') === command.join(' '));
  if (!answer || !('stdout' in answer) || answer.stdout === undefined) throw new Error(`no ${command.join(' ')} in ${fixture}`);
  return answer.stdout;
}

/** A file's text as a fixture recorded it, so the tests run on the recorded files. */
async function recorded(fixture: string, path: string): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections['sign-in']?.find((a) => 'read' in a && a.read === path);
  if (!answer || !('text' in answer)) throw new Error(`no ${path} in ${fixture}`);
  return answer.text;
}

describe('GDM', () => {
  it('reads automatic login from [daemon], and ignores the commented examples Ubuntu ships', async () => {
    expect(gdmAutoLogin([await recorded('linux-ubuntu-gdm-autologin.yaml', '/etc/gdm3/custom.conf')])).toEqual({ user: 'user01' });
    expect(gdmAutoLogin([await recorded('linux-ubuntu-gdm-pwquality.yaml', '/etc/gdm3/custom.conf')])).toBeNull();
  });

  it('counts a timed login, needs both the switch and the user, and lets a later file turn it off', () => {
    expect(gdmAutoLogin(['[daemon]\nTimedLoginEnable=true\nTimedLogin=kiosk\nTimedLoginDelay=10\n'])).toEqual({ user: 'kiosk' });
    expect(gdmAutoLogin(['[daemon]\nAutomaticLoginEnable=true\n'])).toBeNull();
    expect(gdmAutoLogin(['[daemon]\nAutomaticLogin=taro\n'])).toBeNull();
    expect(gdmAutoLogin(['[daemon]\nAutomaticLoginEnable=1\nAutomaticLogin=taro\n'])).toEqual({ user: 'taro' });
    expect(gdmAutoLogin(['[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=taro\n', '[daemon]\nAutomaticLoginEnable=false\n'])).toBeNull();
    // The key in another group is not GDM's daemon setting.
    expect(gdmAutoLogin(['[security]\nAutomaticLoginEnable=true\nAutomaticLogin=taro\n'])).toBeNull();
  });
});

describe('LightDM and SDDM', () => {
  it('reads autologin-user from [Seat:*] or [SeatDefaults], and autologin-guest', () => {
    expect(lightdmAutoLogin(['[Seat:*]\n#autologin-user=\nautologin-user=hanako\nautologin-user-timeout=0\n'])).toEqual({ user: 'hanako' });
    expect(lightdmAutoLogin(['[SeatDefaults]\nautologin-user=pi\n'])).toEqual({ user: 'pi' });
    expect(lightdmAutoLogin(['[Seat:*]\nautologin-user=\n'])).toBeNull();
    expect(lightdmAutoLogin(['[Seat:*]\nautologin-guest=true\n'])).toEqual({ user: 'guest' });
    expect(lightdmAutoLogin(['[Seat:*]\nautologin-user=pi\n', '[Seat:*]\nautologin-user=\n'])).toBeNull();
  });

  it('reads User= of [Autologin], a later file winning', () => {
    expect(sddmAutoLogin(['[Autologin]\nUser=taro\nSession=plasma\n'])).toEqual({ user: 'taro' });
    expect(sddmAutoLogin(['[Autologin]\nUser=taro\n', '[Autologin]\nUser=\n'])).toBeNull();
    expect(sddmAutoLogin(['[General]\nUser=taro\n'])).toBeNull();
  });

  it('reads agetty --autologin from an ExecStart line only', () => {
    const dropIn = '[Service]\nExecStart=\nExecStart=-/sbin/agetty -o \'-p -f -- \\\\u\' --noclear --autologin username %I $TERM\n';
    expect(gettyAutoLogin(dropIn)).toEqual({ user: 'username' });
    expect(gettyAutoLogin('[Service]\nExecStart=-/sbin/agetty -a root --noclear %I linux\n')).toEqual({ user: 'root' });
    expect(gettyAutoLogin('# ExecStart=-/sbin/agetty --autologin root %I\n[Service]\nExecStart=-/sbin/agetty --noclear %I $TERM\n')).toBeNull();
  });
});

describe('/etc/shadow', () => {
  it('lists accounts whose password field is empty, not locked or hashed ones', async () => {
    expect(shadowEmptyPasswords(await recorded('linux-ubuntu-gdm-autologin.yaml', '/etc/shadow'))).toEqual(['shop']);
    expect(shadowEmptyPasswords(await recorded('linux-debian12-root.yaml', '/etc/shadow'))).toEqual([]);
    expect(shadowEmptyPasswords('a:!:1::::::\nb:*:1::::::\nc:!!:1::::::\n')).toEqual([]);
  });

  it('is null when nothing in it is an entry', () => {
    expect(shadowEmptyPasswords('')).toBeNull();
    expect(shadowEmptyPasswords('garbage\n')).toBeNull();
  });
});

describe('PAM password stack', () => {
  it('finds pam_unix in Debian 12 common-password (bracketed control), and not the commented lines', async () => {
    const modules = pamPasswordModules(await recorded('linux-debian12-root.yaml', '/etc/pam.d/common-password'));
    expect(modules.map((m) => [m.module, [...m.args.keys()]])).toEqual([['pam_unix', ['obscure', 'yescrypt']]]);
  });

  it('finds pam_pwquality before pam_unix, with its arguments', async () => {
    const modules = pamPasswordModules(await recorded('linux-ubuntu-gdm-pwquality.yaml', '/etc/pam.d/common-password'));
    expect(modules.map((m) => m.module)).toEqual(['pam_pwquality', 'pam_unix']);
    expect(modules[0]!.args.get('retry')).toBe('3');
  });

  it('reads RHEL-style paths and optional modules, and leaves other stacks out', () => {
    const text = 'auth required pam_unix.so\n-password requisite /usr/lib64/security/pam_pwquality.so local_users_only minlen=14\npassword sufficient pam_unix.so sha512 shadow use_authtok minlen=9\n';
    const modules = pamPasswordModules(text);
    expect(modules.map((m) => [m.module, m.args.get('minlen')])).toEqual([
      ['pam_pwquality', '14'],
      ['pam_unix', '9'],
    ]);
  });
});

describe('pwquality', () => {
  it('reads key = value settings, comments dropped, later lines winning', async () => {
    expect([...parsePwqualityConf(await recorded('linux-ubuntu-gdm-pwquality.yaml', '/etc/security/pwquality.conf'))]).toEqual([]);
    expect(parsePwqualityConf('minlen = 8\n# minlen = 4\nminlen=14\n').get('minlen')).toBe('14');
  });

  it('takes minlen, default 8, less positive credits, never below 6', () => {
    expect(pwqualityShortest(new Map())).toBe(8);
    expect(pwqualityShortest(new Map([['minlen', '14']]))).toBe(14);
    // Negative credits are minimum counts of a character class, not a shorter length.
    expect(pwqualityShortest(new Map([['minlen', '12'], ['dcredit', '-1'], ['ucredit', '-1']]))).toBe(12);
    expect(pwqualityShortest(new Map([['minlen', '12'], ['dcredit', '1'], ['ocredit', '2']]))).toBe(9);
    expect(pwqualityShortest(new Map([['minlen', '4']]))).toBe(6);
    expect(pwqualityShortest(new Map([['minlen', 'twelve']]))).toBeNull();
  });
});

describe('macOS account policies (pwpolicy)', () => {
  const pwpolicy = ['pwpolicy', '-getaccountpolicies'];
  it('takes the longest length every password-content rule requires, and not the lockout count', async () => {
    // A profile's minLength 7 beside macOS's own 4-character rule: both must hold, so 7.
    expect(pwpolicyMinLength(await printed('darwin-13-guest-unset.yaml', pwpolicy))).toBe(7);
    expect(pwpolicyMinLength(await printed('darwin-14-autologin-guest.yaml', pwpolicy))).toBe(4);
    expect(pwpolicyMinLength(await printed('darwin-15-apple-silicon.yaml', pwpolicy))).toBe(15);
  });

  it('reads a minimumLength parameter, gives 0 without a length rule, and null without a property list', () => {
    const plist = (body: string) => `Getting global account policies\n<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${body}</dict></plist>\n`;
    const rule = (content: string, params = '') =>
      `<key>policyCategoryPasswordContent</key><array><dict><key>policyContent</key><string>${content}</string>${params}</dict></array>`;
    expect(pwpolicyMinLength(plist(rule("policyAttributePassword matches '^(?=.*[0-9]).{12,}$'")))).toBe(12);
    expect(pwpolicyMinLength(plist(rule("policyAttributePassword matches '(.*[A-Z].*){1,}+'", '<key>policyParameters</key><dict><key>minimumLength</key><integer>10</integer></dict>')))).toBe(10);
    expect(pwpolicyMinLength(plist(rule("policyAttributePassword matches '(.*[0-9].*){1,}+'")))).toBe(0);
    expect(pwpolicyMinLength(plist(''))).toBe(0);
    expect(pwpolicyMinLength('No global account policies have been set.\n')).toBeNull();
    expect(pwpolicyMinLength('Getting global account policies\n<?xml version="1.0"?><plist><dict><key>broken')).toBeNull();
  });
});
