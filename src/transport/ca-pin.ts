/**
 * Pinning the collector's certificate authority (CA) at enrollment, so that an office collector with a private
 * CA (`tenken collector tls init`) is trusted without touching the PC's trust store or an environment
 * variable. The CA comes either as a PEM file (`--ca-file`, agent.json `caCert`) or as the SHA-256 fingerprint
 * of its certificate (`--ca-fingerprint`, agent.json `caFingerprint`): the agent then reads the chain the
 * collector presents, takes the certificate with that fingerprint, checks that it is a CA that issued the
 * server's certificate, and keeps it (trust on first use, constrained by the fingerprint an administrator
 * copied from the collector). Every later connection trusts that CA only (see send.ts `post`).
 * node:crypto and node:tls only: the agent never needs an X.509 library.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Lang } from '../i18n/lang.ts';
import { because, type Reason } from '../i18n/reason.ts';
import { DeliveryUsageError } from './errors.ts';

/**
 * What was given to pin a CA, before it is known: its certificate (PEM text), or its fingerprint, or both
 * (agent.json may carry both; they must then agree).
 */
export type CaSource = { readonly pem: string; readonly fingerprint?: string } | { readonly fingerprint: string };

/** The CA was refused: wrong fingerprint, not a CA, did not sign the server's certificate. Fix the input: exit 2. */
export class CaPinError extends DeliveryUsageError {
  override readonly name = 'CaPinError';
}

const FINGERPRINT = /^(?:sha-?256(?:\s+fingerprint)?\s*[:=]\s*)?((?:[0-9a-f]{2}:?){31}[0-9a-f]{2})$/i;

/**
 * `sha256:<64 lowercase hex>` from what a person pasted: tenken's own form, openssl's
 * `sha256 Fingerprint=AB:CD:…` or `AB:CD:…` (colons, any case); null when it is none of them.
 */
export function normalizeFingerprint(text: string): string | null {
  const m = FINGERPRINT.exec(text.trim());
  if (!m) return null;
  const hex = m[1]!.replace(/:/g, '').toLowerCase();
  // Colons either between every pair or nowhere (a stray one is more likely a typo than a style).
  if (m[1]!.includes(':') && m[1]!.length !== 95) return null;
  return `sha256:${hex}`;
}

/** The fingerprint of a certificate: SHA-256 of its DER, as `sha256:<hex>`. */
export const certificateFingerprint = (der: Uint8Array): string => `sha256:${createHash('sha256').update(der).digest('hex')}`;

/** The fingerprint of the first certificate of a PEM text that is known to parse (a pinned CA). */
export const caFingerprintOf = (pem: string): string => certificateFingerprint(new X509Certificate(pem).raw);

/** The first certificate of a PEM text, or undefined when there is none that parses. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

const say = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);

/** A CA certificate as given in a file or agent.json: must parse and be a CA. */
export function caFromPem(pem: string, where: string, lang: Lang): X509Certificate {
  const cert = parseCertificate(pem);
  if (!cert) throw new CaPinError(say(lang, `${where} は PEM 形式の証明書ではありません (-----BEGIN CERTIFICATE----- で始まるファイルを指定してください)`, `${where} is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----)`));
  if (!cert.ca) throw new CaPinError(say(lang, `${where} の証明書は認証局 (CA) の証明書ではありません。コレクターの ca.pem を指定してください`, `${where} is not a certificate authority (CA) certificate; give the collector's ca.pem`));
  return cert;
}

/**
 * The CA to trust for this collector, as PEM: the one given (checked), or the one in the collector's chain
 * with the given fingerprint. A CA is pinned for https:// only.
 */
export async function resolveCa(source: CaSource, base: URL, timeoutMs: number, lang: Lang): Promise<string> {
  if (base.protocol !== 'https:') throw new CaPinError(say(lang, `CA の固定は https:// のコレクターにだけ使えます (${base.origin})`, `a CA is pinned for an https:// collector only (${base.origin})`));
  let fingerprint: string | null = null;
  if (source.fingerprint !== undefined) {
    fingerprint = normalizeFingerprint(source.fingerprint);
    if (!fingerprint) throw new CaPinError(say(lang, `"${source.fingerprint}" は CA の指紋ではありません。sha256:<16進数64桁> の形で指定してください`, `"${source.fingerprint}" is not a CA fingerprint; write it as sha256:<64 hex digits>`));
  }
  if ('pem' in source) {
    const ca = caFromPem(source.pem, 'CA', lang);
    if (fingerprint && certificateFingerprint(ca.raw) !== fingerprint) {
      throw new CaPinError(say(lang, `CA 証明書の指紋は ${certificateFingerprint(ca.raw)} で、指定された ${fingerprint} と一致しません`, `the CA certificate's fingerprint is ${certificateFingerprint(ca.raw)}, not the ${fingerprint} given with it`));
    }
    return ca.toString();
  }
  return pickPinnedCa(await presentedChain(base, timeoutMs), fingerprint!, base.host, lang);
}

/** The chain a TLS server presented, leaf first, each certificate once. */
export interface PresentedChain {
  readonly certificates: readonly X509Certificate[];
}

/**
 * Finds the pinned CA in the chain the collector presented: the certificate with the given fingerprint, a
 * CA, that issued the server's certificate (signature checked). Returns its PEM.
 */
export function pickPinnedCa(chain: PresentedChain, fingerprint: string, host: string, lang: Lang): string {
  const [leaf] = chain.certificates;
  const found = chain.certificates.find((c) => certificateFingerprint(c.raw) === fingerprint);
  if (!leaf || !found) {
    const seen = chain.certificates.map((c) => certificateFingerprint(c.raw)).join(', ') || say(lang, 'なし', 'none');
    throw new CaPinError(
      say(
        lang,
        `${host} が示した証明書に、指紋 ${fingerprint} のものはありません (示された証明書: ${seen})。コレクターが表示した CA の指紋を確認してください。別の機械に接続している可能性もあります`,
        `${host} presented no certificate with the fingerprint ${fingerprint} (it presented ${seen}); check the CA fingerprint the collector shows — or this is not your collector`,
      ),
    );
  }
  if (!found.ca) {
    throw new CaPinError(
      say(
        lang,
        `指紋 ${fingerprint} の証明書は ${host} 自身の証明書で、認証局 (CA) ではありません。サーバー証明書は更新で変わるため、コレクターが表示する CA の指紋を指定してください`,
        `the certificate with the fingerprint ${fingerprint} is ${host}'s own certificate, not a certificate authority (CA); pin the CA fingerprint the collector shows (the server certificate changes when it is renewed)`,
      ),
    );
  }
  if (found !== leaf && !(leaf.checkIssued(found) && leaf.verify(found.publicKey))) {
    throw new CaPinError(
      say(lang, `指紋 ${fingerprint} の CA は ${host} のサーバー証明書に署名していません。接続先を確認してください`, `the CA with the fingerprint ${fingerprint} did not sign ${host}'s server certificate; check the address`),
    );
  }
  return found.toString();
}

/**
 * Connects to the collector only to read the certificates it presents (nothing is sent; the chain is judged
 * by pickPinnedCa, and the enrollment itself then goes over a connection verified against the pinned CA).
 */
export async function presentedChain(url: URL, timeoutMs: number): Promise<PresentedChain> {
  const { connect } = await import('node:tls');
  const { isIP } = await import('node:net');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Read, not trusted: the chain is checked against the fingerprint before anything is sent.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    socket.once('error', (e) => reject(e));
    socket.once('secureConnect', () => {
      const certificates: X509Certificate[] = [];
      const seen = new Set<string>();
      for (let c = socket.getPeerCertificate(true); c && c.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
        seen.add(c.fingerprint256);
        certificates.push(new X509Certificate(c.raw));
      }
      socket.end();
      resolve({ certificates });
    });
  });
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * When a CA is pinned, an untrusted certificate means the collector no longer presents a certificate from
 * that CA (its CA was made anew, or another machine answers): said so, instead of the general advice about
 * trust stores. Null for every other failure.
 */
export function pinnedCaProblem(e: unknown, url: URL, caPem: string): Reason | null {
  let code: unknown;
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED.has(code)) break;
  }
  if (typeof code !== 'string' || !UNTRUSTED.has(code)) return null;
  const ca = parseCertificate(caPem);
  const fp = ca ? certificateFingerprint(ca.raw) : '?';
  return because('tls.pin-mismatch', { host: url.host, fingerprint: fp, code });
}
