/**
 * The durable delivery queue: one file per signed report in `<state>/queue/`, named by sequence so that a
 * directory listing is the sending order. Each file holds the envelope, gzipped as it is uploaded, and its
 * delivery state (attempts, next attempt, last error, rejection) and is only ever replaced whole by
 * writeFileAtomic (temp file, fsync, rename, fsync of the folder), so a crash at any instant leaves the old
 * file or the new one, never half of one. A temp file left by a crash is ignored and cleaned up; a file that
 * does not parse is moved to `corrupt/` and shown, never silently dropped. A report leaves the queue only
 * after the collector accepted it (src/transport/send.ts), or when the bounds drop it (oldest scheduled
 * reports first, never the newest report of a profile).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ReasonJson } from '../i18n/reason.ts';
import { fsyncDir, isAtomicTempName, writeFileAtomic } from '../atomic-write.ts';
import { Report } from '../report/schema.ts';
import { DsseEnvelope } from './dsse.ts';
import { DeliveryFailedError } from './errors.ts';
import { MAX_REPORT_AGE_DAYS } from './protocol.ts';

export const QueuedMeta = z.strictObject({
  reportId: z.uuid(),
  profile: z.string(),
  sequence: z.int().positive(),
  trigger: Report.shape.delivery.unwrap().shape.trigger,
  queuedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().describe("the scan's end: the collector refuses reports older than MAX_REPORT_AGE_DAYS by it"),
});
export type QueuedMeta = z.infer<typeof QueuedMeta>;

export const DeliveryState = z.strictObject({
  attempts: z.int().nonnegative().describe('failed tries that will be retried (network errors, 408/429/5xx)'),
  nextAttemptAt: z.iso.datetime().nullable().describe('not before this; null: at once'),
  lastError: z.string().nullable().describe('the last failure in English, for logs'),
  lastReason: ReasonJson.optional().describe('the last failure as a reason code, said in the reader\'s language'),
  rejected: z
    .strictObject({ status: z.int(), code: z.string().nullable(), message: z.string(), at: z.iso.datetime() })
    .nullable()
    .describe('a 4xx retrying cannot fix: kept and shown until `tenken queue flush --retry-rejected`'),
});
export type DeliveryState = z.infer<typeof DeliveryState>;

/**
 * The upload body as queued: the envelope's JSON, gzipped once when the report is queued rather than at every
 * try (gzip was half of a flush's CPU), with its length and SHA-256 so that a damaged file is caught before it
 * is sent (the signature inside is the collector's to check; this only says the bytes are the ones written).
 */
export const QueuedBody = z.strictObject({
  encoding: z.literal('gzip'),
  bytes: z.int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type QueuedBody = z.infer<typeof QueuedBody>;

/**
 * A queue file is this header, one line of JSON, then the upload body (QueuedBody). Listing reads only the
 * header (a few hundred bytes instead of the 20–30 KB body), so `tenken queue` and a flush of 1,000 reports
 * stay small, and a flush sends the body as it lies on disk, neither parsed nor compressed again.
 */
export const QueueHeader = z.strictObject({ tenkenQueue: z.literal(2), meta: QueuedMeta, state: DeliveryState, body: QueuedBody });
export type QueueHeader = z.infer<typeof QueueHeader>;
/**
 * What tenken queued before bodies were gzipped at queueing: the envelope as a second line of JSON. Still read
 * and sent (an upgrade loses nothing), and rewritten as version 2 when its state changes.
 */
const QueueHeaderV1 = z.strictObject({ tenkenQueue: z.literal(1), meta: QueuedMeta, state: DeliveryState });
const AnyQueueHeader = z.discriminatedUnion('tenkenQueue', [QueueHeader, QueueHeaderV1]);
type AnyQueueHeader = z.infer<typeof AnyQueueHeader>;

/** A queued report read whole: the envelope decompressed and checked (re-signing after re-enrollment, tests). */
export interface QueueFile {
  readonly meta: QueuedMeta;
  readonly state: DeliveryState;
  readonly envelope: DsseEnvelope;
}

export const FRESH_STATE: DeliveryState = { attempts: 0, nextAttemptAt: null, lastError: null, rejected: null };

export interface QueueBounds {
  readonly maxCount: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

/**
 * 1,000 reports are 41 days of hourly `tenken agent` scans or years of daily ones; 64 MiB holds ~2,700
 * queue files of 24 KB (a full report is 20–60 KB of JSON, queued gzipped), so the count bound normally acts
 * first. Reports older than the collector's MAX_REPORT_AGE_DAYS would be refused as stale, so they go (unless the newest of a profile,
 * which stays to be shown).
 */
export const DEFAULT_BOUNDS: QueueBounds = { maxCount: 1000, maxBytes: 64 * 1024 * 1024, maxAgeMs: MAX_REPORT_AGE_DAYS * 86_400_000 };

export interface QueuedReport {
  readonly file: string;
  readonly bytes: number;
  readonly meta: QueuedMeta;
  readonly state: DeliveryState;
}

export interface CorruptFile {
  readonly file: string;
  /** Why it could not be read; empty for files found in corrupt/ from an earlier run. */
  readonly reason: string;
}

export interface QueueListing {
  readonly entries: QueuedReport[];
  /** Files in corrupt/, including those moved there by this listing. */
  readonly corrupt: CorruptFile[];
}

export interface QueueOptions {
  readonly bounds?: QueueBounds;
  /** Temp files younger than this may belong to a writer still at work; older ones are left by a crash. */
  readonly tempGraceMs?: number;
  readonly now?: () => Date;
}

/** The queue folder could not take a report (disk full, permissions, not a folder): exit 4, report kept on stdout. */
export class QueueWriteError extends DeliveryFailedError {
  override readonly name = 'QueueWriteError';
  readonly code: string | undefined;
  constructor(dir: string, cause: NodeJS.ErrnoException) {
    super(
      cause.code === 'ENOSPC'
        ? `the disk is full: cannot queue the report in ${dir}`
        : cause.code === 'EACCES' || cause.code === 'EPERM'
          ? `permission denied: cannot queue the report in ${dir} (run as administrator)`
          : `cannot queue the report in ${dir}: ${cause.message}`,
      { cause },
    );
    this.code = cause.code;
  }
}

export const queueFileName = (sequence: number, reportId: string) => `${String(sequence).padStart(12, '0')}-${reportId}.json`;
const QUEUE_FILE_NAME = /^(\d{12})-([0-9a-f-]{36})\.json$/;

type CachedEntry = { ino: number; size: number; mtimeMs: number; entry: QueuedReport };
/**
 * Parsed queue files by folder and name, valid while inode, size and mtime are unchanged (every write is a new
 * inode): queuing the 1,000th report reads one file, not 1,000. Shared by every DeliveryQueue of the process.
 */
const caches = new Map<string, Map<string, CachedEntry>>();

export class DeliveryQueue {
  readonly dir: string;
  readonly corruptDir: string;
  readonly bounds: QueueBounds;
  readonly #tempGraceMs: number;
  readonly #now: () => Date;
  readonly #cache: Map<string, CachedEntry>;

  constructor(dir: string, options: QueueOptions = {}) {
    this.dir = dir;
    this.corruptDir = join(dir, 'corrupt');
    this.bounds = options.bounds ?? DEFAULT_BOUNDS;
    this.#tempGraceMs = options.tempGraceMs ?? 60_000;
    this.#now = options.now ?? (() => new Date());
    this.#cache = caches.get(dir) ?? new Map();
    caches.set(dir, this.#cache);
  }

  /** Every readable queued report in sending order; cleans up crash leftovers and moves unreadable files aside. */
  async list(): Promise<QueueListing> {
    const names = await readdirOrEmpty(this.dir);
    const entries: QueuedReport[] = [];
    for (const name of names.sort()) {
      const file = join(this.dir, name);
      if (isAtomicTempName(name)) {
        await this.#cleanTemp(file);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const cached = this.#cache.get(name);
      const look = lookAt(file, cached);
      if (look === undefined) continue;
      if ('cached' in look) {
        entries.push(look.cached);
        continue;
      }
      const { read, s } = look;
      // Closed by now: Windows refuses to rename a file that is open.
      if ('reason' in read) {
        await this.markCorrupt(file, read.reason);
        continue;
      }
      const entry = { file, bytes: s.size, meta: read.header.meta, state: read.header.state };
      this.#cache.set(name, { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, entry });
      entries.push(entry);
    }
    const present = new Set(names);
    for (const name of this.#cache.keys()) if (!present.has(name)) this.#cache.delete(name);
    const corrupt = (await readdirOrEmpty(this.corruptDir))
      .filter((n) => !n.endsWith('.reason.txt'))
      .sort()
      .map((n) => ({ file: join(this.corruptDir, n), reason: '' }));
    for (const c of corrupt as { file: string; reason: string }[]) c.reason = (await readFile(`${c.file}.reason.txt`, 'utf8').catch(() => '')).trim();
    return { entries, corrupt };
  }

  /**
   * The highest sequence and its report id among the queued files, corrupt ones included, read from their
   * names alone (a damaged file keeps its name); undefined when the queue is empty.
   */
  async highestQueued(): Promise<{ sequence: number; previousReportId: string } | undefined> {
    let highest: { sequence: number; previousReportId: string } | undefined;
    for (const name of [...(await readdirOrEmpty(this.dir)), ...(await readdirOrEmpty(this.corruptDir))]) {
      const m = QUEUE_FILE_NAME.exec(name);
      if (m && Number(m[1]) > (highest?.sequence ?? 0)) highest = { sequence: Number(m[1]), previousReportId: m[2]! };
    }
    return highest;
  }

  /** One queue file, its envelope decompressed and checked; undefined when it is gone (sent by another tenken meanwhile). */
  async read(file: string): Promise<{ value: QueueFile; bytes: number } | { reason: string } | undefined> {
    const read = await this.readForUpload(file, new ReadBuffer());
    if (read === undefined || 'reason' in read) return read;
    const envelope = parseEnvelope(gunzipSync(read.body).toString('utf8'));
    if ('reason' in envelope) return envelope;
    return { value: { meta: read.header.meta, state: read.header.state, envelope: envelope.envelope }, bytes: read.bytes };
  }

  /**
   * One queue file read into `scratch` (a buffer the caller reuses from report to report, grown when a file
   * is larger): its header, and its body checked and ready to upload as it lies on disk. A fresh buffer per
   * report would be garbage outside the JavaScript heap, which V8 collects only after some 64 MB of it — that
   * was most of a flush's peak memory. The body is a view of `scratch`, valid until the next read into it.
   * A version 1 file is read too: its envelope line is checked, then gzipped here.
   */
  async readForUpload(file: string, scratch: ReadBuffer): Promise<{ header: AnyQueueHeader; body: Buffer; bytes: number } | { reason: string } | undefined> {
    let bytes: number;
    try {
      bytes = await scratch.fill(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const data = scratch.buffer.subarray(0, bytes);
    const newline = data.indexOf(0x0a);
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8', 0, newline >= 0 ? newline : bytes));
    } catch (e) {
      return { reason: `not JSON: ${(e as Error).message}` };
    }
    const parsed = parseHeader(json);
    if ('reason' in parsed) return parsed;
    const { header } = parsed;
    if (newline < 0) return { reason: 'not a queued report: no envelope after the header' };
    if (header.tenkenQueue === 2) {
      const body = data.subarray(newline + 1);
      if (body.length !== header.body.bytes) return { reason: `body cut or grown: ${body.length} bytes, ${header.body.bytes} written` };
      if (sha256(body) !== header.body.sha256) return { reason: 'body damaged: its SHA-256 is not the one written' };
      return { header, body, bytes };
    }
    // Version 1: the envelope line without its final newline (a file cut short by hand may lack it).
    const envelopeJson = data.toString('utf8', newline + 1, data[bytes - 1] === 0x0a ? bytes - 1 : bytes);
    const envelope = parseEnvelope(envelopeJson);
    if ('reason' in envelope) return envelope;
    return { header, body: gzipEnvelope(envelopeJson), bytes };
  }

  /** Queues a signed report, then applies the bounds; returns what the bounds dropped. */
  async add(meta: QueuedMeta, envelope: DsseEnvelope): Promise<{ file: string; dropped: QueuedMeta[] }> {
    const name = queueFileName(meta.sequence, meta.reportId);
    const file = join(this.dir, name);
    const data = encode(meta, FRESH_STATE, gzipEnvelope(JSON.stringify(envelope)));
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, data, { mode: 0o600, durable: true });
      const s = await stat(file);
      this.#cache.set(name, { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, entry: { file, bytes: s.size, meta, state: FRESH_STATE } });
    } catch (e) {
      throw new QueueWriteError(this.dir, e as NodeJS.ErrnoException);
    }
    const dropped = await this.enforceBounds();
    return { file, dropped };
  }

  /** Records the outcome of a try, the body kept as it is; a file another tenken removed meanwhile (sent) stays removed. */
  async update(file: string, state: DeliveryState): Promise<void> {
    const read = await this.readForUpload(file, new ReadBuffer());
    if (read === undefined || 'reason' in read) return;
    await writeFileAtomic(file, encode(read.header.meta, state, read.body), { mode: 0o600, durable: true });
  }

  /** Replaces the envelope (re-signed after re-enrollment) and the state of a queued report. */
  async rewrite(file: string, value: QueueFile): Promise<void> {
    await writeFileAtomic(file, encode(value.meta, value.state, gzipEnvelope(JSON.stringify(value.envelope))), { mode: 0o600, durable: true });
  }

  /**
   * After the collector accepted it. Not synced: should a power cut undo the removal, the report is sent again and the collector
   * answers "duplicate" — harmless, and it saves a folder sync per report. An unlink, not rm: rm looks at what
   * the name is first, a stat per report that a queue file (always a file) does not need.
   */
  async remove(file: string): Promise<void> {
    await unlink(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /**
   * Drops reports until the queue is within its bounds: first those older than maxAgeMs, then the oldest
   * scheduled ones (schedule/agent), then the oldest manual ones; the newest report of each profile always stays
   * (a telework-return result must survive a flood of baseline scans).
   */
  async enforceBounds(): Promise<QueuedMeta[]> {
    const entries = await this.#listByName();
    const newest = new Map<string, number>();
    for (const e of entries) newest.set(e.meta.profile, Math.max(newest.get(e.meta.profile) ?? 0, e.meta.sequence));
    const droppable = (e: QueuedReport) => newest.get(e.meta.profile) !== e.meta.sequence;
    const now = this.#now().getTime();
    const kept = new Set(entries);
    const dropped: QueuedReport[] = [];
    const drop = (e: QueuedReport) => {
      kept.delete(e);
      dropped.push(e);
    };
    for (const e of entries) if (droppable(e) && now - Date.parse(e.meta.finishedAt) > this.bounds.maxAgeMs) drop(e);
    let bytes = [...kept].reduce((n, e) => n + e.bytes, 0);
    const order = [...entries.filter((e) => e.meta.trigger !== 'manual'), ...entries.filter((e) => e.meta.trigger === 'manual')];
    for (const e of order) {
      if (kept.size <= this.bounds.maxCount && bytes <= this.bounds.maxBytes) break;
      if (!kept.has(e) || !droppable(e)) continue;
      drop(e);
      bytes -= e.bytes;
    }
    for (const e of dropped) await rm(e.file, { force: true });
    if (dropped.length) await fsyncDir(this.dir);
    return dropped.map((e) => e.meta);
  }

  /**
   * The queued reports for the bounds: a file known by name is taken from the cache without a stat, because
   * what the bounds look at (profile, sequence, trigger, scan time) never changes once queued. Keeps queueing
   * the n-th report O(n) in names, not in file reads or stats.
   */
  async #listByName(): Promise<QueuedReport[]> {
    const names = (await readdirOrEmpty(this.dir)).filter((n) => n.endsWith('.json') && !isAtomicTempName(n)).sort();
    const unknown = names.filter((n) => !this.#cache.has(n));
    if (unknown.length) return (await this.list()).entries;
    return names.map((n) => this.#cache.get(n)!.entry);
  }

  async #cleanTemp(file: string): Promise<void> {
    const s = await stat(file).catch(() => undefined);
    if (s && this.#now().getTime() - s.mtimeMs >= this.#tempGraceMs) await rm(file, { force: true });
  }

  /** Moves an unreadable file aside, with why, so that it is shown and never silently dropped. */
  async markCorrupt(file: string, reason: string): Promise<void> {
    await mkdir(this.corruptDir, { recursive: true, mode: 0o700 });
    const target = join(this.corruptDir, file.slice(this.dir.length + 1));
    await rename(file, target);
    await writeFileAtomic(`${target}.reason.txt`, `${reason}\n`);
    await fsyncDir(this.dir);
  }
}

/** Where header lines are read into: synchronously, so one buffer serves every file. */
const HEADER_SCRATCH = Buffer.allocUnsafe(4096);
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * A queue file's identity and, unless the listing's cache already has this very file, its header line;
 * undefined when it is gone (sent by another tenken meanwhile). Synchronous on purpose: an open, an fstat, a
 * read and a close per file are each a round trip through libuv's thread pool when asynchronous, and listing
 * 1,000 queued reports took 0.39 s and 0.36 s of CPU that way, a tenth of a flush of them.
 */
function lookAt(file: string, cached: CachedEntry | undefined): { cached: QueuedReport } | { s: Stats; read: { header: AnyQueueHeader } | { reason: string } } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const s = fstatSync(fd);
    if (cached && cached.ino === s.ino && cached.size === s.size && cached.mtimeMs === s.mtimeMs) return { cached: cached.entry };
    return { s, read: readHeaderLine(fd) };
  } finally {
    closeSync(fd);
  }
}

/** The header line of a queue file, read in small pieces up to its newline. */
function readHeaderLine(fd: number): { header: AnyQueueHeader } | { reason: string } {
  const pieces: Buffer[] = [];
  let complete = false;
  for (let position = 0; position < MAX_HEADER_BYTES; ) {
    const bytesRead = readSync(fd, HEADER_SCRATCH, 0, HEADER_SCRATCH.length, position);
    if (bytesRead === 0) break;
    const piece = HEADER_SCRATCH.subarray(0, bytesRead);
    const newline = piece.indexOf(0x0a);
    if (newline >= 0) {
      pieces.push(piece.subarray(0, newline));
      complete = true;
      break;
    }
    // A copy: the scratch is read into again.
    pieces.push(Buffer.from(piece));
    position += bytesRead;
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(pieces).toString('utf8'));
  } catch (e) {
    return { reason: `not JSON: ${(e as Error).message}` };
  }
  const header = parseHeader(json);
  return complete || 'reason' in header ? header : { reason: 'not a queued report: no envelope after the header' };
}

/** A read buffer reused across queue files (see DeliveryQueue.readForUpload); one per upload in flight. */
export class ReadBuffer {
  buffer: Buffer = Buffer.allocUnsafe(0);

  /** Reads the whole file into the buffer, growing it when needed; returns the file's length. */
  async fill(file: string): Promise<number> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2, 128 * 1024));
      // Up to the size found, without a last read to see the end: a queue file is replaced whole (renamed
      // over), never written in place, so what this handle opened keeps its size.
      let length = 0;
      while (length < size) {
        const { bytesRead } = await handle.read(this.buffer, length, size - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return length;
    } finally {
      await handle.close();
    }
  }
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A version 2 queue file: the header line, then the gzipped envelope. */
function encode(meta: QueuedMeta, state: DeliveryState, body: Buffer): Buffer {
  const header: QueueHeader = { tenkenQueue: 2, meta, state, body: { encoding: 'gzip', bytes: body.length, sha256: sha256(body) } };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]);
}

/**
 * The upload body. gzipSync's default 16 KB output chunks make a 20–25 KB result of three buffers plus their
 * concatenation; one chunk sized for the result (a signed report's envelope, base64 of JSON, gzips to about
 * 30 %) allocates once and returns a view of it. A larger result still comes out whole, in more chunks.
 */
export function gzipEnvelope(envelopeJson: string): Buffer {
  return gzipSync(envelopeJson, { chunkSize: Math.max(4096, Math.ceil(Buffer.byteLength(envelopeJson) * 0.36)) });
}

function parseEnvelope(text: string): { envelope: DsseEnvelope } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { reason: `envelope not JSON: ${(e as Error).message}` };
  }
  const parsed = DsseEnvelope.safeParse(json);
  if (!parsed.success) return { reason: `not a DSSE envelope: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}` };
  return { envelope: parsed.data };
}

function parseHeader(json: unknown): { header: AnyQueueHeader } | { reason: string } {
  const parsed = AnyQueueHeader.safeParse(json);
  if (parsed.success) return { header: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { reason: `not a queued report: ${issue.path.join('.') || '(top)'}: ${issue.message}` };
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
