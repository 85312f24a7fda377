/**
 * The seam between the collector's one store (src/collector/sql-store.ts) and its two databases: node:sqlite
 * (src/collector/sqlite-db.ts, the embedded default) and PostgreSQL (src/collector/postgres-db.ts). The store
 * writes SQL in the subset both understand; where a dialect must differ it asks `db.dialect`.
 *
 * Conventions every driver keeps, so the store never has to guess:
 * - `?` placeholders (the pg driver rewrites them to $1, $2 …);
 * - rows as plain objects keyed by column name; integers should come back as JS numbers (the store still
 *   passes every number it reads through Number(), since pg returns BIGINT and count(*) as strings);
 * - bytes go in as Buffer and come back as Buffer or Uint8Array;
 * - times are epoch milliseconds in BIGINT / INTEGER columns, JSON is TEXT.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  /** `?` placeholders in the SQL (the pg driver rewrites them to $1, $2 …). Rows as plain objects. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs fn in one transaction; SQLite serialises transactions (its connection is shared and synchronous). */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: runs fn in a SAVEPOINT, so that if it fails only its own writes are undone and the
   * transaction goes on (several uploads committed together, one refused alone). An error that dooms the
   * whole transaction — a deadlock or serialization failure (the driver runs the transaction again), a lost
   * connection — is thrown; any other is answered as `{ ok: false, error }`.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<Settled<T>>;
  close(): Promise<void>;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The database could not be opened or does not answer: the collector says so and exits, or answers 503. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** `?, ?, ?` for an IN list or a VALUES row of n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
