/**
 * The collector's web dashboard in Japanese and English (src/collector/dashboard/). Kept beside messages.ts,
 * whose labels (check statuses, 自社診断 answers, guideline statuses) the dashboard reuses. `{name}`
 * placeholders are filled by src/selfcheck/text.ts `fill`, then escaped like any other text.
 */
import type { Localized } from '../report/vocabulary.ts';

export const DASHBOARD_MESSAGES = {
  product: { ja: 'tenken 管理画面', en: 'tenken collector' },
  navFleet: { ja: '全体の状況', en: 'Fleet' },
  navDevices: { ja: '端末', en: 'Devices' },
  navSelfcheck: { ja: '自社診断の回答案', en: 'Self-check answers' },
  navAddPcs: { ja: 'PCを追加', en: 'Add PCs' },
  logout: { ja: 'ログアウト', en: 'Log out' },
  language: { ja: '表示言語', en: 'Language' },
  skipToContent: { ja: '本文へ移動', en: 'Skip to content' },

  loginTitle: { ja: 'ログイン', en: 'Log in' },
  loginName: { ja: '管理者名', en: 'Administrator name' },
  loginPassword: { ja: 'パスワード', en: 'Password' },
  loginSubmit: { ja: 'ログイン', en: 'Log in' },
  loginError: { ja: '管理者名またはパスワードが違います。', en: 'Wrong name or password.' },
  loginFirstTime: { ja: '初めて使うとき', en: 'First time?' },
  loginHowToAdd: {
    ja: '管理者は、コレクターを動かしているサーバーで次のコマンドを実行して作成します（パスワードを尋ねられます）。初期パスワードはありません。',
    en: 'Create an administrator on the server the collector runs on with this command (it asks for the password). There is no default password.',
  },

  fleetTitle: { ja: '全体の状況', en: 'Fleet overview' },
  fleetIntro: {
    ja: '各端末の最新のレポート（プロファイル「{profile}」）を、IPA の「5分でできる！情報セキュリティ自社診断」と「情報セキュリティ5か条」の項目ごとに数えています。',
    en: 'The newest report of each device (profile "{profile}") counted against the items of IPA\'s 5-minute self-check and the five principles of information security.',
  },
  generatedAt: { ja: '集計日時', en: 'Counted at' },
  profileSelect: { ja: 'プロファイル', en: 'Profile' },
  show: { ja: '表示', en: 'Show' },
  devicesHeading: { ja: '端末の数', en: 'Devices' },
  total: { ja: '登録済み', en: 'Enrolled' },
  reporting: { ja: '報告あり', en: 'Reporting' },
  silent: { ja: '報告が途絶えた', en: 'Gone silent' },
  neverReported: { ja: '報告なし（未報告）', en: 'Never reported' },
  byResult: { ja: '最新レポートの結果', en: 'Result of the newest report' },
  chartLabel: { ja: '{catalog}: 項目ごとの端末数（積み上げ棒グラフ。同じ数を下の表に示します）', en: '{catalog}: devices per item (stacked bars; the table below has the same numbers)' },
  item: { ja: '項目', en: 'Item' },
  itemNo: { ja: 'No.', en: 'No.' },
  notCharted: { ja: 'どの端末からもデータがない項目（グラフには含めず、表に示します）: {items}', en: 'Items no device has data for (in the table, not charted): {items}' },
  noItems: { ja: 'この項目の集計はまだありません。', en: 'Nothing counted for these items yet.' },
  checksHeading: { ja: 'チェックごとの結果', en: 'Results per check' },
  check: { ja: 'チェック', en: 'Check' },
  noDevicesYet: {
    ja: 'まだ端末が登録されていません。各端末で tenken enroll を実行してください。',
    en: 'No device has enrolled yet. Run tenken enroll on each PC.',
  },

  // The item statuses themselves are GUIDELINE_STATUS_LABEL (messages.ts), the words of every view.
  noData: { ja: 'データなし', en: 'No data' },

  devicesTitle: { ja: '端末', en: 'Devices' },
  filterAll: { ja: 'すべて', en: 'All' },
  filterSilent: { ja: '報告が途絶えた端末', en: 'Gone silent' },
  filterFailing: { ja: '対処が必要な端末', en: 'Failing' },
  search: { ja: 'ホスト名で検索', en: 'Search hostnames' },
  searchSubmit: { ja: '検索', en: 'Search' },
  hostname: { ja: 'ホスト名', en: 'Hostname' },
  status: { ja: '状態', en: 'Status' },
  lastReport: { ja: '最終報告', en: 'Last report' },
  os: { ja: 'OS', en: 'OS' },
  failingChecks: { ja: '不合格のチェック', en: 'Failing checks' },
  moreChecks: { ja: 'ほか {count} 件', en: '{count} more' },
  undecidedChecks: { ja: '判定できなかったチェック', en: 'Undecided checks' },
  notes: { ja: '注意', en: 'Notes' },
  silentBadge: { ja: '報告途絶', en: 'Silent' },
  silentExplain: {
    ja: '予定の間隔の 2 倍（スケジュールがなければ 48 時間）を過ぎても報告がありません。',
    en: 'No report within twice its schedule (48 hours when it has none).',
  },
  neverBadge: { ja: '未報告', en: 'Never reported' },
  sharedHints: { ja: '他の端末とハードウェア情報が共通: {hints}', en: 'Shares hardware hints with another device: {hints}' },
  sharedHintsExplain: {
    ja: '複製（クローン）された PC か、再インストールして登録し直した PC の可能性があります。',
    en: 'A cloned PC, or one re-installed and enrolled again.',
  },
  sequenceGaps: { ja: '届いていないレポート: {count} 件', en: 'Reports that never arrived: {count}' },
  revokedBadge: { ja: '登録取り消し済み', en: 'Revoked' },
  revokedExplain: {
    ja: 'この端末からの報告は受け付けません。戻すときは tenken collector device allow-reenroll を実行してから、その PC で登録し直してください。',
    en: 'Its reports are refused. To let it back, run tenken collector device allow-reenroll, then enroll that PC again.',
  },
  keyReplaced: { ja: '鍵が交換されました:', en: 'Key replaced:' },
  keyReplacedExplain: {
    ja: 'この端末は新しい鍵で登録し直しました。心当たりがなければ、端末のページで鍵の履歴を確かめてください。',
    en: 'This device enrolled again with a new key. If nobody expected that, check the key history on its page.',
  },
  clockAhead: { ja: '時計が {duration} 進んでいます', en: 'Clock ahead by {duration}' },
  clockAheadExplain: {
    ja: '最新のレポートの終了時刻が、コレクターが受け取った時刻より後でした。受け取った時刻に終わったものとして扱っています。PC の時刻設定を確かめてください。',
    en: "Its newest report says the scan ended after the collector received it; it is counted as ended on arrival. Check the PC's clock.",
  },
  keysHeading: { ja: '鍵の履歴', en: 'Key history' },
  keyRegistered: { ja: '登録日時', en: 'Registered' },
  keyIdLabel: { ja: '鍵 ID', en: 'Key id' },
  keyHow: { ja: '受け付けた理由', en: 'Accepted because' },
  noDevicesMatch: { ja: '条件に合う端末はありません。', en: 'No device matches.' },
  pageOf: { ja: '{from}〜{to} 件目（全 {total} 件）', en: '{from}–{to} of {total}' },
  previous: { ja: '前へ', en: 'Previous' },
  next: { ja: '次へ', en: 'Next' },

  deviceTitle: { ja: '端末の履歴', en: 'Device history' },
  deviceNotFound: { ja: 'その端末は登録されていません。', en: 'There is no such device.' },
  platform: { ja: 'プラットフォーム', en: 'Platform' },
  agentVersion: { ja: 'tenken のバージョン', en: 'tenken version' },
  enrolledAt: { ja: '登録日時', en: 'Enrolled' },
  lastScan: { ja: '最終点検', en: 'Last scan' },
  schedule: { ja: '定期点検の間隔', en: 'Scheduled every' },
  notScheduled: { ja: 'スケジュールなし', en: 'not scheduled' },
  deviceId: { ja: '端末 ID', en: 'Device id' },
  reportsHeading: { ja: '点検の履歴（新しい順）', en: 'Scans, newest first' },
  gatesHeading: { ja: 'テレワーク復帰チェックの判定', en: 'Telework-return check decisions' },
  noGates: { ja: 'テレワーク復帰チェック（telework-return）の判定はまだありません。', en: 'No telework-return check decision yet.' },
  noReports: { ja: 'この端末からのレポートはまだありません。', en: 'This device has not reported yet.' },
  received: { ja: '受信', en: 'Received' },
  scanned: { ja: '点検日時', en: 'Scanned' },
  result: { ja: '結果', en: 'Result' },
  gate: { ja: '判定', en: 'Decision' },
  counts: { ja: '件数', en: 'Counts' },
  sequence: { ja: '通番', en: 'Sequence' },
  changes: { ja: '前回からの変化', en: 'Changed since the previous scan' },
  firstOfProfile: { ja: 'このプロファイルで最初のレポート', en: 'first report of this profile' },
  noChanges: { ja: '変化なし', en: 'no change' },
  absent: { ja: '（なし）', en: '(none)' },
  gapBefore: { ja: 'この前に届いていないレポートが {count} 件あります（通番 {range}）', en: '{count} report(s) before this one never arrived (sequence {range})' },

  selfcheckTitle: { ja: '自社診断の回答案（端末全体）', en: 'Self-check: suggested answers across the fleet' },
  selfcheckIntro: {
    ja: 'IPA「5分でできる！情報セキュリティ自社診断」の 25 項目のうち、端末の点検結果から回答を提案できる項目について、各端末の提案を数えています。組織としての自社診断シートを記入するときの参考にしてください。',
    en: "For the items of IPA's 5-minute self-check that a device scan can evidence, how many devices suggest each answer. Use it when you fill in your organisation's own sheet.",
  },
  selfcheckNoTotal: {
    ja: 'tenken は合計点を出しません。回答するのは組織です。端末から確認できない項目（ルールや教育など）も含め、各項目の回答は組織として決めてください。',
    en: 'tenken never claims a total: the organisation answers. Decide each answer yourselves, including the items no device can show (rules, training and so on).',
  },
  selfcheckPoints: {
    ja: '配点: 実施している 4 点 / 一部実施している 2 点 / 実施していない 0 点 / わからない −1 点（25 項目、100 点満点）',
    en: 'Points: implemented 4 / partly implemented 2 / not implemented 0 / don\'t know −1 (25 items, 100 at most)',
  },
  selfcheckCli: {
    ja: '1 台の端末で質問に答えながら記入するには: tenken selfcheck',
    en: 'To answer the questions on one PC: tenken selfcheck',
  },
  officialSheet: { ja: 'IPA の公式の診断シートと解説編', en: "IPA's official sheet and explanations (Japanese)" },
  noSuggestion: { ja: '提案なし', en: 'no suggestion' },
  noSelfcheckData: { ja: 'まだ提案できるデータがありません。', en: 'No suggestions yet.' },


  // Fleet page: tiles that add up, and every count a link.
  noReportOfProfile: { ja: 'このプロファイルのレポートなし', en: 'No report of this profile' },
  tilesAddUp: {
    ja: '登録済みの {total} 台は、最新レポートの結果ごとの台数と「このプロファイルのレポートなし」の合計です。',
    en: 'The {total} enrolled devices are the devices per result of their newest report plus those with no report of this profile.',
  },
  countLink: { ja: '{item}: {state} の端末 {count} 台', en: '{item}: {count} devices {state}' },
  exportMatrix: { ja: '項目 × 端末の表を CSV で保存（Excel 用）', en: 'Save the item × device table as CSV (for Excel)' },
  navTelework: { ja: 'テレワーク復帰チェック', en: 'Telework-return check' },
  devicesInState: { ja: '「{state}」の端末', en: 'Devices: {state}' },
  resultFilter: { ja: '最新レポート（{profile}）の結果: {result}', en: 'Newest {profile} report: {result}' },
  checkFilter: { ja: '最新レポート（{profile}）の「{check}」: {status}', en: 'Newest {profile} report, "{check}": {status}' },
  checkCountLink: { ja: '「{check}」が{status}の端末 {count} 台', en: '{count} devices, "{check}": {status}' },
  clearFilter: { ja: '条件を外す', en: 'Clear the filter' },

  // Item page.
  itemTitle: { ja: '{catalog} No.{item}', en: '{catalog} No.{item}' },
  itemNotFound: { ja: 'その IPA 項目はありません。', en: 'There is no such IPA item.' },
  itemAdvice: { ja: '対策の例', en: 'What to do' },
  itemChecks: { ja: 'この項目を確かめるチェック', en: 'Checks that evidence this item' },
  itemChecksNone: { ja: 'この項目を確かめるチェックの結果はまだありません（端末からは確認できない項目かもしれません）。', en: 'No check result evidences this item yet (devices may not be able to show it).' },
  roleMain: { ja: '主な対策', en: 'main measure' },
  roleSupplementary: { ja: '補助的な対策', en: 'supplementary measure' },
  itemStates: { ja: '状態ごとの端末', en: 'Devices per state' },
  itemDevicesNone: { ja: 'この状態の端末はありません。', en: 'No device is in this state.' },
  whyState: { ja: 'この状態の理由', en: 'Why' },
  rollupWords: {
    ja: '状態は各端末のレポートが判定したものです（主な対策が不合格なら「実施していない」、主な対策が合格で補助的な対策が不合格なら「一部実施している」）。',
    en: "Each state is the one the device's own report gave (a failing main measure: not implemented; main measures passing and a supplementary one failing: partly implemented).",
  },
  reportUnreadable: { ja: 'このレポートは表示できる形式ではありません。', en: 'This report is not in a form the dashboard can show.' },

  // Checks of a report.
  passedChecks: { ja: '合格・対象外のチェック（{count} 件）', en: 'Passed and not applicable checks ({count})' },
  itemsOfReport: { ja: 'IPA 項目ごとの状態（このレポートの判定）', en: "IPA items, as this report rolled them up" },
  reportChecks: { ja: 'チェックの結果（要対処のものから）', en: 'Check results, failing first' },
  reportOf: { ja: '{profile}の診断', en: '{profile} scan' },
  newestReport: { ja: '最新のレポート', en: 'newest report' },
  olderReport: { ja: '過去のレポートを表示しています。', en: 'You are looking at an older report.' },
  backToNewest: { ja: '最新のレポートに戻る', en: 'Back to the newest report' },
  observedVsExpected: { ja: '確認した値 / あるべき値', en: 'Observed / expected' },
  observedLabel: { ja: '確認した値', en: 'observed' },
  expectedLabel: { ja: 'あるべき値', en: 'expected' },
  reasonLabel: { ja: '理由', en: 'Reason' },
  fixLabel: { ja: '対処方法（この端末の OS）', en: 'How to fix (this OS)' },
  itemsLabel: { ja: '対応する IPA 項目', en: 'IPA items' },
  newlyFailing: { ja: '今回から不合格', en: 'newly failing' },
  fixed: { ja: '今回直った', en: 'fixed' },
  changedFrom: { ja: '前回: {status}', en: 'previously {status}' },
  openReport: { ja: '開く', en: 'Open' },
  reportNotFound: { ja: 'この端末にその ID のレポートはありません。', en: 'This device has no report with that id.' },
  policyOf: { ja: 'ポリシー', en: 'Policy' },

  // Telework-return view.
  teleworkTitle: { ja: 'テレワーク復帰チェック', en: 'Telework-return check' },
  teleworkIntro: {
    ja: '各端末の最新のテレワーク復帰チェックの判定です。接続不可の端末は、表の「対処が必要なチェック」を直してから社内ネットワークに接続します。',
    en: 'The newest telework-return decision of each device. A no-go device fixes the blocking checks before it reconnects to the office network.',
  },
  noDecision: { ja: '判定なし', en: 'No decision' },
  decidedAt: { ja: '判定日時', en: 'Decided at' },
  blockingChecks: { ja: '対処が必要なチェック', en: 'Blocking checks' },
  noTeleworkYet: { ja: 'まだどの端末もテレワーク復帰チェックを送っていません。', en: 'No device has sent a telework-return check yet.' },

  // Device lifecycle.
  lifecycleHeading: { ja: '端末の管理', en: 'Manage this device' },
  retireExplain: {
    ja: 'この端末を一覧と集計から外します。レポートの履歴は残ります。端末の認証トークンは使えなくなり、報告は受け付けなくなります（もう一度 tenken enroll すると戻ります）。',
    en: 'Takes this device out of the lists and the counts; its report history is kept. Its token stops working, so its reports are refused (enrolling it again brings it back).',
  },
  retireConfirm: { ja: '「{host}」の使用を終了することを確認しました', en: 'I confirm retiring "{host}"' },
  retireButton: { ja: '使用を終了する', en: 'Retire' },
  deleteExplain: {
    ja: 'この端末と、そのすべてのレポートを削除します。元に戻せません。だれがいつ削除したかは操作の記録に残ります。',
    en: 'Deletes this device and every report it sent. This cannot be undone; who deleted it and when stays in the audit log.',
  },
  deleteConfirm: { ja: '「{host}」とそのレポートをすべて削除することを確認しました', en: 'I confirm deleting "{host}" and all its reports' },
  deleteButton: { ja: '削除する', en: 'Delete' },
  revokeExplain: {
    ja: '盗まれた・なくした PC: 認証トークンをすぐに使えなくし、以後の報告を拒否します。その鍵で再登録することもできなくなります（戻すには tenken collector device allow-reenroll）。履歴は残ります。',
    en: 'A stolen or lost PC: its token stops working at once and its reports are refused; its key can no longer enroll it again (tenken collector device allow-reenroll lets it back). Its history is kept.',
  },
  revokeConfirm: { ja: '「{host}」の登録を取り消すことを確認しました', en: 'I confirm revoking "{host}"' },
  revokeButton: { ja: '登録を取り消す', en: 'Revoke' },
  retiredBadge: { ja: '使用終了', en: 'Retired' },
  retiredNote: { ja: 'この端末は {time} に使用を終了しました（一覧と集計に含まれません）。', en: 'This device was retired on {time} (left out of the lists and counts).' },
  filterRetired: { ja: '使用を終了した端末', en: 'Retired' },
  auditTitle: { ja: '操作の記録', en: 'Audit log' },
  deviceAuditHeading: { ja: '端末の使用終了・削除・登録取り消し', en: 'Devices retired, deleted or revoked' },
  auditLink: { ja: '操作の記録（端末の使用終了・削除、管理者の変更）', en: 'Audit log (devices retired or deleted, administrators changed)' },
  auditNone: { ja: 'まだ記録はありません。', en: 'Nothing recorded yet.' },
  adminAuditHeading: { ja: '管理者の追加・パスワード変更・削除', en: 'Administrators added, given a new password or removed' },
  adminAuditName: { ja: '管理者', en: 'Administrator' },
  auditWhen: { ja: '日時', en: 'When' },
  auditWho: { ja: '操作した人', en: 'Who' },
  auditWhat: { ja: '操作', en: 'What' },
  confirmMissing: { ja: '確認のチェックが入っていません。端末のページから、チェックを入れてもう一度送ってください。', en: 'The confirmation was not ticked. Tick it on the device page and send the form again.' },
  crossSite: { ja: 'ほかのサイトから送られたフォームは受け付けません。', en: 'A form sent from another site is refused.' },
  forbidden: { ja: '受け付けられません', en: 'Refused' },

  timeZoneNote: { ja: '時刻は {zone} で表示しています。', en: 'Times are shown in {zone}.' },
  addPcsTitle: { ja: 'PCを追加', en: 'Add PCs' },
  addPcsIntro: {
    ja: '社員の PC に tenken をインストールし、このコレクターに登録します。インストールすると、登録と毎日の定期診断の設定まで一度に行われます。下のコマンドは、この画面の値が入った状態でそのまま使えます。',
    en: 'Install tenken on the staff PCs and enroll them with this collector. Installing also enrolls the PC and schedules its daily scan, in one step. The commands below carry this page\'s values and can be used as they are.',
  },
  valuesHeading: { ja: '登録に使う値', en: 'What PCs enroll with' },
  collectorUrl: { ja: 'コレクターのアドレス', en: "Collector's address" },
  urlFromOption: { ja: '--public-url で指定されたアドレスです。', en: 'As given with --public-url.' },
  urlFromBrowser: {
    ja: 'このブラウザーが接続しているアドレスです。社員の PC から別の名前で届く場合は、コレクターを --public-url で起動してください。',
    en: 'The address this browser reached the collector at. If the staff PCs reach it by another name, start the collector with --public-url.',
  },
  urlFromListen: {
    ja: 'コレクターが待ち受けているアドレスから求めました。社員の PC から別の名前で届く場合は、コレクターを --public-url で起動してください。',
    en: "Derived from the address the collector listens on. If the staff PCs reach it by another name, start the collector with --public-url.",
  },
  urlNotInCertificate: {
    ja: 'このコレクターの証明書は {host} に対して発行されていないため、PC はこのアドレスでは接続を拒否します。次のコマンドで証明書を更新してください。動いているコレクターは 1 分以内に新しい証明書を使い始めます（登録済みの PC はそのまま使えます）:',
    en: "This collector's certificate is not issued for {host}, so PCs would refuse it at this address. Renew the certificate with this command; the running collector takes it up within a minute (enrolled PCs keep working):",
  },
  enrollSecret: { ja: '登録用シークレット', en: 'Enroll secret' },
  showSecret: { ja: 'シークレットを表示', en: 'Show the secret' },
  hideSecret: { ja: '隠す', en: 'Hide' },
  secretHidden: {
    ja: 'パスワードと同じように扱ってください。表示すると、下のコマンドの SECRET の部分にも入ります。',
    en: 'Treat it like a password. Once shown, it also fills the SECRET part of the commands below.',
  },
  secretRotate: {
    ja: '漏れたときは tenken collector enroll-secret --rotate で作り直せます（登録済みの PC はそのまま使えます）。',
    en: 'If it leaks, tenken collector enroll-secret --rotate makes a new one (enrolled PCs keep working).',
  },
  caFingerprint: { ja: 'CA の指紋 (SHA-256)', en: 'CA fingerprint (SHA-256)' },
  caExplain: {
    ja: 'このコレクターは tenken collector tls init で作った CA の証明書を使っています。PC は登録のときにこの指紋で CA を確認して固定し、以後はこの CA が発行した証明書だけを信頼します。',
    en: 'This collector uses a certificate from the CA made by tenken collector tls init. At enrollment each PC checks that CA against this fingerprint and pins it; from then on it trusts only certificates from that CA.',
  },
  noCa: {
    ja: 'このコレクターは tenken collector tls init の証明書を使っていません。PC は OS が信頼する認証局でコレクターの証明書を確認します。',
    en: "This collector does not use tenken collector tls init's certificate: PCs check its certificate against the authorities their OS trusts.",
  },
  packagesHeading: { ja: 'インストーラー', en: 'Installers' },
  packagesIntro: {
    ja: 'ダウンロードしたファイルを社員の PC にコピーし、管理者として下のコマンドを実行してください。インストーラーには秘密の情報は含まれていません（登録にはシークレットが必要です）ので、ログインせずにダウンロードできます。',
    en: 'Copy the file to the staff PC and run the command below as administrator. The installers hold no secret (enrolling needs the secret), so they can be downloaded without logging in.',
  },
  noPackagesDir: {
    ja: 'インストーラーを配布するには、npm run package で作ったファイルをフォルダーに置き、コレクターを --packages <フォルダー> を付けて起動してください。認識するファイル名: {names}',
    en: 'To hand out the installers, put the files npm run package makes in a folder and start the collector with --packages <folder>. File names it recognises: {names}',
  },
  noPackagesFound: {
    ja: 'フォルダー {dir} に、認識できるインストーラーがありません。認識するファイル名: {names}',
    en: 'The folder {dir} holds no installer it recognises. File names it recognises: {names}',
  },
  packageFile: { ja: 'ファイル', en: 'File' },
  packageFor: { ja: '対象', en: 'For' },
  packageSize: { ja: 'サイズ', en: 'Size' },
  packagesHash: {
    ja: 'コピーしたファイルが同じものかどうかは、SHA-256 で確かめられます（Windows: Get-FileHash ファイル名、macOS: shasum -a 256 ファイル名、Linux: sha256sum ファイル名）。',
    en: 'Check that a copied file is the same by its SHA-256 (Windows: Get-FileHash file, macOS: shasum -a 256 file, Linux: sha256sum file).',
  },
  commandsHeading: { ja: 'インストールのコマンド', en: 'Install commands' },
  windowsHeading: { ja: 'Windows', en: 'Windows' },
  windowsHow: {
    ja: 'コマンドプロンプトを「管理者として実行」で開き、MSI ファイルのあるフォルダーで実行します。グループポリシーや Intune で配布するときも、同じプロパティを指定してください。',
    en: 'Open Command Prompt with "Run as administrator" and run it in the folder of the MSI file. Give the same properties when you deploy through Group Policy or Intune.',
  },
  powershellHow: {
    ja: 'PowerShell では引数が書き換えられないよう、msiexec の直後に --% を付けます:',
    en: 'In PowerShell, --% right after msiexec keeps PowerShell from re-quoting the arguments:',
  },
  macosHeading: { ja: 'macOS', en: 'macOS' },
  macosHow: {
    ja: 'ターミナルで、ダウンロードしたファイルのあるフォルダーで実行します（管理者のパスワードを尋ねられます）。',
    en: 'Run it in Terminal, in the folder of the downloaded file (it asks for an administrator password).',
  },
  linuxHeading: { ja: 'Linux', en: 'Linux' },
  linuxHow: {
    ja: 'ファイルのあるフォルダーで実行します（.deb は Debian・Ubuntu、.rpm は Fedora・RHEL 系）。',
    en: 'Run it in the folder of the file (.deb for Debian and Ubuntu, .rpm for Fedora and RHEL-like systems).',
  },
  alreadyInstalled: { ja: 'tenken がすでに入っている PC', en: 'A PC that already has tenken' },
  alreadyInstalledHow: {
    ja: '管理者として次を実行すると登録だけを行います:',
    en: 'Run this as administrator to enroll it:',
  },

  badRequest: { ja: '指定が正しくありません', en: 'Bad request' },
  notFound: { ja: 'ページが見つかりません', en: 'Not found' },
} as const satisfies Record<string, Localized>;

/** Where IPA publishes the 自社診断 sheet (as SELFCHECK_MESSAGES.officialSheet says). */
export const IPA_SELFCHECK_URL = 'https://www.ipa.go.jp/security/guide/sme/5minutes.html';

/** The result of a device's newest report, short enough for a badge. */
export const DASHBOARD_RESULT_LABEL = {
  compliant: { ja: '問題なし', en: 'Compliant' },
  failed: { ja: '要対処', en: 'Action needed' },
  incomplete: { ja: '確認できない項目あり', en: 'Incomplete' },
} as const satisfies Record<string, Localized>;

export const DASHBOARD_GATE_LABEL = {
  go: { ja: '接続可', en: 'Go' },
  'no-go': { ja: '接続不可', en: 'No-go' },
  'cannot-tell': { ja: '判断できない', en: 'Cannot tell' },
} as const satisfies Record<string, Localized>;

/** The bundled profiles by the names the CLI and the report use (policies/baseline.yaml's titles). */
export const PROFILE_LABEL = {
  baseline: { ja: '標準チェック', en: 'Baseline check' },
  'telework-return': { ja: 'テレワーク復帰チェック', en: 'Telework-return check' },
} as const satisfies Record<string, Localized>;

export const ADMIN_ACTION_LABEL = {
  added: { ja: '追加', en: 'added' },
  password: { ja: 'パスワード変更', en: 'new password' },
  removed: { ja: '削除', en: 'removed' },
} as const satisfies Record<string, Localized>;

export const AUDIT_ACTION_LABEL = {
  retire: { ja: '使用終了', en: 'retired' },
  delete: { ja: '削除', en: 'deleted' },
  revoke: { ja: '登録取り消し', en: 'revoked' },
} as const satisfies Record<string, Localized>;

export const PLATFORM_LABEL = {
  linux: { ja: 'Linux', en: 'Linux' },
  win32: { ja: 'Windows', en: 'Windows' },
  darwin: { ja: 'macOS', en: 'macOS' },
} as const satisfies Record<string, Localized>;

export const HINT_LABEL = {
  machineId: { ja: 'マシン ID', en: 'machine id' },
  hardwareUuid: { ja: 'ハードウェア UUID', en: 'hardware UUID' },
  serial: { ja: 'シリアル番号', en: 'serial number' },
  mac: { ja: 'MAC アドレス', en: 'MAC address' },
} as const satisfies Record<string, Localized>;

/** How a device's key came to be accepted (DeviceHistory.keys[].how). */
export const KEY_HOW_LABEL = {
  enrolled: { ja: '初めての登録', en: 'First enrollment' },
  'old-key': { ja: '以前の鍵による証明つきの再登録', en: 'Enrolled again, proved by its previous key' },
  administrator: { ja: '管理者の許可による再登録', en: "Enrolled again with an administrator's approval" },
} as const satisfies Record<string, Localized>;
