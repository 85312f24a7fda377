/** The remote-access probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  services:
    'オンになっているリモートアクセスのサーバー。Windows: リモート デスクトップ（rdp）と OpenSSH サーバー。Linux: OpenSSH、xrdp、GNOME Remote Desktop（そのシステムサービスが有効か実行中、またはコンソールのユーザーのデスクトップ共有がオン）。macOS: リモートログイン（ssh）、画面共有、リモートマネージメント',
  rdp: 'Windows のリモート デスクトップ',
  'rdp.available': 'このエディションがリモート デスクトップの接続を受け付けられるか（Windows Home ではない）',
  'rdp.enabled': 'リモート デスクトップの接続が許可されているか（fDenyTSConnections が 0。グループ ポリシーの値を優先）',
  'rdp.nlaRequired':
    'セッションの開始前にネットワーク レベル認証（NLA）が必要か（UserAuthentication が 1 で SecurityLayer が 0 でない。ポリシーの値を優先）。リモート デスクトップがオフの間は null',
  'ssh.enabled':
    'SSH サーバーがオンか（Linux: ssh/sshd のサービスか ssh.socket が有効または実行中。Windows: sshd のサービスが実行中か自動起動。macOS: リモートログイン）',
  'ssh.listensOnNetwork': 'ループバック以外のアドレスで待ち受けているか（ListenAddress の指定がない既定の状態では、すべてのアドレスで待ち受けます）。オフの間は null',
  'ssh.passwordLogin':
    'パスワードだけでサインインできるか: PasswordAuthentication、または PAM による keyboard-interactive が使え、鍵を求める AuthenticationMethods がない。Match ブロックは読み取りません。オフの間は null',
  'ssh.settingsFrom': '設定を読み取った場所: `sshd -T` による実際に有効な構成（root）、または構成ファイル',
};
