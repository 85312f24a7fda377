/**
 * The store below HTTP: the SQLite driver's transactions (turns and group commit), migrations, and the
 * fleet counters kept on ingest checked against a recount after reports arrive in any order. The store
 * tests run on every available SqlDb (describe.each over TEST_DBS).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../src/collector/csv.ts';
import { MIGRATIONS, migrate } from '../src/collector/migrations.ts';
import { openStore } from '../src/collector/open-store.ts';
import { SqliteDb } from '../src/collector/sqlite-db.ts';
import { reportFacts } from '../src/collector/report-facts.ts';
import type { Store } from '../src/collector/store.ts';
import { VerifyPool } from '../src/collector/verify-pool.ts';
import { verifyUpload, type UploadOutcome } from '../src/collector/verify-upload.ts';
import type { Report } from '../src/report/schema.ts';
import { generateDeviceKey, keyId, publicPart } from '../src/transport/dsse.ts';
import { openTestStore, TEST_DBS } from './support/collector.ts';
import { enrollBody, queuedReport, sign, type MachineName, type TestDevice } from './support/reports.ts';

describe('SQLite driver', () => {
  let dir: string;
  let db: SqliteDb;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenken-sqlite-'));
    db = new SqliteDb(join(dir, 'x.db'));
    await db.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rolls back only the transaction that failed when several commit together', async () => {
    const results = await Promise.allSettled([
      db.transaction(async (tx) => tx.run("INSERT INTO t (k, v) VALUES ('a', 1)")),
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t (k, v) VALUES ('b', 2)");
        await tx.run("INSERT INTO t (k, v) VALUES ('a', 3)"); // duplicate key: this transaction fails
      }),
      db.transaction(async (tx) => tx.run("INSERT INTO t (k, v) VALUES ('c', 4)")),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await db.all('SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 'a', v: 1 }, { k: 'c', v: 4 }]);
  });

  it('keeps statements outside a transaction out of it while it awaits', async () => {
    await db.run('DELETE FROM t');
    const seen: number[] = [];
    const tx = db.transaction(async (t) => {
      await t.run("INSERT INTO t (k, v) VALUES ('x', 1)");
      await delay(30);
      await t.run("INSERT INTO t (k, v) VALUES ('y', 2)");
      throw new Error('abandon');
    });
    await delay(5);
    const read = db.get<{ n: number }>('SELECT count(*) AS n FROM t').then((r) => seen.push(r!.n));
    const write = db.run("INSERT INTO t (k, v) VALUES ('z', 3)");
    await expect(tx).rejects.toThrow('abandon');
    await Promise.all([read, write]);
    // The read waited for the rollback (saw nothing of x, y), and the write outside was not rolled back with it.
    expect(seen).toEqual([0]);
    expect(await db.all('SELECT k FROM t')).toEqual([{ k: 'z' }]);
  });

  it('applies migrations once', async () => {
    const file = join(dir, 'm.db');
    const first = new SqliteDb(file);
    expect(await migrate(first)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(first)).toEqual([]);
    await first.close();
    const store = await openStore(file);
    expect(await store.countAdmins()).toBe(0);
    await store.close();
  });
});

describe('CSV cells', () => {
  it('quotes, doubles quotes and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(f).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("a")')).toBe(`"'=HYPERLINK(""a"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});

describe.each(TEST_DBS)('store on %s', (db) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await openTestStore(db));
  });
  afterAll(async () => drop?.());

  async function enrolled(): Promise<TestDevice> {
    const key = generateDeviceKey();
    const body = enrollBody('unused', {}, key);
    await store.enroll({ deviceId: body.deviceId, tokenHash: randomUUID(), publicKey: publicPart(key), keyId: keyId(publicPart(key)), hostname: body.hostname, platform: 'linux', agentVersion: '0.1.0', hints: body.hints, enrolledAt: new Date() });
    return { deviceId: body.deviceId, token: '', key, sequence: 0, lastReportId: null };
  }

  const ingest = (device: TestDevice, report: Report) =>
    store.ingest({ deviceId: device.deviceId, facts: reportFacts(report), payloadSha256: createHash('sha256').update(JSON.stringify(report)).digest('hex'), envelopeGz: new Uint8Array([31, 139]), receivedAt: new Date() });

  it('keeps the fleet counts equal to a recount of the newest reports, whatever order reports arrive in', async () => {
    const machines: MachineName[] = ['compliant', 'neglected', 'debian', 'windows', 'mac'];
    const devices = await Promise.all(Array.from({ length: 6 }, () => enrolled()));
    // A fixed pseudo-random order (deterministic): 60 reports, scan times shuffled against arrival.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const reports: { device: TestDevice; report: Report }[] = [];
    for (let i = 0; i < 60; i++) {
      const device = devices[Math.floor(rand() * devices.length)]!;
      const profile = rand() < 0.25 ? 'telework-return' : 'baseline';
      reports.push({ device, report: await queuedReport(device, machines[Math.floor(rand() * machines.length)]!, { finishedAt: new Date(Date.UTC(2026, 10, 1) + Math.floor(rand() * 20 * 86_400_000)), profile }) });
    }
    // Half of them concurrently (committed in groups), the rest one by one.
    expect(await Promise.all(reports.slice(0, 30).map((r) => ingest(r.device, r.report)))).toEqual(Array(30).fill('stored'));
    for (const r of reports.slice(30)) expect(await ingest(r.device, r.report)).toBe('stored');
    expect(await ingest(reports[3]!.device, reports[3]!.report)).toBe('duplicate');

    for (const profile of ['baseline', 'telework-return']) {
      const newest = new Map<string, Report>();
      for (const { device, report } of reports) {
        if (report.scan.profile !== profile) continue;
        const before = newest.get(device.deviceId);
        if (!before || report.scan.finishedAt > before.scan.finishedAt) newest.set(device.deviceId, report);
      }
      const s = await store.fleetSummary({ profile, now: new Date() });
      const results = { compliant: 0, failed: 0, incomplete: 0 };
      for (const r of newest.values()) results[r.summary.result]++;
      expect(s.devices.byResult).toEqual(results);
      for (const check of s.checks) {
        const expected = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, error: 0 };
        for (const r of newest.values()) {
          const status = r.checks.find((x) => x.id === check.id)?.status;
          if (status) expected[status]++;
        }
        expect(check.counts, `${profile} ${check.id}`).toEqual(expected);
      }
      for (const item of s.items) {
        const meets = [...newest.values()].filter((r) => r.guidelines.find((g) => g.ref === item.ref)?.status === 'pass').length;
        expect(item.devices.meets, `${profile} ${item.ref}`).toBe(meets);
      }
      const list = await store.listDevices({ now: new Date(), limit: 100, offset: 0 });
      for (const d of list.devices.filter((x) => devices.some((y) => y.deviceId === x.deviceId))) {
        const mine = reports.filter((r) => r.device.deviceId === d.deviceId).map((r) => r.report);
        const last = mine.reduce((a, b) => (b.scan.finishedAt > a.scan.finishedAt ? b : a));
        expect(d.lastScanAt).toBe(last.scan.finishedAt);
        expect(d.lastProfile).toBe(last.scan.profile);
        expect(d.sequenceGaps).toBe(0);
      }
    }
  });

  it('keeps administrators, sessions and settings', async () => {
    expect(await store.countAdmins()).toBe(0);
    expect(await store.putAdmin('root', 'scrypt$1', { admin: 'cli:ops', at: new Date(1_000) })).toBe('added');
    expect(await store.putAdmin('root', 'scrypt$2', { admin: 'cli:ops', at: new Date(2_000) })).toBe('password');
    expect(await store.countAdmins()).toBe(1);
    expect(await store.adminPasswordHash('root')).toBe('scrypt$2');
    expect(await store.adminPasswordHash('nobody')).toBeNull();
    const now = new Date();
    await store.createSession('h1', 'root', new Date(now.getTime() + 1000));
    expect(await store.sessionAdmin('h1', now)).toBe('root');
    expect(await store.sessionAdmin('h1', new Date(now.getTime() + 1000))).toBeNull();
    await store.deleteSession('h1');
    expect(await store.sessionAdmin('h1', now)).toBeNull();
    expect(await store.getSetting('x')).toBeNull();
    // Listing and removing: a removed administrator's sessions end with them.
    await store.putAdmin('alice', 'scrypt$3', { admin: 'cli:ops', at: new Date(now.getTime() - 60_000) });
    expect((await store.listAdmins()).map((a) => a.name)).toEqual(['alice', 'root']);
    expect((await store.listAdmins())[0]!.createdAt.getTime()).toBe(now.getTime() - 60_000);
    await store.createSession('h2', 'alice', new Date(now.getTime() + 60_000));
    expect(await store.sessionAdmin('h2', now)).toBe('alice');
    expect(await store.removeAdmin('alice', { admin: 'cli:sato', at: now })).toBe(true);
    expect(await store.sessionAdmin('h2', now)).toBeNull();
    expect(await store.adminPasswordHash('alice')).toBeNull();
    expect(await store.removeAdmin('alice', { admin: 'cli:sato', at: now })).toBe(false);
    expect((await store.listAdmins()).map((a) => a.name)).toEqual(['root']);
    // Each change is in the administrators' audit, newest first; removing no one records nothing.
    expect(await store.adminAudit({ limit: 10 })).toEqual([
      { at: now.toISOString(), by: 'cli:sato', action: 'removed', name: 'alice' },
      { at: new Date(now.getTime() - 60_000).toISOString(), by: 'cli:ops', action: 'added', name: 'alice' },
      { at: new Date(2_000).toISOString(), by: 'cli:ops', action: 'password', name: 'root' },
      { at: new Date(1_000).toISOString(), by: 'cli:ops', action: 'added', name: 'root' },
    ]);
    await store.putSetting('x', '1');
    await store.putSetting('x', '2');
    expect(await store.getSetting('x')).toBe('2');
  });
});

describe('verify workers', () => {
  it('answer as the inline check does, for a good upload and for each kind of refusal', async () => {
    const key = generateDeviceKey();
    const device: TestDevice = { deviceId: randomUUID(), token: '', key, sequence: 0, lastReportId: null };
    const report = await queuedReport(device, 'windows', { finishedAt: new Date() });
    const good = Buffer.from(JSON.stringify(sign(report, key)));
    const broken = structuredClone(report) as unknown as { checks: { status: string }[] };
    broken.checks[1]!.status = 'maybe';
    const jobs = [
      { raw: good, gzip: false, publicKeyX: key.x },
      { raw: gzipSync(good), gzip: true, publicKeyX: key.x },
      { raw: good, gzip: false, publicKeyX: generateDeviceKey().x },
      { raw: Buffer.from(JSON.stringify(sign(broken, key))), gzip: false, publicKeyX: key.x },
      { raw: gzipSync(Buffer.alloc(2 * 1024 * 1024, 32)), gzip: true, publicKeyX: key.x },
    ];
    const pool = new VerifyPool(2);
    try {
      const threaded = await Promise.all(jobs.map((j) => pool.run(j)));
      const inline = jobs.map((j) => verifyUpload(j));
      const comparable = (o: UploadOutcome) => (o.ok ? { ...o, envelopeGz: o.envelopeGz ? gunzipSync(o.envelopeGz).toString() : undefined } : o);
      expect(threaded.map(comparable)).toEqual(inline.map(comparable));
      expect(threaded.map((o) => (o.ok ? 'ok' : `${o.status} ${o.code} ${o.path ?? ''}`))).toEqual(['ok', 'ok', '401 bad-signature ', '400 invalid-report checks[1].status', '413 too-large ']);
      expect(threaded[0]).toMatchObject({ ok: true, facts: reportFacts(report), payloadSha256: createHash('sha256').update(JSON.stringify(report)).digest('hex') });
      expect(threaded[1]).not.toHaveProperty('envelopeGz'); // a gzip body is stored as it came
    } finally {
      await pool.close();
    }
  });
});
