/**
 * Finding 2 of issue 13: a report dated in the future (a wrong clock, or on purpose) no longer stays the
 * device's newest for good. A scan cannot end after its report arrived, so it counts as ended on arrival; the
 * device shows how far its clock was ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceHistory } from '../../src/collector/read-model.ts';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send } from '../support/reports.ts';

const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });

describe.each(TEST_DBS)('future-dated reports on %s', (db) => {
  let clock = new Date('2026-12-01T09:00:00.000Z');
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => clock });
  });
  afterAll(async () => c?.close());

  const history = async (deviceId: string) => (await (await fetch(`${c.url}${PATHS.deviceReports.replace(':deviceId', deviceId)}`, { headers: basic(c) })).json()) as DeviceHistory;

  it('a report from 2099 is the newest only until the next honest one, and shows the clock ahead meanwhile', async () => {
    const d = await enroll(c.url, c.enrollSecret, { hostname: 'SKEW-PC' });
    const future = await queuedReport(d, 'compliant', { finishedAt: new Date('2099-01-01T00:00:00.000Z'), hostname: 'SKEW-PC-2099' });
    expect((await send(c.url, d, future)).status).toBe(202);
    let h = await history(d.deviceId);
    expect(h.device).toMatchObject({ hostname: 'SKEW-PC-2099', lastResult: 'compliant', lastScanAt: clock.toISOString() });
    expect(h.device.clockAheadSeconds).toBeGreaterThan(70 * 365 * 86_400);

    clock = new Date(clock.getTime() + 60_000);
    const honest = await queuedReport(d, 'neglected', { finishedAt: new Date(clock.getTime() - 1000), hostname: 'SKEW-PC-now' });
    expect((await send(c.url, d, honest)).status).toBe(202);
    h = await history(d.deviceId);
    expect(h.device).toMatchObject({ hostname: 'SKEW-PC-now', lastResult: 'failed', clockAheadSeconds: null });
    expect(h.reports.map((r) => r.reportId)).toEqual([honest.reportId, future.reportId]);
  });

  it('a clock a little ahead (under 5 minutes) is not flagged', async () => {
    const d = await enroll(c.url, c.enrollSecret);
    expect((await send(c.url, d, await queuedReport(d, 'debian', { finishedAt: new Date(clock.getTime() + 120_000) }))).status).toBe(202);
    expect((await history(d.deviceId)).device.clockAheadSeconds).toBeNull();
  });
});
