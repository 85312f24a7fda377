/**
 * `tenken enroll <url> --secret S`: registers this PC with a collector (src/transport/enroll.ts). Transport
 * code loads only when the command runs.
 */
import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../i18n/lang.ts';
import { readInputFile } from '../source-errors.ts';
import type { Localized } from '../report/schema.ts';
import type { CliDeps } from './deps.ts';
import { ENROLL_HELP, OPTION_TEXT } from '../i18n/help-messages.ts';

interface EnrollOptions {
  secret?: string;
  insecure?: boolean;
  newIdentity?: boolean;
  caFile?: string;
  caFingerprint?: string;
}

export function registerEnroll(program: Command, deps: CliDeps, lang: Lang): void {
  const h = (t: Localized) => t[lang];
  program
    .command('enroll')
    .description(h(ENROLL_HELP.description))
    .argument('<url>', h(ENROLL_HELP.url))
    .option('--secret <secret>', h(ENROLL_HELP.secret))
    .option('--insecure', h(ENROLL_HELP.insecure))
    .option('--new-identity', h(ENROLL_HELP.newIdentity))
    .addOption(new Option('--ca-file <pem>', h(ENROLL_HELP.caFile)).conflicts('caFingerprint'))
    .option('--ca-fingerprint <sha256>', h(ENROLL_HELP.caFingerprint))
    .addOption(new Option('--lang <lang>', h(OPTION_TEXT.lang)).choices(LANGS))
    .addHelpText('after', h(ENROLL_HELP.after))
    .action((url: string, opts: EnrollOptions) => runEnroll(url, opts, deps, lang));
}

/** `lang`: --lang, else the locale (as help and the CLI's errors). */
async function runEnroll(url: string, opts: EnrollOptions, deps: CliDeps, lang: Lang): Promise<void> {
  const secret = opts.secret ?? deps.env.TENKEN_ENROLL_SECRET;
  if (!secret) throw new (await import('../transport/errors.ts')).DeliveryUsageError(lang === 'ja' ? '登録シークレットを --secret で指定してください (コレクターの管理者から受け取ったもの)' : 'give the enroll secret with --secret (the collector\'s administrator has it)');
  const ca = opts.caFile ? { pem: await readInputFile(opts.caFile, 'certificate') } : opts.caFingerprint ? { fingerprint: opts.caFingerprint } : undefined;
  const host = await deps.createHost();
  const [{ requireAdmin, deliveryContext, enrolledIdentity }, { enrollDevice }, { collectIdentity }] = await Promise.all([
    import('../transport/deliver.ts'),
    import('../transport/enroll.ts'),
    import('../scan/identity.ts'),
  ]);
  requireAdmin(host, lang === 'ja' ? '登録' : 'Enrolling', `tenken enroll ${url} --secret …`, lang);
  const ctx = deliveryContext(host, deps.env);
  // Enrolling again keeps the device id from identity.json; a damaged one is said with the way out of it.
  if (!opts.newIdentity) await enrolledIdentity(ctx, lang, url);
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
  const again = replaced ? (lang === 'ja' ? `（再登録: 新しい鍵とトークン${resigned ? `、キューの ${resigned} 件に署名し直しました` : ''}）` : ` (enrolled again: new key and token${resigned ? `; ${resigned} queued report(s) signed again` : ''})`) : '';
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
