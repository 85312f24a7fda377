/**
 * A real collector for tests: fastify listening on 127.0.0.1 (a free port), a throwaway database (a SQLite
 * file in a temporary folder, or a fresh PostgreSQL database on the server TENKEN_TEST_POSTGRES_URL names),
 * migrations applied, and one administrator with a random password. No upload limit unless asked for, so a
 * test can send a thousand reports from one device without waiting.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/collector/open-store.ts';
import { hashPassword } from '../../src/collector/password.ts';
import { createCollector, ensureEnrollSecret, type Collector, type RateLimit } from '../../src/collector/server.ts';
import type { Store } from '../../src/collector/store.ts';

export type TestDb = 'sqlite' | 'postgres';

/** PostgreSQL server for tests (`.ci/run` starts one); without it only SQLite runs. */
export const POSTGRES_TEST_URL = process.env.TENKEN_TEST_POSTGRES_URL;
/** The stores a store test runs on: `describe.each(TEST_DBS)`. */
export const TEST_DBS: readonly TestDb[] = POSTGRES_TEST_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestCollector {
  url: string;
  enrollSecret: string;
  admin: { name: string; password: string };
  store: Store;
  collector: Collector;
  close(): Promise<void>;
}

export interface TestCollectorOptions {
  db?: TestDb;
  rateLimit?: RateLimit | false;
  now?: () => Date;
  loginFailureDelayMs?: number;
}

/** A store over a throwaway database; `drop` removes it. */
export async function openTestStore(db: TestDb = 'sqlite'): Promise<{ store: Store; drop(): Promise<void> }> {
  if (db === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-collector-'));
    const store = await openStore(join(dir, 'collector.db'));
    return { store, drop: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
  }
  if (!POSTGRES_TEST_URL) throw new Error('set TENKEN_TEST_POSTGRES_URL to a PostgreSQL server for the postgres tests');
  const { default: pg } = await import('pg');
  const name = `tenken_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    store,
    drop: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestCollector(opts: TestCollectorOptions = {}): Promise<TestCollector> {
  const { store, drop } = await openTestStore(opts.db ?? 'sqlite');
  const admin = { name: 'admin', password: randomBytes(18).toString('base64url') };
  await store.putAdmin(admin.name, await hashPassword(admin.password), new Date());
  const { secret } = await ensureEnrollSecret(store);
  const collector = await createCollector({
    store,
    rateLimit: opts.rateLimit ?? false,
    loginFailureDelayMs: opts.loginFailureDelayMs ?? 10,
    ...(opts.now ? { now: opts.now } : {}),
  });
  // The dashboard plugs in here when merged: await registerDashboard(collector.app, { read: collector.read, requireAdmin: collector.requireAdmin });
  const url = await collector.listen('127.0.0.1', 0);
  return {
    url,
    enrollSecret: secret,
    admin,
    store,
    collector,
    async close() {
      await collector.close();
      await drop();
    },
  };
}
