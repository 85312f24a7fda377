/**
 * `tenken schedule install | status | remove` end to end in-process, on each OS, against a scripted Host:
 * a strict replay of hand-made scheduler answers (or published ones, test/fixtures/schedule/README.md) that
 * also records the commands in the order they ran. Files go to a temporary root instead of /.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Host, Platform } from '../src/host/host.ts';
import { createLiveHost } from '../src/host/live-host.ts';
import { Recording, type RecordingInput } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { detectScheduler } from '../src/schedule/scheduler.ts';
import { TASK_STATUS_SCRIPT } from '../src/schedule/task-scheduler.ts';
import { runTenken } from './support/run-cli.ts';
import { formatLocalTime } from '../src/i18n/local-time.ts';

type Answers = RecordingInput['sections'][string];
const FIXTURES = join(import.meta.dirname, 'fixtures', 'schedule');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');
const RUNTIME = { node: '/usr/local/bin/node', script: '/opt/tenken/dist/src/main.js' };
const WINDOWS_RUNTIME = { node: 'C:\\Program Files\\nodejs\\node.exe', script: 'C:\\Program Files\\tenken\\dist\\src\\main.js' };

/** A strict replay host that also lists every command it was asked to run, in order. */
function scriptedHost(platform: Platform, isAdmin: boolean, answers: Answers) {
  const replay = createReplayHost(
    Recording.parse({ tenkenRecording: 1, source: 'hand-made scheduler answers for test/schedule-cli.test.ts', platform, isAdmin, recordedAt: '2026-12-03T10:57:00.000Z', sections: { schedule: answers } }),
    'schedule',
  );
  const ran: string[][] = [];
  const host: Host = {
    ...replay,
    run: (file, args, options) => {
      ran.push([file, ...args]);
      return replay.run(file, args, options);
    },
  };
  return { host, ran, unused: () => replay.unused() };
}

const cli = (args: string[], host: Host | (() => Promise<Host>), root: string, extra: { runtime?: typeof RUNTIME | null; env?: NodeJS.ProcessEnv } = {}) =>
  runTenken(['schedule', ...args], {
    createHost: typeof host === 'function' ? host : async () => host,
    ...(extra.env ? { env: extra.env } : {}),
    scheduleRoot: root,
    ...(extra.runtime === null ? {} : { scheduleRuntime: extra.runtime ?? RUNTIME }),
  });

const newRoot = () => mkdtemp(join(tmpdir(), 'tenken-schedule-root-'));
const systemdHere: Answers = [{ stat: '/run/systemd/system', type: 'directory', size: 0, mtime: '2026-12-03T08:00:00.000Z' }];
const noSystemd: Answers = [{ stat: '/run/systemd/system', error: 'missing' }];
const ok = (run: string[], stdout = '', stderr = '') => ({ run, exitCode: 0, stdout, stderr });
const mode = async (path: string) => (await stat(path)).mode & 0o777;

// ---------------------------------------------------------------- hand-made `systemctl show` answers (see README)
const SERVICE_RAN_EXIT_1 = [
  'LoadState=loaded',
  'ActiveState=inactive',
  'SubState=dead',
  'Result=success',
  'ExecMainStartTimestamp=Tue 2022-07-05 00:41:12 AEST',
  'ExecMainExitTimestamp=Tue 2022-07-05 00:41:40 AEST',
  'ExecMainStatus=1',
  '',
].join('\n');
const SERVICE_FAILED_EXIT_4 = SERVICE_RAN_EXIT_1.replace('Result=success', 'Result=exit-code').replace('ExecMainStatus=1', 'ExecMainStatus=4').replace('SubState=dead', 'SubState=failed').replace('ActiveState=inactive', 'ActiveState=failed');
const SERVICE_NEVER_RAN = ['LoadState=loaded', 'ActiveState=inactive', 'SubState=dead', 'Result=success', 'ExecMainStartTimestamp=', 'ExecMainExitTimestamp=', 'ExecMainStatus=0', ''].join('\n');
const TIMER_WAITING_FIRST = ['LoadState=loaded', 'ActiveState=active', 'UnitFileState=enabled', 'LastTriggerUSec=n/a', 'NextElapseUSecRealtime=Fri 2026-12-04 00:23:10 UTC', 'Result=success', ''].join('\n');
const NOT_FOUND = ['LoadState=not-found', 'ActiveState=inactive', 'UnitFileState=', 'LastTriggerUSec=n/a', 'NextElapseUSecRealtime=', 'Result=success', ''].join('\n');
const SERVICE_NOT_FOUND = ['LoadState=not-found', 'ActiveState=inactive', 'SubState=dead', 'Result=success', 'ExecMainStartTimestamp=', 'ExecMainExitTimestamp=', 'ExecMainStatus=0', ''].join('\n');
const showTimer = ['systemctl', 'show', 'tenken-scan.timer', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'UnitFileState', '-p', 'LastTriggerUSec', '-p', 'NextElapseUSecRealtime', '-p', 'Result'];
const showService = ['systemctl', 'show', 'tenken-scan.service', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'SubState', '-p', 'Result', '-p', 'ExecMainStatus', '-p', 'ExecMainStartTimestamp', '-p', 'ExecMainExitTimestamp'];

describe('detection', () => {
  it('takes systemd only when it runs the machine (here: the cron path unless /run/systemd/system exists)', async () => {
    const live = await createLiveHost();
    const expected = existsSync('/run/systemd/system') ? 'systemd' : 'cron';
    expect(await detectScheduler(live)).toBe(expected);
    expect(await detectScheduler(scriptedHost('linux', true, systemdHere).host)).toBe('systemd');
    expect(await detectScheduler(scriptedHost('linux', true, noSystemd).host)).toBe('cron');
    expect(await detectScheduler(scriptedHost('darwin', true, []).host)).toBe('launchd');
    expect(await detectScheduler(scriptedHost('win32', true, []).host)).toBe('task-scheduler');
  });
});

describe('Linux with systemd', () => {
  it('installs the units, reloads systemd and enables the timer: exactly these commands', async () => {
    const root = await newRoot();
    const s = scriptedHost('linux', true, [
      ...systemdHere,
      ok(['systemctl', '--version'], 'systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT\n'),
      ok(['systemctl', 'daemon-reload']),
      ok(['systemctl', 'enable', '--now', 'tenken-scan.timer'], '', 'Created symlink /etc/systemd/system/timers.target.wants/tenken-scan.timer → /etc/systemd/system/tenken-scan.timer.\n'),
    ]);
    const r = await cli(['install', '--every', '24h', '--send'], s.host, root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.ran).toEqual([
      ['systemctl', '--version'],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'tenken-scan.timer'],
    ]);
    expect(s.unused()).toEqual([]);
    const service = join(root, 'etc/systemd/system/tenken-scan.service');
    const timer = join(root, 'etc/systemd/system/tenken-scan.timer');
    expect(await readFile(service, 'utf8')).toContain('ExecStart=/usr/local/bin/node --max-semi-space-size=2 /opt/tenken/dist/src/main.js scan --scheduled 24h --send\n');
    expect(await readFile(timer, 'utf8')).toContain('RandomizedDelaySec=1h\nFixedRandomDelay=true\n');
    expect(await mode(service)).toBe(0o644);
    expect(r.stdout).toBe(
      [
        'Scheduled: tenken scan every 24h (after a random delay of up to 1h), sending reports to the collector',
        '  Scheduler: systemd timer',
        '  Files: /etc/systemd/system/tenken-scan.service, /etc/systemd/system/tenken-scan.timer',
        '  Ran: systemctl --version; systemctl daemon-reload; systemctl enable --now tenken-scan.timer',
        'Check it with: tenken schedule status',
        '',
      ].join('\n'),
    );
  });

  it('replacing an install restarts the timer, and drops an earlier cron job so scans do not run twice', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '[Timer]\nOnCalendar=daily\n');
    await mkdir(join(root, 'etc/cron.d'), { recursive: true });
    await writeFile(join(root, 'etc/cron.d/tenken'), '0 0 * * * root /bin/true\n');
    const s = scriptedHost('linux', true, [
      ...systemdHere,
      ok(['systemctl', '--version'], 'systemd 245 (245.4-4ubuntu3.24)\n'),
      ok(['systemctl', 'daemon-reload']),
      ok(['systemctl', 'enable', '--now', 'tenken-scan.timer']),
      ok(['systemctl', 'restart', 'tenken-scan.timer']),
    ]);
    const r = await cli(['install', '--every', '12h', '--profile', 'telework-return', '--splay', '30m'], s.host, root);
    expect(r.code).toBe(0);
    expect(s.ran.map((c) => c.slice(1).join(' '))).toEqual(['--version', 'daemon-reload', 'enable --now tenken-scan.timer', 'restart tenken-scan.timer']);
    expect(s.unused()).toEqual([]);
    const timer = await readFile(join(root, 'etc/systemd/system/tenken-scan.timer'), 'utf8');
    expect(timer).toContain('OnCalendar=*-*-* 00/12:00:00\nPersistent=true\nRandomizedDelaySec=30m\nUnit=');
    // systemd 245 has no FixedRandomDelay=.
    expect(timer).not.toContain('FixedRandomDelay');
    expect(existsSync(join(root, 'etc/cron.d/tenken'))).toBe(false);
    expect(r.stdout).toContain('profile telework-return, keeping reports on this machine');
    expect(r.stdout).toContain('  The previous schedule was replaced.\n  Removed the earlier cron job /etc/cron.d/tenken, so scans do not run twice.\n');
  });

  it('a scheduler that says no ends with its words and exit 4', async () => {
    const s = scriptedHost('linux', true, [
      ...systemdHere,
      ok(['systemctl', '--version'], 'systemd 252 (252.39-1~deb12u2)\n'),
      { run: ['systemctl', 'daemon-reload'], exitCode: 1, stdout: '', stderr: 'Failed to reload daemon: Access denied\n' },
    ]);
    const r = await cli(['install', '--every', '24h'], s.host, await newRoot());
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('tenken: systemctl daemon-reload failed: Failed to reload daemon: Access denied\n');
  });

  it('status: a timer that fired and a scan that found failed checks (exit 1) is healthy — exit 0', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '');
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.service'), 'ExecStart=/usr/bin/node /opt/tenken/dist/src/main.js scan --scheduled 24h\n');
    // The timer's answer is a real `systemctl show … --all` (Ubuntu 20.04): status reads the properties it asked for.
    const s = scriptedHost('linux', false, [...systemdHere, ok(showTimer, await fixture('systemctl-show-logrotate-timer.txt')), ok(showService, SERVICE_RAN_EXIT_1)]);
    const r = await cli(['status'], s.host, root);
    expect(s.unused()).toEqual([]);
    expect(r.stdout).toBe(
      [
        'Scheduled scan (systemd timer)',
        '  Files: /etc/systemd/system/tenken-scan.timer',
        '  Command: /usr/bin/node /opt/tenken/dist/src/main.js scan --scheduled 24h',
        '  State: active, enabled',
        '  Last run: Tue 2022-07-05 00:41:40 AEST — exit 1: some checks failed (the scan completed)',
        '  Next run: Tue 2022-07-05 00:00:00 AEST',
        '  Log: journalctl -u tenken-scan.service',
        'Result: healthy (exit code 0)',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('status: a run that failed (exit 4) needs attention — exit 3, in Japanese too', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '');
    const s = scriptedHost('linux', false, [...systemdHere, ok(showTimer, await fixture('systemctl-show-logrotate-timer.txt')), ok(showService, SERVICE_FAILED_EXIT_4)]);
    const r = await cli(['status', '--lang', 'ja'], s.host, root);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  前回の実行: Tue 2022-07-05 00:41:40 AEST — 終了コード 4: tenken 自体の失敗（送信も保存もできなかった等）\n');
    expect(r.stdout).toContain('  ! 前回の実行が失敗しました（exit-code）。ログ: journalctl -u tenken-scan.service\n');
    expect(r.stdout).toContain('判定: 要確認（終了コード 3）\n');
  });

  it('status: installed a moment ago and not yet run, with its first run due — healthy', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '');
    const s = scriptedHost('linux', false, [...systemdHere, ok(showTimer, TIMER_WAITING_FIRST), ok(showService, SERVICE_NEVER_RAN)]);
    const r = await cli(['status'], s.host, root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Last run: not yet run\n  Next run: Fri 2026-12-04 00:23:10 UTC\n');
  });

  it('status: not installed — exit 1; a timer file systemd has not loaded — exit 3', async () => {
    const root = await newRoot();
    const none = scriptedHost('linux', false, [...systemdHere, ok(showTimer, NOT_FOUND), ok(showService, SERVICE_NOT_FOUND)]);
    const r = await cli(['status'], none.host, root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Scheduled scan (systemd timer)\n  No scheduled scan is installed. To install one: sudo tenken schedule install --every 24h\nResult: not installed (exit code 1)\n');
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '');
    const stale = scriptedHost('linux', false, [...systemdHere, ok(showTimer, NOT_FOUND), ok(showService, SERVICE_NOT_FOUND)]);
    const s = await cli(['status'], stale.host, root);
    expect(s.code).toBe(3);
    expect(s.stdout).toContain('! The file /etc/systemd/system/tenken-scan.timer exists but the scheduler has not loaded it.');
  });

  it('remove disables the timer, deletes both units and reloads', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.timer'), '');
    await writeFile(join(root, 'etc/systemd/system/tenken-scan.service'), '');
    const s = scriptedHost('linux', true, [
      ...systemdHere,
      ok(['systemctl', 'disable', '--now', 'tenken-scan.timer'], '', 'Removed "/etc/systemd/system/timers.target.wants/tenken-scan.timer".\n'),
      ok(['systemctl', 'daemon-reload']),
      { run: ['systemctl', 'reset-failed', 'tenken-scan.service'], exitCode: 1, stdout: '', stderr: 'Failed to reset failed state of unit tenken-scan.service: Unit tenken-scan.service not loaded.\n' },
    ]);
    const r = await cli(['remove'], s.host, root);
    expect(r.code).toBe(0);
    expect(s.ran).toEqual([
      ['systemctl', 'disable', '--now', 'tenken-scan.timer'],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'reset-failed', 'tenken-scan.service'],
    ]);
    expect(existsSync(join(root, 'etc/systemd/system/tenken-scan.timer'))).toBe(false);
    expect(existsSync(join(root, 'etc/systemd/system/tenken-scan.service'))).toBe(false);
    expect(r.stdout).toContain('The scheduled scan was removed (systemd timer).\n');
    // Nothing left: a second remove runs nothing and says so.
    const again = scriptedHost('linux', true, systemdHere);
    const r2 = await cli(['remove'], again.host, root);
    expect(r2.code).toBe(0);
    expect(again.ran).toEqual([]);
    expect(r2.stdout).toBe('No scheduled scan is installed; nothing to remove.\n');
  });
});

describe('Linux without systemd (cron)', () => {
  const daemonsMissing: Answers = ['/usr/sbin/cron', '/usr/sbin/crond', '/usr/bin/crond', '/sbin/crond'].map((d) => ({ stat: d, error: 'missing' as const }));

  it('writes /etc/cron.d/tenken (root, 0644, --splay in the command) and warns when no cron daemon is installed', async () => {
    const root = await newRoot();
    const s = scriptedHost('linux', true, [...noSystemd, ...daemonsMissing]);
    const r = await cli(['install', '--every', '6h', '--send'], s.host, root);
    expect(r.code).toBe(0);
    expect(s.ran).toEqual([]);
    expect(s.unused()).toEqual([]);
    const file = join(root, 'etc/cron.d/tenken');
    expect(await mode(file)).toBe(0o644);
    expect(await readFile(file, 'utf8')).toContain(
      '0 */6 * * * root /usr/local/bin/node --max-semi-space-size=2 /opt/tenken/dist/src/main.js scan --scheduled 6h --send --splay 36m >/var/log/tenken-scan.log 2>&1; echo "tenken-exit=$?" >>/var/log/tenken-scan.log\n',
    );
    expect(r.stdout).toContain('  Scheduler: cron\n  Files: /etc/cron.d/tenken\n  Note: no cron daemon (cron or crond) was found.');
  });

  it('refuses an interval cron cannot keep (exit 2)', async () => {
    const s = scriptedHost('linux', true, noSystemd);
    const r = await cli(['install', '--every', '7h'], s.host, await newRoot());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cron can run a job only at intervals that divide an hour or a day (15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h, 7d)');
  });

  it('status: the last run’s exit code comes from its log; a cron daemon must be running', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/cron.d'), { recursive: true });
    await mkdir(join(root, 'var/log'), { recursive: true });
    await writeFile(join(root, 'etc/cron.d/tenken'), '0 0 * * * root /usr/bin/node /opt/tenken/dist/src/main.js scan --scheduled 24h --splay 1h\n');
    await writeFile(join(root, 'var/log/tenken-scan.log'), '{"level":30,"msg":"scan done"}\ntenken-exit=3\n');
    const running = scriptedHost('linux', false, [...noSystemd, { read: '/run/crond.pid', text: '412\n' }, { read: '/proc/412/comm', text: 'cron\n' }]);
    const r = await cli(['status'], running.host, root);
    expect(running.unused()).toEqual([]);
    expect(r.stdout).toMatch(/ {2}Last run: \d{4}-\d\d-\d\d \d\d:\d\d \S+ — exit 3: incomplete \(the scan completed\)\n/);
    expect(r.stdout).toContain('  Command: 0 0 * * * root /usr/bin/node /opt/tenken/dist/src/main.js scan --scheduled 24h --splay 1h\n');
    expect(r.code).toBe(0);

    await writeFile(join(root, 'var/log/tenken-scan.log'), 'tenken: could not send and could not queue\ntenken-exit=4\n');
    const stopped = scriptedHost('linux', false, [...noSystemd, { read: '/run/crond.pid', error: 'missing' }, { read: '/var/run/crond.pid', error: 'missing' }]);
    const r2 = await cli(['status'], stopped.host, root);
    expect(r2.code).toBe(3);
    expect(r2.stdout).toContain('! The last run failed (exit 4). Log: /var/log/tenken-scan.log\n');
    expect(r2.stdout).toContain('! No cron daemon is running (no live process in /run/crond.pid, /var/run/crond.pid); nothing runs until cron is started.\n');
  });

  it('remove deletes the file and its log', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'etc/cron.d'), { recursive: true });
    await writeFile(join(root, 'etc/cron.d/tenken'), '0 0 * * * root /bin/true\n');
    const s = scriptedHost('linux', true, noSystemd);
    const r = await cli(['remove'], s.host, root);
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'etc/cron.d/tenken'))).toBe(false);
    expect(r.stdout).toBe('The scheduled scan was removed (cron).\n  Files: /etc/cron.d/tenken\n');
  });
});

describe('macOS (launchd)', () => {
  const notLoaded = { run: ['launchctl', 'print', 'system/jp.tenken.scan'], exitCode: 113, stdout: '', stderr: 'Bad request.\nCould not find service "jp.tenken.scan" in domain for system\n' };

  it('writes the LaunchDaemon and bootstraps it; an installed one is booted out first', async () => {
    const root = await newRoot();
    const s = scriptedHost('darwin', true, [notLoaded, ok(['launchctl', 'bootstrap', 'system', '/Library/LaunchDaemons/jp.tenken.scan.plist'])]);
    const r = await cli(['install', '--every', '24h', '--send'], s.host, root);
    expect(r.code).toBe(0);
    expect(s.ran).toEqual([
      ['launchctl', 'print', 'system/jp.tenken.scan'],
      ['launchctl', 'bootstrap', 'system', '/Library/LaunchDaemons/jp.tenken.scan.plist'],
    ]);
    const plist = join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist');
    expect(await mode(plist)).toBe(0o644);
    const launcher = join(root, 'Library/Application Support/tenken/bin/tenken');
    expect(await mode(launcher)).toBe(0o755);
    expect(await readFile(launcher, 'utf8')).toContain(`exec ${RUNTIME.node} --max-semi-space-size=2 ${RUNTIME.script} "$@"`);
    expect(await readFile(plist, 'utf8')).toContain('<string>--splay</string>');
    expect(existsSync(join(root, 'Library/Logs/tenken'))).toBe(true);

    const again = scriptedHost('darwin', true, [
      ok(['launchctl', 'print', 'system/jp.tenken.scan'], await fixture('launchctl-print-interval-agent.txt')),
      ok(['launchctl', 'bootout', 'system/jp.tenken.scan']),
      ok(['launchctl', 'bootstrap', 'system', '/Library/LaunchDaemons/jp.tenken.scan.plist']),
    ]);
    const r2 = await cli(['install', '--every', '24h'], again.host, root);
    expect(r2.code).toBe(0);
    expect(again.ran.map((c) => c[1])).toEqual(['print', 'bootout', 'bootstrap']);
    expect(again.unused()).toEqual([]);
  });

  it('status from launchctl print: exit 0 and exit 1 (failed checks) are runs that completed; exit 4 needs attention', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'Library/LaunchDaemons'), { recursive: true });
    await writeFile(join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist'), '');
    const good = scriptedHost('darwin', false, [ok(['launchctl', 'print', 'system/jp.tenken.scan'], await fixture('launchctl-print-interval-agent.txt'))]);
    const r = await cli(['status'], good.host, root);
    expect(r.stdout).toContain('  State: not running, runs = 86, every 5m\n');
    expect(r.stdout).toContain('  Last run: time unknown — exit 0: compliant\n');
    expect(r.stdout).toContain('  Next run: (this scheduler does not report it)\n');
    expect(r.code).toBe(0);
    // The published capture ended with exit 1, which for tenken scan means "checks failed", not a failed job.
    const one = scriptedHost('darwin', false, [ok(['launchctl', 'print', 'system/jp.tenken.scan'], await fixture('launchctl-print-failed-agent.txt'))]);
    expect((await cli(['status'], one.host, root)).code).toBe(0);
    const four = scriptedHost('darwin', false, [ok(['launchctl', 'print', 'system/jp.tenken.scan'], (await fixture('launchctl-print-failed-agent.txt')).replace('last exit code = 1', 'last exit code = 4'))]);
    const r4 = await cli(['status'], four.host, root);
    expect(r4.code).toBe(3);
    expect(r4.stdout).toContain('! The last run failed (exit 4). Log: /Library/Logs/tenken/scan.err.log\n');
  });

  it('status as root reads Login Items (sfltool dumpbtm): switched off there needs attention, on is healthy; not root says it cannot tell', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'Library/LaunchDaemons'), { recursive: true });
    await writeFile(join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist'), '');
    const printed = ok(['launchctl', 'print', 'system/jp.tenken.scan'], await fixture('launchctl-print-interval-agent.txt'));
    const off = await cli(['status'], scriptedHost('darwin', true, [printed, ok(['sfltool', 'dumpbtm'], await fixture('sfltool-dumpbtm-tenken-disabled.txt'))]).host, root);
    expect(off.code).toBe(3);
    expect(off.stdout).toContain('! macOS Login Items has tenken switched off, so the scheduled scan does not run.');
    const on = await cli(['status'], scriptedHost('darwin', true, [printed, ok(['sfltool', 'dumpbtm'], await fixture('sfltool-dumpbtm-tenken-enabled.txt'))]).host, root);
    expect(on.code).toBe(0);
    expect(on.stdout).not.toContain('Login Items');
    const other = await cli(['status'], scriptedHost('darwin', true, [printed, ok(['sfltool', 'dumpbtm'], (await fixture('sfltool-dumpbtm-tenken-enabled.txt')).split(' #3:')[0]!)]).host, root);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('Could not tell whether macOS Login Items has tenken switched off: sfltool dumpbtm has no record for 16.jp.tenken.scan');
    const user = await cli(['status'], scriptedHost('darwin', false, [printed]).host, root);
    expect(user.stdout).toContain('can be read as root only (sudo tenken schedule status)');
  });

  it('status: no plist and nothing loaded — exit 1; a plist launchd has not loaded — exit 3', async () => {
    const root = await newRoot();
    const r = await cli(['status'], scriptedHost('darwin', false, [notLoaded]).host, root);
    expect(r.code).toBe(1);
    await mkdir(join(root, 'Library/LaunchDaemons'), { recursive: true });
    await writeFile(join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist'), '');
    const r2 = await cli(['status'], scriptedHost('darwin', false, [notLoaded]).host, root);
    expect(r2.code).toBe(3);
    expect(r2.stdout).toContain('exists but the scheduler has not loaded it');
  });

  it('remove boots it out and deletes the plist, keeping the logs', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'Library/LaunchDaemons'), { recursive: true });
    await writeFile(join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist'), '');
    await mkdir(join(root, 'Library/Application Support/tenken/bin'), { recursive: true });
    await writeFile(join(root, 'Library/Application Support/tenken/bin/tenken'), '');
    const s = scriptedHost('darwin', true, [ok(['launchctl', 'print', 'system/jp.tenken.scan'], await fixture('launchctl-print-interval-agent.txt')), ok(['launchctl', 'bootout', 'system/jp.tenken.scan'])]);
    const r = await cli(['remove'], s.host, root);
    expect(r.code).toBe(0);
    expect(s.ran.map((c) => c.join(' '))).toEqual(['launchctl print system/jp.tenken.scan', 'launchctl bootout system/jp.tenken.scan']);
    expect(existsSync(join(root, 'Library/LaunchDaemons/jp.tenken.scan.plist'))).toBe(false);
    expect(existsSync(join(root, 'Library/Application Support/tenken/bin/tenken'))).toBe(false);
    expect(r.stdout).toContain('Files: /Library/LaunchDaemons/jp.tenken.scan.plist, /Library/Application Support/tenken/bin/tenken');
    expect(r.stdout).toContain('Its logs in /Library/Logs/tenken were kept.');
  });
});

describe('Windows (Task Scheduler)', () => {
  const env = { LANG: 'en_US.UTF-8', ProgramData: 'C:\\ProgramData' };
  const status = (answer: unknown) => ({ powershell: TASK_STATUS_SCRIPT, stdout: `${JSON.stringify(answer)}\r\n` });

  it('writes the task XML in UTF-16 and registers it with schtasks /Create /XML … /F', async () => {
    const root = await newRoot();
    const xml = join(root, 'ProgramData', 'tenken', 'tenken-scan.xml');
    const s = scriptedHost('win32', true, [ok(['schtasks', '/Create', '/TN', '\\tenken\\scan', '/XML', xml, '/F'], 'SUCCESS: The scheduled task "\\tenken\\scan" has successfully been created.\r\n')]);
    const r = await cli(['install', '--every', '24h', '--send'], s.host, root, { runtime: WINDOWS_RUNTIME, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.ran).toEqual([['schtasks', '/Create', '/TN', '\\tenken\\scan', '/XML', xml, '/F']]);
    const bytes = await readFile(xml);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const task = new XMLParser({ parseTagValue: false }).parse(bytes.subarray(2).toString('utf16le')).Task;
    // The install day from the host's clock (2026-12-03), at midnight.
    expect(task.Triggers.CalendarTrigger.StartBoundary).toBe('2026-12-03T00:00:00');
    expect(task.Actions.Exec.Arguments).toBe('--max-semi-space-size=2 "C:\\Program Files\\tenken\\dist\\src\\main.js" scan --scheduled 24h --send');
    expect(r.stdout).toContain('  Files: C:\\ProgramData\\tenken\\tenken-scan.xml\n');
  });

  it('status from Get-ScheduledTaskInfo: waiting for its first run is healthy; no next run, a failed run or a disabled task is not', async () => {
    const root = await newRoot();
    const neverRan = JSON.parse(await fixture('get-scheduledtaskinfo-never-ran.json'));
    const r = await cli(['status'], scriptedHost('win32', false, [status({ state: 'Ready', info: neverRan })]).host, root, { env });
    expect(r.stdout).toContain('  State: Ready\n  Last run: not yet run\n  Next run: 2026-06-15T01:10:00\n');
    expect(r.code).toBe(0);

    const ps51 = JSON.parse(await fixture('get-scheduledtaskinfo-ps51.json'));
    const r2 = await cli(['status'], scriptedHost('win32', false, [status({ state: 'Ready', info: ps51 })]).host, root, { env });
    // Windows PowerShell 5.1 gives the time in UTC; it is shown in the local zone.
    expect(r2.stdout).toContain(`  Last run: ${formatLocalTime('2025-05-04T16:13:13.000Z')} — exit 0: compliant\n`);
    expect(r2.stdout).toContain('! No next run is scheduled.\n');
    expect(r2.code).toBe(3);

    // Hand-made: 0x80070002 (file not found), as when node.exe was moved after installing.
    const failed = { ...ps51, LastTaskResult: 2147942402, NextRunTime: '/Date(1765000000000)/' };
    const r3 = await cli(['status', '--lang', 'ja'], scriptedHost('win32', false, [status({ state: 'Disabled', info: failed })]).host, root, { env });
    expect(r3.stdout).toContain('0x80070002');
    expect(r3.stdout).toContain('! タスクが無効になっています。');
    expect(r3.code).toBe(3);

    // Hand-made: a standard user refused the task (the script rethrows anything but ObjectNotFound).
    const denied = await cli(['status'], scriptedHost('win32', false, [{ powershell: TASK_STATUS_SCRIPT, exitCode: 1, stderr: 'Get-ScheduledTask : Access is denied.\r\n' }]).host, root, { env });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toContain(`! Could not read the scheduler's state: PowerShell failed (exit 1): "Get-ScheduledTask : Access is denied."\n`);

    const none = await cli(['status'], scriptedHost('win32', false, [{ powershell: TASK_STATUS_SCRIPT, stdout: '' }]).host, root, { env });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('in a terminal opened as administrator: tenken schedule install --every 24h');
  });

  it('remove deletes the task it finds, and runs nothing when there is none', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'ProgramData', 'tenken'), { recursive: true });
    await writeFile(join(root, 'ProgramData', 'tenken', 'tenken-scan.xml'), '');
    const neverRan = JSON.parse(await fixture('get-scheduledtaskinfo-never-ran.json'));
    const s = scriptedHost('win32', true, [status({ state: 'Ready', info: neverRan }), ok(['schtasks', '/Delete', '/TN', '\\tenken\\scan', '/F'], 'SUCCESS: The scheduled task "\\tenken\\scan" was successfully deleted.\r\n')]);
    const r = await cli(['remove'], s.host, root, { env });
    expect(r.code).toBe(0);
    expect(s.ran.at(-1)).toEqual(['schtasks', '/Delete', '/TN', '\\tenken\\scan', '/F']);
    expect(existsSync(join(root, 'ProgramData', 'tenken', 'tenken-scan.xml'))).toBe(false);
    const none = scriptedHost('win32', true, [{ powershell: TASK_STATUS_SCRIPT, stdout: '' }]);
    const r2 = await cli(['remove'], none.host, root, { env });
    expect(r2.code).toBe(0);
    expect(none.ran).toHaveLength(1);
    expect(r2.stdout).toBe('No scheduled scan is installed; nothing to remove.\n');
  });
});

describe('refusals (exit 2)', () => {
  it('without administrator rights: the command to run as admin', async () => {
    const linux = await cli(['install', '--every', '24h', '--send'], scriptedHost('linux', false, []).host, await newRoot());
    expect(linux.code).toBe(2);
    expect(linux.stderr).toBe('tenken: Installing and removing the scheduled scan needs administrator rights. Run it as root: sudo tenken schedule install --every 24h --send\n');
    const windows = await cli(['remove', '--lang', 'ja'], scriptedHost('win32', false, []).host, await newRoot());
    expect(windows.code).toBe(2);
    expect(windows.stderr).toContain('「管理者として実行」したターミナルで実行してください: tenken schedule remove');
  });

  it('from the sources, which no scheduler can run (these tests run from src/)', async () => {
    const r = await cli(['install', '--every', '24h'], () => Promise.reject(new Error('no host needed')), await newRoot(), { runtime: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tenken: tenken is running from its TypeScript sources, which a scheduler cannot run\. Build it \(npm run build\) and run .*dist\/src\/main\.js/);
  });

  it('bad intervals, splays and profiles', async () => {
    const host = scriptedHost('linux', true, []).host;
    const root = await newRoot();
    const short = await cli(['install', '--every', '10m'], host, root);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('10m is too short; at least 15m');
    expect((await cli(['install', '--every', '40d'], host, root)).stderr).toContain('--every can be at most 31d');
    expect((await cli(['install', '--every', '1h', '--splay', '1h'], host, root)).stderr).toContain('--splay 1h must be shorter than --every 1h');
    const profile = await cli(['install', '--every', '24h', '--profile', 'nope'], host, root);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('unknown profile "nope"');
    expect((await cli(['install', '--every', '24h', '--profile', 'a b'], host, root)).stderr).toContain('cannot be used');
    expect((await cli(['install'], host, root)).stderr).toContain("required option '--every <duration>'");
  });

  it('documents examples and exit codes in --help', async () => {
    for (const sub of ['install', 'status', 'remove']) {
      const r = await cli([sub, '--help'], scriptedHost('linux', true, []).host, await newRoot());
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain('status            0 installed and healthy');
    }
  });
});
