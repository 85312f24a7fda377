/**
 * `npm run bench:collector`: the collector under load on loopback, each store on its own fresh database.
 *
 *  1. Ingest: `--concurrency` senders POST signed, gzipped agent reports (20–50 KB of report JSON, the
 *     agent's own scans of recorded machines, each a fresh id and sequence of one of `--ingest-devices`
 *     enrolled devices) as fast as the collector answers. The collector runs in its own process
 *     (bench/collector-server.ts), the load generator in another (bench/collector-load.ts), which signs
 *     everything before the clock starts. Throughput, latency percentiles, the collector's CPU time and
 *     peak RSS. Goal: ≥ 1,000 reports/s on SQLite.
 *  2. Fleet summary: `--devices` × `--days` daily reports seeded through the store's ingest
 *     (bench/collector-seed.ts), then GET /api/v1/fleet/summary (admin, HTTP Basic) and the dashboard's
 *     GET / (when src/collector/dashboard/ has it) `--repeats` times each. Server time is fastify's
 *     reply.elapsedTime per request; the client's time is shown beside it. Goal: under 200 ms.
 *
 * Numbers are printed; goals are reported, never enforced.
 *
 *   npm run bench:collector [-- --db sqlite|postgres|both] [--quick] [--devices 10000] [--days 30]
 *     [--reports 20000] [--ingest-devices 500] [--concurrency 50] [--repeats 200] [--instances 1] [--cpu-prof]
 *     [--verify-threads N] [--only ingest|summary]
 *
 * --instances N runs N collectors on the one database for the ingest phase (senders spread over them), as
 * behind a load balancer; --verify-threads N gives each collector N verify workers (0: verify inline);
 * --cpu-prof writes a CPU profile of each collector's timed phase.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultVerifyThreads } from '../src/collector/verify-pool.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { summarize, type LoadMessage, type LoadOptions, type ParentMessage, type RunResult, type SeedMessage, type SeedOptions, type ServerMessage, type Usage } from './collector-ipc.ts';
import { BENCH_POSTGRES_SETTINGS, benchPostgres, postgresCpuMs, type BenchDatabase } from './collector-databases.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    quick: { type: 'boolean', default: false },
    devices: { type: 'string' },
    days: { type: 'string' },
    reports: { type: 'string' },
    'ingest-devices': { type: 'string' },
    concurrency: { type: 'string' },
    repeats: { type: 'string' },
    instances: { type: 'string' },
    'verify-threads': { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const int = (v: string | undefined, full: number, quick: number): number => {
  const n = v === undefined ? (args.quick ? quick : full) : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${v}`);
  return n;
};
const O = {
  devices: int(args.devices, 10_000, 500),
  days: int(args.days, 30, 5),
  reports: int(args.reports, 20_000, 2_000),
  ingestDevices: int(args['ingest-devices'], 500, 200),
  concurrency: int(args.concurrency, 50, 50),
  repeats: int(args.repeats, 200, 30),
  instances: int(args.instances, 1, 1),
};
type StoreKind = 'sqlite' | 'postgres';
const STORES: readonly StoreKind[] | undefined = args.db === 'both' ? ['sqlite', 'postgres'] : args.db === 'sqlite' || args.db === 'postgres' ? [args.db] : undefined;
if (!STORES) throw new Error('--db sqlite, postgres or both');
if (args.only !== undefined && args.only !== 'ingest' && args.only !== 'summary') throw new Error('--only ingest or summary');
const HERE = import.meta.dirname;
const PROFILE_DIR = join(tmpdir(), 'tenken-bench-profiles');

// ---- processes ------------------------------------------------------------------------------------------

function once<T>(child: ChildProcess, accept: (m: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    // A message sent just before exiting may be read after the exit is seen: give it a moment.
    const onExit = (code: number | null) => setTimeout(() => reject(new Error(`${child.spawnargs.slice(-2, -1).join(' ')} exited (${code}) before answering`)), 500);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

interface Server {
  child: ChildProcess;
  info: Extract<ServerMessage, { type: 'listening' }>;
  ask<K extends 'usage' | 'timings'>(type: K): Promise<Extract<ServerMessage, { type: K }>>;
  /** --cpu-prof: starts the collector's CPU profiler, or (a label) writes its profile and returns the file. */
  profile(label?: string): Promise<string | null>;
  stop(): Promise<Usage>;
}

async function startServer(db: string): Promise<Server> {
  const child = fork(join(HERE, 'collector-server.ts'), [db, args['verify-threads'] ?? ''], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await once<ServerMessage>(child, (m) => m.type === 'listening');
  const ask = <K extends 'usage' | 'timings'>(type: K) => {
    const answer = once<ServerMessage>(child, (m) => m.type === type);
    child.send({ type } satisfies ParentMessage);
    return answer as Promise<Extract<ServerMessage, { type: K }>>;
  };
  return {
    child,
    info: info as Extract<ServerMessage, { type: 'listening' }>,
    ask,
    async profile(label) {
      if (!args['cpu-prof']) return null;
      const file = label === undefined ? null : join(PROFILE_DIR, `collector-${label}-${new Date().toISOString().replace(/[:.]/g, '')}.cpuprofile`);
      const done = once<ServerMessage>(child, (m) => m.type === 'profiled');
      child.send({ type: 'profile', file } satisfies ParentMessage);
      await done;
      return file;
    },
    async stop() {
      const stopped = once<ServerMessage>(child, (m) => m.type === 'stopped');
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' } satisfies ParentMessage);
      const { usage } = (await stopped) as Extract<ServerMessage, { type: 'stopped' }>;
      await exited;
      return usage;
    },
  };
}

// ---- databases ----------------------------------------------------------------------------------------

async function sqliteDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'tenken-bench-collector-'));
  const file = join(dir, 'collector.db');
  return {
    db: file,
    async sizeBytes() {
      let total = 0;
      for (const f of await readdir(dir)) total += (await stat(join(dir, f))).size;
      return total;
    },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function freshDatabase(store: 'sqlite' | 'postgres'): Promise<BenchDatabase> {
  return store === 'sqlite' ? sqliteDatabase() : (await pg()).fresh();
}
let pgServer: Awaited<ReturnType<typeof benchPostgres>> | undefined;
const pg = async () => {
  if (!pgServer) {
    pgServer = await benchPostgres();
    log(`postgres: ${pgServer.version} at ${pgServer.url}`);
  }
  return pgServer;
};

// ---- 1. ingest ---------------------------------------------------------------------------------------

interface IngestResult {
  prepared: Extract<LoadMessage, { type: 'prepared' }>;
  timed: RunResult;
  collectorCpuMs: number;
  collectorSysMs: number;
  collectorMainThreadMs: number;
  /** PostgreSQL's own processes over the timed phase (null: SQLite, or a server /proc does not show). */
  databaseCpuMs: number | null;
  collectorPeakRssMb: number;
  /** 1-minute load average as the timed phase began and ended. */
  loadAverage: [number, number];
}

async function ingest(store: 'sqlite' | 'postgres'): Promise<IngestResult> {
  const database = await freshDatabase(store);
  // One after the other: the first migrates and makes the enroll secret, the others find them.
  const servers: Server[] = [];
  try {
    for (let i = 0; i < O.instances; i++) servers.push(await startServer(database.db));
    const load: LoadOptions = {
      url: servers[0]!.info.url,
      urls: servers.map((s) => s.info.url),
      enrollSecret: servers[0]!.info.enrollSecret,
      devices: O.ingestDevices,
      reports: O.reports,
      warmup: Math.min(2000, Math.ceil(O.reports / 10)),
      concurrency: O.concurrency,
    };
    const child = fork(join(HERE, 'collector-load.ts'), [JSON.stringify(load)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    log(`[${store}] ingest: enrolling ${load.devices} devices, signing ${load.warmup + load.reports} reports …`);
    const prepared = await once<LoadMessage>(child, (m) => m.type === 'prepared');
    if (prepared.type !== 'prepared') throw new Error('unreachable');
    log(`[${store}]   enrolled in ${(prepared.enrollMs / 1000).toFixed(1)} s, signed in ${(prepared.prepareMs / 1000).toFixed(1)} s; warm-up ${load.warmup} reports …`);
    const run = async (phase: 'warmup' | 'timed') => {
      const answer = once<LoadMessage>(child, (m) => m.type === 'result' && m.phase === phase);
      child.send({ type: 'run', phase });
      return ((await answer) as Extract<LoadMessage, { type: 'result' }>).result;
    };
    const usage = () => Promise.all(servers.map(async (s) => (await s.ask('usage')).usage));
    await run('warmup');
    const before = await usage();
    const databaseBefore = store === 'postgres' ? postgresCpuMs() : null;
    log(`[${store}]   timed: ${load.reports} reports, ${load.concurrency} senders${O.instances > 1 ? `, ${O.instances} collectors` : ''} …`);
    await Promise.all(servers.map((s) => s.profile()));
    const load0 = loadAverage();
    const timed = await run('timed');
    const after = await usage();
    const databaseAfter = store === 'postgres' ? postgresCpuMs() : null;
    const profiles = await Promise.all(servers.map((s, i) => s.profile(`ingest-${store}-${i}`)));
    for (const p of profiles) if (p) log(`[${store}]   CPU profile of the timed phase: ${p}`);
    const final = await Promise.all(servers.map((s) => s.stop()));
    const sum = (xs: Usage[], k: 'cpuMs' | 'sysMs' | 'mainThreadMs') => xs.reduce((a, u) => a + u[k], 0);
    return {
      prepared,
      timed,
      collectorCpuMs: sum(after, 'cpuMs') - sum(before, 'cpuMs'),
      collectorSysMs: sum(after, 'sysMs') - sum(before, 'sysMs'),
      collectorMainThreadMs: sum(after, 'mainThreadMs') - sum(before, 'mainThreadMs'),
      databaseCpuMs: databaseBefore !== null && databaseAfter !== null ? databaseAfter - databaseBefore : null,
      collectorPeakRssMb: Math.max(...after.map((u) => u.peakRssMb), ...final.map((u) => u.peakRssMb)),
      loadAverage: [load0, loadAverage()],
    };
  } finally {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill();
    await database.drop();
  }
}

/** Other work on this machine (other sessions' builds and tests) competes for its two cores: shown with the numbers. */
const loadAverage = (): number => loadavg()[0]!;

// ---- 2. fleet summary --------------------------------------------------------------------------------

interface SummaryResult {
  seed: Extract<SeedMessage, { type: 'seeded' }>;
  sizeBytes: number;
  pages: { path: string; server: ReturnType<typeof summarize>; client: ReturnType<typeof summarize>; bytes: number }[];
  collectorPeakRssMb: number;
}

function get(agent: Agent, base: string, path: string, auth: string): Promise<{ status: number; bytes: number }> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { authorization: auth } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function getJson<T>(agent: Agent, base: string, path: string, auth: string): Promise<T> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { authorization: auth } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function fleetSummary(store: 'sqlite' | 'postgres'): Promise<SummaryResult> {
  const database = await freshDatabase(store);
  try {
    const seedOptions: SeedOptions = { db: database.db, devices: O.devices, days: O.days, inFlight: store === 'sqlite' ? 64 : Number(process.env.BENCH_PG_SEED_IN_FLIGHT ?? 8) };
    log(`[${store}] summary: seeding ${O.devices} devices × ${O.days} days …`);
    const child = fork(join(HERE, 'collector-seed.ts'), [JSON.stringify(seedOptions)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: SeedMessage) => m.type === 'progress' && log(`[${store}]   ${m.done} reports seeded`));
    const seed = (await once<SeedMessage>(child, (m) => m.type === 'seeded')) as Extract<SeedMessage, { type: 'seeded' }>;
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    const sizeBytes = await database.sizeBytes();
    log(`[${store}]   seeded ${seed.reports} reports in ${(seed.ingestMs / 1000).toFixed(1)} s (${seed.reportsPerSecond.toFixed(0)}/s), ${(sizeBytes / 1048576).toFixed(0)} MB on disk; timing pages …`);

    const server = await startServer(database.db);
    try {
      const auth = `Basic ${Buffer.from(`${server.info.admin.name}:${server.info.admin.password}`).toString('base64')}`;
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      // The dashboard's pages an administrator walks: the fleet, an item's failing devices (each failing
      // device's report opened for its checks), a device with its newest report's checks and history.
      const anyDevice = await getJson<{ devices: { deviceId: string }[] }>(agent, server.info.url, `${PATHS.devices}?limit=1&offset=${Math.floor(O.devices / 2)}`, auth);
      const devicePath = `/devices/${anyDevice.devices[0]!.deviceId}`;
      const paths = [PATHS.fleetSummary, ...(server.info.dashboard ? ['/', '/items/ipa-jisha-shindan:13?state=fails', '/items/ipa-jisha-shindan:1', devicePath, '/telework'] : [])];
      const pages: SummaryResult['pages'] = [];
      for (const path of paths) {
        // The first answers pay for the cold cache and the Basic credential's scrypt: not counted.
        for (let i = 0; i < 5; i++) await get(agent, server.info.url, path, auth);
        await server.ask('timings');
        await server.profile();
        const client: number[] = [];
        let bytes = 0;
        for (let i = 0; i < O.repeats; i++) {
          const s = performance.now();
          const answer = await get(agent, server.info.url, path, auth);
          client.push(performance.now() - s);
          if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
          bytes = answer.bytes;
        }
        const { timings } = await server.ask('timings');
        const profile = await server.profile(`${store}-GET${path.replace(/[^A-Za-z0-9]+/g, '-')}`);
        if (profile) log(`[${store}]   CPU profile of GET ${path}: ${profile}`);
        pages.push({ path, server: summarize(timings.map((t) => t.ms)), client: summarize(client), bytes });
      }
      agent.destroy();
      const usage = await server.stop();
      return { seed, sizeBytes, pages, collectorPeakRssMb: usage.peakRssMb };
    } finally {
      if (server.child.exitCode === null) server.child.kill();
    }
  } finally {
    await database.drop();
  }
}

// ---- report -----------------------------------------------------------------------------------------

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const rows: [string, string, string, string, string][] = [];
const row = (store: string, metric: string, value: string, goal = '', met?: boolean) => {
  rows.push([store, metric, value, goal, met === undefined ? '' : met ? 'yes' : 'NO']);
  log(`[${store}]   = ${metric}: ${value}`);
};
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

const started = Date.now();
try {
  for (const store of STORES) {
    if (args.only !== 'summary') {
      const r = await ingest(store);
      const ok = r.timed.statuses['202'] ?? 0;
      const perSecond = ok / (r.timed.wallMs / 1000);
      const l = summarize(r.timed.latencies);
      const goal = store === 'sqlite' ? 1000 : 800;
      row(store, `ingest: reports/s (${O.concurrency} senders, ${r.timed.sent} reports)`, perSecond.toFixed(0), `≥ ${goal}/s`, perSecond >= goal);
      row(store, 'ingest: latency p50 / p95 / p99', `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`);
      row(store, 'ingest: answers', Object.entries(r.timed.statuses).map(([s, n]) => `${s}×${n}`).join(' '), 'all 202', ok === r.timed.sent);
      row(store, 'ingest: collector CPU per report (of it kernel)', `${ms(r.collectorCpuMs / r.timed.sent)} (${ms(r.collectorSysMs / r.timed.sent)})`, '');
      row(store, 'ingest: of it on the main thread (HTTP, database)', ms(r.collectorMainThreadMs / r.timed.sent), '');
      if (r.databaseCpuMs !== null) row(store, 'ingest: PostgreSQL server CPU per report', ms(r.databaseCpuMs / r.timed.sent), '');
      // The least CPU a report can cost here: its verification with no other thread competing, plus the main
      // thread's and the database's shares as measured. The cores divided by it bound the rate at this report size.
      const leastMs = r.prepared.verifyCpuMs + r.collectorMainThreadMs / r.timed.sent + (r.databaseCpuMs ?? 0) / r.timed.sent;
      row(store, 'ingest: verification alone on one thread (of it the report schema)', `${ms(r.prepared.verifyCpuMs)} (${ms(r.prepared.schemaCpuMs)})`, '');
      row(store, `ingest: ceiling: ${availableParallelism()} cores ÷ (verification alone + main thread${r.databaseCpuMs !== null ? ' + PostgreSQL' : ''})`, `${((availableParallelism() * 1000) / leastMs).toFixed(0)} reports/s`, '');
      row(store, `ingest: collector${O.instances > 1 ? `s (${O.instances})` : ''} CPU use`, `${((r.collectorCpuMs / r.timed.wallMs) * 100).toFixed(0)} % of a core`, '');
      row(store, 'ingest: reports/s per core of CPU at that cost', `${(1000 / (r.collectorCpuMs / r.timed.sent)).toFixed(0)} reports/s`, '');
      row(store, `ingest: collector peak RSS${O.instances > 1 ? ' (largest)' : ''}`, `${r.collectorPeakRssMb.toFixed(0)} MB`, '');
      row(store, 'ingest: machine load average, start → end', `${r.loadAverage[0].toFixed(1)} → ${r.loadAverage[1].toFixed(1)}`, '');
      row(store, 'ingest: load generator CPU use', `${((r.timed.loadCpuMs / r.timed.wallMs) * 100).toFixed(0)} % of a core`, '');
      row(store, 'ingest: report JSON / gzip body, mean', `${(r.prepared.meanReportBytes / 1024).toFixed(1)} KB / ${(r.prepared.meanGzipBytes / 1024).toFixed(1)} KB`, '20–50 KB', r.prepared.meanReportBytes >= 20_000 && r.prepared.meanReportBytes <= 51_200);
      for (const e of r.timed.errors) log(`[${store}] answer: ${e}`);
    }
    if (args.only !== 'ingest') {
      const r = await fleetSummary(store);
      row(store, `seed: ${r.seed.reports} reports (${O.devices} devices × ${O.days} days)`, `${(r.seed.ingestMs / 1000).toFixed(1)} s, ${r.seed.reportsPerSecond.toFixed(0)}/s`);
      row(store, 'seed: database on disk', `${(r.sizeBytes / 1048576).toFixed(0)} MB`, '');
      for (const p of r.pages) {
        const page = p.path.startsWith('/api/') ? p.path : p.path.replace(/^\/devices\/[0-9a-f-]{36}$/, '/devices/:id');
        row(store, `GET ${page} server p50 / p99 (${p.server.n}×)`, `${ms(p.server.p50)} / ${ms(p.server.p99)}`, 'p50 ≤ 50 ms, p99 ≤ 200 ms', p.server.p50 <= 50 && p.server.p99 < 200);
        row(store, `GET ${page} client p50 / p99, ${(p.bytes / 1024).toFixed(1)} KB`, `${ms(p.client.p50)} / ${ms(p.client.p99)}`, '');
      }
      row(store, 'summary: collector peak RSS', `${r.collectorPeakRssMb.toFixed(0)} MB`, '');
    }
  }
} finally {
  await pgServer?.stop();
}
const pgNote = pgServer ? `${pgServer.version}, ${Object.entries(BENCH_POSTGRES_SETTINGS).map(([k, v]) => `${k}=${v}`).join(' ')}, pool of 10 connections per collector (the driver's default; the seeding: 32, synchronous_commit=off)` : '';

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['store', 'metric', 'value', 'goal', 'met?'], ...rows].map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
console.log(`\ntenken collector benchmark — loopback, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (pgNote) console.log(`postgres: ${pgNote}`);
console.log('sqlite: node:sqlite, WAL, synchronous=NORMAL (the collector\'s own settings)');
console.log(`options: --db ${args.db} --instances ${O.instances} --verify-threads ${args['verify-threads'] ?? `default (${defaultVerifyThreads()})`} --devices ${O.devices} --days ${O.days} --reports ${O.reports} --ingest-devices ${O.ingestDevices} --concurrency ${O.concurrency} --repeats ${O.repeats}${args.quick ? ' (--quick)' : ''}\n`);
console.log(line(['store', 'metric', 'value', 'goal', 'met?']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
