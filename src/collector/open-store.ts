/**
 * Opens the collector's database from what the administrator gave `--db`: a postgres:// URL, or a SQLite
 * file path (default: collector.db in tenken's state folder). Migrations run before anything else uses it.
 */
import type { Host } from '../host/host.ts';
import { CATALOGS_DIR, loadCatalogs } from '../policy/load.ts';
import type { Catalog } from '../policy/schema.ts';
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

/** The store over the named database, migrated; the catalogs give the fleet summary its items. */
export async function openStore(db: string, options: { catalogs?: ReadonlyMap<string, Catalog> } = {}): Promise<SqlStore> {
  const catalogs = options.catalogs ?? (await loadCatalogs(CATALOGS_DIR));
  const sql = await openSqlDb(db);
  try {
    await migrate(sql);
  } catch (e) {
    await sql.close();
    throw e;
  }
  return new SqlStore(sql, catalogs);
}
