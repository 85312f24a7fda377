/**
 * The collector's HTTP server (fastify): the device routes (enroll, report upload), the administrators'
 * read API and login, and health — docs/api.md is the contract. Every error leaves in the ApiError shape,
 * fastify's own (400/404/413/415) included. createCollector also registers the dashboard's pages
 * (src/collector/dashboard/) behind requireAdmin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { importPublicKey, keyId, verifyEnvelope } from '../transport/dsse.ts';
import {
  ENVELOPE_CONTENT_TYPE,
  EnrollRequest,
  IDEMPOTENCY_HEADER,
  MAX_ENVELOPE_BYTES,
  MAX_REPORT_AGE_DAYS,
  PATHS,
  REENROLL_PROOF_TYPE,
  REENROLL_PROOF_WINDOW_MS,
  reenrollProofPayload,
  type ApiError,
  type EnrollResponse,
  type ReportAccepted,
} from '../transport/protocol.ts';
import { CSV_BOM, csvRow } from './csv.ts';
import { registerDashboard } from './dashboard/routes.ts';
import { localPath } from './local-path.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { FailureLimit } from './failure-limit.ts';
import { DatabaseUnavailableError } from './sql.ts';
import { BASELINE_PROFILE } from './sql-store.ts';
import type { CheckExportRow } from './read-model.ts';
import {
  AmbiguousReportIdError,
  HostnameSearch,
  ReplacedTokenError,
  TooManyProfilesError,
  type DeviceCredentials,
  type KeyAcceptance,
  type ReadStore,
  type RegisteredDevice,
  type Retention,
  type Store,
} from './store.ts';
import { defaultVerifyThreads, VerifyPool } from './verify-pool.ts';
import { firstIssue } from './verify-upload.ts';

export const SESSION_COOKIE = 'tenken_session';
export const ENROLL_SECRET_SETTING = 'enroll-secret';

export interface RateLimit {
  /** Uploads allowed per device (per token) in each window. */
  max: number;
  windowMs: number;
}
/**
 * 60 reports a minute per device: a healthy device sends one a day, and an agent emptying a queue after a
 * long outage is slowed, not refused (it honours Retry-After). Kept in memory, so per collector instance.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 60, windowMs: 60_000 };
/** Login attempts per client address per minute, on top of the delay after each wrong password. */
const LOGIN_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };
/** Wrong administrator passwords over HTTP Basic per client address per minute: as many as the login form allows. */
const ADMIN_FAILURE_LIMIT: RateLimit = LOGIN_RATE_LIMIT;
/**
 * Unknown device tokens and wrong enroll secrets per client address per minute. Higher than the administrators':
 * a token is 256 random bits, not a password, and the PCs of a site behind one NAT address share the count.
 */
const DEVICE_FAILURE_LIMIT: RateLimit = { max: 30, windowMs: 60_000 };
const SESSION_HOURS = 12;
const DEFAULT_LOGIN_FAILURE_DELAY_MS = 300;
/** Envelope bytes as they arrive (gzip may add a little to an incompressible body). */
const RAW_BODY_LIMIT = MAX_ENVELOPE_BYTES + 64 * 1024;
/** Devices whose token → key lookups are kept in memory (a whole fleet, within a few MB). */
const TOKEN_CACHE_SIZE = 50_000;
const REPLACED_TOKEN = 'unknown or replaced device token: enroll the device again';

export interface CollectorOptions {
  store: Store;
  /** fastify's logger (pino); absent: no logging. */
  logger?: FastifyBaseLogger;
  https?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Behind a reverse proxy: its addresses or CIDRs ('loopback': this machine). A connection from one of them
   * is believed for the last X-Forwarded-For entry (the client the proxy saw) and X-Forwarded-Proto: one hop
   * only, so entries the client wrote itself never count, even when they name a trusted address.
   */
  trustProxy?: readonly string[];
  timeouts?: Partial<Timeouts>;
  /** Deletes old reports once a day (and a minute after start); absent: kept for good (tests, benchmarks). */
  retention?: Retention;
  now?: () => Date;
  /** Per-device upload limit; false: none (benchmarks). */
  rateLimit?: RateLimit | false;
  loginFailureDelayMs?: number;
  /** IANA zone the dashboard shows times in; the server's own by default. */
  timeZone?: string;
  /** The address PCs reach the collector at (--public-url), for the Add PCs page. */
  publicUrl?: string;
  /** `sha256:<hex>` of the CA of tls init's certificate, when the collector serves it. */
  caFingerprint?: string;
  /** The names and addresses that certificate is valid for: the Add PCs page warns about an address outside them. */
  certificateNames?: { readonly names: readonly string[]; readonly ips: readonly string[] };
  /** The folder of installers served at /packages/<file> (--packages). */
  packagesDir?: string;
  /** Worker threads verifying uploads (default: one fewer than the cores, as many as the cores up to 2: see defaultVerifyThreads); 0: inline. */
  verifyThreads?: number;
}

/** How long a client may take; a slow or stalled one is disconnected instead of holding a socket and its buffer. */
export interface Timeouts {
  /** From the connection (or the previous request on it) to the end of the request's headers. */
  headersMs: number;
  /** From the connection to the end of the request's body: a 1 MiB report at 40 KB/s, and the agent gives up at 30 s. */
  requestMs: number;
  /** A connection with no bytes either way (keep-alive included) is closed after this. */
  idleMs: number;
  /** How often Node looks for requests past headersMs/requestMs (its default, 30 s, would let them run that much longer). */
  checkEveryMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 30_000, checkEveryMs: 1_000 };

export type RequireAdmin = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface Collector {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** What the dashboard reads. */
  readonly read: ReadStore;
  /** preHandler for administrators' routes: session cookie or HTTP Basic; API → 401, pages → /login. */
  readonly requireAdmin: RequireAdmin;
  /** Starts listening; returns the base URL (https:// when a certificate was given). */
  listen(host: string, port: number): Promise<string>;
  /**
   * Serves new connections with a renewed certificate (tls renew), without a restart: connections already
   * open keep theirs. The names are what the Add PCs page checks its address against. Only with https.
   */
  replaceCertificate(tls: { cert: string | Buffer; key: string | Buffer; names: readonly string[]; ips: readonly string[] }): void;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The administrator requireAdmin let in. */
    admin: string | null;
  }
}

/** An error answered as ApiError. */
export class ApiHttpError extends Error {
  override readonly name = 'ApiHttpError';
  readonly statusCode: number;
  readonly code: ApiError['error']['code'];
  readonly path: string | undefined;
  constructor(statusCode: number, code: ApiError['error']['code'], message: string, path?: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.path = path;
  }
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Compares secrets in constant time (their hashes are of equal length whatever was sent). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

const newSecret = (): string => randomBytes(32).toString('base64url');

/** The enroll secret, made and stored on first use. */
export async function ensureEnrollSecret(store: Store): Promise<{ secret: string; created: boolean }> {
  const existing = await store.getSetting(ENROLL_SECRET_SETTING);
  if (existing) return { secret: existing, created: false };
  // Claimed, not put: another collector on the same database may be creating one at this very moment.
  const candidate = newSecret();
  const secret = await store.claimSetting(ENROLL_SECRET_SETTING, candidate);
  return { secret, created: secret === candidate };
}

/** A new enroll secret; enrolled devices keep their tokens, only new enrollments need the new secret. */
export async function rotateEnrollSecret(store: Store): Promise<string> {
  const secret = newSecret();
  await store.putSetting(ENROLL_SECRET_SETTING, secret);
  return secret;
}

const STATUS_CODES: Record<number, ApiError['error']['code']> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'unavailable',
};

function bearerToken(request: FastifyRequest): string | null {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(request.headers.authorization ?? '');
  return m ? m[1]! : null;
}

const DevicesQuery = z.object({
  filter: z.enum(['all', 'silent', 'failing']).default('all'),
  search: HostnameSearch.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(30) });
const ProfileQuery = z.object({ profile: z.string().min(1).max(100).default(BASELINE_PROFILE) });
const ExportQuery = ProfileQuery.extend({ format: z.enum(['csv', 'json']).default('csv') });
const LoginForm = z.object({ name: z.string().max(200), password: z.string().max(1024), next: z.string().max(2000).optional() });
const Uuid = z.uuid();
const ReportQuery = z.object({ deviceId: Uuid.optional() });

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const r = schema.safeParse(query);
  if (!r.success) {
    const { path, message } = firstIssue(r.error.issues);
    throw new ApiHttpError(400, 'bad-request', message, path || undefined);
  }
  return r.data;
}

export async function createCollector(options: CollectorOptions): Promise<Collector> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const loginDelay = options.loginFailureDelayMs ?? DEFAULT_LOGIN_FAILURE_DELAY_MS;
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  await ensureEnrollSecret(store);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // node:http's own limits; fastify hands `http` (or the https options) to createServer.
  const serverTimeouts = { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs };
  const adminFailures = new FailureLimit(ADMIN_FAILURE_LIMIT.max, ADMIN_FAILURE_LIMIT.windowMs);
  const deviceFailures = new FailureLimit(DEVICE_FAILURE_LIMIT.max, DEVICE_FAILURE_LIMIT.windowMs);

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, ...serverTimeouts } } : { http: serverTimeouts }),
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: Math.min(5_000, timeouts.idleMs),
    trustProxy: options.trustProxy ? proxyPeer(options.trustProxy) : false,
    bodyLimit: 64 * 1024,
    // fastify's own two lines per request ("incoming request", "request completed") at info cost more than a
    // tenth of a millisecond each upload; one line of our own (below) says what an operator needs. (fastify 5.12
    // deprecates the top-level disableRequestLogging for this.)
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;

  // One line per request when it is answered: refusals and failures at info, the rest (every accepted
  // report, every page) at debug, so the default level does not write a line per report.
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 400 ? 'info' : 'debug';
    if (status < 400 && !['debug', 'trace'].includes(request.log.level)) return;
    request.log[level]({ method: request.method, url: request.url.split('?')[0], status, ms: Math.round(reply.elapsedTime * 10) / 10, ip: request.ip }, 'answered');
  });

  // What the dashboard's pages already send (their own CSP and cache rules win), on every other answer too:
  // the JSON API and the CSV export hold the same data, and a 404 or a login redirect should not be sniffed or kept.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
  });

  app.decorateRequest('admin', null);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ApiHttpError(429, 'rate-limited', `too many requests; retry in ${context.after}`),
  });

  app.setErrorHandler((error: FastifyError | ApiHttpError | Error, request, reply) => {
    let status: number;
    let body: ApiError;
    if (error instanceof ApiHttpError) {
      status = error.statusCode;
      body = { error: { code: error.code, message: error.message, ...(error.path !== undefined ? { path: error.path } : {}) } };
    } else if (error instanceof DatabaseUnavailableError || isDatabaseDown(error)) {
      status = 503;
      reply.header('retry-after', '30');
      body = { error: { code: 'unavailable', message: 'the database does not answer; retry later' } };
      request.log.error({ err: error }, 'database unavailable');
    } else {
      const code = (error as FastifyError).statusCode;
      status = code !== undefined && code >= 400 && code < 500 ? code : 500;
      const apiCode = STATUS_CODES[status];
      if (status === 500 || !apiCode) {
        request.log.error({ err: error }, 'internal error');
        status = 500;
        body = { error: { code: 'internal', message: 'internal error' } };
      } else {
        body = { error: { code: apiCode, message: error.message } };
      }
    }
    if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(Math.ceil((rateLimit ? rateLimit.windowMs : 60_000) / 1000)));
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } };
    return reply.code(404).send(body);
  });

  // ---- health -----------------------------------------------------------------------------------------

  app.get(PATHS.health, async (_request, reply) => {
    try {
      await store.ping();
    } catch (e) {
      throw new DatabaseUnavailableError((e as Error).message, { cause: e });
    }
    return reply.send({ status: 'ok', db: store.dialect });
  });

  /**
   * Device token hash → the device and its registered key, so an upload does not wait for the database
   * (between group commits on SQLite) before its verification can start. Safe with several collectors on one
   * database: ingest checks in its own transaction that the token is still the device's (IngestInput.tokenHash),
   * so a token replaced by enrolling again, here or on another instance, stores nothing and is refused (401)
   * at once; an enrollment here also drops the device's entries.
   */
  const devicesByToken = new Map<string, DeviceCredentials>();
  /** The device of a token hash, from memory or the database (then remembered); null: no device has it. */
  const knownDevice = async (tokenHash: string): Promise<DeviceCredentials | null> => {
    const cached = devicesByToken.get(tokenHash);
    if (cached) return cached;
    const device = await store.deviceByTokenHash(tokenHash);
    if (!device) return null;
    if (devicesByToken.size >= TOKEN_CACHE_SIZE) devicesByToken.delete(devicesByToken.keys().next().value!);
    devicesByToken.set(tokenHash, device);
    return device;
  };
  const replacedToken = (tokenHash: string): ApiHttpError => {
    devicesByToken.delete(tokenHash);
    return new ApiHttpError(401, 'unauthorized', REPLACED_TOKEN);
  };

  // ---- enroll -----------------------------------------------------------------------------------------

  app.post(PATHS.enroll, async (request, reply) => {
    const parsed = EnrollRequest.safeParse(request.body);
    if (!parsed.success) {
      const { path, message } = firstIssue(parsed.error.issues);
      throw new ApiHttpError(400, 'bad-request', message, path || undefined);
    }
    const e = parsed.data;
    refuseIfBlocked(deviceFailures, request, reply);
    const secret = await store.getSetting(ENROLL_SECRET_SETTING);
    if (!secret) throw new ApiHttpError(403, 'forbidden', 'enrollment is closed');
    if (!sameSecret(e.enrollSecret, secret)) {
      deviceFailures.fail(request.ip);
      throw new ApiHttpError(401, 'unauthorized', 'wrong enroll secret');
    }
    const enrolledAt = now();
    const registered = await store.registeredDevice(e.deviceId);
    const accepted = registered ? reenrollAcceptance(e, registered, enrolledAt) : { how: 'enrolled' as const };
    if ('refused' in accepted) {
      request.log.warn({ deviceId: e.deviceId, reason: accepted.refused }, 'enrollment of a known device id refused');
      throw new ApiHttpError(409, 'conflict', accepted.refused);
    }
    const token = randomBytes(32).toString('base64url');
    const kid = keyId(e.publicKey);
    const { reenrolled } = await store.enroll({
      deviceId: e.deviceId,
      tokenHash: sha256(token),
      publicKey: e.publicKey,
      keyId: kid,
      hostname: e.hostname,
      platform: e.platform,
      agentVersion: e.agentVersion,
      hints: e.hints,
      enrolledAt,
      how: accepted.how,
      ...(accepted.proofSignedAt ? { proofSignedAt: accepted.proofSignedAt } : {}),
    });
    if (reenrolled) for (const [hash, d] of devicesByToken) if (d.deviceId === e.deviceId) devicesByToken.delete(hash);
    request.log.info({ deviceId: e.deviceId, reenrolled, how: accepted.how }, reenrolled ? 'device key replaced' : 'device enrolled');
    const body: EnrollResponse = { deviceId: e.deviceId, token, keyId: kid, enrolledAt: enrolledAt.toISOString() };
    return reply.code(201).send(body);
  });

  // ---- report upload ----------------------------------------------------------------------------------

  const verifier = new VerifyPool(options.verifyThreads ?? defaultVerifyThreads());
  app.addHook('onClose', async () => verifier.close());

  // ---- retention ----------------------------------------------------------------------------------------

  if (options.retention) {
    const retention = options.retention;
    const prune = async () => {
      try {
        const { reports } = await store.prune(retention, now());
        app.log.info({ reports, keepDays: retention.keepDays, maxReportsPerDevice: retention.maxReportsPerDevice }, 'old reports deleted');
      } catch (e) {
        app.log.error({ err: e }, 'deleting old reports failed; trying again tomorrow');
      }
    };
    // unref: the timers never keep a stopping collector alive.
    const first = setTimeout(() => void prune(), 60_000).unref();
    const daily = setInterval(() => void prune(), 86_400_000).unref();
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(daily);
    });
  }

  await app.register(async (scope) => {
    // The envelope is read as bytes: it may be gzip, and its size counts after decoding.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([ENVELOPE_CONTENT_TYPE, 'application/json'], { parseAs: 'buffer', bodyLimit: RAW_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post(
      PATHS.reports,
      {
        bodyLimit: RAW_BODY_LIMIT,
        // Before the body is read: an address that sent many unknown tokens waits, unless this token is a
        // device's (a PC behind the same NAT address as a guesser still gets through).
        onRequest: async (request, reply) => {
          if (deviceFailures.retryAfter(request.ip) === null) return;
          const token = bearerToken(request);
          if (!token || !(await knownDevice(sha256(token)))) refuseIfBlocked(deviceFailures, request, reply);
        },
        config: rateLimit
          ? { rateLimit: { max: rateLimit.max, timeWindow: rateLimit.windowMs, keyGenerator: (request: FastifyRequest) => { const t = bearerToken(request); return t ? `device:${sha256(t)}` : `ip:${request.ip}`; } } }
          : {},
      },
      async (request, reply) => {
        const token = bearerToken(request);
        if (!token) throw new ApiHttpError(401, 'unauthorized', 'no device token (Authorization: Bearer …)');
        const tokenHash = sha256(token);
        const fromCache = devicesByToken.has(tokenHash);
        const device = await knownDevice(tokenHash);
        if (!device) {
          deviceFailures.fail(request.ip);
          throw new ApiHttpError(401, 'unauthorized', REPLACED_TOKEN);
        }
        const idempotencyKey = request.headers[IDEMPOTENCY_HEADER];
        if (typeof idempotencyKey !== 'string' || idempotencyKey === '') throw new ApiHttpError(400, 'bad-request', 'Idempotency-Key header (the report id) is required');

        const raw = request.body as Buffer | undefined;
        if (!raw || raw.length === 0) throw new ApiHttpError(400, 'bad-request', 'empty body: a DSSE envelope was expected');
        const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
        if (encoding !== 'gzip' && encoding !== 'identity') throw new ApiHttpError(415, 'unsupported-media-type', `Content-Encoding ${encoding} is not supported (gzip or none)`);
        const verified = await verifier.run({ raw, gzip: encoding === 'gzip', publicKeyX: device.publicKey.x });
        if (!verified.ok) throw new ApiHttpError(verified.status, verified.code, verified.message, verified.path);
        const facts = verified.facts;
        if (facts.deliveryDeviceId === null) throw new ApiHttpError(400, 'device-mismatch', 'the report has no delivery.deviceId');
        if (facts.deliveryDeviceId !== device.deviceId) throw new ApiHttpError(400, 'device-mismatch', "delivery.deviceId is not this token's device");
        if (facts.reportId !== idempotencyKey) throw new ApiHttpError(400, 'device-mismatch', 'Idempotency-Key is not the report id');

        const { payloadSha256 } = verified;
        const receivedAt = now();
        // A device clock ahead (or a forged date) must not make a report "newest" for good: a scan cannot have
        // ended after its report arrived, so it counts as ended on arrival, and the device shows how far ahead it was.
        const ahead = facts.finishedAt - receivedAt.getTime();
        const clockAheadMs = ahead > CLOCK_AHEAD_TOLERANCE_MS ? ahead : null;
        if (ahead > 0) facts.finishedAt = receivedAt.getTime();
        let outcome: 'stored' | 'duplicate' | 'conflict';
        if (receivedAt.getTime() - facts.finishedAt > MAX_REPORT_AGE_DAYS * 86_400_000) {
          // A replay of a report stored when it was fresh is still a duplicate, not an error.
          // Rare (a replay of an old report): the token is checked afresh rather than in an ingest.
          if (fromCache && !(await store.deviceByTokenHash(tokenHash))) throw replacedToken(tokenHash);
          const stored = await store.storedDigest(device.deviceId, facts.reportId);
          if (stored === null) throw new ApiHttpError(400, 'stale-report', `the scan finished more than ${MAX_REPORT_AGE_DAYS} days ago`);
          outcome = stored === payloadSha256 ? 'duplicate' : 'conflict';
        } else {
          try {
            outcome = await store.ingest({ deviceId: device.deviceId, facts, payloadSha256, envelopeGz: verified.envelopeGz ?? raw, receivedAt, clockAheadMs, tokenHash });
          } catch (e) {
            if (e instanceof TooManyProfilesError) throw new ApiHttpError(400, 'invalid-report', e.message, 'scan.profile');
            throw e instanceof ReplacedTokenError ? replacedToken(tokenHash) : e;
          }
        }
        if (outcome === 'conflict') throw new ApiHttpError(409, 'conflict', 'this report id was stored before with a different payload');
        const answer: ReportAccepted = { reportId: facts.reportId, status: outcome };
        return reply.code(outcome === 'stored' ? 202 : 200).send(answer);
      },
    );
  });

  // ---- administrators -----------------------------------------------------------------------------------

  /** Basic credentials already verified, by hash of the header → the password hash they matched. */
  const verifiedBasic = new Map<string, string>();
  let dummyHash: Promise<string> | undefined;

  async function checkPassword(name: string, password: string): Promise<boolean> {
    const stored = await store.adminPasswordHash(name);
    if (stored) return verifyPassword(password, stored);
    // Same work for an unknown name, so timing does not tell which names exist.
    await verifyPassword(password, await (dummyHash ??= hashPassword(newSecret())));
    return false;
  }

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const admin = await store.sessionAdmin(sha256(cookie), now());
      if (admin) return admin;
    }
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m) return null;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const key = sha256(decoded);
    const stored = await store.adminPasswordHash(name);
    // scrypt costs tens of milliseconds: a script's repeated requests reuse the verification while the
    // stored hash is unchanged (a new password changes it). So an administrator already verified is let in
    // even from an address that is guessing; a new guess from it is refused before any scrypt runs.
    if (stored && verifiedBasic.get(key) === stored) return name;
    refuseIfBlocked(adminFailures, request, reply);
    adminFailures.fail(request.ip);
    if (!(await checkPassword(name, password))) {
      request.log.warn({ admin: name }, 'wrong password (HTTP Basic)');
      await delay(loginDelay);
      return null;
    }
    adminFailures.forgive(request.ip);
    if (verifiedBasic.size >= 1000) verifiedBasic.clear();
    verifiedBasic.set(key, (await store.adminPasswordHash(name)) ?? '');
    return name;
  }

  const requireAdmin: RequireAdmin = async (request, reply) => {
    const admin = await authenticate(request, reply);
    if (admin) {
      request.admin = admin;
      return;
    }
    if (request.url.startsWith('/api/')) {
      reply.header('www-authenticate', 'Basic realm="tenken collector", charset="UTF-8"');
      throw new ApiHttpError(401, 'unauthorized', 'an administrator login is required (session cookie or HTTP Basic)');
    }
    await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  };

  app.post('/login', { config: { rateLimit: { max: LOGIN_RATE_LIMIT.max, timeWindow: LOGIN_RATE_LIMIT.windowMs } }, preHandler: refuseCrossOrigin }, async (request, reply) => {
    const form = LoginForm.safeParse(request.body ?? {});
    const next = localPath(form.success ? form.data.next : undefined);
    if (form.success && (await checkPassword(form.data.name, form.data.password))) {
      const id = randomBytes(32).toString('base64url');
      await store.createSession(sha256(id), form.data.name, new Date(now().getTime() + SESSION_HOURS * 3_600_000));
      reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/', maxAge: SESSION_HOURS * 3600 });
      request.log.info({ admin: form.data.name }, 'administrator logged in');
      return reply.redirect(next, 303);
    }
    request.log.warn({ admin: form.success ? form.data.name : null }, 'failed login');
    await delay(loginDelay);
    return reply.redirect(`/login?error=1${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`, 303);
  });

  app.post('/logout', { preHandler: refuseCrossOrigin }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await store.deleteSession(sha256(cookie));
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    return reply.redirect('/login', 303);
  });

  // ---- reads --------------------------------------------------------------------------------------------

  await app.register(async (scope) => {
    scope.addHook('preHandler', requireAdmin);

    scope.get(PATHS.devices, async (request) => {
      const q = parseQuery(DevicesQuery, request.query);
      return store.listDevices({ now: now(), limit: q.limit, offset: q.offset, filter: q.filter, ...(q.search ? { search: q.search } : {}) });
    });

    scope.get<{ Params: { deviceId: string } }>(PATHS.device, async (request) => {
      const history = Uuid.safeParse(request.params.deviceId).success ? await store.deviceHistory(request.params.deviceId, { now: now(), limit: 0 }) : null;
      if (!history) throw new ApiHttpError(404, 'not-found', 'no such device');
      return history.device;
    });

    scope.get<{ Params: { deviceId: string } }>(PATHS.deviceReports, async (request) => {
      const q = parseQuery(HistoryQuery, request.query);
      const history = Uuid.safeParse(request.params.deviceId).success ? await store.deviceHistory(request.params.deviceId, { now: now(), limit: q.limit }) : null;
      if (!history) throw new ApiHttpError(404, 'not-found', 'no such device');
      return history;
    });

    scope.get<{ Params: { reportId: string } }>(PATHS.report, async (request) => {
      const q = parseQuery(ReportQuery, request.query);
      let stored;
      try {
        stored = Uuid.safeParse(request.params.reportId).success ? await store.report(request.params.reportId, q.deviceId) : null;
      } catch (e) {
        if (e instanceof AmbiguousReportIdError) throw new ApiHttpError(409, 'conflict', `${e.message}: say whose with ?deviceId=`);
        throw e;
      }
      if (!stored) throw new ApiHttpError(404, 'not-found', 'no such report');
      return stored;
    });

    scope.get(PATHS.fleetSummary, async (request) => {
      const q = parseQuery(ProfileQuery, request.query);
      return store.fleetSummary({ profile: q.profile, now: now() });
    });

    scope.get(PATHS.exportChecks, async (request, reply) => {
      const q = parseQuery(ExportQuery, request.query);
      const rows = store.exportChecks({ profile: q.profile });
      const stamp = now().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="tenken-checks-${q.profile.replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}.${q.format}"`);
      if (q.format === 'json') {
        reply.type('application/json; charset=utf-8');
        return reply.send(Readable.from(jsonArray(rows)));
      }
      reply.type('text/csv; charset=utf-8');
      return reply.send(Readable.from(csvLines(rows)));
    });
  });

  // The administrator's web pages (GET /login, /, /devices, /devices/:id, /selfcheck, /add-pcs) and the
  // installers (/packages/<file>): src/collector/dashboard/.
  let listened: string | null = null;
  let certificateNames = options.certificateNames ?? null;
  registerDashboard(app, {
    read: store,
    lifecycle: store,
    requireAdmin,
    now,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    addPcs: {
      listenUrl: () => listened,
      caFingerprint: options.caFingerprint ?? null,
      certificateNames: () => certificateNames,
      packagesDir: options.packagesDir ?? null,
      enrollSecret: async () => (await ensureEnrollSecret(store)).secret,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    },
  });

  return {
    app,
    store,
    read: store,
    requireAdmin,
    replaceCertificate(tls) {
      if (!options.https) throw new Error('replaceCertificate: this collector serves plain HTTP');
      // node:https keeps the options the server was created with; a new secure context takes over from the next handshake.
      (app.server as import('node:https').Server).setSecureContext({ cert: tls.cert, key: tls.key });
      certificateNames = { names: tls.names, ips: tls.ips };
    },
    async listen(host: string, port: number): Promise<string> {
      await app.listen({ host, port });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      listened = `${options.https ? 'https' : 'http'}://${shownHost}:${actualPort}`;
      return listened;
    },
    async close(): Promise<void> {
      await app.close();
    },
  };
}

/**
 * fastify's trustProxy as a function: only hop 0 (the connection's own peer) is trusted, and only when it is one
 * of the proxies. fastify's `true` takes the left-most X-Forwarded-For entry, which the client writes; an address
 * list trusts every entry naming a listed address, so with a proxy on loopback a client writing
 * "10.9.1.1, 127.0.0.1" chose its own address; and a hop count trusts nothing in fastify 5.
 */
export function proxyPeer(proxies: readonly string[]): (address: string, hop: number) => boolean {
  const list = new BlockList();
  for (const p of proxies) {
    if (p === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [ip = '', bits] = p.split('/');
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return (address, hop) => {
    if (hop !== 0) return false;
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
  };
}

/** A device clock this far ahead of the collector's is shown on the device (clockAheadSeconds). */
const CLOCK_AHEAD_TOLERANCE_MS = 5 * 60_000;

/**
 * Whether an enrollment may replace the key of a device id already registered: with a proof signed by that key
 * (signed within REENROLL_PROOF_WINDOW_MS of now and after any proof accepted before, so a captured proof cannot
 * be used again), or with an administrator's approval that has not expired. A revoked device's old key proves
 * nothing (the PC may be the stolen one): only an administrator lets it back.
 */
function reenrollAcceptance(e: EnrollRequest, registered: RegisteredDevice, at: Date): { how: KeyAcceptance; proofSignedAt?: Date } | { refused: string } {
  if (registered.reenrollAllowedUntil && registered.reenrollAllowedUntil > at) return { how: 'administrator' };
  const ask = `ask the collector's administrator to allow it (tenken collector device allow-reenroll ${e.deviceId}), or enroll as a new device (tenken enroll --new-identity)`;
  if (registered.revokedAt) return { refused: `this device was revoked; ${ask}` };
  if (!e.proof) return { refused: `this device id is enrolled with another key and the request has no proof by that key; ${ask}` };
  const signedAt = new Date(e.proof.signedAt);
  if (Math.abs(signedAt.getTime() - at.getTime()) > REENROLL_PROOF_WINDOW_MS) return { refused: `the proof was signed at ${e.proof.signedAt}, more than 10 minutes from the collector's clock (${at.toISOString()}); set the PC's clock` };
  if (registered.lastProofAt && signedAt <= registered.lastProofAt) return { refused: `the proof is not newer than the last one accepted; ${ask}` };
  const envelope = { payloadType: REENROLL_PROOF_TYPE, payload: reenrollProofPayload(e.deviceId, e.publicKey, e.proof.signedAt).toString('base64'), signatures: [{ keyid: '', sig: e.proof.sig }] };
  if (!verifyEnvelope(envelope, REENROLL_PROOF_TYPE, importPublicKey(registered.publicKey)).ok) return { refused: `the proof does not verify with the key this device enrolled with; ${ask}` };
  return { how: 'old-key', proofSignedAt: signedAt };
}

/** 429 with Retry-After when the client's address is over a failure limit. */
function refuseIfBlocked(limit: FailureLimit, request: FastifyRequest, reply: FastifyReply): void {
  const after = limit.retryAfter(request.ip);
  if (after === null) return;
  reply.header('retry-after', String(after));
  throw new ApiHttpError(429, 'rate-limited', `too many failed attempts from this address; retry in ${after} s`);
}

/**
 * Login CSRF: a browser always names the page a form was posted from (Origin, else Referer; the pages' referrer
 * policy is same-origin, which keeps both for the collector's own forms). A form posted from another site, or
 * from an opaque origin ("null"), is refused; a client sending neither (curl, a script) is no browser to trick.
 */
async function refuseCrossOrigin(request: FastifyRequest): Promise<void> {
  const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (origin === undefined || origin === `${request.protocol}://${request.host}`) return;
  throw new ApiHttpError(403, 'forbidden', 'a form posted from another site is refused');
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** Errors of the database drivers that mean "not reachable now" rather than a bug. */
function isDatabaseDown(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return true;
  // PostgreSQL: admin shutdown, cannot connect now, too many connections.
  if (code === '57P01' || code === '57P03' || code === '53300') return true;
  return code === 'ERR_SQLITE_ERROR' && /database is locked|disk I\/O|not open/i.test((error as Error).message);
}

export const CSV_HEADER = ['deviceId', 'hostname', 'platform', 'osName', 'reportId', 'finishedAt', 'profile', 'check', 'title_ja', 'title_en', 'status', 'reason', 'reason_ja'] as const;

async function* csvLines(rows: AsyncIterable<CheckExportRow>): AsyncIterable<string> {
  yield CSV_BOM + csvRow(CSV_HEADER);
  for await (const r of rows) yield csvRow([r.deviceId, r.hostname, r.platform, r.osName, r.reportId, r.finishedAt, r.profile, r.check, r.title.ja, r.title.en, r.status, r.reason, r.reasonJa]);
}

async function* jsonArray(rows: AsyncIterable<unknown>): AsyncIterable<string> {
  let first = true;
  yield '[';
  for await (const r of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(r)}`;
    first = false;
  }
  yield '\n]\n';
}
