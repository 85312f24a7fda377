/**
 * A running collector takes up the certificate `tenken collector tls renew` wrote, without a restart: it
 * reads tls init's files once a minute (and at once on SIGHUP) and hands a changed
 * certificate to the server. `tls renew` writes the key first and the certificate last (each atomically), so a
 * read between the two sees a key that does not match the certificate: that read is set aside, the next one
 * takes both. A certificate from another CA is refused: every enrolled PC pins the CA.
 */
import { loadServerTls, type ServerTls, type TlsPaths } from './tls-files.ts';

export const CERTIFICATE_CHECK_MS = 60_000;

export type CertificateCheck =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'replaced'; readonly tls: ServerTls }
  | { readonly kind: 'other-ca'; readonly caFingerprint: string }
  | { readonly kind: 'unreadable'; readonly message: string };

export interface CertificateReload {
  /** Reads the files now and swaps the certificate when it changed. */
  check(): Promise<CertificateCheck>;
  stop(): void;
}

export function reloadCertificate(options: {
  readonly paths: TlsPaths;
  readonly serving: ServerTls;
  readonly replace: (tls: ServerTls) => void;
  readonly onChange: (result: Exclude<CertificateCheck, { kind: 'unchanged' }>) => void;
  readonly everyMs?: number;
}): CertificateReload {
  let serving = options.serving;
  // The last outcome reported, so a file that stays unreadable (or from another CA) is said once, not every minute.
  let reported = '';
  const check = async (): Promise<CertificateCheck> => {
    let result: CertificateCheck;
    try {
      const found = await loadServerTls(options.paths);
      if (!found) result = { kind: 'unreadable', message: `${options.paths.serverCert}: no such file` };
      else if (found.cert === serving.cert && found.key === serving.key) result = { kind: 'unchanged' };
      else if (found.caFingerprint !== serving.caFingerprint) result = { kind: 'other-ca', caFingerprint: found.caFingerprint };
      else {
        // Throws when the key does not belong to the certificate (read between tls renew's two writes).
        options.replace(found);
        serving = found;
        result = { kind: 'replaced', tls: found };
      }
    } catch (e) {
      result = { kind: 'unreadable', message: (e as Error).message };
    }
    const said = result.kind === 'replaced' || result.kind === 'unchanged' ? '' : JSON.stringify(result);
    if (result.kind !== 'unchanged' && (said === '' || said !== reported)) options.onChange(result);
    reported = said;
    return result;
  };
  const timer = setInterval(() => void check(), options.everyMs ?? CERTIFICATE_CHECK_MS);
  timer.unref();
  // Windows raises SIGHUP only when the console closes; listening there is harmless.
  const onHangup = () => void check();
  process.on('SIGHUP', onHangup);
  return {
    check,
    stop() {
      clearInterval(timer);
      process.off('SIGHUP', onHangup);
    },
  };
}
