/**
 * Windows collector: BitLocker (and Home's Device Encryption, which is BitLocker) per fixed volume, in one
 * PowerShell run. Locale-free: CIM properties and method results as integers (mapped here), never
 * manage-bde text (localized labels and number formats, research/probes.md §4.1).
 *
 * Win32_EncryptableVolume needs an elevated token. Without one the script falls back to the Explorer Shell
 * property System.Volume.BitLockerProtection of the system drive, the only non-admin source; it is
 * undocumented, so only the values that can be cited are mapped (parseShellProtection).
 */
import { z } from 'zod';
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import { Failed, runPowerShell } from '../../src/powershell.ts';
import { BITLOCKER_METHODS, CONVERSIONS, KEY_PROTECTORS, type DiskEncryptionEvidence, type RootState } from './disk-encryption.ts';

type EvidenceInput = z.input<typeof DiskEncryptionEvidence>;

/**
 * One object: the system drive, fixed logical disks (file systems; readable by any user), every encryptable
 * volume with the LIVE protection status (GetProtectionStatus(); the cached ProtectionStatus property showed
 * 1 on a decrypted drive on 24H2, osquery#8931), conversion status and percentage, method and key protector
 * types; and, only when the volumes cannot be read, the Shell property. Each source fails on its own.
 */
export const WINDOWS_BITLOCKER_SCRIPT = String.raw`
$r = [ordered]@{ systemDrive = $env:SystemDrive }
try {
  $r.logicalDisks = @(Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' | ForEach-Object { [pscustomobject]@{ deviceId = $_.DeviceID; fileSystem = $_.FileSystem } })
} catch { $r.logicalDisks = @{ error = $_.Exception.Message } }
try {
  $r.volumes = @(Get-CimInstance -Namespace 'root\CIMV2\Security\MicrosoftVolumeEncryption' -ClassName Win32_EncryptableVolume | ForEach-Object {
    $v = $_
    $p = Invoke-CimMethod -InputObject $v -MethodName GetProtectionStatus
    $c = Invoke-CimMethod -InputObject $v -MethodName GetConversionStatus
    $k = Invoke-CimMethod -InputObject $v -MethodName GetKeyProtectors -Arguments @{ KeyProtectorType = [uint32]0 }
    $t = @($k.VolumeKeyProtectorID | Where-Object { $_ } | ForEach-Object { (Invoke-CimMethod -InputObject $v -MethodName GetKeyProtectorType -Arguments @{ VolumeKeyProtectorID = $_ }).KeyProtectorType })
    [pscustomobject]@{ driveLetter = $v.DriveLetter; volumeType = $v.VolumeType; encryptionMethod = $v.EncryptionMethod; protectionStatus = $p.ProtectionStatus; conversionStatus = $c.ConversionStatus; encryptionPercentage = $c.EncryptionPercentage; keyProtectorTypes = $t }
  })
} catch {
  $r.volumes = @{ error = $_.Exception.Message }
  try { $r.shellProtection = (New-Object -ComObject Shell.Application).NameSpace($env:SystemDrive).Self.ExtendedProperty('System.Volume.BitLockerProtection') }
  catch { $r.shellProtection = @{ error = $_.Exception.Message } }
}
[pscustomobject]$r`;

const Num = z.number().int().nullable().optional();
const EncryptableVolume = z.object({
  driveLetter: z.string().nullable().optional(),
  volumeType: Num,
  encryptionMethod: Num,
  protectionStatus: Num,
  conversionStatus: Num,
  encryptionPercentage: Num,
  keyProtectorTypes: z.array(z.number().int()),
});
export const WindowsAnswer = z.object({
  systemDrive: z.string().regex(/^[A-Za-z]:$/),
  logicalDisks: z.union([z.array(z.object({ deviceId: z.string(), fileSystem: z.string().nullable().optional() })), Failed]),
  volumes: z.union([z.array(EncryptableVolume), Failed]),
  // The Shell returns the integer, or an empty string/null for a drive that is not BitLocker-capable.
  shellProtection: z.union([z.number().int(), z.string(), z.null(), Failed]).optional(),
});
export type WindowsAnswer = z.infer<typeof WindowsAnswer>;
type Volume = NonNullable<NonNullable<DiskEncryptionEvidence['windows']>['volumes']>[number];

const pick = <T>(list: readonly T[], i: number | null | undefined): T | null => (i == null ? null : (list[i] ?? null));

/** Win32_EncryptableVolume.EncryptionMethod 0–7 (GetEncryptionMethod documentation); anything else is 'other'. */
export const mapMethod = (n: number | null | undefined) => (n == null ? null : n >= 0 && n <= 7 ? BITLOCKER_METHODS[n]! : 'other');
/** GetKeyProtectorType: 0 unknown … 10 CNG (Microsoft Learn); higher values are newer types. */
export const mapProtector = (n: number) => (n >= 0 && n <= 10 ? KEY_PROTECTORS[n]! : 'other');

/**
 * The named state of one volume. Protection off on a fully encrypted volume means a clear key on disk:
 * with no key protectors at all it is Device Encryption "waiting for activation" (Windows 11 Home/Pro before
 * a Microsoft account backs the key up: Aetherinox/pause-windows-updates#15, "Key Protectors: None Found");
 * with protectors it is suspended (Suspend-BitLocker, firmware updates) — the same clear-key mechanism, which
 * is also what a "waiting for activation" volume shows once a TPM protector was added (MSEndpointMgr/Intune#77).
 */
export function volumeState(conversion: (typeof CONVERSIONS)[number] | null, protection: 'off' | 'on' | 'unknown' | null, protectors: readonly string[]): RootState | null {
  if (protection === 'unknown') return 'locked';
  switch (conversion) {
    case 'fully-decrypted':
      return 'off';
    case 'encrypting':
    case 'decrypting':
    case 'encryption-paused':
    case 'decryption-paused':
      return conversion;
    case 'fully-encrypted':
      if (protection === 'on') return 'protected';
      if (protection === 'off') return protectors.length === 0 ? 'waiting-for-activation' : 'suspended';
      return null;
    default:
      return null;
  }
}

/**
 * System.Volume.BitLockerProtection, as Explorer's own verbs use it (HKCR\Drive\shell\*\AppliesTo): "turn on"
 * applies to 2 (Microsoft's Windows 7 shell documentation); "lock" to 1, 3 or 5 and "manage" to the named
 * values On, Encrypting and Suspended; "unlock" to 6. Only 1 (on), 2 (off), 3 (encrypting) are read: 5 is
 * "on/unlocked" in some public checkers but "suspended" by the order above, so it stays unknown; 4 and
 * anything else are not cited.
 */
export function parseShellProtection(value: unknown): { state: RootState; encrypted: boolean } | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : null;
  if (n === 1) return { state: 'protected', encrypted: true };
  if (n === 2) return { state: 'off', encrypted: false };
  if (n === 3) return { state: 'encrypting', encrypted: false };
  return null;
}

/** The facts from the script's answer (pure: tests feed it real outputs). */
export function evidenceFromWindows(answer: WindowsAnswer, isAdmin: boolean): EvidenceInput {
  const why = reasons();
  const drive = answer.systemDrive.toUpperCase();
  const fileSystems = new Map<string, string | null>();
  if ('error' in answer.logicalDisks) why.set('root.fstype', because('query.failed', { source: 'Win32_LogicalDisk' }, answer.logicalDisks.error));
  else for (const d of answer.logicalDisks) fileSystems.set(d.deviceId.toUpperCase(), d.fileSystem ?? null);
  const fstype = fileSystems.get(drive) ?? null;
  if (fstype === null && !why.map['root.fstype']) why.set('root.fstype', because('disk.drive-not-fixed', { drive }));

  if (!('error' in answer.volumes)) {
    const volumes: Volume[] = answer.volumes
      .filter((v) => v.volumeType !== 2)
      .map((v) => {
        const conversion = pick(CONVERSIONS, v.conversionStatus);
        const protection = pick(['off', 'on', 'unknown'] as const, v.protectionStatus);
        const keyProtectors = v.keyProtectorTypes.map(mapProtector);
        const state = volumeState(conversion, protection, keyProtectors);
        const letter = v.driveLetter ? v.driveLetter.toUpperCase() : null;
        return {
          driveLetter: letter,
          volumeType: v.volumeType === 0 ? ('os' as const) : v.volumeType === 1 ? ('fixed' as const) : null,
          fileSystem: letter ? (fileSystems.get(letter) ?? null) : null,
          conversion,
          percentEncrypted: v.encryptionPercentage ?? null,
          protection,
          method: mapMethod(v.encryptionMethod),
          keyProtectors,
          state,
          encrypted: state === null ? null : state === 'protected' || state === 'locked',
        };
      });
    const os = volumes.find((v) => v.driveLetter === drive);
    if (!os) why.set('root.encrypted', because('bitlocker.no-volume', { drive }));
    else if (os.encrypted === null) why.set('root.encrypted', because('bitlocker.unknown-status', { drive, conversion: os.conversion ?? '?', protection: os.protection ?? '?' }));
    return {
      root: {
        source: drive,
        fstype,
        encrypted: os?.encrypted ?? null,
        scheme: os && os.conversion !== null && os.conversion !== 'fully-decrypted' ? 'bitlocker' : null,
        layers: [],
        state: os?.state ?? null,
      },
      windows: { source: 'encryptable-volume', shellProtection: null, volumes },
      unknown: why.map,
    };
  }

  // No Win32_EncryptableVolume: the Shell property of the system drive is all there is.
  const cimError = answer.volumes.error.trim();
  why.set('windows.volumes', isAdmin ? because('query.failed', { source: 'Win32_EncryptableVolume' }, cimError) : because('needs-admin', { what: 'Win32_EncryptableVolume' }, cimError));
  const raw = answer.shellProtection;
  const shell = raw !== undefined && raw !== null && typeof raw === 'object' ? null : parseShellProtection(raw);
  if (!shell) {
    const said = raw === undefined || raw === null || raw === '' ? undefined : typeof raw === 'object' ? raw.error : JSON.stringify(raw);
    why.set('root.encrypted', because(isAdmin ? 'bitlocker.shell-unmapped' : 'bitlocker.needs-admin', { drive }, said));
  }
  return {
    root: { source: drive, fstype, encrypted: shell?.encrypted ?? null, scheme: shell && shell.state !== 'off' ? 'bitlocker' : null, layers: [], state: shell?.state ?? null },
    windows: { source: 'shell-property', shellProtection: typeof raw === 'number' ? raw : null, volumes: null },
    unknown: why.map,
  };
}

export async function collectWin32(ctx: ProbeContext): Promise<EvidenceInput> {
  const answer = await runPowerShell(ctx, WINDOWS_BITLOCKER_SCRIPT);
  const parsed = answer.ok ? WindowsAnswer.safeParse(answer.value) : null;
  if (!parsed?.success) {
    const reason = !answer.ok ? answer.reason : answer.value === null ? because('command.no-answer', { command: 'PowerShell' }) : because('command.unexpected-output', { command: 'PowerShell' }, `${parsed?.error.issues[0]?.path.join('.') || '(root)'}: ${parsed?.error.issues[0]?.message}`);
    return { root: null, unknown: { root: reason } };
  }
  return evidenceFromWindows(parsed.data, ctx.isAdmin);
}
