/**
 * `tenken collector`: receives the fleet's signed reports and serves the administrators' API (and the
 * dashboard). `tenken collector admin add|list|remove` manages its administrators; `tenken collector enroll-secret`
 * shows or rotates the secret PCs enroll with. fastify, the store and the database drivers are imported
 * inside the actions, so that `tenken scan` never loads them.
 */
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { readInputFile } from '../source-errors.ts';
import type { Localized } from '../report/schema.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
import { COLLECTOR_ERRORS as E, COLLECTOR_SAID as SAID } from '../i18n/collector-messages.ts';
import { fill } from '../fix/text.ts';
import type { CliDeps } from './deps.ts';
import { ARGUMENT_ERRORS as A, COLLECTOR_HELP, OPTION_TEXT } from '../i18n/help-messages.ts';
import { argumentError } from './argument-error.ts';

/** Loopback unless the administrator says otherwise: nothing is exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** 8443 for HTTPS (the usual alternative HTTPS port), 8080 for plain HTTP behind a reverse proxy. */
export const DEFAULT_HTTPS_PORT = 8443;
export const DEFAULT_HTTP_PORT = 8080;
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
/**
 * Reports are kept 400 days (a year's history and its comparison with the year before, roughly), and at most
 * the newest 1000 per device (almost three years of daily scans); a device's newest report of each profile is
 * kept whatever its age. Deleted once a day, a batch at a time.
 */
export const DEFAULT_KEEP_DAYS = 400;
export const DEFAULT_KEEP_REPORTS_PER_DEVICE = 1000;
/** Who acts from the command line on the server, as the audit records it, and when. */
const fromCli = () => ({ admin: `cli:${userInfo().username}`, at: new Date() });

/** An administrator's approval to enroll a known device id again lasts this long. */
const REENROLL_APPROVAL_HOURS = 24;

interface Listen {
  host: string;
  port: number | null;
}

/** host:port, [v6]:port, host (default port) or :port (default host). */
export function parseListen(value: string, lang: Lang = 'en'): Listen {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[3] === undefined ? null : Number(m[3]);
  if (!m || (port !== null && port > 65535)) throw argumentError(lang, A.notAddress, { value });
  return { host: m[1] ?? (m[2] || DEFAULT_HOST), port };
}

/** The proxies --trust-proxy believes when given alone: one on this machine. */
export const LOCAL_PROXY = ['loopback'];

/**
 * --trust-proxy's value: the reverse proxy's addresses or CIDRs, comma-separated, or loopback. A connection from
 * one of them is believed for the client address the proxy appended to X-Forwarded-For; entries before it are
 * what the client sent, and are ignored.
 */
export function parseTrustProxy(value: string, lang: Lang = 'en'): string[] {
  const list = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const proxy = (a: string) => {
    if (a === 'loopback') return true;
    const [ip = '', bits] = a.split('/');
    const max = isIP(ip) === 6 ? 128 : 32;
    return isIP(ip) !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max));
  };
  // A bare number would be read as an address (0.0.0.1), not as a count of proxies.
  if (list.length === 0 || !list.every(proxy)) throw argumentError(lang, A.notProxies, { value });
  return list;
}

const wholeNumber = (lang: Lang) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw argumentError(lang, A.notWholeNumber, { value });
  return n;
};

const oneOrMore = (lang: Lang) => (value: string): number => {
  const n = wholeNumber(lang)(value);
  if (n < 1) throw argumentError(lang, A.notOneOrMore, { value });
  return n;
};

interface CollectorCliOptions {
  listen?: Listen;
  db?: string;
  cert?: string;
  key?: string;
  tlsDir?: string;
  publicUrl?: string;
  packages?: string;
  /** true: the flag alone (a proxy on this machine). */
  trustProxy?: true | string[];
  maxReportsPerMinute: number;
  keepDays: number;
  keepReportsPerDevice: number;
  logLevel: (typeof LOG_LEVELS)[number];
  timeZone?: string;
}

/** An IANA zone Intl knows (Asia/Tokyo, UTC): the dashboard's times are shown in it. */
const timeZoneArg = (lang: Lang) => (value: string): string => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw argumentError(lang, A.notTimeZone, { value });
  }
};

class CollectorStartError extends Error {
  override readonly name = 'CollectorStartError';
  readonly code: number;
  /** What the person reads, in their language; a string is another module's own words, shown as they are. */
  readonly text: Localized;
  constructor(text: Localized | string, code: number) {
    super(typeof text === 'string' ? text : text.en);
    this.text = typeof text === 'string' ? { ja: text, en: text } : text;
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
    throw new CollectorStartError(fill(E.database, { reason }), EXIT.agentFailure);
  }
}

const dbOption = (lang: Lang) => new Option('--db <file|url>', OPTION_TEXT.db[lang]);
const tlsDirOption = (lang: Lang) => new Option('--tls-dir <dir>', COLLECTOR_HELP.tlsDir[lang]);

/** The folder of `tls init`'s files for this database (src/collector/tls-files.ts). */
async function tlsDirOf(deps: CliDeps, opts: { db?: string; tlsDir?: string }) {
  const [{ defaultTlsDir, tlsPaths }, { isPostgresUrl }] = await Promise.all([import('../collector/tls-files.ts'), import('../collector/open-store.ts')]);
  if (opts.tlsDir) return tlsPaths(opts.tlsDir);
  const db = await databaseOf(deps, opts.db);
  if (!isPostgresUrl(db)) return tlsPaths(defaultTlsDir({ sqliteFile: db }));
  const [{ userStateDir }, host] = await Promise.all([import('../state-dirs.ts'), deps.createHost()]);
  return tlsPaths(defaultTlsDir({ stateDir: userStateDir(host, deps.env) }));
}

/** One line (or a few) for the person, in the terminal's language. */
function say(deps: CliDeps, text: Localized): void {
  deps.stdout(text[detectLang(deps.env)]);
}

const PLACEHOLDER_URL = 'https://collector.example:8443';

/** The first name (else address) other PCs can use that tls init's certificate is valid for, on the default HTTPS port. */
function certificateUrl(cert: { readonly names: readonly string[]; readonly ips: readonly string[] }): string | null {
  const name = cert.names.find((n) => n.toLowerCase() !== 'localhost');
  const ip = cert.ips.find((a) => a !== '127.0.0.1' && a !== '::1');
  const host = name ?? (ip === undefined ? undefined : isIP(ip) === 6 ? `[${ip}]` : ip);
  return host === undefined ? null : `https://${host}:${DEFAULT_HTTPS_PORT}`;
}

const pinOption = (caFingerprint: string | undefined) => (caFingerprint ? ` --ca-fingerprint ${caFingerprint}` : '');

function enrollHelp(url: string, secret: string, caFingerprint?: string): Localized {
  return fill(SAID.enrollHelp, { url, secret, pin: pinOption(caFingerprint) });
}

function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function adminHelp(db: string, dbGiven: boolean): Localized {
  return fill(SAID.noAdmin, { db: dbGiven ? ` --db ${JSON.stringify(db)}` : '' });
}

export function registerCollector(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  const collector = program
    .command('collector')
    .description(h(COLLECTOR_HELP.description))
    .option('--listen <host:port>', h(COLLECTOR_HELP.listen).replace('{https}', `${DEFAULT_HOST}:${DEFAULT_HTTPS_PORT}`).replace('{http}', `${DEFAULT_HOST}:${DEFAULT_HTTP_PORT}`), (v) => parseListen(v, lang))
    .addOption(dbOption(lang))
    .option('--cert <pem>', h(COLLECTOR_HELP.cert))
    .option('--key <pem>', h(COLLECTOR_HELP.key))
    .addOption(tlsDirOption(lang))
    .option('--trust-proxy [addresses]', h(COLLECTOR_HELP.trustProxy), (v) => parseTrustProxy(v, lang))
    .option('--public-url <url>', h(COLLECTOR_HELP.publicUrl))
    .option('--packages <dir>', h(COLLECTOR_HELP.packages))
    .addOption(new Option('--max-reports-per-minute <n>', h(COLLECTOR_HELP.maxReports)).argParser(wholeNumber(lang)).default(60))
    .addOption(new Option('--keep-days <n>', h(COLLECTOR_HELP.keepDays)).argParser(oneOrMore(lang)).default(DEFAULT_KEEP_DAYS))
    .addOption(new Option('--keep-reports-per-device <n>', h(COLLECTOR_HELP.keepReportsPerDevice)).argParser(oneOrMore(lang)).default(DEFAULT_KEEP_REPORTS_PER_DEVICE))
    .addOption(new Option('--log-level <level>', h(COLLECTOR_HELP.logLevel)).choices(LOG_LEVELS).default('info'))
    .addOption(new Option('--time-zone <zone>', h(COLLECTOR_HELP.timeZone)).argParser(timeZoneArg(lang)))
    .addHelpText('after', h(COLLECTOR_HELP.after))
    .action(async (opts: CollectorCliOptions) => {
      await runCollector(deps, opts);
    });

  const admin = collector.command('admin').description(h(COLLECTOR_HELP.admin));
  admin
    .command('add')
    .argument('<name>', h(COLLECTOR_HELP.adminName))
    .description(h(COLLECTOR_HELP.adminAdd))
    .addOption(dbOption(lang))
    .option('--password-stdin', h(COLLECTOR_HELP.passwordStdin))
    .action(async (name: string, _opts: unknown, command: Command) => {
      // --db may come before the subcommand too: tenken collector --db x admin add hanako
      await addAdmin(deps, name, command.optsWithGlobals<{ db?: string; passwordStdin?: boolean }>());
    });

  admin
    .command('list')
    .description(h(COLLECTOR_HELP.adminList))
    .addOption(dbOption(lang))
    .action(async (_opts: unknown, command: Command) => {
      await listAdmins(deps, command.optsWithGlobals<{ db?: string }>());
    });
  admin
    .command('remove')
    .argument('<name>', h(COLLECTOR_HELP.adminName))
    .description(h(COLLECTOR_HELP.adminRemove))
    .addOption(dbOption(lang))
    .action(async (name: string, _opts: unknown, command: Command) => {
      await removeAdmin(deps, name, command.optsWithGlobals<{ db?: string }>());
    });

  registerDevice(collector, deps, lang);

  collector
    .command('enroll-secret')
    .description(h(COLLECTOR_HELP.enrollSecret))
    .addOption(dbOption(lang))
    .addOption(tlsDirOption(lang))
    .option('--rotate', h(COLLECTOR_HELP.rotate))
    .option('--url <url>', h(COLLECTOR_HELP.url))
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ db?: string; tlsDir?: string; rotate?: boolean; url?: string }>();
      await withErrors(deps, async () => {
        const { store } = await open(deps, opts.db);
        try {
          const { ensureEnrollSecret, rotateEnrollSecret } = await import('../collector/server.ts');
          const secret = opts.rotate ? await rotateEnrollSecret(store) : (await ensureEnrollSecret(store)).secret;
          if (opts.rotate) say(deps, SAID.secretRotated);
          // With tls init's certificate, the enroll command pins its CA.
          const { loadServerTls } = await import('../collector/tls-files.ts');
          const own = await loadServerTls(await tlsDirOf(deps, opts)).catch(() => undefined);
          // Without --url: the address tls init's certificate names, on the default port; else a placeholder.
          const named = own ? certificateUrl(own) : null;
          say(deps, enrollHelp(opts.url ?? named ?? PLACEHOLDER_URL, secret, own?.caFingerprint));
          if (!opts.url) say(deps, named ? fill(SAID.urlFromCertificate, { url: named }) : SAID.urlPlaceholder);
        } finally {
          await store.close();
        }
      });
    });

  registerDeviceLifecycle(collector, deps, lang);
  registerTls(collector, deps, lang);
}

function registerTls(collector: Command, deps: CliDeps, lang: Lang): void {
  const tls = collector.command('tls').description(COLLECTOR_HELP.tls[lang]);
  const common = (command: Command) =>
    command
      .addOption(dbOption(lang))
      .addOption(tlsDirOption(lang))
      .option('--name <dns-name>', COLLECTOR_HELP.tlsName[lang], repeatable)
      .option('--ip <address>', COLLECTOR_HELP.tlsIp[lang], repeatable);
  common(tls.command('init'))
    .description(COLLECTOR_HELP.tlsInit[lang])
    .action(async (_opts: unknown, command: Command) => runTls(deps, 'init', command.optsWithGlobals()));
  common(tls.command('renew'))
    .description(COLLECTOR_HELP.tlsRenew[lang])
    .action(async (_opts: unknown, command: Command) => runTls(deps, 'renew', command.optsWithGlobals()));
}

async function runTls(deps: CliDeps, action: 'init' | 'renew', opts: { db?: string; tlsDir?: string; name?: string[]; ip?: string[] }): Promise<void> {
  await withErrors(deps, async () => {
    const paths = await tlsDirOf(deps, opts);
    const { initTls, renewTls, TlsSetupError } = await import('../collector/tls-authority.ts');
    let result;
    try {
      result = await (action === 'init' ? initTls : renewTls)({ paths, names: opts.name ?? [], ips: opts.ip ?? [], now: new Date() });
    } catch (e) {
      if (e instanceof TlsSetupError) throw new CollectorStartError(e.message, EXIT.usage);
      throw e;
    }
    const { server } = result;
    const until = server.notAfter.toISOString().slice(0, 10);
    say(deps, fill(action === 'init' ? SAID.tlsMade : SAID.tlsRenewed, { dir: paths.dir }));
    const start = `tenken collector --listen 0.0.0.0:8443${opts.db ? ` --db ${JSON.stringify(opts.db)}` : ''}${opts.tlsDir ? ` --tls-dir ${JSON.stringify(opts.tlsDir)}` : ''}`;
    say(deps, fill(SAID.tlsFacts, { fingerprint: server.caFingerprint, names: [...server.names, ...server.ips].join(', '), until, start }));
  });
}

/** `tenken collector device revoke|allow-reenroll <id>`: what an administrator does about one PC. */
function registerDevice(collector: Command, deps: CliDeps, lang: Lang): void {
  const device = collector.command('device').description(COLLECTOR_HELP.device[lang]);
  const action = (run: (store: Awaited<ReturnType<typeof open>>['store'], id: string) => Promise<Localized>) => async (id: string, _opts: unknown, command: Command) => {
    const opts = command.optsWithGlobals<{ db?: string }>();
    await withErrors(deps, async () => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new CollectorStartError(fill(E.notDeviceId, { id }), EXIT.usage);
      const { store } = await open(deps, opts.db);
      try {
        say(deps, await run(store, id.toLowerCase()));
      } finally {
        await store.close();
      }
    });
  };
  const noSuchDevice = (id: string) => new CollectorStartError(fill(E.noSuchDevice, { id }), EXIT.usage);
  device
    .command('revoke')
    .argument('<deviceId>', COLLECTOR_HELP.deviceId[lang])
    .description(COLLECTOR_HELP.deviceRevoke[lang])
    .addOption(dbOption(lang))
    .action(
      action(async (store, id) => {
        if (!(await store.revokeDevice(id, fromCli()))) throw noSuchDevice(id);
        return fill(SAID.revoked, { id });
      }),
    );
  device
    .command('allow-reenroll')
    .argument('<deviceId>', COLLECTOR_HELP.deviceId[lang])
    .description(fill(COLLECTOR_HELP.deviceAllowReenroll, { hours: String(REENROLL_APPROVAL_HOURS) })[lang])
    .addOption(dbOption(lang))
    .action(
      action(async (store, id) => {
        const until = new Date(Date.now() + REENROLL_APPROVAL_HOURS * 3_600_000);
        if (!(await store.allowReenroll(id, until))) throw noSuchDevice(id);
        return fill(SAID.reenrollAllowed, { id, until: until.toISOString() });
      }),
    );
}

async function withErrors(deps: CliDeps, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CollectorStartError) {
      deps.stderr(`tenken collector: ${e.text[detectLang(deps.env)]}\n`);
      throw new ExitWith(e.code as 2 | 4);
    }
    throw e;
  }
}

const ADMIN_NAME = /^[^\s:\p{Cc}]{1,64}$/u;

async function addAdmin(deps: CliDeps, name: string, opts: { db?: string; passwordStdin?: boolean }): Promise<void> {
  await withErrors(deps, async () => {
    if (!ADMIN_NAME.test(name)) throw new CollectorStartError(fill(E.adminName, { name }), EXIT.usage);
    const { passwordProblem, hashPassword } = await import('../collector/password.ts');
    let password: string;
    if (opts.passwordStdin) {
      password = (await readStdin()).split(/\r?\n/)[0] ?? '';
    } else {
      const ask = deps.ask ?? (process.stdin.isTTY ? askHidden : undefined);
      if (!ask) throw new CollectorStartError(E.noTerminal, EXIT.usage);
      // Checked on the first entry: a too-short password is said before the person types it a second time.
      const lang = detectLang(deps.env);
      password = await ask(fill(SAID.passwordFor, { name })[lang]);
      const tooWeak = passwordProblem(password);
      if (tooWeak) throw new CollectorStartError(fill(E.password, { problem: tooWeak }), EXIT.usage);
      const again = await ask(SAID.passwordAgain[lang]);
      if (again !== password) throw new CollectorStartError(E.passwordsDiffer, EXIT.usage);
    }
    const problem = passwordProblem(password);
    if (problem) throw new CollectorStartError(fill(E.password, { problem }), EXIT.usage);
    const { store, shown } = await open(deps, opts.db);
    try {
      const done = await store.putAdmin(name, await hashPassword(password), fromCli());
      say(deps, done === 'password' ? fill(SAID.passwordChanged, { name }) : fill(SAID.adminAdded, { name, db: shown }));
    } finally {
      await store.close();
    }
  });
}

/** A time as the CLI shows it: minutes, UTC (the dashboard shows its own time zone). */
const utcMinutes = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

async function listAdmins(deps: CliDeps, opts: { db?: string }): Promise<void> {
  await withErrors(deps, async () => {
    const { store, shown } = await open(deps, opts.db);
    try {
      const admins = await store.listAdmins();
      if (admins.length === 0) say(deps, adminHelp(shown, opts.db !== undefined));
      for (const a of admins) say(deps, fill(SAID.adminLine, { name: a.name, createdAt: utcMinutes(a.createdAt), passwordSetAt: utcMinutes(a.passwordSetAt) }));
    } finally {
      await store.close();
    }
  });
}

async function removeAdmin(deps: CliDeps, name: string, opts: { db?: string }): Promise<void> {
  await withErrors(deps, async () => {
    const { store } = await open(deps, opts.db);
    try {
      if (!(await store.removeAdmin(name, fromCli()))) {
        const names = (await store.listAdmins()).map((a) => a.name);
        throw new CollectorStartError(fill(E.noSuchAdmin, { name, names: names.length ? names.join(', ') : E.noAdmins }), EXIT.usage);
      }
      say(deps, fill(SAID.adminRemoved, { name }));
      if ((await store.countAdmins()) === 0) say(deps, SAID.noAdminLeft);
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
        if (ch === '\u0003' || ch === '\u0004') return finish(), reject(new CollectorStartError(E.interrupted, EXIT.usage));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** --public-url: an http(s) address without query or fragment, written as PCs will use it. */
function checkPublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CollectorStartError(fill(E.publicUrlNotAddress, { text }), EXIT.usage);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new CollectorStartError(fill(E.publicUrlShape, { text }), EXIT.usage);
  }
  return url.href.replace(/\/$/, '');
}

async function runCollector(deps: CliDeps, opts: CollectorCliOptions): Promise<void> {
  await withErrors(deps, async () => {
    if (Boolean(opts.cert) !== Boolean(opts.key)) throw new CollectorStartError(E.certWithKey, EXIT.usage);
    const publicUrl = opts.publicUrl === undefined ? undefined : checkPublicUrl(opts.publicUrl);
    let https = opts.cert && opts.key ? { cert: await readInputFile(opts.cert, 'certificate'), key: await readInputFile(opts.key, 'certificate') } : undefined;
    // tls init's files, unless the administrator chose another certificate or a TLS proxy in front.
    let own: import('../collector/tls-files.ts').ServerTls | undefined;
    let ownPaths: import('../collector/tls-files.ts').TlsPaths | undefined;
    if (!https && !opts.trustProxy) {
      const paths = await tlsDirOf(deps, opts);
      ownPaths = paths;
      const { loadServerTls } = await import('../collector/tls-files.ts');
      try {
        own = await loadServerTls(paths);
      } catch (e) {
        throw new CollectorStartError((e as Error).message, EXIT.usage);
      }
      if (own) https = { cert: own.cert, key: own.key };
    }
    const host = opts.listen?.host ?? DEFAULT_HOST;
    const port = opts.listen?.port ?? (https ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT);

    const { store, shown } = await open(deps, opts.db);
    const [{ createCollector, ensureEnrollSecret }, { reachableUrl }, { createPinoLogger }, { isLoopback }] = await Promise.all([
      import('../collector/server.ts'),
      import('../collector/dashboard/routes.ts'),
      import('../log.ts'),
      import('../transport/send.ts'),
    ]);
    let collector;
    try {
      const { secret, created } = await ensureEnrollSecret(store);
      try {
        collector = await createCollector({
          store,
          logger: await createPinoLogger(opts.logLevel),
          ...(https ? { https } : {}),
          ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy === true ? LOCAL_PROXY : opts.trustProxy } : {}),
          ...(publicUrl ? { publicUrl } : {}),
          ...(own ? { caFingerprint: own.caFingerprint, certificateNames: { names: own.names, ips: own.ips } } : {}),
          ...(opts.packages ? { packagesDir: opts.packages } : {}),
          rateLimit: opts.maxReportsPerMinute === 0 ? false : { max: opts.maxReportsPerMinute, windowMs: 60_000 },
          retention: { keepDays: opts.keepDays, maxReportsPerDevice: opts.keepReportsPerDevice },
          ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
        });
      } catch (e) {
        const files = own ? 'the certificate of tenken collector tls init' : `the certificate ${opts.cert} with the key ${opts.key}`;
        throw new CollectorStartError(https ? fill(E.certUnusable, { files, message: (e as Error).message }) : (e as Error).message, EXIT.usage);
      }
      let url: string;
      try {
        url = await collector.listen(host, port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CollectorStartError(fill(E.addressInUse, { address: `${host}:${port}` }), EXIT.usage);
        if (code === 'EACCES') throw new CollectorStartError(fill(E.portNotAllowed, { address: `${host}:${port}` }), EXIT.usage);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CollectorStartError(fill(E.notThisMachine, { host }), EXIT.usage);
        throw e;
      }
      const reachable = publicUrl ?? (opts.trustProxy ? 'https://<your reverse proxy>' : reachableUrl(url));
      say(deps, fill(SAID.listening, { url, db: shown }));
      if (own) {
        const days = Math.floor((own.notAfter.getTime() - Date.now()) / 86_400_000);
        const until = own.notAfter.toISOString().slice(0, 10);
        say(deps, fill(SAID.httpsOwn, { until, fingerprint: own.caFingerprint }));
        if (days < 0) say(deps, SAID.certExpired);
        else if (days < 30) say(deps, fill(SAID.certExpiring, { days: String(days) }));
      }
      // tls renew's certificate is taken up while the collector runs (src/collector/certificate-reload.ts).
      const reload = own && ownPaths ? await watchCertificate(deps, collector, ownPaths, own) : undefined;
      if (isLoopback(host) && !opts.trustProxy) {
        say(deps, fill(SAID.loopbackOnly, { port: String(port) }));
      }
      if (!https && !opts.trustProxy && !isLoopback(host)) {
        say(deps, SAID.plainHttp);
      }
      if (created) {
        say(deps, SAID.secretCreated);
        say(deps, enrollHelp(reachable, secret, own?.caFingerprint));
      }
      // The hints repeat --db with its password masked (describeDb): stdout may end up in a log.
      else say(deps, fill(SAID.enrollHint, { url: reachable, pin: pinOption(own?.caFingerprint), db: opts.db ? ` --db ${JSON.stringify(shown)}` : '' }));
      if ((await store.countAdmins()) === 0) {
        deps.stdout('\n');
        say(deps, adminHelp(shown, opts.db !== undefined));
      }

      await new Promise<void>((resolve) => {
        // Run through npx or npm, SIGTERM reaches npm and the `sh -c` it started, which dies without passing it
        // on: this process is then re-parented and stops as if it had the signal.
        const parent = process.ppid;
        const orphaned = deps.env.npm_command ? setInterval(() => process.ppid !== parent && stop(), 500) : undefined;
        const stop = () => {
          clearInterval(orphaned);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      reload?.stop();
      say(deps, SAID.stopping);
    } finally {
      if (collector) await collector.close();
      await store.close();
    }
  });
}

async function watchCertificate(deps: CliDeps, collector: import('../collector/server.ts').Collector, paths: import('../collector/tls-files.ts').TlsPaths, serving: import('../collector/tls-files.ts').ServerTls) {
  const { reloadCertificate } = await import('../collector/certificate-reload.ts');
  return reloadCertificate({
    paths,
    serving,
    replace: (tls) => collector.replaceCertificate(tls),
    onChange: (change) => {
      if (change.kind === 'replaced') say(deps, fill(SAID.certificateReplaced, { until: change.tls.notAfter.toISOString().slice(0, 10) }));
      else if (change.kind === 'other-ca') say(deps, fill(SAID.certificateOtherCa, { file: paths.serverCert }));
      else say(deps, fill(SAID.certificateUnreadable, { message: change.message }));
    },
  });
}

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `tenken collector device list|retire|delete`: the same as the device page's buttons, for the server's shell.
 * Other `device` subcommands (revoke, allow-reenroll) may be registered on the same command.
 */
function registerDeviceLifecycle(collector: Command, deps: CliDeps, lang: Lang): void {
  const device = collector.commands.find((c) => c.name() === 'device') ?? collector.command('device').description(COLLECTOR_HELP.device[lang]);
  device
    .command('list')
    .description(COLLECTOR_HELP.deviceList[lang])
    .addOption(dbOption(lang))
    .option('--retired', COLLECTOR_HELP.deviceListRetired[lang])
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ db?: string; retired?: boolean }>();
      await withErrors(deps, async () => {
        const { store } = await open(deps, opts.db);
        try {
          const filter = opts.retired ? 'retired' : 'all';
          for (let offset = 0; ; offset += 500) {
            const page = await store.listDevices({ now: new Date(), limit: 500, offset, filter });
            for (const d of page.devices) {
              const retired = d.retiredAt ? `  ${fill(SAID.retiredAt, { at: d.retiredAt })[lang]}` : '';
              deps.stdout(`${d.deviceId}  ${JSON.stringify(d.hostname)}  ${d.lastReportAt ?? SAID.neverReported[lang]}${retired}\n`);
            }
            if (page.devices.length < 500) break;
          }
        } finally {
          await store.close();
        }
      });
    });
  for (const action of ['retire', 'delete'] as const) {
    device
      .command(action)
      .argument('<deviceId>', COLLECTOR_HELP.deviceId[lang])
      .description(action === 'retire' ? COLLECTOR_HELP.deviceRetire[lang] : COLLECTOR_HELP.deviceDelete[lang])
      .addOption(dbOption(lang))
      .option('--yes', COLLECTOR_HELP.deviceYes[lang])
      .action(async (id: string, _opts: unknown, command: Command) => {
        const opts = command.optsWithGlobals<{ db?: string; yes?: boolean }>();
        await withErrors(deps, async () => {
          if (!DEVICE_ID.test(id)) throw new CollectorStartError(fill(E.notDeviceId, { id }), EXIT.usage);
          const deviceId = id.toLowerCase();
          const { store } = await open(deps, opts.db);
          try {
            const history = await store.deviceHistory(deviceId, { now: new Date(), limit: 1 });
            if (!history) throw new CollectorStartError(fill(E.noSuchDevice, { id: deviceId }), EXIT.usage);
            const host = JSON.stringify(history.device.hostname);
            if (!opts.yes) {
              const ask = deps.ask ?? (process.stdin.isTTY ? askLine : undefined);
              if (!ask) throw new CollectorStartError(fill(E.confirmNoTerminal, { host }), EXIT.usage);
              const question = fill(action === 'retire' ? SAID.confirmRetire : SAID.confirmDelete, { host, id: deviceId })[detectLang(deps.env)];
              if (!/^y(es)?$/i.test((await ask(question)).trim())) throw new CollectorStartError(E.notConfirmed, EXIT.usage);
            }
            const by = fromCli();
            const done = action === 'retire' ? await store.retireDevice(deviceId, by) : await store.deleteDevice(deviceId, by);
            say(deps, fill(!done ? SAID.retiredAlready : action === 'retire' ? SAID.retired : SAID.deleted, { host }));
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
