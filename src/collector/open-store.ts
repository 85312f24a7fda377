/**
 * Opens the collector's database from what the administrator gave `--db`: a postgres:// URL, or a SQLite
 * file path (default: collector.db in tenken's state folder). Migrations run before anything else uses it.
 */
import { createHash } from 'node:crypto';
import type { Host } from '../host/host.ts';
import { BUNDLED_POLICY, CATALOGS_DIR, loadCatalogs } from '../policy/load.ts';
import { Policy, type Catalog } from '../policy/schema.ts';
import { readInputFile } from '../source-errors.ts';
import { parseYaml, validateYaml } from '../yaml-source.ts';
import { joinStatePath, userStateDir } from '../state-dirs.ts';
import { migrate } from './migrations.ts';
import type { SqlDb } from './sql.ts';
import { SqliteDb } from './sqlite-db.ts';
import { SqlStore } from './sql-store.ts';

export const COLLECTOR_DB_FILE = 'collector.db';

/** collector.db next to tenken's other state (e.g. /var/lib/tenken for root on Linux). */
export function defaultCollectorDb(host: Pick<Host, 'platform' | 'isAdmin'>, env: NodeJS.ProcessEnv): string {
  return joinStatePath(userStateDir(host, env), COLLECTOR_DB_FILE);
}

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** For messages: the database without a password in it. */
export function describeDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

async function openSqlDb(db: string): Promise<SqlDb> {
  if (!isPostgresUrl(db)) return new SqliteDb(db);
  // The pg driver loads only for postgres:// URLs (src/collector/postgres-db.ts exports openPostgresDb).
  const driver = new URL(import.meta.url.endsWith('.ts') ? './postgres-db.ts' : './postgres-db.js', import.meta.url).href;
  const { openPostgresDb } = (await import(driver)) as { openPostgresDb: (url: string) => Promise<SqlDb> };
  return openPostgresDb(db);
}

/**
 * The check titles of a policy file, by its sha256 (what reports of it carry in scan.policy.sha256). Only the
 * schema is checked: the titles are what the collector needs, and it does not load the probes.
 */
export async function policyTitles(file: string): Promise<{ sha256: string; titles: [string, string, string][] }> {
  const text = await readInputFile(file, 'policy');
  const policy = validateYaml(parseYaml(text, file), Policy);
  return { sha256: createHash('sha256').update(text).digest('hex'), titles: policy.checks.map((c) => [c.id, c.title.ja, c.title.en]) };
}

/**
 * The store over the named database, migrated; the catalogs give the fleet summary its items, and the bundled
 * policy's check titles are registered as the titles of its sha256 whatever a device sent.
 */
export async function openStore(db: string, options: { catalogs?: ReadonlyMap<string, Catalog> } = {}): Promise<SqlStore> {
  const catalogs = options.catalogs ?? (await loadCatalogs(CATALOGS_DIR));
  const bundled = await policyTitles(BUNDLED_POLICY);
  const sql = await openSqlDb(db);
  try {
    await migrate(sql);
    const store = new SqlStore(sql, catalogs);
    await store.registerPolicyTitles(bundled.sha256, bundled.titles);
    return store;
  } catch (e) {
    await sql.close();
    throw e;
  }
}
