/** Why a fact of the disk-encryption probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const DISK_ENCRYPTION_REASONS = {
  'disk.root-not-mounted': t((_) => '/proc/self/mounts に / がありません', (_) => '/proc/self/mounts does not list /'),
  'disk.root-not-block-device': t<{ source: string; fstype: string }>(
    (p) => `/ は「${p.source}」（${p.fstype}）にあり、lsblk が示すブロックデバイスではありません（コンテナーやネットワーク上のルートかもしれません）`,
    (p) => `/ is on "${p.source}" (${p.fstype}), which is not a block device lsblk shows (a container or network root?)`,
  ),
  'disk.swap-not-block-device': t((_) => 'スワップ領域の一部が、lsblk が示すデバイス上にありません', (_) => 'a swap area is not on a device lsblk shows'),
  'disk.no-apfs-system': t((_) => 'System の役割を持つ APFS ボリュームがありません', (_) => 'no APFS volume has the System role'),
  'disk.intel-mac': t(
    (_) => 'Intel Mac です。T2 チップが内蔵 SSD を暗号化しているかどうかは確認しません',
    (_) => 'Intel Mac: whether a T2 chip encrypts the internal SSD is not read',
  ),
  'disk.drive-not-fixed': t<{ drive: string }>((p) => `${p.drive} は固定ディスクの論理ドライブに含まれていません`, (p) => `${p.drive} is not among the fixed logical disks`),
  'bitlocker.no-volume': t<{ drive: string }>((p) => `ドライブ ${p.drive} の Win32_EncryptableVolume がありません`, (p) => `no Win32_EncryptableVolume has drive letter ${p.drive}`),
  'bitlocker.unknown-status': t<{ drive: string; conversion: string; protection: string }>(
    (p) => `${p.drive} の BitLocker の状態を判別できません（変換状態 ${p.conversion}、保護状態 ${p.protection}）`,
    (p) => `unrecognised BitLocker status of ${p.drive} (conversion ${p.conversion}, protection ${p.protection})`,
  ),
  'bitlocker.shell-unmapped': t<{ drive: string }>(
    (p) => `Win32_EncryptableVolume から BitLocker の状態を読み取れず、エクスプローラーが示す ${p.drive} の BitLockerProtection の値も判別できません`,
    (p) => `Win32_EncryptableVolume could not be read, and the Shell property System.Volume.BitLockerProtection of ${p.drive} gave no usable value`,
  ),
  'bitlocker.needs-admin': t<{ drive: string }>(
    (p) => `BitLocker の状態の読み取りには管理者権限が必要で、エクスプローラーが示す ${p.drive} の BitLockerProtection の値も判別できません`,
    (p) => `reading BitLocker's state needs administrator rights, and the Shell property System.Volume.BitLockerProtection of ${p.drive} gave no usable value`,
  ),
};
