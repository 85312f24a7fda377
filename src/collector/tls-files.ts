/**
 * The collector's own HTTPS files made by `tenken collector tls init` (src/collector/tls-authority.ts makes
 * them): a private CA (ca.pem, and its key ca.key, mode 600) and a server certificate for the collector's LAN
 * names and addresses (server.pem: the certificate followed by the CA's, so that an agent pinning the CA by its
 * fingerprint finds it in the chain; server.key, mode 600). They live in `tls/` beside the collector's SQLite
 * database (tenken's state folder by default), so each database has its own, or in the state folder with
 * PostgreSQL. Read at start with node:crypto only: the running collector never loads the X.509 library nor
 * reads the CA's key.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { networkInterfaces, hostname as machineName } from 'node:os';
import { dirname } from 'node:path';
import { joinStatePath } from '../state-dirs.ts';
import { certificateFingerprint } from '../transport/ca-pin.ts';

export const TLS_DIR_NAME = 'tls';

export const tlsPaths = (dir: string) => ({
  dir,
  caCert: joinStatePath(dir, 'ca.pem'),
  caKey: joinStatePath(dir, 'ca.key'),
  serverCert: joinStatePath(dir, 'server.pem'),
  serverKey: joinStatePath(dir, 'server.key'),
});
export type TlsPaths = ReturnType<typeof tlsPaths>;

/** `tls/` in the SQLite database's folder; with PostgreSQL, in the given state folder. */
export function defaultTlsDir(db: { sqliteFile: string } | { stateDir: string }): string {
  return 'sqliteFile' in db ? joinStatePath(dirname(db.sqliteFile), TLS_DIR_NAME) : joinStatePath(db.stateDir, TLS_DIR_NAME);
}

/** What the collector serves HTTPS with, and what it tells administrators about it. */
export interface ServerTls {
  readonly cert: string;
  readonly key: string;
  /** `sha256:<hex>` of the CA certificate: what agents pin. */
  readonly caFingerprint: string;
  readonly notAfter: Date;
  /** The DNS names and IP addresses the server certificate is valid for. */
  readonly names: readonly string[];
  readonly ips: readonly string[];
}

/** An IP address in its usual short form (Node writes IPv6 entries in full, 0:0:0:0:0:0:0:1). */
export const shortIp = (ip: string): string => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);

/** The subjectAltName entries of a certificate, split into DNS names and IP addresses. */
export function altNames(cert: X509Certificate): { names: string[]; ips: string[] } {
  const names: string[] = [];
  const ips: string[] = [];
  for (const entry of (cert.subjectAltName ?? '').split(/,\s*/)) {
    if (entry.startsWith('DNS:')) names.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ips.push(shortIp(entry.slice(11)));
  }
  return { names, ips };
}

/**
 * The files of `tls init`, when server.pem and server.key are there; undefined when they are not. A CA that
 * is not the last certificate of server.pem is a broken set: said, never served half.
 */
export async function loadServerTls(paths: TlsPaths): Promise<ServerTls | undefined> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(paths.serverCert, 'utf8'), readFile(paths.serverKey, 'utf8')]);
  } catch (e) {
    // ENOTDIR: the database's folder is a file; opening the database says so.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new Error(`cannot read ${paths.serverCert} / ${paths.serverKey}: ${(e as Error).message}`);
  }
  const pems = cert.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  const leaf = pems[0] ? new X509Certificate(pems[0]) : undefined;
  const ca = pems.length > 1 ? new X509Certificate(pems[pems.length - 1]!) : undefined;
  if (!leaf || !ca || !ca.ca || !leaf.checkIssued(ca)) throw new Error(`${paths.serverCert} is not a server certificate followed by its CA; run tenken collector tls renew`);
  return { cert, key, caFingerprint: certificateFingerprint(ca.raw), notAfter: new Date(leaf.validTo), ...altNames(leaf) };
}

/**
 * This machine's names and addresses as other PCs on the LAN may reach it: the hostname (and its mDNS
 * `.local` form when it has no domain), localhost, and every non-internal address (IPv6 link-local ones
 * need a zone and are left out), plus the loopback addresses for a browser on this machine.
 */
export function lanAddresses(): { names: string[]; ips: string[] } {
  const host = machineName().toLowerCase();
  const names = [host, ...(host.includes('.') ? [] : [`${host}.local`]), 'localhost'];
  const ips = ['127.0.0.1', '::1'];
  // An address that may go away (DHCP) costs nothing in the certificate; one missing makes agents refuse it.
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6' && /^fe80:/i.test(a.address))) continue;
      ips.push(shortIp(a.address));
    }
  }
  return { names: [...new Set(names)], ips: [...new Set(ips)] };
}
