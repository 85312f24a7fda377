/** The office-macros probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  user: '設定を読み取ったコンソールのユーザーのログイン名',
  officeApps:
    'インストールされている、マクロを実行するオフィスアプリ（Windows: Word、Excel、PowerPoint、Access、Visio。macOS: Word、Excel、PowerPoint。Linux: LibreOffice）。なければ空',
  clickToRun:
    'Windows: クイック実行（Click-to-Run）版の Office（Microsoft 365 Apps、Office 2019/2021/2024）の VersionToReport と ProductReleaseIds。インストールされていない場合と macOS では null',
  apps: 'インストールされている各アプリとそのマクロの設定',
  appsRunningInternetMacros: 'インターネットから入手したファイルのマクロを実行できる、インストール済みのアプリ（なければ空）。該当が確認できたアプリがなく、判断できないアプリがあれば null',
  appsEnablingAllMacros: '「すべてのマクロを有効にする」に設定された（ポリシーまたはユーザーによる）インストール済みのアプリ。該当が確認できたアプリがなく、判断できないアプリがあれば null',
};
