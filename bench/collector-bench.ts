/**
 * `npm run bench:collector`: the collector's two goals of issue 6, on SQLite and on PostgreSQL, printed as a
 * table (goals are reported, never enforced).
 *
 * 1. Ingest: 50 concurrent senders POST signed, gzip-compressed reports over loopback to a real collector
 *    (bench/collector-bench-server.ts, in a worker thread so the senders do not share its event loop). The
 *    reports are the agent's own scans of the recorded machines (test/support/reports.ts: replays of
 *    test/recordings and the probes' fixtures, 43–46 KB of JSON each), each with its own id, sequence and
 *    scan time, signed with its device's Ed25519 key exactly as `tenken scan --send` signs. All bodies are
 *    built before the clock starts. Reported: reports/s and p50/p99 latency per upload. Goal ≥ 1,000/s on SQLite.
 * 2. Fleet summary: a fresh database seeded with 10,000 devices × 30 days of daily reports (300,000) through
 *    the store's own ingest path (store.ingest: the same rows in every table as uploads make), then
 *    store.fleetSummary + its JSON, which is the server's time for GET /api/v1/fleet/summary and the
 *    dashboard's first page. Goal under 200 ms. The seeded reports are the same recorded machines, a device
 *    changing machine (and so its statuses) every week, so the newest report per device moves the counters on
 *    every day. On PostgreSQL the seeding connection commits with synchronous_commit=off (not waiting for each
 *    commit's WAL flush; the same rows), the measuring one with the stock setting. Documented shortcut: the seeded history keeps one small stand-in gzip as its stored envelope
 *    (the fleet summary never reads envelopes; `--real-envelopes` stores a full signed one per report instead,
 *    ~25 KB each, 7.5 GB per store at full size).
 *
 * PostgreSQL: a throwaway cluster from test/support/postgres-cluster.ts with PostgreSQL's stock durability
 * (fsync, synchronous_commit and full_page_writes on; shared_buffers 128MB), or `--pg-url postgres://…`
 * (a database the benchmark may fill: it creates and drops its own databases there).
 *
 *   npm run bench:collector [-- --stores sqlite,postgres --devices 10000 --days 30 --reports 6000 --senders 50]
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { openStore } from '../src/collector/open-store.ts';
import type { SqlStore } from '../src/collector/sql-store.ts';
import type { Report } from '../src/report/schema.ts';
import { generateDeviceKey, keyId, publicPart } from '../src/transport/dsse.ts';
import { ENVELOPE_CONTENT_TYPE, PATHS } from '../src/transport/protocol.ts';
import { findPostgresBin, INSTALL_HINT, startPostgresCluster, type PostgresCluster } from '../test/support/postgres-cluster.ts';
import { enroll, machineReport, MACHINES, queuedReport, sign, type MachineName, type TestDevice } from '../test/support/reports.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const STORES = option('stores', 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const DEVICES = Number(option('devices', '10000'));
const DAYS = Number(option('days', '30'));
const REPORTS = Number(option('reports', '6000'));
const SENDERS = Number(option('senders', '50'));
const UPLOAD_DEVICES = Number(option('upload-devices', '500'));
const SUMMARY_RUNS = Number(option('runs', '30'));
const REAL_ENVELOPES = process.argv.includes('--real-envelopes');
const PG_URL = process.argv.includes('--pg-url') ? option('pg-url', '') : null;

const DAY = 86_400_000;
const MACHINE_NAMES = Object.keys(MACHINES) as MachineName[];

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

/** Where each store's databases come from: a temp dir of SQLite files, or databases on one PostgreSQL server. */
interface Databases {
  create(label: string): Promise<string>;
  /** The same database for the seeding connection: may commit without waiting for the disk (same rows). */
  forSeeding(db: string): string;
  drop(db: string): Promise<void>;
  close(): Promise<void>;
  describe: string;
}

async function sqliteDatabases(): Promise<Databases> {
  const dir = await mkdtemp(join(tmpdir(), 'tenken-bench-'));
  return {
    describe: `node:sqlite ${process.versions.sqlite} (WAL, synchronous=NORMAL), ${dir}`,
    create: async (label) => join(dir, `${label}.db`),
    forSeeding: (db) => db,
    drop: async (db) => {
      for (const suffix of ['', '-wal', '-shm']) await rm(db + suffix, { force: true });
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresDatabases(): Promise<Databases> {
  let cluster: PostgresCluster | null = null;
  let adminUrl = PG_URL;
  if (!adminUrl) {
    const bin = await findPostgresBin();
    if (!bin) throw new Error(`PostgreSQL is not installed: ${INSTALL_HINT}`);
    // Stock durability, so the numbers are what an installation would see (the test cluster turns it off).
    cluster = await startPostgresCluster(bin, { settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: "'128MB'" } });
    adminUrl = cluster.adminUrl;
  }
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl! });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const version = String((await admin('SHOW server_version')).rows[0]?.server_version);
  return {
    describe: `PostgreSQL ${version} (${cluster ? 'throwaway cluster, stock durability' : 'given server'})`,
    create: async (label) => {
      const name = `tenken_bench_${label}_${randomUUID().slice(0, 8)}`;
      await admin(`CREATE DATABASE ${name}`);
      const u = new URL(adminUrl!);
      u.pathname = `/${name}`;
      return u.toString();
    },
    // synchronous_commit=off for the seeding session only: each commit returns before its WAL reaches the disk
    // (like SQLite's synchronous=NORMAL); the rows are the same, and the measurements use stock settings.
    forSeeding: (db) => {
      const u = new URL(db);
      u.searchParams.set('options', '-c synchronous_commit=off');
      return u.toString();
    },
    drop: async (db) => {
      await admin(`DROP DATABASE IF EXISTS ${new URL(db).pathname.slice(1)} WITH (FORCE)`);
    },
    close: async () => cluster?.stop(),
  };
}

/** The collector in a worker thread, over the given database. */
async function startServer(db: string): Promise<{ url: string; stop(): Promise<void> }> {
  const worker = new Worker(new URL('./collector-bench-server.ts', import.meta.url), { workerData: { db } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  return {
    url,
    stop: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

/** Runs tasks with `width` of them in flight at a time. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

interface IngestResult {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  bodyKb: number;
}

async function benchIngest(databases: Databases): Promise<IngestResult> {
  const db = await databases.create('ingest');
  const server = await startServer(db);
  try {
    // Enroll with the secret the collector created in the database.
    const store = await openStore(db);
    const secret = (await store.getSetting('enroll-secret'))!;
    await store.close();
    const devices: TestDevice[] = [];
    await pool(Array.from({ length: UPLOAD_DEVICES }), 20, async () => {
      devices.push(await enroll(server.url, secret, { hostname: `PC-${String(devices.length).padStart(5, '0')}` }));
    });
    // Bodies first: each report its own id, sequence and scan time, signed by its device and gzipped.
    const warmup = Math.min(500, Math.ceil(REPORTS / 10));
    const start = Date.now() - 20 * DAY;
    const bodies: { token: string; reportId: string; body: Uint8Array }[] = [];
    for (let i = 0; i < REPORTS + warmup; i++) {
      const device = devices[i % devices.length]!;
      const report = await queuedReport(device, MACHINE_NAMES[i % MACHINE_NAMES.length]!, { finishedAt: new Date(start + i * 1000), intervalSeconds: 86_400 });
      bodies.push({ token: device.token, reportId: report.reportId, body: new Uint8Array(gzipSync(JSON.stringify(sign(report, device.key)))) });
    }
    const post = async (b: (typeof bodies)[number]) => {
      const res = await fetch(`${server.url}${PATHS.reports}`, {
        method: 'POST',
        headers: { 'content-type': ENVELOPE_CONTENT_TYPE, 'content-encoding': 'gzip', authorization: `Bearer ${b.token}`, 'idempotency-key': b.reportId },
        body: b.body,
      });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${text}`);
    };
    await pool(bodies.slice(0, warmup), SENDERS, post);
    const timed = bodies.slice(warmup);
    const latencies: number[] = [];
    const t0 = performance.now();
    await pool(timed, SENDERS, async (b) => {
      const t = performance.now();
      await post(b);
      latencies.push(performance.now() - t);
    });
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: timed.length / seconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1)!,
      bodyKb: timed.reduce((n, b) => n + b.body.length, 0) / timed.length / 1024,
    };
  } finally {
    await server.stop();
    await databases.drop(db);
  }
}

interface SummaryResult {
  seeded: number;
  seedSeconds: number;
  p50: number;
  p95: number;
  max: number;
  listP50: number;
}

/** A small pseudo-random number from a string (deterministic seeding). */
const hash = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);

async function benchFleetSummary(databases: Databases): Promise<SummaryResult> {
  const db = await databases.create('fleet');
  const store: SqlStore = await openStore(databases.forSeeding(db));
  try {
    const bases = new Map<MachineName, Report>();
    const envelopes = new Map<MachineName, Uint8Array>();
    const signer = generateDeviceKey();
    for (const m of MACHINE_NAMES) {
      bases.set(m, await machineReport(m));
      envelopes.set(m, new Uint8Array(gzipSync(JSON.stringify(sign(bases.get(m), signer)))));
    }
    const standIn = new Uint8Array(gzipSync('{"stand-in":"seeded history; see bench/collector-bench.ts"}'));
    const now = Date.now();
    const first = now - DAYS * DAY;
    const ids: string[] = [];
    for (let d = 0; d < DEVICES; d++) {
      const key = generateDeviceKey();
      const deviceId = randomUUID();
      ids.push(deviceId);
      await store.enroll({
        deviceId,
        tokenHash: createHash('sha256').update(deviceId).digest('hex'),
        publicKey: publicPart(key),
        keyId: keyId(publicPart(key)),
        hostname: `PC-${String(d).padStart(5, '0')}`,
        platform: 'linux',
        agentVersion: '0.1.0',
        hints: { machineId: createHash('sha256').update(`m${deviceId}`).digest('hex').slice(0, 32), hardwareUuid: null, serial: null, macs: [] },
        enrolledAt: new Date(first - DAY),
      });
    }
    // Day by day, the whole fleet, as daily scheduled reports arrive; each device's scan at its own time of day.
    const t0 = performance.now();
    let seeded = 0;
    for (let day = 0; day < DAYS; day++) {
      await pool(ids, 16, async (deviceId, i) => {
        const machine = MACHINE_NAMES[(hash(deviceId) + Math.floor((day + (i % 7)) / 7)) % MACHINE_NAMES.length]!;
        const base = bases.get(machine)!;
        const finished = first + day * DAY + (hash(deviceId) % 3_600_000);
        // Shallow copies: the store reads the report and never changes it.
        const report: Report = {
          ...base,
          reportId: randomUUID(),
          scan: { ...base.scan, startedAt: new Date(finished - 5000).toISOString(), finishedAt: new Date(finished).toISOString() },
          device: { ...base.device, hostname: `PC-${String(i).padStart(5, '0')}` },
          delivery: { deviceId, sequence: day + 1, previousReportId: null, queuedAt: new Date(finished).toISOString(), trigger: 'schedule', intervalSeconds: 86_400 },
        };
        const outcome = await store.ingest({
          deviceId,
          report,
          payloadSha256: createHash('sha256').update(report.reportId).digest('hex'),
          envelopeGz: REAL_ENVELOPES ? envelopes.get(machine)! : standIn,
          receivedAt: new Date(finished + 60_000),
        });
        if (outcome !== 'stored') throw new Error(`seeding: ${outcome}`);
        seeded++;
      });
      process.stderr.write(`\r  seeded day ${day + 1}/${DAYS} (${seeded} reports, ${(seeded / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
    }
    process.stderr.write('\n');
    const seedSeconds = (performance.now() - t0) / 1000;

    const times: number[] = [];
    const lists: number[] = [];
    for (let run = 0; run < SUMMARY_RUNS + 3; run++) {
      const t = performance.now();
      const summary = await store.fleetSummary({ profile: 'baseline', now: new Date() });
      JSON.stringify(summary);
      if (run >= 3) times.push(performance.now() - t);
      if (summary.devices.total !== DEVICES) throw new Error(`fleet summary counted ${summary.devices.total} devices`);
      const l = performance.now();
      await store.listDevices({ now: new Date(), limit: 50, offset: 0, filter: 'failing' });
      if (run >= 3) lists.push(performance.now() - l);
    }
    times.sort((a, b) => a - b);
    lists.sort((a, b) => a - b);
    return { seeded, seedSeconds, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1)!, listP50: quantile(lists, 0.5) };
  } finally {
    await store.close();
    await databases.drop(db);
  }
}

const rows: string[][] = [];
for (const kind of STORES) {
  const databases = kind === 'sqlite' ? await sqliteDatabases() : await postgresDatabases();
  try {
    console.error(`${kind}: ${databases.describe}`);
    console.error(`  ingest: ${REPORTS} reports from ${UPLOAD_DEVICES} devices, ${SENDERS} concurrent senders`);
    const ingest = await benchIngest(databases);
    console.error(`  fleet summary: seeding ${DEVICES} devices × ${DAYS} days`);
    const summary = await benchFleetSummary(databases);
    rows.push([
      kind,
      `${ingest.perSecond.toFixed(0)}/s`,
      ms(ingest.p50),
      ms(ingest.p99),
      `${ingest.bodyKb.toFixed(1)} KB`,
      `${summary.seeded} in ${summary.seedSeconds.toFixed(0)} s`,
      ms(summary.p50),
      ms(summary.p95),
      ms(summary.listP50),
    ]);
  } finally {
    await databases.close();
  }
}

const header = ['store', 'ingest', 'p50', 'p99', 'gzip body', 'history seeded', 'fleet summary p50', 'p95', 'device list p50'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`collector benchmark: loopback, ${SENDERS} senders, reports of the recorded machines; fleet of ${DEVICES} devices × ${DAYS} days`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log('goals (issue 6): ingest ≥ 1,000 reports/s on SQLite; fleet summary under 200 ms');
