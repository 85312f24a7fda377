/**
 * The PostgreSQL driver of the collector's SqlDb seam against a real server: the run's throwaway cluster
 * (test/support/postgres-global-setup.ts), a database of its own for this file. The placeholder rewriting is
 * pure and tested without a server.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeServer, openPostgresDb, PlaceholderMismatchError, type PostgresDb, toPositional } from '../src/collector/postgres-db.ts';
import { DatabaseUnavailableError } from '../src/collector/sql.ts';
import { findPostgresBin } from './support/postgres-cluster.ts';
import { createTestDatabase, ensurePasswordRole, freePort, noPostgres, PASSWORD_ROLE, providedPostgres, type TestDatabase } from './support/postgres.ts';

describe('toPositional', () => {
  it('numbers the placeholders in order', () => {
    expect(toPositional('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)', count: 3 });
  });

  it('leaves a ? in a string, a doubled quote included, alone', () => {
    expect(toPositional("SELECT 'what?', 'it''s ?', ? FROM t")).toEqual({ text: "SELECT 'what?', 'it''s ?', $1 FROM t", count: 1 });
  });

  it("reads E'…' strings with backslash escapes to their real end", () => {
    // In E'a\'?' the quote after the backslash is escaped, so the ? is still inside the string.
    expect(toPositional("SELECT E'a\\'?', ?")).toEqual({ text: "SELECT E'a\\'?', $1", count: 1 });
    // A column named e before a standard string is not an E-string: the backslash is a plain character there.
    expect(toPositional("SELECT type'a\\', ?")).toEqual({ text: "SELECT type'a\\', $1", count: 1 });
  });

  it('leaves quoted identifiers and comments alone', () => {
    expect(toPositional('SELECT "odd?col" FROM t -- why?\nWHERE x = ? /* a ? /* nested ? */ still ? */ AND y = ?')).toEqual({
      text: 'SELECT "odd?col" FROM t -- why?\nWHERE x = $1 /* a ? /* nested ? */ still ? */ AND y = $2',
      count: 2,
    });
  });

  it('leaves dollar-quoted strings alone but not $1-style text', () => {
    expect(toPositional('DO $body$ BEGIN RAISE NOTICE \'?\'; END $body$; SELECT $$?$$, ?')).toEqual({
      text: "DO $body$ BEGIN RAISE NOTICE '?'; END $body$; SELECT $$?$$, $1",
      count: 1,
    });
  });
});

describe('describeServer', () => {
  it('says host:port, from libpq-style parameters too, and never the password', () => {
    expect(describeServer('postgres://tenken:s3cret@db.internal/tenken')).toBe('db.internal:5432');
    expect(describeServer('postgresql://tenken:s3cret@10.0.0.5:6432/tenken?sslmode=require')).toBe('10.0.0.5:6432');
    expect(describeServer('postgresql:///tenken?host=/run/postgresql&port=5433')).toBe('/run/postgresql:5433');
    expect(describeServer('postgres://[oops')).toBe('the given URL');
  });
});

describe('findPostgresBin', () => {
  it('takes PATH first, then the newest of Debian\'s versioned dirs, and needs all three programs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-pgbin-'));
    try {
      const fake = async (bin: string, programs: string[]) => {
        await mkdir(bin, { recursive: true });
        for (const p of programs) {
          await writeFile(join(bin, p), '#!/bin/sh\n');
          await chmod(join(bin, p), 0o755);
        }
      };
      const debian = join(dir, 'lib');
      await fake(join(debian, '9.6', 'bin'), ['initdb', 'pg_ctl', 'postgres']);
      await fake(join(debian, '15', 'bin'), ['initdb', 'pg_ctl', 'postgres']);
      await fake(join(debian, '16', 'bin'), ['initdb', 'pg_ctl']); // no server: not a usable install
      await fake(join(dir, 'path'), ['initdb', 'pg_ctl', 'postgres']);
      expect(await findPostgresBin({ PATH: join(dir, 'path') }, debian)).toBe(join(dir, 'path'));
      expect(await findPostgresBin({ PATH: join(dir, 'empty') }, debian)).toBe(join(debian, '15', 'bin'));
      expect(await findPostgresBin({ PATH: '' }, join(dir, 'none'))).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A port with nothing listening: bound and released. */
describe.skipIf(noPostgres())('PostgresDb on a real server', () => {
  let database: TestDatabase;
  let db: PostgresDb;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPostgresDb(database.url);
    await db.run('CREATE TABLE items (id TEXT PRIMARY KEY, at BIGINT NOT NULL, n INTEGER, body BYTEA, note TEXT)');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('binds ? parameters and returns rows as plain objects', async () => {
    await db.run('INSERT INTO items (id, at, n, note) VALUES (?, ?, ?, ?)', ['a', 1_764_720_000_000, 3, "it's?"]);
    expect(await db.get('SELECT id, at, n, note FROM items WHERE id = ?', ['a'])).toEqual({ id: 'a', at: 1_764_720_000_000, n: 3, note: "it's?" });
    expect(await db.get('SELECT id FROM items WHERE id = ?', ['none'])).toBeUndefined();
  });

  it('gives BIGINT and NUMERIC results as numbers, beyond 2^53 as bigint', async () => {
    const row = await db.get<Record<string, unknown>>(
      'SELECT count(*) AS c, sum(at) AS s, avg(n) AS a, CAST(? AS BIGINT) AS big, CAST(? AS BIGINT) AS huge FROM items',
      [2 ** 53 - 1, 2n ** 62n],
    );
    expect(row).toEqual({ c: 1, s: 1_764_720_000_000, a: 3, big: 2 ** 53 - 1, huge: 2n ** 62n });
  });

  it('stores bytes and gives them back as a Buffer', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await db.run('INSERT INTO items (id, at, body) VALUES (?, ?, ?)', ['bytes', 0, bytes]);
    const row = await db.get<{ body: Uint8Array }>('SELECT body FROM items WHERE id = ?', ['bytes']);
    expect(Buffer.isBuffer(row?.body)).toBe(true);
    expect([...row!.body]).toEqual([...bytes]);
  });

  it('counts the rows a statement changed', async () => {
    await db.run('INSERT INTO items (id, at) VALUES (?, ?), (?, ?)', ['c1', 1, 'c2', 2]);
    expect(await db.run('UPDATE items SET n = 7 WHERE id IN (?, ?)', ['c1', 'c2'])).toEqual({ changes: 2 });
    expect(await db.run('INSERT INTO items (id, at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', ['c1', 1])).toEqual({ changes: 0 });
  });

  it('refuses a statement whose placeholders and parameters do not match', async () => {
    await expect(db.get('SELECT ? AS a, ? AS b', [1])).rejects.toThrow(PlaceholderMismatchError);
  });

  it('commits a transaction, which others see only after COMMIT', async () => {
    let seenOutside: unknown = 'not looked';
    await db.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, at) VALUES (?, ?)', ['t1', 1]);
      expect(await tx.get('SELECT id FROM items WHERE id = ?', ['t1'])).toEqual({ id: 't1' });
      seenOutside = await db.get('SELECT id FROM items WHERE id = ?', ['t1']);
      // A nested transaction is part of this one.
      await tx.transaction((inner) => inner.run('UPDATE items SET n = 1 WHERE id = ?', ['t1']));
    });
    expect(seenOutside).toBeUndefined();
    expect(await db.get('SELECT n FROM items WHERE id = ?', ['t1'])).toEqual({ n: 1 });
  });

  it('rolls a transaction back when it throws, and passes the error on', async () => {
    const failure = new Error('the store changed its mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, at) VALUES (?, ?)', ['t2', 1]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.get('SELECT id FROM items WHERE id = ?', ['t2'])).toBeUndefined();
  });

  it('runs again the transaction PostgreSQL picked as the victim of a deadlock', async () => {
    await db.run('INSERT INTO items (id, at, n) VALUES (?, ?, ?), (?, ?, ?)', ['x', 0, 0, 'y', 0, 0]);
    // Each transaction locks its first row, waits until the other has too, then wants the other's row.
    let locked = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    const attempts = { xy: 0, yx: 0 };
    const crossing = (first: 'x' | 'y', second: 'x' | 'y', key: 'xy' | 'yx') =>
      db.transaction(async (tx) => {
        attempts[key]++;
        await tx.run('UPDATE items SET n = n + 1 WHERE id = ?', [first]);
        if (attempts[key] === 1 && ++locked === 2) bothLocked();
        if (attempts[key] === 1) await barrier;
        await tx.run('UPDATE items SET n = n + 1 WHERE id = ?', [second]);
      });
    await Promise.all([crossing('x', 'y', 'xy'), crossing('y', 'x', 'yx')]);
    // One of them lost and ran again (PostgreSQL picks which).
    expect(attempts.xy + attempts.yx).toBeGreaterThanOrEqual(3);
    // Both transactions counted once each: the victim's first attempt left nothing behind.
    expect(await db.all('SELECT id, n FROM items WHERE id IN (?, ?) ORDER BY id', ['x', 'y'])).toEqual([
      { id: 'x', n: 2 },
      { id: 'y', n: 2 },
    ]);
  });

  it('says the database is unavailable when the server ends the connection of a transaction', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.get('SELECT pg_terminate_backend(pg_backend_pid())');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:\d+: /);
    // The pool dropped that connection and serves the next statement on a fresh one.
    expect(await db.get('SELECT 1 AS one')).toEqual({ one: 1 });
  });

  it('ends the pool on close()', async () => {
    const other = await openPostgresDb(database.url);
    await other.close();
    await expect(other.get('SELECT 1')).rejects.toThrow();
  });
});

describe.skipIf(noPostgres())('openPostgresDb refusing plainly', () => {
  it('names the server when nothing listens there', async () => {
    const port = await freePort();
    const error = await openPostgresDb(`postgres://postgres@127.0.0.1:${port}/postgres`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('says the login failed on a wrong password, without the password', async () => {
    const password = await ensurePasswordRole();
    const url = new URL(providedPostgres()!.adminUrl);
    url.username = PASSWORD_ROLE;
    url.password = 'wrong-one';
    const error = await openPostgresDb(url.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${url.port}: password authentication failed for user "${PASSWORD_ROLE}"`));
    expect((error as Error).message).not.toContain('wrong-one');
    // And with the right password the same role gets in.
    url.password = password;
    const db = await openPostgresDb(url.toString());
    expect(await db.get('SELECT current_user AS u')).toEqual({ u: PASSWORD_ROLE });
    await db.close();
  });

  it('says so when the database does not exist', async () => {
    const url = new URL(providedPostgres()!.adminUrl);
    url.pathname = '/tenken_no_such_database';
    await expect(openPostgresDb(url.toString())).rejects.toThrow(/cannot connect to PostgreSQL at .*: database "tenken_no_such_database" does not exist/);
  });
});
