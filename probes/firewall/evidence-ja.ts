/** The firewall probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */

/** The three Windows Defender Firewall profiles are described alike. */
const profile = (name: string): Record<string, string> => ({
  [`windows.profiles.${name}.enabled`]: 'このプロファイルがオンか（GpoBoolean の Enabled）',
  [`windows.profiles.${name}.defaultInboundAction`]: 'アクティブなストアが示すとおりの DefaultInboundAction',
  [`windows.profiles.${name}.defaultInbound`]:
    'このプロファイルで、要求していない受信通信がどう扱われるか。プロファイルがオフなら allow。NotConfigured は組み込みの Block（deny）',
  [`windows.profiles.${name}.enforcedByPolicy`]:
    'グループ ポリシーによる EnableFirewall の設定（HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall）: true は強制的にオン、false は強制的にオフ、null は未設定',
});

export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  frontend:
    '受信通信を制御しているもの。Linux: 動作中の ufw、実行中の firewalld、どちらもなければ nft または iptables で読み取ったルールセットそのもの。Windows: Windows Defender ファイアウォール、または Windows セキュリティ センターに登録された他社製のファイアウォール。macOS: アプリケーション ファイアウォール。どれもなければ none',
  active:
    '受信パケットのフィルターが有効か。Linux: カーネルに読み込まれている（ルールがあるか、既定の動作が accept でない）。Windows: 接続中のすべてのネットワークのプロファイルがオン。macOS: アプリケーション ファイアウォールがオン',
  defaultInbound:
    'どのルールも許可していない、要求していない受信通信がどう扱われるか。IPv4 と IPv6 のどちらかで通れば allow（Linux）、使用中のプロファイルがオフか許可していれば allow（Windows）、アプリケーション ファイアウォールがオフなら allow（macOS）',
  ufw: 'Linux: ufw の状態。ufw がインストールされていなければ null',
  'ufw.enabledInConfig': '/etc/ufw/ufw.conf の ENABLED=yes（起動時に ufw がルールを読み込みます）',
  'ufw.serviceState': '`systemctl is-active ufw`（ユニットが oneshot のため、ENABLED=no でも active になります）',
  'ufw.status': '`ufw status verbose`: ufw のチェーンが読み込まれているか（root のみ）',
  'ufw.defaultIncoming': '`ufw status verbose` の「Default: … (incoming)」（root のみ。動作中に表示されます）',
  'ufw.configuredDefaultIncoming': '/etc/default/ufw の DEFAULT_INPUT_POLICY。ufw がルールを読み込むときに適用されます',
  'ufw.inboundAllowRules': '受信通信を許可するルール。「<to> from <from>」の形（root のみ）',
  firewalld: 'Linux: firewalld の状態。firewalld がインストールされていなければ null',
  'firewalld.state': '`firewall-cmd --state`（その終了コードによる）',
  'firewalld.serviceState': '`systemctl is-active firewalld`',
  'firewalld.defaultZone': '既定のゾーン。ほかのゾーンに割り当てられていないインターフェースに適用されます',
  'firewalld.target': '既定のゾーンのターゲット: default | %%REJECT%% | DROP | ACCEPT（default は拒否）',
  'firewalld.services': '既定のゾーンが受信を許可するサービス',
  'firewalld.ports': '既定のゾーンが受信を許可するポート。例: "1025-65535/tcp"',
  'firewalld.openPortCount': '`ports` が開けているポートの数。tcp と udp は別々に数えます（Fedora Workstation では 129022）',
  'firewalld.richRules': '既定のゾーンのリッチルール',
  'firewalld.interfaces': '既定のゾーンに割り当てられたインターフェース',
  ruleset: 'Linux: カーネルに読み込まれているルールセット（root のみ）',
  'ruleset.tool': 'カーネルのルールセットを一覧したツール',
  'ruleset.inputChains': 'input フックにある基本のフィルターチェーン（IPv4/IPv6 のファミリーのみ）',
  'ruleset.ipv4DefaultInbound': 'どのルールも許可していない IPv4 の受信通信がどう扱われるか',
  'ruleset.ipv6DefaultInbound': 'どのルールも許可していない IPv6 の受信通信がどう扱われるか',
  windows: 'Windows の状態。PowerShell が応答しなければ null',
  'windows.profiles': 'Get-NetFirewallProfile -PolicyStore ActiveStore による Windows Defender ファイアウォールのプロファイル（グループ ポリシーと MDM の設定を反映したもの）',
  ...profile('domain'),
  ...profile('private'),
  ...profile('public'),
  'windows.connections': '接続中のネットワーク（Get-NetConnectionProfile）。どこにも接続していなければ空',
  'windows.thirdPartyFirewalls':
    'Windows セキュリティ センターに登録されたファイアウォール（Windows ファイアウォール自体は含みません）。Windows セキュリティ センターに問い合わせられない環境（Windows Server など）では null',
  macos: 'macOS のアプリケーション ファイアウォールの状態',
  'macos.globalState': 'socketfilterfw --getglobalstate の「(State = N)」: 0 はオフ、1 はオン、2 はオンで外部からの接続をすべてブロック',
  'macos.blockAll': 'socketfilterfw --getblockall: 「外部からの接続をすべてブロック」',
  'macos.stealthMode': 'socketfilterfw --getstealthmode: ping にも、閉じたポートへの問い合わせにも応答しない',
  'macos.allowSignedBuiltIn': '内蔵のソフトウェアが、確認なしに外部からの接続を受け入れられるか（--getallowsigned）',
  'macos.allowSignedDownloaded': 'ダウンロードした署名付きのソフトウェアが、確認なしに外部からの接続を受け入れられるか（--getallowsigned）',
  'macos.settingsFrom':
    'globalState を読み取った場所: socketfilterfw、または管理された Mac で socketfilterfw が応答を拒んだ場合は MDM のファイアウォールのプロファイル（com.apple.security.firewall）',
};
