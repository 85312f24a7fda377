/**
 * Which variant of its OS a device is, where remediation steps differ within one: the Linux family (the
 * os-updates probe's os-release ID and ID_LIKE) and the Windows version (the identity's build number). The
 * policy's remediation text is chosen by it, so a Debian PC is told apt and never dnf.
 */
import type { ProbeOutcome, Report } from '../report/schema.ts';

export const OS_VARIANTS = ['linux-debian', 'linux-rhel', 'win32-10', 'win32-11'] as const;
export type OsVariant = (typeof OS_VARIANTS)[number];

/** os-release IDs that name each family; ID_LIKE of a derivative names its parent (Mint: "ubuntu debian", Rocky: "rhel centos fedora"). */
const LINUX_FAMILIES: readonly [OsVariant, readonly string[]][] = [
  ['linux-debian', ['debian', 'ubuntu']],
  ['linux-rhel', ['rhel', 'fedora', 'centos']],
];

/** Windows 11 is build 22000 and later (its registry ProductName still says Windows 10). */
const WINDOWS_11_BUILD = 22000;

export function osVariant(os: Report['device']['os'], outcomes: readonly ProbeOutcome[]): OsVariant | null {
  if (os.platform === 'win32') {
    const build = Number.parseInt(os.build, 10);
    return Number.isNaN(build) ? null : build >= WINDOWS_11_BUILD ? 'win32-11' : 'win32-10';
  }
  if (os.platform !== 'linux') return null;
  const updates = outcomes.find((o) => o.probe === 'os-updates');
  const distribution = updates?.status === 'ok' ? (updates.evidence.distribution as { id?: unknown; idLike?: unknown } | null | undefined) : undefined;
  if (!distribution) return null;
  const ids = [distribution.id, ...(Array.isArray(distribution.idLike) ? distribution.idLike : [])].filter((x): x is string => typeof x === 'string');
  return LINUX_FAMILIES.find(([, names]) => ids.some((id) => names.includes(id)))?.[0] ?? null;
}

/** The variant's own text where the remediation has one, else the OS's. */
export function remediationFor<T>(remediation: Partial<Record<string, T>>, platform: string, variant: OsVariant | null): T | null {
  return (variant && variant.startsWith(`${platform}-`) ? remediation[variant] : undefined) ?? remediation[platform] ?? null;
}
