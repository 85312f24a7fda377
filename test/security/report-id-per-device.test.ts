/**
 * Finding 12 of issue 13: report ids are unique per device. A device that learned another's next report id
 * and stored it first no longer gets the owner's upload refused (409); reading that id asks whose it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send } from '../support/reports.ts';

const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });

describe.each(TEST_DBS)('report id squatting on %s', (db) => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db });
  });
  afterAll(async () => c?.close());

  it("another device storing B's report id first does not block B's upload", async () => {
    const a = await enroll(c.url, c.enrollSecret);
    const b = await enroll(c.url, c.enrollSecret);
    const genuine = await queuedReport(b, 'debian', { finishedAt: new Date() });
    const squat = { ...(await queuedReport(a, 'debian', { finishedAt: new Date() })), reportId: genuine.reportId };
    expect((await send(c.url, a, squat)).status).toBe(202);
    expect((await send(c.url, b, genuine)).status).toBe(202);
    expect((await send(c.url, b, genuine)).status).toBe(200);

    const path = PATHS.report.replace(':reportId', genuine.reportId);
    expect((await fetch(`${c.url}${path}`, { headers: basic(c) })).status).toBe(409);
    const mine = (await (await fetch(`${c.url}${path}?deviceId=${b.deviceId}`, { headers: basic(c) })).json()) as { deviceId: string };
    expect(mine.deviceId).toBe(b.deviceId);
  });
});
