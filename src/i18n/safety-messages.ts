/**
 * What the agent says when it protects its files and its queue: an output path it will not replace, an input
 * file too large to read, a state file found damaged and rebuilt, an agent.json others can read, an answer
 * that is not the collector's. `{name}` placeholders are filled with fill() (src/fix/text.ts).
 */
import type { Localized } from '../report/schema.ts';

export const SAFETY_MESSAGES = {
  outputNotAFile: {
    ja: '{file} は{kind}のため、書き込みません。出力先には通常のファイル、端末、パイプを指定してください。',
    en: '{file} is {kind}: tenken does not write there. Give a regular file, a terminal or a pipe as the output.',
  },
  kindDirectory: { ja: 'フォルダー', en: 'a folder' },
  kindBlockDevice: { ja: 'ディスク装置（ブロックデバイス）', en: 'a disk device (block device)' },
  kindSocket: { ja: 'ソケット', en: 'a socket' },
  kindLinkLoop: { ja: '自分自身に戻るシンボリックリンク', en: 'a symbolic link that leads back to itself' },
  outputUnwritable: { ja: '{file} に書き込めません。{why}。', en: 'cannot write {file}: {why}.' },
  whyFolderMissing: { ja: 'フォルダー {dir} がありません', en: 'the folder {dir} does not exist' },
  whyNotAFolder: { ja: '{dir} の途中にフォルダーでないものがあります', en: 'a part of {dir} is not a folder' },
  whyNoPermission: { ja: 'このユーザーには {dir} に書き込む権限がありません', en: 'this user may not write in {dir}' },
  whyReadOnly: { ja: '{dir} は読み取り専用のファイルシステムにあります', en: '{dir} is on a read-only file system' },
  whyDiskFull: { ja: 'ディスクに空きがありません', en: 'the disk is full' },
  inputTooLarge: {
    ja: '{what}のファイルが大きすぎます（{size}、上限は {limit}）。これより大きいファイルは、読み込みに時間とメモリーがかかりすぎるため読みません。',
    en: 'this {what} file is too large ({size}; the limit is {limit}): tenken does not read larger files, which would take too long and too much memory.',
  },
  yamlAliases: {
    ja: 'YAML の別名（エイリアス *名前）の展開が多すぎます（上限 {limit} 回）。別名を使わずに書いてください。',
    en: 'YAML: too many aliases (*name) to expand (the limit is {limit}); write the values out instead.',
  },
  sizeOver: { ja: '{size} 超', en: 'more than {size}' },
  cannotRead: { ja: '読み込めません（{why}）', en: 'cannot read: {why}' },
  readNoFile: { ja: 'そのファイルはありません', en: 'there is no such file' },
  readFolder: { ja: 'フォルダーです。ファイルを指定してください', en: 'it is a folder; give a file' },
  readNoPermission: { ja: 'このユーザーには読む権限がありません', en: 'this user may not read it' },
  inputPolicy: { ja: 'ポリシー', en: 'policy' },
  inputRecording: { ja: '記録', en: 'recording' },
  inputAnswers: { ja: '回答', en: 'answers' },
  inputCertificate: { ja: '証明書・鍵', en: 'certificate or key' },
  stateFileRebuilt: {
    ja: '{file} が壊れていたため（{problem}）、{aside} に移して作り直しました。送信の通し番号は {sequence} から続けます。',
    en: '{file} was damaged ({problem}): moved to {aside} and made again; report numbering continues at {sequence}.',
  },
  counterFromQueue: {
    ja: '通し番号の控えも読めないため、キューに残るレポートの最大の番号から続けます。送信済みのレポートがそれより大きい番号を使っていた場合、コレクターには同じ番号がもう一度届き、その番号を超えるまで欠番を数えられません。',
    en: 'Its copy could not be read either, so numbering continues from the highest number still in the queue; should sent reports have used higher numbers, the collector sees those numbers again and cannot count lost reports until they are passed.',
  },
  identityDamaged: {
    ja: '{file} が壊れているため（{problem}）、この PC の署名鍵を読めません。鍵がなければこの PC の名前でレポートを送れないため、新しい端末として登録し直してください: {command}（コレクターには新しい端末として表示され、これまでの端末は報告が途絶えます）。壊れたファイルは調査のため、登録し直すまでそのまま残します。',
    en: "{file} is damaged ({problem}): this PC's signing key cannot be read, and without it nothing can be sent in this PC's name. Enroll it again as a new device: {command} (the collector shows it as a new device; the old entry stops reporting). The damaged file stays as it is, for inspection, until then.",
  },
  configDamaged: {
    ja: '{file} を読めません（{problem}）。{ "collector": "https://…", "enrollSecret": "…" } の形に直すか、配布し直してください。',
    en: '{file} cannot be used ({problem}): correct it to { "collector": "https://…", "enrollSecret": "…" } or deploy it again.',
  },
  configTooOpen: {
    ja: '{file} は登録シークレットを含むのに、所有者以外も読み取りや書き込みができます（モード {mode}）。このシークレットがあれば誰でも端末を登録できるため、使わずに止めます。次を実行してから、コレクターで登録シークレットを変更（tenken collector enroll-secret --rotate）して配り直してください: {fix}',
    en: '{file} holds the enroll secret but others than its owner may read or change it (mode {mode}); with that secret anyone can enroll devices, so tenken does not use it. Run {fix}, then rotate the secret on the collector (tenken collector enroll-secret --rotate) and deploy the new one.',
  },
  configLeftOpen: {
    ja: '{file} には登録シークレットが残っていて、所有者以外も読み取りや書き込みができます（モード {mode}）。この PC は登録済みのため、このファイルはもう使いません。削除するか、次を実行してください: {fix}。ほかの人に読まれたおそれがあるため、コレクターで登録シークレットを変更してください（tenken collector enroll-secret --rotate）。',
    en: '{file} still holds the enroll secret, and others than its owner may read or change it (mode {mode}). This PC is enrolled and no longer uses the file: delete it, or run {fix}. Others may have read the secret: rotate it on the collector (tenken collector enroll-secret --rotate).',
  },
  configWrongOwner: {
    ja: '{file} の所有者が管理者 (root) ではありません（uid {uid}）。所有者はこのファイルを書き換えて、レポートの送信先を変えられるため、使わずに止めます。次を実行してください: {fix}',
    en: '{file} is not owned by root (uid {uid}): its owner could change where reports go, so tenken does not use it. Run: {fix}',
  },
} as const satisfies Record<string, Localized>;
