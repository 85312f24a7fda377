/**
 * `tenken enroll <url> --secret S`: registers this PC with a collector (src/transport/enroll.ts). Transport
 * code loads only when the command runs.
 */
import { Option, type Command } from 'commander';
import { detectLang } from '../i18n/lang.ts';
import { readInputFile } from '../source-errors.ts';
import { DeliveryUsageError } from '../transport/errors.ts';
import type { CliDeps } from './deps.ts';

interface EnrollOptions {
  secret?: string;
  insecure?: boolean;
  newIdentity?: boolean;
  caFile?: string;
  caFingerprint?: string;
}

export function registerEnroll(program: Command, deps: CliDeps): void {
  program
    .command('enroll')
    .description("register this PC with the organisation's collector, so that scan --send can deliver signed reports")
    .argument('<url>', 'the collector, e.g. https://collector.example')
    .option('--secret <secret>', 'the enroll secret the collector printed (or set TENKEN_ENROLL_SECRET)')
    .option('--insecure', 'allow plain http to a collector that is not this machine (the token travels unencrypted)')
    .option('--new-identity', 'forget the device id and start as a new device (e.g. after cloning this PC)')
    .addOption(new Option('--ca-file <pem>', "trust only this CA for the collector (its ca.pem from tenken collector tls init)").conflicts('caFingerprint'))
    .option('--ca-fingerprint <sha256>', "pin the collector's CA by the fingerprint it shows (sha256:…): taken from the chain the collector presents")
    .addHelpText(
      'after',
      `
Needs administrator rights: the device key is kept where only administrators can read it.

Examples:
  sudo tenken enroll https://collector.example --secret 8f3c…
  sudo tenken enroll https://collector.example --secret 8f3c… --new-identity   a cloned PC becomes its own device
  sudo tenken enroll https://collector.lan:8443 --secret 8f3c… --ca-fingerprint sha256:5d1e…
                                        a collector with its own CA (tenken collector tls init)

Exit codes: 0 enrolled, 2 refused (secret, address, rights, a CA that is not the collector's), 4 the collector
could not be reached.`,
    )
    .action((url: string, opts: EnrollOptions) => runEnroll(url, opts, deps));
}

async function runEnroll(url: string, opts: EnrollOptions, deps: CliDeps): Promise<void> {
  const lang = detectLang(deps.env);
  const secret = opts.secret ?? deps.env.TENKEN_ENROLL_SECRET;
  if (!secret) throw new DeliveryUsageError(lang === 'ja' ? '登録シークレットを --secret で指定してください (コレクターの管理者から受け取ったもの)' : 'give the enroll secret with --secret (the collector\'s administrator has it)');
  const ca = opts.caFile ? { pem: await readInputFile(opts.caFile) } : opts.caFingerprint ? { fingerprint: opts.caFingerprint } : undefined;
  const host = await deps.createHost();
  const [{ requireAdmin, deliveryContext }, { enrollDevice }, { collectIdentity }] = await Promise.all([
    import('../transport/deliver.ts'),
    import('../transport/enroll.ts'),
    import('../scan/identity.ts'),
  ]);
  requireAdmin(host, lang === 'ja' ? '登録' : 'Enrolling', `tenken enroll ${url} --secret …`, lang);
  const ctx = deliveryContext(host, deps.env);
  const device = await collectIdentity(host.section('identity'));
  const { identity, resigned, replaced } = await enrollDevice({
    collector: url,
    secret,
    insecure: opts.insecure === true,
    newIdentity: opts.newIdentity === true,
    paths: ctx.paths,
    platform: host.platform,
    device,
    now: ctx.now,
    lang,
    ...(ca ? { ca } : {}),
  });
  const again = replaced ? (lang === 'ja' ? ` (再登録: 新しい鍵とトークン${resigned ? `、キューの ${resigned} 件に署名し直しました` : ''})` : ` (enrolled again: new key and token${resigned ? `; ${resigned} queued report(s) signed again` : ''})`) : '';
  deps.stdout(
    lang === 'ja'
      ? `${identity.collector} に端末 ${identity.deviceId} として登録しました${again}。鍵 ID ${identity.keyId}、保存先 ${ctx.paths.identity}\n`
      : `enrolled with ${identity.collector} as device ${identity.deviceId}${again}; key id ${identity.keyId}, kept in ${ctx.paths.identity}\n`,
  );
  if (identity.caCert) {
    const { caFingerprintOf } = await import('../transport/ca-pin.ts');
    const fp = caFingerprintOf(identity.caCert);
    deps.stdout(lang === 'ja' ? `コレクターの CA ${fp} を固定しました。このコレクターにはこの CA だけを信頼します。\n` : `pinned the collector's CA ${fp}: it is the only CA trusted for this collector.\n`);
  }
}
