/**
 * Databases for the collector benchmark. PostgreSQL: the server TENKEN_TEST_POSTGRES_URL names (a fresh
 * database on it per phase, dropped after).
 */
import { randomBytes } from 'node:crypto';

export interface BenchDatabase {
  /** What openStore takes: a SQLite file or a postgres:// URL. */
  db: string;
  sizeBytes(): Promise<number>;
  drop(): Promise<void>;
}

export async function benchPostgres(): Promise<{ fresh(): Promise<BenchDatabase>; stop(): Promise<void> }> {
  const server = process.env.TENKEN_TEST_POSTGRES_URL;
  if (!server) throw new Error('--db postgres: set TENKEN_TEST_POSTGRES_URL to a PostgreSQL server');
  const { default: pg } = await import('pg');
  const admin = async <T>(fn: (c: InstanceType<typeof pg.Client>) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    async fresh() {
      const name = `tenken_bench_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(server);
      url.pathname = `/${name}`;
      return {
        db: url.toString(),
        sizeBytes: () => admin(async (c) => Number((await c.query<{ n: string }>('SELECT pg_database_size($1) AS n', [name])).rows[0]!.n)),
        drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
      };
    },
    stop: async () => {},
  };
}
