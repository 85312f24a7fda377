/**
 * The device side of the collector over real HTTP (docs/api.md): enrollment and report upload, and every
 * bad request of issue 6, on each available store. The reports are the agent's own scans of recorded
 * machines (test/support/reports.ts), signed with the device keys as the agent signs them.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKey, keyId, publicPart, signEnvelope } from '../src/transport/dsse.ts';
import { ApiError, EnrollResponse, MAX_ENVELOPE_BYTES, PATHS, REPORT_PAYLOAD_TYPE } from '../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, enrollBody, postEnvelope, queuedReport, reenroll, send, sign, type TestDevice } from './support/reports.ts';

const DAY = 86_400_000;

async function apiError(res: Response, status: number, code: string): Promise<ApiError['error']> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = ApiError.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  return body.error;
}

function basic(c: TestCollector): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` };
}

async function history(c: TestCollector, deviceId: string) {
  const res = await fetch(`${c.url}${PATHS.deviceReports.replace(':deviceId', deviceId)}`, { headers: basic(c) });
  expect(res.status).toBe(200);
  return (await res.json()) as { device: { lastScanAt: string | null; lastReportAt: string | null }; reports: { reportId: string }[] };
}

describe.each(TEST_DBS)('collector ingest on %s', (db) => {
  let clock = new Date('2026-12-01T09:00:00.000Z');
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => clock });
  });
  afterAll(async () => c?.close());

  describe('enroll', () => {
    it('registers a device with the enroll secret and answers a token and the key thumbprint', async () => {
      const key = generateDeviceKey();
      const body = enrollBody(c.enrollSecret, {}, key);
      const res = await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      const answer = EnrollResponse.parse(await res.json());
      expect(answer).toMatchObject({ deviceId: body.deviceId, keyId: keyId(publicPart(key)), enrolledAt: clock.toISOString() });
      expect(answer.token.length).toBeGreaterThanOrEqual(32);
    });

    it('refuses a wrong enroll secret (401) and a malformed request (400 with the path)', async () => {
      const wrong = await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollBody(`${c.enrollSecret}x`)) });
      await apiError(wrong, 401, 'unauthorized');
      const bad = await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...enrollBody(c.enrollSecret), deviceId: 'PC-1' }) });
      expect((await apiError(bad, 400, 'bad-request')).path).toBe('deviceId');
    });

    it('enrolling again with the same device id replaces key and token: the old token is refused afterwards', async () => {
      const first = await enroll(c.url, c.enrollSecret);
      const again = await reenroll(c.url, c.enrollSecret, first, clock);
      expect(again.token).not.toBe(first.token);
      const report = await queuedReport(first, 'debian', { finishedAt: clock });
      await apiError(await send(c.url, first, report), 401, 'unauthorized');
      // The new token with a report signed by the replaced key: the signature no longer verifies.
      await apiError(await send(c.url, { ...again, key: first.key }, report), 401, 'bad-signature');
      expect((await send(c.url, again, report)).status).toBe(202);
    });

    it('a token in use (looked up before, so remembered) stops working the moment its device enrolls again', async () => {
      const first = await enroll(c.url, c.enrollSecret);
      const earlier = await queuedReport(first, 'debian', { finishedAt: clock });
      expect((await send(c.url, first, earlier)).status).toBe(202);
      const again = await reenroll(c.url, c.enrollSecret, first, clock);
      // A new report and a repeat of the stored one, both signed with the key the token came with.
      await apiError(await send(c.url, first, await queuedReport(first, 'debian', { finishedAt: clock })), 401, 'unauthorized');
      await apiError(await send(c.url, first, earlier), 401, 'unauthorized');
      expect((await send(c.url, again, await queuedReport(again, 'debian', { finishedAt: clock }))).status).toBe(202);
      expect((await send(c.url, again, earlier)).status).toBe(200);
    });
  });

  describe('reports', () => {
    let device: TestDevice;
    let other: TestDevice;
    beforeAll(async () => {
      device = await enroll(c.url, c.enrollSecret, { hostname: 'PC-SALES-012' });
      other = await enroll(c.url, c.enrollSecret, { hostname: 'PC-OTHER' });
    });

    it('stores a signed report (202), gzip or not, as application/json too', async () => {
      const a = await queuedReport(device, 'compliant', { finishedAt: new Date(clock.getTime() - 3 * DAY) });
      const res = await send(c.url, device, a);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ reportId: a.reportId, status: 'stored' });
      const b = await queuedReport(device, 'compliant', { finishedAt: new Date(clock.getTime() - 2 * DAY) });
      expect((await send(c.url, device, b, { gzip: false, contentType: 'application/json' })).status).toBe(202);
      expect((await history(c, device.deviceId)).reports.map((r) => r.reportId)).toEqual([b.reportId, a.reportId]);
    });

    it('keeps the envelope as received: the stored report is the signed payload', async () => {
      const r = await queuedReport(device, 'neglected', { finishedAt: new Date(clock.getTime() - 1.5 * DAY) });
      expect((await send(c.url, device, r)).status).toBe(202);
      const res = await fetch(`${c.url}${PATHS.report.replace(':reportId', r.reportId)}`, { headers: basic(c) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ reportId: r.reportId, deviceId: device.deviceId, receivedAt: clock.toISOString(), report: JSON.parse(JSON.stringify(r)) });
    });

    it('answers a duplicate as success and stores it once; the same id with another payload is a conflict', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: new Date(clock.getTime() - DAY) });
      expect((await send(c.url, device, r)).status).toBe(202);
      const again = await send(c.url, device, r, { gzip: false });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ reportId: r.reportId, status: 'duplicate' });
      const ids = (await history(c, device.deviceId)).reports.map((x) => x.reportId);
      expect(ids.filter((id) => id === r.reportId)).toHaveLength(1);
      const changed = { ...r, device: { ...r.device, hostname: 'changed' } };
      await apiError(await send(c.url, device, changed), 409, 'conflict');
    });

    it('a replayed old report is a duplicate and changes nothing, even once it is past the age limit', async () => {
      const old = await queuedReport(device, 'windows', { finishedAt: new Date(clock.getTime() - 10 * DAY) });
      expect((await send(c.url, device, old)).status).toBe(202);
      const newer = await queuedReport(device, 'debian', { finishedAt: new Date(clock.getTime() - DAY / 2) });
      expect((await send(c.url, device, newer)).status).toBe(202);
      const before = await history(c, device.deviceId);
      const saved = clock;
      clock = new Date(clock.getTime() + 3 * DAY);
      try {
        expect((await send(c.url, device, old)).status).toBe(200);
        clock = new Date(saved.getTime() + 61 * DAY);
        const late = await send(c.url, device, old);
        expect(late.status).toBe(200);
        expect(await late.json()).toEqual({ reportId: old.reportId, status: 'duplicate' });
      } finally {
        clock = saved;
      }
      expect(await history(c, device.deviceId)).toEqual(before);
      expect(before.device.lastScanAt).toBe(newer.scan.finishedAt);
    });

    it('refuses a report older than the age limit (400 stale-report)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: new Date(clock.getTime() - 61 * DAY) });
      await apiError(await send(c.url, device, r), 400, 'stale-report');
    });

    it('refuses uploads without a token, with a wrong token, or an unknown one (401)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      await apiError(await send(c.url, device, r, { token: null }), 401, 'unauthorized');
      await apiError(await send(c.url, device, r, { token: `${device.token}x` }), 401, 'unauthorized');
      await apiError(await send(c.url, device, r, { token: 'a'.repeat(43) }), 401, 'unauthorized');
    });

    it('refuses a bad signature, a tampered payload and a report signed by another device (401 bad-signature)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      const envelope = sign(r, device.key);
      const badSig = { ...envelope, signatures: [{ ...envelope.signatures[0]!, sig: Buffer.alloc(64, 7).toString('base64') }] };
      await apiError(await postEnvelope(c.url, badSig, { token: device.token, reportId: r.reportId }), 401, 'bad-signature');
      const tampered = { ...envelope, payload: Buffer.from(JSON.stringify({ ...r, summary: { ...r.summary, result: 'compliant' } })).toString('base64') };
      await apiError(await postEnvelope(c.url, tampered, { token: device.token, reportId: r.reportId }), 401, 'bad-signature');
      // Signed by the other device's key, its key id named in the envelope: only the registered key counts.
      await apiError(await postEnvelope(c.url, sign(r, other.key), { token: device.token, reportId: r.reportId }), 401, 'bad-signature');
      const wrongType = signEnvelope('application/json', Buffer.from(JSON.stringify(r)), device.key);
      await apiError(await postEnvelope(c.url, wrongType, { token: device.token, reportId: r.reportId }), 400, 'bad-request');
    });

    it('refuses an invalid report with the path of the first error (400 invalid-report)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      const broken = structuredClone(r) as unknown as { checks: { status: string }[] };
      broken.checks[3]!.status = 'maybe';
      const e = await apiError(await send(c.url, device, broken as never), 400, 'invalid-report');
      expect(e.path).toBe('checks[3].status');
      expect(e.message).toMatch(/^checks\[3\]\.status: /);
      const notJson = signEnvelope(REPORT_PAYLOAD_TYPE, Buffer.from('{not json'), device.key);
      await apiError(await postEnvelope(c.url, notJson, { token: device.token, reportId: r.reportId }), 400, 'invalid-report');
    });

    it('refuses a report of another device or under another id (400 device-mismatch)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      const foreign = { ...r, delivery: { ...r.delivery!, deviceId: other.deviceId } };
      await apiError(await send(c.url, device, foreign), 400, 'device-mismatch');
      const unknown = { ...r, delivery: { ...r.delivery!, deviceId: randomUUID() } };
      await apiError(await send(c.url, device, unknown), 400, 'device-mismatch');
      const { delivery: _dropped, ...undelivered } = r;
      await apiError(await send(c.url, device, undelivered), 400, 'device-mismatch');
      await apiError(await send(c.url, device, r, { idempotencyKey: randomUUID() }), 400, 'device-mismatch');
      await apiError(await send(c.url, device, r, { idempotencyKey: null }), 400, 'bad-request');
    });

    it('refuses an envelope over 1 MiB, sent plain or as a gzip bomb (413)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      const padded = sign({ ...r, padding: 'x'.repeat(MAX_ENVELOPE_BYTES) }, device.key);
      await apiError(await postEnvelope(c.url, padded, { token: device.token, reportId: r.reportId, gzip: false }), 413, 'too-large');
      // Far over the limit: refused by the server before it reads it all.
      await apiError(await postEnvelope(c.url, null, { token: device.token, reportId: r.reportId, body: Buffer.alloc(3 * MAX_ENVELOPE_BYTES, 32) }), 413, 'too-large');
      const bomb = gzipSync(Buffer.alloc(64 * MAX_ENVELOPE_BYTES, 32), { level: 9 });
      expect(bomb.length).toBeLessThan(MAX_ENVELOPE_BYTES / 4);
      await apiError(await postEnvelope(c.url, null, { token: device.token, reportId: r.reportId, body: bomb, headers: { 'content-encoding': 'gzip' } }), 413, 'too-large');
      await apiError(await postEnvelope(c.url, null, { token: device.token, reportId: r.reportId, body: Buffer.from('not gzip'), headers: { 'content-encoding': 'gzip' } }), 400, 'bad-request');
    });

    it('refuses other media types and encodings (415) and bodies that are not envelopes (400)', async () => {
      const r = await queuedReport(device, 'debian', { finishedAt: clock });
      await apiError(await send(c.url, device, r, { contentType: 'text/plain', gzip: false }), 415, 'unsupported-media-type');
      await apiError(await send(c.url, device, r, { gzip: false, headers: { 'content-encoding': 'br' } }), 415, 'unsupported-media-type');
      await apiError(await postEnvelope(c.url, null, { token: device.token, reportId: r.reportId, body: '{"payload":', gzip: false }), 400, 'bad-request');
      const e = await apiError(await postEnvelope(c.url, null, { token: device.token, reportId: r.reportId, body: '{"payloadType":"x","payload":"aGk=","signatures":[]}', gzip: false }), 400, 'bad-request');
      expect(e.path).toBe('signatures');
    });
  });

  it('answers health and unknown routes in the documented shapes', async () => {
    const health = await fetch(`${c.url}${PATHS.health}`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', db });
    await apiError(await fetch(`${c.url}/api/v1/nothing`), 404, 'not-found');
    await apiError(await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }), 400, 'bad-request');
  });
});

describe('upload rate limit', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ rateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => c?.close());

  it('answers 429 with Retry-After once a device is over its limit; other devices are not affected', async () => {
    const busy = await enroll(c.url, c.enrollSecret);
    const calm = await enroll(c.url, c.enrollSecret);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(c.url, busy, await queuedReport(busy, 'debian', { finishedAt: new Date() }))).status);
    expect(statuses).toEqual([202, 202, 202]);
    const limited = await send(c.url, busy, await queuedReport(busy, 'debian', { finishedAt: new Date() }));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await apiError(limited, 429, 'rate-limited');
    expect((await send(c.url, calm, await queuedReport(calm, 'debian', { finishedAt: new Date() }))).status).toBe(202);
  });
});

describe('health when the database is gone', () => {
  it('answers 503 unavailable with Retry-After', async () => {
    const c = await startTestCollector();
    try {
      await c.store.close();
      const res = await fetch(`${c.url}${PATHS.health}`);
      expect(res.headers.get('retry-after')).toBe('30');
      await apiError(res, 503, 'unavailable');
    } finally {
      await c.close();
    }
  });
});
