/** The os-updates probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  'distribution.id': 'os-release の ID。例: "debian"、"ubuntu"、"fedora"。Windows では "windows"、macOS では "macos"。os-release がなければ null',
  'distribution.idLike': 'os-release の ID_LIKE を空白で区切ったもの',
  'distribution.versionId': 'os-release の VERSION_ID。例: "12"、"24.04"、"9.4"。Windows では DisplayVersion（"24H2"）、macOS では ProductVersion（"15.6"）',
  'distribution.codename': 'os-release の VERSION_CODENAME。例: "bookworm"。macOS では同梱のデータにあるリリース名（"Sequoia"）。Windows では null',
  'distribution.prettyName': 'os-release の PRETTY_NAME（人が読むための名前）',
  'support.endsAt': 'このリリースへの通常のセキュリティ更新をベンダーが終える日（Ubuntu: ESM ではなく標準サポートの終了日）',
  'support.extendedEndsAt': '延長サポートが終わる日（Ubuntu Pro による Ubuntu ESM、Debian LTS、RHEL ELS）。endoflife.date による',
  'support.securityUpdatesEndAt':
    '有料の追加契約なしに、通常のアーカイブからこのリリースがセキュリティ更新を受けられる最後の日。Debian では Debian LTS（通常のセキュリティアーカイブで公開されます）、それ以外では endsAt（Ubuntu ESM と RHEL ELS には契約が必要です）',
  'support.source': 'endsAt の出どころ',
  'support.cycle': '一致した endoflife.date の製品とリリースサイクル。例: "ubuntu 22.04"',
  packageManager: '見つかったシステムのパッケージマネージャー。none は apt も dnf もないこと。Windows では Windows Update、macOS ではソフトウェアアップデート',
  'pendingUpdates.count':
    '新しいバージョンがあるインストール済みパッケージの数（apt: apt list --upgradable。保留（hold）や据え置き（kept back）のものを含み、更新で新たにインストールされるパッケージは含みません。dnf: check-update）。Windows: Windows Update エージェントの最後の検索で見つかった、未インストールで非表示にされていない更新プログラム。macOS: 最後のソフトウェアアップデートの確認での RecommendedUpdates',
  'pendingUpdates.securityCount':
    'そのうち、新しいバージョンがセキュリティ用の提供元から来るパッケージの数（apt: *-security のスイート。dnf: セキュリティアドバイザリが名指ししたパッケージ）。Windows: MSRC の深刻度があるか「セキュリティ更新プログラム」の分類にある更新プログラム。macOS: 保留中のものがなければ 0、あれば不明（Apple のカタログはセキュリティの内容かどうかを示しません）',
  'pendingUpdates.metadataRefreshedAt':
    'パッケージの一覧を最後に更新した日時（apt update。Windows: 最後に成功した Windows Update の検索。macOS: LastFullSuccessfulDate）。件数はこの時点の情報です',
  lastUpdateAt:
    '最後に成功したパッケージのインストールまたは更新の終了日時（apt の履歴、rpm のインストール日時）。Windows: Windows Update の履歴のうち、定義ファイルの更新を除く最も新しい成功したインストール。macOS: InstallHistory.plist のうち、構成データ（XProtect、Gatekeeper など）を除く softwareupdated による最も新しいインストール',
  'automaticUpdates.tool': 'このパッケージマネージャーが使う自動更新のツール。なければ null',
  'automaticUpdates.installed': 'そのツールがインストールされているか',
  'automaticUpdates.settings':
    '読み取ったとおりのその設定: APT::Periodic::Update-Package-Lists / APT::Periodic::Unattended-Upgrade（日数。"0" はオフ）、または apply_updates。Windows: 設定されている自動更新（AU）のポリシーの値（NoAutoUpdate、AUOptions、UseWUServer）。macOS: 実際に有効な com.apple.SoftwareUpdate の各スイッチ（"true"/"false"。macos.settingsFrom を参照）',
  'automaticUpdates.timers': 'それを実行する各 systemd タイマーのユニットファイルの状態（systemctl is-enabled: enabled、disabled、masked、not-found など）。Linux のみ',
  'automaticUpdates.systemdRunning': '動作中の init が systemd か（/run/systemd/system があるか）。そうでなければタイマーは動きません。Linux のみ',
  'automaticUpdates.installsUpdates':
    'この PC が自動で更新をインストールするよう設定されているか。ツールがインストールされ、インストールがオンで、そのタイマーが有効。Windows: ポリシーで無効にされておらず（NoAutoUpdate、AUOptions 2/3）、wuauserv と UsoSvc が無効でなく、一時停止していない。macOS: 確認、ダウンロード、macOS のアップデート、セキュリティ対応とシステムデータファイルがすべてオン',
  rebootRequired:
    'インストールした更新が再起動を待っているか（/var/run/reboot-required。dnf: needs-restarting -r。Windows: RebootRequired / RebootPending のキー）',
  windows: 'Windows のみ',
  'windows.productName': 'レジストリの ProductName。Windows が書いたとおり（Windows 11 でも "Windows 10" のままです）',
  'windows.editionId': 'レジストリの EditionID: Core、CoreSingleLanguage、Professional、Enterprise、Education、EnterpriseS（LTSC）など',
  'windows.editionClass':
    'endoflife.date でのエディションのサービス区分: w = Home/Pro、e = Enterprise/Education、e-lts = Enterprise LTSC、iot-lts = IoT Enterprise LTSC',
  'windows.currentBuild': 'レジストリの CurrentBuild（22000 以上は Windows 11）',
  'windows.ubr': 'レジストリの UBR: そのビルドの累積更新プログラムのリビジョン',
  'windows.esu': 'この PC が拡張セキュリティ更新（ESU）を受けているか。登録状況は読み取らないため null',
  'windows.pausedUntil': '設定されていれば PauseUpdatesExpiryTime（UX\\Settings）、UTC。更新を一時停止したことがなければ null',
  'windows.services': 'Windows Update と Update Orchestrator のサービスのスタートアップの種類',
  'windows.wsus': 'ポリシーで Windows Update の接続先を WSUS サーバーにしているか（UseWUServer = 1）。WSUS につながる PC には承認された更新プログラムだけが見えます',
  macos: 'macOS のみ',
  'macos.buildVersion': 'sw_vers の BuildVersion。例: "24G84"',
  'macos.productVersionExtra': 'sw_vers の ProductVersionExtra: 適用された緊急セキュリティ対応。例: "(a)"。なければ null',
  'macos.newerMajors': '同梱のデータのうち、この macOS より新しいメジャーリリースの数',
  'macos.lastCheckAt': 'LastSuccessfulDate: 最後に成功したソフトウェアアップデートの確認',
  'macos.settingsFrom': '自動アップデートの各スイッチの出どころ: 構成プロファイル、ローカルの設定、または OS の既定値（オン）',
  'macos.majorUpgradesOffered': 'ソフトウェアアップデートが提示している新しい macOS のメジャーリリース（Display Name）。アップグレードであり、pendingUpdates には数えません',
};
