/**
 * The scheduler definitions `tenken schedule install` writes, read back by the tools that will read them:
 * systemd-analyze verify for the units (for real), the plist package for the LaunchDaemon, fast-xml-parser
 * for the UTF-16 task XML, and cron's own field rules for the cron.d line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parsePlistXml } from 'plist';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarStep } from '../src/schedule/calendar.ts';
import { CronIntervalError, cronSchedule, lastCronExit, parseCronFile, renderCronFile, shellWord } from '../src/schedule/cron.ts';
import { defaultSplaySeconds, resolveRuntime, scanArguments, ScheduleRuntimeError, type ScheduleJob } from '../src/schedule/job.ts';
import { btmDisposition, LAUNCHD_LABEL, launchdCalendar, renderLauncher, renderLaunchDaemon } from '../src/schedule/launchd.ts';
import { parseSystemdVersion, renderService, renderTimer, SERVICE_UNIT, systemdWord } from '../src/schedule/systemd.ts';
import { encodeTaskXml, isoDuration, renderTaskXml, SYSTEM_SID, TASK_NAMESPACE, TASK_URI, windowsArg } from '../src/schedule/task-scheduler.ts';

const daily: ScheduleJob = { everySeconds: 86_400, splaySeconds: 3600, profile: 'telework-return', send: true };

describe('the job', () => {
  it('splays by a tenth of the interval, at most an hour', () => {
    expect(defaultSplaySeconds(86_400)).toBe(3600);
    expect(defaultSplaySeconds(4 * 3600)).toBe(1440);
    expect(defaultSplaySeconds(15 * 60)).toBe(90);
    expect(defaultSplaySeconds(7 * 86_400)).toBe(3600);
  });

  it('runs tenken scan --scheduled with --splay only where the scheduler cannot delay', () => {
    expect(scanArguments(daily, false)).toEqual(['scan', '--scheduled', '24h', '--send', '--profile', 'telework-return']);
    expect(scanArguments(daily, true)).toEqual(['scan', '--scheduled', '24h', '--send', '--profile', 'telework-return', '--splay', '1h']);
    expect(scanArguments({ everySeconds: 5400, splaySeconds: 0, send: false }, true)).toEqual(['scan', '--scheduled', '1h30m']);
  });

  it('refuses to schedule tenken running from its sources, unbuilt, or from npx’s cache', () => {
    const base = { execPath: '/usr/bin/node', packageRoot: '/opt/tenken', join: (...p: string[]) => p.join('/'), exists: () => true };
    expect(resolveRuntime({ ...base, moduleUrl: 'file:///opt/tenken/dist/src/commands/schedule.js' })).toEqual({ node: '/usr/bin/node', script: '/opt/tenken/dist/src/main.js' });
    // The installers' bundle (packaging/bundle.ts): its chunks and entry point live in <root>/lib.
    expect(resolveRuntime({ ...base, moduleUrl: 'file:///opt/tenken/lib/chunk-ABC123.js' })).toEqual({ node: '/usr/bin/node', script: '/opt/tenken/lib/tenken.js' });
    expect(resolveRuntime({ ...base, packageRoot: 'C:\\Program Files\\tenken', join: (...p: string[]) => p.join('\\'), moduleUrl: 'file:///C:/Program%20Files/tenken/lib/tenken.js' }).script).toBe(
      'C:\\Program Files\\tenken\\lib\\tenken.js',
    );
    const problem = (over: Partial<Parameters<typeof resolveRuntime>[0]>) => {
      try {
        resolveRuntime({ ...base, moduleUrl: 'file:///opt/tenken/dist/src/commands/schedule.js', ...over });
        return 'accepted';
      } catch (e) {
        return (e as ScheduleRuntimeError).problem;
      }
    };
    expect(problem({ moduleUrl: 'file:///work/tenken/src/commands/schedule.ts' })).toBe('sources');
    expect(problem({ exists: () => false })).toBe('not-built');
    expect(problem({ packageRoot: '/root/.npm/_npx/1f2e3d/node_modules/tenken' })).toBe('npx-cache');
    expect(problem({ execPath: 'C:\\Users\\a\\AppData\\Local\\npm-cache\\_npx\\9\\node.exe' })).toBe('npx-cache');
    expect(problem({ packageRoot: '/opt/ten\nken' })).toBe('control-characters');
  });

  it('schedules Homebrew’s stable opt link instead of the versioned Cellar path, and says when a path is versioned', () => {
    const base = { moduleUrl: 'file:///usr/local/tenken/dist/src/commands/schedule.js', join: (...p: string[]) => p.join('/') };
    // process.execPath of a Homebrew Node on macOS (libuv realpath()s it).
    const cellar = '/opt/homebrew/Cellar/node/25.2.1/bin/node';
    const links = new Set(['/opt/homebrew/opt/node/bin/node', '/usr/local/tenken/dist/src/main.js', '/usr/local/opt/node@22/bin/node']);
    const exists = (p: string) => links.has(p);
    expect(resolveRuntime({ ...base, execPath: cellar, packageRoot: '/usr/local/tenken', exists })).toEqual({ node: '/opt/homebrew/opt/node/bin/node', script: '/usr/local/tenken/dist/src/main.js' });
    expect(resolveRuntime({ ...base, execPath: '/usr/local/Cellar/node@22/22.21.0/bin/node', packageRoot: '/usr/local/tenken', exists }).node).toBe('/usr/local/opt/node@22/bin/node');
    // The installer's own runtime is already stable.
    expect(resolveRuntime({ ...base, execPath: '/usr/local/tenken/node/bin/node', packageRoot: '/usr/local/tenken', exists })).toEqual({ node: '/usr/local/tenken/node/bin/node', script: '/usr/local/tenken/dist/src/main.js' });
    // No opt link (the keg was unlinked and its opt link removed), or nvm: kept, and said.
    expect(resolveRuntime({ ...base, execPath: '/usr/local/Cellar/node/20.1.0/bin/node', packageRoot: '/usr/local/tenken', exists }).unstable).toBe('/usr/local/Cellar/node/20.1.0/bin/node');
    expect(resolveRuntime({ ...base, execPath: '/Users/hanako/.nvm/versions/node/v24.11.1/bin/node', packageRoot: '/usr/local/tenken', exists }).unstable).toBe('/Users/hanako/.nvm/versions/node/v24.11.1/bin/node');
  });

  it('knows which intervals a calendar can keep', () => {
    expect(calendarStep(15 * 60)).toEqual({ unit: 'minutes', step: 15 });
    expect(calendarStep(6 * 3600)).toEqual({ unit: 'hours', step: 6 });
    expect(calendarStep(86_400)).toEqual({ unit: 'daily' });
    expect(calendarStep(7 * 86_400)).toEqual({ unit: 'weekly' });
    for (const odd of [45 * 60, 90 * 60, 7 * 3600, 2 * 86_400]) expect(calendarStep(odd)).toBeUndefined();
  });
});

describe('systemd units', () => {
  let dir: string;
  let runtime: { node: string; script: string };
  // systemd-analyze verify checks that ExecStart's program exists: the Node running this test, and a main
  // script in a folder with spaces, % and $ in its name (quoting and specifier escaping).
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenken schedule '));
    const pkg = join(dir, 'Program Files', 'tenken 100%$HOME');
    await mkdir(join(pkg, 'dist', 'src'), { recursive: true });
    await writeFile(join(pkg, 'dist', 'src', 'main.js'), '');
    runtime = { node: process.execPath, script: join(pkg, 'dist', 'src', 'main.js') };
  });

  async function verify(name: string, job: ScheduleJob, version: number | undefined): Promise<{ status: number | null; stderr: string; service: string; timer: string }> {
    const unitDir = join(dir, name);
    await mkdir(unitDir, { recursive: true });
    const service = renderService(runtime, job);
    const timer = renderTimer(job, version);
    await writeFile(join(unitDir, 'tenken-scan.service'), service);
    await writeFile(join(unitDir, 'tenken-scan.timer'), timer);
    // Both files together, so the timer's Unit= resolves; --man=no: no man pages in a container.
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', join(unitDir, 'tenken-scan.timer'), join(unitDir, 'tenken-scan.service')], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr, service, timer };
  }

  it('has systemd-analyze here (the CI installs systemd for it)', () => {
    expect(existsSync('/usr/bin/systemd-analyze') || spawnSync('systemd-analyze', ['--version']).status === 0).toBe(true);
    expect(parseSystemdVersion(execFileSync('systemd-analyze', ['--version'], { encoding: 'utf8' }))).toBeGreaterThan(200);
  });

  it('a daily timer on the calendar, persistent, with a fixed random delay: verified without a warning', async () => {
    const r = await verify('daily', daily, 252);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.timer).toContain('\nOnCalendar=*-*-* 00:00:00\nPersistent=true\nRandomizedDelaySec=1h\nFixedRandomDelay=true\nUnit=tenken-scan.service\n');
    expect(r.timer).toContain(`Unit=${SERVICE_UNIT}`);
    expect(r.service).toContain('\nType=oneshot\n');
    expect(r.service).toContain('\nSuccessExitStatus=1 3\n');
    expect(r.service).toContain('\nNice=19\nIOSchedulingClass=idle\n');
    expect(r.service).toContain('\nWants=network-online.target\nAfter=network-online.target\n');
    // What the probes need is not taken away.
    expect(r.service).not.toMatch(/ProtectHome|PrivateDevices|CapabilityBoundingSet|MemoryDenyWriteExecute|ProtectSystem=strict|^User=/m);
  });

  it('quotes ExecStart so that spaces, % and $ reach tenken as written', async () => {
    const r = await verify('quoting', daily, 252);
    expect(r.stderr).toBe('');
    const exec = /^ExecStart=(.+)$/m.exec(r.service)![1]!;
    const script = runtime.script.replaceAll('%', () => '%%').replaceAll('$', () => '$$');
    expect(exec).toBe(`${process.execPath} --max-semi-space-size=2 "${script}" scan --scheduled 24h --send --profile telework-return`);
    expect(systemdWord('plain')).toBe('plain');
    expect(systemdWord('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
  });

  it('an interval the calendar cannot keep runs from boot; a short one steps through the hour', async () => {
    const monotonic = await verify('seven-hours', { everySeconds: 7 * 3600, splaySeconds: 600, send: false }, 252);
    expect(monotonic.stderr).toBe('');
    expect(monotonic.timer).toContain('\nOnBootSec=15m\nOnUnitActiveSec=7h\nRandomizedDelaySec=10m\n');
    expect(monotonic.timer).not.toContain('Persistent');
    expect(monotonic.service).not.toContain('network-online');
    const quarter = await verify('quarter', { everySeconds: 900, splaySeconds: 90, send: true }, 252);
    expect(quarter.stderr).toBe('');
    expect(quarter.timer).toContain('OnCalendar=*-*-* *:00/15:00\n');
    const weekly = await verify('weekly', { everySeconds: 7 * 86_400, splaySeconds: 3600, send: true }, 252);
    expect(weekly.stderr).toBe('');
    expect(weekly.timer).toContain('OnCalendar=Mon *-*-* 00:00:00\n');
  });

  it('leaves FixedRandomDelay out for systemd before 247, and the delay out when there is no splay', async () => {
    const old = await verify('old-systemd', daily, 245);
    expect(old.stderr).toBe('');
    expect(old.timer).toContain('RandomizedDelaySec=1h\n');
    expect(old.timer).not.toContain('FixedRandomDelay');
    const none = await verify('no-splay', { ...daily, splaySeconds: 0 }, 252);
    expect(none.stderr).toBe('');
    expect(none.timer).not.toContain('RandomizedDelaySec');
  });

  it('would notice a unit systemd reads with a warning (the check above can fail)', async () => {
    const unitDir = join(dir, 'broken');
    await mkdir(unitDir, { recursive: true });
    await writeFile(join(unitDir, 'tenken-scan.service'), renderService(runtime, daily).replace('Nice=19', 'Nicety=19'));
    await writeFile(join(unitDir, 'tenken-scan.timer'), renderTimer(daily, 252));
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', join(unitDir, 'tenken-scan.timer'), join(unitDir, 'tenken-scan.service')], { encoding: 'utf8' });
    expect(r.stderr).toContain("Unknown key 'Nicety'");
  });

  it('reads the systemd version', () => {
    expect(parseSystemdVersion('systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT\n')).toBe(252);
    expect(parseSystemdVersion('systemd 245 (245.4-4ubuntu3.24)\n')).toBe(245);
    expect(parseSystemdVersion('')).toBeUndefined();
  });
});

describe('the LaunchDaemon plist', () => {
  it('parses back field by field', () => {
    const xml = renderLaunchDaemon(daily);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist/);
    const p = parsePlistXml(xml) as Record<string, unknown>;
    expect(Object.keys(p).sort()).toEqual(['Label', 'LowPriorityIO', 'Nice', 'ProcessType', 'ProgramArguments', 'RunAtLoad', 'StandardErrorPath', 'StandardOutPath', 'StartCalendarInterval']);
    expect(p.Label).toBe(LAUNCHD_LABEL);
    // Login Items lists the item under the launcher's name (tenken), not node's.
    expect(p.ProgramArguments).toEqual(['/Library/Application Support/tenken/bin/tenken', 'scan', '--scheduled', '24h', '--send', '--profile', 'telework-return', '--splay', '1h']);
    // A calendar time, not StartInterval: launchd runs a firing missed during sleep on wake only for the calendar.
    expect(p.StartCalendarInterval).toEqual({ Hour: 0, Minute: 0 });
    expect(p.RunAtLoad).toBe(false);
    expect(p.StandardOutPath).toBe('/Library/Logs/tenken/scan.log');
    expect(p.StandardErrorPath).toBe('/Library/Logs/tenken/scan.err.log');
    expect(p.LowPriorityIO).toBe(true);
    expect(p.ProcessType).toBe('Background');
    expect(p.Nice).toBe(10);
  });
});

describe('the LaunchDaemon schedule', () => {
  const when = (everySeconds: number) => {
    const p = parsePlistXml(renderLaunchDaemon({ everySeconds, splaySeconds: 60, send: false })) as Record<string, unknown>;
    return { calendar: p.StartCalendarInterval, interval: p.StartInterval };
  };

  it('starts node and tenken through a launcher named tenken that keeps their quoting', async () => {
    expect(renderLauncher({ node: '/usr/local/tenken/node/bin/node', script: "/Users/o'brien/tenken/dist/src/main.js" })).toBe(
      "#!/bin/sh\n# Written by `tenken schedule install` (macOS names the background item after this file); `tenken schedule remove` deletes it.\nexec /usr/local/tenken/node/bin/node --max-semi-space-size=2 '/Users/o'\\''brien/tenken/dist/src/main.js' \"$@\"\n",
    );
    // /bin/sh reads it back to the same words.
    const dir = await mkdtemp(join(tmpdir(), 'tenken-launcher-'));
    const launcher = join(dir, 'tenken');
    await writeFile(launcher, renderLauncher({ node: '/bin/echo', script: "a b'c" }), { mode: 0o755 });
    expect(execFileSync(launcher, ['scan', '--splay', '1h'], { encoding: 'utf8' })).toBe("--max-semi-space-size=2 a b'c scan --splay 1h\n");
  });

  it('finds its own Background Task Management record by the legacy daemon identifier 16.<label>', async () => {
    const dump = await readFile(join(import.meta.dirname, 'fixtures', 'schedule', 'sfltool-dumpbtm-tenken-disabled.txt'), 'utf8');
    expect(btmDisposition(dump, LAUNCHD_LABEL)).toEqual(['disabled', 'allowed', 'not notified']);
    expect(btmDisposition(dump, 'com.docker.vmnetd')).toEqual(['enabled', 'allowed', 'notified']);
    // The developer group "Docker" lists 16.com.docker.vmnetd as an embedded item, not as its identifier.
    expect(btmDisposition(dump, 'com.docker')).toBeUndefined();
  });

  it('steps through the clock for intervals the calendar can express, so a sleeping Mac catches up on wake', () => {
    expect(when(15 * 60)).toEqual({ calendar: [{ Minute: 0 }, { Minute: 15 }, { Minute: 30 }, { Minute: 45 }], interval: undefined });
    expect(when(3600)).toEqual({ calendar: { Minute: 0 }, interval: undefined });
    expect(when(6 * 3600)).toEqual({ calendar: [0, 6, 12, 18].map((Hour) => ({ Hour, Minute: 0 })), interval: undefined });
    expect(when(7 * 86_400)).toEqual({ calendar: { Weekday: 1, Hour: 0, Minute: 0 }, interval: undefined });
  });

  it('keeps StartInterval only where the calendar cannot step evenly (45 minutes, 5 hours, 3 days)', () => {
    expect(launchdCalendar(45 * 60)).toBeUndefined();
    expect(when(45 * 60)).toEqual({ calendar: undefined, interval: 2700 });
    expect(when(5 * 3600)).toEqual({ calendar: undefined, interval: 18_000 });
    expect(when(3 * 86_400)).toEqual({ calendar: undefined, interval: 259_200 });
  });
});

describe('the Task Scheduler XML', () => {
  const runtime = { node: 'C:\\Program Files\\nodejs\\node.exe', script: 'C:\\Program Files\\tenken\\dist\\src\\main.js' };
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

  function decode(bytes: Buffer) {
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    return parser.parse(text) as { Task: Record<string, any> };
  }

  it('is UTF-16 LE with a BOM and parses back field by field (daily, as SYSTEM)', () => {
    const { Task } = decode(encodeTaskXml(renderTaskXml(runtime, daily, new Date('2026-12-03T10:57:00Z'))));
    expect(Task['@xmlns']).toBe(TASK_NAMESPACE);
    expect(Task['@version']).toBe('1.2');
    expect(Task.RegistrationInfo.URI).toBe(TASK_URI);
    expect(Task.Principals.Principal).toEqual({ '@id': 'Author', UserId: SYSTEM_SID, RunLevel: 'HighestAvailable' });
    const trigger = Task.Triggers.CalendarTrigger;
    expect(trigger).toEqual({ StartBoundary: '2026-12-03T00:00:00', Enabled: 'true', RandomDelay: 'PT1H', ScheduleByDay: { DaysInterval: '1' } });
    expect(Task.Triggers.TimeTrigger).toBeUndefined();
    const s = Task.Settings;
    expect(s.MultipleInstancesPolicy).toBe('IgnoreNew');
    expect(s.DisallowStartIfOnBatteries).toBe('false');
    expect(s.StopIfGoingOnBatteries).toBe('false');
    expect(s.StartWhenAvailable).toBe('true');
    expect(s.ExecutionTimeLimit).toBe('PT1H');
    expect(s.Enabled).toBe('true');
    expect(Task.Actions['@Context']).toBe('Author');
    expect(Task.Actions.Exec.Command).toBe('"C:\\Program Files\\nodejs\\node.exe"');
    expect(Task.Actions.Exec.Arguments).toBe('--max-semi-space-size=2 "C:\\Program Files\\tenken\\dist\\src\\main.js" scan --scheduled 24h --send --profile telework-return');
  });

  it('repeats a sub-day interval from a time trigger, indefinitely', () => {
    const { Task } = decode(encodeTaskXml(renderTaskXml({ node: 'C:\\node\\node.exe', script: 'C:\\tenken\\main.js' }, { everySeconds: 4 * 3600, splaySeconds: 1440, send: false }, new Date('2026-12-03T23:30:00Z'))));
    const t = Task.Triggers.TimeTrigger;
    expect(t.Repetition).toEqual({ Interval: 'PT4H', StopAtDurationEnd: 'false' });
    expect(t.RandomDelay).toBe('PT24M');
    expect(t.StartBoundary).toBe('2026-12-03T00:00:00');
    expect(Task.Actions.Exec.Command).toBe('C:\\node\\node.exe');
    expect(Task.Actions.Exec.Arguments).toBe('--max-semi-space-size=2 C:\\tenken\\main.js scan --scheduled 4h');
  });

  it('quotes arguments as the C runtime splits them, and writes durations as xs:duration', () => {
    expect(windowsArg('C:\\tenken\\main.js')).toBe('C:\\tenken\\main.js');
    expect(windowsArg('C:\\Program Files\\x')).toBe('"C:\\Program Files\\x"');
    expect(windowsArg('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(windowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArg('')).toBe('""');
    expect(isoDuration(86_400)).toBe('P1D');
    expect(isoDuration(5400)).toBe('PT1H30M');
    expect(isoDuration(90)).toBe('PT1M30S');
    expect(isoDuration(0)).toBe('PT0S');
  });
});

describe('the cron.d file', () => {
  const runtime = { node: '/usr/bin/node', script: "/opt/tenken's 50%/dist/src/main.js" };

  it('is five time fields, a user and the command, as cron reads it', () => {
    const text = renderCronFile(runtime, daily);
    const lines = parseCronFile(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toEqual(['0', '0', '*', '*', '*']);
    expect(lines[0]!.user).toBe('root');
    expect(lines[0]!.command).toBe(
      "/usr/bin/node --max-semi-space-size=2 '/opt/tenken'\\''s 50\\%/dist/src/main.js' scan --scheduled 24h --send --profile telework-return --splay 1h >/var/log/tenken-scan.log 2>&1; echo \"tenken-exit=$?\" >>/var/log/tenken-scan.log",
    );
    expect(text.endsWith('\n')).toBe(true);
    // Root's job gets the OS's folders only, never /usr/local.
    expect(text).toContain('\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\n');
    // The shell cron starts gets the words tenken needs (cron's \% becomes %).
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${shellWord(runtime.script).replaceAll('\\%', '%')}`], { encoding: 'utf8' });
    expect(words).toBe(`${runtime.script}\n`);
  });

  it('steps through the hour or the day, and refuses what cron cannot keep', () => {
    expect(cronSchedule(900)).toBe('*/15 * * * *');
    expect(cronSchedule(3600)).toBe('0 * * * *');
    expect(cronSchedule(6 * 3600)).toBe('0 */6 * * *');
    expect(cronSchedule(7 * 86_400)).toBe('0 0 * * 1');
    expect(() => cronSchedule(45 * 60)).toThrow(CronIntervalError);
    expect(() => cronSchedule(7 * 3600)).toThrow(CronIntervalError);
  });

  it('rejects lines cron would not run', () => {
    expect(() => parseCronFile('0 0 * * root /bin/true\n')).toThrow(/not a user name|not five time fields/);
    expect(() => parseCronFile('61 0 * * * root /bin/true\n')).toThrow(/outside 0-59/);
    expect(() => parseCronFile('0 0 * * x root /bin/true\n')).toThrow(/not a cron field/);
    expect(parseCronFile('# comment\nSHELL=/bin/sh\n*/15 */2 1-5 * 0,6 root /bin/true\n')).toHaveLength(1);
  });

  it('finds the exit code a cron run left in its log', () => {
    expect(lastCronExit('scanning…\ntenken-exit=1\n')).toBe(1);
    expect(lastCronExit('scanning…\n')).toBeNull();
    expect(lastCronExit('')).toBeNull();
  });
});
