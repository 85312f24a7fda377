/**
 * Disk encryption at rest: is the system volume protected if the disk is taken out? One evidence schema
 * for all platforms; `root.encrypted` means "protected at rest" everywhere (research/probes.md §4, pitfall 4:
 * encrypted is not protected).
 * - Linux (linux.ts): `/` below a dm-crypt/LUKS layer in the lsblk tree; swap likewise.
 * - Windows (win32.ts): BitLocker on the OS drive, live GetProtectionStatus() of Win32_EncryptableVolume
 *   (admin), or the Explorer Shell property without admin; Device Encryption waiting for activation and
 *   suspended protection are encrypted but not protected.
 * - macOS (darwin.ts): FileVault (`fdesetup status`); per-volume flags from `diskutil apfs list -plist`.
 *   Apple silicon's always-on hardware encryption is not FileVault and is reported apart.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const SCHEMES = ['luks1', 'luks2', 'plain', 'bitlk', 'tcrypt', 'bitlocker', 'filevault', 'other'] as const;

/** Windows and macOS: the state of the system volume's protection, named (absent on Linux). */
export const ROOT_STATES = [
  'protected',
  'off',
  'encrypting',
  'encryption-paused',
  'decrypting',
  'decryption-paused',
  'suspended',
  'waiting-for-activation',
  'deferred',
  'locked',
  'restart-pending',
] as const;
export type RootState = (typeof ROOT_STATES)[number];

const Volume = z.strictObject({
  name: z.string().describe('device path, e.g. /dev/mapper/vg-root'),
  mountpoint: z.string().nullable().describe('where it is mounted; null when not mounted'),
  fstype: z.string().nullable(),
  encrypted: z.boolean().describe('whether a dm-crypt layer lies between this volume and the disk'),
});

export const BITLOCKER_METHODS = ['none', 'aes-128-diffuser', 'aes-256-diffuser', 'aes-128', 'aes-256', 'hardware', 'xts-aes-128', 'xts-aes-256', 'other'] as const;
export const KEY_PROTECTORS = [
  'unknown',
  'tpm',
  'external-key',
  'recovery-password',
  'tpm-pin',
  'tpm-startup-key',
  'tpm-pin-startup-key',
  'public-key',
  'passphrase',
  'tpm-certificate',
  'cng',
  'other',
] as const;
export const CONVERSIONS = ['fully-decrypted', 'fully-encrypted', 'encrypting', 'decrypting', 'encryption-paused', 'decryption-paused'] as const;

const WindowsVolume = z.strictObject({
  driveLetter: z.string().nullable(),
  volumeType: z.enum(['os', 'fixed']).nullable().describe('Win32_EncryptableVolume.VolumeType; removable drives are left out'),
  fileSystem: z.string().nullable().describe('Win32_LogicalDisk.FileSystem, e.g. NTFS'),
  conversion: z.enum(CONVERSIONS).nullable().describe('GetConversionStatus().ConversionStatus'),
  percentEncrypted: z.number().nullable().describe('GetConversionStatus().EncryptionPercentage'),
  protection: z.enum(['off', 'on', 'unknown']).nullable().describe('the live GetProtectionStatus() (the cached property is stale on 24H2, osquery#8931)'),
  method: z.enum(BITLOCKER_METHODS).nullable(),
  keyProtectors: z.array(z.enum(KEY_PROTECTORS)).nullable().describe('types of the key protectors, from GetKeyProtectors()/GetKeyProtectorType()'),
  state: z.enum(ROOT_STATES).nullable(),
  encrypted: z.boolean().nullable().describe('protected at rest: fully encrypted with protection on'),
});

const MacVolume = z.strictObject({
  device: z.string().describe('e.g. disk3s5'),
  name: z.string(),
  roles: z.array(z.string()).describe('APFS roles: System, Data, Preboot, Recovery, VM, …; empty for a user volume'),
  fileVault: z.boolean().nullable().describe('diskutil apfs list "FileVault" flag'),
  encryption: z.boolean().nullable().describe('diskutil apfs list "Encryption" flag (software/volume encryption, not the Apple silicon hardware layer)'),
  locked: z.boolean().nullable(),
});

export const DiskEncryptionEvidence = evidenceSchema({
  root: z
    .strictObject({
      source: z.string().describe('Linux: the device /proc/self/mounts names for /; Windows: the system drive (C:); macOS: /'),
      fstype: z.string().nullable().describe('ext4, btrfs, …; NTFS; apfs. null when it could not be read'),
      encrypted: z
        .boolean()
        .nullable()
        .describe(
          'the system volume is protected at rest. Linux: / lies on a dm-crypt layer; Windows: the OS drive is fully BitLocker-encrypted with protection on; macOS: FileVault is on and finished. null when not established',
        ),
      scheme: z.enum(SCHEMES).nullable().describe('encryption format: the nearest dm-crypt layer (Linux), bitlocker, filevault'),
      layers: z.array(z.string()).describe('Linux: device types from the filesystem down to the disk, e.g. ["lvm","crypt","part","disk"]; empty on Windows and macOS'),
      state: z.enum(ROOT_STATES).nullable().optional().describe('Windows and macOS: the protection state, named (waiting-for-activation and suspended are encrypted but not protected; restart-pending: FileVault turned on or off, waiting for a restart to begin or finish)'),
    })
    .nullable(),
  swap: z
    .strictObject({
      devices: z.array(
        z.strictObject({
          name: z.string(),
          kind: z.enum(['partition', 'file', 'zram']).describe('zram lives in memory and never reaches a disk'),
          encrypted: z.boolean().nullable(),
        }),
      ),
      onDiskCount: z.int().nonnegative().nullable().describe('swap areas on a disk (partitions and files; zram is in memory): none means the swap check has nothing to judge. null when /proc/swaps could not be read'),
      allOnDiskEncrypted: z.boolean().nullable().describe('true when every swap area on a disk is encrypted (or there is none)'),
    })
    .optional()
    .describe('Linux only: Windows keeps its page file and macOS its swap on the system volume'),
  fixedDisks: z
    .array(
      z.strictObject({
        name: z.string(),
        sizeBytes: z.number().nullable(),
        volumes: z.array(Volume).describe('filesystems and swap on this disk'),
      }),
    )
    .nullable()
    .optional()
    .describe('Linux: non-removable disks (zram, loop and optical devices excluded). Windows: see windows.volumes; macOS: macos.volumes'),
  windows: z
    .strictObject({
      source: z.enum(['encryptable-volume', 'shell-property']).describe('Win32_EncryptableVolume (admin) or the Explorer Shell property (any user)'),
      shellProtection: z.number().nullable().describe('raw System.Volume.BitLockerProtection of the system drive when that was the source'),
      volumes: z.array(WindowsVolume).nullable().describe('every fixed (OS and data) BitLocker-capable volume'),
    })
    .optional(),
  macos: z
    .strictObject({
      fileVault: z.enum(['on', 'off']).nullable().describe('first line of fdesetup status'),
      percent: z.number().nullable().describe('percent completed while encrypting or decrypting'),
      appleSilicon: z.boolean().nullable().describe('sysctl hw.optional.arm64'),
      hardwareEncrypted: z
        .boolean()
        .nullable()
        .describe('the internal SSD is always encrypted by the Secure Enclave (Apple silicon), even with FileVault off: NOT protection against a stolen Mac'),
      volumes: z.array(MacVolume).nullable(),
    })
    .optional(),
});
export type DiskEncryptionEvidence = z.infer<typeof DiskEncryptionEvidence>;

export default defineProbe({
  id: 'disk-encryption',
  version: '1.2.0',
  title: { ja: 'ディスクの暗号化', en: 'Disk encryption' },
  evidence: DiskEncryptionEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
