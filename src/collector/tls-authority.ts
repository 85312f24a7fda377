/**
 * `tenken collector tls init` / `tls renew`: a private certificate authority for the office and the
 * collector's server certificate from it, so that HTTPS works on a LAN without a public certificate and agents
 * pin the CA (src/transport/ca-pin.ts) instead of trusting a self-signed leaf that changes at each renewal.
 *
 * Node can read X.509 certificates but not write them, so they are made with @peculiar/x509 (PeculiarVentures,
 * MIT, ~10 M downloads a month, on Node's WebCrypto; node-forge cannot make ECDSA certificates, and the
 * openssl binary is not on Windows, where a small office may run its collector). It needs the
 * reflect-metadata polyfill loaded first, which is why this module is loaded only by these two commands.
 *
 * Keys are ECDSA P-256 with SHA-256: what every TLS client (Node's OpenSSL, browsers, Windows' schannel,
 * macOS) accepts; Ed25519 certificates are refused by browsers. The server certificate lasts 825 days, the
 * most macOS and iOS accept from any CA (Apple's rules since macOS 10.15; the 398-day limit applies only to
 * public CAs), with a subjectAltName and serverAuth as they require; the CA lasts 20 years.
 */
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname as machineName } from 'node:os';
import * as x509 from '@peculiar/x509';
import { writeFileAtomic } from '../atomic-write.ts';
import { ensureStateDir } from '../transport/agent-state.ts';
import { certificateFingerprint } from '../transport/ca-pin.ts';
import { altNames, lanAddresses, loadServerTls, shortIp, type ServerTls, type TlsPaths } from './tls-files.ts';

export const SERVER_CERT_DAYS = 825;
export const CA_CERT_DAYS = 20 * 365;
/** Certificates start an hour early: a PC whose clock is a little behind must not find them "not yet valid". */
const BACKDATE_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** A refusal of tls init/renew that the administrator can act on (exit 2). */
export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError';
}

export interface TlsRequest {
  readonly paths: TlsPaths;
  /** Extra DNS names and IP addresses (--name, --ip) besides the ones detected. */
  readonly names: readonly string[];
  readonly ips: readonly string[];
  readonly now: Date;
}

export interface TlsResult {
  readonly server: ServerTls;
  readonly createdCa: boolean;
}

const serial = () => {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f; // a positive INTEGER
  bytes[0]! |= 0x01; // and no leading zero byte to strip
  return bytes.toString('hex');
};

async function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

/** A DNS name or IP address as it goes into subjectAltName; a bad one is the administrator's typo. */
export function checkName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  if (!/^(?=.{1,253}$)(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(n) || isIP(n)) {
    throw new TlsSetupError(`"${name}" is not a host name (give an IP address with --ip)`);
  }
  return n;
}
export function checkIp(ip: string): string {
  const a = ip.trim().replace(/^\[|\]$/g, '');
  if (!isIP(a)) throw new TlsSetupError(`"${ip}" is not an IP address`);
  return shortIp(a);
}

async function issueServerCertificate(ca: { cert: x509.X509Certificate; key: CryptoKey }, names: readonly string[], ips: readonly string[], now: Date) {
  const keys = await newKeys();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names[0] ?? ips[0] ?? 'tenken collector'}, O=tenken collector`,
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter: new Date(notBefore.getTime() + SERVER_CERT_DAYS * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...names.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
    ],
  });
  return { certPem: `${cert.toString('pem')}\n${ca.cert.toString('pem')}\n`, keyPem: await keyPem(keys.privateKey) };
}

/** Writes the server certificate and key; the key first, so that a certificate is never there without it. */
async function writeServer(paths: TlsPaths, server: { certPem: string; keyPem: string }): Promise<ServerTls> {
  await writeFileAtomic(paths.serverKey, server.keyPem, { mode: 0o600, durable: true });
  await writeFileAtomic(paths.serverCert, server.certPem, { mode: 0o644, durable: true });
  const loaded = await loadServerTls(paths);
  if (!loaded) throw new Error(`${paths.serverCert} vanished while it was written`);
  return loaded;
}

const union = (...lists: (readonly string[])[]): string[] => [...new Set(lists.flat())];

/** `tls init`: a new CA and a server certificate from it. Refuses when a CA is already there (agents pin it). */
export async function initTls(request: TlsRequest): Promise<TlsResult> {
  const { paths, now } = request;
  const existing = await readFile(paths.caCert, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (existing !== null) {
    throw new TlsSetupError(
      `a CA is already in ${paths.dir} (${certificateFingerprint(new NodeCertificate(existing).raw)}), and enrolled PCs trust it. ` +
        'For a new server certificate run tenken collector tls renew. To start over with a new CA, remove that folder first: every PC must then enroll again.',
    );
  }
  // Closed to others: the CA's key is in it, and it signs certificates every agent trusts.
  await ensureStateDir(paths.dir);
  const keys = await newKeys();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const stamp = now.toISOString().slice(0, 10);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=tenken collector CA ${machineName().replace(/[,+="\\<>;#]/g, '_')} ${stamp}, O=tenken collector`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + CA_CERT_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // pathLen 0: this CA signs server certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeFileAtomic(paths.caKey, await keyPem(keys.privateKey), { mode: 0o600, durable: true });
  await writeFileAtomic(paths.caCert, ca.toString('pem') + '\n', { mode: 0o644, durable: true });
  const detected = lanAddresses();
  const names = union(request.names.map(checkName), detected.names);
  const ips = union(request.ips.map(checkIp), detected.ips);
  const server = await writeServer(paths, await issueServerCertificate({ cert: ca, key: keys.privateKey }, names, ips, now));
  return { server, createdCa: true };
}

/**
 * `tls renew`: a new server certificate (and key) from the same CA, for the names and addresses of the
 * previous one, the ones detected now and the ones given. Agents keep working: they pin the CA, not the leaf.
 */
export async function renewTls(request: TlsRequest): Promise<TlsResult> {
  const { paths, now } = request;
  let caPem: string;
  let caKeyPem: string;
  try {
    [caPem, caKeyPem] = await Promise.all([readFile(paths.caCert, 'utf8'), readFile(paths.caKey, 'utf8')]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TlsSetupError(`no CA and its key in ${paths.dir}: run tenken collector tls init first (or put back ca.key if it was moved away)`);
    }
    throw e;
  }
  const caCert = new x509.X509Certificate(caPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(caKeyPem).export({ format: 'der', type: 'pkcs8' }), ALGORITHM, false, ['sign']);
  let previous: { names: string[]; ips: string[] } = { names: [], ips: [] };
  try {
    const pem = (await readFile(paths.serverCert, 'utf8')).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/)?.[0];
    if (pem) previous = altNames(new NodeCertificate(pem));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const detected = lanAddresses();
  const names = union(request.names.map(checkName), previous.names, detected.names);
  const ips = union(request.ips.map(checkIp), previous.ips, detected.ips);
  const server = await writeServer(paths, await issueServerCertificate({ cert: caCert, key: caKey }, names, ips, now));
  return { server, createdCa: false };
}
