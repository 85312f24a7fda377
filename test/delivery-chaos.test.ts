/**
 * The delivery test: 1,000 signed reports queued and sent to a real HTTP collector through a chaos
 * proxy that is stopped, restarted, slowed past the agent's timeout, cuts connections after the collector
 * stored a report, and answers 429 (Retry-After in seconds and as an HTTP date), 500 and 503 for a while.
 * At the end every report is stored exactly once and none is lost; the order of arrival does not matter.
 * Backoff is test-sized (injected), never slept in fixed steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { enrollDevice } from '../src/transport/enroll.ts';
import { flush, openQueue, queueReport, type DeliveryContext } from '../src/transport/deliver.ts';
import type { DeviceIdentity } from '../src/transport/agent-state.ts';
import { nextDue } from '../src/transport/send.ts';
import type { Report } from '../src/report/schema.ts';
import { startChaosProxy, type ChaosAction, type ChaosProxy } from './support/chaos-proxy.ts';
import { freshCopy, scannedReport, testContext } from './support/delivery.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { enReason } from './support/reason-text.ts';

const REPORTS = 1000;

/** One cycle of 100 requests: mostly forwarded, with every kind of trouble in between. */
function chaos(n: number): ChaosAction {
  const i = n % 100;
  if (i < 20) return { kind: 'forward' };
  if (i < 23) return { kind: 'status', status: 503, retryAfter: '0' };
  if (i < 25) return { kind: 'status', status: 429, retryAfter: new Date(Date.now() - 1000).toUTCString() };
  if (i < 27) return { kind: 'status', status: 500 };
  if (i === 27) return { kind: 'forward', delayMs: 400 }; // past the agent's 150 ms timeout: stored, answer lost
  if (i === 28) return { kind: 'cut-after-forward' }; // stored, connection cut: the retry is a duplicate
  if (i < 32) return { kind: 'forward', delayMs: 30 }; // slow but in time
  if (i < 34) return { kind: 'status', status: 502 };
  return { kind: 'forward' };
}

describe('delivery through a misbehaving network', () => {
  let server: TestCollector;
  let proxy: ChaosProxy;
  let ctx: DeliveryContext;
  let identity: DeviceIdentity;
  let base: Report;

  beforeAll(async () => {
    server = await startTestCollector();
    proxy = await startChaosProxy(server.url);
    ctx = await testContext({ timeoutMs: 150, bounds: { maxCount: 10_000, maxBytes: 2 ** 31, maxAgeMs: 86_400_000 } });
    base = await scannedReport();
    ({ identity } = await enrollDevice({ collector: proxy.url, secret: server.enrollSecret, insecure: false, newIdentity: false, paths: ctx.paths, platform: 'linux', device: base.device, now: ctx.now }));
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('stores every one of 1,000 reports exactly once', async () => {
    proxy.plan = chaos;
    await proxy.stop();
    const queued = new Set<string>();
    // Queued while the collector is unreachable; now and then a flush meets the refused connection.
    for (let i = 0; i < REPORTS; i++) {
      const report = freshCopy(base, new Date());
      await queueReport(report, identity, ctx, { trigger: i % 3 ? 'schedule' : 'manual', intervalSeconds: 86_400 });
      queued.add(report.reportId);
      if (i % 250 === 0) {
        const r = await flush(ctx, identity);
        expect(r.sent).toBe(0);
        expect(enReason(r.retrying[0]?.reason)).toMatch(/refused the connection/);
      }
    }
    await proxy.start();
    let entries = (await openQueue(ctx).list()).entries;
    let passes = 0;
    let stops = 0;
    let duplicates = 0;
    while (entries.length > 0) {
      expect(entries.every((e) => e.state.rejected === null), entries.find((e) => e.state.rejected)?.state.rejected?.message).toBe(true);
      passes++;
      expect(passes, 'the queue drains').toBeLessThan(5000);
      // Every 9th pass the proxy goes away for the next pass; every 13th it is stopped in the middle of one.
      if (passes % 9 === 0) {
        await proxy.stop();
        stops++;
      } else if (!proxy.running()) await proxy.start();
      const midway = passes % 13 === 0 ? setTimeout(() => void proxy.stop().then(() => stops++), 5) : undefined;
      const due = nextDue(entries, new Date());
      if (due) await sleep(Math.max(0, due.getTime() - Date.now()));
      const result = await flush(ctx, identity);
      duplicates += result.duplicates;
      entries = result.remaining;
      clearTimeout(midway);
    }
    expect((await openQueue(ctx).list()).entries).toEqual([]);
    // The collector's own store: this device has exactly the 1,000 reports queued, each once, sequences 1…1000.
    const history = await server.store.deviceHistory(identity.deviceId, { now: new Date(), limit: REPORTS * 2 });
    expect(history!.reports).toHaveLength(REPORTS);
    expect(new Set(history!.reports.map((r) => r.reportId))).toEqual(queued);
    expect(new Set(history!.reports.map((r) => r.sequence))).toEqual(new Set(Array.from({ length: REPORTS }, (_, i) => i + 1)));
    // The trouble really happened: retries of every kind, and duplicates of reports whose answer was lost.
    for (const kind of ['status 503', 'status 429', 'status 500', 'status 502', 'slow', 'cut-after-forward']) expect(proxy.tally.get(kind) ?? 0, kind).toBeGreaterThan(0);
    expect(stops).toBeGreaterThan(5);
    expect(duplicates, 'answers lost after storing come back as duplicates').toBeGreaterThan(0);
  }, 180_000);
});
