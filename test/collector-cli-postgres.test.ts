/**
 * `tenken collector … --db postgres://…` as an administrator runs it, against the run's throwaway PostgreSQL
 * (test/support/postgres.ts): the subcommands migrate a fresh database and keep one enroll secret in it, the
 * collector serves from it, and a server that is not there or refuses the login is said plainly (exit 4).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { createTestDatabase, ensurePasswordRole, freePort, noPostgres, PASSWORD_ROLE, type TestDatabase } from './support/postgres.ts';
import { runTenken } from './support/run-cli.ts';

const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

const cli = (args: string[], answers: string[] = []) => runTenken(args, { ask: async () => answers.shift() ?? '' });

describe.skipIf(noPostgres())('tenken collector --db postgres://…', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  it('migrates a fresh database, keeps one enroll secret in it, and serves from it', async () => {
    const first = await cli(['collector', 'enroll-secret', '--db', database.url]);
    expect(first.code, first.stderr).toBe(0);
    const secret = /--secret (\S+)/.exec(first.stdout)![1]!;
    expect((await cli(['collector', 'enroll-secret', '--db', database.url])).stdout).toContain(`--secret ${secret}`);
    expect((await cli(['collector', 'admin', 'add', 'hanako', '--db', database.url], ['correct horse battery', 'correct horse battery'])).code).toBe(0);

    // The test cluster trusts loopback, so the password is ignored by the server: it is there to be masked in
    // everything the collector prints (its hints repeat --db, and stdout may end up in a log).
    const withPassword = new URL(database.url);
    withPassword.password = 'hunter2-in-the-url';
    const child = spawn(process.execPath, [MAIN, 'collector', '--listen', '127.0.0.1:0', '--db', withPassword.toString()], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8' } });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`collector exited ${code}: ${out}`)));
      });
      // The hints follow the listening line, perhaps in a later chunk.
      while (!out.includes('shows the secret')) await once(child.stdout, 'data');
      expect(out).toContain('database postgres://');
      expect(out).toContain(':***@');
      expect(out).toContain('enroll-secret --db');
      expect(out).not.toContain('hunter2-in-the-url');
      expect(await (await fetch(`${url}${PATHS.health}`)).json()).toEqual({ status: 'ok', db: 'postgres' });
      const auth = { authorization: `Basic ${Buffer.from('hanako:correct horse battery').toString('base64')}` };
      expect((await fetch(`${url}${PATHS.devices}`, { headers: auth })).status).toBe(200);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    }
  }, 60_000);

  it('says where PostgreSQL could not be reached, and exits 4', async () => {
    const port = await freePort();
    const r = await cli(['collector', 'enroll-secret', '--db', `postgres://tenken@127.0.0.1:${port}/tenken`]);
    expect(r.code).toBe(EXIT.agentFailure);
    expect(r.stderr).toMatch(new RegExp(`cannot use the database: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('says the login failed, without showing the password', async () => {
    await ensurePasswordRole();
    const url = new URL(database.url);
    url.username = PASSWORD_ROLE;
    url.password = 'not-the-password';
    const r = await cli(['collector', 'enroll-secret', '--db', url.toString()]);
    expect(r.code).toBe(EXIT.agentFailure);
    expect(r.stderr).toContain(`cannot connect to PostgreSQL at 127.0.0.1:${url.port}: password authentication failed for user "${PASSWORD_ROLE}"`);
    expect(r.stderr + r.stdout).not.toContain('not-the-password');
  });
});
