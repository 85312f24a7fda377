/**
 * Enrolling and sending against a real collector (test/support/collector.ts) and real failing servers: a bad
 * secret, enrolling again, a token that stopped working, plain http, DNS failure, refused connections, an
 * HTTPS server with a self-signed certificate made here with openssl, a server that never answers — each
 * with its own clear message, and the report still queued.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import { loadIdentity, statePaths, type DeviceIdentity } from '../src/transport/agent-state.ts';
import { flush, openQueue, queueReport, type DeliveryContext } from '../src/transport/deliver.ts';
import { enrollDevice, EnrollRefusedError } from '../src/transport/enroll.ts';
import { collectorUrl, describeNetworkError, InsecureCollectorError } from '../src/transport/send.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { asVersion1Queue, freshCopy, scannedReport, testContext } from './support/delivery.ts';
import { enReason } from './support/reason-text.ts';
import { renderReason } from '../src/i18n/reasons.ts';

let collector: TestCollector;
let base: Report;
beforeAll(async () => {
  [collector, base] = await Promise.all([startTestCollector(), scannedReport()]);
});
afterAll(() => collector?.close());

const enroll = (ctx: DeliveryContext, over: { collector?: string; secret?: string; newIdentity?: boolean; insecure?: boolean } = {}) =>
  enrollDevice({
    collector: over.collector ?? collector.url,
    secret: over.secret ?? collector.enrollSecret,
    insecure: over.insecure ?? false,
    newIdentity: over.newIdentity ?? false,
    paths: ctx.paths,
    platform: 'linux',
    device: base.device,
    now: ctx.now,
  });

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));

describe('collector addresses', () => {
  it('refuses plain http except to loopback or with --insecure', () => {
    expect(() => collectorUrl('http://collector.example', false)).toThrow(InsecureCollectorError);
    expect(() => collectorUrl('http://collector.example', false)).toThrow(/plain http to collector\.example is refused.*https:\/\/collector\.example, or add --insecure/);
    expect(collectorUrl('http://collector.example', true).host).toBe('collector.example');
    for (const ok of ['https://collector.example', 'http://127.0.0.1:8080', 'http://127.3.4.5', 'http://localhost:3000', 'http://[::1]:9000']) expect(collectorUrl(ok, false).href).toContain(new URL(ok).host);
    expect(() => collectorUrl('ftp://collector.example', true)).toThrow(/https:\/\//);
    expect(() => collectorUrl('collector.example', false)).toThrow(/not a collector address/);
  });

  it('does not enroll over plain http to another host', async () => {
    const ctx = await testContext();
    await expect(enroll(ctx, { collector: 'http://collector.example' })).rejects.toThrow(InsecureCollectorError);
    expect(await loadIdentity(ctx.paths)).toBeUndefined();
  });
});

describe('enrolling', () => {
  it('refuses a wrong secret and keeps nothing', async () => {
    const ctx = await testContext();
    const e = await enroll(ctx, { secret: 'not-the-secret' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EnrollRefusedError);
    expect((e as Error).message).toMatch(/refused the enroll secret/);
    expect(await loadIdentity(ctx.paths)).toBeUndefined();
  });

  it('keeps the identity readable by its owner only, and keeps the device id when enrolling again', async () => {
    const ctx = await testContext();
    const first = await enroll(ctx);
    expect((await stat(ctx.paths.identity)).mode & 0o777).toBe(0o600);
    expect((await stat(ctx.paths.dir)).mode & 0o777).toBe(0o700);
    const again = await enroll(ctx);
    expect(again.replaced).toBe(true);
    expect(again.identity.deviceId).toBe(first.identity.deviceId);
    expect(again.identity.keyId).not.toBe(first.identity.keyId);
    expect(again.identity.token).not.toBe(first.identity.token);
    const fresh = await enroll(ctx, { newIdentity: true });
    expect(fresh.identity.deviceId).not.toBe(first.identity.deviceId);
  });

  it('names a corrupted identity file', async () => {
    const ctx = await testContext();
    await enroll(ctx);
    await writeFile(ctx.paths.identity, '{"deviceId": 12');
    await expect(loadIdentity(ctx.paths)).rejects.toThrow(`${ctx.paths.identity}: corrupted: not JSON`);
    // --new-identity is the way out.
    expect((await enroll(ctx, { newIdentity: true })).identity.deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('sending', () => {
  async function enrolled(): Promise<{ ctx: DeliveryContext; identity: DeviceIdentity }> {
    // Ample: these uploads are meant to arrive, and a loaded CI machine once took over 1 s to answer one.
    const ctx = await testContext({ timeoutMs: 10_000 });
    return { ctx, identity: (await enroll(ctx)).identity };
  }

  it('sends a queued report; the collector stores it once', async () => {
    const { ctx, identity } = await enrolled();
    const report = freshCopy(base, new Date());
    await queueReport(report, identity, ctx, { trigger: 'manual', intervalSeconds: null });
    const result = await flush(ctx, identity);
    expect(result).toMatchObject({ sent: 1, duplicates: 0, remaining: [] });
    expect((await collector.store.report(report.reportId))?.reportId ?? null).toBe(report.reportId);
  });

  it('sends a report an older tenken queued (its envelope as a line of JSON), after one queued today', async () => {
    const { ctx, identity } = await enrolled();
    const [older, newer] = [freshCopy(base, new Date()), freshCopy(base, new Date())];
    await queueReport(older, identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
    await queueReport(newer, identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
    const queue = openQueue(ctx);
    const [first] = (await queue.list()).entries;
    await writeFile(first!.file, await asVersion1Queue(queue, first!.file));
    expect(await flush(ctx, identity)).toMatchObject({ sent: 2, duplicates: 0, remaining: [], corrupt: 0 });
    for (const r of [older, newer]) expect((await collector.store.report(r.reportId))?.reportId ?? null).toBe(r.reportId);
  });

  it('keeps a report the collector rejects, shows why, and sends the next one anyway', async () => {
    const { ctx, identity } = await enrolled();
    // The newest of its profile, so the queue's age bound keeps it (to be shown) rather than dropping it.
    const stale = freshCopy(base, new Date(Date.now() - 70 * 86_400_000), 'telework-return');
    const fine = freshCopy(base, new Date());
    await queueReport(stale, identity, ctx, { trigger: 'manual', intervalSeconds: null });
    await queueReport(fine, identity, ctx, { trigger: 'manual', intervalSeconds: null });
    const result = await flush(ctx, identity);
    expect(result.sent).toBe(1);
    expect(result.rejected.map((r) => r.entry.meta.reportId)).toEqual([stale.reportId]);
    expect(result.remaining[0]!.state.rejected).toMatchObject({ status: 400, code: 'stale-report' });
    // Not retried by an ordinary flush, only with --retry-rejected.
    expect((await flush(ctx, identity, { force: true })).sent).toBe(0);
    const retried = await flush(ctx, identity, { force: true, retryRejected: true });
    expect(retried.rejected).toHaveLength(1);
  });

  it('marks reports rejected when the token stopped working, says to enroll again, and sends them after it', async () => {
    const { ctx, identity } = await enrolled();
    // Another copy of this state folder enrolls the same device again: the collector forgets the first token.
    const other = statePaths(await mkdtemp(join(tmpdir(), 'tenken-other-')));
    await cp(ctx.paths.identity, other.identity);
    await enrollDevice({ collector: collector.url, secret: collector.enrollSecret, insecure: false, newIdentity: false, paths: other, platform: 'linux', device: base.device, now: ctx.now });
    const report = freshCopy(base, new Date());
    await queueReport(report, identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
    const result = await flush(ctx, identity);
    expect(result.sent).toBe(0);
    expect(result.rejected[0]!.message).toMatch(/^401 unauthorized: .*enroll again: tenken enroll http:\/\/127\.0\.0\.1:\d+\/ --secret …$/);
    expect((await openQueue(ctx).list()).entries[0]!.state.rejected?.status).toBe(401);
    // The collector now knows the copy's key, so this PC's key proves nothing: an administrator lets it back.
    await expect(enroll(ctx)).rejects.toThrow(/allow-reenroll/);
    await collector.store.allowReenroll(identity.deviceId, new Date(Date.now() + 3_600_000));
    const again = await enroll(ctx);
    expect(again.resigned).toBe(1);
    const after = await flush(ctx, again.identity);
    expect(after).toMatchObject({ sent: 1, remaining: [] });
    expect((await collector.store.report(report.reportId))?.reportId).toBe(report.reportId);
  });

  async function failsWith(target: string, pattern: RegExp, timeoutMs = 1000) {
    const ctx = await testContext({ timeoutMs });
    const { identity } = await enroll(ctx);
    const broken = { ...identity, collector: target };
    await queueReport(freshCopy(base, new Date()), broken, ctx, { trigger: 'manual', intervalSeconds: null });
    const result = await flush(ctx, broken);
    expect(result.sent).toBe(0);
    expect(enReason(result.retrying[0]?.reason)).toMatch(pattern);
    // The queue keeps the code, so that tenken queue says it in the reader's language.
    expect(renderReason(result.retrying[0]!.reason, 'ja')).not.toMatch(pattern);
    const [entry] = (await openQueue(ctx).list()).entries;
    expect(entry!.state).toMatchObject({ attempts: 1, rejected: null, lastReason: result.retrying[0]!.reason });
    expect(entry!.state.lastError).toMatch(pattern);
    expect(Date.parse(entry!.state.nextAttemptAt!)).toBeGreaterThanOrEqual(Date.now() - 1000);
  }

  it('DNS failure: names the host it cannot find, and the report stays queued', () =>
    failsWith('https://tenken-collector.invalid/', /cannot find the collector's host tenken-collector\.invalid \(DNS lookup failed, E[A-Z_]+\)/));

  it('connection refused: says nothing listens there', async () => {
    const server = createHttpServer();
    const port = await listen(server);
    await new Promise((r) => server.close(r));
    await failsWith(`http://127.0.0.1:${port}/`, /refused the connection \(ECONNREFUSED\)/);
  });

  it('a server that never answers: says it timed out', async () => {
    const server = createHttpServer(() => undefined);
    const port = await listen(server);
    try {
      await failsWith(`http://127.0.0.1:${port}/`, /did not answer within 0 s|did not answer within 1 s/, 300);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('TLS: a self-signed certificate is not trusted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = createHttpsServer({ key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
    const port = await listen(server as unknown as Server);
    try {
      await failsWith(`https://127.0.0.1:${port}/`, /^TLS: the certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT/);
    } finally {
      server.close();
    }
  });

  it('TLS: an expired certificate and one for another host, from a CA this process trusts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tenken test CA');
    const issue = async (name: string, san: string, days: string) => {
      ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=tenken test');
      await writeFile(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`);
      return { key: await readFile(join(dir, `${name}.key`)), cert: await readFile(join(dir, `${name}.pem`)) };
    };
    // Trusted by this test process only, as NODE_EXTRA_CA_CERTS would make it for an agent.
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), (await readFile(join(dir, 'ca.pem'))).toString()]);
    const serve = async (options: { key: Buffer; cert: Buffer }) => {
      const server = createHttpsServer(options, (_req, res) => res.end('{}'));
      return { server, port: await listen(server as unknown as Server) };
    };
    const expired = await serve(await issue('expired', 'IP:127.0.0.1', '-1'));
    const otherHost = await serve(await issue('other', 'DNS:other.example', '1'));
    try {
      await failsWith(`https://127.0.0.1:${expired.port}/`, /^TLS: the certificate of 127\.0\.0\.1:\d+ has expired \(CERT_HAS_EXPIRED\)/);
      await failsWith(`https://127.0.0.1:${otherHost.port}/`, /^TLS: the certificate presented by 127\.0\.0\.1:\d+ is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    } finally {
      expired.server.close();
      otherHost.server.close();
    }
  });

  it('TLS: expired and wrong-host certificates get their own words', () => {
    const url = new URL('https://collector.example');
    const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(enReason(describeNetworkError(fetchError('CERT_HAS_EXPIRED'), url, 1000))).toMatch(/certificate of collector\.example has expired/);
    expect(enReason(describeNetworkError(fetchError('ERR_TLS_CERT_ALTNAME_INVALID'), url, 1000))).toMatch(/is for another host name/);
    expect(enReason(describeNetworkError(fetchError('ECONNRESET'), url, 1000))).toMatch(/was cut off \(ECONNRESET\)/);
  });
});
