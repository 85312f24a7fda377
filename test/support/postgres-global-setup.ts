/**
 * vitest globalSetup: one throwaway PostgreSQL cluster serves every test file of the run (test/support/postgres-cluster.ts),
 * handed to them through `provide('postgres', …)`; stopped and removed when the run ends.
 *
 * Without PostgreSQL installed: TENKEN_REQUIRE_POSTGRES=1 (set by .ci/run) fails the run with how to install
 * it; otherwise the PostgreSQL suites are skipped and this says so once.
 */
import { styleText } from 'node:util';
import type { TestProject } from 'vitest/node';
import { findPostgresBin, INSTALL_HINT, startPostgresCluster } from './postgres-cluster.ts';
// Type-only: brings the ProvidedContext declaration that types provide('postgres', …), and no vitest runtime.
import type { ProvidedPostgres } from './postgres.ts';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const bin = await findPostgresBin();
  if (!bin) {
    if (process.env.TENKEN_REQUIRE_POSTGRES === '1') {
      throw new Error(`TENKEN_REQUIRE_POSTGRES=1 but PostgreSQL is not installed (no initdb/pg_ctl/postgres on PATH or in /usr/lib/postgresql/*/bin): ${INSTALL_HINT}`);
    }
    console.warn(styleText('yellow', `PostgreSQL not found: the PostgreSQL store suites are SKIPPED. To run them, ${INSTALL_HINT.replace(/, or unset.*$/, '')}.`));
    project.provide('postgres', null);
    return undefined;
  }
  const cluster = await startPostgresCluster(bin);
  const provided: ProvidedPostgres = { adminUrl: cluster.adminUrl, version: cluster.version };
  project.provide('postgres', provided);
  return () => cluster.stop();
}
