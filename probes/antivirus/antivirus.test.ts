import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Recording, type RecordingInput } from '../../src/host/recording.ts';
import { WINDOWS_ANTIVIRUS_SCRIPT } from './win32.ts';
import { UNIT_FILES } from './linux.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import { parsePowerShellJson, powershellArgs } from '../../src/powershell.ts';
import probe, {
  AntivirusEvidence,
  ageDays,
  compareVersions,
  decodeProductState,
  dedupeSecurityCenter,
  isoFromPowerShell,
  parseInstallHistory,
  parseSpctlStatus,
  parseSystemExtensions,
  parseWindowsAntivirusAnswer,
  parseClamConf,
  parseClamVersion,
  parseCvdHeader,
  parseCvdTimeString,
  parseIsActive,
  parseMdatpHealth,
} from './antivirus.ts';
import { parseUnitFileStates } from '../../src/systemd-units.ts';
import { enReason } from '../../test/support/reason-text.ts';
import { askedWhileHeld } from '../../test/support/held-replay.ts';
import { because } from '../../src/probe.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** An answer of a fixture, so tests use the same real outputs the fixtures hold. */
async function answerOf(fixture: string, pick: (a: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const doc = parse(await readFile(join(FIXTURES, fixture), 'utf8')) as { sections: { antivirus: Record<string, unknown>[] } };
  const found = doc.sections.antivirus.find(pick);
  if (!found) throw new Error(`no such answer in ${fixture}`);
  return found;
}
const readOf = (fixture: string, path: string) => answerOf(fixture, (a) => a.read === path).then((a) => a.text as string);

// Real headers: daily.cvd 25784 from thka2315/cav tests/test_clamavfile.py; a daily.cld rebuilt by freshclam
// ("X:X" for md5/dsig) as quoted in a published Rust test of a ClamAV scanner (parse_database_age).
const DAILY_25784 =
  'ClamAV-VDB:16 Apr 2020 07-58 -0400:25784:2267600:63:92baacd59fd26e6bcf03077add78d209:4Jp9JtGJY6nUk8JHDQQpQeBwlfXqskvhXL+vesDNqAeWCmjbudU+Hy/Nj4/BH2vl70c/R5B/VYY+eqqCQo6o7VGLqLJr/E+19gejqMp/iRcuHrtnLw6V/x3UjO3/qYVSlcJvAjtMI7FK32wjB+Sp8kaS/ZbfaFQp6trRQhisjqf:raynman:1587038339';
const DAILY_CLD_26165 = 'ClamAV-VDB:09 May 2021 07-08 -0400:26165:3978101:63:X:X:raynman:1620558516    ';

describe('parseCvdHeader (libclamav cl_cvdparse fields)', () => {
  it('reads version and build time (epoch field) from the real 512-byte daily.cvd header of ClamAV’s freshclam test', async () => {
    const head = await readOf('linux-clamav-active-fresh.yaml', '/var/lib/clamav/daily.cvd');
    expect(head).toHaveLength(512);
    expect(parseCvdHeader(head)).toEqual({ version: 25934, signatures: 4320797, functionalityLevel: 63, builder: 'raynman', builtAt: '2020-09-21T13:52:04.000Z' });
  });
  it('reads a .cld header that freshclam rebuilt after applying diffs (md5 and dsig are "X")', () => {
    expect(parseCvdHeader(DAILY_CLD_26165)).toMatchObject({ version: 26165, builtAt: '2021-05-09T11:08:36.000Z' });
  });
  it('uses the time string when a header predates the epoch field (8 fields)', () => {
    const old = DAILY_25784.slice(0, DAILY_25784.lastIndexOf(':'));
    expect(parseCvdHeader(old)).toMatchObject({ version: 25784, builtAt: '2020-04-16T11:58:00.000Z' });
    expect(parseCvdHeader(DAILY_25784)?.builtAt).toBe('2020-04-16T11:58:59.000Z');
  });
  it('stops at the first line break, as cl_cvdhead does', () => {
    expect(parseCvdHeader(`${DAILY_25784}\nClamAV-Diff:50:4228877:`)?.builtAt).toBe('2020-04-16T11:58:59.000Z');
  });
  it('refuses empty files, other files and truncated headers', () => {
    expect(parseCvdHeader('')).toBeNull();
    expect(parseCvdHeader('\u001f\u008b\b\u0000 gzip data')).toBeNull();
    expect(parseCvdHeader('ClamAV-VDB:16 Apr 2020 07-58 -0400:25784:2267600')).toBeNull();
    expect(parseCvdHeader('ClamAV-VDB:16 Apr 2020 07-58 -0400:abc:2267600:63:x:y:raynman:1')).toBeNull();
  });
});

describe('parseCvdTimeString', () => {
  it('applies the numeric zone of sigtool’s "%d %b %Y %H-%M %z"', () => {
    expect(parseCvdTimeString('21 Sep 2020 09-52 -0400')).toBe('2020-09-21T13:52:00.000Z');
    expect(parseCvdTimeString('16 Mar 2016 23-17 +0000')).toBe('2016-03-16T23:17:00.000Z');
  });
  it('refuses localized or colon times', () => {
    expect(parseCvdTimeString('21 Sept 2020 09-52 -0400')).toBeNull();
    expect(parseCvdTimeString('21 Sep 2020 09:52 -0400')).toBeNull();
  });
});

describe('parseClamVersion', () => {
  it('splits engine and daily version (glpi-agent’s clamscan sample)', () => {
    expect(parseClamVersion('ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026\n')).toEqual({ version: '1.4.3', dailyVersion: 28046 });
  });
  it('reads the bare version clamscan prints when no database is loaded (Debian 12, recorded)', () => {
    expect(parseClamVersion('ClamAV 1.4.6\n')).toEqual({ version: '1.4.6', dailyVersion: null });
  });
  it('refuses anything else', () => {
    expect(parseClamVersion('')).toBeNull();
    expect(parseClamVersion('LibClamAV Error: cl_load(): No such file or directory')).toBeNull();
  });
});

describe('parseClamConf', () => {
  it('reads Debian’s generated clamd.conf and skips comments', async () => {
    const conf = parseClamConf(await readOf('linux-clamav-active-fresh.yaml', '/etc/clamav/clamd.conf'));
    expect(conf.get('LogFile')).toEqual(['/var/log/clamav/clamav.log']);
    expect(conf.get('DatabaseDirectory')).toEqual(['/var/lib/clamav']);
    expect(conf.has('OnAccessIncludePath')).toBe(false);
    expect(conf.has('#Automatically')).toBe(false);
  });
  it('keeps every value of a repeated option such as OnAccessIncludePath', () => {
    const conf = parseClamConf('OnAccessIncludePath /home\nOnAccessIncludePath /srv/share\n  # OnAccessPrevention yes\n');
    expect(conf.get('OnAccessIncludePath')).toEqual(['/home', '/srv/share']);
    expect(conf.has('OnAccessPrevention')).toBe(false);
  });
});

describe('systemctl parsers', () => {
  it('takes the unit names of list-unit-files with three columns (systemd ≥ 248) or two', async () => {
    const recorded = (await answerOf('linux-debian12-container-clamav-no-database.yaml', (a) => (a.run as string[] | undefined)?.[1] === 'list-unit-files')).stdout as string;
    const units = new Set(parseUnitFileStates(recorded).keys());
    expect(units.has('clamav-daemon.service')).toBe(true);
    expect(units.has('clamav-clamonacc.service')).toBe(true);
    expect(new Set(parseUnitFileStates('clamd@.service                disabled\nmdatp.service   enabled\n').keys())).toEqual(new Set(['clamd@.service', 'mdatp.service']));
  });
  it('maps one is-active state per unit, in order', () => {
    const r = parseIsActive('active\nfailed\ninactive\n', '', ['a.service', 'b.service', 'c.service']);
    expect(r).toEqual({ ok: true, active: new Map([['a.service', true], ['b.service', false], ['c.service', false]]) });
  });
  it('gives no states when systemd is not PID 1 (recorded in a Debian 12 container)', async () => {
    const a = await answerOf('linux-debian12-container-clamav-no-database.yaml', (x) => (x.run as string[] | undefined)?.[1] === 'is-active');
    const r = parseIsActive(a.stdout as string, a.stderr as string, ['clamav-daemon.service', 'clamav-freshclam.service', 'clamav-clamonacc.service']);
    expect(r).toEqual({ ok: false, reason: because('command.unexpected-output', { command: 'systemctl is-active' }, "System has not been booted with systemd as init system (PID 1). Can't operate.") });
  });
  it('leaves a state it does not know as null rather than false', () => {
    const r = parseIsActive('unknown\n', '', ['x.service']);
    expect(r.ok && r.active.get('x.service')).toBeNull();
  });
});

describe('parseMdatpHealth', () => {
  it('reads real-time protection, passive mode and the definitions time from glpi-agent’s Defender 101.23062 sample', async () => {
    const out = (await answerOf('linux-mdatp-passive.yaml', (a) => (a.run as string[] | undefined)?.[0] === 'mdatp')).stdout as string;
    expect(parseMdatpHealth(out)).toEqual({
      healthy: true,
      realtimeProtection: false,
      passiveMode: true,
      definitionsUpdatedAt: '2023-08-09T13:19:13.787Z',
      definitionsUpToDate: true,
      appVersion: '101.23062.0010',
    });
  });
  it('refuses the human table of plain `mdatp health` and error text', () => {
    expect(parseMdatpHealth('healthy                                     : false\nlicensed                                    : false\n')).toBeNull();
    expect(parseMdatpHealth('ATTENTION: No license found. Contact your administrator for help.')).toBeNull();
  });
});

/** Runs the collector against an inline recording (strict replay: every answer must be asked for). */
async function collect(answers: RecordingInput['sections'][string], platform: 'linux' | 'win32' | 'darwin' = 'linux') {
  const recording = Recording.parse({ tenkenRecording: 1, source: 'test', platform, isAdmin: false, recordedAt: '2021-05-10T00:00:00.000Z', sections: { antivirus: answers } });
  const host = createReplayHost(recording, 'antivirus');
  const outcome = await runProbe(probe, host, silentLogger);
  expect(host.unused()).toEqual([]);
  if (outcome.status !== 'ok') throw new Error(`probe ended ${outcome.status}`);
  return AntivirusEvidence.parse(outcome.evidence);
}

const LIST = ['systemctl', 'list-unit-files', '--type=service', '--no-legend', '--no-pager', ...UNIT_FILES];

describe('Linux collector', () => {
  it('takes the higher version when both daily.cld and daily.cvd exist', async () => {
    const e = await collect([
      { run: LIST, stdout: 'clamd@.service  disabled  disabled\n' },
      { run: ['systemctl', 'is-active', 'clamd@scan.service'], exitCode: 3, stdout: 'inactive\n' },
      { run: ['clamscan', '--version'], stdout: 'ClamAV 0.103.2/26165/Sun May  9 11:08:36 2021\n' },
      { read: '/etc/clamav/freshclam.conf', error: 'missing' },
      { read: '/etc/freshclam.conf', text: 'DatabaseDirectory /srv/clamav\n' },
      { read: '/etc/clamav/clamd.conf', error: 'missing' },
      { read: '/etc/clamd.d/scan.conf', text: 'OnAccessIncludePath /home\n' },
      { list: '/srv/clamav', entries: ['daily.cld', 'daily.cvd', 'main.cvd'] },
      { read: '/srv/clamav/daily.cld', maxBytes: 512, text: DAILY_CLD_26165 },
      { read: '/srv/clamav/daily.cvd', maxBytes: 512, text: DAILY_25784.padEnd(512) },
      { read: '/var/lib/tenken/clamav-scan.json', error: 'missing' },
    ]);
    expect(e.clamav).toMatchObject({ databaseDirectory: '/srv/clamav', dailyVersion: 26165, databaseBuiltAt: '2021-05-09T11:08:36.000Z', onAccessConfigured: true, logFile: null });
    // Fedora's template unit is queried as its clamd@scan instance; no freshclam/clamonacc unit means not running.
    expect(e.clamav).toMatchObject({ daemonActive: false, freshclamActive: false, onAccessActive: false });
  });

  it('reports ClamAV as installed through clamd alone (Debian’s clamav-daemon does not pull in clamscan)', async () => {
    const e = await collect([
      // None of the units named exists: systemctl prints nothing and exits 1.
      { run: LIST, exitCode: 1 },
      { run: ['clamscan', '--version'], error: 'not-found' },
      { run: ['clamd', '--version'], stdout: 'ClamAV 1.4.6\n' },
      { read: '/etc/clamav/freshclam.conf', error: 'denied' },
      { read: '/etc/clamav/clamd.conf', error: 'missing' },
      { read: '/etc/clamd.d/scan.conf', error: 'missing' },
      { read: '/var/lib/tenken/clamav-scan.json', error: 'missing' },
    ]);
    expect(e.clamav).toMatchObject({ installed: true, version: '1.4.6', databaseDirectory: null, databaseBuiltAt: null });
    expect(enReason(e.unknown['clamav.databaseDirectory'])).toBe('/etc/clamav/freshclam.conf is not readable by this user');
    expect(e.products?.map((p) => p.id)).toEqual(['clamav']);
  });

  it('asks systemctl for the units it looks for only, and takes a failure that says something as unknown, not as absent', async () => {
    expect(UNIT_FILES).toEqual(expect.arrayContaining(['clamav-daemon.service', 'clamd@.service', 'clamav-freshclam.service', 'clamav-clamonacc.service', 'mdatp.service', 'eea.service']));
    const e = await collect([
      { run: LIST, exitCode: 1, stderr: 'Failed to list unit files: Access denied\n' },
      { run: ['clamscan', '--version'], stdout: 'ClamAV 1.4.6\n' },
      { stat: '/opt/microsoft/mdatp', error: 'missing' },
      { stat: '/opt/CrowdStrike', error: 'missing' },
      { stat: '/opt/sentinelone', error: 'missing' },
      { stat: '/opt/sophos-spl', error: 'missing' },
      { stat: '/opt/eset/eea', error: 'missing' },
      { read: '/etc/clamav/freshclam.conf', error: 'missing' },
      { read: '/etc/freshclam.conf', error: 'missing' },
      { read: '/etc/clamav/clamd.conf', error: 'missing' },
      { read: '/etc/clamd.d/scan.conf', error: 'missing' },
      { list: '/var/lib/clamav', error: 'missing' },
      { read: '/var/lib/tenken/clamav-scan.json', error: 'missing' },
    ]);
    expect(e.clamav).toMatchObject({ installed: true, daemonActive: null, freshclamActive: null });
    expect(enReason(e.unknown['clamav.daemonActive'])).toMatch(/systemctl list-unit-files.*exit 1.*Access denied/);
  });

  it('says why a Defender whose health report is unreadable has unknown protection', async () => {
    const e = await collect([
      { run: LIST, stdout: 'mdatp.service  enabled  enabled\n' },
      { run: ['systemctl', 'is-active', 'mdatp.service'], exitCode: 3, stdout: 'failed\n' },
      { run: ['clamscan', '--version'], error: 'not-found' },
      { run: ['clamd', '--version'], error: 'not-found' },
      { run: ['mdatp', 'health', '--output', 'json'], exitCode: 1, stderr: 'Could not connect to daemon\n' },
    ]);
    expect(e.products).toEqual([
      { id: 'mdatp', name: 'Microsoft Defender for Endpoint', vendor: 'Microsoft', source: 'systemd-unit', serviceActive: false, realtimeProtection: null, signaturesUpdatedAt: null },
    ]);
    expect(enReason(e.unknown['products.0.realtimeProtection'])).toMatch(/failed \(exit 1\).*Could not connect to daemon/);
  });
});

// ------------------------------------------------------------------------------------------------ Windows

const psAnswer = async (fixture: string) => (await answerOf(fixture, (a) => typeof a.powershell === 'string')).stdout as string;

describe('decodeProductState (masks 0xF000 state, 0x0F00 owner, 0x00F0 signatures)', () => {
  it('decodes the worked examples of research/probes.md §2.1', () => {
    expect(decodeProductState(397568)).toEqual({ state: 'on', microsoft: true, signaturesUpToDate: true });
    expect(decodeProductState(393472)).toEqual({ state: 'off', microsoft: true, signaturesUpToDate: true });
    expect(decodeProductState(266240)).toEqual({ state: 'on', microsoft: false, signaturesUpToDate: true });
    expect(decodeProductState(397584)).toEqual({ state: 'on', microsoft: true, signaturesUpToDate: false });
  });
  it('leaves nibbles outside the known values null instead of guessing', () => {
    expect(decodeProductState(0x065220)).toEqual({ state: null, microsoft: null, signaturesUpToDate: null });
    expect(decodeProductState(0x042000).state).toBe('snoozed');
    expect(decodeProductState(0x043000).state).toBe('expired');
  });
});

describe('parseWindowsAntivirusAnswer', () => {
  it('reads the BOM-prefixed, CRLF-terminated answer of the ja-JP fixture byte for byte, Japanese error text included', async () => {
    const stdout = await psAnswer('win32-11-pro-ja-standard-user-defender-denied.yaml');
    expect(stdout.startsWith('\uFEFF{')).toBe(true);
    expect(stdout.endsWith('}\r\n')).toBe(true);
    const json = parsePowerShellJson(stdout);
    const a = parseWindowsAntivirusAnswer(json.ok ? json.value : undefined);
    expect(a?.defender).toEqual({ ok: false, reason: because('query.failed', { source: 'Get-MpComputerStatus' }, 'アクセスが拒否されました。') });
    expect(a?.securityCenter).toMatchObject({ ok: true, value: [{ displayName: 'Windows Defender', productState: 397568 }] });
  });
  it('does not mistake an { error } answer for a Defender status whose fields are all optional', () => {
    const a = parseWindowsAntivirusAnswer({ securityCenter: [], defender: { error: 'Access denied ' }, activeThreats: { error: 'x' } });
    expect(a?.defender.ok).toBe(false);
    expect(a?.activeThreats.ok).toBe(false);
  });
  it('accepts a single Security Center instance that ConvertTo-Json left unwrapped, and refuses other shapes', () => {
    const one = { displayName: 'Windows Defender', productState: 397568 };
    expect(parseWindowsAntivirusAnswer({ securityCenter: one, defender: null, activeThreats: 0 })?.securityCenter).toEqual({ ok: true, value: [one] });
    expect(parseWindowsAntivirusAnswer({ securityCenter: [{ displayName: 'x', productState: '397568' }], defender: null, activeThreats: 0 })).toBeUndefined();
    expect(parseWindowsAntivirusAnswer('AntiVirusProduct')).toBeUndefined();
  });
});

describe('Defender values', () => {
  it('normalises the round-trip format of .ToUniversalTime().ToString("o") and refuses local-culture dates', () => {
    expect(isoFromPowerShell('2024-06-04T15:06:27.0000000Z')).toBe('2024-06-04T15:06:27.000Z');
    expect(isoFromPowerShell('6/4/2024 8:06:27 AM')).toBeNull();
    expect(isoFromPowerShell('2024/06/04 8:06:27')).toBeNull();
    // FILETIME zero, Defender's "never" in some date properties.
    expect(isoFromPowerShell('1601-01-01T00:00:00.0000000Z')).toBeNull();
    expect(isoFromPowerShell(null)).toBeNull();
  });
  it('maps both "never" values (4294967295 and 65535) to null in every age field, and keeps real ages', () => {
    expect(ageDays(4294967295)).toBeNull();
    expect(ageDays(65535)).toBeNull();
    expect(ageDays(14)).toBe(14);
    expect(ageDays(0)).toBe(0);
    expect(ageDays(null)).toBeNull();
  });
});

describe('dedupeSecurityCenter', () => {
  it('keeps one entry per displayName and lets the instance that is on speak for it (amidaware/community-scripts #268)', () => {
    const path = 'C:\\Program Files (x86)\\F-Secure\\Anti-Virus\\fsavwsch.exe';
    const products = dedupeSecurityCenter([
      { displayName: 'F-Secure Client Security 12.00', instanceGuid: '{A}', pathToSignedProductExe: path, productState: 262160, productExeExists: true },
      { displayName: 'Windows Defender', pathToSignedProductExe: 'windowsdefender://', productState: 393472 },
      { displayName: 'F-Secure Client Security 12.00', instanceGuid: '{B}', pathToSignedProductExe: path, productState: 266240, productExeExists: true },
    ]);
    expect(products.map((p) => [p.name, p.instances, p.chosen.instanceGuid, p.decoded.state])).toEqual([
      ['F-Secure Client Security 12.00', 2, '{B}', 'on'],
      ['Windows Defender', 1, undefined, 'off'],
    ]);
  });
});

const WIN = (stdout: string, exitCode = 0, stderr = '') => [{ run: ['powershell.exe', ...powershellArgs(WINDOWS_ANTIVIRUS_SCRIPT)], exitCode, stdout, stderr }];

describe('Windows collector', () => {
  it('lists a stale Security Center entry (its executable is gone) but does not count it as a product', async () => {
    const e = await collect(
      WIN(
        JSON.stringify({
          securityCenter: [
            { displayName: 'Placeholder AV', pathToSignedProductExe: 'C:\\Program Files\\Placeholder AV\\av.exe', productState: 266240, productExeExists: false },
            { displayName: 'Windows Defender', pathToSignedProductExe: 'windowsdefender://', productState: 397568, productExeExists: null },
          ],
          defender: { AMRunningMode: 'Normal', AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: true, AntivirusSignatureLastUpdated: '2021-05-09T10:00:00.0000000Z', AntivirusSignatureAge: 0, QuickScanEndTime: null, FullScanEndTime: '2021-05-01T12:30:00.0000000Z', FullScanAge: 8, IsTamperProtected: true },
          activeThreats: 1,
        }),
      ),
      'win32',
    );
    expect(e.products?.map((p) => p.id)).toEqual(['microsoft-defender-antivirus']);
    expect(e.windows?.securityCenter?.[0]).toMatchObject({ name: 'Placeholder AV', productExeExists: false });
    expect(e).toMatchObject({ realtimeProtection: true, signaturesUpdatedAt: '2021-05-09T10:00:00.000Z', lastFullScanAt: '2021-05-01T12:30:00.000Z', activeThreats: 1 });
    expect(e.windows?.defender).toMatchObject({ fullScanAgeDays: 8, fullScanCompleted: true, tamperProtected: true });
  });

  // Get-MpComputerStatus on a Windows Server VM whose Defender never updated nor scanned, as printed in a
  // public HTB Academy write-up ("Living Off The Land", AMProductVersion 4.18.2109.6): every age field reads
  // 4294967295 — AntivirusSignatureAge included, where Microsoft documents 65535 — and the dates are empty.
  // The fields are those tenken's script selects, copied from that output; the Security Center entry is hand-made.
  const NEVER_UPDATED = {
    AMRunningMode: 'Not running', AMServiceEnabled: false, AntivirusEnabled: false, RealTimeProtectionEnabled: false,
    AntivirusSignatureLastUpdated: null, AntivirusSignatureAge: 4294967295, QuickScanEndTime: null,
    FullScanEndTime: null, FullScanAge: 4294967295, IsTamperProtected: false,
  };

  it('reads AntivirusSignatureAge 4294967295 as "never updated", not as 4.3 billion days', async () => {
    const e = await collect(
      WIN(JSON.stringify({ securityCenter: [{ displayName: 'Windows Defender', pathToSignedProductExe: 'windowsdefender://', productState: 393472 }], defender: NEVER_UPDATED, activeThreats: 0 })),
      'win32',
    );
    expect(e.windows?.defender).toMatchObject({ signatureAgeDays: null, fullScanAgeDays: null, fullScanCompleted: false });
  });

  it('says "never fully scanned" as a fact (false) when Defender protects and reports FullScanAge "never"', async () => {
    const e = await collect(
      WIN(JSON.stringify({
        securityCenter: [{ displayName: 'Windows Defender', pathToSignedProductExe: 'windowsdefender://', productState: 397568 }],
        defender: { ...NEVER_UPDATED, AMRunningMode: 'Normal', AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: true, AntivirusSignatureLastUpdated: '2026-12-01T03:00:00.0000000Z', AntivirusSignatureAge: 5 },
        activeThreats: 0,
      })),
      'win32',
    );
    expect(e.realtimeProtection).toBe(true);
    expect(e.lastFullScanAt).toBeNull();
    expect(e.fullScanEverCompleted).toBe(false);
    expect(e.unknown.fullScanEverCompleted).toBeUndefined();
  });

  it('does not count Defender in passive mode as scanning, even with RealTimeProtectionEnabled True', async () => {
    const e = await collect(
      WIN(JSON.stringify({ securityCenter: [{ displayName: 'Windows Defender', pathToSignedProductExe: 'windowsdefender://', productState: 393472 }], defender: { AMRunningMode: 'Passive Mode', AMServiceEnabled: true, RealTimeProtectionEnabled: true }, activeThreats: 0 })),
      'win32',
    );
    expect(e.products?.[0]?.realtimeProtection).toBe(false);
    expect(e.realtimeProtection).toBe(false);
  });

  it('turns a PowerShell that fails or prints something other than JSON into null products with the reason, never []', async () => {
    const blocked = await collect(WIN('', 1, 'Program execution is blocked by group policy.\r\n'), 'win32');
    expect(blocked.products).toBeNull();
    expect(enReason(blocked.unknown.products)).toBe('PowerShell failed (exit 1): "Program execution is blocked by group policy."');
    const garbage = await collect(WIN('ÿþ\r\n'), 'win32');
    expect(garbage.products).toBeNull();
    expect(enReason(garbage.unknown.realtimeProtection)).toMatch(/unexpected output from PowerShell/);
  });
});

// ------------------------------------------------------------------------------------------------ macOS

describe('parseSystemExtensions', () => {
  it('reads the Cisco AMP list quoted in microsoft/shell-intune-samples (pre-15 category lines)', async () => {
    const out = (await answerOf('darwin-14-intel-cisco-secure-endpoint.yaml', (a) => (a.run as string[] | undefined)?.[0] === 'systemextensionsctl')).stdout as string;
    expect(parseSystemExtensions(out)).toEqual([
      { enabled: true, active: true, teamId: 'DE8Y96K9QP', bundleId: 'com.cisco.endpoint.svc.networkextension', version: '1.15.5', name: 'AMP Network Extension', state: 'activated enabled', category: 'com.apple.system_extension.network_extension' },
      { enabled: true, active: true, teamId: 'DE8Y96K9QP', bundleId: 'com.cisco.endpoint.svc.securityextension', version: '1.15.5', name: 'AMP Security Extension', state: 'activated enabled', category: 'com.apple.system_extension.endpoint_security' },
    ]);
  });
  it('reads macOS 15 category lines with their "(Go to …)" hint and rows waiting for the user', () => {
    const out =
      "1 extension(s)\n--- com.apple.system_extension.network_extension (Go to 'System Settings > General > Login Items & Extensions > Network Extensions' to modify these system extension(s))\nenabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n\t*\tUBF8T346G9\tcom.microsoft.wdav.netext (101.26062.0009/101.26062.0009)\tMicrosoft Defender Network Extension\t[activated waiting for user]\n";
    expect(parseSystemExtensions(out)).toEqual([
      { enabled: false, active: true, teamId: 'UBF8T346G9', bundleId: 'com.microsoft.wdav.netext', version: '101.26062.0009', name: 'Microsoft Defender Network Extension', state: 'activated waiting for user', category: 'com.apple.system_extension.network_extension' },
    ]);
  });
  it('gives [] for "0 extension(s)" and null for anything without the count line', () => {
    expect(parseSystemExtensions('0 extension(s)\n')).toEqual([]);
    expect(parseSystemExtensions('')).toBeNull();
    expect(parseSystemExtensions('systemextensionsctl: unknown command\n')).toBeNull();
  });
});

describe('macOS parsers', () => {
  it('reads Gatekeeper’s two answers and nothing else', () => {
    expect(parseSpctlStatus('assessments enabled\n')).toBe(true);
    expect(parseSpctlStatus('assessments disabled\n')).toBe(false);
    expect(parseSpctlStatus('')).toBeNull();
  });
  it('takes XProtect install records from InstallHistory.plist, newest first (chef’s sample form)', async () => {
    const xml = (await answerOf('darwin-15-apple-silicon-xprotect-current.yaml', (a) => (a.run as string[] | undefined)?.[1] === '-convert')).stdout as string;
    const h = parseInstallHistory(xml, ['XProtectPlistConfigData', 'XProtectPayloads']);
    expect(h?.get('XProtectPlistConfigData')).toEqual([
      { version: '5300', installedAt: '2025-06-10T20:57:50.000Z' },
      { version: '2106', installedAt: '2019-10-07T20:09:37.000Z' },
    ]);
    expect(h?.get('XProtectPayloads')).toEqual([{ version: '153', installedAt: '2025-08-05T18:40:16.000Z' }]);
    expect(parseInstallHistory('<plist version="1.0"><dict/></plist>', ['XProtectPayloads'])).toBeNull();
    expect(parseInstallHistory('not a plist', ['XProtectPayloads'])).toBeNull();
  });
  it('compares versions numerically', () => {
    expect(compareVersions('5309', '5300')).toBeGreaterThan(0);
    expect(compareVersions('2.10', '2.9')).toBeGreaterThan(0);
    expect(compareVersions('152', '152')).toBe(0);
  });
});

describe('macOS collector', () => {
  const XP = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist';
  const XP15 = '/private/var/protected/xprotect/XProtect.bundle/Contents/Info.plist';
  const XPR = '/Library/Apple/System/Library/CoreServices/XProtect.app/Contents/Info.plist';
  const base = [
    { run: ['plutil', '-convert', 'xml1', '-o', '-', '/Library/Receipts/InstallHistory.plist'], stdout: '<plist version="1.0"><array/></plist>\n' },
    { stat: XP, type: 'file' as const, size: 1536, mtime: '2025-06-10T21:03:12.000Z' },
    { run: ['plutil', '-extract', 'CFBundleShortVersionString', 'raw', '-o', '-', XP], stdout: '5309\n' },
    { stat: XP15, type: 'file' as const, size: 1536, mtime: '2025-06-11T08:00:00.000Z' },
    { run: ['plutil', '-extract', 'CFBundleShortVersionString', 'raw', '-o', '-', XP15], stdout: '5300\n' },
    { stat: XPR, error: 'missing' as const },
    { run: ['spctl', '--status'], stdout: 'assessments enabled\n' },
  ];
  it('takes the higher XProtect of the two bundles, and the running one of a product mid-upgrade', async () => {
    // States as mondoohq/mql PR #4371 lists them for a CrowdStrike upgrade; rows hand-written in systemextensionsctl's form.
    const e = await collect(
      [
        ...base,
        {
          run: ['systemextensionsctl', 'list'],
          stdout:
            '2 extension(s)\n--- com.apple.system_extension.endpoint_security\nenabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n\t\tX9E956P446\tcom.crowdstrike.falcon.Agent (7.16/7.16.0.0)\tFalcon\t[terminated waiting to uninstall on reboot]\n*\t*\tX9E956P446\tcom.crowdstrike.falcon.Agent (7.17/7.17.0.0)\tFalcon\t[activated enabled]\n',
        },
      ],
      'darwin',
    );
    expect(e.macos?.xprotect).toEqual({ version: '5309', path: '/Library/Apple/System/Library/CoreServices/XProtect.bundle', updatedAt: '2025-06-10T21:03:12.000Z' });
    expect(e.products?.map((p) => [p.id, p.serviceActive])).toEqual([['xprotect', null], ['crowdstrike-falcon', true]]);
    expect(e.macos?.systemExtensions).toHaveLength(2);
  });
  it('says "unknown" rather than "no product" when neither XProtect nor the extension list could be read', async () => {
    const e = await collect(
      [
        base[0]!,
        { stat: XP, error: 'missing' },
        { stat: XP15, error: 'missing' },
        { stat: XPR, error: 'missing' },
        { run: ['spctl', '--status'], stdout: 'assessments enabled\n' },
        { run: ['systemextensionsctl', 'list'], error: 'not-found' },
      ],
      'darwin',
    );
    expect(e.products).toBeNull();
    expect(e.realtimeProtection).toBeNull();
    expect(e.unknown.products).toEqual(because('xprotect.none-visible'));
    expect(enReason(e.unknown['macos.systemExtensions'])).toBe('systemextensionsctl is not installed');
  });
});

describe('Linux scheduling', () => {
  it('asks ClamAV its version while systemctl list-unit-files still runs', async () => {
    const { meanwhile, asked } = await askedWhileHeld(probe, 'linux-clamav-active-fresh.yaml', LIST.join(' '));
    expect(asked[0]).toBe(LIST.join(' '));
    expect(meanwhile).toContain('clamscan --version');
  });
});
