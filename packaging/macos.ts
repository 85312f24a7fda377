/**
 * macOS (arm64, x64): a tar.gz, not a .pkg. A correct .pkg needs a Bom writer Debian does not have and a
 * Developer ID Installer signature this machine cannot make (research note §8); an unsigned pkg is also
 * refused by MDM. The tar.gz carries Node's official binary as published, signed and notarized by the
 * OpenJS Foundation (untouched, so its signature holds), the bundle, install.sh (→ /usr/local/tenken,
 * root-owned, then tenken install) and uninstall.sh.
 */
import { join } from 'node:path';
import { buildTarball } from './unix.ts';

export const MACOS_PREFIX = '/usr/local/tenken';
export const macosTarballName = (version: string, target: 'macos-x64' | 'macos-arm64') => `tenken-${version}-${target}.tar.gz`;

export async function buildMacos(options: { target: 'macos-x64' | 'macos-arm64'; version: string; bundle: string; node: string; work: string; out: string }): Promise<string> {
  const name = macosTarballName(options.version, options.target);
  await buildTarball(join(options.out, name), { work: options.work, bundle: options.bundle, node: options.node, prefix: MACOS_PREFIX });
  return name;
}
