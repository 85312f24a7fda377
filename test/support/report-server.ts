/**
 * A minimal server speaking the two agent-facing routes of docs/api.md — POST /api/v1/enroll and POST
 * /api/v1/reports, with DSSE verification against the key registered at enrollment, the report schema,
 * device/idempotency checks and duplicate detection — for the delivery tests that need exact control over
 * the collector (revoking a token, counting uploads). The full collector is test/support/collector.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Report } from '../../src/report/schema.ts';
import { DsseEnvelope, importPublicKey, keyId, verifyEnvelope, type Ed25519PublicJwk } from '../../src/transport/dsse.ts';
import { EnrollRequest, ENVELOPE_CONTENT_TYPE, PATHS, REPORT_PAYLOAD_TYPE, type ApiError } from '../../src/transport/protocol.ts';

export interface ReportServer {
  readonly url: string;
  readonly enrollSecret: string;
  /** Stored report payloads by report id (the signed JSON text). */
  readonly reports: Map<string, string>;
  /** Report uploads received, including duplicates and refusals. */
  uploads: number;
  readonly devices: Map<string, { tokenHash: string; publicKey: Ed25519PublicJwk; enrollments: number }>;
  /** Makes the device's token unknown, as an administrator revoking it would. */
  revoke(deviceId: string): void;
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function startReportServer(): Promise<ReportServer> {
  const enrollSecret = randomBytes(16).toString('hex');
  const devices: ReportServer['devices'] = new Map();
  const reports = new Map<string, string>();
  const keys = new Map<string, ReturnType<typeof importPublicKey>>();

  const fail = (res: ServerResponse, status: number, code: ApiError['error']['code'], message: string) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, message } } satisfies ApiError));

  async function body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST' && req.url === PATHS.enroll) {
      const parsed = EnrollRequest.safeParse(JSON.parse((await body(req)).toString()));
      if (!parsed.success) return fail(res, 400, 'bad-request', parsed.error.issues[0]!.message);
      if (parsed.data.enrollSecret !== enrollSecret) return fail(res, 401, 'unauthorized', 'wrong enroll secret');
      const token = randomBytes(32).toString('base64url');
      const previous = devices.get(parsed.data.deviceId);
      devices.set(parsed.data.deviceId, { tokenHash: sha256(token), publicKey: parsed.data.publicKey, enrollments: (previous?.enrollments ?? 0) + 1 });
      keys.set(parsed.data.deviceId, importPublicKey(parsed.data.publicKey));
      return void res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ deviceId: parsed.data.deviceId, token, keyId: keyId(parsed.data.publicKey), enrolledAt: new Date().toISOString() }));
    }
    if (req.method === 'POST' && req.url === PATHS.reports) {
      server.uploads++;
      const raw = await body(req);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const device = token && [...devices.entries()].find(([, d]) => d.tokenHash === sha256(token));
      if (!device) return fail(res, 401, 'unauthorized', 'unknown or revoked device token');
      if (req.headers['content-type'] !== ENVELOPE_CONTENT_TYPE) return fail(res, 415, 'unsupported-media-type', 'send a DSSE envelope');
      const envelope = DsseEnvelope.safeParse(JSON.parse(raw.toString()));
      if (!envelope.success) return fail(res, 400, 'bad-request', 'not a DSSE envelope');
      const verified = verifyEnvelope(envelope.data, REPORT_PAYLOAD_TYPE, keys.get(device[0])!);
      if (!verified.ok) return fail(res, 401, 'bad-signature', `the envelope does not verify with the registered key (${verified.reason})`);
      const text = verified.payload.toString('utf8');
      const report = Report.safeParse(JSON.parse(text));
      if (!report.success) return fail(res, 400, 'invalid-report', report.error.issues[0]!.message);
      if (report.data.delivery?.deviceId !== device[0] || req.headers['idempotency-key'] !== report.data.reportId) return fail(res, 400, 'device-mismatch', 'not this device, or not this report id');
      const stored = reports.get(report.data.reportId);
      if (stored !== undefined && stored !== text) return fail(res, 409, 'conflict', 'this report id was stored with another payload');
      if (stored === undefined) reports.set(report.data.reportId, text);
      return void res.writeHead(stored === undefined ? 202 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ reportId: report.data.reportId, status: stored === undefined ? 'stored' : 'duplicate' }));
    }
    fail(res, 404, 'not-found', `${req.method} ${req.url}`);
  }

  const http = createServer((req, res) => void handle(req, res).catch((e: unknown) => fail(res, 500, 'internal', String(e))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const server: ReportServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    enrollSecret,
    reports,
    uploads: 0,
    devices,
    revoke: (deviceId) => void devices.set(deviceId, { ...devices.get(deviceId)!, tokenHash: 'revoked' }),
    close: () => new Promise((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
  return server;
}
