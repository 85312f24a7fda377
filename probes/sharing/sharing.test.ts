import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/host/recording.ts';
import { SHARING_WINDOWS_SCRIPT } from './parse-win32.ts';
import { allowsAnyone, anyHost, isAnyoneSid, parseExports, parseLaunchdDisabled, parseTestparm, parseUnitFileStates, parseUsershareFile } from './sharing.ts';

/** The stdout or text a fixture recorded for a command or file. */
async function recorded(fixture: string, what: string): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections.sharing?.find((a) => ('run' in a && a.run.join(' ') === what) || ('read' in a && a.read === what));
  if (answer && 'stdout' in answer && answer.stdout !== undefined) return answer.stdout;
  if (answer && 'text' in answer) return answer.text;
  throw new Error(`no ${what} in ${fixture}`);
}

describe('testparm -s', () => {
  it('lists the shares of a real Samba 4.17 output with their guest access, printers marked, [global] apart', async () => {
    const conf = parseTestparm(await recorded('linux-samba-guest-shares.yaml', 'testparm -s'))!;
    expect(conf.shares.map((s) => [s.name, s.guestOk, s.printable])).toEqual([
      ['homes', false, false],
      ['printers', false, true],
      ['print$', false, false],
      ['共有', true, false],
      ['scans', true, false], // written `public = yes`, printed by testparm as `guest ok = Yes`
      ['keiri', false, false],
    ]);
    expect(conf.global.get('map to guest')).toBe('Bad User');
  });

  it('reads the synonyms a hand-written file may still carry, and is null without [global]', () => {
    const conf = parseTestparm('[global]\n\tusershare max shares = 0\n[a]\n\tpublic = yes\n\tpath = /a\n[b]\n\tguest ok = no\n\tprint ok = yes\n')!;
    expect(conf.shares).toEqual([
      { name: 'a', path: '/a', guestOk: true, printable: false },
      { name: 'b', path: null, guestOk: false, printable: true },
    ]);
    expect(conf.global.get('usershare max shares')).toBe('0');
    expect(parseTestparm('Load smb config files from /etc/samba/smb.conf\nError loading services.\n')).toBeNull();
  });
});

describe('usershares', () => {
  it('reads the file net usershare add writes', async () => {
    expect(parseUsershareFile(await recorded('linux-samba-guest-shares.yaml', '/var/lib/samba/usershares/public'))).toEqual({ name: 'Public', path: '/home/tanaka/Public', guestOk: true });
    expect(parseUsershareFile('#VERSION 2\npath=/srv/x\nguest_ok=n\n')).toEqual({ name: null, path: '/srv/x', guestOk: false });
    expect(parseUsershareFile('#VERSION 2\ncomment=no path\n')).toBeNull();
  });
});

describe('/etc/exports', () => {
  it('reads the sample of exports(5): only /pub goes to any host; default options are not a client', async () => {
    const exports = parseExports(await recorded('linux-nfs-exports.yaml', '/etc/exports'));
    expect(exports.filter((e) => e.clients.some(anyHost)).map((e) => e.path)).toEqual(['/pub']);
    expect(exports.find((e) => e.path === '/srv/www')?.clients).toEqual(['server', '@trusted', '@external']);
  });

  it('counts a path with only options, or none, as exported to the world; joins continued lines; keeps quoted paths', () => {
    expect(parseExports('/a (rw)\n/b\n"/c d" host(ro)\n/e \\\n  10.0.0.0/8(rw)\n')).toEqual([
      { path: '/a', clients: [''] },
      { path: '/b', clients: [''] },
      { path: '/c d', clients: ['host'] },
      { path: '/e', clients: ['10.0.0.0/8'] },
    ]);
    expect(['', '*', '0.0.0.0/0', '::/0'].every(anyHost)).toBe(true);
    expect(anyHost('192.168.1.0/24')).toBe(false);
  });
});

describe('systemd and launchd', () => {
  it('reads unit-file states in both column layouts', () => {
    expect([...parseUnitFileStates('ssh.service enabled enabled\nsshd.service alias -\nsmbd.service   disabled\n')]).toEqual([
      ['ssh.service', 'enabled'],
      ['sshd.service', 'alias'],
      ['smbd.service', 'disabled'],
    ]);
  });

  it('reads both wordings of launchctl print-disabled, and refuses other output', async () => {
    const now = parseLaunchdDisabled(await recorded('darwin-14-file-sharing-guests.yaml', 'launchctl print-disabled system'))!;
    expect([now.get('com.apple.smbd'), now.get('com.apple.screensharing'), now.has('com.apple.nothing')]).toEqual([false, true, false]);
    const old = parseLaunchdDisabled('disabled services = {\n\t"com.openssh.sshd" => true\n\t"com.apple.smbd" => false\n}\n')!;
    expect([old.get('com.openssh.sshd'), old.get('com.apple.smbd')]).toEqual([true, false]);
    expect(parseLaunchdDisabled('Unrecognized target specifier.\n')).toBeNull();
  });
});

describe('Windows access lists', () => {
  const ace = (sid: string | null, allow = true) => ({ account: 'x', sid, allow });
  it('knows Everyone, Guests, ANONYMOUS LOGON and the Guest account by SID, never by name', () => {
    expect(['S-1-1-0', 'S-1-5-32-546', 'S-1-5-7', 'S-1-5-21-1004336348-1177238915-682003330-501'].every(isAnyoneSid)).toBe(true);
    expect(['S-1-5-32-545', 'S-1-5-11', 'S-1-5-21-1-2-3-1501', null].some(isAnyoneSid)).toBe(false);
  });

  it('is open with an Allow entry for anyone, unless Everyone is denied', () => {
    expect(allowsAnyone([ace('S-1-5-32-544'), ace('S-1-1-0')])).toBe(true);
    expect(allowsAnyone([ace('S-1-5-32-544'), ace('S-1-5-32-545')])).toBe(false);
    expect(allowsAnyone([ace('S-1-5-32-546'), ace('S-1-1-0', false)])).toBe(false);
    expect(allowsAnyone([ace('S-1-1-0', false)])).toBe(false);
  });
});

describe('the Windows script', () => {
  it("leaves out only the administrative shares and print$: a hidden share of one's own (Data$) is still checked", () => {
    expect(SHARING_WINDOWS_SCRIPT).toContain("Win32_Share -Filter 'Type=0' | Where-Object { $_.Name -ne 'print$' }");
    expect(SHARING_WINDOWS_SCRIPT).not.toContain("EndsWith('$')");
  });
});
