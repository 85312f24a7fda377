/**
 * `tenken fix` on a replayed machine whose recording also holds the answers of the fix commands (section
 * `fix`) and of the scan after them: consent yes / no, --yes, no terminal, needs-admin, a failing action,
 * and the rescan's before → after.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { ACTION_IDS } from '../src/fix/action-ids.ts';
import { ACTIONS, clamscanOutcome, clamscanProgress, freshclamOutcome, freshclamProgress, offeredActions } from '../src/fix/actions.ts';
import { loadRecording, Recording, recordingToYaml } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { composeMachine, identity, macbookAir, neglectedLaptop } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'fix', 'linux-freshclam-offline-ufw-enable.yaml');
let dir: string;
let neglected: string;
let neglectedUser: string;

/** The neglected laptop, the fix answers, then the same machine with ufw on for the scan after the fixes. */
async function neglectedThenFixed(isAdmin: boolean): Promise<Recording> {
  const before = await neglectedLaptop();
  const fix = await loadRecording(FIXTURE);
  const after = await composeMachine({
    source: 'after',
    recordedAt: '2026-11-20T09:00:00.000Z',
    isAdmin: true,
    identity: identity({ distro: 'Ubuntu', release: '18.04.6 LTS', codename: 'bionic', hostname: 'old-laptop' }),
    fixtures: {
      'os-updates': 'linux-ubuntu1804-end-of-life',
      antivirus: 'linux-clamav-stale-daemon-inactive',
      'screen-lock': 'linux-gnome-idle-never',
      'disk-encryption': 'linux-unencrypted-laptop',
      wifi: 'linux-open-network',
      firewall: 'linux-ufw-active-deny',
    },
  });
  const sections: Record<string, Recording['sections'][string]> = { ...before.sections, fix: fix.sections.fix! };
  // The console user is looked up once per host; the second scan asks everything else again.
  for (const [name, answers] of Object.entries(after.sections)) if (name !== 'console-user') sections[name] = [...(sections[name] ?? []), ...answers];
  return { ...before, isAdmin, source: `${before.source}; then ${fix.source}; then the same machine with ufw on`, sections };
}

async function cli(args: string[], answers?: string[]) {
  const asked: string[] = [];
  const run = await runTenken(['fix', ...args], {
    isTTY: answers !== undefined,
    ...(answers ? { ask: async (q: string) => (asked.push(q), answers.shift() ?? '') } : {}),
  });
  return { ...run, asked };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-fix-'));
  neglected = join(dir, 'neglected.yaml');
  await writeFile(neglected, recordingToYaml(await neglectedThenFixed(true), 'test'));
  neglectedUser = join(dir, 'neglected-user.yaml');
  await writeFile(neglectedUser, recordingToYaml(await neglectedThenFixed(false), 'test'));
});

describe('tenken fix', () => {
  it('lists in --help exactly the fixes it has, in the order it offers them', () => {
    expect(ACTIONS.map((a) => a.id)).toEqual(ACTION_IDS);
  });

  it('offers the fixes for what failed here, and only those', async () => {
    const rec = await neglectedThenFixed(true);
    const { scan } = await import('../src/scan/scan.ts');
    const { loadPolicy, BUNDLED_POLICY } = await import('../src/policy/load.ts');
    const { createLogger } = await import('../src/log.ts');
    const report = await scan({ host: createReplayHost(rec), probes, policy: await loadPolicy(BUNDLED_POLICY, probes), profile: 'baseline', log: createLogger('error') });
    // A GNOME session: the desktop's Software opens, apt is not run behind the person's back.
    expect(offeredActions(report, { platform: 'linux' }).offered.map((a) => a.id)).toEqual(['clamav-update', 'gnome-software-updates', 'ufw-enable']);
  });

  it('does not offer a ClamAV scan while there are no signatures, and says why', async () => {
    const rec = await composeMachine({
      source: 'ClamAV installed, never updated',
      recordedAt: '2026-11-20T09:00:00.000Z',
      isAdmin: true,
      identity: identity({ distro: 'Debian GNU/Linux', release: '12', codename: 'bookworm', hostname: 'pc' }),
      fixtures: { 'os-updates': 'linux-ubuntu1804-end-of-life', antivirus: 'linux-debian12-container-clamav-no-database', 'screen-lock': 'linux-gnome-idle-never', 'disk-encryption': 'linux-unencrypted-laptop', wifi: 'linux-open-network', firewall: 'linux-ufw-inactive' },
    });
    const { scan } = await import('../src/scan/scan.ts');
    const { loadPolicy, BUNDLED_POLICY } = await import('../src/policy/load.ts');
    const { createLogger } = await import('../src/log.ts');
    const report = await scan({ host: createReplayHost(rec), probes, policy: await loadPolicy(BUNDLED_POLICY, probes), profile: 'telework-return', log: createLogger('error') });
    const { offered, withheld } = offeredActions(report, { platform: 'linux' });
    expect(offered.map((a) => a.id)).toContain('clamav-update');
    expect(offered.map((a) => a.id)).not.toContain('clamav-scan');
    expect(withheld.map(({ action, why }) => [action.id, why.en])).toEqual([['clamav-scan', expect.stringContaining('there are no virus signatures yet')]]);
    // With a database of its own (--clamav-database) the scan can run.
    expect(offeredActions(report, { platform: 'linux' }, { clamavDatabase: '/tmp/db' }).offered.map((a) => a.id)).toContain('clamav-scan');
  });

  it('macOS: stale XProtect data is fixed by XProtect\'s own updater from macOS 15, by Software Update before', async () => {
    const { scan } = await import('../src/scan/scan.ts');
    const { loadPolicy, BUNDLED_POLICY } = await import('../src/policy/load.ts');
    const { createLogger } = await import('../src/log.ts');
    const report = await scan({ host: createReplayHost(await macbookAir()), probes, policy: await loadPolicy(BUNDLED_POLICY, probes), profile: 'baseline', log: createLogger('error') });
    // The recorded MacBook Air (15.6) with its XProtect check failed.
    const stale = { ...report, checks: report.checks.map((c) => (c.id === 'antivirus.xprotect-current' ? { ...c, status: 'fail' as const } : c)) };
    expect(offeredActions(stale, { platform: 'darwin' }).offered.map((a) => a.id)).toEqual(['macos-xprotect-update']);
    const ventura = { ...stale, device: { ...stale.device, os: { ...stale.device.os, version: '14.7.1' } } };
    expect(offeredActions(ventura, { platform: 'darwin' }).offered.map((a) => a.id)).toEqual(['macos-software-update-open']);
    expect(ACTIONS.find((a) => a.id === 'macos-xprotect-update')!.plan({} as never).map((s) => s.display)).toEqual(['xprotect update']);
    // A firewall an MDM profile sets is not offered to socketfilterfw, which would refuse to change it.
    const firewallOff = { ...report, checks: report.checks.map((c) => (c.probe === 'firewall' ? { ...c, status: 'fail' as const } : c)) };
    expect(offeredActions(firewallOff, { platform: 'darwin' }).offered.map((a) => a.id)).toEqual(['macos-firewall-enable']);
    const managed = {
      ...firewallOff,
      probes: firewallOff.probes.map((p) =>
        p.probe === 'firewall' && p.status === 'ok' ? { ...p, evidence: { ...p.evidence, macos: { ...(p.evidence.macos as object), settingsFrom: 'managed-profile' } } } : p,
      ),
    };
    expect(offeredActions(managed, { platform: 'darwin' }).offered.map((a) => a.id)).toEqual([]);
  });

  it('asks before each fix (default No), reports a failed download plainly, goes on, and scans again', async () => {
    const r = await cli(['--replay', neglected], ['y', '', 'yes']);
    expect(r.asked).toHaveLength(3);
    expect(r.asked[0]).toContain('[y/N]');
    // Shown before it runs, exactly.
    expect(r.stdout).toContain('$ freshclam');
    expect(r.stdout).toContain('$ ufw default deny incoming\n    $ ufw --force enable');
    expect(r.stdout).toContain('✗ Failed: Could not download: no connection to database.clamav.net.');
    expect(r.stdout).toContain('(as the console user) $ gnome-software --mode updates\n  → Not run.');
    expect(r.stdout).toContain('✓ Done: The firewall is on.');
    expect(r.stderr).toContain('Scanning again…');
    // Titles, not internal ids.
    expect(r.stdout).toContain('[1/3] Update ClamAV\'s virus signatures (--yes clamav-update)');
    expect(r.stdout).toContain("Addresses: ClamAV's virus signatures are up to date");
    expect(r.stdout).toMatch(/✗ FAIL → ✓ PASS +The firewall is on and refuses inbound connections by default/);
    expect(r.stdout).toMatch(/✗ FAIL → ✗ FAIL +ClamAV's virus signatures are up to date/);
    expect(r.stdout).not.toMatch(/firewall\.enabled|antivirus\.clamav-signatures-current/);
    expect(r.stdout).toContain('Result: action needed (exit code 1)');
    expect(r.code).toBe(1);
  });

  it('lines up the before → after table by display width in Japanese', async () => {
    const r = await cli(['--replay', neglected, '--lang', 'ja'], ['n', 'n', 'y']);
    const table = r.stdout.slice(r.stdout.indexOf('対処の前 → 後:')).split('\n').slice(1).filter((l) => l.includes(' → '));
    expect(table.length).toBeGreaterThan(10);
    expect(table).toContain(`  ✗ 不合格 → ✓ 合格    ファイアウォールが有効で、外部からの接続を既定で拒否している`);
    // The arrow and the title start in the same terminal column on every row (a wide character takes two).
    const { displayWidth, loadDisplayWidth } = await import('../src/i18n/text-width.ts');
    await loadDisplayWidth();
    const columns = (l: string) => [displayWidth(l.slice(0, l.indexOf(' → '))), displayWidth(/^.* → \S+ \S+ +/.exec(l)![0])];
    expect(new Set(table.map((l) => columns(l).join(','))).size).toBe(1);
  });

  it('changes nothing and does not rescan when every fix is declined', async () => {
    const r = await cli(['--replay', neglected, '--lang', 'ja'], ['n', 'n', 'N']);
    expect(r.stdout).toContain('実行しませんでした。');
    expect(r.stdout).toContain('何も実行しなかったため、設定は変わっていません。');
    expect(r.stdout).not.toContain('✓ 完了');
    expect(r.stderr).not.toContain('もう一度点検');
    expect(r.code).toBe(1);
  });

  it('runs only the fixes named with --yes when there is no terminal', async () => {
    const r = await cli(['--replay', neglected, '--yes', 'ufw-enable']);
    expect(r.stdout).toContain('✓ Done: The firewall is on.');
    expect(r.stdout).toContain('$ freshclam\n  → Not run: not named with --yes.');
    expect(r.stdout).toMatch(/✗ FAIL → ✓ PASS +The firewall is on/);
    expect(r.code).toBe(1);
  });

  it('without a terminal and without --yes lists the fixes and teaches --yes (exit 2)', async () => {
    const r = await cli(['--replay', neglected]);
    expect(r.code).toBe(2);
    // An administrator can run every step: no tag.
    expect(r.stdout).toMatch(/^ {2}clamav-update +Update ClamAV's virus signatures$/m);
    expect(r.stdout).toMatch(/^ {2}ufw-enable /m);
    expect(r.stderr).toContain('Name the remediations to run with --yes (e.g. tenken fix --yes clamav-update)');
    // A user without those rights is told which steps need them.
    const user = await cli(['--replay', neglectedUser, '--lang', 'ja']);
    expect(user.stdout).toMatch(/^ {2}clamav-update +ClamAV のウイルス定義ファイルを更新する（管理者権限が必要）$/m);
  });

  it('refuses an unknown --yes id, naming the ones there are (exit 2)', async () => {
    const r = await cli(['--replay', neglected, '--yes', 'ufw-on']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes ufw-on: no such remediation (there are: clamav-update, clamav-scan');
  });

  it('says a fix needs administrator rights instead of running it', async () => {
    const r = await cli(['--replay', neglectedUser, '--yes', 'ufw-enable', '--yes', 'clamav-update']);
    expect(r.stdout).toContain('→ Not run: this needs administrator rights. Run it again as root: sudo npx tenken fix');
    expect(r.stdout).not.toContain('✓ Done');
    expect(r.stdout).toContain('Nothing was run; nothing changed.');
    expect(r.code).toBe(1);
  });

  it('is in --help with its exit codes and examples', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['--yes <action...>', 'Exit codes:', 'Examples:', 'clamav-update']) expect(r.stdout).toContain(s);
  });
});

describe('fix outcomes in plain words', () => {
  it('freshclam: updated, up to date, offline, another freshclam holding the lock', () => {
    expect(freshclamOutcome('daily.cld updated (version: 27452, sigs: 2049387, f-level: 90, builder: raynman)\n', '', 0).message.en).toBe('Virus signatures updated: daily.cld 27452');
    expect(freshclamOutcome('daily.cvd database is up-to-date (version: 27452, sigs: 2049387, f-level: 90, builder: raynman)\n', '', 0).message.en).toBe(
      'The virus signatures were already up to date.',
    );
    expect(freshclamOutcome('', "ERROR: Can't connect to port 443 of host mirror.example.net (IP: 192.0.2.1)\n", 52).message.en).toContain('no connection to mirror.example.net');
    expect(freshclamOutcome('', 'ERROR: Failed to lock the log file /var/log/clamav/freshclam.log: Resource temporarily unavailable\n', 62).message.en).toContain(
      'updater service (clamav-freshclam) is running',
    );
  });

  it('freshclam: shows what it fetches while it runs, not its banners', () => {
    // ClamAV 1.4's lines without a terminal (its download bar is one line per file then).
    const lines = [
      'ClamAV update process started at Sun Dec  6 02:00:00 2026',
      'daily database available for update (local version: 27450, remote version: 27452)',
      'Time:    0.2s, ETA:    0.0s [========================>]    1.23KiB/1.23KiB',
      'Database test passed.',
      'daily.cld updated (version: 27452, sigs: 2049387, f-level: 90, builder: raynman)',
      '',
      "ERROR: Can't connect to port 443 of host database.clamav.net",
    ];
    const progress = freshclamProgress();
    expect(lines.map((l) => progress(l)?.ja)).toEqual([
      undefined,
      'freshclam: daily database available for update (local version: 27450, remote version: 27452)',
      'freshclam: Time:    0.2s, ETA:    0.0s [========================>]    1.23KiB/1.23KiB',
      'freshclam: Database test passed.',
      'freshclam: daily.cld updated (version: 27452, sigs: 2049387, f-level: 90, builder: raynman)',
      undefined,
      "freshclam: ERROR: Can't connect to port 443 of host database.clamav.net",
    ]);
    expect(ACTIONS.find((a) => a.id === 'clamav-update')?.elapsedEvery).toBe(10_000);
  });

  it('clamscan: a running count of files and the infected files', () => {
    const progress = clamscanProgress(100);
    const lines = ['/home/a/1: OK', '/home/a/2: Eicar-Signature FOUND', '/home/a/3: Empty file', 'noise'];
    expect(lines.map((l) => progress(l)?.en)).toEqual(['scanned 1 files…', 'found: /home/a/2: Eicar-Signature FOUND', 'scanned 3 files…', undefined]);
    const counts = Array.from({ length: 250 }, (_, i) => progress(`/home/b/${i}: OK`)?.en).filter(Boolean);
    expect(counts).toEqual(['scanned 4 files…', 'scanned 5 files…', 'scanned 6 files…', 'scanned 7 files…', 'scanned 8 files…', 'scanned 9 files…', 'scanned 10 files…', 'scanned 100 files…', 'scanned 200 files…']);
    const found = clamscanOutcome('/home/a/3: Eicar-Signature FOUND\n\n----------- SCAN SUMMARY -----------\nScanned files: 4\nInfected files: 1\n', '', 1);
    expect(found.message.en).toBe('Scanned 4 files and found a virus in 1:');
    expect(found.details).toEqual(['/home/a/3: Eicar-Signature FOUND']);
  });

  it('a Windows fix that fails shows the decoded PowerShell message, never the CLIXML', () => {
    const update = ACTIONS.find((a) => a.id === 'defender-update')!;
    const [step] = update.plan({ report: undefined as never, folders: [], clamavDatabase: undefined });
    // Update-MpSignature's failure when no update source answers, in the `<S S="Error">` shape powershell.exe
    // writes under tenken's command line (see test/host.test.ts for the sources of that shape); assembled.
    const stderr =
      '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Update-MpSignature : Virus and spyware definitions update was completed with errors._x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S><S S="Error">    + FullyQualifiedErrorId : HRESULT 0x80070643,Update-MpSignature_x000D__x000A_</S></Objs>';
    const outcome = update.outcome([{ step: step!, result: { exitCode: 1, stdout: '', stderr } }], undefined as never);
    expect(outcome.status).toBe('failed');
    expect(outcome.details).toEqual(['Update-MpSignature : Virus and spyware definitions update was completed with errors.']);
  });

  it('every action has a kebab-case id, checks that exist in the bundled policy, and text in both languages', async () => {
    const { loadPolicy, BUNDLED_POLICY } = await import('../src/policy/load.ts');
    const ids = new Set((await loadPolicy(BUNDLED_POLICY, probes)).policy.checks.map((c) => c.id));
    for (const a of ACTIONS) {
      expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const c of a.addresses) expect(ids, `${a.id} addresses ${c}`).toContain(c);
      for (const t of [a.title, a.description]) expect(t.ja && t.en).toBeTruthy();
    }
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
  });
});
