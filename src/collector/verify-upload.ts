/**
 * The CPU-heavy part of a report upload, as one pure function: gzip decoding with a ceiling, the DSSE
 * envelope, the signature against the registered key, the report schema, the payload digest, and the
 * facts the store keeps. It runs in verify workers (src/collector/verify-pool.ts) so that a 2-core machine
 * uses both cores; the answer says exactly which ApiError to send when the upload is refused.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Report } from '../report/schema.ts';
import { formatPath } from '../source-errors.ts';
import { DsseEnvelope, importPublicKey, verifyEnvelope } from '../transport/dsse.ts';
import { MAX_ENVELOPE_BYTES, REPORT_PAYLOAD_TYPE, type ApiError } from '../transport/protocol.ts';
import { reportFacts, type ReportFacts } from './report-facts.ts';
import { parseStrictJson } from './strict-json.ts';

export interface UploadJob {
  /** The body as received. */
  raw: Uint8Array;
  gzip: boolean;
  /** The device's registered Ed25519 public key (JWK x). */
  publicKeyX: string;
}

export type UploadRefusal = { ok: false; status: number; code: ApiError['error']['code']; message: string; path?: string };
export type UploadOutcome =
  | {
      ok: true;
      facts: ReportFacts;
      payloadSha256: string;
      /** The envelope gzip-compressed for storage; absent when the body arrived gzip (it is stored as it came). */
      envelopeGz?: Uint8Array;
    }
  | UploadRefusal;

const KEY_CACHE_SIZE = 50_000;
const GUNZIP_CHUNK_BYTES = 128 * 1024;
/** Imported keys, per thread: importing costs more than verifying. */
const keys = new Map<string, KeyObject>();
function registeredKey(x: string): KeyObject {
  let key = keys.get(x);
  if (!key) {
    if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value!);
    key = importPublicKey({ kty: 'OKP', crv: 'Ed25519', x });
    keys.set(x, key);
  }
  return key;
}

const refuse = (status: number, code: ApiError['error']['code'], message: string, path?: string): UploadRefusal => ({ ok: false, status, code, message, ...(path !== undefined ? { path } : {}) });

/** The first schema error, as `path: message` (the path alone too, for ApiError.path). */
export function firstIssue(issues: readonly { path: PropertyKey[]; message: string }[]): { path: string; message: string } {
  const issue = issues[0]!;
  const path = formatPath(issue.path);
  return { path, message: path ? `${path}: ${issue.message}` : issue.message };
}

export function verifyUpload(job: UploadJob): UploadOutcome {
  let body: Buffer;
  if (job.gzip) {
    try {
      // The ceiling stops a small "zip bomb" as soon as it inflates past the limit. Chunks of 128 KiB rather than
      // zlib's 16: a typical envelope (60–100 KB) inflates in one piece, a third less CPU than in several.
      body = gunzipSync(job.raw, { maxOutputLength: MAX_ENVELOPE_BYTES, chunkSize: GUNZIP_CHUNK_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return refuse(413, 'too-large', `the envelope is over ${MAX_ENVELOPE_BYTES} bytes after gzip decoding`);
      return refuse(400, 'bad-request', 'the body is not valid gzip');
    }
  } else {
    body = Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength);
  }
  if (body.length > MAX_ENVELOPE_BYTES) return refuse(413, 'too-large', `the envelope is over ${MAX_ENVELOPE_BYTES} bytes`);

  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(400, 'bad-request', 'the body is not JSON');
  }
  const envelope = DsseEnvelope.safeParse(json);
  if (!envelope.success) {
    const { path, message } = firstIssue(envelope.error.issues);
    return refuse(400, 'bad-request', `not a DSSE envelope: ${message}`, path || undefined);
  }
  const verified = verifyEnvelope(envelope.data, REPORT_PAYLOAD_TYPE, registeredKey(job.publicKeyX));
  if (!verified.ok) {
    if (verified.reason === 'wrong-payload-type') return refuse(400, 'bad-request', `payloadType must be ${REPORT_PAYLOAD_TYPE}`);
    return refuse(401, 'bad-signature', "the envelope does not verify with the device's registered key");
  }

  const payload = parseStrictJson(verified.payload);
  if (!payload.ok) return refuse(400, 'invalid-report', `the signed payload ${payload.problem}`, '');
  const parsed = Report.safeParse(payload.value);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error.issues);
    return refuse(400, 'invalid-report', message, path);
  }
  return {
    ok: true,
    facts: reportFacts(parsed.data),
    payloadSha256: createHash('sha256').update(verified.payload).digest('hex'),
    ...(job.gzip ? {} : { envelopeGz: gzipSync(body, { level: 1 }) }),
  };
}
