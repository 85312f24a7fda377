/**
 * SqlDb over PostgreSQL (pg's Pool): `tenken collector --db postgres://…`, so several collectors can share one
 * database behind a load balancer. Loaded only for postgres:// URLs (src/collector/open-store.ts imports it
 * dynamically), so neither `tenken scan` nor a SQLite collector loads pg.
 *
 * What it keeps of the SqlDb conventions (src/collector/sql.ts) that pg does not give by itself:
 * - `?` placeholders become `$1, $2 …` (toPositional, outside quoted strings, identifiers and comments);
 * - BIGINT (count(*), epoch milliseconds) and NUMERIC (sum(), avg()) come back as numbers, not strings —
 *   per pool, not through pg's global type table, so no other pg user in the process is affected;
 * - BYTEA comes back as a Buffer (a Uint8Array);
 * - a transaction is one checked-out connection between BEGIN and COMMIT; a deadlock or serialization failure
 *   rolls back and runs it again (PostgreSQL's advice; the store's transactions touch only the database);
 * - a server that cannot be reached, or refuses the login, is a DatabaseUnavailableError saying where and why.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { DatabaseUnavailableError, type Settled, type SqlDb, type SqlValue } from './sql.ts';

/** How long to wait for a connection to the server (and for a free pooled one) before giving up. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per collector: requests beyond these wait for one; PostgreSQL's default max_connections is 100. */
const DEFAULT_POOL_SIZE = 10;
/** A transaction that lost a deadlock or a serialization check runs again up to this many times. */
const MAX_TRANSACTION_ATTEMPTS = 4;
const MAX_CACHED_STATEMENTS = 500;
/** Statement texts prepared by name (each connection keeps those it ran until it closes). */
const MAX_NAMED_STATEMENTS = 200;

// OIDs from PostgreSQL's pg_type.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** SQLSTATEs meaning "run the transaction again": serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
/** SQLSTATE classes meaning the server is there but will not let us in or is going away. */
const UNAVAILABLE_CLASSES = ['08', '28', '3D', '53', '57P'];
/** Node socket errors for a server that is not there. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** A `?` placeholder count that does not match the parameters given: a bug in the caller's SQL. */
export class PlaceholderMismatchError extends Error {
  override readonly name = 'PlaceholderMismatchError';
}

/**
 * Rewrites `?` placeholders to `$1, $2 …`. A `?` inside a '…' string (also E'…' with backslash escapes), a
 * "…" identifier, a $tag$…$tag$ string or a -- / block comment is text, not a placeholder, and stays.
 */
export function toPositional(sql: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '?') {
      out += `$${++count}`;
      i++;
    } else if (c === "'" || c === '"') {
      // E'…' (or e'…') strings take backslash escapes; standard strings and identifiers only double the quote.
      const backslashes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      let j = i + 1;
      while (j < n) {
        if (backslashes && sql[j] === '\\') j += 2;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? n : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') (depth++, (j += 2));
        else if (sql[j] === '*' && sql[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      out += sql.slice(i, j);
      i = j;
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      // $tag$…$tag$ (tag may be empty); `$1` is a positional parameter, not a quote.
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const j = end === -1 ? n : end + tag[0].length;
        out += sql.slice(i, j);
        i = j;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, count };
}

/** BIGINT as a number when it fits exactly (epoch ms, counts); beyond 2^53 a bigint rather than a wrong number. */
function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary') {
      if (oid === INT8_OID) return parseInt8;
      if (oid === NUMERIC_OID) return (text: string) => Number(text);
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** host:port (or the socket directory) of a connection string, for messages; never the password. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    // libpq style: ?host=/run/postgresql (a socket directory) and ?port= override the authority.
    const port = u.searchParams.get('port') || u.port || '5432';
    return `${u.searchParams.get('host') || u.hostname || 'localhost'}:${port}`;
  } catch {
    return 'the given URL';
  }
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for errors saying the server is not reachable or will not serve us, as opposed to a bad statement. */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof DatabaseUnavailableError) return true;
  const code = errorCode(e);
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_CLASSES.some((cls) => code.startsWith(cls)))) return true;
  const message = e instanceof Error ? e.message : '';
  // pg's own words for a connect timeout and a server that went away mid-query.
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(message);
}

function unavailable(server: string, e: unknown): DatabaseUnavailableError {
  const error = e as Error & { errors?: Error[] };
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError of both.
  const reason = error.errors?.length ? error.errors.map((x) => x.message).join('; ') : error.message || String(e);
  return new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${server}: ${reason}`, { cause: e });
}

type Queryable = pg.Pool | pg.PoolClient;

export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  /** host:port, for messages. */
  readonly server: string;
  private readonly pool: pg.Pool;
  private readonly statements = new Map<string, { text: string; count: number; name?: string }>();
  /** Statements prepared by name so far (on each connection that runs them): bounded, see query. */
  private named = 0;
  /** How deep in savepoints each transaction's connection is: a nested one gets its own name. */
  private readonly savepointDepth = new WeakMap<Queryable, number>();

  constructor(url: string, options: { poolSize?: number } = {}) {
    this.server = describeServer(url);
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      types: TYPES,
      application_name: 'tenken-collector',
      // TCP keepalives: a connection a firewall or load balancer silently dropped is found, not waited on.
      keepAlive: true,
    });
    // An idle pooled connection the server drops (restart, failover) emits here; without a listener it would
    // crash the process. The pool replaces it on the next checkout, and that checkout reports any failure.
    this.pool.on('error', () => {});
  }

  private sql(sql: string, params: readonly SqlValue[]): { text: string; name?: string } {
    let rewritten = this.statements.get(sql);
    if (rewritten === undefined) {
      // IN lists of varying length make new texts; a bound keeps the cache from growing without end.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      rewritten = toPositional(sql);
      // Prepared once per connection and then only bound and run: the server parses and plans the statement
      // once, not on every upload. The name comes from the text, so it always means the same statement; only
      // the first MAX_NAMED_STATEMENTS texts with parameters get one, so a connection keeps a bounded number.
      if (rewritten.count > 0 && this.named < MAX_NAMED_STATEMENTS) {
        this.named++;
        rewritten.name = `tenken_${createHash('sha256').update(rewritten.text).digest('hex').slice(0, 32)}`;
      }
      this.statements.set(sql, rewritten);
    }
    if (rewritten.count !== params.length) {
      throw new PlaceholderMismatchError(`${rewritten.count} placeholders but ${params.length} parameters in: ${sql}`);
    }
    return rewritten;
  }

  private async query<T>(on: Queryable, sql: string, params: readonly SqlValue[] = []): Promise<pg.QueryResult & { rows: T[] }> {
    const { text, name } = this.sql(sql, params);
    try {
      return (await on.query({ text, values: params as unknown[], ...(name ? { name } : {}) })) as pg.QueryResult & { rows: T[] };
    } catch (e) {
      throw isUnavailable(e) && !(e instanceof DatabaseUnavailableError) ? unavailable(this.server, e) : e;
    }
  }

  /** Statements on the pool (each takes any free connection) or on a transaction's connection. */
  private over(on: Queryable): SqlDb {
    return {
      dialect: 'postgres',
      all: async <T>(sql: string, params?: readonly SqlValue[]) => (await this.query<T>(on, sql, params)).rows,
      get: async <T>(sql: string, params?: readonly SqlValue[]) => (await this.query<T>(on, sql, params)).rows[0],
      run: async (sql: string, params?: readonly SqlValue[]) => ({ changes: (await this.query(on, sql, params)).rowCount ?? 0 }),
      // Nested: already inside the transaction, on its connection.
      transaction: <T>(fn: (tx: SqlDb) => Promise<T>) => (on === this.pool ? this.transaction(fn) : fn(this.over(on))),
      savepoint: <T>(fn: () => Promise<T>) => (on === this.pool ? this.transaction((tx) => tx.savepoint(fn)) : this.savepointOn(on, fn)),
      close: async () => {},
    };
  }

  /**
   * Never released: RELEASE would cost a round trip and changes nothing before COMMIT; a later savepoint of the same name shadows it.
   * Each savepoint is a subtransaction, so callers keep a transaction's savepoints well under PostgreSQL's
   * 64 cached subtransactions (past them every reader of the rows pays a lookup).
   */
  private async savepointOn<T>(on: Queryable, fn: () => Promise<T>): Promise<Settled<T>> {
    const depth = (this.savepointDepth.get(on) ?? 0) + 1;
    // One name per depth: ROLLBACK TO goes to the newest savepoint of the name, which is this one.
    const name = `sp${depth}`;
    await this.query(on, `SAVEPOINT ${name}`);
    this.savepointDepth.set(on, depth);
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      // The transaction must run again, or cannot go on (the server is gone): not this savepoint's to answer.
      if (RETRYABLE.has(errorCode(error) ?? '') || error instanceof DatabaseUnavailableError) throw error;
      await this.query(on, `ROLLBACK TO SAVEPOINT ${name}`);
      return { ok: false, error };
    } finally {
      this.savepointDepth.set(on, depth - 1);
    }
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.over(this.pool).all<T>(sql, params);
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.over(this.pool).get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.over(this.pool).run(sql, params);
  }
  savepoint<T>(fn: () => Promise<T>): Promise<Settled<T>> {
    return this.over(this.pool).savepoint(fn);
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw unavailable(this.server, e);
    }
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let broken: Error | undefined;
      // A checked-out connection the server drops emits 'error' (the pool listens only while it is idle);
      // the statement waiting on it rejects anyway, so this only keeps the event from crashing the process.
      const dropped = (e: Error) => (broken = e);
      client.on('error', dropped);
      try {
        await this.query(client, 'BEGIN');
        const result = await fn(this.over(client));
        await this.query(client, 'COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          // The connection is unusable (server gone): the pool must not hand it out again.
          broken = rollback as Error;
        }
        if (attempt < MAX_TRANSACTION_ATTEMPTS && RETRYABLE.has(errorCode(e) ?? '')) continue;
        throw e;
      } finally {
        client.off('error', dropped);
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects (one round trip, so a wrong host, port, password or database fails here, plainly) and returns the driver. */
export async function openPostgresDb(url: string, options: { poolSize?: number } = {}): Promise<PostgresDb> {
  const db = new PostgresDb(url, options);
  try {
    await db.get('SELECT 1 AS ok');
  } catch (e) {
    await db.close().catch(() => {});
    throw e instanceof DatabaseUnavailableError ? e : unavailable(db.server, e);
  }
  return db;
}
