/**
 * The delivery commands as a person runs them (in-process, a replayed machine as "this PC", a real collector):
 * exit codes of enroll, scan --send (sent, queued, cannot queue → 4 with the report on stdout), queue and
 * queue flush, agent.json enrollment, and a scheduled scan without --send.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeForResult } from '../src/exit-codes.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import type { Recording } from '../src/host/recording.ts';
import { Report } from '../src/report/schema.ts';
import { DeviceIdentity, readStateFile, statePaths, writeStateFile } from '../src/transport/agent-state.ts';
import type { TestCollector } from './support/collector.ts';
import { collectorAndLaptopNow } from './support/delivery.ts';
import { runTenken } from './support/run-cli.ts';

let collector: TestCollector;
let machine: Recording;

beforeAll(async () => ({ collector, machine } = await collectorAndLaptopNow()));
afterAll(() => collector?.close());

const cli = (env: Record<string, string>, args: string[], opts: { admin?: boolean } = {}) =>
  runTenken(args, {
    createHost: async () => createReplayHost({ ...machine, isAdmin: opts.admin ?? true }),
    env: { LANG: 'en_US.UTF-8', TENKEN_AGENT_CONFIG: join(env.TENKEN_STATE_DIR!, 'no-agent.json'), ...env },
  });

const stateEnv = async () => ({ TENKEN_STATE_DIR: await mkdtemp(join(tmpdir(), 'tenken-cli-state-')) });

describe('tenken enroll', () => {
  it('refuses without administrator rights, with the command to run', async () => {
    const env = await stateEnv();
    const r = await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret], { admin: false });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Enrolling needs administrator rights .*run it as root: sudo tenken enroll http:\/\/127\.0\.0\.1:\d+ --secret …/);
    const ja = await cli({ ...env, LANG: 'ja_JP.UTF-8' }, ['enroll', collector.url, '--secret', 'x'], { admin: false });
    expect(ja.stderr).toMatch(/管理者権限が必要です.*sudo tenken enroll/);
  });

  it('exits 2 for a wrong secret or plain http elsewhere, 0 when enrolled', async () => {
    const env = await stateEnv();
    expect((await cli(env, ['enroll', collector.url, '--secret', 'wrong'])).code).toBe(2);
    const http = await cli(env, ['enroll', 'http://collector.example', '--secret', 'x']);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/plain http to collector\.example is refused/);
    const ok = await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^enrolled with http:\/\/127\.0\.0\.1:\d+\/ as device [0-9a-f-]{36}; key id /);
  });
});

describe('tenken scan --send', () => {
  it('exits 2 before scanning when this PC is not enrolled and no agent.json is deployed', async () => {
    const r = await cli(await stateEnv(), ['scan', '--send']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not enrolled with a collector yet: run tenken enroll .* or deploy .*no-agent\.json/);
    expect(r.stdout).toBe('');
  });

  it('sends: the scan\'s own exit code and one line on stderr', async () => {
    const env = await stateEnv();
    await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    const r = await cli(env, ['scan', '--send', '--format', 'json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(r.code).toBe(exitCodeForResult(report.summary.result));
    expect(r.stderr).toMatch(/^tenken: sent to http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect((await collector.store.report(report.reportId))?.reportId).toBe(report.reportId);
  });

  it('works on check too, and needs administrator rights', async () => {
    const env = await stateEnv();
    await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    const r = await cli(env, ['check', 'telework-return', '--send', '--format', 'json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.gate).not.toBeNull();
    expect(r.stderr).toMatch(/^tenken: sent to /);
    const stored = await collector.store.report(report.reportId);
    expect(stored?.reportId).toBe(report.reportId);
    const user = await cli(env, ['scan', '--send'], { admin: false });
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(/Sending and keeping reports needs administrator rights .*sudo tenken scan --send/);
  });

  it('queues when the collector cannot be reached, lists it, and flushes it when it is back', async () => {
    const env = await stateEnv();
    await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    const paths = statePaths(env.TENKEN_STATE_DIR);
    const identity = (await readStateFile(paths.identity, DeviceIdentity))!;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await writeStateFile(paths.identity, { ...identity, collector: `http://127.0.0.1:${port}/` });
    const r = await cli(env, ['scan', '--send', '--format', 'json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(r.code).toBe(exitCodeForResult(report.summary.result));
    expect(r.stderr).toMatch(/^tenken: queued, will retry at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC or later \(on the next scan, tenken agent, or tenken queue flush\): the collector at 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)/);
    const listed = await cli(env, ['queue', '--format', 'json']);
    const json = JSON.parse(listed.stdout) as { entries: { reportId: string; attempts: number; lastError: string }[] };
    expect(json.entries).toMatchObject([{ reportId: report.reportId, attempts: 1 }]);
    expect((await cli(env, ['queue'])).stdout).toMatch(new RegExp(`1 report\\(s\\)\\n  ${report.reportId}  baseline  queued .* attempts 1  next .*\\n      last error: the collector at 127.0.0.1:${port} refused`));
    expect((await cli(env, ['queue', 'flush'])).code, 'still unreachable: reports remain').toBe(3);
    await writeStateFile(paths.identity, identity);
    const flushed = await cli(env, ['queue', 'flush']);
    expect(flushed.code).toBe(0);
    expect(flushed.stdout).toMatch(/^sent 1 \(0 had arrived before\); 0 remain queued/);
    expect((await collector.store.report(report.reportId))?.reportId).toBe(report.reportId);
  });

  it('exits 4 when it can neither send nor queue, and puts the whole report on stdout', async () => {
    const env = await stateEnv();
    await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    // The queue folder's place is taken by a file: nothing can be queued there.
    await writeFile(statePaths(env.TENKEN_STATE_DIR).queue, 'not a folder');
    const r = await cli(env, ['scan', '--send']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^tenken: could not send and could not queue the report: cannot queue the report in .*queue/);
    // Asked for text: the summary as usual, then the JSON report, the only complete copy.
    const json = r.stdout.indexOf('\n{\n');
    expect(r.stdout.slice(0, json)).toMatch(/Result: .*\(exit code [013]\)$/);
    expect(Report.parse(JSON.parse(r.stdout.slice(json + 1))).reportId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a report queued but not sendable at all (an address edited to plain http) is still the scan\'s exit code', async () => {
    const env = await stateEnv();
    await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    const paths = statePaths(env.TENKEN_STATE_DIR);
    const identity = (await readStateFile(paths.identity, DeviceIdentity))!;
    await writeStateFile(paths.identity, { ...identity, collector: 'http://collector.example/' });
    const r = await cli(env, ['scan', '--send', '--format', 'json']);
    expect(r.code).toBe(exitCodeForResult(Report.parse(JSON.parse(r.stdout)).summary.result));
    expect(r.stderr).toMatch(/^tenken: queued, but could not send it now: plain http to collector\.example is refused/);
    expect(JSON.parse((await cli(env, ['queue', '--format', 'json'])).stdout).entries).toHaveLength(1);
  });

  it('enrolls by itself from a deployed agent.json', async () => {
    const env = await stateEnv();
    const config = join(env.TENKEN_STATE_DIR, 'agent.json');
    await writeFile(config, JSON.stringify({ collector: collector.url, enrollSecret: collector.enrollSecret }), { mode: 0o600 });
    const r = await cli({ ...env, TENKEN_AGENT_CONFIG: config }, ['scan', '--send', '--scheduled', '24h', '--format', 'json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(r.stderr).toMatch(/^tenken: sent to /);
    expect(r.code).toBe(exitCodeForResult(report.summary.result));
    const stored = await collector.store.report(report.reportId);
    expect(stored?.reportId).toBe(report.reportId);
  });

  it('a bad agent.json is named', async () => {
    const env = await stateEnv();
    const config = join(env.TENKEN_STATE_DIR, 'agent.json');
    await writeFile(config, JSON.stringify({ collector: collector.url }), { mode: 0o600 });
    const r = await cli({ ...env, TENKEN_AGENT_CONFIG: config }, ['scan', '--send']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${config} cannot be used (corrupted: enrollSecret:`);
  });

  it('scheduled without --send: keeps the report in the state folder', async () => {
    const env = await stateEnv();
    const r = await cli(env, ['scan', '--scheduled', '24h', '--format', 'json']);
    const file = join(env.TENKEN_STATE_DIR, 'reports', 'latest-baseline.json');
    expect(r.stderr).toBe(`tenken: report saved to ${file}\n`);
    expect(Report.parse(JSON.parse(await readFile(file, 'utf8'))).reportId).toBe(Report.parse(JSON.parse(r.stdout)).reportId);
  });

  it('usage errors: --splay without --scheduled, --send with --replay, a bad duration', async () => {
    const env = await stateEnv();
    expect((await cli(env, ['scan', '--splay', '10m'])).code).toBe(2);
    const replay = await cli(env, ['scan', '--send', '--replay', 'x.yaml']);
    expect(replay.code).toBe(2);
    expect((await cli(env, ['scan', '--send', '--scheduled', 'daily'])).stderr).toMatch(/"daily" is not a duration/);
  });
});
