/**
 * `tenken --help` in Japanese and English: every command's description, argument and option, the text after
 * each help, and commander's own words (Usage, Options, "display help for command"). src/cli.ts picks the
 * language from --lang or the locale before the commands are declared.
 */
import type { Localized } from '../report/schema.ts';

/** commander's own headings and phrases, as it writes them in English. */
export const COMMANDER_TEXT = {
  'Usage:': { ja: '使い方:', en: 'Usage:' },
  'Options:': { ja: 'オプション:', en: 'Options:' },
  'Commands:': { ja: 'コマンド:', en: 'Commands:' },
  'Arguments:': { ja: '引数:', en: 'Arguments:' },
  'Global Options:': { ja: '共通のオプション:', en: 'Global Options:' },
  help: { ja: 'このヘルプを表示します', en: 'display help for command' },
  helpCommand: { ja: 'コマンドのヘルプを表示します', en: 'display help for command' },
  version: { ja: 'バージョンを表示します', en: 'output the version number' },
  afterError: { ja: '（使い方は --help で表示できます）', en: '(run with --help for usage)' },
  choices: { ja: '選択肢', en: 'choices' },
  default: { ja: '既定', en: 'default' },
} as const satisfies Record<string, Localized>;

/**
 * commander's error messages, in the order they are tried: each English phrase ($1… are the names it quotes)
 * and its Japanese. What is not here (a parser's own message) stays as it is.
 */
export const COMMANDER_ERRORS: readonly (readonly [RegExp, string])[] = [
  [/^error: unknown option '(.+?)'/, "エラー: '$1' というオプションはありません"],
  [/^error: unknown command '(.+?)'/, "エラー: '$1' というコマンドはありません"],
  [/^error: missing required argument '(.+?)'/, "エラー: 引数 '$1' を指定してください"],
  [/^error: option '(.+?)' argument missing/, "エラー: オプション '$1' に値を指定してください"],
  [/^error: required option '(.+?)' not specified/, "エラー: オプション '$1' を指定してください"],
  // The space commander puts before a parser's own message: Japanese sentences follow 。 without one.
  [/^error: option '(.+?)' argument '(.*?)' is invalid\. ?/, "エラー: オプション '$1' に '$2' は指定できません。"],
  [/^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\. ?/, "エラー: 引数 '$2' に '$1' は指定できません。"],
  [/^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+): (.*)\./, 'エラー: 引数が多すぎます（$2 個まで、指定されたのは $3 個: $4）。'],
  [/ ?Allowed choices are (.+)\./, '指定できるのは $1 です。'],
  [/\n\(Did you mean one of (.+)\?\)/, '\n（もしかして: $1）'],
  [/\n\(Did you mean (.+)\?\)/, '\n（もしかして: $1）'],
];

/** What an option's own parser says of a value it refuses; commander puts it after "option '…' argument '…' is invalid." */
export const ARGUMENT_ERRORS = {
  notDuration: {
    ja: '「{value}」は期間として読めません。90s、15m、24h、7d、1h30m のように書いてください',
    en: '"{value}" is not a duration; write it like 90s, 15m, 24h, 7d or 1h30m',
  },
  tooShort: { ja: '{value} は短すぎます。{min} 以上にしてください', en: '{value} is too short; at least {min}' },
  notAddress: {
    ja: '「{value}」はアドレスとして読めません。127.0.0.1:8443、0.0.0.0:8443、[::1]:8443 のように書いてください',
    en: '"{value}" is not an address; write it like 127.0.0.1:8443, 0.0.0.0:8443 or [::1]:8443',
  },
  notProxies: {
    ja: '「{value}」はプロキシーのアドレスの一覧として読めません（例: 127.0.0.1、10.0.0.5,10.0.1.0/24）',
    en: '"{value}" is not a list of proxy addresses (e.g. 127.0.0.1 or 10.0.0.5,10.0.1.0/24)',
  },
  notWholeNumber: { ja: '「{value}」は 0 以上の整数ではありません', en: '"{value}" is not a whole number' },
  notOneOrMore: { ja: '「{value}」は 1 以上にしてください', en: '"{value}" must be 1 or more' },
  notTimeZone: {
    ja: '「{value}」はタイムゾーンとして読めません（Asia/Tokyo や UTC のような IANA の名前を指定してください）',
    en: 'not a time zone: "{value}" (an IANA name such as Asia/Tokyo or UTC)',
  },
} as const satisfies Record<string, Localized>;

/** Options several commands share, worded once. */
export const OPTION_TEXT = {
  lang: { ja: '出力の言語（既定: ロケールから判断）', en: 'language of the output (default: from the locale)' },
  profile: { ja: '適用するポリシーのプロファイル（既定: ポリシーの defaultProfile、baseline）', en: "policy profile to apply (default: the policy's defaultProfile, baseline)" },
  policy: { ja: '同梱の baseline の代わりに、組織のポリシーを使います', en: "use this organisation's policy instead of the bundled baseline" },
  out: { ja: '標準出力ではなく FILE に書き出します', en: 'write the output to FILE instead of standard output' },
  noColor: { ja: 'ターミナルでも色を付けません', en: 'no colours, even on a terminal' },
  verbose: {
    ja: '確認処理が実行した各コマンドの結果と所要時間を、標準エラー出力に JSON 形式で記録します',
    en: 'log each command the probes run, its answer and how long it took (JSON lines on standard error)',
  },
  db: {
    ja: 'SQLite のファイル、または postgres://user:password@host/db（既定: 状態フォルダーの collector.db）',
    en: 'SQLite file, or postgres://user:password@host/db (default: collector.db in the state folder)',
  },
} as const satisfies Record<string, Localized>;

export const PROGRAM_HELP = {
  description: {
    ja: '点検 tenken — この PC を IPA「中小企業の情報セキュリティ対策ガイドライン」に照らして点検し（OS・ブラウザーの更新、ウイルス対策、サインインと画面ロック、ディスク暗号化、無線LAN、ファイアウォール、共有とリモート接続、マクロ、バックアップ、時刻、P2P ソフト）、直すべき点を日本語または英語で伝えます。',
    en: "点検 tenken — checks this PC against IPA's 中小企業の情報セキュリティ対策ガイドライン (OS and browser updates, antivirus, sign-in and screen lock, disk encryption, Wi-Fi, firewall, sharing and remote access, macros, backups, clock, P2P software) and reports what to fix, in Japanese or English.",
  },
  after: {
    ja: `終了コード:
  0  問題なし: すべてのチェックが合格か対象外
  1  不合格のチェックがある
  2  使い方の誤り、またはポリシー・記録・その他の入力が不正
  3  不合格はないが、判定できなかったチェックがある（判定不能・エラー）
  4  tenken 自身の失敗（異常終了、レポートを書けなかった、送信もキューへの保存もできなかった）

まずは: tenken scan`,
    en: `Exit codes:
  0  compliant: every check passed or does not apply
  1  at least one check failed
  2  usage error, or invalid policy, recording or other input
  3  no failure, but some check could not be decided (unknown or error)
  4  agent failure (crash, report could not be written, or could be neither sent nor queued)

Start with: tenken scan`,
  },
} as const satisfies Record<string, Localized>;

export const SCAN_HELP = {
  description: { ja: 'この PC を点検し、IPA に沿った baseline ポリシーに照らして報告します', en: 'inspect this machine and report it against the IPA baseline policy' },
  attachSelfcheck: {
    ja: '自社診断の回答（既定: tenken selfcheck が保存したもの）を JSON レポートに添付します',
    en: 'add the self-check answers (default: the ones `tenken selfcheck` saved) to the JSON report',
  },
  after: {
    ja: `
例:
  tenken scan                                  この PC の概要（ロケールの言語で）
  tenken scan --lang en --profile telework-return
  tenken scan --format json --out report.json  レポート（schema/report.schema.json）
  tenken scan --format ocsf >> tenken.ndjson   SIEM 向けの OCSF 1.8.0 イベント（チェックごとの Compliance Finding と Device Inventory Info）
  tenken scan --policy ./our-policy.yaml       組織のポリシーで
  tenken scan --replay recording.yaml          ほかの場所で記録した PC（OS は問いません）
  tenken scan --format json --attach-selfcheck 保存した自社診断の回答を "selfCheck" に含めたレポート`,
    en: `
Examples:
  tenken scan                                  summary of this machine, in the locale's language
  tenken scan --lang en --profile telework-return
  tenken scan --format json --out report.json  the posture report (schema/report.schema.json)
  tenken scan --format ocsf >> tenken.ndjson   OCSF 1.8.0 events for a SIEM: a Compliance Finding per check, a Device Inventory Info
  tenken scan --policy ./our-policy.yaml       an organisation's own policy
  tenken scan --replay recording.yaml          a machine recorded elsewhere, any OS
  tenken scan --format json --attach-selfcheck the report with the saved 自社診断 answers under "selfCheck"`,
  },
  format: {
    ja: 'text は人向け、json はレポート、ocsf は SIEM 向け（OCSF イベント、1 行に 1 つの JSON）',
    en: 'text for people, json for the posture report, ocsf for a SIEM (OCSF events, one JSON per line)',
  },
  replay: { ja: 'この PC ではなく、tenken record で記録した PC で実行します', en: 'run on a machine recorded with `tenken record` instead of this one' },
  lang: { ja: 'テキストと OCSF の言語（既定: ロケールから判断）', en: 'language of the text and OCSF output (default: from the locale)' },
  send: {
    ja: 'レポートに署名し、この PC を登録したコレクターに送ります（届かないときはキューに入れて再送します）',
    en: 'sign the report and send it to the collector this PC enrolled with (queued and retried if it cannot be reached)',
  },
  scheduled: {
    ja: 'EVERY（例: 24h）ごとの定期実行として動きます。レポートに印を付け、--send がなければ状態フォルダーに保存します',
    en: 'run by a scheduled job every EVERY (e.g. 24h): marks the report; without --send it is kept in the state folder',
  },
  splay: {
    ja: '--scheduled と一緒に: 最初に最大 MAX（例: 1h）のランダムな時間待ち、全端末が同時に始まらないようにします',
    en: 'with --scheduled: first wait a random time up to MAX (e.g. 1h), so a fleet does not start at once',
  },
} as const satisfies Record<string, Localized>;

export const CHECK_HELP = {
  description: {
    ja: '判定用のプロファイルで接続可／接続不可を判定します（例: 在宅で使った PC を社内ネットワークに戻す前に）',
    en: 'decide go / no-go with a gate profile, e.g. before a PC used at home reconnects to the office network',
  },
  profile: { ja: 'ポリシーの判定用プロファイル: telework-return（テレワーク復帰チェック）', en: 'a gate profile of the policy: telework-return' },
  after: {
    ja: `
終了コード: 0 接続可、1 接続不可（先に直すものがある）、3 判断できない（確認できなかった項目がある）。

例:
  tenken check telework-return                 在宅で使った PC を社内ネットワークに戻す前に
  tenken check telework-return --format json   判定を "gate" に含めたレポート`,
    en: `
Exit codes: 0 go, 1 no-go (something to fix first), 3 cannot tell (something could not be checked).

Examples:
  tenken check telework-return                 before plugging a PC used at home back into the office network
  tenken check telework-return --format json   the report, with the decision under "gate"`,
  },
} as const satisfies Record<string, Localized>;

export const FIX_HELP = {
  description: {
    ja: '点検してから、この OS で安全にできる対処を 1 つずつ提案し（同意したものだけ実行）、もう一度点検します',
    en: 'scan, then offer the safe fixes this OS allows one by one (only with your consent) and scan again',
  },
  replay: {
    ja: 'tenken record で記録した PC で実行します（対処のコマンドの応答も記録に含まれている必要があります）',
    en: 'run on a machine recorded with `tenken record` (its recording must hold the answers of the fixes too)',
  },
  yes: { ja: 'これらの対処を確認なしで実行します（スクリプト向け。ID: {ids}）', en: 'run these fixes without asking (for scripts; ids: {ids})' },
  folder: {
    ja: 'ウイルススキャンの対象フォルダー（既定: 管理者ならフルスキャンとして数えられる /、それ以外はコンソールのユーザーのホームフォルダー）',
    en: 'folders the virus scan covers (default: / as root, so the scan counts as a full scan; else the home folder of the user at the console)',
  },
  clamavDatabase: { ja: 'スキャンにシステムのものではなく、この ClamAV 定義ファイルのフォルダーを使います', en: "a ClamAV signature database directory for the scan instead of the system's" },
  after: {
    ja: `
同意なしには何も変えません。ターミナルでは対処ごとに [y/N]（既定は No）と確認し、ターミナルがないときは --yes で
指定した対処だけを実行します。管理者権限が必要な対処は、そう伝えます（sudo／管理者として実行）。

終了コード: 対処のあとの点検の終了コード（0、1、3）。2 使い方の誤り、またはターミナルも --yes もない
（実行できる対処を一覧します）。4 tenken 自身の失敗。

例:
  tenken fix                                   対処ごとに確認し、最後にもう一度点検
  sudo tenken fix --lang en
  tenken fix --yes clamav-update --yes clamav-scan --folder /home/alice
  tenken fix --replay recording.yaml           記録した PC で`,
    en: `
Nothing is changed without a yes: on a terminal each fix asks [y/N] (default No); without a terminal only
the fixes named with --yes run. Fixes that need administrator rights say so (run with sudo / as Administrator).

Exit codes: those of the scan that follows the fixes (0, 1, 3); 2 usage error, or no terminal and no --yes
(the available fixes are listed); 4 agent failure.

Examples:
  tenken fix                                   asks before each fix, then scans again
  sudo tenken fix --lang en
  tenken fix --yes clamav-update --yes clamav-scan --folder /home/alice
  tenken fix --replay recording.yaml           on a recorded machine`,
  },
} as const satisfies Record<string, Localized>;

export const SELFCHECK_HELP = {
  description: {
    ja: 'IPA「5分でできる！情報セキュリティ自社診断」に答えます（この PC の点検結果から回答を提案します）',
    en: "answer IPA's 5-minute self-check (5分でできる！情報セキュリティ自社診断), with answers suggested by this machine's scan",
  },
  answers: { ja: 'FILE（YAML または JSON）から回答を読みます。書かれていない項目はターミナルで質問します', en: 'take answers from FILE (YAML or JSON); items it leaves out are asked at the terminal' },
  format: { ja: 'text は人向け、json は結果（schema/selfcheck.schema.json）', en: 'text for people, json for the result (schema/selfcheck.schema.json)' },
  save: { ja: '既定の状態ファイルではなく FILE に回答を保存します', en: 'keep the answers in FILE instead of the default state file' },
  noSave: { ja: '回答を保存しません', en: 'do not keep the answers' },
  policy: { ja: '同梱の baseline の代わりに、組織のポリシーで点検します', en: "scan with this organisation's policy instead of the bundled baseline" },
  replay: { ja: 'tenken record で記録した PC から提案を作ります', en: 'take the suggestions from a machine recorded with `tenken record`' },
  lang: { ja: '質問と出力の言語（既定: ロケールから判断）', en: 'language of the questions and the output (default: from the locale)' },
  after: {
    ja: `
配点は 実施している 4 点、一部実施している 2 点、実施していない 0 点、わからない −1 点です。合計は 100 点満点で、
IPA の 4 つの区分（100／70〜99／50〜69／49 以下）と次の対策で読みます。この PC の点検結果が裏付ける項目では、
根拠のチェックとともに回答を提案し、Enter で採用できます。質問はターミナル（標準エラー出力）に、結果は標準出力に出ます。

回答ファイル（--answers）は YAML または JSON です。項目番号は 1〜25、回答は implemented、partly_implemented、
not_implemented、unknown のいずれかです:
  answers:
    "1": implemented
    "2": partly_implemented
    "5": unknown

回答の保存先: Linux は $XDG_STATE_HOME/tenken/selfcheck.json（未設定なら ~/.local/state/tenken/、root なら
/var/lib/tenken/）、Windows は %ProgramData%\\tenken\\、macOS は ~/Library/Application Support/tenken/
（root なら /Library/Application Support/tenken/）。tenken scan --attach-selfcheck でレポートに添付できます。

終了コード: 0 自社診断を最後まで回答した（点数によらず）、2 使い方の誤り、回答ファイルの誤り、回答が足りず
質問するターミナルもない、または中断した、4 tenken 自身の失敗。

例:
  tenken selfcheck                             ターミナルで 25 問に答える
  tenken selfcheck --lang en                   英語で
  tenken selfcheck --answers answers.yaml --format json --out selfcheck.json
                                               管理者の回答ファイルから（質問なし）
  tenken selfcheck --replay recording.yaml     記録した PC から提案
  tenken scan --format json --attach-selfcheck 保存した回答を含むレポート`,
    en: `
Each answer scores 実施している implemented 4, 一部実施している partly_implemented 2, 実施していない
not_implemented 0, わからない unknown −1; the total is out of 100 and read in IPA's four bands (100 / 70–99 /
50–69 / 49 or less) with IPA's next step. Where the scan of this machine evidences an item, its answer is
suggested with the checks behind it, and Enter takes it. Questions are asked on the terminal (standard error);
the result goes to standard output.

Answers file (--answers), YAML or JSON; item numbers 1–25, answers implemented, partly_implemented,
not_implemented or unknown:
  answers:
    "1": implemented
    "2": partly_implemented
    "5": unknown

The answers are saved to $XDG_STATE_HOME/tenken/selfcheck.json (~/.local/state/tenken/ without it;
/var/lib/tenken/ as root) on Linux, %ProgramData%\\tenken\\ on Windows, ~/Library/Application Support/tenken/
on macOS (/Library/Application Support/tenken/ as root); tenken scan --attach-selfcheck adds them to a report.

Exit codes: 0 the self-check was completed (whatever the score), 2 usage error, an invalid answers file,
answers missing with no terminal to ask on, or the self-check interrupted, 4 agent failure.

Examples:
  tenken selfcheck                             answer the 25 questions at the terminal
  tenken selfcheck --lang en                   in English
  tenken selfcheck --answers answers.yaml --format json --out selfcheck.json
                                               an administrator's answers, no questions asked
  tenken selfcheck --replay recording.yaml     suggestions from a recorded machine
  tenken scan --format json --attach-selfcheck a report carrying the saved answers`,
  },
} as const satisfies Record<string, Localized>;

export const RECORD_HELP = {
  description: {
    ja: '点検がこの PC から読むすべての応答を記録し、ほかの場所で scan --replay で再現できるようにします',
    en: 'record every answer a scan reads from this machine, to reproduce it elsewhere with `scan --replay`',
  },
  out: { ja: '記録（YAML）の書き出し先', en: 'where to write the recording (YAML)' },
  noRedact: {
    ja: 'ホスト名、ユーザー名、SSID、シリアル番号、MAC アドレスを残します（既定では伏せます）',
    en: 'keep host name, user names, SSIDs, serial numbers and MAC addresses (redacted by default)',
  },
  probe: { ja: 'これらのプローブだけを記録します（probes/<id>/fixtures/ 用のフィクスチャ）', en: 'record only these probes (a probe fixture for probes/<id>/fixtures/)' },
  note: {
    ja: 'この PC の説明（例: "ThinkPad, Ubuntu 24.04, GNOME, LUKS"）。記録に保存されます',
    en: 'what this machine is, e.g. "ThinkPad, Ubuntu 24.04, GNOME, LUKS"; stored in the recording',
  },
  after: {
    ja: `
例:
  tenken record --out my-pc.yaml --note "Fedora 41 laptop, KDE"   my-pc.yaml を tenken の開発者に送ってください
  sudo tenken record --out my-pc.yaml                             root で実行すると、管理者だけが読める情報も記録します
  tenken record --probe screen-lock --out probes/screen-lock/fixtures/linux-xfce.yaml

記録には tenken が読んだコマンドの出力とファイルの内容が入ります。個人や端末を特定できる値は、--no-redact を
付けない限り置き換えます。送る前にファイルを読んで確かめてください。`,
    en: `
Examples:
  tenken record --out my-pc.yaml --note "Fedora 41 laptop, KDE"   then send my-pc.yaml to the tenken developers
  sudo tenken record --out my-pc.yaml                             as root, so admin-only facts are recorded too
  tenken record --probe screen-lock --out probes/screen-lock/fixtures/linux-xfce.yaml

The recording holds command outputs and file contents tenken read. Identifying values are replaced by
placeholders unless --no-redact is given; read the file before you send it.`,
  },
} as const satisfies Record<string, Localized>;

export const PROBES_HELP = {
  description: { ja: 'プローブと対応する OS、証拠のフィールドを一覧します', en: 'list the probes, their platforms and their evidence fields' },
  format: { ja: 'text または json', en: 'text or json' },
  // The words of the text listing around the fields; the kinds (string, number, …) are the policy's own words.
  needsAdmin: { ja: '管理者権限が必要な OS: {platforms}', en: 'needs admin on: {platforms}' },
  // A field's type: its kinds, the values it takes, whether it may be null ('string or null' before the values in Japanese).
  type: { ja: '{kinds}{orNull}{values}', en: '{kinds}{values}{orNull}' },
  values: { ja: '（{values}）', en: ' ({values})' },
  orNull: { ja: ' または null', en: ' or null' },
  after: {
    ja: "\n例:\n  tenken probes\n  tenken probes --lang en   （英語で表示）\n  tenken probes --format json | jq '.[].id'",
    en: "\nExamples:\n  tenken probes\n  tenken probes --lang ja   (in Japanese)\n  tenken probes --format json | jq '.[].id'",
  },
} as const satisfies Record<string, Localized>;

export const POLICY_HELP = {
  description: { ja: 'ポリシーファイルを扱います', en: 'work with policy files' },
  validate: {
    ja: 'ポリシーを検査します: YAML、スキーマ、プローブ、証拠のパス、パラメーター、カタログの項目、プロファイル',
    en: 'check a policy: YAML, schema, probes, evidence paths, parameters, catalog items, profiles',
  },
  file: { ja: 'ポリシーの YAML ファイル', en: 'policy YAML file' },
  valid: {
    ja: '{file}: 問題ありません — ポリシー {id} v{version}、チェック {checks} 件、プロファイル: {profiles}（既定 {defaultProfile}）、カタログ: {catalogs}',
    en: '{file}: OK — policy {id} v{version}, {checks} checks, profiles: {profiles} (default {defaultProfile}), catalogs: {catalogs}',
  },
  noCatalogs: { ja: 'なし', en: 'none' },
  after: {
    ja: '\n例:\n  tenken policy validate policies/baseline.yaml\n  tenken policy validate our-policy.yaml   （誤りがあれば終了コード 2 と、誤りごとに file:line: メッセージ）',
    en: '\nExamples:\n  tenken policy validate policies/baseline.yaml\n  tenken policy validate our-policy.yaml   (exit 2 and file:line: message for each mistake)',
  },
} as const satisfies Record<string, Localized>;

export const ENROLL_HELP = {
  description: {
    ja: 'この PC を組織のコレクターに登録し、scan --send で署名付きレポートを送れるようにします',
    en: "register this PC with the organisation's collector, so that scan --send can deliver signed reports",
  },
  url: { ja: 'コレクターのアドレス（例: https://collector.example）', en: 'the collector, e.g. https://collector.example' },
  secret: { ja: 'コレクターが表示した登録用シークレット（環境変数 TENKEN_ENROLL_SECRET でも可）', en: 'the enroll secret the collector printed (or set TENKEN_ENROLL_SECRET)' },
  insecure: {
    ja: 'この PC 以外のコレクターへの http（暗号化なし）を許可します（トークンが暗号化されずに送られます）',
    en: 'allow plain http to a collector that is not this machine (the token travels unencrypted)',
  },
  newIdentity: { ja: '端末 ID を捨てて、新しい端末として登録します（この PC を複製したあとなど）', en: 'forget the device id and start as a new device (e.g. after cloning this PC)' },
  caFile: {
    ja: 'コレクターの証明書はこの CA が発行したものだけを信頼します（tenken collector tls init が作った ca.pem）',
    en: 'trust only this CA for the collector (its ca.pem from tenken collector tls init)',
  },
  caFingerprint: {
    ja: 'コレクターが表示した CA のフィンガープリント（sha256:…）で CA を固定します。コレクターが示す証明書チェーンから取り出します',
    en: "pin the collector's CA by the fingerprint it shows (sha256:…): taken from the chain the collector presents",
  },
  after: {
    ja: `
管理者権限が必要です: 端末の鍵は管理者だけが読める場所に保存します。

例:
  sudo tenken enroll https://collector.example --secret 8f3c…
  sudo tenken enroll https://collector.example --secret 8f3c… --new-identity   複製した PC を別の端末として登録
  sudo tenken enroll https://collector.lan:8443 --secret 8f3c… --ca-fingerprint sha256:5d1e…
                                        独自の CA を持つコレクター（tenken collector tls init）

終了コード: 0 登録した、2 拒否された（シークレット、アドレス、権限、コレクターのものではない CA）、4 コレクターに接続できなかった。`,
    en: `
Needs administrator rights: the device key is kept where only administrators can read it.

Examples:
  sudo tenken enroll https://collector.example --secret 8f3c…
  sudo tenken enroll https://collector.example --secret 8f3c… --new-identity   a cloned PC becomes its own device
  sudo tenken enroll https://collector.lan:8443 --secret 8f3c… --ca-fingerprint sha256:5d1e…
                                        a collector with its own CA (tenken collector tls init)

Exit codes: 0 enrolled, 2 refused (secret, address, rights, a CA that is not the collector's), 4 the collector
could not be reached.`,
  },
} as const satisfies Record<string, Localized>;

export const QUEUE_HELP = {
  description: { ja: 'コレクターへの送信を待っているレポートと、待っている理由を一覧します', en: 'list the reports waiting to be sent to the collector (and why they wait)' },
  format: { ja: 'text は人向け、json はスクリプト向け', en: 'text for people, json for scripts' },
  after: {
    ja: `
例:
  sudo tenken queue                         待っているレポート、試行回数、次の送信、最後のエラー
  sudo tenken queue --format json
  sudo tenken queue flush                   次の送信時刻を待たずに今すぐ送る
  sudo tenken queue flush --retry-rejected  コレクターに拒否されたレポートも送る（登録し直したあとなど）`,
    en: `
Examples:
  sudo tenken queue                         what waits, its attempts, next try and last error
  sudo tenken queue --format json
  sudo tenken queue flush                   send now, without waiting for the next try
  sudo tenken queue flush --retry-rejected  also send reports the collector rejected (after enrolling again, say)`,
  },
  flush: { ja: 'キューのレポートを今すぐ送ります', en: 'send the queued reports now' },
  retryRejected: { ja: '拒否されたレポートも送り直します（先に原因を直してください。例: tenken enroll）', en: 'send rejected reports again too (fix the cause first, e.g. tenken enroll)' },
  flushAfter: {
    ja: '\n終了コード: 0 キューが空になった、3 レポートが残っている（あとで再送、または拒否）、2 未登録または権限がない。',
    en: '\nExit codes: 0 the queue is empty, 3 reports remain (retrying later or rejected), 2 not enrolled or no rights.',
  },
} as const satisfies Record<string, Localized>;

export const AGENT_HELP = {
  description: {
    ja: 'EVERY ごとに点検と送信をフォアグラウンドで繰り返します（コンテナーやサーバー向け。スケジューラーのない定期実行）',
    en: 'scan and send in the foreground every EVERY, for containers and servers (a scheduled job without a scheduler)',
  },
  every: { ja: '点検の間隔（例: 24h）', en: 'time between scans, e.g. 24h' },
  splay: { ja: '点検の前に最大 MAX のランダムな時間待ち、全端末の点検を分散させます', en: 'wait a random time up to MAX before each scan, so that a fleet spreads out' },
  profile: { ja: '適用するポリシーのプロファイル', en: 'policy profile to apply' },
  after: {
    ja: '\n登録済みの PC（tenken enroll）か、配置した agent.json が必要です。SIGTERM／SIGINT で区切りよく止まります（終了コード 0）。\n\n例:\n  tenken agent --every 24h --splay 1h',
    en: '\nNeeds an enrolled PC (tenken enroll) or a deployed agent.json. Stops cleanly on SIGTERM / SIGINT (exit 0).\n\nExample:\n  tenken agent --every 24h --splay 1h',
  },
} as const satisfies Record<string, Localized>;

export const INSTALL_HELP = {
  description: {
    ja: 'この PC を一度に準備します: コレクターの設定を保存し、登録して、毎日の点検を登録します（インストーラーが実行するコマンドです）',
    en: 'set this PC up in one step: save the collector settings, enroll, and schedule the daily scan (what the installers run)',
  },
  collector: { ja: 'コレクターのアドレス（例: https://collector.example）。"" なら設定済みのものを使います', en: 'the collector, e.g. https://collector.example ("" keeps the configured one)' },
  secret: {
    ja: 'コレクターが表示した登録用シークレット（環境変数 TENKEN_ENROLL_SECRET でも可）。"" なら設定済みのものを使います',
    en: 'the enroll secret the collector shows (or set TENKEN_ENROLL_SECRET; "" keeps the configured one)',
  },
  caFile: { ja: '固定するコレクターの CA 証明書（PEM ファイル。コレクターの ca.pem など）', en: "the collector's CA certificate to pin (a PEM file, e.g. the collector's ca.pem)" },
  caFingerprint: { ja: '固定するコレクターの CA のフィンガープリント（sha256:…）', en: "the SHA-256 fingerprint of the collector's CA to pin, sha256:<hex>" },
  every: { ja: '定期点検の間隔（既定 {default}）', en: 'how often the scheduled scan runs (default {default})' },
  after: {
    ja: `
管理者権限が必要です。何度実行しても安全です: 空の値（""）は設定済みの値をそのまま使うので、何も渡さない
アップグレードでは何も変わりません。いまコレクターに接続できないときは設定を保存し、最初の定期点検で登録します。
設定のない PC で --collector を空にすると、登録せずにインストールし、定期点検の結果は PC 内に保存します。
出力はインストーラーには表示されないため、状態フォルダーの install.log にも追記します
（/var/lib/tenken、/Library/Application Support/tenken、%ProgramData%\\tenken）。

終了コード: 0 インストールした（いま登録した、または最初の定期点検で登録する）。2 引数の誤り（--collector がない、
この PC 以外への http://、空のシークレット、読めない CA）、コレクターがシークレットを拒否した、または管理者として
実行していない。4 スケジューラーが拒否した。

例:
  sudo tenken install --collector https://collector.example --secret 8f3c… --ca-fingerprint sha256:5d1e…
  sudo tenken install --collector https://tenken.office.lan:8443 --secret 8f3c… --ca-file ca.pem --every 12h
  tenken install --collector https://collector.example --secret 8f3c…     Windows では管理者として開いたターミナルで`,
    en: `
Needs administrator rights. Safe to run again: empty values ("") keep what is configured, so an upgrade
that passes nothing changes nothing. If the collector cannot be reached now, the settings are saved and
the first scheduled scan enrolls. Given an empty --collector on a PC with no settings, tenken is
installed but not enrolled, and the scheduled scans keep their reports on the PC. What it says is also
appended to install.log in the state folder (/var/lib/tenken, /Library/Application Support/tenken,
%ProgramData%\\tenken), since installers do not show it.

Exit codes: 0 installed (enrolled now, or to enroll on the first scheduled scan); 2 bad arguments (no
--collector, plain http:// to another machine, an empty secret, an unreadable CA), the collector refused
the secret, or not run as administrator; 4 the scheduler refused.

Examples:
  sudo tenken install --collector https://collector.example --secret 8f3c… --ca-fingerprint sha256:5d1e…
  sudo tenken install --collector https://tenken.office.lan:8443 --secret 8f3c… --ca-file ca.pem --every 12h
  tenken install --collector https://collector.example --secret 8f3c…     Windows, in a terminal run as administrator`,
  },
  uninstall: {
    ja: 'tenken install を取り消します: 定期点検を削除します（--purge なら、この PC の登録情報、キュー、設定も）',
    en: "undo tenken install: remove the scheduled scan (and with --purge this PC's identity, queue and settings)",
  },
  purge: { ja: 'この PC の登録情報、キューのレポート、コレクターの設定も削除します', en: "also delete this PC's identity, queued reports and the collector settings" },
  uninstallAfter: {
    ja: `
管理者権限が必要です。プログラムのファイルはパッケージ管理（MSI、dpkg、rpm、uninstall.sh）が削除します。

終了コード: 0 削除した（何も登録されていなかったときも）、2 管理者として実行していない、4 スケジューラーが拒否した。

例:
  sudo tenken uninstall
  sudo tenken uninstall --purge`,
    en: `
Needs administrator rights. The program files are the package manager's (MSI, dpkg, rpm, uninstall.sh).

Exit codes: 0 removed (also when nothing was installed); 2 not run as administrator; 4 the scheduler refused.

Examples:
  sudo tenken uninstall
  sudo tenken uninstall --purge`,
  },
} as const satisfies Record<string, Localized>;

const SCHEDULE_EXIT: Localized = {
  ja: `
終了コード:
  install, remove   0 完了（remove は何も登録されていなかったときも）。2 使い方の誤り、または管理者として
                    実行していない（実行するコマンドを表示します）。4 スケジューラーが拒否した（その理由を表示します）
  status            0 登録済みで正常（前回の実行が完了した、またはまだ実行されておらず次回が予定されている）。
                    1 登録されていない。3 登録済みだが対応が必要（前回の実行が失敗、タイマーやタスクが無効、
                    cron が動いていない、または状態を読めない）`,
  en: `
Exit codes:
  install, remove   0 done (remove: also when nothing was installed); 2 usage error, or not run as
                    administrator (the command to run is shown); 4 the scheduler refused (its words are shown)
  status            0 installed and healthy (its last run completed, or it has not run yet and a next run is
                    due); 1 not installed; 3 installed but needs attention (the last run failed, the timer or
                    task is off, cron is not running, or its state cannot be read)`,
};

export const SCHEDULE_HELP = {
  description: {
    ja: 'この OS のスケジューラー（systemd タイマーまたは cron、launchd、タスク スケジューラ）で tenken scan を定期的に実行します',
    en: "run tenken scan on a schedule with this OS's own scheduler (systemd timer or cron, launchd, Task Scheduler)",
  },
  after: {
    ja: `
Linux: systemd が動いていれば systemd タイマー（tenken-scan.timer）、なければ /etc/cron.d/tenken。
macOS: LaunchDaemon /Library/LaunchDaemons/jp.tenken.scan.plist。Windows: タスク \\tenken\\scan（SYSTEM として実行）。
毎回ランダムな遅延（splay）のあとに始まるので、全端末が同じ瞬間にコレクターへ送ることはありません。
${SCHEDULE_EXIT.ja}

例:
  sudo tenken schedule install --every 24h --send
  tenken schedule status
  sudo tenken schedule remove`,
    en: `
Linux: a systemd timer (tenken-scan.timer) when systemd runs the machine, else /etc/cron.d/tenken.
macOS: the LaunchDaemon /Library/LaunchDaemons/jp.tenken.scan.plist. Windows: the task \\tenken\\scan (as SYSTEM).
Each run starts after a random delay (the splay), so a fleet does not reach the collector at the same second.
${SCHEDULE_EXIT.en}

Examples:
  sudo tenken schedule install --every 24h --send
  tenken schedule status
  sudo tenken schedule remove`,
  },
  install: { ja: '定期点検を登録します（以前の登録は置き換えます）。管理者権限が必要です', en: 'register the scheduled scan (replaces an earlier one); needs administrator rights' },
  every: { ja: '間隔: 24h、12h、1h、7d など（最短 {min}）', en: 'how often: 24h, 12h, 1h, 7d … (at least {min})' },
  splay: { ja: '毎回の実行前の最長のランダムな遅延（既定: --every の 10 分の 1、最長 1h）', en: 'longest random delay before each run (default: a tenth of --every, at most 1h)' },
  profile: { ja: '点検で適用するポリシーのプロファイル（既定: ポリシーの defaultProfile、baseline）', en: "policy profile the scan applies (default: the policy's defaultProfile, baseline)" },
  send: { ja: '毎回のレポートを、この PC を登録したコレクターに送ります（tenken enroll）', en: 'send each report to the collector this machine is enrolled with (tenken enroll)' },
  installAfter: {
    ja: `
実行されるコマンド: <node> <tenken>/dist/src/main.js scan --scheduled <every> [--send] [--profile P] [--splay <max>]
（--splay はスケジューラー自身にランダムな遅延がない cron と launchd の場合だけ）。macOS の launchd は
/Library/Application Support/tenken/bin/tenken（「ログイン項目」に表示される名前）から起動します。
systemd、cron、launchd が時計どおりの周期を保てるのは {intervals} だけです。
それ以外の間隔は、systemd は起動時から、launchd は読み込み時から数え（スリープ中の回は飛ばします）、cron は受け付けません。
${SCHEDULE_EXIT.ja}

例:
  sudo tenken schedule install --every 24h --send              毎日、コレクターに送信
  sudo tenken schedule install --every 12h --profile telework-return --splay 30m
  tenken schedule install --every 24h                           Windows では管理者として開いたターミナルで`,
    en: `
The job runs: <node> <tenken>/dist/src/main.js scan --scheduled <every> [--send] [--profile P] [--splay <max>]
(--splay only where the scheduler has no random delay of its own: cron and launchd). On macOS launchd starts
it through /Library/Application Support/tenken/bin/tenken, the name Login Items shows.
systemd, cron and launchd keep a wall-clock rhythm only for {intervals};
systemd runs other intervals counting from boot, launchd from its load (skipping runs missed in sleep), cron refuses them.
${SCHEDULE_EXIT.en}

Examples:
  sudo tenken schedule install --every 24h --send              daily, reports to the collector
  sudo tenken schedule install --every 12h --profile telework-return --splay 30m
  tenken schedule install --every 24h                           Windows, in a terminal run as administrator`,
  },
  status: {
    ja: '定期点検が登録されているか、前回の実行日時と結果、次回の実行日時を表示します',
    en: 'show whether the scheduled scan is installed, when it last ran and how that ended, and when it runs next',
  },
  statusAfter: { ja: `${SCHEDULE_EXIT.ja}\n\n例:\n  tenken schedule status\n  tenken schedule status --lang ja`, en: `${SCHEDULE_EXIT.en}\n\nExamples:\n  tenken schedule status\n  tenken schedule status --lang ja` },
  remove: { ja: '定期点検の登録を解除し、そのファイルを削除します。管理者権限が必要です', en: 'unregister the scheduled scan and delete its files; needs administrator rights' },
  removeAfter: { ja: `${SCHEDULE_EXIT.ja}\n\n例:\n  sudo tenken schedule remove`, en: `${SCHEDULE_EXIT.en}\n\nExamples:\n  sudo tenken schedule remove` },
} as const satisfies Record<string, Localized>;

export const COLLECTOR_HELP = {
  description: {
    ja: 'コレクターを動かします: 登録した PC から署名付きレポートを受け取り、管理者に全端末の状況を見せます',
    en: 'run the collector: receive signed reports from enrolled PCs, show the fleet to administrators',
  },
  listen: { ja: '待ち受けるアドレス（既定: --cert があれば {https}、なければ {http}）', en: 'address to listen on (default {https} with --cert, {http} without)' },
  cert: { ja: 'この証明書（PEM、中間証明書を含む）で HTTPS を提供します', en: 'serve HTTPS with this certificate (PEM, with its chain)' },
  key: { ja: '--cert の秘密鍵（PEM）', en: 'the private key of --cert (PEM)' },
  trustProxy: {
    ja: 'TLS を終端するリバースプロキシの後ろで HTTP を使います: これらのアドレス（既定: ループバック、同じマシンのプロキシ）からの接続について、プロキシが付け加えた X-Forwarded-For と X-Forwarded-Proto を信頼します',
    en: 'plain HTTP behind a reverse proxy that terminates TLS: trust the X-Forwarded-For entry and X-Forwarded-Proto added by the proxy at these addresses (default: loopback, a proxy on this machine)',
  },
  tlsDir: {
    ja: 'tls init が CA とサーバー証明書を置くフォルダー（既定: SQLite データベースと同じ場所の tls/、または状態フォルダー）',
    en: 'where tls init keeps the CA and the server certificate (default: tls/ beside the SQLite database, or in the state folder)',
  },
  publicUrl: {
    ja: 'PC がコレクターに接続するアドレス。登録コマンドの表示と「PCを追加」ページに使います（既定: 待ち受けアドレス、またはブラウザーが使ったアドレス）',
    en: 'the address PCs reach the collector at, for the enroll hints and the Add PCs page (default: from the listening address, or the address the browser used)',
  },
  packages: {
    ja: 'このフォルダーのインストーラーを /packages/<ファイル名> で配布し、「PCを追加」ページに一覧します',
    en: 'serve the installers in this folder at /packages/<file> and list them on the Add PCs page',
  },
  tls: { ja: 'オフィスの LAN 用の、コレクター自身の CA と HTTPS 証明書', en: "the collector's own CA and HTTPS certificate for the office LAN" },
  tlsInit: {
    ja: 'プライベート CA と、このマシンの LAN 上の名前とアドレスで使えるサーバー証明書を作ります',
    en: "make a private CA and a server certificate for this machine's LAN names and addresses",
  },
  tlsRenew: {
    ja: '同じ CA から新しいサーバー証明書を作ります（PC は CA を固定しているので、そのまま使えます）。動いているコレクターは 1 分以内に（SIGHUP ですぐに）使い始めます',
    en: 'a new server certificate from the same CA (agents keep working: they pin the CA); a running collector takes it up within a minute (at once on SIGHUP)',
  },
  tlsName: {
    ja: 'このホスト名でも有効にします（繰り返し指定可。このマシンの名前は自動で加わります）',
    en: "also valid for this host name (repeatable; this machine's names are added by themselves)",
  },
  tlsIp: {
    ja: 'この IP アドレスでも有効にします（繰り返し指定可。このマシンのアドレスは自動で加わります）',
    en: "also valid for this IP address (repeatable; this machine's addresses are added by themselves)",
  },
  maxReports: { ja: '端末ごとに 1 分間に受け付けるアップロード数。0 は無制限（コレクターのインスタンスごと）', en: 'uploads allowed per device per minute, 0 for no limit (per collector instance)' },
  logLevel: { ja: 'ログ（標準エラー出力）に出す内容', en: 'what the log (standard error) shows' },
  keepDays: {
    ja: '受け取ってからこの日数を過ぎたレポートを 1 日 1 回削除します（端末ごと・プロファイルごとの最新のレポートは残します）',
    en: 'delete reports received more than this many days ago, once a day (a device keeps its newest report of each profile)',
  },
  keepReportsPerDevice: { ja: '端末ごとに残すレポートの上限（新しいものから）', en: "keep at most this many of a device's reports, the newest" },
  deviceId: { ja: 'デバイス ID（ダッシュボードの端末のページに表示されます）', en: "the device id (on the device's page of the dashboard)" },
  device: {
    ja: '登録済みの PC への操作: 一覧、使わなくなった PC の廃止・削除、盗まれた PC の登録取り消し、再登録の許可',
    en: 'what to do about enrolled PCs: list them, retire or delete one that left, revoke a stolen one, let one enroll again',
  },
  deviceRevoke: {
    ja: '盗まれた・なくした・使わなくなった PC: そのトークンはすぐに使えなくなり、その鍵で再登録することもできなくなります',
    en: 'a stolen, lost or retired PC: its token stops working at once and its key no longer lets it enroll again',
  },
  deviceAllowReenroll: {
    ja: 'この ID での次の登録を、以前の鍵による証明なしで新しい鍵に置き換えることを許可します（{hours} 時間有効）',
    en: 'let the next enrollment under this id replace its key without proof by the old one (for {hours} hours)',
  },
  timeZone: { ja: '管理画面で時刻を表示するタイムゾーン（IANA の名前。例: Asia/Tokyo。既定はサーバーのもの）', en: "IANA time zone the dashboard shows times in (e.g. Asia/Tokyo; default: the server's own)" },
  after: {
    ja: `
初回の起動: コレクターはデータベースと登録用シークレットを作り、PC の登録方法と最初の管理者の作り方を表示します
（初期パスワードはありません）。ログ（JSON、pino）は標準エラー出力に出ます。

HTTPS: \`tenken collector tls init\` でプライベート CA と、このマシンの LAN 上の名前とアドレス用の証明書を作ると、
コレクターはそれで HTTPS を提供し（--cert か --trust-proxy を指定しない限り）、PC は登録時にその CA を固定します
（--ca-fingerprint）。または自社の CA の --cert と --key を指定するか、TLS を終端するリバースプロキシ（nginx、Caddy）の
後ろで、ループバックの HTTP と --trust-proxy で動かしてください。エージェントはループバック以外への http:// を拒否します。

終了コード: 0 停止した（SIGINT／SIGTERM）、2 使い方の誤り、アドレスが使用中、証明書や鍵を読めない、
4 データベースを開けない、または移行できない。

例:
  tenken collector tls init && tenken collector --listen 0.0.0.0:8443
  tenken collector --listen 0.0.0.0:8443 --cert /etc/tenken/cert.pem --key /etc/tenken/key.pem
  tenken collector --listen 127.0.0.1:8080 --trust-proxy          同じマシンの nginx の後ろで
  tenken collector --db postgres://tenken:…@db.internal/tenken     複数のインスタンスで 1 つの PostgreSQL
  tenken collector admin add hanako
  tenken collector enroll-secret
  tenken collector device list
  tenken collector device retire <デバイスID>              使わなくなった PC: 一覧から外し、報告を拒否（履歴は残る）
  tenken collector device delete <デバイスID> --yes        PC とそのレポートをすべて削除
  tenken collector device revoke <デバイスID>             盗まれた・なくした PC: その報告を拒否し、鍵による再登録もできなくします
  tenken collector device allow-reenroll <デバイスID>     鍵をなくした PC が同じ ID で再登録できるようにします`,
    en: `
First start: the collector creates its database and an enroll secret, and prints how to enroll a PC and how
to create the first administrator (there is no default password). Logs (JSON, pino) go to standard error.

HTTPS: \`tenken collector tls init\` makes a private CA and a certificate for this machine's LAN names and
addresses; the collector then serves HTTPS with it (unless --cert or --trust-proxy is given) and PCs pin the
CA when they enroll (--ca-fingerprint). Or give --cert and --key from your own CA, or run plain HTTP on
loopback behind a reverse proxy (nginx, Caddy) that terminates TLS, with --trust-proxy. Agents refuse plain
http:// except to loopback.

Exit codes: 0 stopped (SIGINT/SIGTERM, also to the npx that started it), 2 usage error, the address in use,
an unreadable certificate or key, 4 the database cannot be opened or migrated.

Examples:
  tenken collector tls init && tenken collector --listen 0.0.0.0:8443
  tenken collector --listen 0.0.0.0:8443 --cert /etc/tenken/cert.pem --key /etc/tenken/key.pem
  tenken collector --listen 127.0.0.1:8080 --trust-proxy          behind nginx on the same machine
  tenken collector --db postgres://tenken:…@db.internal/tenken     several instances, one PostgreSQL
  tenken collector admin add hanako
  tenken collector enroll-secret
  tenken collector device list
  tenken collector device retire <device id>            a PC that left: hidden, its reports refused, history kept
  tenken collector device delete <device id> --yes      a PC and every report it sent
  tenken collector device revoke <device id>            a stolen or lost PC: its uploads are refused and its key cannot enroll again
  tenken collector device allow-reenroll <device id>    a PC that lost its key may enroll under its id again`,
  },
  admin: { ja: 'ダッシュボードと読み取り API の管理者', en: 'administrators of the dashboard and the read API' },
  adminAdd: { ja: '管理者を作成します。既存の管理者なら新しいパスワードを設定します', en: 'create an administrator, or give an existing one a new password' },
  adminList: { ja: '管理者の一覧（追加した日時とパスワードを設定した日時）', en: 'list the administrators (when each was added and last given a password)' },
  adminRemove: {
    ja: '管理者を削除します。その管理者のログイン中のセッションもすぐに終了します',
    en: 'remove an administrator; their open sessions end at once',
  },
  adminName: { ja: 'ダッシュボードにログインする名前（1〜64 文字、空白とコロンは使えません）', en: 'the name to log in to the dashboard with (1–64 characters, no spaces or colons)' },
  passwordStdin: { ja: 'パスワードを標準入力の 1 行目から読みます（スクリプト向け）', en: 'read the password from the first line of standard input (for scripts)' },
  enrollSecret: { ja: 'PC の登録に使うシークレットと、登録の方法を表示します', en: 'show the secret PCs enroll with, and how to enroll one' },
  rotate: {
    ja: '新しいシークレットに置き換えます（登録済みの PC はそのまま使えます。新しい登録には新しいシークレットが必要です）',
    en: 'replace it with a new one (enrolled PCs keep working; new enrollments need the new one)',
  },
  url: { ja: 'PC がコレクターに接続するアドレス（表示する登録コマンド用）', en: 'the address PCs reach the collector at, for the enroll command shown' },
  deviceList: { ja: '登録済みの端末の一覧（ID、ホスト名、最終報告、使用終了かどうか）', en: 'every enrolled device: id, hostname, last report, and whether it is retired' },
  deviceListRetired: { ja: '使用を終了した端末だけを表示します', en: 'only the retired devices' },
  deviceRetire: {
    ja: '端末を一覧と集計から外し、報告を受け付けなくします。履歴は残ります（もう一度登録すると戻ります）',
    en: 'take the device out of the lists and counts and stop accepting its reports; its history is kept (enrolling again brings it back)',
  },
  deviceDelete: { ja: '端末と、その端末が送ったすべてのレポートを削除します（元に戻せません）', en: 'delete the device and every report it sent (cannot be undone)' },
  deviceYes: { ja: '確認せずに実行します', en: 'do not ask for confirmation' },
} as const satisfies Record<string, Localized>;
