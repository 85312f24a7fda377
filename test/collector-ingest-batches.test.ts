/**
 * Group commit of uploads (src/collector/batches.ts, SqlStore.ingest): uploads that arrive together are stored
 * in one transaction, each report in its own savepoint. What must hold whatever the batching: a report that
 * fails is refused alone and the others of its batch are stored; nothing is answered "stored" unless its
 * transaction committed; a report id twice in one batch is a duplicate (or a conflict), never stored twice.
 * On every available database (describe.each over TEST_DBS).
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportFacts } from '../src/collector/report-facts.ts';
import type { SqlDb } from '../src/collector/sql.ts';
import { SqlStore } from '../src/collector/sql-store.ts';
import { ReplacedTokenError, type IngestOutcome, type Store } from '../src/collector/store.ts';
import { CATALOGS_DIR, loadCatalogs } from '../src/policy/load.ts';
import type { Report } from '../src/report/schema.ts';
import { generateDeviceKey, keyId, publicPart } from '../src/transport/dsse.ts';
import { openTestStore, TEST_DBS } from './support/collector.ts';
import { enrollBody, queuedReport, type MachineName, type TestDevice } from './support/reports.ts';

describe.each(TEST_DBS)('ingest batches on %s', (db) => {
  let store: SqlStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    let opened: Store;
    ({ store: opened, drop } = await openTestStore(db));
    store = opened as SqlStore;
  });
  afterAll(async () => drop?.());

  const tokenOf = new Map<string, string>();
  async function enrolled(): Promise<TestDevice> {
    const key = generateDeviceKey();
    const body = enrollBody('unused', {}, key);
    const tokenHash = randomUUID();
    tokenOf.set(body.deviceId, tokenHash);
    await store.enroll({ deviceId: body.deviceId, tokenHash, publicKey: publicPart(key), keyId: keyId(publicPart(key)), hostname: body.hostname, platform: 'linux', agentVersion: '0.1.0', hints: body.hints, enrolledAt: new Date() });
    return { deviceId: body.deviceId, token: '', key, sequence: 0, lastReportId: null };
  }
  const digest = (report: Report) => createHash('sha256').update(JSON.stringify(report)).digest('hex');
  const ingestInto = (target: Pick<Store, 'ingest'>, device: TestDevice, report: Report, opts: { tokenHash?: string; payloadSha256?: string } = {}) =>
    target.ingest({
      deviceId: device.deviceId,
      facts: reportFacts(report),
      payloadSha256: opts.payloadSha256 ?? digest(report),
      envelopeGz: new Uint8Array([31, 139]),
      receivedAt: new Date(),
      tokenHash: opts.tokenHash ?? tokenOf.get(device.deviceId)!,
    });
  const fresh = (device: TestDevice, machine: MachineName = 'compliant') => queuedReport(device, machine, { finishedAt: new Date(Date.now() - 60_000) });
  const compliantCount = async () => (await store.fleetSummary({ profile: 'baseline', now: new Date() })).devices.byResult.compliant;

  it('stores the uploads of a batch in one transaction, and refuses only the one that fails, with its own error', async () => {
    const devices = await Promise.all(Array.from({ length: 5 }, () => enrolled()));
    const reports = await Promise.all(devices.map((d) => fresh(d)));
    const before = await compliantCount();
    const transactions = vi.spyOn(store.db, 'transaction');
    // Issued together: one batch. The third comes with a token its device no longer has.
    const results = await Promise.allSettled(devices.map((d, i) => ingestInto(store, d, reports[i]!, i === 2 ? { tokenHash: 'a token replaced since' } : {})));
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockRestore();

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ReplacedTokenError);
    for (const [i, d] of devices.entries()) expect(await store.storedDigest(d.deviceId, reports[i]!.reportId)).toBe(i === 2 ? null : digest(reports[i]!));
    // The refused report moved nothing: neither its device row nor the fleet counts.
    const listed = await store.listDevices({ now: new Date(), limit: 500, offset: 0 });
    expect(listed.devices.find((d) => d.deviceId === devices[2]!.deviceId)?.lastScanAt).toBeNull();
    expect(await compliantCount()).toBe(before + 4);
  });

  it('answers a report id sent twice in one batch as a duplicate or a conflict, and stores it once; another device may use the same id', async () => {
    const [a, b] = [await enrolled(), await enrolled()];
    const report = await fresh(a);
    const sameIdOfB = { ...(await fresh(b, 'debian')), reportId: report.reportId };
    const transactions = vi.spyOn(store.db, 'transaction');
    const outcomes = await Promise.all([
      ingestInto(store, a, report),
      ingestInto(store, a, report),
      ingestInto(store, a, report, { payloadSha256: 'f'.repeat(64) }),
      ingestInto(store, b, sameIdOfB),
    ]);
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockRestore();
    expect(outcomes).toEqual<IngestOutcome[]>(['stored', 'duplicate', 'conflict', 'stored']);
    expect(await store.storedDigest(a.deviceId, report.reportId)).toBe(digest(report));
    expect(await store.storedDigest(b.deviceId, report.reportId)).toBe(digest(sameIdOfB));
    // Counted once: the device's sequence bookkeeping saw one report, not two.
    const listed = await store.listDevices({ now: new Date(), limit: 500, offset: 0 });
    expect(listed.devices.find((d) => d.deviceId === a.deviceId)?.sequenceGaps).toBe(0);
  });

  it('answers nothing as stored when the batch never commits (the process or the connection dies before COMMIT)', async () => {
    const devices = await Promise.all(Array.from({ length: 4 }, () => enrolled()));
    const reports = await Promise.all(devices.map((d) => fresh(d)));
    const before = await compliantCount();
    const inner = store.db;
    // Every statement of the batch runs; then, before COMMIT, the connection is cut (PostgreSQL) or the
    // transaction fails (SQLite: what a crash leaves is the same — an uncommitted transaction is not there).
    const dying: SqlDb = {
      dialect: inner.dialect,
      all: (sql, params) => inner.all(sql, params),
      get: (sql, params) => inner.get(sql, params),
      run: (sql, params) => inner.run(sql, params),
      savepoint: (fn) => inner.savepoint(fn),
      close: async () => {},
      transaction: (fn) =>
        inner.transaction(async (tx) => {
          await fn(tx);
          if (tx.dialect === 'postgres') await tx.get('SELECT pg_terminate_backend(pg_backend_pid())');
          throw new Error('the collector stopped before COMMIT');
        }),
    };
    const dyingStore = new SqlStore(dying, await loadCatalogs(CATALOGS_DIR));
    const results = await Promise.allSettled(devices.map((d, i) => ingestInto(dyingStore, d, reports[i]!)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    for (const [i, d] of devices.entries()) expect(await store.storedDigest(d.deviceId, reports[i]!.reportId)).toBeNull();
    expect(await compliantCount()).toBe(before);
    // The agents send them again: stored now, as new reports (nothing of the first attempt remained).
    expect(await Promise.all(devices.map((d, i) => ingestInto(store, d, reports[i]!)))).toEqual(['stored', 'stored', 'stored', 'stored']);
    expect(await compliantCount()).toBe(before + 4);
  });
});
