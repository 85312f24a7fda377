/** Why a fact of the wifi probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const WIFI_REASONS = {
  'nm.not-installed': t(
    (_) => 'NetworkManager（nmcli）がインストールされていません。iwd や wpa_supplicant だけで管理している Wi-Fi は確認できません',
    (_) => 'NetworkManager (nmcli) is not installed; Wi-Fi managed by iwd or wpa_supplicant alone is not read',
  ),
  'nm.not-running': t((_) => 'NetworkManager が動作していません', (_) => 'NetworkManager is not running'),
  'nm.unreachable': t<{ exitCode: number }>((p) => `nmcli から NetworkManager に接続できません（終了コード ${p.exitCode}）`, (p) => `nmcli cannot reach NetworkManager (exit ${p.exitCode})`),
  'wifi.no-adapter-count': t(
    (_) => 'NetworkManager からも /sys/class/net からも無線アダプターの数を読み取れません',
    (_) => 'neither NetworkManager nor /sys/class/net tells how many wireless adapters there are',
  ),
  'wifi.unmanaged': t<{ devices: readonly string[] }>(
    (p) => `NetworkManager は ${p.devices.join('、')} を管理していません`,
    (p) => `NetworkManager does not manage ${p.devices.join(', ')}`,
  ),
  'wifi.connected-externally': t<{ device: string }>(
    (p) => `${p.device} は NetworkManager の外で接続されたため、セキュリティの設定がわかりません`,
    (p) => `${p.device} was connected outside NetworkManager, whose generated profile for it does not describe the security`,
  ),
  'wifi.active-profile-missing': t<{ uuid: string }>((p) => `nmcli が使用中の接続プロファイル ${p.uuid} を表示しませんでした`, (p) => `nmcli did not show the active profile ${p.uuid}`),
  'wifi.unknown-security': t<{ value: string }>((p) => `未知の認証方式「${p.value}」です`, (p) => `unknown security "${p.value}"`),
  'wifi.macos-saved-not-read': t(
    (_) => 'macOS では保存済みのネットワークを確認しません（読み取りには root 権限とフルディスクアクセスが必要で、tenken はまだ対応していません）',
    (_) =>
      'saved networks are not read on macOS: /Library/Preferences/com.apple.wifi.known-networks.plist needs root and Full Disk Access, and tenken does not read it yet',
  ),
  'wifi.macos-ssid-redacted': t(
    (_) => '位置情報サービスの許可がないプロセスには、macOS がネットワーク名を伏せます',
    (_) => 'macOS redacts the network name for processes without the Location Services permission',
  ),
  'wifi.macos-no-profile-name': t((_) => 'macOS の system_profiler は接続プロファイルの名前を示しません', (_) => 'macOS does not name the profile in system_profiler'),
  'wifi.macos-no-cipher': t(
    (_) => 'system_profiler が示すのはセキュリティの方式だけで、暗号化方式（TKIP か AES か）は示しません',
    (_) => 'system_profiler names the security mode, not the pairwise cipher',
  ),
  'wifi.group-cipher': t(
    (_) => 'この接続はグループ暗号をそのまま使っており、その種類は WLAN API から読み取れません',
    (_) => 'the connection uses the group cipher as its pairwise cipher, which the WLAN API does not report',
  ),
  'wlan.service-stopped': t<{ call: string }>(
    (p) => `WLAN AutoConfig サービス（WlanSvc）が動作していません（${p.call}: エラー 1062）`,
    (p) => `the WLAN AutoConfig service (WlanSvc) is not running (${p.call}: error 1062)`,
  ),
  'wlan.location-denied': t<{ call: string }>(
    (p) => `${p.call} が拒否されました（エラー 5）。Windows 11 24H2 以降では、デスクトップ アプリに位置情報の使用が許可されていないことを意味します（設定 → プライバシーとセキュリティ → 位置情報）`,
    (p) => `${p.call} was denied (error 5): on Windows 11 24H2 and later this means desktop apps may not use the location (Settings → Privacy & security → Location)`,
  ),
  'wlan.failed': t<{ call: string; code: number }>((p) => `${p.call} が Win32 エラー ${p.code} で失敗しました`, (p) => `${p.call} failed with Win32 error ${p.code}`),
  'wlan.unusable': t((_) => 'WLAN API を使用できませんでした', (_) => 'the WLAN API could not be used'),
};
