import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/host/recording.ts';
import {
  includeTarget,
  isHomeEdition,
  parseSshdT,
  rdpEnabled,
  rdpNlaRequired,
  sshdConfigLines,
  sshdSettingsFromLines,
  sshListensOnNetwork,
  sshPasswordLogin,
} from './remote-access.ts';

async function recorded(fixture: string, what: string): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections['remote-access']?.find((a) => ('run' in a && a.run.join(' ') === what) || ('read' in a && a.read === what));
  if (answer && 'stdout' in answer && answer.stdout !== undefined) return answer.stdout;
  if (answer && 'text' in answer) return answer.text;
  throw new Error(`no ${what} in ${fixture}`);
}

const fromText = (text: string) => sshdSettingsFromLines(sshdConfigLines(text));

describe('sshd -T', () => {
  it("reads Debian 12's effective configuration: passwords on every address", async () => {
    const s = parseSshdT(await recorded('linux-debian12-openssh-root.yaml', 'sshd -T'))!;
    expect(s.get('listenaddress')).toEqual(['[::]:22', '0.0.0.0:22']);
    expect([sshPasswordLogin(s, 'linux'), sshListensOnNetwork(s)]).toEqual([true, true]);
  });

  it('sees loopback-only listening and password login off, and is null for an error', () => {
    const s = parseSshdT('port 22\nlistenaddress 127.0.0.1:22\nlistenaddress [::1]:22\nusepam yes\npasswordauthentication no\nkbdinteractiveauthentication no\nauthenticationmethods any\n')!;
    expect([sshPasswordLogin(s, 'linux'), sshListensOnNetwork(s)]).toEqual([false, false]);
    expect(parseSshdT('sshd: no hostkeys available -- exiting.\n')).toBeNull();
  });
});

describe('sshd_config', () => {
  it('takes the first value of a keyword, as sshd does, and stops at Match', () => {
    const s = fromText('PasswordAuthentication no\npasswordauthentication yes\n');
    expect(s.get('passwordauthentication')).toEqual(['no']);
    expect(sshPasswordLogin(s, 'linux')).toBe(false);
    // A Match block applies to some connections only: the global default (yes) stands.
    const matched = fromText('Port 22\nMatch User backup\n  PasswordAuthentication no\n');
    expect(matched.has('passwordauthentication')).toBe(false);
    expect(sshPasswordLogin(matched, 'linux')).toBe(true);
  });

  it("applies OpenSSH's defaults: Windows' shipped file accepts passwords, Debian's too through PasswordAuthentication", async () => {
    const win = (await loadRecording(join(import.meta.dirname, 'fixtures', 'win32-10-rdp-without-nla-openssh.yaml'))).sections['remote-access']![0]!;
    const config = JSON.parse(('stdout' in win ? win.stdout : '') ?? '').sshd.config as string;
    expect(sshPasswordLogin(fromText(config), 'win32')).toBe(true);
    const debian = fromText(await recorded('linux-ubuntu-ssh-socket-xrdp-user.yaml', '/etc/ssh/sshd_config'));
    expect(debian.get('kbdinteractiveauthentication')).toEqual(['no']);
    expect(sshPasswordLogin(debian, 'linux')).toBe(true);
  });

  it('counts keyboard-interactive only through PAM, and AuthenticationMethods that demands a key', () => {
    expect(sshPasswordLogin(fromText('PasswordAuthentication no\nUsePAM yes\n'), 'linux')).toBe(true);
    expect(sshPasswordLogin(fromText('PasswordAuthentication no\nUsePAM yes\n'), 'win32')).toBe(false);
    expect(sshPasswordLogin(fromText('PasswordAuthentication no\n'), 'darwin')).toBe(false);
    expect(sshPasswordLogin(fromText('AuthenticationMethods publickey,password\n'), 'linux')).toBe(false);
    expect(sshPasswordLogin(fromText('AuthenticationMethods publickey password\n'), 'linux')).toBe(true);
  });

  it('follows Include of one file or a folder with a leading *, nothing fancier', () => {
    expect(includeTarget('/etc/ssh/sshd_config.d/*.conf')).toEqual({ dir: '/etc/ssh/sshd_config.d', ext: '.conf' });
    expect(includeTarget('/etc/ssh/sshd_config.d/*')).toEqual({ dir: '/etc/ssh/sshd_config.d', ext: '' });
    expect(includeTarget('/etc/ssh/crypto.conf')).toBe('/etc/ssh/crypto.conf');
    expect(includeTarget('/etc/ssh/conf.d/[0-9]*.conf')).toBeNull();
  });

  it('reads ListenAddress in the forms files use', () => {
    expect(sshListensOnNetwork(fromText('ListenAddress 127.0.0.1\nListenAddress ::1\n'))).toBe(false);
    expect(sshListensOnNetwork(fromText('ListenAddress localhost:2222\n'))).toBe(false);
    expect(sshListensOnNetwork(fromText('ListenAddress 127.0.0.1\nListenAddress 192.168.1.5\n'))).toBe(true);
    expect(sshListensOnNetwork(fromText('Port 22\n'))).toBe(true);
  });
});

describe('Remote Desktop', () => {
  const values = { fDenyTSConnections: 0, policyDeny: null, userAuthentication: 1, policyUserAuthentication: null, securityLayer: 2, policySecurityLayer: null };
  it('is on when fDenyTSConnections is 0, the policy value first, off when the value is missing', () => {
    expect(rdpEnabled(values)).toBe(true);
    expect(rdpEnabled({ ...values, policyDeny: 1 })).toBe(false);
    expect(rdpEnabled({ ...values, fDenyTSConnections: 1, policyDeny: 0 })).toBe(true);
    expect(rdpEnabled({ ...values, fDenyTSConnections: null })).toBe(false);
  });

  it('requires NLA with UserAuthentication 1 and a security layer other than RDP, policy values first', () => {
    expect(rdpNlaRequired(values)).toBe(true);
    expect(rdpNlaRequired({ ...values, userAuthentication: 0 })).toBe(false);
    expect(rdpNlaRequired({ ...values, userAuthentication: 0, policyUserAuthentication: 1 })).toBe(true);
    expect(rdpNlaRequired({ ...values, policySecurityLayer: 0 })).toBe(false);
  });

  it('knows the Home editions', () => {
    expect(['Core', 'CoreN', 'CoreSingleLanguage', 'CoreCountrySpecific'].every(isHomeEdition)).toBe(true);
    expect(['Professional', 'Enterprise', 'Education', 'ProfessionalWorkstation'].some(isHomeEdition)).toBe(false);
  });
});
