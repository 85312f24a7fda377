/**
 * Seeds a collector database with a fleet's history (forked by bench/collector-bench.ts): `devices` enrolled
 * devices × `days` daily reports, oldest day first, through the store's own enroll() and ingest() — the code
 * path the upload route runs after it has verified a report — so the read tables (devices, newest report per
 * profile, fleet counters) are exactly what uploads would have left.
 *
 * Each report is a real agent report (a recorded machine's scan, its own id, sequence and times). What is
 * NOT per report: the stored signed envelope. Signing and gzipping 300,000 envelopes costs ~2.5 ms each
 * (12 minutes on this machine), so every report of a machine and profile stores the same real signed,
 * gzipped envelope of that machine's report (same size on disk as its own would be; GET /reports/:id of a
 * seeded report shows the template's ids). The fleet summary and the dashboard never read envelopes.
 * On PostgreSQL the seeding commits without waiting for the flush (synchronous_commit=off) over 32 connections.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { isPostgresUrl, openStore } from '../src/collector/open-store.ts';
import { reportFacts } from '../src/collector/report-facts.ts';
import { SqlStore } from '../src/collector/sql-store.ts';
import { CATALOGS_DIR, loadCatalogs } from '../src/policy/load.ts';
import { generateDeviceKey, keyId, publicPart } from '../src/transport/dsse.ts';
import type { Report } from '../src/report/schema.ts';
import { machineReport, sign, type MachineName, type TestDevice } from '../test/support/reports.ts';
import { FLEET_MACHINES, hostnameOf, platformOf, scanOf } from './collector-fleet.ts';
import { collectorUsage, type SeedMessage, type SeedOptions } from './collector-ipc.ts';

if (!process.send) throw new Error('forked by bench/collector-bench.ts');
const opts = JSON.parse(process.argv[2]!) as SeedOptions;
/** Resolves once the message is handed to the channel (so a disconnect after it cannot drop it). */
const send = (m: SeedMessage) => new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

let store: SqlStore = await openStore(opts.db);
// PostgreSQL: a bulk load, so the seeding connections do not wait for each commit's flush (a crash could
// lose the last commits, never corrupt), and 32 of them, not the collector's 10, keep the server busy.
const pgSeed = isPostgresUrl(opts.db);
if (pgSeed) {
  const { openPostgresDb } = await import('../src/collector/postgres-db.ts');
  await store.close();
  const url = new URL(opts.db);
  url.searchParams.set('options', '-c synchronous_commit=off');
  store = new SqlStore(await openPostgresDb(url.toString(), { poolSize: 32 }), await loadCatalogs(CATALOGS_DIR));
}
const templateKey = generateDeviceKey();
const envelopes = new Map<string, Buffer>();
const bases = new Map<string, Report>();
for (const m of FLEET_MACHINES) {
  for (const profile of ['baseline', 'telework-return']) {
    const base = await machineReport(m, profile);
    bases.set(`${m}/${profile}`, base);
    envelopes.set(`${m}/${profile}`, gzipSync(JSON.stringify(sign(base, templateKey))));
  }
}

/**
 * queuedReport of test/support/reports.ts without its deep copy of the machine's report (ingest only reads
 * the report, so the unchanged parts are shared; the copy was half the seeding time): a fresh id, scan
 * times, the next sequence and a delivery section as a scheduled daily scan has.
 */
function seededReport(device: TestDevice, base: Report, finishedAt: Date, hostname: string): Report {
  const reportId = randomUUID();
  device.sequence += 1;
  const report: Report = {
    ...base,
    reportId,
    device: { ...base.device, hostname },
    scan: { ...base.scan, startedAt: new Date(finishedAt.getTime() - 5000).toISOString(), finishedAt: finishedAt.toISOString() },
    delivery: { deviceId: device.deviceId, sequence: device.sequence, previousReportId: device.lastReportId, queuedAt: finishedAt.toISOString(), trigger: 'schedule', intervalSeconds: 86_400 },
  };
  device.lastReportId = reportId;
  return report;
}

let started = performance.now();
const devices: TestDevice[] = [];
const enrolledAt = new Date(Date.now() - (opts.days + 1) * 86_400_000);
for (let d = 0; d < opts.devices; d++) {
  const key = generateDeviceKey();
  const deviceId = randomUUID();
  const machine: MachineName = scanOf(d, 0).machine;
  await store.enroll({
    deviceId,
    tokenHash: sha256(randomBytes(32)),
    publicKey: publicPart(key),
    keyId: keyId(key),
    hostname: hostnameOf(d),
    platform: platformOf(machine),
    agentVersion: '0.1.0',
    hints: { machineId: sha256(deviceId).slice(0, 32), hardwareUuid: randomUUID().toUpperCase(), serial: `SN${d}`, macs: [`02:00:00:${[d >> 16, (d >> 8) & 255, d & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`] },
    enrolledAt,
  });
  devices.push({ deviceId, token: '', key, sequence: 0, lastReportId: null });
}
const enrollMs = performance.now() - started;

started = performance.now();
const startOfToday = Date.now() - 2 * 3_600_000;
let done = 0;
const inFlight = new Set<Promise<unknown>>();
for (let day = 0; day < opts.days; day++) {
  for (let d = 0; d < opts.devices; d++) {
    // One device in 25 went silent five days ago (still enrolled, no reports since).
    if (d % 25 === 7 && day >= opts.days - 5) continue;
    const device = devices[d]!;
    const { machine, profile } = scanOf(d, day);
    // Daily scans at a device's own time of day.
    const finishedAt = new Date(startOfToday - (opts.days - 1 - day) * 86_400_000 - (d % 600) * 60_000);
    const report = seededReport(device, bases.get(`${machine}/${profile}`)!, finishedAt, hostnameOf(d));
    const p = store
      .ingest({ deviceId: device.deviceId, facts: reportFacts(report), payloadSha256: sha256(JSON.stringify(report)), envelopeGz: envelopes.get(`${machine}/${profile}`)!, receivedAt: new Date(finishedAt.getTime() + 30_000) })
      .then((outcome) => {
        if (outcome !== 'stored') throw new Error(`seed: ${report.reportId} was ${outcome}`);
        inFlight.delete(p);
        if (++done % 20_000 === 0) void send({ type: 'progress', done });
      });
    inFlight.add(p);
    if (inFlight.size >= opts.inFlight) await Promise.race(inFlight);
  }
}
await Promise.all(inFlight);
const ingestMs = performance.now() - started;
await store.close();
await send({ type: 'seeded', reports: done, enrollMs, ingestMs, reportsPerSecond: done / (ingestMs / 1000), usage: collectorUsage() });
process.disconnect();
