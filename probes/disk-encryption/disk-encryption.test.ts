import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePowerShellJson } from '../../src/powershell.ts';
import { parseApfsList, parseArm64, parseFdesetupStatus } from './darwin.ts';
import { evidenceFromWindows, mapMethod, mapProtector, parseShellProtection, volumeState, WindowsAnswer } from './win32.ts';
import { enReason } from '../../test/support/reason-text.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
async function answers(fixture: string): Promise<Record<string, unknown>[]> {
  return (parse(await readFile(join(FIXTURES, fixture), 'utf8')) as { sections: Record<string, Record<string, unknown>[]> }).sections['disk-encryption']!;
}
const stdoutOf = async (fixture: string, i = 0) => (await answers(fixture))[i]!.stdout as string;
const windows = async (fixture: string, isAdmin = true) => {
  const json = parsePowerShellJson(await stdoutOf(fixture));
  if (!json.ok) throw new Error(json.reason.code);
  return evidenceFromWindows(WindowsAnswer.parse(json.value), isAdmin);
};

describe('Windows BitLocker', () => {
  it('an OS drive fully encrypted with protection on and TPM + recovery password is protected; an untouched data drive is not', async () => {
    const e = await windows('win32-win11-pro-ja-bitlocker-on.yaml');
    expect(e.root).toEqual({ source: 'C:', fstype: 'NTFS', encrypted: true, scheme: 'bitlocker', layers: [], state: 'protected' });
    expect(e.windows?.volumes?.map((v) => [v.driveLetter, v.state, v.keyProtectors])).toEqual([
      ['C:', 'protected', ['tpm', 'recovery-password']],
      ['D:', 'off', []],
    ]);
  });

  it('Device Encryption waiting for activation (encrypted, protection off, no protectors) is NOT protected', async () => {
    const e = await windows('win32-win11-home-en-device-encryption-waiting.yaml');
    expect(e.root).toMatchObject({ encrypted: false, state: 'waiting-for-activation', scheme: 'bitlocker' });
  });

  it('protection off with a TPM protector is suspended, not protected', async () => {
    expect((await windows('win32-bitlocker-suspended.yaml')).root).toMatchObject({ encrypted: false, state: 'suspended' });
  });

  it('a drive BitLocker never touched is off with no scheme', async () => {
    expect((await windows('win32-win10-22h2-bitlocker-off.yaml')).root).toMatchObject({ encrypted: false, state: 'off', scheme: null });
  });

  it('reads the recorded answer byte-exact: CRLF line end and a UTF-8 BOM are accepted, Japanese text survives', async () => {
    const raw = await stdoutOf('win32-standard-user-ja.yaml');
    expect(raw.endsWith('}\r\n')).toBe(true);
    const json = parsePowerShellJson(`\uFEFF${raw}`);
    expect(json.ok).toBe(true);
    const e = evidenceFromWindows(WindowsAnswer.parse((json as { value: unknown }).value), false);
    expect(enReason(e.unknown['windows.volumes'])).toBe('reading Win32_EncryptableVolume needs administrator rights: "アクセスが拒否されました。"');
    expect(e.root).toMatchObject({ encrypted: true, state: 'protected' });
    expect(e.windows).toEqual({ source: 'shell-property', shellProtection: 1, volumes: null });
  });

  it('maps only the Shell property values that can be cited; 5 (on or suspended, sources disagree) stays unknown', () => {
    expect(parseShellProtection(1)).toEqual({ state: 'protected', encrypted: true });
    expect(parseShellProtection(2)).toEqual({ state: 'off', encrypted: false });
    expect(parseShellProtection('3')).toEqual({ state: 'encrypting', encrypted: false });
    for (const v of [0, 4, 5, 6, 7, '', null, undefined, 'x']) expect(parseShellProtection(v)).toBeNull();
  });

  it('without the BitLocker namespace and without a Shell value, encryption is unknown with both reasons', async () => {
    const e = await windows('win32-server-core-no-bitlocker-namespace.yaml');
    expect(e.root).toMatchObject({ encrypted: null, state: null });
    expect(enReason(e.unknown['windows.volumes'])).toContain('Invalid namespace');
    expect(e.unknown['root.encrypted']?.code).toBe('bitlocker.shell-unmapped');
    expect(enReason(e.unknown['root.encrypted'])).toContain('gave no usable value');
  });

  it('names states from conversion and live protection', () => {
    expect(volumeState('fully-encrypted', 'on', ['tpm'])).toBe('protected');
    expect(volumeState('encrypting', 'on', ['tpm'])).toBe('encrypting');
    expect(volumeState('fully-encrypted', 'off', [])).toBe('waiting-for-activation');
    expect(volumeState('fully-encrypted', 'off', ['tpm', 'recovery-password'])).toBe('suspended');
    expect(volumeState('fully-encrypted', 'unknown', ['tpm'])).toBe('locked');
    expect(volumeState(null, 'on', [])).toBeNull();
    expect([mapMethod(6), mapMethod(7), mapMethod(0), mapMethod(99), mapMethod(null)]).toEqual(['xts-aes-128', 'xts-aes-256', 'none', 'other', null]);
    expect([mapProtector(1), mapProtector(3), mapProtector(4), mapProtector(42)]).toEqual(['tpm', 'recovery-password', 'tpm-pin', 'other']);
  });

  it('an unexpected shape is rejected by the schema, not guessed', () => {
    expect(WindowsAnswer.safeParse({ systemDrive: 'C:', logicalDisks: [], volumes: [{ driveLetter: 'C:', protectionStatus: 'On' }] }).success).toBe(false);
    expect(WindowsAnswer.safeParse({ systemDrive: 'C:\\; rm', logicalDisks: [], volumes: [] }).success).toBe(false);
  });

  it('an OS drive missing from the encryptable volumes is unknown', () => {
    const e = evidenceFromWindows({ systemDrive: 'C:', logicalDisks: [], volumes: [] }, true);
    expect(e.root?.encrypted).toBeNull();
    expect(enReason(e.unknown['root.encrypted'])).toContain('no Win32_EncryptableVolume has drive letter C:');
    expect(enReason(e.unknown['root.fstype'])).toContain('not among the fixed logical disks');
  });
});

describe('macOS FileVault', () => {
  it('parses the fdesetup status forms published for macOS 10.13–15', () => {
    expect(parseFdesetupStatus('FileVault is On.\n')).toEqual({ fileVault: 'on', state: 'protected', percent: null, deferredUser: null });
    expect(parseFdesetupStatus('FileVault is Off.\n')).toEqual({ fileVault: 'off', state: 'off', percent: null, deferredUser: null });
    expect(parseFdesetupStatus('FileVault is On.\nEncryption in progress: Percent completed = 42\n')).toMatchObject({ state: 'encrypting', percent: 42 });
    expect(parseFdesetupStatus('FileVault is On.\nEncryption in progress: percent completed = 31.25\n')).toMatchObject({ state: 'encrypting', percent: 31.25 });
    expect(parseFdesetupStatus('FileVault is On.\nEncryption in progress: Pending\n')).toMatchObject({ state: 'encryption-paused', percent: null });
    expect(parseFdesetupStatus('FileVault is Off.\nDecryption in progress: Percent completed = 73\n')).toMatchObject({ fileVault: 'off', state: 'decrypting', percent: 73 });
    expect(parseFdesetupStatus("FileVault is Off.\nDeferred enablement appears to be active for user 'user1'.\n")).toEqual({ fileVault: 'off', state: 'deferred', percent: null, deferredUser: 'user1' });
    // A change waiting for a restart is not protection: "On, but needs to be restarted" has encrypted nothing yet.
    expect(parseFdesetupStatus('FileVault is On, but needs to be restarted to finish.\n')).toEqual({ fileVault: 'on', state: 'restart-pending', percent: null, deferredUser: null });
    expect(parseFdesetupStatus('FileVault is Off, but needs to be restarted to finish.\n')).toEqual({ fileVault: 'off', state: 'restart-pending', percent: null, deferredUser: null });
    expect(parseFdesetupStatus('FileVault is Off, but will be enabled after the next restart.\n')).toEqual({ fileVault: 'off', state: 'deferred', percent: null, deferredUser: null });
    expect(parseFdesetupStatus("FileVault is Off, but will be enabled after the next restart.\nDeferred enablement appears to be active for user 'her'.\n")).toEqual({
      fileVault: 'off',
      state: 'deferred',
      percent: null,
      deferredUser: 'her',
    });
    expect(parseFdesetupStatus('FileVault master keychain appears to be installed.\nFileVault is On.\n')).toMatchObject({ state: 'protected' });
    expect(parseFdesetupStatus('FileVault is On.\r\n')).toMatchObject({ state: 'protected' });
    expect(parseFdesetupStatus('')).toBeNull();
    expect(parseFdesetupStatus('Error: unexpected\n')).toBeNull();
  });

  it('reads every APFS volume with its FileVault flag from the recorded plist', async () => {
    const xml = (await answers('darwin-macos15-apple-silicon-filevault-on.yaml')).find((a) => JSON.stringify(a.run).includes('apfs'))!.stdout as string;
    const vols = parseApfsList(xml);
    expect(vols.find((v) => v.roles.includes('Data'))).toEqual({ device: 'disk3s5', name: 'Data', roles: ['Data'], fileVault: true, encryption: true, locked: false });
    expect(vols).toHaveLength(5);
  });

  it('rejects an empty or foreign plist instead of guessing', () => {
    expect(() => parseApfsList('<?xml version="1.0"?><plist version="1.0"><dict/></plist>')).toThrow(/unexpected plist shape/);
    expect(() => parseApfsList('not a plist')).toThrow();
  });

  it('tells Apple silicon from Intel by sysctl, not uname (Rosetta)', () => {
    expect(parseArm64({ stdout: '1\n', stderr: '', exitCode: 0 })).toBe(true);
    expect(parseArm64({ stdout: '0\n', stderr: '', exitCode: 0 })).toBe(false);
    expect(parseArm64({ stdout: '', stderr: "sysctl: unknown oid 'hw.optional.arm64'\n", exitCode: 1 })).toBe(false);
    expect(parseArm64({ stdout: '', stderr: 'killed', exitCode: 137 })).toBeNull();
  });
});
