/**
 * HTTPS on the office LAN, end to end: `tenken collector tls init` makes a CA and a server certificate, a real
 * collector serves them, and "this PC" (a replayed machine, test/support/machines.ts) enrolls the installer
 * way — only agent.json with the collector, the secret and the CA fingerprint (openssl's colon form), then
 * `scan --send`. A wrong fingerprint, a wrong CA file and the server's own fingerprint are refused with a
 * clear message; a collector presenting another CA's certificate leaves the report queued, not lost; after
 * `tls renew` (a new leaf from the same CA) the agent sends again without enrolling again.
 */
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, ensureEnrollSecret, type Collector } from '../src/collector/server.ts';
import { loadServerTls, tlsPaths, type TlsPaths } from '../src/collector/tls-files.ts';
import { initTls, renewTls, SERVER_CERT_DAYS } from '../src/collector/tls-authority.ts';
import { reloadCertificate } from '../src/collector/certificate-reload.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import type { Recording } from '../src/host/recording.ts';
import { Report } from '../src/report/schema.ts';
import { DeviceIdentity, readStateFile, statePaths } from '../src/transport/agent-state.ts';
import { certificateFingerprint, normalizeFingerprint } from '../src/transport/ca-pin.ts';
import { openTestStore } from './support/collector.ts';
import { englishRuns } from './support/english-in-japanese.ts';
import { compliantLaptop } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';
import type { Store } from '../src/collector/store.ts';

let machine: Recording;
let dir: string;
let paths: TlsPaths;
let store: Store;
let drop: () => Promise<void>;
let secret: string;
let collector: Collector | undefined;
let url: string;
let port = 0;

/** (Re)starts the collector on the same port with the certificate in `from`. */
async function serve(from: TlsPaths): Promise<void> {
  await collector?.close();
  const tls = (await loadServerTls(from))!;
  collector = await createCollector({ store, rateLimit: false, https: { cert: tls.cert, key: tls.key }, caFingerprint: tls.caFingerprint, verifyThreads: 0 });
  url = await collector.listen('127.0.0.1', port);
  port = Number(new URL(url).port);
}

const agent = async (args: string[], env: Record<string, string>, lang = 'en_US.UTF-8') =>
  runTenken(args, { createHost: async () => createReplayHost({ ...machine, isAdmin: true }), env: { LANG: lang, ...env } });

async function agentEnv(config?: Record<string, unknown>): Promise<Record<string, string>> {
  const state = await mkdtemp(join(dir, 'agent-'));
  const configPath = join(state, 'agent.json');
  if (config) await writeFile(configPath, JSON.stringify(config), { mode: 0o600 }); // tenken refuses an agent.json others can read
  return { TENKEN_STATE_DIR: state, TENKEN_AGENT_CONFIG: configPath };
}

/** openssl x509 -fingerprint -sha256's form: upper case, colon-separated. */
const opensslForm = (fp: string) => `sha256 Fingerprint=${fp.slice(7).toUpperCase().match(/../g)!.join(':')}`;

beforeAll(async () => {
  machine = { ...(await compliantLaptop()), recordedAt: new Date().toISOString() };
  dir = await mkdtemp(join(tmpdir(), 'tenken-tls-'));
  paths = tlsPaths(join(dir, 'tls'));
  ({ store, drop } = await openTestStore());
  ({ secret } = await ensureEnrollSecret(store));
}, 60_000);
afterAll(async () => {
  await collector?.close();
  await drop?.();
});

describe('tenken collector tls init / renew', () => {
  it('makes a P-256 CA and a server certificate for this machine\'s names, keys readable by the owner only', async () => {
    const r = await runTenken(['collector', 'tls', 'init', '--tls-dir', paths.dir, '--name', 'Collector.Office.LAN', '--ip', '192.0.2.10']);
    expect(r.code, r.stderr).toBe(0);
    const ca = new X509Certificate(await readFile(paths.caCert));
    const fp = certificateFingerprint(ca.raw);
    expect(r.stdout).toContain(`CA fingerprint: ${fp}`);
    expect(ca.ca).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const tls = (await loadServerTls(paths))!;
    const leaf = new X509Certificate(tls.cert);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.subjectAltName).toMatch(/DNS:collector\.office\.lan/);
    expect(tls.names).toContain('localhost');
    expect(tls.ips).toEqual(expect.arrayContaining(['192.0.2.10', '127.0.0.1', '::1']));
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(825);
    expect(days).toBe(SERVER_CERT_DAYS);
    if (process.platform !== 'win32') {
      expect((await stat(paths.caKey)).mode & 0o777).toBe(0o600);
      expect((await stat(paths.serverKey)).mode & 0o777).toBe(0o600);
      expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    }
  });

  it('refuses to make a second CA over the first (enrolled PCs trust it), and bad names', async () => {
    const again = await runTenken(['collector', 'tls', 'init', '--tls-dir', paths.dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/a CA is already in .*tls renew/s);
    const bad = await runTenken(['collector', 'tls', 'init', '--tls-dir', join(dir, 'other'), '--ip', 'not-an-ip']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"not-an-ip" is not an IP address/);
    const noCa = await runTenken(['collector', 'tls', 'renew', '--tls-dir', join(dir, 'none')]);
    expect(noCa.code).toBe(2);
    expect(noCa.stderr).toMatch(/run tenken collector tls init first/);
  });

  it('renews in the terminal\'s language: in Japanese, every line is Japanese (only names, dates and commands stay as they are)', async () => {
    const r = await runTenken(['collector', 'tls', 'renew', '--tls-dir', paths.dir], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`同じ CA から新しいサーバー証明書を ${paths.dir} に作成しました。`);
    expect(r.stdout).toMatch(/^CA の指紋: sha256:[0-9a-f]{64}$/m);
    expect(r.stdout.split('\n').flatMap((line) => englishRuns(line))).toEqual([]);
  });
});

describe('an agent pins the CA the installer way and sends over HTTPS', () => {
  let enrolled: Record<string, string>;
  let caFp: string;

  beforeAll(async () => {
    await serve(paths);
    caFp = certificateFingerprint(new X509Certificate(await readFile(paths.caCert)).raw);
  });

  it('enrolls from agent.json with only the CA fingerprint (openssl\'s form), sends, and keeps the CA with its identity', async () => {
    enrolled = await agentEnv({ collector: url, enrollSecret: secret, caFingerprint: opensslForm(caFp) });
    const r = await agent(['scan', '--send', '--format', 'json'], enrolled);
    expect(r.stderr).toMatch(/^tenken: sent to https:\/\/127\.0\.0\.1:\d+\/\n$/);
    const report = Report.parse(JSON.parse(r.stdout));
    expect((await store.report(report.reportId))?.reportId).toBe(report.reportId);
    const identity = (await readStateFile(statePaths(enrolled.TENKEN_STATE_DIR!).identity, DeviceIdentity))!;
    expect(certificateFingerprint(new X509Certificate(identity.caCert!).raw)).toBe(caFp);
  });

  it('refuses a fingerprint that is not in the collector\'s chain, before sending the secret, in English and Japanese', async () => {
    const wrong = `sha256:${'ab'.repeat(32)}`;
    const env = await agentEnv();
    const devices = async () => (await store.listDevices({ now: new Date(), limit: 1, offset: 0, filter: 'all' })).total;
    const before = await devices();
    const r = await agent(['enroll', url, '--secret', secret, '--ca-fingerprint', wrong], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`presented no certificate with the fingerprint ${wrong}`);
    expect(r.stderr).toContain(caFp);
    const ja = await agent(['enroll', url, '--secret', secret, '--ca-fingerprint', wrong], env, 'ja_JP.UTF-8');
    expect(ja.stderr).toContain(`指紋 ${wrong} のものはありません`);
    // agent.json with the wrong fingerprint: the first scan --send cannot enroll, and says why.
    const deployed = await agentEnv({ collector: url, enrollSecret: secret, caFingerprint: wrong });
    const scan = await agent(['scan', '--send', '--format', 'json'], deployed);
    expect(scan.code).toBe(4);
    expect(scan.stderr).toContain(`presented no certificate with the fingerprint ${wrong}`);
    expect(Report.safeParse(JSON.parse(scan.stdout)).success).toBe(true);
    // Refused before the enrollment was posted: the secret never went to the machine with the wrong chain.
    expect(await devices()).toBe(before);
  });

  it('refuses the server\'s own fingerprint (it changes at renewal), a malformed one, and another CA\'s file', async () => {
    const env = await agentEnv();
    const leafFp = certificateFingerprint(new X509Certificate((await loadServerTls(paths))!.cert).raw);
    const leaf = await agent(['enroll', url, '--secret', secret, '--ca-fingerprint', leafFp], env);
    expect(leaf.code).toBe(2);
    expect(leaf.stderr).toMatch(/own certificate, not a certificate authority/);
    const malformed = await agent(['enroll', url, '--secret', secret, '--ca-fingerprint', 'sha256:1234'], env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/is not a CA fingerprint/);

    const other = tlsPaths(join(dir, 'other-ca'));
    expect((await runTenken(['collector', 'tls', 'init', '--tls-dir', other.dir])).code).toBe(0);
    const file = await agent(['enroll', url, '--secret', secret, '--ca-file', other.caCert], env);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/not from the CA pinned at enrollment \(sha256:[0-9a-f]{64}\)/);
    // The right file works, as --ca-file.
    const right = await agent(['enroll', url, '--secret', secret, '--ca-file', paths.caCert], env);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toContain(`pinned the collector's CA ${caFp}`);
    // Enrolling again with the same collector keeps the pinned CA without being given it (here as a new device).
    const again = await agent(['enroll', url, '--secret', secret, '--new-identity'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`pinned the collector's CA ${caFp}`);
  });

  it('keeps the report queued when the collector presents another CA\'s certificate, and sends it once the right one is back', async () => {
    await serve(tlsPaths(join(dir, 'other-ca')));
    const r = await agent(['scan', '--send', '--format', 'json'], enrolled);
    expect(r.code).not.toBe(4);
    expect(r.stderr).toMatch(/queued, will retry .*not from the CA pinned at enrollment/);
    const queued = (await readdir(statePaths(enrolled.TENKEN_STATE_DIR!).queue)).filter((f) => f.endsWith('.json'));
    expect(queued).toHaveLength(1);
    await serve(paths);
    const flush = await agent(['queue', 'flush'], enrolled);
    expect(flush.code, flush.stderr + flush.stdout).toBe(0);
  });

  it('after tls renew (a new server certificate from the same CA) the agent sends without enrolling again', async () => {
    const before = (await loadServerTls(paths))!;
    const r = await runTenken(['collector', 'tls', 'renew', '--tls-dir', paths.dir]);
    expect(r.code, r.stderr).toBe(0);
    const after = (await loadServerTls(paths))!;
    expect(after.caFingerprint).toBe(before.caFingerprint);
    expect(new X509Certificate(after.cert).serialNumber).not.toBe(new X509Certificate(before.cert).serialNumber);
    expect(after.key).not.toBe(before.key);
    // The names given at init stay without being given again.
    expect(after.names).toContain('collector.office.lan');
    expect(after.ips).toContain('192.0.2.10');
    await serve(paths);
    const scan = await agent(['scan', '--send', '--format', 'json'], enrolled);
    expect(scan.stderr).toMatch(/^tenken: sent to https:/);
    expect((await store.report(Report.parse(JSON.parse(scan.stdout)).reportId))).not.toBeNull();
  });
});

describe('fingerprints as people paste them', () => {
  it('takes tenken\'s form, openssl\'s, bare hex with or without colons; nothing else', () => {
    const hex = '3353e138303bd85ee94a3182be0c7c9c803d8dfdc1bd1f9f5df3564615d81193';
    const colons = hex.toUpperCase().match(/../g)!.join(':');
    for (const text of [`sha256:${hex}`, `SHA256:${hex.toUpperCase()}`, `sha256 Fingerprint=${colons}`, colons, hex, `  ${hex}\n`]) {
      expect(normalizeFingerprint(text), text).toBe(`sha256:${hex}`);
    }
    for (const text of ['', 'sha256:', `sha1:${hex}`, hex.slice(2), `${hex}00`, `${colons.slice(0, 10)}${colons.slice(11)}`, `md5 Fingerprint=${colons}`]) {
      expect(normalizeFingerprint(text), text).toBeNull();
    }
  });
});

describe('a renewed certificate is taken up without a restart', () => {
  /** The fingerprint of the leaf certificate a new TLS connection to the collector is served. */
  const served = (at: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(at).port), rejectUnauthorized: false }, () => {
        resolve(socket.getPeerX509Certificate()!.fingerprint256);
        socket.end();
      }).on('error', reject);
    });
  const leaf = (pem: string) => new X509Certificate(pem).fingerprint256;

  it("serves tls renew's certificate to new connections after a check, and keeps the current one for another CA's", async () => {
    const paths = tlsPaths(join(dir, 'reload'));
    const first = (await initTls({ paths, names: [], ips: [], now: new Date() })).server;
    const running = await createCollector({ store, rateLimit: false, https: { cert: first.cert, key: first.key }, verifyThreads: 0 });
    const at = await running.listen('127.0.0.1', 0);
    const said: string[] = [];
    const reload = reloadCertificate({ paths, serving: first, replace: (tls) => running.replaceCertificate(tls), onChange: (c) => said.push(c.kind), everyMs: 3_600_000 });
    try {
      expect(await served(at)).toBe(leaf(first.cert));
      expect((await reload.check()).kind).toBe('unchanged');
      const renewed = (await renewTls({ paths, names: [], ips: [], now: new Date() })).server;
      expect((await reload.check()).kind).toBe('replaced');
      expect(await served(at)).toBe(leaf(renewed.cert));
      expect(leaf(renewed.cert)).not.toBe(leaf(first.cert));
      // A certificate from another CA would cut every enrolled PC off: refused, said once however often it is read.
      const other = tlsPaths(join(dir, 'reload-other'));
      await initTls({ paths: other, names: [], ips: [], now: new Date() });
      await copyFile(other.serverKey, paths.serverKey);
      await copyFile(other.serverCert, paths.serverCert);
      expect((await reload.check()).kind).toBe('other-ca');
      expect((await reload.check()).kind).toBe('other-ca');
      expect(await served(at)).toBe(leaf(renewed.cert));
      expect(said).toEqual(['replaced', 'other-ca']);
    } finally {
      reload.stop();
      await running.close();
    }
  });
});
