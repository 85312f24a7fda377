/**
 * SqlDb over node:sqlite's DatabaseSync: the collector's embedded default, one file, no other service.
 *
 * One connection serves every request. Its calls are synchronous, but a transaction of the store awaits
 * between statements, and without care another request's statements would run inside it (they share the
 * connection). So transactions take turns through a promise queue, and a statement outside a transaction
 * waits while one is open. WAL lets `tenken collector admin add` (another process) read and write alongside.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { DatabaseUnavailableError, type Settled, type SqlDb, type SqlValue } from './sql.ts';

/** How long a statement waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
const MAX_CACHED_STATEMENTS = 500;
/** How often the checkpointer thread moves the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 250;
/** The serving connection checkpoints itself only if the WAL grows past this many pages (32 MB): a backstop that copies what the thread has not yet. */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 8192;
/** Transactions committed together at most (group commit). */
const MAX_GROUP = 64;

class Turns {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;
  get idle(): boolean {
    return this.held === 0;
  }
  /** Resolves with a release function once every earlier holder has released. */
  take(): Promise<() => void> {
    this.held++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    return previous.then(() => () => {
      this.held--;
      release();
    });
  }
}

interface Pending {
  fn: (tx: SqlDb) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly turns = new Turns();
  private readonly pending: Pending[] = [];
  private draining = false;
  /** Names each savepoint apart, so a nested one never shadows the one it is inside. */
  private savepoints = 0;

  private checkpointer: Worker | undefined;

  /** checkpointInBackground: false leaves checkpoints to SQLite on this connection (short-lived CLI uses). */
  constructor(file: string, { checkpointInBackground = true }: { checkpointInBackground?: boolean } = {}) {
    this.file = file;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      this.db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
      // It holds the enroll secret and password hashes: the owner only (SQLite gives -wal/-shm the same mode).
      if (file !== ':memory:') chmodSync(file, 0o600);
      // WAL: readers do not block the writer; NORMAL: durable at every checkpoint, no fsync per commit
      // (a power cut may lose the last commits, which the agents then resend from their queues).
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
      if (file !== ':memory:' && checkpointInBackground) {
        this.db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
        const url = new URL(import.meta.url.endsWith('.ts') ? './sqlite-checkpointer.ts' : './sqlite-checkpointer.js', import.meta.url);
        this.checkpointer = new Worker(url, { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS } });
        this.checkpointer.unref();
      }
    } catch (e) {
      throw new DatabaseUnavailableError(`cannot open the SQLite database ${file}: ${(e as Error).message}`, { cause: e });
    }
  }

  private statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      // IN lists of varying length make new texts; a bound keeps the cache from growing without end.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** The statements themselves, run now: for a transaction's own calls and for calls when no one holds a turn. */
  private readonly direct: SqlDb = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...(params as SQLInputValue[])) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).get(...(params as SQLInputValue[])) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: Number(this.statement(sql).run(...(params as SQLInputValue[])).changes) }),
    // Nested: already inside the transaction.
    transaction: <T>(fn: (tx: SqlDb) => Promise<T>) => fn(this.direct),
    savepoint: async <T>(fn: () => Promise<T>): Promise<Settled<T>> => {
      const name = `sp${++this.savepoints}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const value = await fn();
        this.db.exec(`RELEASE ${name}`);
        return { ok: true, value };
      } catch (error) {
        this.db.exec(`ROLLBACK TO ${name}`);
        this.db.exec(`RELEASE ${name}`);
        return { ok: false, error };
      }
    },
    close: async () => {},
  };

  private async outside<T>(fn: (db: SqlDb) => Promise<T>): Promise<T> {
    if (this.turns.idle) return fn(this.direct);
    const release = await this.turns.take();
    try {
      return await fn(this.direct);
    } finally {
      release();
    }
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.outside((db) => db.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.outside((db) => db.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.outside((db) => db.run(sql, params));
  }
  savepoint<T>(fn: () => Promise<T>): Promise<Settled<T>> {
    return this.transaction((tx) => tx.savepoint(fn));
  }

  /**
   * Transactions that queue up while one runs are committed together (group commit): each runs inside its
   * own SAVEPOINT, so one that fails is rolled back alone, and each caller hears only after the COMMIT that
   * made its writes durable. One COMMIT per group instead of per report is most of SQLite's write cost.
   */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        // One group per turn: statements waiting outside a transaction get their turn between groups.
        const release = await this.turns.take();
        try {
          await this.runGroup(this.pending.splice(0, MAX_GROUP));
        } finally {
          release();
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async runGroup(group: Pending[]): Promise<void> {
    try {
      // IMMEDIATE: take the write lock now, so two processes never both read and then fail to upgrade.
      this.db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    const outcomes: Settled<unknown>[] = [];
    for (const p of group) outcomes.push(await this.direct.savepoint(() => p.fn(this.direct)));
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const p of group) p.reject(e);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  async close(): Promise<void> {
    if (this.checkpointer) {
      const worker = this.checkpointer;
      this.checkpointer = undefined;
      const stopped = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
        worker.once('error', () => resolve());
      });
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    }
    const release = await this.turns.take();
    try {
      if (this.db.isOpen) this.db.close();
    } finally {
      release();
    }
  }
}
