import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording, Recording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { evaluateCheck } from '../../src/policy/evaluate.ts';
import { resolveProfile } from '../../src/policy/profile.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { reasons } from '../../src/probe.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import { enReason } from '../../test/support/reason-text.ts';
import { probes } from '../index.ts';
import probe, {
  dejaDupFacts,
  destinationNames,
  fileTimeToIso,
  kfmFolders,
  parseFileHistoryConfig,
  parseGsettingsList,
  parseIso8601,
  parseListTimers,
  parseShowBlocks,
  summarise,
  timerFacts,
  timerTool,
  timeMachineFacts,
  type BackupToolFacts,
} from './backup.ts';
import { windowsBackupScript } from './win32.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** One answer of a fixture's backup section, found by its command line. */
async function answerOf(fixture: string, command: string): Promise<{ stdout: string; stderr: string }> {
  const rec = await loadRecording(join(FIXTURES, fixture));
  // A recording holds a PowerShell answer as a run of powershell.exe with the encoded script.
  const a = rec.sections.backup?.find((x) => 'run' in x && (x.run.join(' ') === command || (command === 'powershell' && x.run[0] === 'powershell.exe')));
  if (!a || !('stdout' in a)) throw new Error(`no ${command} in ${fixture}`);
  return { stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
}

const tool = (over: Partial<BackupToolFacts>): BackupToolFacts => ({ tool: 'deja-dup', name: null, automatic: true, backedUp: true, lastBackupAt: '2026-11-18T00:00:00.000Z', ...over });

describe('Déjà Dup', () => {
  it('reads the schema keys gsettings printed on Debian 12, and calls the untouched defaults "not set up"', async () => {
    const settings = parseGsettingsList((await answerOf('linux-gnome-deja-dup-unused.yaml', 'gsettings list-recursively org.gnome.DejaDup')).stdout, 'org.gnome.DejaDup');
    expect([settings.get('periodic'), settings.get('last-backup'), settings.get('periodic-period')]).toEqual(['false', "''", '7']);
    expect(dejaDupFacts(settings)).toBeUndefined();
  });

  it('is set up when it backs up on a schedule, even before its first backup (which is then "never")', () => {
    const facts = dejaDupFacts(new Map([['periodic', 'true'], ['last-backup', "''"]]));
    expect(facts).toEqual({ tool: 'deja-dup', name: null, automatic: true, backedUp: false, lastBackupAt: null });
  });

  it('reads last-backup in the forms Déjà Dup writes, and refuses a time without a zone', () => {
    expect(dejaDupFacts(new Map([['periodic', 'false'], ['last-backup', "'2025-03-02T10:15:42.018Z'"]]))?.lastBackupAt).toBe('2025-03-02T10:15:42.018Z');
    expect(parseIso8601('20240305T101112Z')).toBe('2024-03-05T10:11:12.000Z');
    expect(parseIso8601('2024-03-05T19:11:12.123456+09:00')).toBe('2024-03-05T10:11:12.123Z');
    expect(parseIso8601('2024-03-05T10:11:12')).toBeNull();
    expect(dejaDupFacts(new Map([['periodic', 'false'], ['last-backup', "'yesterday'"]]))).toBeNull();
    expect(dejaDupFacts(new Map([['periodic', 'maybe'], ['last-backup', "''"]]))).toBeNull();
  });

  it('knows nothing from the defaults gsettings prints when it cannot reach the user\'s dconf database', async () => {
    const unused = await loadRecording(join(FIXTURES, 'linux-gnome-deja-dup-unused.yaml'));
    const memory = unused.sections.backup!.map((a) =>
      'run' in a && a.run[0] === 'gsettings' ? { ...a, stderr: "GLib-GIO-Message: Using the 'memory' GSettings backend.  Your settings will not be saved or shared with other applications.\n" } : a,
    );
    const outcome = await runProbe(probe, createReplayHost(Recording.parse({ ...unused, sections: { ...unused.sections, backup: memory } }), 'backup'), silentLogger);
    const e = outcome.status === 'ok' ? (outcome.evidence as { tools: unknown; unknown: Record<string, never> }) : undefined;
    expect(e?.tools).toBeNull();
    expect(enReason(e?.unknown.tools)).toMatch(/printed only the defaults/);
  });

  it('keeps only the schema asked for, not its child schemas', () => {
    const settings = parseGsettingsList("org.gnome.DejaDup periodic true\norg.gnome.DejaDup.Drive name 'Backup'\n", 'org.gnome.DejaDup');
    expect([...settings.keys()]).toEqual(['periodic']);
  });
});

describe('systemd timers', () => {
  it('finds the restic, borg and borgmatic timers among the rest', async () => {
    const rows = parseListTimers((await answerOf('linux-server-borgmatic-restic.yaml', 'systemctl list-timers --all --output=json')).stdout);
    expect(rows?.flatMap((r) => timerTool(r.activates) ?? [])).toEqual(['borgmatic', 'restic']);
    expect(['borg-backup.service', 'borgbackup@home.service', 'cyborg.service', 'logrotate.service'].map(timerTool)).toEqual(['borg', 'borg', undefined, undefined]);
    expect(parseListTimers('NEXT LEFT LAST PASSED UNIT ACTIVATES\n')).toBeNull();
  });

  it('counts a run only when the service succeeded, at its exit time; a timer that never elapsed never backed up', () => {
    const services = parseShowBlocks('Result=success\nExecMainExitTimestamp=@1763608398\nId=borgmatic.service\n\nResult=exit-code\nExecMainExitTimestamp=@1763600000\nId=restic.service\n');
    const timer = { unit: 'x.timer', activates: 'borgmatic.service', next: 1, last: 1 };
    expect(timerFacts('borgmatic', timer, services.get('borgmatic.service')).facts).toMatchObject({ backedUp: true, lastBackupAt: '2025-11-20T03:13:18.000Z' });
    const failed = timerFacts('restic', { ...timer, activates: 'restic.service' }, services.get('restic.service'));
    expect([failed.facts.backedUp, failed.facts.lastBackupAt, enReason(failed.problem)]).toEqual([null, null, 'the last run of restic.service is not known to have succeeded (result: exit-code)']);
    expect(timerFacts('restic', { ...timer, last: 0, next: null }, undefined).facts).toMatchObject({ automatic: false, backedUp: false });
  });
});

describe('Time Machine', () => {
  it('reads the destinations tmutil lists, and none when it says none is configured', async () => {
    const { parsePlist } = await import('../../src/plist.ts');
    expect(destinationNames(parsePlist((await answerOf('darwin-15-apple-silicon.yaml', 'tmutil destinationinfo -X')).stdout))).toEqual(['TM Backup']);
    expect(destinationNames('not a plist')).toBeNull();
  });

  it('takes the newest SnapshotDate, AutoBackup absent meaning on, and a disk without dates as never backed up', async () => {
    const { parsePlist } = await import('../../src/plist.ts');
    const facts = timeMachineFacts(parsePlist((await answerOf('darwin-15-apple-silicon.yaml', 'plutil -convert xml1 -o - /Library/Preferences/com.apple.TimeMachine.plist')).stdout));
    expect(facts).toEqual([{ tool: 'time-machine', name: 'TM Backup', automatic: true, backedUp: true, lastBackupAt: '2025-08-19T23:33:40.000Z' }]);
    expect(timeMachineFacts({ Destinations: [{ LastKnownVolumeName: 'New' }] })).toEqual([{ tool: 'time-machine', name: 'New', automatic: true, backedUp: false, lastBackupAt: null }]);
    expect(timeMachineFacts({ AutoBackup: false, Destinations: [] })).toEqual([]);
    expect(timeMachineFacts({ Destinations: [{ SnapshotDates: ['2025-08-19'] }] })).toBeNull();
  });
});

describe('Windows', () => {
  it('reads DPStatus and the target of a real Config1.xml', async () => {
    const answer = JSON.parse((await answerOf('win32-10-file-history-nas.yaml', 'powershell')).stdout.replace(/^\uFEFF/, ''));
    expect(parseFileHistoryConfig(answer.fileHistoryConfig.text)).toEqual({ enabled: true, target: '\\\\labhome099\\data\\FileHistoryBackup' });
    expect(parseFileHistoryConfig('<DataProtectionUserConfig><DPStatus>DISABLED</DPStatus></DataProtectionUserConfig>')).toEqual({ enabled: false, target: null });
    expect(parseFileHistoryConfig('<html/>')).toBeNull();
  });

  it('converts FILETIMEs and the KFM bit mask', () => {
    expect(fileTimeToIso(132_223_104_000_000_000)).toBe('2020-01-01T00:00:00.000Z');
    expect([fileTimeToIso(0), fileTimeToIso(-5)]).toEqual([null, null]);
    expect([kfmFolders(3584), kfmFolders(1536), kfmFolders(0)]).toEqual([['Desktop', 'Documents', 'Pictures'], ['Desktop', 'Documents'], []]);
  });

  it('puts only a SID into the script', () => {
    expect(windowsBackupScript('S-1-5-21-1-2-3-1001')).toContain("$sid = 'S-1-5-21-1-2-3-1001'");
    expect(() => windowsBackupScript("S-1-5'; Remove-Item C:\\")).toThrow(/not a SID/);
  });
});

describe('summary', () => {
  it('takes the newest backup of the tools found', () => {
    const why = reasons();
    const s = summarise([tool({}), tool({ tool: 'borg', lastBackupAt: '2026-11-19T00:00:00.000Z', automatic: false })], [], why);
    expect([s.automatic, s.neverBackedUp, s.lastBackupAt]).toEqual([true, false, '2026-11-19T00:00:00.000Z']);
  });

  it('has no latest backup when a tool that may have backed up has no date, rather than an older one', () => {
    const why = reasons();
    const s = summarise([tool({}), tool({ tool: 'onedrive-folder-backup', backedUp: null, lastBackupAt: null })], [], why);
    expect(s.lastBackupAt).toBeNull();
    expect(enReason(why.map.lastBackupAt)).toMatch(/OneDrive folder backup/);
  });

  it('says never when every tool found never completed a backup, and unknown when none was found', () => {
    const never = reasons();
    expect(summarise([tool({ backedUp: false, lastBackupAt: null })], [], never).neverBackedUp).toBe(true);
    const none = reasons();
    expect(summarise([], ['deja-dup'], none)).toEqual({ tools: [], automatic: null, neverBackedUp: null, lastBackupAt: null });
    expect(enReason(none.map.lastBackupAt)).toMatch(/answer the self-check by hand/);
  });
});

/** The baseline's verdict on each fixture, as a scan at the time it was recorded gives it. */
describe('baseline checks', async () => {
  const policy = await loadPolicy(join(import.meta.dirname, '..', '..', 'policies', 'baseline.yaml'), probes);
  const { checks, params } = resolveProfile(policy.policy, 'baseline')!;
  const verdicts = async (fixture: string | Recording) => {
    const recording = typeof fixture === 'string' ? await loadRecording(join(FIXTURES, fixture)) : fixture;
    const outcome = await runProbe(probe, createReplayHost(recording, 'backup'), silentLogger);
    const now = new Date(recording.recordedAt);
    return Object.fromEntries(checks.filter((c) => c.probe === 'backup').map((c) => [c.id, evaluateCheck(c, outcome, params, recording.platform, now).status]));
  };

  it.for([
    ['darwin-15-apple-silicon.yaml', 'pass', 'pass'],
    ['darwin-no-full-disk-access.yaml', 'unknown', 'unknown'],
    ['darwin-no-destinations.yaml', 'unknown', 'unknown'],
    ['linux-gnome-deja-dup-weekly.yaml', 'pass', 'pass'],
    ['linux-gnome-deja-dup-stale.yaml', 'fail', 'fail'],
    ['linux-gnome-deja-dup-unused.yaml', 'unknown', 'unknown'],
    ['linux-server-borgmatic-restic.yaml', 'pass', 'pass'],
    ['linux-debian12-ci.yaml', 'unknown', 'unknown'],
    ['win32-10-file-history-nas.yaml', 'pass', 'pass'],
    ['win32-11-pro-ja.yaml', 'unknown', 'pass'],
  ])('%s: recent %s, automatic %s', async ([fixture, recent, automatic]) => {
    expect(await verdicts(fixture!)).toEqual({ 'backup.recent': recent, 'backup.automatic': automatic });
  });

  it('fails a File History last protected longer ago than backup-max-age, and one set up that never completed', async () => {
    const rec = await loadRecording(join(FIXTURES, 'win32-10-file-history-nas.yaml'));
    const later = Recording.parse({ ...rec, recordedAt: '2026-12-02T12:00:01.000Z' });
    expect((await verdicts(later))['backup.recent']).toBe('fail');
    const sooner = Recording.parse({ ...rec, recordedAt: '2026-12-01T11:59:59.000Z' });
    expect((await verdicts(sooner))['backup.recent']).toBe('pass');

    const unused = await loadRecording(join(FIXTURES, 'linux-gnome-deja-dup-unused.yaml'));
    const scheduled = unused.sections.backup!.map((a) => ('run' in a && a.run[0] === 'gsettings' && 'stdout' in a ? { ...a, stdout: a.stdout!.replace('periodic false', 'periodic true') } : a));
    expect(await verdicts(Recording.parse({ ...unused, sections: { ...unused.sections, backup: scheduled } }))).toEqual({ 'backup.recent': 'fail', 'backup.automatic': 'pass' });
  });
});
