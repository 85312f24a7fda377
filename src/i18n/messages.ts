/** Every fixed string people read, in Japanese and English, in one place. */
import type { GuidelineItemResult, Localized } from '../report/schema.ts';
import type { JishaAnswer, SupportRole } from '../report/vocabulary.ts';

export const MESSAGES = {
  heading: { ja: 'tenken — 端末のセキュリティ点検', en: 'tenken posture check' },
  scanning: { ja: '点検しています…（確認処理 {done}/{total}）', en: 'Scanning… ({done} of {total} probes)' },
  device: { ja: '端末', en: 'Device' },
  profile: { ja: 'プロファイル', en: 'Profile' },
  policy: { ja: 'ポリシー', en: 'Policy' },
  scannedAt: { ja: '点検日時', en: 'Scanned' },
  replayOf: { ja: '記録の再生', en: 'Replay of' },
  notAdmin: {
    ja: '管理者権限なしで実行したため、一部の項目は確認できません。',
    en: 'Running without administrator rights: some facts cannot be read.',
  },
  consoleUserMissing: { ja: 'コンソールのユーザーを特定できません', en: 'No console user found' },
  reason: { ja: '理由', en: 'Reason' },
  fix: { ja: '対処方法', en: 'How to fix' },
  supports: { ja: '対応するIPA項目', en: 'IPA items' },
  severity: { ja: '重要度', en: 'severity' },
  summary: { ja: '集計', en: 'Summary' },
  jishaHeading: { ja: 'IPA「5分でできる！情報セキュリティ自社診断」— この端末から確認できた項目', en: "IPA 5-minute self-check — items this device evidences" },
  points: { ja: '参考点', en: 'Indicative points' },
  pointsUnit: { ja: '点', en: 'points' },
  itemsUnit: { ja: '項目', en: 'items' },
  resultLine: { ja: '結果', en: 'Result' },
  exitCode: { ja: '終了コード', en: 'exit code' },
  unknownValue: { ja: '不明', en: 'unknown' },
  none: { ja: 'なし', en: 'none' },
  never: { ja: 'なし（ロックしない）', en: 'never' },
  unsupportedPlatform: { ja: 'この OS ではまだ確認できません', en: 'tenken cannot inspect this on this OS yet' },
  needsAdmin: { ja: '管理者権限が必要です（sudo または管理者として実行してください）', en: 'needs administrator rights (run with sudo or as Administrator)' },
  soNotApplicable: { ja: '（この端末には当てはまらないため対象外です）', en: ' (so this check does not apply to this device)' },
  otherPlatforms: { ja: 'この OS は対象外です', en: 'not checked on this OS' },
  verdict: { ja: '判定', en: 'Decision' },
  details: { ja: '詳細', en: 'Details' },
  stepsToGo: { ja: '接続できるようにするには', en: 'To get there' },
  undecidedSteps: { ja: '確認できなかった項目（解決するか、管理者に相談してください）', en: 'Could not be checked (resolve it, or ask your administrator)' },
  confirmYourself: { ja: 'ご自身で確認してください（tenken には確認できません）', en: 'Confirm these yourself (tenken cannot observe them)' },
  fixAndRetry: { ja: '直したら、もう一度 tenken check を実行してください。', en: 'When fixed, run tenken check again.' },
} as const satisfies Record<string, Localized>;

/** Observed against expected (src/report/expectation-text.ts). `{name}` placeholders are filled there. */
export const EXPECTATION_TEXT = {
  yes: { ja: 'はい', en: 'yes' },
  no: { ja: 'いいえ', en: 'no' },
  mustBe: { ja: '{value}にする必要があります', en: 'must be {value}' },
  mustNotBe: { ja: '{value}以外にする必要があります', en: 'must not be {value}' },
  lessThan: { ja: '{value}未満にする必要があります', en: 'must be less than {value}' },
  atMost: { ja: '{value}以下にする必要があります', en: 'must be at most {value}' },
  moreThan: { ja: '{value}より多くする必要があります', en: 'must be more than {value}' },
  atLeast: { ja: '{value}以上にする必要があります', en: 'must be at least {value}' },
  oneOf: { ja: '{value}のいずれかにする必要があります', en: 'must be {value}' },
  within: { ja: '{span}以内である必要があります', en: 'must be within the last {span}' },
  yearsAgo: { ja: '約{n}年前', en: 'about {n} years ago' },
  monthsAgo: { ja: '約{n}か月前', en: 'about {n} months ago' },
  daysAgo: { ja: '{n}日前', en: '{n} days ago' },
  hoursAgo: { ja: '{n}時間前', en: '{n} hours ago' },
  minutesAgo: { ja: '{n}分前', en: '{n} minutes ago' },
  ageAndRequirement: { ja: '{age}。{requirement}', en: '{age}; {requirement}' },
  expired: { ja: 'この日を過ぎています', en: 'this date has passed' },
  mustBeNone: { ja: 'ない状態にする必要があります', en: 'must be none' },
  atLeastOne: { ja: '1つ以上必要です', en: 'at least one is needed' },
  durationUnits: { ja: '週間,日,時間,分,秒', en: ' weeks, days, hours, minutes, seconds' },
} as const satisfies Record<string, Localized>;

/** The probes' enum values a policy compares against, by name (firewall defaults, Wi-Fi security, sharing and remote-access services). */
export const VALUE_LABEL = {
  deny: { ja: '破棄', en: 'drop' },
  reject: { ja: '拒否', en: 'reject' },
  allow: { ja: '許可', en: 'allow' },
  open: { ja: '暗号化なし', en: 'open network' },
  wep: { ja: 'WEP', en: 'WEP' },
  wpa: { ja: 'WPA', en: 'WPA' },
  owe: { ja: 'OWE・暗号化のみで認証なし', en: 'OWE, encrypted but not authenticated' },
  wpa2: { ja: 'WPA2', en: 'WPA2' },
  wpa3: { ja: 'WPA3', en: 'WPA3' },
  samba: { ja: 'Samba', en: 'Samba' },
  nfs: { ja: 'NFS', en: 'NFS' },
  'file-sharing': { ja: 'ファイル共有', en: 'File Sharing' },
  'printer-sharing': { ja: 'プリンタ共有', en: 'Printer Sharing' },
  'internet-sharing': { ja: 'インターネット共有', en: 'Internet Sharing' },
  rdp: { ja: 'リモート デスクトップ', en: 'Remote Desktop' },
  ssh: { ja: 'SSH サーバー', en: 'SSH server' },
  xrdp: { ja: 'xrdp', en: 'xrdp' },
  'gnome-remote-desktop': { ja: 'GNOME リモートデスクトップ', en: 'GNOME Remote Desktop' },
  'screen-sharing': { ja: '画面共有', en: 'Screen Sharing' },
  'remote-management': { ja: 'リモートマネージメント', en: 'Remote Management' },
} as const satisfies Record<string, Localized>;

export const STATUS_LABEL = {
  pass: { ja: '合格', en: 'PASS' },
  fail: { ja: '不合格', en: 'FAIL' },
  unknown: { ja: '判定不能', en: 'UNKNOWN' },
  not_applicable: { ja: '対象外', en: 'N/A' },
  error: { ja: 'エラー', en: 'ERROR' },
} as const satisfies Record<string, Localized>;

export const RESULT_LABEL = {
  compliant: { ja: '問題は見つかりませんでした', en: 'compliant' },
  failed: { ja: '対処が必要な項目があります', en: 'action needed' },
  incomplete: { ja: '確認できなかった項目があります', en: 'incomplete' },
} as const satisfies Record<string, Localized>;

export const SEVERITY_LABEL = {
  low: { ja: '低', en: 'low' },
  medium: { ja: '中', en: 'medium' },
  high: { ja: '高', en: 'high' },
  critical: { ja: '緊急', en: 'critical' },
} as const satisfies Record<string, Localized>;

/**
 * The words for a guideline item's status, the same in every view (CLI, self-check, dashboard pages): the
 * 自社診断's own answers, and 対象外 / 手動で確認 for the two states that are not answers (README "How checks
 * roll up into IPA items").
 */
export const GUIDELINE_STATUS_LABEL = {
  pass: { ja: '実施している', en: 'implemented' },
  partial: { ja: '一部実施している', en: 'partly implemented' },
  fail: { ja: '実施していない', en: 'not implemented' },
  unknown: { ja: 'わからない', en: "don't know" },
  not_applicable: { ja: '対象外', en: 'not applicable' },
  manual: { ja: '手動で確認', en: 'check by hand' },
} as const satisfies Record<GuidelineItemResult['status'], Localized>;

/** A 自社診断 answer is an item status, in the same words. */
export const JISHA_ANSWER_LABEL = {
  implemented: GUIDELINE_STATUS_LABEL.pass,
  partly_implemented: GUIDELINE_STATUS_LABEL.partial,
  not_implemented: GUIDELINE_STATUS_LABEL.fail,
  unknown: GUIDELINE_STATUS_LABEL.unknown,
} as const satisfies Record<JishaAnswer, Localized>;

export const SUPPORT_ROLE_LABEL = {
  main: { ja: '主な対策', en: 'main measure' },
  supplementary: { ja: '補助的な対策', en: 'supplementary measure' },
} as const satisfies Record<SupportRole, Localized>;

/** The gate's decision in a word; GATE_VERDICT says it as a sentence. */
export const GATE_DECISION = {
  go: { ja: '接続可', en: 'Go' },
  'no-go': { ja: '接続不可', en: 'No-go' },
  'cannot-tell': { ja: '判断できない', en: 'Cannot tell' },
} as const satisfies Record<string, Localized>;

export const GATE_VERDICT = {
  go: { ja: '社内ネットワークに接続できます', en: 'You may connect to the office network' },
  'no-go': { ja: 'まだ社内ネットワークに接続しないでください', en: 'Do not connect to the office network yet' },
  'cannot-tell': {
    ja: '確認できなかった項目があります。接続する前に管理者に相談してください',
    en: 'tenken could not check everything: ask your administrator before connecting',
  },
} as const satisfies Record<string, Localized>;

/** `tenken fix`. `{name}` placeholders are filled by src/fix/text.ts. */
export const FIX_MESSAGES = {
  heading: { ja: 'tenken fix — 対処の実行', en: 'tenken fix — guided remediation' },
  nothingToOffer: { ja: 'tenken が実行できる対処はありません。', en: 'There is nothing tenken can fix on this machine.' },
  available: { ja: 'この端末で実行できる対処', en: 'Remediations available on this machine' },
  addresses: { ja: '対象のチェック', en: 'Addresses' },
  asConsoleUser: { ja: '（コンソールのユーザーとして）', en: '(as the console user)' },
  before: { ja: '前', en: 'Before' },
  after: { ja: '後', en: 'After' },
  check: { ja: 'チェック', en: 'Check' },
  needsAdminTag: { ja: '管理者権限が必要', en: 'needs administrator rights' },
  willRun: { ja: '実行するコマンド', en: 'Will run' },
  ask: { ja: '実行しますか？ [y/N] ', en: 'Run it? [y/N] ' },
  declined: { ja: '実行しませんでした。', en: 'Not run.' },
  notSelected: { ja: '--yes で指定されていないため実行しません。', en: 'Not run: not named with --yes.' },
  needsAdminLinux: {
    ja: '管理者権限が必要なため実行しませんでした。sudo npx tenken fix でもう一度実行してください。',
    en: 'Not run: this needs administrator rights. Run it again as root: sudo npx tenken fix',
  },
  needsAdminWindows: {
    ja: '管理者権限が必要なため実行しませんでした。「管理者として実行」したターミナルで tenken fix をもう一度実行してください。',
    en: 'Not run: this needs administrator rights. Run tenken fix again in a terminal opened with "Run as administrator".',
  },
  needsAdminMac: {
    ja: '管理者権限が必要なため実行しませんでした。sudo npx tenken fix でもう一度実行してください。',
    en: 'Not run: this needs administrator rights. Run it again with sudo: sudo npx tenken fix',
  },
  done: { ja: '完了', en: 'Done' },
  failed: { ja: '失敗', en: 'Failed' },
  notFound: { ja: '{file} が見つかりません（インストールされていません）。', en: '{file} was not found (it is not installed).' },
  timedOut: { ja: '時間内に終わらなかったため中止しました。', en: 'It did not finish in time and was stopped.' },
  exitCodeWas: { ja: '終了コード {code} で終了しました。', en: 'It ended with exit code {code}.' },
  couldNotRun: { ja: '実行できませんでした: 「{message}」', en: 'It could not run: {message}' },
  scanRecorded: { ja: 'スキャンの記録を保存しました: {file}', en: 'recorded in {file}' },
  scanNotRecorded: { ja: 'スキャンの記録を {file} に保存できませんでした: 「{message}」', en: 'could not record the scan in {file}: {message}' },
  noTerminal: {
    ja: 'ターミナルがないため、実行してよいか確認できません。実行する対処を --yes で指定してください（例: tenken fix --yes {example}）。',
    en: 'No terminal to ask for consent. Name the remediations to run with --yes (e.g. tenken fix --yes {example}).',
  },
  unknownAction: { ja: '--yes {id}: そのような対処はありません（あるもの: {ids}）', en: '--yes {id}: no such remediation (there are: {ids})' },
  notOffered: { ja: '--yes {id}: この端末では不要か実行できないため、実行しません。', en: '--yes {id}: not needed or not possible on this machine; not run.' },
  rescanning: { ja: 'もう一度点検しています…', en: 'Scanning again…' },
  nothingRan: { ja: '何も実行しなかったため、設定は変わっていません。', en: 'Nothing was run; nothing changed.' },
  beforeAfter: { ja: '対処の前 → 後', en: 'Before → after' },
  clamavUpdated: { ja: 'ウイルス定義ファイルを更新しました: {databases}', en: 'Virus signatures updated: {databases}' },
  clamavUpToDate: { ja: 'ウイルス定義ファイルはすでに最新です。', en: 'The virus signatures were already up to date.' },
  clamavNoConnection: {
    ja: 'ダウンロードできませんでした: {host} に接続できません。インターネット接続（プロキシの設定）を確認してください。',
    en: 'Could not download: no connection to {host}. Check the internet connection (or the proxy settings).',
  },
  clamavLocked: {
    ja: 'ウイルス定義ファイルの更新サービス（clamav-freshclam）が動作中のため実行できませんでした。サービスが自動で更新します。すぐに更新するには: sudo systemctl stop clamav-freshclam && sudo freshclam && sudo systemctl start clamav-freshclam',
    en: 'The updater service (clamav-freshclam) is running and updates by itself, so freshclam could not run. To update at once: sudo systemctl stop clamav-freshclam && sudo freshclam && sudo systemctl start clamav-freshclam',
  },
  freshclamSays: { ja: 'freshclam: {line}', en: 'freshclam: {line}' },
  elapsed: { ja: '実行中です（{seconds} 秒経過）…', en: 'still running ({seconds} s so far)…' },
  scanNoSignatures: {
    ja: 'ウイルス定義ファイルがまだないため、ClamAV のウイルススキャンは提案しません（定義ファイルなしでは検査できません）。先に定義ファイルを更新し、もう一度 tenken fix を実行してください。',
    en: 'The ClamAV virus scan is not offered: there are no virus signatures yet, and it cannot scan without them. Update the signatures first, then run tenken fix again.',
  },
  scanProgress: { ja: '{count} 個のファイルを検査しました…', en: 'scanned {count} files…' },
  scanFound: { ja: '検出: {line}', en: 'found: {line}' },
  scanClean: { ja: '{count} 個のファイルを検査しました。ウイルスは見つかりませんでした。', en: 'Scanned {count} files: no virus found.' },
  scanInfected: {
    ja: '{count} 個のファイルを検査し、{infected} 個のファイルでウイルスを検出しました:',
    en: 'Scanned {count} files and found a virus in {infected}:',
  },
  scanInfectedAdvice: {
    ja: 'ファイルは削除していません。開かずに、管理者に連絡してください。',
    en: 'Nothing was deleted. Do not open these files; tell your administrator.',
  },
  scanNoRecord: {
    ja: 'ClamAV はスキャンの記録を残さないため、「最近フルスキャンを行っている」は引き続き判定できません。',
    en: 'ClamAV keeps no record of scans, so "a full scan was completed recently" still cannot be decided.',
  },
  scanElapsed: { ja: 'フルスキャン実行中（{minutes} 分経過）…', en: 'full scan running ({minutes} min so far)…' },
  defenderScanDone: { ja: 'フルスキャンが完了しました（未対処の脅威: {threats} 件）。', en: 'The full scan finished (unresolved threats: {threats}).' },
  defenderUpdated: { ja: 'ウイルス定義ファイルを更新しました（{date}）。', en: 'Signatures updated ({date}).' },
  opened: { ja: '更新の画面を開きました。画面の指示に従って更新してください。', en: 'The update page is open: follow it to install the updates.' },
  upgraded: { ja: '更新をインストールしました。', en: 'Updates installed.' },
  xprotectUpdated: { ja: 'XProtect の更新を実行しました。', en: "XProtect's updater ran." },
  firewallOn: { ja: 'ファイアウォールを有効にしました。', en: 'The firewall is on.' },
} as const satisfies Record<string, Localized>;

/** `tenken selfcheck`. `{name}` placeholders are filled by src/selfcheck/text.ts. */
/** What `tenken record` says while it records (on standard error). */
export const RECORD_MESSAGES = {
  unknownProbe: { ja: '{names} という確認処理はありません（あるのは: {known}）', en: 'unknown probe {names} (known: {known})' },
  recording: { ja: 'この {platform} の PC で、{count} 件の確認処理が読む応答を記録しています…', en: 'Recording {count} probe(s) on this {platform} machine…' },
  probeOk: { ja: '記録しました', en: 'recorded' },
  probeUnsupported: { ja: 'この OS には対応していません', en: 'not for this OS' },
  probeSkipped: { ja: '管理者権限が必要なため記録していません', en: 'skipped: needs administrator rights' },
  probeError: { ja: 'エラー（{message}）', en: 'error ({message})' },
  wrote: { ja: '{count} 件の応答を {file} に書きました（{redaction}）。', en: 'Wrote {count} answers to {file} ({redaction}).' },
  redacted: { ja: '個人や端末を特定できる値は置き換え済み', en: 'redacted' },
  notRedacted: { ja: '個人や端末を特定できる値を含みます。送る前に確かめてください', en: 'NOT redacted' },
} as const satisfies Record<string, Localized>;

export const SELFCHECK_MESSAGES = {
  heading: { ja: 'IPA「5分でできる！情報セキュリティ自社診断」', en: "IPA's 5-minute information security self-check (5分でできる！情報セキュリティ自社診断)" },
  intro: {
    ja: '{count} 問に答えてください（全 {total} 項目）。1〜4 の数字を入力して Enter。端末の点検結果から提案がある項目は、Enter だけで提案を採用できます。Ctrl-C で中断します。',
    en: 'Answer {count} questions ({total} items in all): type 1–4 and Enter. Where the device scan suggests an answer, Enter alone takes it. Ctrl-C stops.',
  },
  suggest: {
    ja: '端末の点検結果から「{answer}」を提案します（Enter で採用）— 根拠:',
    en: 'The device scan suggests "{answer}" (press Enter to take it) — evidence:',
  },
  prompt: { ja: '回答 [1-4]: ', en: 'Answer [1-4]: ' },
  promptWithSuggestion: { ja: '回答 [1-4、Enter で「{answer}」]: ', en: 'Answer [1-4, Enter for "{answer}"]: ' },
  tookSuggestion: { ja: '提案どおり「{answer}」と回答しました。', en: 'Answered "{answer}", as suggested.' },
  invalid: { ja: '1〜4 の数字で答えてください。', en: 'Please answer with a number from 1 to 4.' },
  invalidWithSuggestion: { ja: '1〜4 の数字で答えるか、Enter で提案を採用してください。', en: 'Please answer with a number from 1 to 4, or press Enter to take the suggestion.' },
  total: { ja: '合計', en: 'Total' },
  status: { ja: '現在の状況', en: 'Where you stand' },
  nextStep: { ja: '次の対策', en: 'Next step' },
  unknownFollowUp: {
    ja: '「わからない」と答えた項目（No.{items}）は、担当者に確認してから答え直してください。',
    en: '"Don\'t know" items (No.{items}): find out from whoever is responsible, then answer them again.',
  },
  adviceHeading: { ja: '「実施している」以外の項目と改善のヒント（助言は tenken によるものです）', en: "Items not fully implemented, and what to do (the advice is tenken's)" },
  deviceSuggested: { ja: '端末の点検結果からの提案: {answer}', en: 'The device scan suggested: {answer}' },
  allImplemented: { ja: 'すべての項目を「実施している」と回答しました。', en: 'Every item was answered "implemented".' },
  officialSheet: {
    ja: 'IPA の公式の診断シートと解説編: https://www.ipa.go.jp/security/guide/sme/5minutes.html',
    en: "IPA's official sheet and explanations (Japanese): https://www.ipa.go.jp/security/guide/sme/5minutes.html",
  },
  securityAction: {
    ja: 'SECURITY ACTION: この自社診断で自社の状況を把握し、情報セキュリティ基本方針を定めて外部に公開した企業は、「★★ 二つ星」に取り組むことを自ら宣言できます。',
    en: 'SECURITY ACTION: a company that has assessed itself with this self-check and has set and published an information security basic policy can declare the ★★ (two stars) level itself.',
  },
  saved: { ja: '回答を保存しました: {file}（レポートに添付するには: tenken scan --format json --attach-selfcheck{attach}）', en: 'Answers saved to {file} (to attach them to a report: tenken scan --format json --attach-selfcheck{attach})' },
  noTerminal: {
    ja: 'ターミナルがないため質問できません。回答をファイルに書いて --answers で指定してください（例: tenken selfcheck --answers answers.yaml。書き方は tenken selfcheck --help にあります）。',
    en: 'There is no terminal to ask the questions on. Write the answers in a file and give it with --answers (e.g. tenken selfcheck --answers answers.yaml; tenken selfcheck --help shows the format).',
  },
  missingNoTerminal: {
    ja: '{file} に No.{items} の回答がなく、ターミナルがないため質問できません。ファイルに追加してください。',
    en: '{file} has no answer for No.{items}, and there is no terminal to ask on: add them to the file.',
  },
  interrupted: { ja: '自社診断を中断しました。回答は保存していません。', en: 'Self-check interrupted: nothing was saved.' },
} as const satisfies Record<string, Localized>;

/** IPA's reading of the total (src/selfcheck/score.ts quotes the source): 現在の状況 and 次の対策 per band. */
export const SELFCHECK_BAND_STATUS = {
  achieved: { ja: '入門レベルのセキュリティ対策は達成', en: 'entry-level security measures are in place' },
  'partly-insufficient': { ja: '部分的な対策が不十分', en: 'some measures are insufficient' },
  insufficient: { ja: '対策が不十分', en: 'the measures are insufficient' },
  urgent: { ja: '事故がいつ起きても不思議ではない', en: 'an incident could happen at any time' },
} as const satisfies Record<string, Localized>;

export const SELFCHECK_BAND_NEXT = {
  achieved: { ja: 'さらに強化', en: 'strengthen them further' },
  'partly-insufficient': { ja: '100点満点への挑戦', en: 'aim for the full 100 points' },
  insufficient: { ja: '低い項目から改善', en: 'improve the lowest-scoring items first' },
  urgent: { ja: '早急に改善', en: 'improve urgently' },
} as const satisfies Record<string, Localized>;
