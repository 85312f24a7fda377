/**
 * `npm run package`: every installer, built on Linux from the npm registry and Debian packages only
 * (README "Build the installers"). The bundle once, the pinned Node runtimes (packaging/runtimes.ts), then per
 * target the packages, into packages/out/ with the names the collector's "Add PCs" page links to; the sizes
 * last. `npm run package -- linux-x64 windows-x64` builds only the targets named.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBundle, ROOT } from './bundle.ts';
import { buildLinux } from './linux.ts';
import { buildMacos } from './macos.ts';
import { buildMsi } from './windows.ts';
import { fetchRuntime, RUNTIMES, TARGETS, type Target } from './runtimes.ts';

const PACKAGES = join(ROOT, 'packages');
export const OUT = join(PACKAGES, 'out');
const RUNTIME_CACHE = join(PACKAGES, 'runtimes');

/** TENKEN_SIGN_CERT and TENKEN_SIGN_KEY (PEM files; TENKEN_SIGN_TIMESTAMP_URL optional) sign the MSIs with the organisation's certificate. */
function signing() {
  const { TENKEN_SIGN_CERT: cert, TENKEN_SIGN_KEY: key, TENKEN_SIGN_TIMESTAMP_URL: timestampUrl } = process.env;
  if (!cert || !key) return {};
  return { sign: { cert, key, ...(timestampUrl ? { timestampUrl } : {}) } };
}

async function main(args: string[]): Promise<void> {
  const unknown = args.filter((a) => !(TARGETS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}; the targets are ${TARGETS.join(', ')}`);
  const targets = args.length ? (args as Target[]) : TARGETS;
  const started = performance.now();
  const bundle = join(PACKAGES, 'bundle');
  const { version } = await buildBundle(bundle);
  // A full build starts from an empty folder (no packages of an earlier version left); a partial one adds to it.
  if (!args.length) await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const built: string[] = [];
  for (const target of targets) {
    const node = await fetchRuntime(target, RUNTIME_CACHE);
    const work = join(PACKAGES, 'work', target);
    process.stdout.write(`${target}: Node ${RUNTIMES[target].version} (${RUNTIMES[target].npmPackage})\n`);
    if (target === 'linux-x64' || target === 'linux-arm64') built.push(...(await buildLinux({ target, version, bundle, node, work, out: OUT })));
    if (target === 'macos-x64' || target === 'macos-arm64') built.push(await buildMacos({ target, version, bundle, node, work, out: OUT }));
    if (target === 'windows-x64' || target === 'windows-arm64') built.push(await buildMsi({ target, version, bundle, node, work, out: OUT, ...signing() }));
    await rm(work, { recursive: true, force: true });
  }
  for (const name of built) process.stdout.write(`${((await stat(join(OUT, name))).size / 1e6).toFixed(1).padStart(6)} MB  ${name}\n`);
  process.stdout.write(`built ${built.length} package(s) in ${OUT} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

await main(process.argv.slice(2));
