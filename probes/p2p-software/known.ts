/**
 * The list of file-sharing software (known-p2p.json, with its sources) and how a name seen on the machine is
 * matched against it. Data, not code: adding a client is an edit of the JSON.
 */
import { z } from 'zod';
import data from './known-p2p.json' with { type: 'json' };
import { PARSE_ONCE } from '../../src/parse-once.ts';

const Names = z.array(z.string().min(1));
export const KnownP2p = z.object({
  about: z.string(),
  sources: z.record(z.string(), z.string()),
  software: z
    .array(
      z.object({
        name: z.string().min(1),
        windows: z.object({ displayNames: Names, processes: Names }).optional(),
        macos: Names.optional(),
        linux: z.object({ packages: Names, flatpaks: Names, snaps: Names, processes: Names }).optional(),
      }),
    )
    .min(1),
});
export type KnownP2p = z.infer<typeof KnownP2p>;

export const KNOWN_P2P: KnownP2p = KnownP2p.parse(data, PARSE_ONCE);

/** Linux keeps a process name's first 15 characters (TASK_COMM_LEN 16, with the NUL). */
const COMM_LENGTH = 15;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** An uninstall DisplayName starts with a known name followed by nothing, a space, a digit or punctuation ("qBittorrent 4.6.2", "µTorrent"). */
export function matchDisplayName(displayName: string, list: KnownP2p = KNOWN_P2P): string | undefined {
  const name = displayName.trim().toLowerCase();
  return list.software.find((s) => s.windows?.displayNames.some((d) => name === d.toLowerCase() || (name.startsWith(d.toLowerCase()) && /^[\s\d(._-]/.test(name.slice(d.length)))))?.name;
}

export const matchWindowsProcess = (name: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.windows?.processes.some((p) => same(p, name)))?.name;
export const matchBundleId = (id: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.macos?.some((b) => same(b, id)))?.name;
export const matchLinuxPackage = (pkg: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.linux?.packages.includes(pkg))?.name;
export const matchFlatpak = (id: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.linux?.flatpaks.some((f) => same(f, id)))?.name;
export const matchSnap = (name: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.linux?.snaps.includes(name))?.name;
export const matchLinuxProcess = (comm: string, list: KnownP2p = KNOWN_P2P) => list.software.find((s) => s.linux?.processes.some((p) => p.slice(0, COMM_LENGTH) === comm))?.name;

/** Every Linux package name on the list, for one query of the package database. */
export const linuxPackageNames = (list: KnownP2p = KNOWN_P2P) => [...new Set(list.software.flatMap((s) => s.linux?.packages ?? []))].sort();
