/**
 * `tenken collector`: receives the fleet's signed reports and serves the administrators' API (and the
 * dashboard). `tenken collector admin add <name>` creates an administrator; `tenken collector enroll-secret`
 * shows or rotates the secret PCs enroll with. fastify, the store and the database drivers are imported
 * inside the actions, so that `tenken scan` never loads them.
 */
import { hostname as machineName, userInfo } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { readInputFile } from '../source-errors.ts';
import type { CliDeps } from './deps.ts';

/** Loopback unless the administrator says otherwise: nothing is exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** 8443 for HTTPS (the usual alternative HTTPS port), 8080 for plain HTTP behind a reverse proxy. */
export const DEFAULT_HTTPS_PORT = 8443;
export const DEFAULT_HTTP_PORT = 8080;
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

interface Listen {
  host: string;
  port: number | null;
}

/** host:port, [v6]:port, host (default port) or :port (default host). */
export function parseListen(value: string): Listen {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[3] === undefined ? null : Number(m[3]);
  if (!m || (port !== null && port > 65535)) throw new InvalidArgumentError(`"${value}" is not an address; write it like 127.0.0.1:8443, 0.0.0.0:8443 or [::1]:8443`);
  return { host: m[1] ?? (m[2] || DEFAULT_HOST), port };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

interface CollectorCliOptions {
  listen?: Listen;
  db?: string;
  cert?: string;
  key?: string;
  trustProxy?: boolean;
  maxReportsPerMinute: number;
  logLevel: (typeof LOG_LEVELS)[number];
  timeZone?: string;
}

/** An IANA zone Intl knows (Asia/Tokyo, UTC): the dashboard's times are shown in it. */
function timeZoneArg(value: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidArgumentError(`not a time zone: ${JSON.stringify(value)} (an IANA name such as Asia/Tokyo or UTC)`);
  }
}

class CollectorStartError extends Error {
  override readonly name = 'CollectorStartError';
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

/** The --db the person gave, or collector.db in tenken's state folder. */
async function databaseOf(deps: CliDeps, db: string | undefined): Promise<string> {
  if (db) return db;
  const [{ defaultCollectorDb }, host] = await Promise.all([import('../collector/open-store.ts'), deps.createHost()]);
  return defaultCollectorDb(host, deps.env);
}

async function open(deps: CliDeps, db: string | undefined) {
  const [{ openStore, describeDb }, { DatabaseUnavailableError }] = await Promise.all([import('../collector/open-store.ts'), import('../collector/sql.ts')]);
  const target = await databaseOf(deps, db);
  try {
    return { store: await openStore(target), target, shown: describeDb(target) };
  } catch (e) {
    const reason = e instanceof DatabaseUnavailableError ? e.message : `${describeDb(target)}: ${(e as Error).message}`;
    throw new CollectorStartError(`cannot use the database: ${reason}`, EXIT.agentFailure);
  }
}

const dbOption = () => new Option('--db <file|url>', 'SQLite file, or postgres://user:password@host/db (default: collector.db in the state folder)');

function enrollHelp(url: string, secret: string): string {
  return `Enroll secret / 登録用シークレット: ${secret}
Enroll each PC once (as administrator/root) / 各PCで一度だけ実行:
  tenken enroll ${url} --secret ${secret}
Keep the secret like a password; \`tenken collector enroll-secret --rotate\` replaces it (enrolled PCs keep working).
`;
}

function adminHelp(db: string, dbGiven: boolean): string {
  const dbArg = dbGiven ? ` --db ${JSON.stringify(db)}` : '';
  return `No administrator yet: the dashboard and the read API stay closed until you create one (there is no default password).
管理者がまだいません。ダッシュボードを使うには管理者を作成してください（初期パスワードはありません）:
  tenken collector admin add <name>${dbArg}
`;
}

export function registerCollector(program: Command, deps: CliDeps): void {
  const collector = program
    .command('collector')
    .description('run the collector: receive signed reports from enrolled PCs, show the fleet to administrators')
    .option('--listen <host:port>', `address to listen on (default ${DEFAULT_HOST}:${DEFAULT_HTTPS_PORT} with --cert, ${DEFAULT_HOST}:${DEFAULT_HTTP_PORT} without)`, parseListen)
    .addOption(dbOption())
    .option('--cert <pem>', 'serve HTTPS with this certificate (PEM, with its chain)')
    .option('--key <pem>', 'the private key of --cert (PEM)')
    .option('--trust-proxy', 'plain HTTP behind a reverse proxy that terminates TLS: trust its X-Forwarded-For and X-Forwarded-Proto')
    .addOption(new Option('--max-reports-per-minute <n>', 'uploads allowed per device per minute, 0 for no limit (per collector instance)').argParser(positiveInt).default(60))
    .addOption(new Option('--log-level <level>', 'what the log (standard error) shows').choices(LOG_LEVELS).default('info'))
    .addOption(new Option('--time-zone <zone>', "IANA time zone the dashboard shows times in (default: the server's own)").argParser(timeZoneArg))
    .addHelpText(
      'after',
      `
First start: the collector creates its database and an enroll secret, and prints how to enroll a PC and how
to create the first administrator (there is no default password). Logs (JSON, pino) go to standard error.

HTTPS: give --cert and --key, or run plain HTTP on loopback behind a reverse proxy (nginx, Caddy) that
terminates TLS, with --trust-proxy. Agents refuse plain http:// except to loopback.

Exit codes: 0 stopped (SIGINT/SIGTERM), 2 usage error, the address in use, an unreadable certificate or key,
4 the database cannot be opened or migrated.

Examples:
  tenken collector --listen 0.0.0.0:8443 --cert /etc/tenken/cert.pem --key /etc/tenken/key.pem
  tenken collector --listen 127.0.0.1:8080 --trust-proxy          behind nginx on the same machine
  tenken collector --db postgres://tenken:…@db.internal/tenken     several instances, one PostgreSQL
  tenken collector admin add hanako
  tenken collector enroll-secret
  tenken collector device list
  tenken collector device retire <device id>            a PC that left: hidden, its reports refused, history kept
  tenken collector device delete <device id> --yes      a PC and every report it sent`,
    )
    .action(async (opts: CollectorCliOptions) => {
      await runCollector(deps, opts);
    });

  const admin = collector.command('admin').description('administrators of the dashboard and the read API');
  admin
    .command('add <name>')
    .description('create an administrator, or give an existing one a new password')
    .addOption(dbOption())
    .option('--password-stdin', 'read the password from the first line of standard input (for scripts)')
    .action(async (name: string, _opts: unknown, command: Command) => {
      // --db may come before the subcommand too: tenken collector --db x admin add hanako
      await addAdmin(deps, name, command.optsWithGlobals<{ db?: string; passwordStdin?: boolean }>());
    });

  collector
    .command('enroll-secret')
    .description('show the secret PCs enroll with, and how to enroll one')
    .addOption(dbOption())
    .option('--rotate', 'replace it with a new one (enrolled PCs keep working; new enrollments need the new one)')
    .option('--url <url>', 'the address PCs reach the collector at, for the enroll command shown', 'https://collector.example:8443')
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ db?: string; rotate?: boolean; url: string }>();
      await withErrors(deps, async () => {
        const { store } = await open(deps, opts.db);
        try {
          const { ensureEnrollSecret, rotateEnrollSecret } = await import('../collector/server.ts');
          const secret = opts.rotate ? await rotateEnrollSecret(store) : (await ensureEnrollSecret(store)).secret;
          if (opts.rotate) deps.stdout('A new enroll secret is in place; the old one no longer enrolls PCs. / 登録用シークレットを更新しました。\n');
          deps.stdout(enrollHelp(opts.url, secret));
        } finally {
          await store.close();
        }
      });
    });

  registerDeviceLifecycle(collector, deps);
}

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `tenken collector device list|retire|delete`: the same as the device page's buttons, for the server's shell.
 * Other `device` subcommands (revoke, allow-reenroll) may be registered on the same command.
 */
function registerDeviceLifecycle(collector: Command, deps: CliDeps): void {
  const device = collector.commands.find((c) => c.name() === 'device') ?? collector.command('device').description('what to do about one enrolled PC');
  device
    .command('list')
    .description('every enrolled device: id, hostname, last report, and whether it is retired')
    .addOption(dbOption())
    .option('--retired', 'only the retired devices')
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ db?: string; retired?: boolean }>();
      await withErrors(deps, async () => {
        const { store } = await open(deps, opts.db);
        try {
          const filter = opts.retired ? 'retired' : 'all';
          for (let offset = 0; ; offset += 500) {
            const page = await store.listDevices({ now: new Date(), limit: 500, offset, filter });
            for (const d of page.devices) deps.stdout(`${d.deviceId}  ${JSON.stringify(d.hostname)}  ${d.lastReportAt ?? 'never reported / 未報告'}${d.retiredAt ? `  retired ${d.retiredAt} / 使用終了` : ''}\n`);
            if (page.devices.length < 500) break;
          }
        } finally {
          await store.close();
        }
      });
    });
  for (const action of ['retire', 'delete'] as const) {
    device
      .command(`${action} <deviceId>`)
      .description(
        action === 'retire'
          ? 'take the device out of the lists and counts and stop accepting its reports; its history is kept (enrolling again brings it back)'
          : 'delete the device and every report it sent (cannot be undone)',
      )
      .addOption(dbOption())
      .option('--yes', 'do not ask for confirmation')
      .action(async (id: string, _opts: unknown, command: Command) => {
        const opts = command.optsWithGlobals<{ db?: string; yes?: boolean }>();
        await withErrors(deps, async () => {
          if (!DEVICE_ID.test(id)) throw new CollectorStartError(`"${id}" is not a device id (a UUID, as the dashboard and \`device list\` show it)`, EXIT.usage);
          const deviceId = id.toLowerCase();
          const { store } = await open(deps, opts.db);
          try {
            const history = await store.deviceHistory(deviceId, { now: new Date(), limit: 1 });
            if (!history) throw new CollectorStartError(`no enrolled device ${deviceId} / その ID の端末は登録されていません`, EXIT.usage);
            const host = JSON.stringify(history.device.hostname);
            if (!opts.yes) {
              const ask = deps.ask ?? (process.stdin.isTTY ? askLine : undefined);
              if (!ask) throw new CollectorStartError(`no terminal to confirm on: add --yes to ${action} ${host}`, EXIT.usage);
              const question = action === 'retire' ? `Retire ${host} (${deviceId})? / 使用を終了しますか [y/N] ` : `Delete ${host} (${deviceId}) and all its reports? / 削除しますか（元に戻せません） [y/N] `;
              if (!/^y(es)?$/i.test((await ask(question)).trim())) throw new CollectorStartError('nothing was changed / 何も変更していません', EXIT.usage);
            }
            const by = { admin: `cli:${userInfo().username}`, at: new Date() };
            const done = action === 'retire' ? await store.retireDevice(deviceId, by) : await store.deleteDevice(deviceId, by);
            if (!done) deps.stdout(`${host} was retired already / すでに使用を終了しています\n`);
            else if (action === 'retire') deps.stdout(`Retired ${host}: left out of the lists and counts, its reports refused, its history kept. / 使用を終了しました（履歴は残ります）。\n`);
            else deps.stdout(`Deleted ${host} and its reports. / 端末とそのレポートを削除しました。\n`);
          } finally {
            await store.close();
          }
        });
      });
  }
}

/** One answer from the terminal (a yes/no). */
async function askLine(question: string): Promise<string> {
  const { terminalAsk } = await import('../selfcheck/prompt.ts');
  const terminal = terminalAsk(process.stdin, process.stderr);
  try {
    return await terminal.ask(question);
  } finally {
    terminal.close();
  }
}

async function withErrors(deps: CliDeps, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CollectorStartError) {
      deps.stderr(`tenken collector: ${e.message}\n`);
      throw new ExitWith(e.code as 2 | 4);
    }
    throw e;
  }
}

const ADMIN_NAME = /^[^\s:\p{Cc}]{1,64}$/u;

async function addAdmin(deps: CliDeps, name: string, opts: { db?: string; passwordStdin?: boolean }): Promise<void> {
  await withErrors(deps, async () => {
    if (!ADMIN_NAME.test(name)) throw new CollectorStartError(`"${name}" cannot be an administrator name: 1–64 characters, no spaces or colons (HTTP Basic splits at the colon)`, EXIT.usage);
    const { passwordProblem, hashPassword } = await import('../collector/password.ts');
    let password: string;
    if (opts.passwordStdin) {
      password = (await readStdin()).split(/\r?\n/)[0] ?? '';
    } else {
      const ask = deps.ask ?? (process.stdin.isTTY ? askHidden : undefined);
      if (!ask) throw new CollectorStartError('no terminal to ask the password on: pipe it with --password-stdin', EXIT.usage);
      password = await ask(`Password for ${name} / パスワード: `);
      const again = await ask('Again / もう一度: ');
      if (again !== password) throw new CollectorStartError('the two passwords differ; nothing was changed / 2回の入力が一致しません', EXIT.usage);
    }
    const problem = passwordProblem(password);
    if (problem) throw new CollectorStartError(`password: ${problem}`, EXIT.usage);
    const { store, shown } = await open(deps, opts.db);
    try {
      const existed = (await store.adminPasswordHash(name)) !== null;
      await store.putAdmin(name, await hashPassword(password), new Date());
      deps.stdout(existed ? `Administrator ${name}: new password set (their sessions were ended). / パスワードを変更しました。\n` : `Administrator ${name} added to ${shown}. / 管理者を追加しました。\n`);
    } finally {
      await store.close();
    }
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it (raw mode; Backspace edits, Ctrl-C stops). */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(), resolve(value);
        if (ch === '\u0003' || ch === '\u0004') return finish(), reject(new CollectorStartError('interrupted; nothing was changed', EXIT.usage));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function runCollector(deps: CliDeps, opts: CollectorCliOptions): Promise<void> {
  await withErrors(deps, async () => {
    if (Boolean(opts.cert) !== Boolean(opts.key)) throw new CollectorStartError('--cert and --key go together', EXIT.usage);
    const https = opts.cert && opts.key ? { cert: await readInputFile(opts.cert), key: await readInputFile(opts.key) } : undefined;
    const host = opts.listen?.host ?? DEFAULT_HOST;
    const port = opts.listen?.port ?? (https ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT);

    const { store, shown } = await open(deps, opts.db);
    const [{ createCollector, ensureEnrollSecret }, { createLogger }, { isLoopback }] = await Promise.all([import('../collector/server.ts'), import('../log.ts'), import('../transport/send.ts')]);
    let collector;
    try {
      const { secret, created } = await ensureEnrollSecret(store);
      try {
        collector = await createCollector({
          store,
          logger: createLogger(opts.logLevel),
          ...(https ? { https } : {}),
          trustProxy: opts.trustProxy === true,
          rateLimit: opts.maxReportsPerMinute === 0 ? false : { max: opts.maxReportsPerMinute, windowMs: 60_000 },
          ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
        });
      } catch (e) {
        throw new CollectorStartError(https ? `cannot use the certificate ${opts.cert} with the key ${opts.key}: ${(e as Error).message}` : (e as Error).message, EXIT.usage);
      }
      let url: string;
      try {
        url = await collector.listen(host, port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CollectorStartError(`${host}:${port} is already in use (another collector?); choose another address with --listen`, EXIT.usage);
        if (code === 'EACCES') throw new CollectorStartError(`not allowed to listen on ${host}:${port} (ports below 1024 need privileges); choose another with --listen`, EXIT.usage);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CollectorStartError(`${host} is not an address of this machine; choose another with --listen`, EXIT.usage);
        throw e;
      }
      const everywhere = host === '0.0.0.0' || host === '::';
      const reachable = opts.trustProxy ? 'https://<your reverse proxy>' : everywhere ? url.replace(/\/\/[^/]+:/, `//${machineName()}:`) : url;
      deps.stdout(`tenken collector listening on ${url} — database ${shown}\n`);
      if (!https && !opts.trustProxy && !isLoopback(host)) {
        deps.stdout('Warning: plain HTTP on a network address. Agents refuse http:// except to loopback; give --cert/--key, or put a TLS reverse proxy in front and use --trust-proxy.\n');
      }
      if (created) deps.stdout(`\nA new enroll secret was created.\n${enrollHelp(reachable, secret)}`);
      // The hints repeat --db with its password masked (describeDb): stdout may end up in a log.
      else deps.stdout(`Enroll PCs with \`tenken enroll ${reachable} --secret …\`; \`tenken collector enroll-secret${opts.db ? ` --db ${JSON.stringify(shown)}` : ''}\` shows the secret.\n`);
      if ((await store.countAdmins()) === 0) deps.stdout(`\n${adminHelp(shown, opts.db !== undefined)}`);

      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      deps.stdout('tenken collector: stopping\n');
    } finally {
      if (collector) await collector.close();
      await store.close();
    }
  });
}
