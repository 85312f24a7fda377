/**
 * `tenken collector` as an administrator runs it: the real executable (src/main.ts under Node's type
 * stripping) started as a process, its first-start instructions, HTTPS with a certificate made by openssl
 * for the test, the administrator and enroll-secret subcommands, and the clear errors (address in use,
 * unreadable certificate, unusable database). Also: `tenken scan`'s modules never load the collector.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/collector/open-store.ts';
import { verifyPassword } from '../src/collector/password.ts';
import { parseListen } from '../src/commands/collector.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { enrollBody } from './support/reports.ts';
import { runTenken } from './support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src', 'main.ts');
let dir: string;

const cli = (args: string[], answers: string[] = []) => runTenken(args, { ask: async () => answers.shift() ?? '' });

/** Starts `tenken collector …` and waits for its first lines; the caller stops it by its pid. */
async function startCollector(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'collector', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8' } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m && /\n\n|Enroll PCs with/.test(out.slice(m.index))) setTimeout(() => resolve(m[1]!), 200);
    });
    child.once('exit', (code) => reject(new Error(`collector exited ${code}: ${out}${err}`)));
  });
  return { child, url, output: () => out, stderr: () => err };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-collector-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('tenken collector', () => {
  it('parses --listen', () => {
    expect(parseListen('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListen(':9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseListen('collector.lan')).toEqual({ host: 'collector.lan', port: null });
    expect(() => parseListen('host:99999')).toThrow(/not an address/);
    expect(() => parseListen('a:b:c')).toThrow(/not an address/);
  });

  it('on first start creates the database and an enroll secret, and says how to enroll a PC and create an administrator', async () => {
    const db = join(dir, 'first.db');
    const c = await startCollector(['--listen', '127.0.0.1:0', '--db', db]);
    try {
      const out = c.output();
      expect(out).toMatch(/A new enroll secret was created/);
      const secret = /--secret (\S+)/.exec(out)![1]!;
      expect(out).toContain(`tenken enroll ${c.url} --secret ${secret}`);
      expect(out).toContain(`tenken collector admin add <name> --db ${JSON.stringify(db)}`);
      expect(out).toMatch(/no default password/);
      const health = await fetch(`${c.url}${PATHS.health}`);
      expect(await health.json()).toEqual({ status: 'ok', db: 'sqlite' });
      const enrolled = await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollBody(secret)) });
      expect(enrolled.status).toBe(201);
      // Without an administrator the read API stays closed.
      expect((await fetch(`${c.url}${PATHS.devices}`)).status).toBe(401);
    } finally {
      expect(await stop(c.child)).toBe(0);
    }
    expect(c.output()).toMatch(/stopping/);
    // pino's JSON log on standard error, not standard output.
    expect(c.stderr()).toMatch(/"msg":"Server listening at/);
    expect(c.output()).not.toMatch(/"level":/);

    // An administrator, then a second start: no secret printed, no administrator hint.
    expect((await cli(['collector', 'admin', 'add', 'hanako', '--db', db], ['correct horse battery', 'correct horse battery'])).code).toBe(0);
    const again = await startCollector(['--listen', '127.0.0.1:0', '--db', db]);
    try {
      expect(again.output()).not.toMatch(/--secret [A-Za-z0-9_-]{20,}/);
      expect(again.output()).toContain(`tenken collector enroll-secret --db ${JSON.stringify(db)}`);
      expect(again.output()).not.toMatch(/No administrator yet/);
      const auth = { authorization: `Basic ${Buffer.from('hanako:correct horse battery').toString('base64')}` };
      const list = await fetch(`${again.url}${PATHS.devices}`, { headers: auth });
      expect(((await list.json()) as { total: number }).total).toBe(1);
    } finally {
      expect(await stop(again.child)).toBe(0);
    }
  }, 60_000);

  it('serves HTTPS with --cert and --key, and sets the session cookie Secure', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1']);
    const db = join(dir, 'https.db');
    expect((await cli(['collector', 'admin', 'add', 'root', '--db', db], ['a long test password', 'a long test password'])).code).toBe(0);
    const c = await startCollector(['--listen', '127.0.0.1:0', '--db', db, '--cert', cert, '--key', key]);
    try {
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(cert);
      const post = (path: string, body: string) =>
        new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
          const req = request(`${c.url}${path}`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode!, headers: res.headers });
          });
          req.on('error', reject);
          req.end(body);
        });
      const login = await post('/login', 'name=root&password=a+long+test+password');
      expect(login.status).toBe(303);
      expect(String(login.headers['set-cookie'])).toMatch(/tenken_session=[^;]+;.*Secure/);
    } finally {
      expect(await stop(c.child)).toBe(0);
    }
  }, 60_000);

  it('stops when SIGTERM stops the npx that started it (npm runs it under sh -c, which does not pass the signal on)', async () => {
    // npm exec's chain: npm → sh -c 'tenken collector …' → node. `; true` keeps the shell from exec-ing node, as dash does here.
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${MAIN}" collector --listen 127.0.0.1:0 --db "${join(dir, 'npx.db')}"; true`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, LANG: 'en_US.UTF-8', npm_command: 'exec' },
    });
    let out = '';
    shell.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve) => shell.stdout!.on('data', () => /listening on/.test(out) && resolve()));
    const url = /listening on (\S+)/.exec(out)![1]!;
    // The collector's own pid, to clean up should the test fail.
    const pid = Number((await promisify(execFile)('pgrep', ['-P', String(shell.pid)])).stdout.trim());
    try {
      shell.kill('SIGTERM');
      // The collector inherited the pipe: it closes when the collector has stopped.
      await once(shell.stdout!, 'close');
      expect(out).toContain('tenken collector: stopping\n');
      await expect(fetch(`${url}${PATHS.health}`)).rejects.toThrow();
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone, as it should be.
      }
    }
  }, 60_000);

  it('serves HTTPS with tls init\'s certificate by default (beside its database), and its hints carry the address and the CA fingerprint', async () => {
    const db = join(dir, 'own-ca', 'collector.db');
    const init = await cli(['collector', 'tls', 'init', '--db', db]);
    expect(init.code, init.stderr).toBe(0);
    const fp = /CA fingerprint: (sha256:[0-9a-f]{64})/.exec(init.stdout)![1]!;
    // enroll-secret without --url takes the address from the certificate (its first name, the default port).
    const secretShown = await cli(['collector', 'enroll-secret', '--db', db]);
    expect(secretShown.stdout).toMatch(new RegExp(`tenken enroll https://${hostname().toLowerCase().replace(/[.]/g, '\\.')}:8443 --secret \\S+ --ca-fingerprint ${fp}`));
    const c = await startCollector(['--listen', '127.0.0.1:0', '--db', db, '--public-url', 'https://collector.office.lan:8443/']);
    try {
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(c.output()).toContain(`CA fingerprint ${fp}`);
      const secret = /--secret (\S+)/.exec(c.output())![1]!;
      expect(c.output()).toContain(`tenken enroll https://collector.office.lan:8443 --secret ${secret} --ca-fingerprint ${fp}`);
      // The certificate is tls init's: trusted with its CA, for 127.0.0.1.
      const ca = await readFile(join(dir, 'own-ca', 'tls', 'ca.pem'));
      const status = await new Promise<number>((resolve, reject) => {
        request(`${c.url}${PATHS.health}`, { ca }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end();
      });
      expect(status).toBe(200);
      // tls renew while it runs: SIGHUP (else the check once a minute) makes it serve the new certificate, trusted by the same CA.
      if (process.platform !== 'win32') {
        expect((await cli(['collector', 'tls', 'renew', '--db', db])).code).toBe(0);
        const renewed = new Promise<void>((resolve) => c.child.stdout!.on('data', () => /Serving the renewed server certificate/.test(c.output()) && resolve()));
        c.child.kill('SIGHUP');
        await renewed;
        const serial = await new Promise<string>((resolve, reject) => {
          request(`${c.url}${PATHS.health}`, { ca, agent: false }, (res) => (res.resume(), resolve((res.socket as import('node:tls').TLSSocket).getPeerCertificate().serialNumber))).on('error', reject).end();
        });
        expect(serial).toBe(new X509Certificate(await readFile(join(dir, 'own-ca', 'tls', 'server.pem'))).serialNumber);
      }
    } finally {
      expect(await stop(c.child)).toBe(0);
    }
    // Behind a TLS proxy the files are not used: plain HTTP.
    const proxied = await startCollector(['--listen', '127.0.0.1:0', '--db', db, '--trust-proxy']);
    try {
      expect(proxied.url).toMatch(/^http:\/\//);
    } finally {
      expect(await stop(proxied.child)).toBe(0);
    }
  }, 60_000);

  it('says clearly when the address is in use, the certificate cannot be read or the database cannot be used', async () => {
    const held = createServer();
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    const port = (held.address() as { port: number }).port;
    try {
      const inUse = await cli(['collector', '--listen', `127.0.0.1:${port}`, '--db', join(dir, 'inuse.db')]);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain(`127.0.0.1:${port} is already in use`);
      // Under a Japanese locale the same failure is said in Japanese.
      const ja = await runTenken(['collector', '--listen', `127.0.0.1:${port}`, '--db', join(dir, 'inuse.db')], { env: { LANG: 'ja_JP.UTF-8' } });
      expect(ja.stderr).toBe(`tenken collector: 127.0.0.1:${port} はすでに使われています（別のコレクターが動いていませんか？）。--listen で別のアドレスを指定してください\n`);
    } finally {
      held.close();
    }
    const noCert = await cli(['collector', '--listen', '127.0.0.1:0', '--db', join(dir, 'c.db'), '--cert', join(dir, 'missing.pem'), '--key', join(dir, 'missing.pem')]);
    expect(noCert.code).toBe(2);
    expect(noCert.stderr).toMatch(/missing\.pem: cannot read/);
    await writeFile(join(dir, 'garbage.pem'), 'not a certificate\n');
    const badCert = await cli(['collector', '--listen', '127.0.0.1:0', '--db', join(dir, 'c.db'), '--cert', join(dir, 'garbage.pem'), '--key', join(dir, 'garbage.pem')]);
    expect(badCert.code).toBe(2);
    expect(badCert.stderr).toMatch(/cannot use the certificate/);
    expect((await cli(['collector', '--cert', join(dir, 'garbage.pem')])).code).toBe(2);
    await writeFile(join(dir, 'a-file'), '');
    const badDb = await cli(['collector', '--listen', '127.0.0.1:0', '--db', join(dir, 'a-file', 'c.db')]);
    expect(badDb.code).toBe(4);
    expect(badDb.stderr).toMatch(/cannot use the database/);
    await writeFile(join(dir, 'not-sqlite.db'), 'this is not a database file, only text that is long enough to be read as a header');
    const notDb = await cli(['collector', 'enroll-secret', '--db', join(dir, 'not-sqlite.db')]);
    expect(notDb.code).toBe(4);
    expect(notDb.stderr).toMatch(/cannot use the database/);
  });
});

describe('tenken collector admin add', () => {
  it('asks twice, refuses different passwords, and a short one before asking again', async () => {
    const db = join(dir, 'admins.db');
    const differ = await cli(['collector', 'admin', 'add', 'hanako', '--db', db], ['correct horse battery', 'correct horse batterY']);
    expect(differ).toMatchObject({ code: 2 });
    expect(differ.stderr).toMatch(/differ/);
    // A short password is refused on its first entry: the person is not asked to type it again.
    const asked: string[] = [];
    const weak = await runTenken(['collector', 'admin', 'add', 'hanako', '--db', db], { ask: async (q) => (asked.push(q), 'short') });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    expect(asked).toEqual(['Password for hanako: ']);
    expect((await cli(['collector', 'admin', 'add', 'ha:nako', '--db', db], ['correct horse battery', 'correct horse battery'])).code).toBe(2);
    const store = await openStore(db);
    expect(await store.countAdmins()).toBe(0);
    await store.close();
  });

  it('takes the password from standard input for scripts, and replaces it when run again', async () => {
    const db = join(dir, 'stdin.db');
    const run = (password: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = execFile(process.execPath, [MAIN, 'collector', '--db', db, 'admin', 'add', 'ops', '--password-stdin'], (error, stdout) => resolve({ code: error ? (error as { code: number }).code : 0, stdout }));
        child.stdin!.end(`${password}\n`);
      });
    expect(await run('first long password')).toMatchObject({ code: 0, stdout: expect.stringMatching(/Administrator ops added/) });
    expect(await run('second long password')).toMatchObject({ code: 0, stdout: expect.stringMatching(/new password set/) });
    const store = await openStore(db);
    expect(await verifyPassword('second long password', (await store.adminPasswordHash('ops'))!)).toBe(true);
    await store.close();
  }, 30_000);
});

describe('tenken collector admin list and remove', () => {
  it('lists the administrators, removes one (ending their sessions), refuses an unknown name, and says when none is left', async () => {
    const db = join(dir, 'admin-list.db');
    for (const name of ['sato', 'hanako']) expect((await cli(['collector', 'admin', 'add', name, '--db', db], ['correct horse battery', 'correct horse battery'])).code).toBe(0);
    const store = await openStore(db);
    await store.createSession('sato-session', 'sato', new Date(Date.now() + 3_600_000));
    await store.close();

    const listed = await cli(['collector', 'admin', 'list', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^hanako \(added \d{4}-\d\d-\d\d \d\d:\d\d UTC, password set \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\nsato \(added /);

    const removed = await cli(['collector', 'admin', 'remove', 'sato', '--db', db]);
    expect(removed).toMatchObject({ code: 0, stdout: 'Administrator sato removed (their sessions were ended).\n' });
    const after = await openStore(db);
    expect(await after.sessionAdmin('sato-session', new Date())).toBeNull();
    // Who did it, from the command line on the server, is in the administrators' audit.
    const by = `cli:${userInfo().username}`;
    expect((await after.adminAudit({ limit: 10 })).map((e) => [e.by, e.action, e.name])).toEqual([
      [by, 'removed', 'sato'],
      [by, 'added', 'hanako'],
      [by, 'added', 'sato'],
    ]);
    await after.close();

    const unknown = await runTenken(['collector', 'admin', 'remove', 'sato', '--db', db], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tenken collector: 管理者 sato はいません（いるのは: hanako）\n');

    const last = await cli(['collector', 'admin', 'remove', 'hanako', '--db', db]);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain('No administrator is left: the dashboard and the read API stay closed until you add one');
    expect((await cli(['collector', 'admin', 'list', '--db', db])).stdout).toContain('tenken collector admin add <name>');
  }, 30_000);
});

describe('tenken collector enroll-secret', () => {
  it('shows the secret with the enroll command, and rotates it', async () => {
    const db = join(dir, 'secret.db');
    const shown = await cli(['collector', 'enroll-secret', '--db', db, '--url', 'https://collector.example']);
    expect(shown.code).toBe(0);
    const secret = /--secret (\S+)/.exec(shown.stdout)![1]!;
    expect(shown.stdout).toContain(`tenken enroll https://collector.example --secret ${secret}`);
    expect(shown.stdout).not.toContain('is an example');
    // Without --url and without tls init's certificate the address is an example, and it says so.
    const example = await cli(['collector', 'enroll-secret', '--db', db]);
    expect(example.stdout).toContain(`tenken enroll https://collector.example:8443 --secret ${secret}`);
    expect(example.stdout).toContain('is an example: give --url');
    const rotated = await cli(['collector', 'enroll-secret', '--rotate', '--db', db]);
    const next = /--secret (\S+)/.exec(rotated.stdout)![1]!;
    expect(next).not.toBe(secret);
    const store = await openStore(db);
    expect(await store.getSetting('enroll-secret')).toBe(next);
    await store.close();
  });
});

it("tenken scan's modules never load fastify, pg, the collector, the schedulers or the sending side", async () => {
  // Records every module the CLI's own imports resolve (Node's synchronous module hooks).
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });
    await import(${JSON.stringify(join(ROOT, 'src', 'cli.ts'))});
    await import(${JSON.stringify(join(ROOT, 'probes', 'index.ts'))});
    console.log(JSON.stringify(seen));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  const loaded = JSON.parse(stdout) as string[];
  expect(loaded.some((u) => u.includes('/src/commands/collector.ts'))).toBe(true);
  expect(loaded.filter((u) => /node_modules\/(fastify|@fastify|pg)\/|\/src\/collector\//.test(u))).toEqual([]);
  // Nor the schedulers' code or the sending side: they load in the commands that use them.
  expect(loaded.filter((u) => /\/src\/schedule\/(scheduler|systemd|cron|launchd|task-scheduler)\.ts$|\/src\/transport\/(send|queue|deliver|enroll)\.ts$/.test(u))).toEqual([]);
}, 30_000);
