/**
 * PostgreSQL for the collector benchmark: the server TENKEN_TEST_POSTGRES_URL names, or else a throwaway
 * cluster of the postgres helper's test/support/postgres-cluster.ts (initdb in a temp dir, 127.0.0.1 only),
 * started with PostgreSQL's own durability defaults back on (fsync, full_page_writes, synchronous_commit:
 * each commit is flushed before the answer, as a production server does) and 256 MB of shared buffers.
 * Each benchmark phase gets a fresh database, dropped after.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { findPostgresBin, startPostgresCluster } from '../test/support/postgres-cluster.ts';

export interface BenchDatabase {
  /** What openStore takes: a SQLite file or a postgres:// URL. */
  db: string;
  sizeBytes(): Promise<number>;
  drop(): Promise<void>;
}

/** The cluster's settings for the benchmark (the test cluster turns durability off to start fast). */
export const BENCH_POSTGRES_SETTINGS: Record<string, string> = {
  fsync: 'on',
  full_page_writes: 'on',
  synchronous_commit: process.env.BENCH_PG_SYNCHRONOUS_COMMIT ?? 'on',
  shared_buffers: '256MB',
};

export async function benchPostgres(): Promise<{ version: string; url: string; fresh(): Promise<BenchDatabase>; stop(): Promise<void> }> {
  let server = process.env.TENKEN_TEST_POSTGRES_URL;
  let stop = async () => {};
  let version = 'PostgreSQL at TENKEN_TEST_POSTGRES_URL';
  if (!server) {
    const bin = await findPostgresBin();
    if (!bin) throw new Error('--db postgres: no PostgreSQL binaries (initdb, pg_ctl, postgres) on PATH or in /usr/lib/postgresql/<major>/bin; install postgresql or set TENKEN_TEST_POSTGRES_URL');
    const cluster = await startPostgresCluster(bin, { settings: BENCH_POSTGRES_SETTINGS });
    server = cluster.adminUrl;
    stop = cluster.stop;
    version = cluster.version;
  }
  const url0 = server;
  const { default: pg } = await import('pg');
  const admin = async <T>(fn: (c: InstanceType<typeof pg.Client>) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url0 });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    version,
    url: url0,
    async fresh() {
      const name = `tenken_bench_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(url0);
      url.pathname = `/${name}`;
      return {
        db: url.toString(),
        sizeBytes: () => admin(async (c) => Number((await c.query<{ n: string }>('SELECT pg_database_size($1) AS n', [name])).rows[0]!.n)),
        drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
      };
    },
    stop,
  };
}

/**
 * CPU time (user + system, ms) of this machine's PostgreSQL server processes, from /proc: the share of an
 * ingest that the database itself costs, on the same cores as the collector. null where /proc has none (a
 * server elsewhere through TENKEN_TEST_POSTGRES_URL, or not Linux). Backends that exit between two readings
 * take their time with them; the collector's pool keeps its connections for the whole timed phase.
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      continue; // gone since the listing
    }
    // pid (comm) state ppid … utime stime: fields 14 and 15, counted after the ")" that ends comm.
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' ');
    total += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  // USER_HZ is 100 on every Linux that Node runs on.
  return found ? total * 10 : null;
}
