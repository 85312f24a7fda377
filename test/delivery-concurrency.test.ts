/**
 * A flush uploads several reports at once (UPLOAD_CONCURRENCY); these are its rules that could break: a
 * retryable answer starts no new upload (those in flight finish and are recorded), a rejected report blocks
 * none of the others, nothing is lost or stored twice, uploads really overlap yet never exceed the bound, and
 * they reuse their connections. Against the real collector behind the chaos proxy (request numbers decide what
 * each gets), and a gate server that holds answers until the bound is reached — no timing is asserted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import type { DeviceIdentity } from '../src/transport/agent-state.ts';
import { DsseEnvelope } from '../src/transport/dsse.ts';
import { flush, openQueue, queueReport, type DeliveryContext } from '../src/transport/deliver.ts';
import { enrollDevice } from '../src/transport/enroll.ts';
import { UPLOAD_CONCURRENCY } from '../src/transport/send.ts';
import { startChaosProxy, type ChaosProxy } from './support/chaos-proxy.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { freshCopy, scannedReport, testContext } from './support/delivery.ts';
import { enReason } from './support/reason-text.ts';

const REPORTS = 30;

let server: TestCollector;
let proxy: ChaosProxy;
let base: Report;
beforeAll(async () => {
  [server, base] = await Promise.all([startTestCollector(), scannedReport()]);
  proxy = await startChaosProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

/** A device enrolled through the proxy with REPORTS reports queued; their ids in queue order. */
async function queued(): Promise<{ ctx: DeliveryContext; identity: DeviceIdentity; ids: string[] }> {
  proxy.plan = () => ({ kind: 'forward' });
  const ctx = await testContext({ timeoutMs: 10_000 });
  const { identity } = await enrollDevice({ collector: proxy.url, secret: server.enrollSecret, insecure: false, newIdentity: false, paths: ctx.paths, platform: 'linux', device: base.device, now: ctx.now });
  const ids: string[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const report = freshCopy(base, new Date());
    await queueReport(report, identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
    ids.push(report.reportId);
  }
  return { ctx, identity, ids };
}

const storedIds = async (identity: DeviceIdentity) =>
  ((await server.store.deviceHistory(identity.deviceId, { now: new Date(), limit: REPORTS * 4 }))?.reports ?? []).map((r) => r.reportId);

describe('a flush of several uploads at once', () => {
  it('starts no new upload after a 503, records those in flight, and loses or repeats nothing', async () => {
    const { ctx, identity, ids } = await queued();
    const first = proxy.requests;
    proxy.plan = (n) => (n === first + 2 ? { kind: 'status', status: 503, retryAfter: '120' } : { kind: 'forward' });
    const before = Date.now();
    const result = await flush(ctx, identity);
    const after = Date.now();

    // Whatever arrived after the 503 was answered was already on its way then: at most the other lanes.
    const events = proxy.events.filter((e) => e.n >= first);
    const answeredAt = events.findIndex((e) => e.n === first + 2 && e.event === 'answered');
    expect(answeredAt).toBeGreaterThan(-1);
    const arrivedLater = events.slice(answeredAt).filter((e) => e.event === 'arrived');
    expect(arrivedLater.length).toBeLessThanOrEqual(UPLOAD_CONCURRENCY - 1);
    const tried = proxy.requests - first;

    // The 503 is retried after its Retry-After; every other try was sent (forwarded, so stored).
    expect(result.retrying).toHaveLength(1);
    expect(enReason(result.retrying[0]!.reason)).toMatch(/answered 503/);
    const next = result.retrying[0]!.nextAttemptAt.getTime();
    expect(next).toBeGreaterThanOrEqual(before + 120_000);
    expect(next).toBeLessThanOrEqual(after + 120_000);
    expect(result.sent).toBe(tried - 1);
    expect(result.rejected).toEqual([]);

    // The collector's store and the queue on disk split the reports between them: each in exactly one.
    const stored = await storedIds(identity);
    const left = (await openQueue(ctx).list()).entries;
    expect(stored).toHaveLength(result.sent);
    expect(left.map((e) => e.meta.reportId)).toEqual(result.remaining.map((e) => e.meta.reportId));
    expect(new Set([...stored, ...left.map((e) => e.meta.reportId)])).toEqual(new Set(ids));
    expect(stored.length + left.length).toBe(REPORTS);
    const retried = left.find((e) => e.meta.reportId === result.retrying[0]!.entry.meta.reportId)!;
    expect(retried.state).toMatchObject({ attempts: 1, nextAttemptAt: new Date(next).toISOString(), rejected: null });
    expect(left.filter((e) => e !== retried).every((e) => e.state.attempts === 0 && e.state.nextAttemptAt === null)).toBe(true);

    // Not due yet, so an ordinary flush leaves it; `queue flush` (force) sends everything, each report once.
    proxy.plan = () => ({ kind: 'forward' });
    const again = await flush(ctx, identity);
    expect(again.remaining.map((e) => e.meta.reportId)).toEqual([retried.meta.reportId]);
    const last = await flush(ctx, identity, { force: true });
    expect(last).toMatchObject({ remaining: [], duplicates: 0 });
    const all = await storedIds(identity);
    expect(all).toHaveLength(REPORTS);
    expect(new Set(all)).toEqual(new Set(ids));
  }, 60_000);

  it('keeps a report rejected in the middle and sends all the others', async () => {
    const { ctx, identity, ids } = await queued();
    const first = proxy.requests;
    proxy.plan = (n) => (n === first + 2 ? { kind: 'status', status: 422 } : { kind: 'forward' });
    const result = await flush(ctx, identity);
    expect(proxy.requests - first).toBe(REPORTS);
    expect(result.sent).toBe(REPORTS - 1);
    expect(result.retrying).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    const held = result.rejected[0]!.entry.meta.reportId;
    expect(result.remaining.map((e) => e.meta.reportId)).toEqual([held]);
    expect(result.remaining[0]!.state.rejected).toMatchObject({ status: 422 });
    const stored = await storedIds(identity);
    expect(new Set(stored)).toEqual(new Set(ids.filter((id) => id !== held)));
    expect(stored).toHaveLength(REPORTS - 1);
  }, 60_000);
});

/**
 * A collector stand-in that answers nothing until UPLOAD_CONCURRENCY uploads wait (or all that are left), then
 * all of them: a flush that uploads one at a time never gets that far, and one that exceeds the bound is seen.
 * It checks each body is the queued envelope, gzipped, under its report id.
 */
async function startGate(total: number) {
  const gate = { connections: 0, maxInFlight: 0, answered: 0, bodies: new Map<string, DsseEnvelope>() };
  let held: { res: ServerResponse; reportId: string }[] = [];
  // Only a flush that never fills the gate comes to this: from then on answer at once, so that it ends and
  // the assertion says why.
  let fallback: NodeJS.Timeout | undefined;
  let opened = false;
  const release = () => {
    clearTimeout(fallback);
    const batch = held;
    held = [];
    for (const { res, reportId } of batch) {
      gate.answered++;
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ reportId, status: 'stored' }));
    }
  };
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reportId = String(req.headers['idempotency-key']);
      gate.bodies.set(reportId, DsseEnvelope.parse(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'))));
      held.push({ res, reportId });
      gate.maxInFlight = Math.max(gate.maxInFlight, held.length);
      if (opened || held.length >= Math.min(UPLOAD_CONCURRENCY, total - gate.answered)) release();
      else {
        clearTimeout(fallback);
        fallback = setTimeout(() => {
          opened = true;
          release();
        }, 5000);
      }
    });
  });
  http.on('connection', () => gate.connections++);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => {
    clearTimeout(fallback);
    http.close(() => resolve());
    http.closeAllConnections();
  });
  return { gate, url, close };
}

describe('uploads in flight', () => {
  it(`overlap up to UPLOAD_CONCURRENCY (${UPLOAD_CONCURRENCY}) and no more, over kept-alive connections, each the envelope as queued`, async () => {
    const { ctx, identity, ids } = await queued();
    const { gate, url, close } = await startGate(REPORTS);
    try {
      const result = await flush(ctx, { ...identity, collector: url });
      expect(result).toMatchObject({ sent: REPORTS, remaining: [] });
      expect(gate.maxInFlight).toBe(UPLOAD_CONCURRENCY);
      // Connections are kept alive: 30 uploads over at most one connection per lane.
      expect(gate.connections).toBeLessThanOrEqual(UPLOAD_CONCURRENCY);
      expect([...gate.bodies.keys()].sort()).toEqual([...ids].sort());
      const payloads = new Set([...gate.bodies.values()].map((e) => JSON.parse(Buffer.from(e.payload, 'base64').toString('utf8')).reportId as string));
      expect(payloads).toEqual(new Set(ids));
    } finally {
      await close();
    }
  }, 60_000);
});
