/**
 * The tests' side of the run's throwaway PostgreSQL (test/support/postgres-cluster.ts, started once by
 * test/support/postgres-global-setup.ts): whether there is one, and a fresh database per test suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { INSTALL_HINT, PASSWORD_ROLE } from './postgres-cluster.ts';

export { freePort, INSTALL_HINT, PASSWORD_ROLE } from './postgres-cluster.ts';

/** What the global setup hands every test file (vitest `provide`/`inject`); null: no PostgreSQL here. */
export interface ProvidedPostgres {
  /** Superuser connection to the cluster's `postgres` database, for creating and dropping test databases. */
  adminUrl: string;
  version: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres | null;
  }
}

/**
 * The cluster of this test run, or null when PostgreSQL is not installed (and not required). Outside vitest
 * (the benchmarks import the test collector) there is no run to ask, hence null: inject() would throw.
 */
export const providedPostgres = (): ProvidedPostgres | null => (process.env.VITEST ? inject('postgres') : null);

/** For describe.skipIf: true when the PostgreSQL suites cannot run here (the global setup already warned). */
export const noPostgres = (): boolean => providedPostgres() === null;

export interface TestDatabase {
  /** postgres://… of a database of its own, empty. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function asAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The one login the cluster checks a password for (PASSWORD_ROLE, scram on 127.0.0.1; every other login is
 * trusted), created on first use; its password is returned.
 */
export async function ensurePasswordRole(): Promise<string> {
  const provided = providedPostgres();
  if (!provided) throw new Error(`no PostgreSQL for this test run: ${INSTALL_HINT}`);
  const password = 'right-one';
  await asAdmin(provided.adminUrl, (c) => c.query(`DO $$ BEGIN CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${password}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`));
  return password;
}

/** CREATE DATABASE with a random name on the run's cluster; drop() removes it, closing whatever still uses it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const provided = providedPostgres();
  if (!provided) throw new Error(`no PostgreSQL for this test run: ${INSTALL_HINT}`);
  const name = `tenken_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(provided.adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(provided.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => asAdmin(provided.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
