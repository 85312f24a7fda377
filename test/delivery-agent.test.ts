/**
 * `tenken agent --every`: scans, queues and sends in a loop, and SIGTERM ends it cleanly (exit 0) after the
 * current step. Run in-process on a replayed machine against the real collector; the signal is delivered
 * to the process's listeners as the operating system would.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { runCli } from '../src/cli.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import type { Recording } from '../src/host/recording.ts';
import type { TestCollector } from './support/collector.ts';
import { DeliveryQueue } from '../src/transport/queue.ts';
import { startChaosProxy } from './support/chaos-proxy.ts';
import { collectorAndLaptopNow, seededRandom } from './support/delivery.ts';

let collector: TestCollector;
let machine: Recording;
beforeAll(async () => ({ collector, machine } = await collectorAndLaptopNow()));
afterAll(() => collector?.close());

describe('tenken agent', () => {
  it('scans and sends at once, then stops on SIGTERM with exit 0', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'tenken-agent-'));
    const env = { LANG: 'en_US.UTF-8', TENKEN_STATE_DIR: stateDir, TENKEN_AGENT_CONFIG: join(stateDir, 'agent.json') };
    let stdout = '';
    const deps = {
      loadProbes: async () => probes,
      createHost: async () => createReplayHost(machine),
      stdout: (t: string) => void (stdout += t),
      stderr: () => undefined,
      env,
      isTTY: false,
    };
    expect(await runCli(['node', 'tenken', 'enroll', collector.url, '--secret', collector.enrollSecret], deps)).toBe(0);
    const deviceId = /as device ([0-9a-f-]{36})/.exec(stdout)![1]!;
    const listenersBefore = process.listenerCount('SIGTERM');
    const running = runCli(['node', 'tenken', 'agent', '--every', '1h'], deps);
    let history = null;
    for (let i = 0; i < 200 && !(history?.reports.length); i++) {
      await sleep(25);
      history = await collector.store.deviceHistory(deviceId, { now: new Date(), limit: 10 });
    }
    expect(history?.reports, 'the first scan arrived').toHaveLength(1);
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
    expect(process.listenerCount('SIGTERM'), 'its handlers are gone').toBe(listenersBefore);
    const stored = await collector.store.report(history!.reports[0]!.reportId);
    expect(JSON.stringify(stored)).toContain('"trigger":"agent"');
  });

  it('between scans, sends a queued report again when its retry falls due', async () => {
    const proxy = await startChaosProxy(collector.url);
    const stateDir = await mkdtemp(join(tmpdir(), 'tenken-agent-'));
    const env = { LANG: 'en_US.UTF-8', TENKEN_STATE_DIR: stateDir, TENKEN_AGENT_CONFIG: join(stateDir, 'agent.json') };
    let stdout = '';
    const deps = {
      loadProbes: async () => probes,
      createHost: async () => createReplayHost(machine),
      stdout: (t: string) => void (stdout += t),
      stderr: () => undefined,
      env,
      isTTY: false,
      delivery: { backoff: { baseMs: 20, capMs: 50 }, timeoutMs: 2000, random: seededRandom(7) },
    };
    try {
      expect(await runCli(['node', 'tenken', 'enroll', proxy.url, '--secret', collector.enrollSecret], deps)).toBe(0);
      const deviceId = /as device ([0-9a-f-]{36})/.exec(stdout)![1]!;
      await proxy.stop();
      const running = runCli(['node', 'tenken', 'agent', '--every', '1h'], deps);
      const queue = new DeliveryQueue(join(stateDir, 'queue'));
      let attempts = 0;
      for (let i = 0; i < 400 && attempts < 2; i++) {
        await sleep(10);
        attempts = (await queue.list()).entries[0]?.state.attempts ?? 0;
      }
      expect(attempts, 'the agent keeps retrying while the collector is away').toBeGreaterThanOrEqual(2);
      await proxy.start();
      let history = null;
      for (let i = 0; i < 400 && !history?.reports.length; i++) {
        await sleep(10);
        history = await collector.store.deviceHistory(deviceId, { now: new Date(), limit: 10 });
      }
      expect(history?.reports, 'sent once the collector was back, long before the next scan').toHaveLength(1);
      process.emit('SIGINT', 'SIGINT');
      expect(await running).toBe(0);
      expect((await queue.list()).entries).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('needs --every, and at least a minute', async () => {
    const deps = { loadProbes: async () => probes, createHost: async () => createReplayHost(machine), stdout: () => undefined, stderr: () => undefined, env: {}, isTTY: false };
    expect(await runCli(['node', 'tenken', 'agent'], deps)).toBe(2);
    expect(await runCli(['node', 'tenken', 'agent', '--every', '10s'], deps)).toBe(2);
  });
});
