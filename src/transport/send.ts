/**
 * Uploading signed reports (docs/api.md "Sending a report"): node:http(s) with keep-alive, HTTPS (plain http only to loopback
 * or with --insecure), the envelope gzipped, the device token as bearer and the report id as idempotency key.
 * Each answer becomes one of three outcomes — sent, retry later, rejected — and the queue records it; a report
 * leaves the queue only after the collector's acceptance of that very report.
 */
import type { Lang } from '../i18n/lang.ts';
import { parseRetryAfter, retryDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { ApiError, ENVELOPE_CONTENT_TYPE, PATHS, ReportAccepted, RETRYABLE_STATUSES } from './protocol.ts';
import { pinnedCaProblem } from './ca-pin.ts';
import { DeliveryUsageError } from './errors.ts';
import { renderReason } from '../i18n/reasons.ts';
import { because, type Reason } from '../i18n/reason.ts';
import { ReadBuffer, type DeliveryQueue, type DeliveryState, type QueuedReport } from './queue.ts';

/** Plain http to a collector that is not this machine, without --insecure: the token would travel in clear. */
export class InsecureCollectorError extends DeliveryUsageError {
  override readonly name = 'InsecureCollectorError';
}

/**
 * This machine, where plain http is allowed: localhost names, 127.0.0.0/8, ::1 (bare, as a listen address, or
 * bracketed, as URL.hostname writes it). The collector warns when it listens on plain http anywhere else.
 */
export const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]' || hostname === '::1';

/** The collector's base address, checked: https, or http to loopback, or http with an explicit --insecure. */
export function collectorUrl(text: string, insecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InsecureCollectorError(`"${text}" is not a collector address; write it like https://collector.example`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') throw new InsecureCollectorError(`"${text}": the collector is reached over https:// (or http:// on this machine)`);
  if (isLoopback(url.hostname) || insecure) return url;
  throw new InsecureCollectorError(
    `plain http to ${url.host} is refused: the device token and reports would travel unencrypted. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}, or add --insecure if this network is trusted`,
  );
}

export const endpoint = (base: URL, path: string): URL => new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);

export type SendOutcome =
  | { readonly kind: 'sent'; readonly status: 'stored' | 'duplicate' }
  | { readonly kind: 'retry'; readonly reason: Reason; readonly retryAfterMs: number | null }
  | { readonly kind: 'rejected'; readonly status: number; readonly code: string | null; readonly message: string };

export interface SendTarget {
  readonly collector: URL;
  readonly token: string;
  /** The CA pinned at enrollment (PEM): trusted instead of the system's roots. */
  readonly ca?: string;
}

export interface SendOptions {
  /** Budget of one request, connection to last byte of the answer. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** How a person enrolls again, for 401 answers (`tenken enroll <url> --secret …`). */
  readonly enrollHint?: string;
  /** Language of the reasons tenken words itself (English by default), a pinned CA's included. */
  readonly lang?: Lang;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Why a request failed before any answer, in words a person can act on; the cause's code decides. */
export function describeNetworkError(e: unknown, url: URL, timeoutMs: number): Reason {
  const codes: string[] = [];
  for (let c: unknown = e; c && typeof c === 'object' && codes.length < 6; c = (c as { cause?: unknown }).cause) {
    const { code, name } = c as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (name === 'TimeoutError' || name === 'AbortError') codes.push('TIMEOUT');
  }
  const code = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? codes[0] ?? '';
  const host = url.host;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return because('network.dns', { host: url.hostname, code });
    case 'ECONNREFUSED':
      return because('network.refused', { host });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return because('network.reset', { host, code });
    case 'TIMEOUT':
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return because('network.timeout', { host, seconds: Math.round(timeoutMs / 1000) });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return because('network.unreachable', { host, code });
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return because('tls.untrusted', { host, code });
    case 'CERT_HAS_EXPIRED':
      return because('tls.expired', { host, code });
    case 'CERT_NOT_YET_VALID':
      return because('tls.not-yet-valid', { host, code });
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return because('tls.wrong-host', { host, code });
    default:
      if (/^(ERR_SSL|ERR_TLS|CERT_|ERR_OSSL)/.test(code)) return because('tls.other', { host, code });
      return because('network.other', { host }, code || innermostMessage(e));
  }
}

/** Node's errors can wrap the reason ("bad port", …) in their innermost cause. */
function innermostMessage(e: unknown): string {
  let message = String(e);
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 6; c = c.cause, depth++) message = c.message;
  return message;
}

/** An answer of the collector, read whole (its answers are a few hundred bytes). */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
  readonly text: string;
}

/**
 * One POST to the collector (enrolling, uploading) over node:http(s), with keep-alive (the default agents of Node ≥ 19 keep connections open, so a
 * flush's uploads reuse them) and a budget from connecting to the last byte of the answer. Not fetch: undici's
 * web streams cost some 70 KB of garbage per request that V8 collects late — 1,000 uploads by fetch doubled
 * the agent's memory. Redirects are not followed (reports go to the enrolled address only).
 * With a pinned CA, that CA is the only one trusted, not added to the system's roots: pinning means the
 * collector is who that CA says, and a certificate any public CA would issue for the same name must not do.
 */
export async function post(url: URL, headers: Record<string, string>, body: Uint8Array, timeoutMs: number, ca?: string): Promise<Answer> {
  // Loaded when first needed (then cached), so that `tenken queue` does without them: ~7 MB for node:http,
  // more for node:https and TLS, which a loopback collector does without too.
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    let outcome: { answer: Answer } | { error: unknown } | undefined;
    // Past the budget the request is aborted; say so (a TimeoutError) rather than "aborted".
    const fail = (e: unknown) => (outcome ??= { error: signal.aborted ? signal.reason : e });
    const request = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.byteLength) }, signal, ...(ca && url.protocol === 'https:' ? { ca } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('error', fail);
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          outcome ??= { answer: { status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', retryAfter: retryAfter ?? null, contentType: response.headers['content-type'] ?? null, text: Buffer.concat(chunks).toString('utf8') } };
        });
        // Closed before its end without an error event: the connection was cut mid-answer.
        response.on('close', () => {
          if (!response.complete) fail(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
        });
      },
    );
    request.on('error', fail);
    // Settled when the request is closed, not at the answer's end: only then is the body written out or its
    // writes cancelled, and the caller may fill the buffer it lies in with the next report.
    request.on('close', () => {
      if (outcome && 'answer' in outcome) resolve(outcome.answer);
      else reject(outcome?.error ?? Object.assign(new Error('the connection closed without an answer'), { code: 'ECONNRESET' }));
    });
    request.end(body);
  });
}

/** One upload of one envelope (gzipped JSON, as queued); never throws for what the network or collector does. */
export async function postEnvelope(target: SendTarget, reportId: string, gzippedEnvelope: Uint8Array, options: SendOptions = {}): Promise<SendOutcome> {
  const url = endpoint(target.collector, PATHS.reports);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${target.token}`,
    'idempotency-key': reportId,
    'content-type': ENVELOPE_CONTENT_TYPE,
    'content-encoding': 'gzip',
  };
  let answer: Answer;
  try {
    answer = await post(url, headers, gzippedEnvelope, timeoutMs, target.ca);
  } catch (e) {
    const pinned = target.ca === undefined ? null : pinnedCaProblem(e, url, target.ca);
    return { kind: 'retry', reason: pinned ?? describeNetworkError(e, url, timeoutMs), retryAfterMs: null };
  }
  if (answer.status >= 300 && answer.status < 400) {
    return { kind: 'retry', reason: because('collector.redirect', { host: url.host, status: answer.status }), retryAfterMs: null };
  }
  if (answer.status >= 200 && answer.status < 300) {
    // Only the collector's acceptance of this very report lets it leave the queue: a captive portal's login
    // page, a proxy's "200 OK" or an answer about another report is not one, so the report is tried again.
    const accepted = ReportAccepted.safeParse(safeJson(answer.text));
    if (accepted.success && accepted.data.reportId === reportId) return { kind: 'sent', status: accepted.data.status };
    const reason = accepted.success
      ? because('collector.other-report', { id: accepted.data.reportId })
      : because('collector.not-the-collector', { status: answer.status, contentType: printable(answer.contentType ?? '-') });
    return { kind: 'retry', reason, retryAfterMs: null };
  }
  const apiError = ApiError.safeParse(safeJson(answer.text));
  const said = apiError.success ? `${apiError.data.error.code}: ${apiError.data.error.message}` : `${answer.status} ${answer.statusText}`.trim();
  if (RETRYABLE_STATUSES.has(answer.status)) {
    return { kind: 'retry', reason: because('collector.busy', { status: answer.status }, said), retryAfterMs: parseRetryAfter(answer.retryAfter, (options.now ?? (() => new Date()))()) };
  }
  const hint = answer.status === 401 ? ` — enroll again: ${options.enrollHint ?? 'tenken enroll <collector> --secret …'}` : '';
  return { kind: 'rejected', status: answer.status, code: apiError.success ? apiError.data.error.code : null, message: `${answer.status} ${said}${hint}` };
}

/** A header another server chose, fit to print: visible ASCII only, and short. */
const printable = (value: string) => value.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface FlushOptions extends SendOptions {
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** Ignore next-attempt times: `tenken queue flush` sends now. */
  readonly force?: boolean;
  /** Send rejected reports again too (`--retry-rejected`), after the cause was fixed. */
  readonly retryRejected?: boolean;
  /** Called before each upload with its place in this flush (n of N, from 1). */
  readonly onProgress?: (done: number, total: number, entry: QueuedReport) => void;
  readonly signal?: AbortSignal;
  /** Uploads in flight at once; UPLOAD_CONCURRENCY unless a test says otherwise. */
  readonly concurrency?: number;
}

export interface FlushResult {
  readonly sent: number;
  readonly duplicates: number;
  /** Reports whose try failed and will be retried, with when. */
  readonly retrying: { readonly entry: QueuedReport; readonly reason: Reason; readonly nextAttemptAt: Date }[];
  readonly rejected: { readonly entry: QueuedReport; readonly message: string }[];
  /** Reports left in the queue after the flush (waiting, retrying or rejected). */
  readonly remaining: QueuedReport[];
  /** Files moved to corrupt/ (this time or before). */
  readonly corrupt: number;
}

/**
 * Uploads in flight at once in a flush. The collector commits uploads that arrive together in one
 * transaction (group commit, src/collector/sqlite-db.ts), so one at a time leaves it idle between answers
 * and pays a commit per report; a few at once fill its groups and hide the round trip. A few is enough: on
 * this 2-core machine (a local collector on disk, 600 reports, load ~3.5) 1 lane gave 92–114 reports/s, 4
 * gave 111–115, 6 gave 106–136, 8 gave 133–140 — gains within the noise beyond 4–6 — while every upload in
 * flight holds one envelope in memory and a connection at the collector, whose fleet of agents may all flush
 * at once after an outage. The uploads keep their connections alive (see post), so a flush opens at most this many.
 */
export const UPLOAD_CONCURRENCY = 6;

/**
 * Sends the queue, UPLOAD_CONCURRENCY reports at a time, taken in queue order (the collector orders by
 * sequence, not by arrival). A rejected report is marked and the others go on (one bad report must not block
 * the rest); a report that must be retried stops the flush from starting more uploads, because the collector
 * or the network is unwell and hammering it with the rest would only make that worse (osquery #3706) — the
 * uploads already in flight finish and their outcome is recorded. Each queue file is handled by one upload
 * only, so no two writers in this process touch one file.
 */
export async function flushQueue(queue: DeliveryQueue, target: SendTarget, options: FlushOptions = {}): Promise<FlushResult> {
  const now = options.now ?? (() => new Date());
  const listing = await queue.list();
  const due = listing.entries.filter(
    (e) => (e.state.rejected === null || options.retryRejected) && (options.force || e.state.nextAttemptAt === null || Date.parse(e.state.nextAttemptAt) <= now().getTime()),
  );
  let sent = 0;
  let duplicates = 0;
  const gone = new Set<string>();
  let corrupted = 0;
  const retrying: FlushResult['retrying'] = [];
  const rejected: FlushResult['rejected'] = [];
  let next = 0;
  let stopped = false;

  async function upload(entry: QueuedReport, scratch: ReadBuffer): Promise<void> {
    const read = await queue.readForUpload(entry.file, scratch);
    if (read === undefined || 'reason' in read) {
      if (read) {
        await queue.markCorrupt(entry.file, read.reason);
        corrupted++;
      }
      gone.add(entry.file);
      return;
    }
    const outcome = await postEnvelope(target, entry.meta.reportId, read.body, options);
    if (outcome.kind === 'sent') {
      await queue.remove(entry.file);
      gone.add(entry.file);
      sent++;
      if (outcome.status === 'duplicate') duplicates++;
      return;
    }
    // Before the state is written, so that no upload starts while this one records its retry.
    if (outcome.kind === 'retry') stopped = true;
    const at = now();
    let state: DeliveryState;
    if (outcome.kind === 'rejected') {
      state = { ...read.header.state, lastError: outcome.message, rejected: { status: outcome.status, code: outcome.code, message: outcome.message, at: at.toISOString() } };
      rejected.push({ entry: { ...entry, state }, message: outcome.message });
    } else {
      const delay = retryDelayMs(read.header.state.attempts, options.backoff ?? DEFAULT_BACKOFF, options.random ?? Math.random, outcome.retryAfterMs);
      const nextAttemptAt = new Date(at.getTime() + delay);
      state = { attempts: read.header.state.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: renderReason(outcome.reason, 'en'), lastReason: outcome.reason, rejected: null };
      retrying.push({ entry: { ...entry, state }, reason: outcome.reason, nextAttemptAt });
    }
    await queue.update(entry.file, state);
  }

  /** One lane: takes the next due report until none is left or the flush stops; its read buffer is reused. */
  async function lane(): Promise<void> {
    const scratch = new ReadBuffer();
    while (!stopped && !options.signal?.aborted && next < due.length) {
      const i = next++;
      options.onProgress?.(i + 1, due.length, due[i]!);
      try {
        await upload(due[i]!, scratch);
      } catch (e) {
        // The queue folder turned unwritable, say: the other lanes finish what they have and start nothing new.
        stopped = true;
        throw e;
      }
    }
  }

  const lanes = Array.from({ length: Math.min(Math.max(1, options.concurrency ?? UPLOAD_CONCURRENCY), due.length) }, lane);
  // Every lane runs to its end before a failure is passed on, so that no upload is left unrecorded behind it.
  const ends = await Promise.allSettled(lanes);
  const failed = ends.find((e) => e.status === 'rejected');
  if (failed) throw failed.reason;
  // In queue order, whatever order the answers came in.
  const place = new Map(listing.entries.map((e, i) => [e.file, i]));
  const byPlace = (a: { entry: QueuedReport }, b: { entry: QueuedReport }) => place.get(a.entry.file)! - place.get(b.entry.file)!;
  retrying.sort(byPlace);
  rejected.sort(byPlace);
  const updated = new Map([...retrying, ...rejected].map((r) => [r.entry.file, r.entry]));
  const remaining = listing.entries.filter((e) => !gone.has(e.file)).map((e) => updated.get(e.file) ?? e);
  return { sent, duplicates, retrying, rejected, remaining, corrupt: listing.corrupt.length + corrupted };
}

/** When the next try of anything in the queue is due (null: nothing waits but rejected reports). */
export function nextDue(entries: readonly QueuedReport[], now: Date): Date | null {
  let next: number | null = null;
  for (const e of entries) {
    if (e.state.rejected) continue;
    const at = e.state.nextAttemptAt ? Date.parse(e.state.nextAttemptAt) : now.getTime();
    next = next === null ? at : Math.min(next, at);
  }
  return next === null ? null : new Date(next);
}
