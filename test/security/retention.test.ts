/**
 * Finding 7 of issue 13: storage a device can fill is bounded. Counters that fall to zero go, a device keeps
 * at most 16 profiles, and retention deletes reports past --keep-days and past the per-device cap (never a
 * device's newest of a profile), and the titles of policies no newest report uses any more.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlStore } from '../../src/collector/sql-store.ts';
import { MAX_PROFILES_PER_DEVICE } from '../../src/collector/store.ts';
import type { DeviceHistory } from '../../src/collector/read-model.ts';
import { ApiError, PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send, type TestDevice } from '../support/reports.ts';

const DAY = 86_400_000;
const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });

describe.each(TEST_DBS)('bounded storage on %s', (db) => {
  let clock = new Date('2026-12-01T09:00:00.000Z');
  let c: TestCollector;
  let sql: SqlStore['db'];
  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => clock });
    sql = (c.store as SqlStore).db;
  });
  afterAll(async () => c?.close());

  const count = async (table: string, where = '1 = 1', params: (string | number)[] = []) => Number((await sql.get<{ n: unknown }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))!.n);

  /** A report of 500 checks whose ids no report had before (the attack's junk), under a policy sha256 of its own. */
  async function junk(device: TestDevice, at: Date) {
    const r = await queuedReport(device, 'debian', { finishedAt: at });
    const check = r.checks[0]!;
    const tag = randomUUID().slice(0, 8);
    r.checks = Array.from({ length: 500 }, (_, i) => ({ ...check, id: `j.${tag}.${i}` }));
    r.scan.policy = { ...r.scan.policy, sha256: randomUUID().replaceAll('-', '').padEnd(64, '0') };
    return r;
  }

  it('fresh check ids in every report do not pile up counters: the fleet counts hold one report’s worth', async () => {
    const d = await enroll(c.url, c.enrollSecret);
    for (let i = 0; i < 6; i++) {
      clock = new Date(clock.getTime() + 1000);
      expect((await send(c.url, d, await junk(d, new Date(clock.getTime() - 500)))).status).toBe(202);
    }
    expect(await count('fleet_counts', "key LIKE 'check:j.%'")).toBe(500);
  });

  it(`a device keeps at most ${MAX_PROFILES_PER_DEVICE} profiles`, async () => {
    const d = await enroll(c.url, c.enrollSecret);
    for (let i = 0; i < MAX_PROFILES_PER_DEVICE; i++) {
      const r = await queuedReport(d, 'debian', { finishedAt: clock });
      r.scan.profile = `p-${i}`;
      expect((await send(c.url, d, r)).status).toBe(202);
    }
    const over = await queuedReport(d, 'debian', { finishedAt: clock });
    over.scan.profile = 'one-too-many';
    const res = await send(c.url, d, over);
    expect(res.status).toBe(400);
    expect(ApiError.parse(await res.json()).error).toMatchObject({ code: 'invalid-report', path: 'scan.profile' });
    expect(await count('reports', 'report_id = ?', [over.reportId])).toBe(0);
  });

  it('retention deletes reports past the age and past the per-device cap, keeping each newest, and unused titles', async () => {
    const d = await enroll(c.url, c.enrollSecret);
    const start = clock;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock = new Date(start.getTime() + i * DAY);
      const r = await junk(d, clock);
      ids.push(r.reportId);
      expect((await send(c.url, d, r)).status).toBe(202);
    }
    const telework = await queuedReport(d, 'debian', { finishedAt: start, profile: 'telework-return' });
    clock = new Date(start.getTime() + 6 * DAY);
    expect((await send(c.url, d, telework)).status).toBe(202);
    const titlesBefore = await count('policy_titles');

    const left = () => count('reports', 'device_id = ?', [d.deviceId]);
    // 3 days: the four baseline reports received 3 or more days ago go, the newer ones and the telework one stay.
    expect((await c.store.prune({ keepDays: 3, maxReportsPerDevice: 1000 }, new Date(start.getTime() + 6 * DAY + 1000))).reports).toBeGreaterThanOrEqual(4);
    expect(await left()).toBe(3);
    // At most 2 per device: of the three left, the oldest goes, never a newest of its profile.
    await c.store.prune({ keepDays: 3, maxReportsPerDevice: 2 }, new Date(start.getTime() + 6 * DAY + 1000));
    expect(await left()).toBe(2);
    const h = (await (await fetch(`${c.url}${PATHS.deviceReports.replace(':deviceId', d.deviceId)}`, { headers: basic(c) })).json()) as DeviceHistory;
    expect(h.reports.map((r) => r.reportId).sort()).toEqual([ids[5]!, telework.reportId].sort());
    // Only the titles of policies some newest report uses stay (and the bundled policy's).
    expect(await count('policy_titles')).toBeLessThan(titlesBefore - 4 * 500);
    expect(await count('policy_titles', 'policy_sha256 IN (SELECT policy_sha256 FROM latest)')).toBeGreaterThan(0);
  });
});
