/** Why a fact of the office-macros probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const OFFICE_MACROS_REASONS = {
  'office-macros.no-console-user': t(
    (_) => 'コンソールでログインしているユーザーが見つからないため、そのユーザーの Office の設定を読み取れません',
    (_) => "no console user whose Office settings could be read (see user)",
  ),
  'office-macros.hive-not-loaded': t(
    (_) => 'コンソールのユーザーのレジストリ（HKEY_USERS の下）が読み込まれていません',
    (_) => "the console user's registry hive is not loaded under HKEY_USERS",
  ),
  'office-macros.version-unknown': t<{ version: string }>(
    (p) => `Office のバージョン（${p.version || '不明'}）を読み取れないため、インターネットからのマクロを既定でブロックする版かどうか判断できません`,
    (p) => `the Office version (${p.version || 'unknown'}) could not be read, so whether it blocks macros from the internet by default is not known`,
  ),
  'office-macros.default-msi': t<{ version: string }>(
    (p) =>
      `MSI でインストールされた Office（${p.version}）です。インターネットからのマクロを既定でブロックする版の一覧を Microsoft は Microsoft 365 Apps の更新チャネルについてしか公開していないため、既定の動作を仮定しません。ポリシー「インターネットから取得した Office ファイル内のマクロの実行をブロックする」を有効にすれば確実です`,
    (p) =>
      `an MSI-installed Office (${p.version}): Microsoft publishes which versions block macros from the internet by default for the Microsoft 365 Apps channels only, so its default is not assumed; enabling the policy "Block macros from running in Office files from the Internet" settles it`,
  ),
  'office-macros.default-volume': t<{ version: string }>(
    (p) =>
      `ボリュームライセンス版の Office（${p.version}）です。インターネットからのマクロを既定でブロックする版の一覧に含まれていないため、既定の動作を仮定しません。ポリシー「インターネットから取得した Office ファイル内のマクロの実行をブロックする」を有効にすれば確実です`,
    (p) =>
      `a volume-licensed Office (${p.version}) that Microsoft's list of versions blocking macros from the internet by default does not include, so its default is not assumed; enabling the policy "Block macros from running in Office files from the Internet" settles it`,
  ),
  'office-macros.default-channel': t<{ version: string }>(
    (p) => `この版（${p.version}）がインターネットからのマクロを既定でブロックするかどうかは更新チャネルによって異なり、tenken は更新チャネルを読み取りません`,
    (p) => `whether this version (${p.version}) blocks macros from the internet by default depends on its update channel, which tenken does not read`,
  ),
  'office-macros.app-unknown': t<{ app: string }>(
    (p) => `${p.app} のマクロの設定を読み取れませんでした`,
    (p) => `the macro settings of ${p.app} could not be read`,
  ),
  'office-macros.version-not-read': t(
    (_) => 'この OS ではアプリのバージョンを読み取りません（マクロの設定はバージョンによって変わりません）',
    (_) => 'not read on this OS: the macro setting does not depend on the version here',
  ),
  'office-macros.no-office-suite': t(
    (_) => 'マクロを実行する Office ソフトがインストールされていないため、ユーザーの設定は読み取りません',
    (_) => 'not looked up: no office suite that runs macros is installed',
  ),
};
