/** Why a fact of the sharing probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const SHARING_REASONS = {
  'sharing.only-on': t<{ platform: string }>(
    (p) => `${p.platform} でだけ確認します`,
    (p) => `only read on ${p.platform}`,
  ),
  'sharing.macos-share-points-not-read': t(
    (_) => 'macOS では共有フォルダーの一覧を読み取りません（一覧を出す sharing -l は管理者権限が必要で、出力の形式を確かめていません）',
    (_) => 'not read on macOS: the share point list (sharing -l) needs root and its output format is not established',
  ),
  'sharing.windows-services-not-read': t(
    (_) => 'Windows ではファイル共有のサービス（Server）が常に動いているため、サービスの状態ではなく共有フォルダーを確認します',
    (_) => 'not read on Windows: its Server service always runs, so the shared folders are checked instead',
  ),
  'sharing.smb-guest-unset': t(
    (_) => 'ファイル共有のゲストアクセス（AllowGuestAccess）が設定されていません。OS の既定値を示す一次情報がないため、値を仮定しません',
    (_) => 'File Sharing guest access (AllowGuestAccess) is not set; no primary source gives the OS default, so it is not assumed',
  ),
};
