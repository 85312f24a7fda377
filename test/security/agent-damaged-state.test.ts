/**
 * A damaged state file must neither lose the scan's report nor stop every later scheduled run (RT-08): the
 * report is written before delivery starts; a damaged delivery counter is moved aside (kept for inspection),
 * rebuilt without repeating a sequence number the collector has seen, and the repair is said; a damaged
 * identity.json — the device key, which nothing can rebuild — says how to enroll again and is left as it is.
 * In-process CLI runs against a real collector, as in test/delivery-cli.test.ts.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeForResult } from '../../src/exit-codes.ts';
import type { Recording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { Report } from '../../src/report/schema.ts';
import { DeviceIdentity, loadCounter, readStateFile, statePaths, writeStateFile } from '../../src/transport/agent-state.ts';
import type { TestCollector } from '../support/collector.ts';
import { collectorAndLaptopNow } from '../support/delivery.ts';
import { runTenken } from '../support/run-cli.ts';

let collector: TestCollector;
let machine: Recording;
beforeAll(async () => ({ collector, machine } = await collectorAndLaptopNow()));
afterAll(() => collector?.close());

const cli = (env: Record<string, string>, args: string[]) =>
  runTenken(args, { createHost: async () => createReplayHost({ ...machine, isAdmin: true }), env: { LANG: 'en_US.UTF-8', TENKEN_AGENT_CONFIG: join(env.TENKEN_STATE_DIR!, 'no-agent.json'), ...env } });

async function enrolled(): Promise<{ env: { TENKEN_STATE_DIR: string }; paths: ReturnType<typeof statePaths>; deviceId: string }> {
  const env = { TENKEN_STATE_DIR: await mkdtemp(join(tmpdir(), 'tenken-damaged-')) };
  expect((await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret])).code).toBe(0);
  const paths = statePaths(env.TENKEN_STATE_DIR);
  return { env, paths, deviceId: (await readStateFile(paths.identity, DeviceIdentity))!.deviceId };
}

const storedSequences = async (deviceId: string) =>
  ((await collector.store.deviceHistory(deviceId, { now: new Date(), limit: 50 }))?.reports ?? []).map((r) => r.sequence).sort((a, b) => a! - b!);

/** The red-team reproduction: delivery.json cut to its first 20 bytes. */
const cutShort = async (file: string) => writeFile(file, (await readFile(file, 'utf8')).slice(0, 20));

describe('a damaged delivery counter', () => {
  it('scan --send still sends with the scan\'s own exit code; the damaged file is kept aside and numbering goes on without a repeat', async () => {
    const { env, paths, deviceId } = await enrolled();
    expect((await cli(env, ['scan', '--send'])).code).not.toBe(4);
    await cutShort(paths.delivery);
    const damaged = await readFile(paths.delivery, 'utf8');
    const r = await cli(env, ['scan', '--send', '--format', 'json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(r.code).toBe(exitCodeForResult(report.summary.result));
    expect(r.stderr).toMatch(
      new RegExp(`^tenken: ${paths.delivery.replace(/[.]/g, '\\.')} was damaged \\(corrupted: not JSON \\(.*\\)\\): moved to ${paths.delivery.replace(/[.]/g, '\\.')}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z and made again; report numbering continues at 2\\.\\ntenken: sent to `),
    );
    const aside = (await readdir(paths.dir)).filter((n) => n.startsWith('delivery.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(paths.dir, aside[0]!), 'utf8'), 'kept as it was, for inspection').toBe(damaged);
    // The next scheduled run does not meet the damage again.
    const next = await cli(env, ['scan', '--send', '--scheduled', '24h']);
    expect(next.code).not.toBe(4);
    expect(next.stderr).toMatch(/^tenken: sent to /);
    expect(await storedSequences(deviceId)).toEqual([1, 2, 3]);
  });

  it('with both copies damaged, continues above the highest number still queued and says what that may cost', async () => {
    const { env, paths } = await enrolled();
    const identity = (await readStateFile(paths.identity, DeviceIdentity))!;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await writeStateFile(paths.identity, { ...identity, collector: `http://127.0.0.1:${port}/` });
    for (let i = 0; i < 3; i++) await cli(env, ['scan', '--send']);
    await cutShort(paths.delivery);
    await cutShort(paths.deliveryCopy);
    const r = await cli(env, ['scan', '--send', '--lang', 'ja']);
    expect(r.code).not.toBe(4);
    expect(r.stderr).toContain('送信の通し番号は 4 から続けます。');
    expect(r.stderr).toContain('キューに残るレポートの最大の番号から続けます');
    const queued = JSON.parse((await cli(env, ['queue', '--format', 'json'])).stdout) as { entries: { sequence: number }[] };
    expect(queued.entries.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect((await readdir(paths.dir)).filter((n) => /^delivery(\.copy)?\.json\.corrupt-/.test(n))).toHaveLength(2);
  });

  it('the counter is kept twice: either copy alone gives the last number, the higher one wins after a crash between the writes', async () => {
    const { paths } = await enrolled();
    const a = { sequence: 7, previousReportId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff' };
    await writeStateFile(paths.deliveryCopy, a);
    expect(await loadCounter(paths), 'delivery.json lost, the copy is left').toEqual(a);
    await writeStateFile(paths.delivery, { sequence: 8, previousReportId: '7f9619ff-8b86-4d11-b42d-00c04fc964ff' });
    expect((await loadCounter(paths)).sequence).toBe(8);
  });
});

describe('the report is written before it is sent', () => {
  it('when it can be neither sent nor queued, --out holds what was asked and the JSON report follows on stdout (exit 4)', async () => {
    const { env, paths } = await enrolled();
    await writeFile(paths.queue, 'not a folder');
    const out = join(env.TENKEN_STATE_DIR, 'summary.txt');
    const r = await cli(env, ['scan', '--send', '--out', out]);
    expect(r.code).toBe(4);
    expect(await readFile(out, 'utf8')).toMatch(/Result: .*\(exit code [013]\)\n$/);
    expect(Report.parse(JSON.parse(r.stdout)).reportId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a damaged identity.json', () => {
  it('stops before scanning with how to enroll again, and is left for inspection', async () => {
    const { env, paths } = await enrolled();
    await cutShort(paths.identity);
    const damaged = await readFile(paths.identity, 'utf8');
    const r = await cli(env, ['scan', '--send']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/identity\.json is damaged \(corrupted: not JSON .*\): this PC's signing key cannot be read.*Enroll it again as a new device: run it as root: sudo tenken enroll https:\/\/collector\.example --secret … --new-identity/);
    const ja = await cli({ ...env, LANG: 'ja_JP.UTF-8' }, ['queue', 'flush']);
    expect(ja.stderr).toMatch(/署名鍵を読めません.*--new-identity/);
    expect(await readFile(paths.identity, 'utf8')).toBe(damaged);
    // Enrolling again the usual way would keep the device id it cannot read: it says to take a new one.
    const again = await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(`sudo tenken enroll ${collector.url} --secret … --new-identity`);
    expect(await readFile(paths.identity, 'utf8')).toBe(damaged);
    expect((await cli(env, ['enroll', collector.url, '--secret', collector.enrollSecret, '--new-identity'])).code).toBe(0);
    expect((await cli(env, ['scan', '--send'])).stderr).toMatch(/^tenken: sent to /);
  });
});
