/** Why `tenken collector` could not start or do what it was asked, in Japanese and English. `{name}` placeholders are filled with fill(). */
import type { Localized } from '../report/schema.ts';

export const COLLECTOR_ERRORS = {
  database: { ja: 'データベースを使用できません: 「{reason}」', en: 'cannot use the database: {reason}' },
  adminName: {
    ja: '「{name}」は管理者名に使えません。1〜64 文字で、空白とコロンは使えません（HTTP Basic 認証がコロンで区切るため）',
    en: '"{name}" cannot be an administrator name: 1–64 characters, no spaces or colons (HTTP Basic splits at the colon)',
  },
  noTerminal: {
    ja: 'パスワードを尋ねる端末（ターミナル）がありません。--password-stdin でパスワードを渡してください',
    en: 'no terminal to ask the password on: pipe it with --password-stdin',
  },
  password: { ja: 'パスワード: {problem}', en: 'password: {problem}' },
  notDeviceId: { ja: '「{id}」は端末 ID ではありません（管理画面や device list に表示される UUID を指定してください）', en: '"{id}" is not a device id (a UUID, as the dashboard and `device list` show it)' },
  noSuchDevice: { ja: 'ID {id} の端末は登録されていません', en: 'no enrolled device {id}' },
  noSuchAdmin: { ja: '管理者 {name} はいません（いるのは: {names}）', en: 'no administrator {name} (there are: {names})' },
  noAdmins: { ja: 'なし', en: 'none' },
  confirmNoTerminal: { ja: '確認を尋ねる端末（ターミナル）がありません。{host} に実行するには --yes を付けてください', en: 'no terminal to confirm on: add --yes to go ahead with {host}' },
  notConfirmed: { ja: '何も変更していません', en: 'nothing was changed' },
  passwordsDiffer: { ja: '2 回の入力が一致しません。何も変更していません', en: 'the two passwords differ; nothing was changed' },
  interrupted: { ja: '中断しました。何も変更していません', en: 'interrupted; nothing was changed' },
  publicUrlNotAddress: {
    ja: '--public-url「{text}」はアドレスではありません。https://collector.office.lan:8443 のように指定してください',
    en: '--public-url "{text}" is not an address; write it like https://collector.office.lan:8443',
  },
  publicUrlShape: {
    ja: '--public-url「{text}」: ユーザー名・クエリ・フラグメントのない https:// のアドレスを指定してください',
    en: '--public-url "{text}": give an https:// address without user, query or fragment',
  },
  certWithKey: { ja: '--cert と --key は一緒に指定してください', en: '--cert and --key go together' },
  certUnusable: { ja: '{files} を使用できません: 「{message}」', en: 'cannot use {files}: {message}' },
  addressInUse: {
    ja: '{address} はすでに使われています（別のコレクターが動いていませんか？）。--listen で別のアドレスを指定してください',
    en: '{address} is already in use (another collector?); choose another address with --listen',
  },
  portNotAllowed: {
    ja: '{address} で待ち受ける権限がありません（1024 未満のポートには特権が必要です）。--listen で別のアドレスを指定してください',
    en: 'not allowed to listen on {address} (ports below 1024 need privileges); choose another with --listen',
  },
  notThisMachine: {
    ja: '{host} はこのマシンのアドレスではありません。--listen で別のアドレスを指定してください',
    en: '{host} is not an address of this machine; choose another with --listen',
  },
} as const satisfies Record<string, Localized>;

/**
 * What `tenken collector` and its subcommands tell the person when things go as asked, in the language of the
 * terminal (one language per line, like the rest of tenken). Lines a test or a script reads keep their
 * English wording (`listening on <url>`).
 */
export const COLLECTOR_SAID = {
  listening: { ja: 'tenken collector を {url} で起動しました（データベース: {db}）\n', en: 'tenken collector listening on {url} — database {db}\n' },
  stopping: { ja: 'tenken collector: 停止します\n', en: 'tenken collector: stopping\n' },
  httpsOwn: {
    ja: 'tls init の証明書で HTTPS を提供しています（有効期限 {until}）。CA の指紋: {fingerprint}\n',
    en: 'HTTPS with the certificate of tenken collector tls init, valid until {until}; CA fingerprint {fingerprint}\n',
  },
  certExpired: {
    ja: '警告: サーバー証明書の有効期限が切れています。tenken collector tls renew を実行してください（動いているコレクターは新しい証明書をそのまま使い始めます）。\n',
    en: 'Warning: the server certificate has expired: run tenken collector tls renew (the running collector takes the new one up).\n',
  },
  certExpiring: {
    ja: '警告: サーバー証明書の有効期限まであと {days} 日です。tenken collector tls renew を実行してください（動いているコレクターは新しい証明書をそのまま使い始めます）。\n',
    en: 'Warning: the server certificate expires in {days} day(s): run tenken collector tls renew (the running collector takes the new one up).\n',
  },
  loopbackOnly: {
    ja: 'この PC からしか接続できません（ループバック）。社内の PC から使うには --listen 0.0.0.0:{port} を付けてください。\n',
    en: 'Only this machine can reach it (loopback); for the PCs of the office: --listen 0.0.0.0:{port}\n',
  },
  plainHttp: {
    ja: '警告: ネットワークのアドレスで暗号化なしの HTTP を提供しています。エージェントはループバック以外への http:// を拒否します。--cert/--key を指定するか、TLS のリバースプロキシを前に置いて --trust-proxy を付けてください。\n',
    en: 'Warning: plain HTTP on a network address. Agents refuse http:// except to loopback; give --cert/--key, or put a TLS reverse proxy in front and use --trust-proxy.\n',
  },
  secretCreated: { ja: '\n登録用シークレットを新しく作成しました。\n', en: '\nA new enroll secret was created.\n' },
  enrollHint: {
    ja: 'PC の登録: `tenken enroll {url} --secret …{pin}`。シークレットは `tenken collector enroll-secret{db}` で表示できます。インストールのコマンドはダッシュボードの「PC を追加」ページ（/add-pcs）にあります。\n',
    en: 'Enroll PCs with `tenken enroll {url} --secret …{pin}`; `tenken collector enroll-secret{db}` shows the secret; the dashboard\'s Add PCs page (/add-pcs) shows the install commands.\n',
  },
  enrollHelp: {
    ja: '登録用シークレット: {secret}\n各 PC で一度だけ（管理者 / root として）実行してください:\n  tenken enroll {url} --secret {secret}{pin}\nシークレットはパスワードと同じように扱ってください。`tenken collector enroll-secret --rotate` で新しくできます（登録済みの PC はそのまま使えます）。\n',
    en: 'Enroll secret: {secret}\nEnroll each PC once (as administrator/root):\n  tenken enroll {url} --secret {secret}{pin}\nKeep the secret like a password; `tenken collector enroll-secret --rotate` replaces it (enrolled PCs keep working).\n',
  },
  urlFromCertificate: {
    ja: '（アドレス {url} は tls init の証明書の名前と既定のポートです。PC から別のアドレスで接続する場合は --url で指定してください）\n',
    en: "(the address {url} is the name in tls init's certificate with the default port; give --url if PCs reach the collector at another address)\n",
  },
  urlPlaceholder: {
    ja: '（https://collector.example:8443 は例です。--url に PC から接続するアドレスを指定すると、そのまま使えるコマンドを表示します）\n',
    en: '(https://collector.example:8443 is an example: give --url with the address PCs reach the collector at for a command to use as it is)\n',
  },
  secretRotated: { ja: '登録用シークレットを新しくしました。古いシークレットではもう PC を登録できません。\n', en: 'A new enroll secret is in place; the old one no longer enrolls PCs.\n' },
  noAdmin: {
    ja: '管理者がまだいません。管理者を作成するまで、ダッシュボードと読み出し API は使えません（初期パスワードはありません）:\n  tenken collector admin add <name>{db}\n',
    en: 'No administrator yet: the dashboard and the read API stay closed until you create one (there is no default password).\n  tenken collector admin add <name>{db}\n',
  },
  tlsMade: {
    ja: 'プライベート CA とサーバー証明書を {dir} に作成しました。CA の秘密鍵 ca.key はあなただけが読めます。大切に保管してください（コレクターの実行には不要です）。\n',
    en: "A private CA and a server certificate were made in {dir} (ca.key, the CA's private key, is readable by you only: keep it safe; the collector itself does not need it).\n",
  },
  tlsRenewed: {
    ja: '同じ CA から新しいサーバー証明書を {dir} に作成しました。動いているコレクターは 1 分以内に使い始めます（再起動は不要です）。登録済みの PC はそのまま使えます。\n',
    en: 'A new server certificate from the same CA is in {dir}; a running collector takes it up within a minute (no restart needed). Enrolled PCs keep working.\n',
  },
  tlsFacts: {
    ja: 'CA の指紋: {fingerprint}\n有効な名前: {names}\n有効期限: {until}（期限の前に tenken collector tls renew を実行してください）\n起動: {start}\n',
    en: 'CA fingerprint: {fingerprint}\nValid for: {names}\nValid until: {until} (renew before: tenken collector tls renew)\nStart: {start}\n',
  },
  certificateReplaced: {
    ja: '更新されたサーバー証明書を使い始めました（有効期限 {until}）。接続中の PC はそのまま使えます。\n',
    en: 'Serving the renewed server certificate now (valid until {until}); connected PCs keep working.\n',
  },
  certificateOtherCa: {
    ja: '警告: {file} は別の CA の証明書です。登録済みの PC が接続できなくなるため、今の証明書を使い続けます。\n',
    en: 'Warning: {file} is from another CA; enrolled PCs pin this one, so the current certificate stays in use.\n',
  },
  certificateUnreadable: {
    ja: '警告: 更新された証明書を使えないため、今の証明書を使い続けます（1 分後にもう一度読みます）: 「{message}」\n',
    en: 'Warning: cannot use the renewed certificate; the current one stays in use (read again in a minute): {message}\n',
  },
  revoked: {
    ja: '端末 {id} の登録を取り消しました。以後の報告は受け付けません（履歴は残ります）。\n',
    en: 'Device {id} revoked: its reports are refused from now on; its history stays.\n',
  },
  reenrollAllowed: {
    ja: '{until} まで、端末 {id} は新しい鍵で再登録できます（その PC で tenken enroll を実行してください）。\n',
    en: 'Device {id} may enroll again with a new key until {until} (run tenken enroll on that PC).\n',
  },
  passwordFor: { ja: '{name} のパスワード: ', en: 'Password for {name}: ' },
  passwordAgain: { ja: 'もう一度: ', en: 'Again: ' },
  passwordChanged: { ja: '管理者 {name} のパスワードを変更しました（ログイン中のセッションは終了しました）。\n', en: 'Administrator {name}: new password set (their sessions were ended).\n' },
  adminAdded: { ja: '管理者 {name} を {db} に追加しました。\n', en: 'Administrator {name} added to {db}.\n' },
  adminLine: { ja: '{name}（追加 {createdAt}、パスワード設定 {passwordSetAt}）\n', en: '{name} (added {createdAt}, password set {passwordSetAt})\n' },
  adminRemoved: { ja: '管理者 {name} を削除しました（ログイン中のセッションも終了しました）。\n', en: 'Administrator {name} removed (their sessions were ended).\n' },
  noAdminLeft: {
    ja: '管理者がいなくなりました。管理者を追加するまで、ダッシュボードと読み取り API は閉じたままです: tenken collector admin add <名前>\n',
    en: 'No administrator is left: the dashboard and the read API stay closed until you add one: tenken collector admin add <name>\n',
  },
  neverReported: { ja: '未報告', en: 'never reported' },
  retiredAt: { ja: '使用終了 {at}', en: 'retired {at}' },
  confirmRetire: { ja: '{host}（{id}）の使用を終了しますか？ [y/N] ', en: 'Retire {host} ({id})? [y/N] ' },
  confirmDelete: { ja: '{host}（{id}）とそのレポートをすべて削除しますか？元に戻せません。 [y/N] ', en: 'Delete {host} ({id}) and all its reports? [y/N] ' },
  retiredAlready: { ja: '{host} はすでに使用を終了しています。\n', en: '{host} was retired already.\n' },
  retired: { ja: '{host} の使用を終了しました。一覧と集計から外し、報告は受け付けません（履歴は残ります）。\n', en: 'Retired {host}: left out of the lists and counts, its reports refused, its history kept.\n' },
  deleted: { ja: '{host} とそのレポートを削除しました。\n', en: 'Deleted {host} and its reports.\n' },
} as const satisfies Record<string, Localized>;
