/**
 * Reports and agent state for the delivery tests: one real scan of a composed machine (test/support/machines.ts),
 * cloned with fresh report ids and scan times, and a throwaway state folder with test-sized backoff.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probes } from '../../probes/index.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { BUNDLED_POLICY, loadPolicy } from '../../src/policy/load.ts';
import type { Report } from '../../src/report/schema.ts';
import { scan } from '../../src/scan/scan.ts';
import { statePaths } from '../../src/transport/agent-state.ts';
import type { DeliveryContext } from '../../src/transport/deliver.ts';
import type { DeliveryQueue } from '../../src/transport/queue.ts';
import type { Recording } from '../../src/host/recording.ts';
import { startTestCollector, type TestCollector } from './collector.ts';
import { compliantLaptop } from './machines.ts';

/** A collector for a file's tests, and the compliant laptop recorded "now" so that the collector does not find its scans stale. */
export async function collectorAndLaptopNow(): Promise<{ collector: TestCollector; machine: Recording }> {
  const collector = await startTestCollector();
  return { collector, machine: { ...(await compliantLaptop()), recordedAt: new Date().toISOString() } };
}

export async function scannedReport(profile = 'baseline'): Promise<Report> {
  const recording = await compliantLaptop();
  const policy = await loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' });
  return scan({ host: createReplayHost(recording), probes, policy, profile, log: silentLogger, replay: { source: recording.source, recordedAt: recording.recordedAt } });
}

/** The same scan as if made now, under a new report id (and optionally another profile name). */
export function freshCopy(base: Report, now: Date, profile?: string): Report {
  const at = now.toISOString();
  return { ...base, reportId: randomUUID(), scan: { ...base.scan, startedAt: at, finishedAt: at, replay: null, ...(profile ? { profile } : {}) } };
}

/** A small deterministic random source (LCG), so that jittered delays repeat from run to run. */
export function seededRandom(seed = 1): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A state folder in memory where there is one (/dev/shm): fsync there returns at once, so a test of 1,000
 * reports measures the protocol, not this machine's disk. The crash test uses a real disk folder.
 */
export async function testStateDir(): Promise<string> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtemp(join(base, 'tenken-delivery-'));
}

export async function testContext(extra: Partial<DeliveryContext> = {}): Promise<DeliveryContext> {
  const dir = await testStateDir();
  return {
    paths: statePaths(dir),
    platform: 'linux',
    configPath: join(dir, 'agent.json'),
    now: () => new Date(),
    random: seededRandom(),
    backoff: { baseMs: 2, capMs: 20 },
    timeoutMs: 2000,
    ...extra,
  };
}

/**
 * A queued report as tenken wrote it before bodies were gzipped at queueing (a header line with
 * `tenkenQueue: 1`, then the envelope as a line of JSON), made from one queued today, so that the tests can
 * check that an upgraded agent still sends what an older one queued.
 */
export async function asVersion1Queue(queue: DeliveryQueue, file: string): Promise<string> {
  const read = await queue.read(file);
  if (!read || 'reason' in read) throw new Error(`${file}: ${read?.reason ?? 'gone'}`);
  const { meta, state, envelope } = read.value;
  return `${JSON.stringify({ tenkenQueue: 1, meta, state })}\n${JSON.stringify(envelope)}\n`;
}
