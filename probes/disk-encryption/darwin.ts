/**
 * macOS collector: FileVault, the only thing that protects a stolen Mac's data (research/probes.md §4.2).
 * `fdesetup status` (non-root; its text is not localized) names on/off, encryption or decryption in
 * progress with the percentage, and deferred enablement; `diskutil apfs list -plist` gives the per-volume
 * FileVault/Encryption/Locked flags. On Apple silicon (and T2 Intel Macs) every internal APFS volume is
 * hardware-encrypted even with FileVault off, and anyone can read it in that state (osquery#5223,
 * osquery PR #6823): root.encrypted follows FileVault only; the hardware layer is macos.hardwareEncrypted.
 */
import { parsePlist } from '../../src/plist.ts';
import { z } from 'zod';
import { because, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { CommandNotFoundError } from '../../src/host/errors.ts';
import type { CommandResult } from '../../src/host/host.ts';
import type { DiskEncryptionEvidence, RootState } from './disk-encryption.ts';

type EvidenceInput = z.input<typeof DiskEncryptionEvidence>;

export interface FdesetupStatus {
  readonly fileVault: 'on' | 'off';
  readonly state: RootState;
  readonly percent: number | null;
  /** The user named by "Deferred enablement appears to be active for user '…'." */
  readonly deferredUser: string | null;
}

/**
 * `fdesetup status` (macOS 10.8+, same wording through 15): "FileVault is On." / "FileVault is Off.", then
 * optionally "Encryption in progress: Percent completed = 42" (also written "percent"; "Pending" while on
 * battery), "Decryption in progress: Percent completed = N", "Deferred enablement appears to be active for
 * user 'name'.", and "FileVault master keychain appears to be installed." (ignored). A change that waits for a
 * restart has its own first line: "FileVault is On, but needs to be restarted to finish." (turned on, nothing
 * encrypted yet: not protected), "FileVault is Off, but will be enabled after the next restart." (deferred),
 * "FileVault is Off, but needs to be restarted to finish." (turned off). null for anything else.
 */
export function parseFdesetupStatus(stdout: string): FdesetupStatus | null {
  const text = stdout.replace(/\r\n/g, '\n');
  const head = /^FileVault is (On|Off)\b(?:, but (needs to be restarted to finish|will be enabled after the next restart))?/m.exec(text);
  const enc = /^Encryption in progress:\s*(?:Percent completed = ([\d.]+)|(Pending))/im.exec(text);
  const dec = /^Decryption in progress(?::\s*Percent completed = ([\d.]+))?/im.exec(text);
  const deferred = /^Deferred enablement appears to be active for user ['"](.+)['"]\.?$/m.exec(text);
  if (!head && !enc && !dec) return null;
  const fileVault = head ? (head[1] === 'On' ? 'on' : 'off') : enc ? 'on' : 'off';
  const percent = (s: string | undefined) => (s === undefined || Number.isNaN(Number(s)) ? null : Number(s));
  if (enc) return { fileVault, state: enc[2] ? 'encryption-paused' : 'encrypting', percent: percent(enc[1]), deferredUser: null };
  if (dec) return { fileVault, state: 'decrypting', percent: percent(dec[1]), deferredUser: null };
  if (head?.[2]?.startsWith('needs')) return { fileVault, state: 'restart-pending', percent: null, deferredUser: null };
  if (fileVault === 'off' && (deferred || head?.[2])) return { fileVault, state: 'deferred', percent: null, deferredUser: deferred?.[1] ?? null };
  return { fileVault, state: fileVault === 'on' ? 'protected' : 'off', percent: null, deferredUser: null };
}

const ApfsVolume = z.object({
  DeviceIdentifier: z.string(),
  Name: z.string().optional(),
  Roles: z.array(z.string()).optional(),
  FileVault: z.boolean().optional(),
  Encryption: z.boolean().optional(),
  Locked: z.boolean().optional(),
});
const ApfsList = z.object({ Containers: z.array(z.object({ Volumes: z.array(ApfsVolume) })) });
export type MacVolume = NonNullable<NonNullable<DiskEncryptionEvidence['macos']>['volumes']>[number];

/** `diskutil apfs list -plist` (an XML plist) → every APFS volume; throws on anything else. */
export function parseApfsList(xml: string): MacVolume[] {
  const parsed = ApfsList.safeParse(parsePlist(xml));
  if (!parsed.success) throw new Error(`unexpected plist shape: ${parsed.error.issues[0]?.path.join('.') || '(root)'}: ${parsed.error.issues[0]?.message}`);
  return parsed.data.Containers.flatMap((c) =>
    c.Volumes.map((v) => ({
      device: v.DeviceIdentifier,
      name: v.Name ?? '',
      roles: v.Roles ?? [],
      fileVault: v.FileVault ?? null,
      encryption: v.Encryption ?? null,
      locked: v.Locked ?? null,
    })),
  );
}

/** `sysctl -n hw.optional.arm64`: "1" on Apple silicon even under Rosetta (where uname -m says x86_64); "0", or no such OID, on Intel. */
export function parseArm64(r: CommandResult): boolean | null {
  const out = r.stdout.trim();
  if (r.exitCode === 0 && out === '1') return true;
  if ((r.exitCode === 0 && out === '0') || /unknown oid/i.test(r.stderr)) return false;
  return null;
}

const isReason = (x: Reason | CommandResult): x is Reason => 'code' in x;
const failure = (e: unknown, command: string): Reason =>
  e instanceof CommandNotFoundError ? because('command.missing', { command }) : because('command.not-run', { command }, (e as Error).message);

export async function collectDarwin(ctx: ProbeContext): Promise<EvidenceInput> {
  const why = reasons();
  const [status, apfs, arm] = await Promise.all([
    ctx.run('fdesetup', ['status']).catch((e: unknown) => failure(e, 'fdesetup')),
    ctx.run('diskutil', ['apfs', 'list', '-plist']).catch((e: unknown) => failure(e, 'diskutil')),
    ctx.run('sysctl', ['-n', 'hw.optional.arm64']).catch((e: unknown) => failure(e, 'sysctl')),
  ]);

  let fv: FdesetupStatus | null = null;
  if (isReason(status)) why.set('root.encrypted', status);
  else if (status.exitCode !== 0) why.set('root.encrypted', because('command.failed', { command: 'fdesetup status', exitCode: status.exitCode }, saidBy(status)));
  else if (!(fv = parseFdesetupStatus(status.stdout))) why.set('root.encrypted', because('command.unexpected-output', { command: 'fdesetup status' }, status.stdout.trim().slice(0, 200)));
  if (!fv) why.set('macos.fileVault', why.map['root.encrypted']!);
  if (fv?.deferredUser) ctx.identifying('user', fv.deferredUser);

  let volumes: MacVolume[] | null = null;
  if (isReason(apfs)) why.set('macos.volumes', apfs);
  else if (apfs.exitCode !== 0) why.set('macos.volumes', because('command.failed', { command: 'diskutil apfs list', exitCode: apfs.exitCode }, saidBy(apfs)));
  else {
    try {
      volumes = parseApfsList(apfs.stdout);
    } catch (e) {
      why.set('macos.volumes', because('command.unexpected-output', { command: 'diskutil apfs list -plist' }, (e as Error).message));
    }
  }
  // macOS 10.15+ boots from the sealed System volume of an APFS volume group; no System role, no APFS boot.
  const apfsBoot = volumes?.some((v) => v.roles.includes('System')) ?? false;
  if (!apfsBoot) why.set('root.fstype', volumes === null ? why.map['macos.volumes']! : because('disk.no-apfs-system'));

  const appleSilicon = isReason(arm) ? null : parseArm64(arm);
  if (appleSilicon === null) why.set('macos.appleSilicon', isReason(arm) ? arm : because('command.unexpected-output', { command: 'sysctl -n hw.optional.arm64' }, saidBy(arm)));
  // Apple Platform Security: internal storage of Apple silicon Macs is always encrypted with Secure Enclave keys.
  // Intel Macs with a T2 chip do the same, but telling T2 apart needs system_profiler (seconds): not read.
  if (appleSilicon !== true) why.set('macos.hardwareEncrypted', appleSilicon === false ? because('disk.intel-mac') : why.map['macos.appleSilicon']!);

  return {
    root: {
      source: '/',
      fstype: apfsBoot ? 'apfs' : null,
      encrypted: fv ? fv.state === 'protected' : null,
      scheme: fv && fv.state !== 'off' && fv.state !== 'deferred' && !(fv.state === 'restart-pending' && fv.fileVault === 'off') ? 'filevault' : null,
      layers: [],
      state: fv?.state ?? null,
    },
    macos: {
      fileVault: fv?.fileVault ?? null,
      percent: fv?.percent ?? null,
      appleSilicon,
      hardwareEncrypted: appleSilicon === true ? true : null,
      volumes,
    },
    unknown: why.map,
  };
}
