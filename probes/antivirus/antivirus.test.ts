import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Recording, type RecordingInput } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import probe, {
  AntivirusEvidence,
  parseClamConf,
  parseClamVersion,
  parseCvdHeader,
  parseCvdTimeString,
  parseIsActive,
  parseMdatpHealth,
  parseUnitFiles,
} from './antivirus.ts';

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
    const units = parseUnitFiles(recorded);
    expect(units.has('clamav-daemon.service')).toBe(true);
    expect(units.has('clamav-clamonacc.service')).toBe(true);
    expect(parseUnitFiles('clamd@.service                disabled\nmdatp.service   enabled\n')).toEqual(new Set(['clamd@.service', 'mdatp.service']));
  });
  it('maps one is-active state per unit, in order', () => {
    const r = parseIsActive('active\nfailed\ninactive\n', '', ['a.service', 'b.service', 'c.service']);
    expect(r).toEqual({ ok: true, active: new Map([['a.service', true], ['b.service', false], ['c.service', false]]) });
  });
  it('gives no states when systemd is not PID 1 (recorded in a Debian 12 container)', async () => {
    const a = await answerOf('linux-debian12-container-clamav-no-database.yaml', (x) => (x.run as string[] | undefined)?.[1] === 'is-active');
    const r = parseIsActive(a.stdout as string, a.stderr as string, ['clamav-daemon.service', 'clamav-freshclam.service', 'clamav-clamonacc.service']);
    expect(r).toEqual({ ok: false, reason: "systemctl is-active gave no usable answer: System has not been booted with systemd as init system (PID 1). Can't operate." });
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
async function collect(answers: RecordingInput['sections'][string]) {
  const recording = Recording.parse({ tenkenRecording: 1, source: 'test', platform: 'linux', isAdmin: false, recordedAt: '2021-05-10T00:00:00.000Z', sections: { antivirus: answers } });
  const host = createReplayHost(recording, 'antivirus');
  const outcome = await runProbe(probe, host, silentLogger);
  expect(host.unused()).toEqual([]);
  if (outcome.status !== 'ok') throw new Error(`probe ended ${outcome.status}`);
  return AntivirusEvidence.parse(outcome.evidence);
}

const LIST = ['systemctl', 'list-unit-files', '--type=service', '--no-legend', '--no-pager'];

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
    ]);
    expect(e.clamav).toMatchObject({ databaseDirectory: '/srv/clamav', dailyVersion: 26165, databaseBuiltAt: '2021-05-09T11:08:36.000Z', onAccessConfigured: true, logFile: null });
    // Fedora's template unit is queried as its clamd@scan instance; no freshclam/clamonacc unit means not running.
    expect(e.clamav).toMatchObject({ daemonActive: false, freshclamActive: false, onAccessActive: false });
  });

  it('reports ClamAV as installed through clamd alone (Debian’s clamav-daemon does not pull in clamscan)', async () => {
    const e = await collect([
      { run: LIST, stdout: '' },
      { run: ['clamscan', '--version'], error: 'not-found' },
      { run: ['clamd', '--version'], stdout: 'ClamAV 1.4.6\n' },
      { read: '/etc/clamav/freshclam.conf', error: 'denied' },
      { read: '/etc/clamav/clamd.conf', error: 'missing' },
      { read: '/etc/clamd.d/scan.conf', error: 'missing' },
    ]);
    expect(e.clamav).toMatchObject({ installed: true, version: '1.4.6', databaseDirectory: null, databaseBuiltAt: null });
    expect(e.unknown['clamav.databaseDirectory']).toBe('/etc/clamav/freshclam.conf is not readable');
    expect(e.products.map((p) => p.id)).toEqual(['clamav']);
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
    expect(e.unknown['products.0.realtimeProtection']).toMatch(/exited 1 .*Could not connect to daemon/);
  });
});
