/**
 * A real collector for tests: fastify listening on 127.0.0.1 (a free port), a throwaway database (a SQLite
 * file in a temporary folder, or a fresh database on the run's throwaway PostgreSQL, test/support/postgres.ts),
 * migrations applied, and one administrator with a random password. No upload limit unless asked for, so a
 * test can send a thousand reports from one device without waiting.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/collector/open-store.ts';
import { hashPassword } from '../../src/collector/password.ts';
import { createCollector, ensureEnrollSecret, type Collector, type CollectorOptions, type RateLimit } from '../../src/collector/server.ts';
import type { Store } from '../../src/collector/store.ts';
import { createTestDatabase, noPostgres } from './postgres.ts';

export type TestDb = 'sqlite' | 'postgres';

/**
 * The stores a store test runs on: `describe.each(TEST_DBS)`. PostgreSQL is left out only where it is not
 * installed (the global setup then warns once; `.ci/run` requires it, so CI always runs both).
 */
export const TEST_DBS: readonly TestDb[] = noPostgres() ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestCollector {
  url: string;
  /** The database, as `--db` takes it (the SQLite file or the PostgreSQL URL). */
  db: string;
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
  /** Any other option of createCollector (trustProxy, timeouts, …). */
  collector?: Partial<Omit<CollectorOptions, 'store'>>;
  /** What the Add PCs page shows: installers served from this folder, the CA fingerprint, --public-url. */
  packagesDir?: string;
  caFingerprint?: string;
  publicUrl?: string;
}

/** A store over a throwaway database; `drop` removes it. */
export async function openTestStore(db: TestDb = 'sqlite'): Promise<{ store: Store; target: string; drop(): Promise<void> }> {
  if (db === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-collector-'));
    const target = join(dir, 'collector.db');
    const store = await openStore(target);
    return { store, target, drop: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
  }
  const database = await createTestDatabase();
  const store = await openStore(database.url);
  return { store, target: database.url, drop: async () => (await store.close(), await database.drop()) };
}

export async function startTestCollector(opts: TestCollectorOptions = {}): Promise<TestCollector> {
  const { store, drop, target } = await openTestStore(opts.db ?? 'sqlite');
  const admin = { name: 'admin', password: randomBytes(18).toString('base64url') };
  await store.putAdmin(admin.name, await hashPassword(admin.password), { admin: 'test', at: new Date() });
  const { secret } = await ensureEnrollSecret(store);
  const collector = await createCollector({
    store,
    rateLimit: opts.rateLimit ?? false,
    loginFailureDelayMs: opts.loginFailureDelayMs ?? 10,
    ...(opts.now ? { now: opts.now } : {}),
    ...opts.collector,
    ...(opts.packagesDir ? { packagesDir: opts.packagesDir } : {}),
    ...(opts.caFingerprint ? { caFingerprint: opts.caFingerprint } : {}),
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
  });
  const url = await collector.listen('127.0.0.1', 0);
  return {
    url,
    db: target,
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
