/**
 * Several collectors behind a load balancer (issue 6): two real collectors over real HTTP sharing one
 * PostgreSQL database. They start together (migrations and the enroll secret are settled once), accept reports
 * of the same device from either side, and a report posted to both at the same moment is stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/collector/migrations.ts';
import { openStore } from '../src/collector/open-store.ts';
import { openPostgresDb, type PostgresDb } from '../src/collector/postgres-db.ts';
import { createCollector, ensureEnrollSecret, type Collector } from '../src/collector/server.ts';
import type { SqlStore } from '../src/collector/sql-store.ts';
import { createTestDatabase, noPostgres, type TestDatabase } from './support/postgres.ts';
import { enroll, queuedReport, reenroll, send, type TestDevice } from './support/reports.ts';

const DAY = 86_400_000;

describe.skipIf(noPostgres())('two collectors on one PostgreSQL database', () => {
  let database: TestDatabase;
  let stores: SqlStore[] = [];
  let collectors: Collector[] = [];
  let urls: string[] = [];
  let secrets: { secret: string; created: boolean }[] = [];
  let sql: PostgresDb;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Both start at once on an empty database: both try to migrate and to create the enroll secret.
    stores = await Promise.all([openStore(database.url), openStore(database.url)]);
    secrets = await Promise.all(stores.map((s) => ensureEnrollSecret(s)));
    collectors = await Promise.all(stores.map((store) => createCollector({ store, rateLimit: false })));
    urls = await Promise.all(collectors.map((c) => c.listen('127.0.0.1', 0)));
    sql = await openPostgresDb(database.url);
  });
  afterAll(async () => {
    for (const c of collectors) await c.close();
    for (const s of stores) await s.close();
    await sql?.close();
    await database?.drop();
  });

  it('migrates once when both start together', async () => {
    const applied = await sql.all<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('agrees on one enroll secret, created by one of them', async () => {
    expect(secrets[0]!.secret).toBe(secrets[1]!.secret);
    expect(secrets.filter((s) => s.created)).toHaveLength(1);
    // A device enrolls with it on either collector.
    const device = await enroll(urls[1]!, secrets[0]!.secret);
    expect(device.token.length).toBeGreaterThan(0);
  });

  describe('one device reporting through both', () => {
    let device: TestDevice;
    beforeAll(async () => {
      device = await enroll(urls[0]!, secrets[0]!.secret, { hostname: 'PC-SHARED-01' });
    });

    it('stores a report posted to both at the same moment once, and answers the other copy as a duplicate', async () => {
      const start = Date.UTC(2026, 10, 1, 9);
      const reports = [];
      for (let i = 0; i < 12; i++) reports.push(await queuedReport(device, i % 3 === 0 ? 'neglected' : 'compliant', { finishedAt: new Date(start + i * DAY), intervalSeconds: 86_400 }));
      // Every report to both collectors at once, all reports concurrently: 24 uploads racing on one device row.
      const answers = await Promise.all(
        reports.map(async (r) => {
          const both = await Promise.all(urls.map((url) => send(url, device, r)));
          return Promise.all(both.map(async (res) => ({ status: res.status, body: (await res.json()) as { reportId: string; status: string } })));
        }),
      );
      for (const [i, pair] of answers.entries()) {
        expect(pair.map((a) => a.body.reportId)).toEqual([reports[i]!.reportId, reports[i]!.reportId]);
        expect(pair.map((a) => `${a.status} ${a.body.status}`).sort()).toEqual(['200 duplicate', '202 stored']);
      }

      const stored = await sql.all<{ report_id: string }>('SELECT report_id FROM reports WHERE device_id = ? ORDER BY finished_at', [device.deviceId]);
      expect(stored.map((r) => r.report_id)).toEqual(reports.map((r) => r.reportId));

      // The read tables moved once per report, whichever collector stored it: both see the same device.
      const newest = reports.at(-1)!;
      for (const store of stores) {
        const history = await store.deviceHistory(device.deviceId, { now: new Date(start + 12 * DAY), limit: 100 });
        expect(history?.reports.map((r) => r.reportId)).toEqual(reports.map((r) => r.reportId).reverse());
        expect(history?.device).toMatchObject({ lastScanAt: newest.scan.finishedAt, sequenceGaps: 0, intervalSeconds: 86_400 });
        const fleet = await store.fleetSummary({ profile: 'baseline', now: new Date(start + 12 * DAY) });
        expect(fleet.devices.byResult).toEqual({ compliant: 0, failed: 0, incomplete: 0, [newest.summary.result]: 1 });
        for (const check of fleet.checks) {
          const status = newest.checks.find((c) => c.id === check.id)?.status;
          expect(Object.values(check.counts).reduce((a, b) => a + b, 0), check.id).toBe(status ? 1 : 0);
          if (status) expect(check.counts[status], check.id).toBe(1);
        }
      }
    });
  });

  it('refuses at once a token replaced through the other collector, though the first one had it in use', async () => {
    const start = Date.UTC(2026, 10, 1, 9);
    const first = await enroll(urls[0]!, secrets[0]!.secret, { hostname: 'PC-SHARED-02' });
    const earlier = await queuedReport(first, 'compliant', { finishedAt: new Date(start) });
    expect((await send(urls[0]!, first, earlier)).status).toBe(202);
    const again = await reenroll(urls[1]!, secrets[0]!.secret, first);
    const later = await queuedReport(first, 'compliant', { finishedAt: new Date(start + DAY) });
    expect((await send(urls[0]!, first, later)).status).toBe(401);
    expect((await send(urls[0]!, first, earlier)).status).toBe(401);
    const stored = await sql.all<{ report_id: string }>('SELECT report_id FROM reports WHERE device_id = ?', [first.deviceId]);
    expect(stored.map((r) => r.report_id)).toEqual([earlier.reportId]);
    expect((await send(urls[0]!, again, await queuedReport(again, 'compliant', { finishedAt: new Date(start + DAY) }))).status).toBe(202);
  });
});
