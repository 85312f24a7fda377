/** Why a fact of the browsers probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

const UPDATER = {
  'os-packages': { ja: 'OS のパッケージ管理', en: "the OS's package manager" },
  snap: { ja: 'snapd', en: 'snapd' },
  flatpak: { ja: 'flatpak', en: 'flatpak' },
  macos: { ja: 'macOS のソフトウェアアップデート', en: 'macOS Software Update' },
  itself: { ja: 'ブラウザー自身', en: 'the browser itself' },
} as const;

export const BROWSERS_REASONS = {
  'browsers.policy-not-read': t<{ browser: string }>(
    (p) => `${p.browser} のポリシーを読み取れませんでした`,
    (p) => `the policies of ${p.browser} could not be read`,
  ),
  'browsers.updated-by-os': t<{ updater: string }>(
    (p) => `このブラウザーは ${UPDATER[p.updater as keyof typeof UPDATER]?.ja ?? p.updater} で更新されるため、ブラウザーの更新ポリシーは確認しません（OS の更新の点検で確認します）`,
    (p) => `updated by ${UPDATER[p.updater as keyof typeof UPDATER]?.en ?? p.updater}, not by a browser updater a policy could stop (the OS update checks cover it)`,
  ),
  'browsers.none-self-updating': t(
    (_) => '自分で更新するブラウザー（Chrome、Edge、Firefox）がありません',
    (_) => 'no browser that updates itself (Chrome, Edge, Firefox) is installed',
  ),
  'browsers.date-not-read': t<{ browser: string }>(
    (p) => `${p.browser} のファイルの日付を読み取れませんでした`,
    (p) => `the date of the ${p.browser} files could not be read`,
  ),
  'browsers.edge-macos-update-not-read': t(
    (_) => 'macOS の Edge は Microsoft AutoUpdate で更新されますが、tenken はその設定をまだ読み取りません',
    (_) => 'Edge on macOS updates through Microsoft AutoUpdate, whose settings tenken does not read yet',
  ),
  'browsers.linux-version-not-read': t(
    (_) => 'Linux では Chrome、Edge、Chromium のバージョンを読み取りません（パッケージとして OS の更新で管理されます）',
    (_) => 'not read on Linux for Chrome, Edge and Chromium: they are packages the OS updates',
  ),
  'browsers.linux-date-not-read': t(
    (_) => 'Linux ではファイルの日付を使いません（パッケージのファイルの日付は更新した日ではありません）',
    (_) => 'not used on Linux: a package file keeps the date it was built, not the date it was installed',
  ),
  'browsers.flatpak-policy-not-read': t(
    (_) => 'flatpak のブラウザーのポリシーはサンドボックスの中にあり、tenken は読み取りません',
    (_) => "a flatpak browser's policies live inside its sandbox, which tenken does not read",
  ),
};
