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
