/** Why a fact of the os-updates probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const OS_UPDATES_REASONS = {
  'eol.not-in-data': t<{ id: string }>(
    (p) => `${p.id} は tenken に同梱のサポート期限データ（endoflife.date）にありません`,
    (p) => `${p.id} is not in the bundled endoflife.date data`,
  ),
  'eol.cycle-not-in-data': t<{ release: string; product: string }>(
    (p) => `${p.release} は tenken に同梱のサポート期限データ（endoflife.date の ${p.product}）にないリリースです`,
    (p) => `${p.release} is not a release cycle in the bundled endoflife.date data (${p.product})`,
  ),
  'eol.support-end-not-date': t<{ value: string }>((p) => `os-release の SUPPORT_END が日付ではありません（「${p.value}」）`, (p) => `os-release SUPPORT_END is not a date: "${p.value}"`),
  'eol.no-end-date': t<{ release: string }>((p) => `endoflife.date に ${p.release} のサポート終了日がありません`, (p) => `endoflife.date gives no end date for ${p.release}`),
  'eol.no-extended': t<{ release: string }>((p) => `endoflife.date には ${p.release} の延長サポートがありません`, (p) => `endoflife.date lists no extended support for ${p.release}`),
  'eol.no-esu': t<{ release: string }>(
    (p) => `endoflife.date には ${p.release} の拡張セキュリティ更新（ESU）がありません`,
    (p) => `endoflife.date lists no Extended Security Updates for ${p.release}`,
  ),
  'eol.unknown': t((_) => 'サポート終了日がわかりません', (_) => 'no support end date is known'),
  'eol.macos-no-extended': t((_) => 'Apple は macOS の延長サポートを提供していません', (_) => 'Apple offers no extended support for macOS'),
  'eol.macos-no-end': t<{ cycle: string; newer: string }>(
    (p) => `Apple はセキュリティ更新の終了を告知しません。macOS ${p.cycle} は tenken に同梱のデータに終了日がなく、これより新しいメジャーリリースは ${p.newer} 個です（Apple は通常、最新の 3 つを更新します）`,
    (p) => `Apple announces no end of security updates; macOS ${p.cycle} has no end date in the bundled endoflife.date data and ${p.newer} newer major release(s) (Apple usually updates the latest three)`,
  ),
  'eol.no-codename': t((_) => '同梱のデータにコードネームがありません', (_) => 'no codename in the bundled data'),
  'softwareupdate.never-checked': t(
    (_) => 'ソフトウェアアップデートに RecommendedUpdates の一覧がありません。この Mac ではまだ確認が完了していません',
    (_) => 'Software Update has no RecommendedUpdates list: it has not completed a check on this Mac',
  ),
  'softwareupdate.security-unknown': t<{ updates: readonly string[] }>(
    (p) => `Apple のカタログには、保留中の更新（${p.updates.join('、')}）のどれがセキュリティ修正を含むかが示されていません`,
    (p) => `Apple's catalogue does not say which of the pending updates carry security fixes: ${p.updates.join(', ')}`,
  ),
  'softwareupdate.no-full-check': t(
    (_) => 'LastFullSuccessfulDate がありません。ソフトウェアアップデートはまだ完全な確認を終えていません',
    (_) => 'no LastFullSuccessfulDate: Software Update has not completed a full check',
  ),
  'softwareupdate.no-install': t(
    (_) => 'InstallHistory.plist に、softwareupdated による（構成データ以外の）インストールの記録がありません',
    (_) => 'InstallHistory.plist holds no install by softwareupdated other than configuration data',
  ),
  'softwareupdate.mdm-declarations': t<{ major: number; enrolled: 'yes' | 'unknown' }>(
    (p) =>
      `macOS ${p.major} はソフトウェアアップデートの設定を MDM の宣言から受け取りますが、Apple はその保存場所を公開していません。${p.enrolled === 'yes' ? 'この Mac は MDM に登録されているため、この PC の設定が実際に適用されているとは限りません' : 'この Mac が MDM に登録されているかどうかも読み取れませんでした（profiles status -type enrollment）'}`,
    (p) =>
      `macOS ${p.major} takes software-update settings from an MDM's declarations (the com.apple.SoftwareUpdate profile payload is deprecated since 26) and Apple does not document where it keeps them${p.enrolled === 'yes' ? '; this Mac is enrolled in an MDM, so the local switches may not be what it enforces' : ', and whether this Mac is enrolled in an MDM could not be read (profiles status -type enrollment)'}`,
  ),
  'softwareupdate.no-restart-record': t(
    (_) => 'macOS は再起動待ちの更新を読み取れる形で記録しません（再起動が必要な更新は再起動中にインストールされます）',
    (_) => 'macOS records no pending restart that can be read; updates needing a restart install during it',
  ),
  'eol.windows-edition-unknown': t<{ release: string }>(
    (p) => `${p.release}: このエディションのサポート期限は、同梱のデータでは区別できません`,
    (p) => `${p.release}: the edition is not one whose support dates the bundled data distinguishes`,
  ),
  'windows.esu-not-read': t(
    (_) => '拡張セキュリティ更新（ESU）の登録状況はこの PC から読み取らないため、セキュリティ更新は通常サポートの終了とともに終わるものとみなします',
    (_) => 'Extended Security Updates enrolment is not read from this PC; security updates are taken to end with standard support',
  ),
  'windows.service-missing': t<{ name: string }>((p) => `サービス ${p.name} がインストールされていません`, (p) => `the ${p.name} service is not installed`),
  'wua.search-timed-out': t<{ seconds: number }>(
    (p) => `Windows Update の更新プログラムの検索が ${p.seconds} 秒以内に終わりませんでした`,
    (p) => `the Windows Update Agent search did not finish within ${p.seconds} s`,
  ),
  'wua.search-failed': t((_) => 'Windows Update の更新プログラムの検索に失敗しました', (_) => 'the Windows Update Agent search failed'),
  'wua.search-result': t<{ code: number }>(
    (p) => `Windows Update の更新プログラムの検索が結果コード ${p.code} で終わりました`,
    (p) => `the Windows Update Agent search ended with result code ${p.code}`,
  ),
  'wua.never-searched': t((_) => 'Windows Update はまだ一度も検索に成功していません', (_) => 'Windows Update has never searched successfully'),
  'wua.history-unreadable': t((_) => 'Windows Update の履歴を読み取れませんでした', (_) => 'the Windows Update history could not be read'),
  'wua.no-quality-install': t<{ total: number }>(
    (p) => `Windows Update の履歴（${p.total} 件）に、ウイルス定義ファイルの更新以外で成功したインストールがありません`,
    (p) => `the Windows Update history (${p.total} entries) holds no successful install other than definition updates`,
  ),
  'updates.chain-unknown': t(
    (_) => '自動更新の仕組みの一部が確認できません（ほかの理由を参照してください）',
    (_) => 'a link of the automatic-update chain is unknown (see the other reasons)',
  ),
  'updates.no-systemd': t(
    (_) => 'systemd が動作していない（/run/systemd/system がない）ため、更新用のタイマーは動きません。cron が代わりに実行するかどうかは確認していません',
    (_) => 'systemd is not the running init (no /run/systemd/system), so its update timers do not fire; whether cron runs the job instead is not checked',
  ),
  'apt.security-suite-unnamed': t<{ version: string }>(
    (p) => `Debian ${p.version} はセキュリティ更新を通常の更新と同じアーカイブ名で配布するため、apt list --upgradable では区別できません`,
    (p) => `Debian ${p.version} publishes security updates in <codename>/updates under the release's own archive name, which apt list --upgradable does not tell apart from other updates`,
  ),
  'apt.no-lists': t(
    (_) => '/var/lib/apt/periodic/update-success-stamp も /var/lib/apt/lists もありません',
    (_) => 'neither /var/lib/apt/periodic/update-success-stamp nor /var/lib/apt/lists exists',
  ),
  'apt.no-history': t(
    (_) => '読み取れる apt の履歴ログ（/var/log/apt/history.log、history.log.1）がありません',
    (_) => 'no readable apt history log (/var/log/apt/history.log, history.log.1)',
  ),
  'apt.no-install-in-history': t(
    (_) => 'apt の履歴ログ（圧縮されていないもの）に、成功したインストールや更新がありません',
    (_) => 'the uncompressed apt history logs hold no successful install or upgrade',
  ),
  'apt.no-utc-offset': t<{ time: string }>(
    (p) => `現地時刻と UTC の差を読み取れないため、apt のタイムゾーンなしの時刻 ${p.time} を確定できません`,
    (p) => `could not read the local UTC offset to place apt's zone-less time ${p.time}`,
  ),
  'apt.unattended-unknown': t(
    (_) => 'dpkg-query から unattended-upgrades がインストールされているかどうかわかりませんでした',
    (_) => 'dpkg-query could not tell whether unattended-upgrades is installed',
  ),
  'dnf.not-asked': t((_) => 'dnf check-update が成功しなかったため、確認していません', (_) => 'not asked: dnf check-update did not succeed'),
  'dnf.cache-age-not-read': t(
    (_) => 'dnf のメタデータキャッシュの古さは確認していません。件数はキャッシュを最後に更新した時点のものです',
    (_) => 'the age of the dnf metadata cache is not read; counts come from the cache as of its last refresh',
  ),
  'dnf.timer-unknown': t((_) => 'dnf-automatic のタイマーの状態がわかりません', (_) => 'a dnf-automatic timer state is unknown'),
  'updates.no-package-manager': t(
    (_) => '対応しているパッケージ管理ツール（apt、dnf）がインストールされていません',
    (_) => 'no supported package manager (apt, dnf) is installed',
  ),
  'os-release.missing': t((_) => '/etc/os-release も /usr/lib/os-release もありません', (_) => 'neither /etc/os-release nor /usr/lib/os-release exists'),
};
