/** The sign-in probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  automaticLogin:
    'PC が起動時にパスワードを求めずにユーザーをサインインさせるか（Linux: ディスプレイマネージャーか getty の自動ログイン。Windows: Winlogon の AutoAdminLogon=1。macOS: autoLoginUser が設定されている）',
  automaticLoginUser: '自動でサインインするアカウント。なければ、またはわからなければ null',
  automaticLoginSources: '自動ログインが設定されている場所（どこにもなければ空）。読み取れなかった場所があれば null',
  guestAccountEnabled:
    'ゲストアカウントがパスワードなしでサインインできるか（Windows: 組み込みの Guest（SID …-501）が有効。macOS: GuestEnabled）。Linux では読み取りません',
  accountsWithoutPassword:
    'パスワードなしでサインインできる、有効なローカルアカウント（Linux: /etc/shadow のパスワード欄が空。Windows: PasswordRequired がオフの有効なアカウント。Windows はこれに空のパスワードを許します）。macOS では読み取りません',
  passwordMinLength:
    'ローカルのパスワードポリシーが受け付ける新しいパスワードの最短の長さ（Linux: pam_pwquality の minlen から正のクレジットを引いたもの、または pam_unix の minlen。Windows: MinimumPasswordLength、0 は制限なし。macOS: アカウントポリシーのパスワードの内容の規則が求める長さのうち最長のもの、0 は制限なし）',
  passwordPolicySource:
    'passwordMinLength を決めているもの: 新しいパスワードを検査する PAM のモジュール、Windows のローカル セキュリティ ポリシー、または macOS のアカウントポリシー（pwpolicy）',
};
