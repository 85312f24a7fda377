/** Why a fact of the antivirus probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const ANTIVIRUS_REASONS = {
  'antivirus.none-found': t((_) => 'ウイルス対策ソフトが見つかりません', (_) => 'no anti-malware product was found'),
  'antivirus.several-products': t<{ count: number }>(
    (p) => `ウイルス対策ソフトが ${p.count} 個見つかりましたが、どれもリアルタイム保護をしていないため、この PC を代表するものを決められません`,
    (p) => `${p.count} products were found and none scans on access, so none speaks for the machine`,
  ),
  'antivirus.realtime-unknown': t<{ products: readonly string[] }>(
    (p) => `リアルタイム保護をしているソフトは確認できず、${p.products.map((x) => `「${x}」`).join('、')}についてはわかりません`,
    (p) => `no product is known to scan on access, and for ${p.products.join(', ')} it is unknown`,
  ),
  'antivirus.signatures-unknown': t<{ product: string }>((p) => `「${p.product}」のウイルス定義ファイルの日付がわかりません`, (p) => `${p.product}: signature date unknown`),
  'antivirus.no-status-interface': t<{ product: string }>(
    (p) => `tenken は「${p.product}」の状態を読み取れません（読み取る方法が公開されていません）`,
    (p) => `tenken reads no status interface of ${p.product}`,
  ),
  'antivirus.no-scan-history': t<{ product: string }>((p) => `tenken は「${p.product}」のスキャン履歴を読み取れません`, (p) => `tenken reads no scan history of ${p.product}`),
  'antivirus.no-detection-list': t<{ product: string }>((p) => `tenken は「${p.product}」の検出一覧を読み取れません`, (p) => `tenken reads no detection list of ${p.product}`),
  'antivirus.no-full-scan': t<{ product: string }>((p) => `「${p.product}」にフルスキャンの記録がありません`, (p) => `${p.product} records no full scan`),
  'antivirus.no-detections-reported': t<{ product: string }>((p) => `「${p.product}」は検出状況を報告していません`, (p) => `${p.product} reports no detections`),
  'antivirus.windows-none-visible': t<{ defender: 'not-running' | 'unreadable' }>(
    (p) => `Windows セキュリティ センターを照会できず、Microsoft Defender も${p.defender === 'not-running' ? '動作していない' : '読み取れない'}ため、ウイルス対策ソフトを確認できません`,
    (p) => `Security Center could not be queried and Defender ${p.defender === 'not-running' ? 'is not running' : 'could not be read either'}, so no product can be seen`,
  ),
  'antivirus.wsc-no-scan-time': t<{ product: string }>(
    (p) => `「${p.product}」は Microsoft Defender ではないため、最後にフルスキャンを終えた日時を Windows セキュリティ センターから知ることができません`,
    (p) => `${p.product} is not Microsoft Defender: Security Center does not say when it last completed a full scan`,
  ),
  'wsc.query-failed': t((_) => 'Windows セキュリティ センター（root/SecurityCenter2）を照会できませんでした', (_) => 'Security Center (root/SecurityCenter2) could not be queried'),
  'wsc.no-vendor': t((_) => 'Windows セキュリティ センターは製品の提供元を示しません', (_) => 'Security Center does not name the vendor'),
  'wsc.no-service-state': t(
    (_) => 'Windows セキュリティ センターが報告するのは製品の保護状態で、サービスの状態ではありません',
    (_) => 'Security Center reports the product’s protection state, not its service',
  ),
  'wsc.signatures-state-only': t<{ state: 'up-to-date' | 'out-of-date' | 'unknown' }>(
    (p) => `Windows セキュリティ センターはウイルス定義ファイルが最新かどうか（${{ 'up-to-date': '最新', 'out-of-date': '古い', unknown: '不明' }[p.state]}）だけを報告し、日付は報告しません`,
    (p) => `Security Center reports only whether the signatures are up to date (${p.state.replaceAll('-', ' ')}), not their date`,
  ),
  'wsc.expired': t((_) => 'Windows セキュリティ センターはこの製品を期限切れと報告しています', (_) => 'Security Center reports the product as expired'),
  'wsc.unknown-state': t<{ productState: number }>((p) => `productState ${p.productState} は未知の状態です`, (p) => `productState ${p.productState} has an unknown state`),
  'defender.unknown-mode': t<{ mode: string }>((p) => `Microsoft Defender が未知の動作モード「${p.mode}」を報告しています`, (p) => `Defender reports an unknown running mode "${p.mode}"`),
  'defender.no-signatures': t(
    (_) => 'Microsoft Defender がウイルス定義ファイルの更新日時を報告していません（ウイルス定義ファイルが読み込まれていません）',
    (_) => 'Defender reports no signature update time (it has no signatures loaded)',
  ),
  'defender.never-full-scan': t((_) => 'Microsoft Defender はフルスキャンを一度も完了していません', (_) => 'Defender has never completed a full scan (FullScanAge 4294967295)'),
  'antivirus.extension-state': t<{ product: string; state: string }>(
    (p) => `tenken は「${p.product}」の状態を読み取れません（エンドポイントセキュリティのシステム拡張は「${p.state}」です）`,
    (p) => `tenken reads no status interface of ${p.product}; its endpoint-security extension is ${p.state}`,
  ),
  'xprotect.no-scan': t(
    (_) => 'XProtect はアプリの起動時と変更時に検査する仕組みで、フルスキャンはなく、その記録もありません',
    (_) => 'XProtect scans apps on launch and on change; it has no full scan and keeps no record of one',
  ),
  'xprotect.no-service': t(
    (_) => 'XProtect は macOS の一部として必要なときに動く（XprotectService）ため、確認できる独立したサービスがありません',
    (_) => 'XProtect is part of macOS and runs on demand (XprotectService); there is no service of its own to query',
  ),
  'xprotect.none-visible': t(
    (_) => 'XProtect が見つからず、システム拡張の一覧も読み取れないため、ウイルス対策ソフトを確認できません',
    (_) => 'no XProtect bundle was found, and the system extensions could not be listed',
  ),
  'xprotect.no-install-record': t<{ name: string; version: string }>(
    (p) => `${p.name} ${p.version} のインストール記録もファイルの日時もありません`,
    (p) => `no ${p.name} ${p.version} install record and no file time`,
  ),
  'clamav.not-installed': t(
    (_) => 'ClamAV がインストールされていません（clamscan も clamd も見つかりません）',
    (_) => 'ClamAV is not installed (neither clamscan nor clamd was found)',
  ),
  'clamav.database-directory-unknown': t((_) => 'ウイルス定義ファイルの保存場所がわかりません', (_) => 'the database directory is unknown'),
  'clamav.no-signatures': t<{ dir: string }>(
    (p) => `${p.dir} にウイルス定義ファイル（daily.cld または daily.cvd）がありません。freshclam がまだダウンロードしていません`,
    (p) => `no daily.cld or daily.cvd in ${p.dir}: freshclam has not downloaded signatures`,
  ),
  'clamav.database-empty': t<{ file: string }>(
    (p) => `ウイルス定義ファイル ${p.file} が空です（ダウンロードや更新が途中で止まったようです）`,
    (p) => `${p.file} is empty (an interrupted download or update)`,
  ),
  'clamav.database-no-header': t<{ file: string }>((p) => `${p.file} に ClamAV のウイルス定義ファイルの見出しがありません`, (p) => `${p.file} has no ClamAV-VDB header`),
  'clamav.no-build-time': t((_) => 'ウイルス定義ファイルの見出しに作成日時がありません', (_) => 'the daily database header has no readable build time'),
  'clamav.no-scan-record': t(
    (_) => 'ClamAV はスキャンの完了を記録しません（clamd は検出だけを記録します）。`sudo tenken fix --yes clamav-scan` でディスク全体（/）をスキャンすると、その記録が残ります',
    (_) =>
      'ClamAV keeps no record of completed scans (clamd logs detections only, clamscan only where a --log file was given); a full scan of / with `sudo tenken fix --yes clamav-scan` records one',
  ),
  'clamav.scan-record-invalid': t<{ path: string }>((p) => `${p.path} は tenken のスキャン記録として読み取れません`, (p) => `${p.path} is not a tenken scan record`),
  'clamav.scan-not-full': t<{ folders: readonly string[] }>(
    (p) => `tenken が最後に実行した ClamAV のスキャンは ${p.folders.join('、')} が対象で、ディスク全体（/）ではありません`,
    (p) => `the last ClamAV scan tenken ran covered ${p.folders.join(', ')}, not the whole disk (/)`,
  ),
  'clamav.scan-failed': t<{ at: string }>((p) => `最後の ClamAV のフルスキャン（${p.at}）はエラーで終わりました`, (p) => `the last full ClamAV scan (${p.at}) ended in an error`),
  'clamav.scan-no-count': t((_) => 'スキャンの記録に感染ファイルの数がありません', (_) => 'the scan record does not say how many files were infected'),
};
