/**
 * A real, throwaway PostgreSQL cluster: one per `vitest run` (test/support/postgres-global-setup.ts, with a
 * database per suite from test/support/postgres.ts) and one per `npm run bench:collector`. No vitest in here.
 *
 * The cluster lives in a temp dir: initdb there, the server on a free port of 127.0.0.1 only, its unix socket
 * in the same dir, trust authentication for loopback and the socket (nothing else can reach it). Durability is
 * switched off (fsync, full_page_writes, synchronous_commit) and buffers are small, so it starts in about a
 * second. PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` system user
 * that Debian's package creates (or `nobody`), through runuser, and the temp dir belongs to that user.
 *
 * Binaries are found on PATH, then in /usr/lib/postgresql/<major>/bin (Debian keeps them there, off PATH).
 * `.ci/run` installs the `postgresql` package and sets TENKEN_REQUIRE_POSTGRES=1, so CI can never skip the
 * PostgreSQL suites silently; a developer without PostgreSQL sees them skipped with a warning.
 */
import { execFile } from 'node:child_process';
import { access, appendFile, chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const INSTALL_HINT =
  'install PostgreSQL (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install postgresql-server`; macOS: `brew install postgresql`), or unset TENKEN_REQUIRE_POSTGRES to skip the PostgreSQL suites';

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, 1 /* X_OK */);
    return true;
  } catch {
    return false;
  }
}

/** The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's versioned dirs, newest first. */
export async function findPostgresBin(env: NodeJS.ProcessEnv = process.env, debianRoot = '/usr/lib/postgresql'): Promise<string | null> {
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  let debian: string[] = [];
  try {
    debian = (await readdir(debianRoot))
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => join(debianRoot, v, 'bin'));
  } catch {
    // Not Debian's layout.
  }
  for (const dir of [...onPath, ...debian]) {
    if ((await executable(join(dir, 'initdb'))) && (await executable(join(dir, 'pg_ctl'))) && (await executable(join(dir, 'postgres')))) return dir;
  }
  return null;
}

/** A port nobody listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** uid and gid of a system user, or null when there is no such user. */
async function lookupUser(name: string): Promise<{ name: string; uid: number; gid: number } | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

/** The one role of the test cluster that must log in with a password (every other role is trusted on loopback). */
export const PASSWORD_ROLE = 'tenken_password_test';

export interface PostgresCluster {
  adminUrl: string;
  port: number;
  /** The temp dir with the data directory, the socket and the server log. */
  dir: string;
  version: string;
  stop(): Promise<void>;
}

/** initdb + pg_ctl start in a fresh temp dir; the returned stop() shuts the server down and removes the dir. */
export async function startPostgresCluster(bin: string, options: { settings?: Readonly<Record<string, string>> } = {}): Promise<PostgresCluster> {
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? ((await lookupUser('postgres')) ?? (await lookupUser('nobody'))) : null;
  if (isRoot && !user) throw new Error('running as root and there is neither a `postgres` nor a `nobody` user to run PostgreSQL as (it refuses root)');
  const as = (file: string, args: string[]) => (user ? run('runuser', ['-u', user.name, '--', join(bin, file), ...args]) : run(join(bin, file), args));

  const dir = await mkdtemp(join(tmpdir(), 'tenken-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    if (user) await chown(dir, user.uid, user.gid);
    const version = (await run(join(bin, 'postgres'), ['--version'])).stdout.trim();
    // --no-sync: nothing of a throwaway cluster needs to survive a power cut; C locale: no locale data needed.
    await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C']);
    // Loopback and the socket only; nothing else can connect at all. One role must give a password, so that
    // the driver's answer to a failed login can be tested (PASSWORD_ROLE).
    await writeFile(
      join(data, 'pg_hba.conf'),
      ['local all all trust', `host all ${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256`, 'host all all 127.0.0.1/32 trust', 'host all all ::1/128 trust', ''].join('\n'),
    );
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      await appendFile(
        join(data, 'postgresql.conf'),
        [
          '',
          '# tenken test cluster: fast and throwaway',
          `port = ${port}`,
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'shared_buffers = 32MB',
          'max_connections = 200',
          // Tests that provoke a deadlock need not wait the default second for it to be found.
          "deadlock_timeout = '100ms'",
          "log_min_messages = 'warning'",
          // Overrides (the benchmark turns durability back on): a later line wins.
          ...Object.entries(options.settings ?? {}).map(([k, v]) => `${k} = ${v}`),
          '',
        ].join('\n'),
      );
      if (user) await chown(join(data, 'postgresql.conf'), user.uid, user.gid);
      try {
        await as('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
      } catch (e) {
        const tail = await readFile(log, 'utf8').catch(() => '');
        // Someone took the port between freePort() and the server's bind: pick another (a later line wins).
        if (attempt < 3 && /could not bind|Address already in use/i.test(tail)) continue;
        throw new Error(`PostgreSQL did not start (${(e as Error).message.trim()}); server log:\n${tail}`, { cause: e });
      }
      const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      return {
        adminUrl,
        port,
        dir,
        version,
        stop: async () => {
          // immediate: no checkpoint, the data is thrown away anyway.
          await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

