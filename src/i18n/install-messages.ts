/** What `tenken install` and `tenken uninstall` say to people, in Japanese and English. `{name}` placeholders are filled with fill(). */
export const INSTALL_MESSAGES = {
  noCollector: {
    ja: 'コレクターのアドレスを --collector で指定してください (例: --collector https://collector.example --secret 登録シークレット)',
    en: 'give the collector with --collector (e.g. --collector https://collector.example --secret SECRET)',
  },
  noSecret: {
    ja: '登録シークレットが空です。--secret でコレクターの管理者から受け取ったものを指定してください',
    en: "the enroll secret is empty; give it with --secret (the collector's administrator has it)",
  },
  twoCas: {
    ja: '--ca-file と --ca-fingerprint はどちらか一方だけを指定してください',
    en: 'give either --ca-file or --ca-fingerprint, not both',
  },
  caFileUnreadable: { ja: 'CA 証明書ファイル {file} を読めません: {reason}', en: 'cannot read the CA certificate file {file}: {reason}' },
  badFingerprint: {
    ja: 'CA のフィンガープリント "{fingerprint}" の形式が正しくありません。sha256: に続く 16 進数 64 桁で指定してください（コレクターの「PCを追加」ページに表示されます）',
    en: 'the CA fingerprint "{fingerprint}" is not sha256: followed by 64 hex digits (the collector\'s "Add PCs" page shows it)',
  },
  configWritten: { ja: '設定を {file} に保存しました (コレクター {collector})。', en: 'Saved the configuration to {file} (collector {collector}).' },
  configKept: { ja: '{file} の設定をそのまま使います (コレクター {collector})。', en: 'Kept the configuration in {file} (collector {collector}).' },
  enrolled: { ja: 'コレクターに端末 {device} として登録しました。', en: 'Enrolled with the collector as device {device}.' },
  alreadyEnrolled: { ja: 'この PC は登録済みです (端末 {device})。', en: 'This PC is already enrolled (device {device}).' },
  enrollLater: {
    ja: '今はコレクターに接続できないため登録できませんでした: {reason}\n最初の定期診断 (tenken scan --send) が {file} の設定で登録を再試行します。結果はそのログと tenken schedule status で確認できます。',
    en: 'Could not enroll now, the collector cannot be reached: {reason}\nThe first scheduled scan (tenken scan --send) enrolls with {file}; its log and tenken schedule status show how that went.',
  },
  stillEnrolledElsewhere: {
    ja: '注意: 新しいコレクターに登録できるまで、この PC は {collector} に登録されたままで、定期診断の結果もそちらに送られます。接続できるようになったら tenken install を再度実行してください。',
    en: 'Note: until it enrolls with the new collector, this PC stays enrolled with {collector} and the scheduled scans report there; run tenken install again once the new one can be reached.',
  },
  notEnrolled: {
    ja: 'インストールしましたが、コレクターが指定されていないため登録していません。定期診断の結果はこの PC に保存されます。登録するには: {command}',
    en: 'Installed, not enrolled: no collector was given, so the scheduled scans keep their reports on this PC. To enroll: {command}',
  },
  aclFailed: {
    ja: '注意: {dir} を SYSTEM と Administrators だけが読めるように設定できませんでした（{reason}）。登録シークレットと端末の鍵を守るため、README の icacls コマンドで設定してください。',
    en: 'Note: could not limit {dir} to SYSTEM and Administrators ({reason}); set it with the icacls command in the README, since it holds the enroll secret and the device key.',
  },
  done: { ja: 'tenken のインストールが完了しました。', en: 'tenken is installed.' },
  purged: { ja: 'この PC の登録情報と状態 ({dir}、{file}) を削除しました。', en: "Removed this PC's identity and state ({dir}, {file})." },
  keptIdentity: {
    ja: 'この PC の登録情報 ({dir}) は残してあります。再インストールすると同じ端末として続けます (削除するには --purge)。',
    en: "This PC's identity ({dir}) was kept: a reinstall carries on as the same device (--purge removes it).",
  },
} as const;
