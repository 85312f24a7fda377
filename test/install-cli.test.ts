/**
 * `tenken install` / `tenken uninstall` as the installers run them, in-process: a replayed Linux PC with
 * systemd (its scheduler answers hand-made like test/schedule-cli.test.ts's), a real collector, and a
 * switchable front door in between, so the collector can be unreachable at install time and reachable later.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording, type RecordingInput } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { WINDOWS_STATE_ACL } from '../src/commands/install-run.ts';
import { AgentConfig, DeviceIdentity, readStateFile } from '../src/transport/agent-state.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { compliantLaptop } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';

type Answers = RecordingInput['sections'][string];
const RUNTIME = { node: '/opt/tenken/bin/node', script: '/opt/tenken/lib/tenken.js' };
const systemdHere: Answers = [{ stat: '/run/systemd/system', type: 'directory', size: 0, mtime: '2026-12-03T08:00:00.000Z' }];
const ok = (run: string[]) => ({ run, exitCode: 0, stdout: '', stderr: '' });
const installAnswers: Answers = [...systemdHere, { run: ['systemctl', '--version'], exitCode: 0, stdout: 'systemd 252 (252.39-1~deb12u2)\n', stderr: '' }, ok(['systemctl', 'daemon-reload']), ok(['systemctl', 'enable', '--now', 'tenken-scan.timer'])];
const reinstallAnswers: Answers = [...installAnswers, ok(['systemctl', 'restart', 'tenken-scan.timer'])];
const removeAnswers: Answers = [...systemdHere, ok(['systemctl', 'disable', '--now', 'tenken-scan.timer']), ok(['systemctl', 'daemon-reload']), ok(['systemctl', 'reset-failed', 'tenken-scan.service'])];

let collector: TestCollector;
let machine: Recording;
/** A front door to the collector that refuses connections while `down`. */
let door: Server;
let doorUrl: string;
let down = false;

beforeAll(async () => {
  collector = await startTestCollector();
  machine = { ...(await compliantLaptop()), recordedAt: new Date().toISOString() };
  const target = new URL(collector.url);
  door = createServer((req, res) => {
    if (down) return req.socket.destroy();
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
  doorUrl = `http://127.0.0.1:${(door.address() as AddressInfo).port}`;
});
afterAll(async () => {
  door?.close();
  await collector?.close();
});

interface Place {
  readonly env: Record<string, string>;
  readonly root: string;
  readonly config: string;
}
async function newPlace(): Promise<Place> {
  const dir = await mkdtemp(join(tmpdir(), 'tenken-install-'));
  const config = join(dir, 'etc', 'agent.json');
  return { env: { LANG: 'en_US.UTF-8', TENKEN_STATE_DIR: join(dir, 'state'), TENKEN_AGENT_CONFIG: config }, root: join(dir, 'root'), config };
}

function cli(place: Place, args: string[], answers: Answers, opts: { admin?: boolean; lang?: string } = {}) {
  const recording = Recording.parse({ ...machine, isAdmin: opts.admin ?? true, sections: { ...machine.sections, schedule: answers } });
  return runTenken(args, {
    createHost: async () => createReplayHost(recording, 'schedule'),
    env: { ...place.env, ...(opts.lang ? { LANG: opts.lang } : {}) },
    scheduleRoot: place.root,
    scheduleRuntime: RUNTIME,
    delivery: { timeoutMs: 2000 },
  });
}

const service = (place: Place) => readFile(join(place.root, 'etc/systemd/system/tenken-scan.service'), 'utf8');

describe('tenken install: bad arguments exit 2 and change nothing', () => {
  it.for([
    ['no --collector', ['install', '--secret', 's']],
    ['plain http to another machine', ['install', '--collector', 'http://collector.example', '--secret', 's']],
    ['an empty secret', ['install', '--collector', 'https://collector.example', '--secret', '']],
    ['two CAs', ['install', '--collector', 'https://collector.example', '--secret', 's', '--ca-file', '/etc/hostname', '--ca-fingerprint', `sha256:${'a'.repeat(64)}`]],
    ['a fingerprint that is not one', ['install', '--collector', 'https://collector.example', '--secret', 's', '--ca-fingerprint', 'sha1:abcd']],
    ['a CA file that is not a certificate', ['install', '--collector', 'https://collector.example', '--secret', 's', '--ca-file', import.meta.filename]],
    ['the collector refusing the secret', ['install', '--collector', 'DOOR', '--secret', 'wrong']],
  ] as const)('%s', async ([, args]) => {
    const place = await newPlace();
    const r = await cli(place, args.map((a) => (a === 'DOOR' ? doorUrl : a)), []);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^tenken: /);
    expect(existsSync(place.config)).toBe(false);
    expect(existsSync(join(place.env.TENKEN_STATE_DIR!, 'identity.json'))).toBe(false);
    expect(existsSync(join(place.root, 'etc'))).toBe(false);
  });

  it('needs administrator rights, and says so in Japanese too', async () => {
    const r = await cli(await newPlace(), ['install', '--collector', 'https://collector.example', '--secret', 's'], [], { admin: false, lang: 'ja_JP.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('インストールには管理者権限が必要です');
  });
});

describe('tenken install', () => {
  it('saves agent.json (mode 600), enrolls now and schedules scan --send; an upgrade with empty values keeps both', async () => {
    const place = await newPlace();
    const r = await cli(place, ['install', '--collector', doorUrl, '--secret', collector.enrollSecret, '--every', '12h'], installAnswers);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Enrolled with the collector as device [0-9a-f-]{36}\.\nSaved the configuration to .*agent\.json \(collector http:\/\/127\.0\.0\.1:\d+\)\.\nScheduled: tenken scan every 12h/);
    expect(r.stdout).toMatch(/tenken is installed\.\n$/);
    expect(await readStateFile(place.config, AgentConfig)).toEqual({ collector: doorUrl, enrollSecret: collector.enrollSecret });
    expect((await stat(place.config)).mode & 0o777).toBe(0o600);
    const identity = await readStateFile(join(place.env.TENKEN_STATE_DIR!, 'identity.json'), DeviceIdentity);
    expect(identity?.collector).toBe(`${doorUrl}/`);
    expect(await service(place)).toContain('ExecStart=/opt/tenken/bin/node --max-semi-space-size=2 /opt/tenken/lib/tenken.js scan --scheduled 12h --send\n');

    // An upgrade passes empty properties: the configuration and the enrollment stay as they are.
    const again = await cli(place, ['install', '--collector', '', '--secret', '', '--ca-fingerprint', ''], reinstallAnswers);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`This PC is already enrolled (device ${identity!.deviceId}).\nKept the configuration in ${place.config}`);
    expect(await readStateFile(place.config, AgentConfig)).toEqual({ collector: doorUrl, enrollSecret: collector.enrollSecret });
    expect((await readStateFile(join(place.env.TENKEN_STATE_DIR!, 'identity.json'), DeviceIdentity))?.token).toBe(identity!.token);
  });

  it('keeps the CA to pin in agent.json (fingerprint normalised), for the enrollment the scheduled scan does when the collector is away now', async () => {
    const place = await newPlace();
    const fingerprint = `sha256:${'5d'.repeat(32)}`;
    const away = `https://127.0.0.1:${new URL(doorUrl).port}`;
    down = true;
    const r = await cli(place, ['install', '--collector', away, '--secret', 's3cret', '--ca-fingerprint', fingerprint.replace('sha256:', '').toUpperCase().replace(/(..)(?!$)/g, '$1:')], installAnswers).finally(() => (down = false));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Could not enroll now');
    expect(await readStateFile(place.config, AgentConfig)).toEqual({ collector: away, enrollSecret: 's3cret', caFingerprint: fingerprint });
  });

  it('exits 0 when the collector cannot be reached, and the scheduled scan --send enrolls later', async () => {
    const place = await newPlace();
    down = true;
    const r = await cli(place, ['install', '--collector', doorUrl, '--secret', collector.enrollSecret], installAnswers).finally(() => (down = false));
    expect(r.code, r.stderr).toBe(0);
    // The door cuts the connection (or refuses it, if it is already closed): either way a network reason, not a usage error.
    expect(r.stdout).toMatch(/Could not enroll now, the collector cannot be reached: (the connection to the collector at|the collector at) 127\.0\.0\.1:\d+ /);
    expect(r.stdout).toContain(`The first scheduled scan (tenken scan --send) enrolls with ${place.config}`);
    expect(existsSync(join(place.env.TENKEN_STATE_DIR!, 'identity.json'))).toBe(false);
    expect(await service(place)).toContain('scan --scheduled 24h --send\n');

    // What the timer runs, once the collector is back.
    const scan = await cli(place, ['scan', '--scheduled', '24h', '--send'], []);
    expect(scan.code, scan.stderr).toBeLessThan(4);
    expect(scan.stderr).toMatch(/sent to http:\/\/127\.0\.0\.1:\d+\//);
    expect((await readStateFile(join(place.env.TENKEN_STATE_DIR!, 'identity.json'), DeviceIdentity))?.collector).toBe(`${doorUrl}/`);
  });

  it('installs without enrolling when an installer passes no collector, and says so', async () => {
    const place = await newPlace();
    const r = await cli(place, ['install', '--collector', '', '--secret', ''], installAnswers);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Installed, not enrolled: no collector was given, so the scheduled scans keep their reports on this PC. To enroll: tenken install --collector https://… --secret …');
    expect(existsSync(place.config)).toBe(false);
    expect(await service(place)).toContain('scan --scheduled 24h\n');
    // What msiexec does not show is in the state folder's install.log.
    expect(await readFile(join(place.env.TENKEN_STATE_DIR!, 'install.log'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT.* tenken \d+\.\d+\.\d+ install\n[\s\S]*Installed, not enrolled: no collector was given/);
  });
});

describe('tenken install on Windows', () => {
  it('limits the state folder to SYSTEM and Administrators with icacls, then registers the task; a refusal is said, not fatal', async () => {
    const place = await newPlace();
    const stateDir = place.env.TENKEN_STATE_DIR!;
    const xml = join(place.root, 'ProgramData', 'tenken', 'tenken-scan.xml');
    const icacls = ['icacls', stateDir, ...WINDOWS_STATE_ACL];
    const schtasks = ['schtasks', '/Create', '/TN', '\\tenken\\scan', '/XML', xml, '/F'];
    const windows = (answers: Answers) => {
      const ran: string[][] = [];
      const replay = createReplayHost(Recording.parse({ ...machine, platform: 'win32', sections: { schedule: answers } }), 'schedule');
      const host = { ...replay, run: (file: string, args: readonly string[], options?: Parameters<typeof replay.run>[2]) => (ran.push([file, ...args]), replay.run(file, args, options)) };
      return { ran, run: (args: string[]) => runTenken(args, { createHost: async () => host, env: { ...place.env, ProgramData: 'C:\\ProgramData' }, scheduleRoot: place.root, scheduleRuntime: { node: 'C:\\Program Files\\tenken\\node.exe', script: 'C:\\Program Files\\tenken\\lib\\tenken.js' } }) };
    };
    const ok = windows([{ run: icacls, exitCode: 0, stdout: 'processed file: x\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n', stderr: '' }, { run: schtasks, exitCode: 0, stdout: 'SUCCESS\r\n', stderr: '' }]);
    const r = await ok.run(['install', '--collector', '', '--secret', '']);
    expect(r.code, r.stderr).toBe(0);
    expect(ok.ran).toEqual([icacls, schtasks]);
    expect(r.stdout).not.toContain('icacls');

    const refused = windows([{ run: icacls, exitCode: 5, stdout: '', stderr: 'Access is denied.\r\n' }, { run: schtasks, exitCode: 0, stdout: 'SUCCESS\r\n', stderr: '' }]);
    const r2 = await refused.run(['install', '--collector', '', '--secret', '']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain(`Note: could not limit ${stateDir} to SYSTEM and Administrators (Access is denied.)`);
  });
});

describe('tenken uninstall', () => {
  it('removes the schedule and keeps the identity; --purge removes identity, queue and settings', async () => {
    const place = await newPlace();
    expect((await cli(place, ['install', '--collector', doorUrl, '--secret', collector.enrollSecret], installAnswers)).code).toBe(0);
    const r = await cli(place, ['uninstall'], removeAnswers);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The scheduled scan was removed (systemd timer).');
    expect(r.stdout).toContain("This PC's identity");
    expect(existsSync(join(place.root, 'etc/systemd/system/tenken-scan.service'))).toBe(false);
    expect(existsSync(join(place.env.TENKEN_STATE_DIR!, 'identity.json'))).toBe(true);
    expect(existsSync(place.config)).toBe(true);

    const purge = await cli(place, ['uninstall', '--purge'], systemdHere);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toContain('No scheduled scan is installed; nothing to remove.');
    expect(existsSync(place.env.TENKEN_STATE_DIR!)).toBe(false);
    expect(existsSync(place.config)).toBe(false);
  });
});
