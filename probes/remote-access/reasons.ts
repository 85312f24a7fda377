/** Why a fact of the remote-access probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const REMOTE_ACCESS_REASONS = {
  'remote-access.rdp-windows-only': t(
    (_) => 'リモート デスクトップ（RDP）の設定は Windows でだけ確認します',
    (_) => 'Remote Desktop (RDP) settings are only read on Windows',
  ),
  'remote-access.rdp-off': t((_) => 'リモート デスクトップはオフです', (_) => 'Remote Desktop is off'),
  'remote-access.rdp-home-edition': t<{ edition: string }>(
    (p) => `この Windows（${p.edition}）はリモート デスクトップで接続を受けられないエディションです`,
    (p) => `this Windows edition (${p.edition}) cannot accept Remote Desktop connections`,
  ),
  'remote-access.ssh-off': t((_) => 'SSH サーバーは動いていません', (_) => 'no SSH server is switched on'),
  'remote-access.sshd-include-unread': t<{ pattern: string }>(
    (p) => `sshd_config の Include ${p.pattern} を読み取れません（ファイル 1 つか、フォルダーと * で始まるファイル名の形だけを読みます）`,
    (p) => `sshd_config's Include ${p.pattern} is not read (only one file, or a folder with a file name pattern starting with *, is)`,
  ),
  'remote-access.sshd-config-missing': t<{ path: string }>(
    (p) => `SSH サーバーは有効ですが、設定ファイル ${p.path} がありません`,
    (p) => `the SSH server is on, but its configuration ${p.path} is missing`,
  ),
};
