/** The disk-encryption probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  'root.source': 'Linux: /proc/self/mounts が / について示すデバイス。Windows: システムドライブ（C:）。macOS: /',
  'root.fstype': 'ext4、btrfs など（Linux）、NTFS（Windows）、apfs（macOS）。読み取れなければ null',
  'root.encrypted':
    'システムのボリュームのデータが、保存された状態で保護されているか。Linux: / が dm-crypt の層の上にある。Windows: OS のドライブ全体が BitLocker で暗号化され、保護がオン。macOS: FileVault がオンで、暗号化が完了している。確かめられなければ null',
  'root.scheme': '暗号化の形式: 最も近い dm-crypt の層（Linux）、bitlocker、filevault',
  'root.layers': 'Linux: ファイルシステムからディスクまでのデバイスの種類。例: ["lvm","crypt","part","disk"]。Windows と macOS では空',
  'root.state':
    'Windows と macOS: 保護の状態の名前（waiting-for-activation と suspended は暗号化されていても保護されていない状態。restart-pending は FileVault をオンまたはオフにして、開始か完了のために再起動を待っている状態）',
  swap: 'Linux のみ: Windows のページファイルと macOS のスワップはシステムのボリュームにあります',
  'swap.onDiskCount':
    'ディスク上のスワップ領域の数（パーティションとファイル。zram はメモリ上）。0 ならスワップのチェックで判断する対象はありません。/proc/swaps を読み取れなければ null',
  'swap.allOnDiskEncrypted': 'ディスク上のスワップ領域がすべて暗号化されていれば（一つもなければ）true',
  fixedDisks: 'Linux: 取り外しのできないディスク（zram、ループデバイス、光学ドライブを除く）。Windows は windows.volumes、macOS は macos.volumes を参照',
  'windows.source': 'Win32_EncryptableVolume（管理者として実行したとき）またはエクスプローラーのシェルのプロパティ（どのユーザーでも）',
  'windows.shellProtection': 'シェルのプロパティから読み取った場合の、システムドライブの System.Volume.BitLockerProtection の値（そのまま）',
  'windows.volumes': 'BitLocker に対応した固定ボリューム（OS とデータ）すべて',
  'macos.fileVault': 'fdesetup status の 1 行目',
  'macos.percent': '暗号化または復号の途中での完了率（%）',
  'macos.appleSilicon': 'sysctl hw.optional.arm64',
  'macos.hardwareEncrypted':
    '内蔵 SSD は FileVault がオフでも Secure Enclave によって常に暗号化されています（Apple シリコン）。Mac が盗まれた場合の保護にはなりません',
};
