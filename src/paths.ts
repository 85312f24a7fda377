/** Where tenken's bundled data lives, whether it runs from src/ (tests) or from dist/src/ (installed). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policies'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find tenken's package root above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const POLICIES_DIR = join(PACKAGE_ROOT, 'policies');
export const AGENT_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The policy a scan uses unless given another, and the guideline catalogs every policy may cite. */
export const BUNDLED_POLICY = join(POLICIES_DIR, 'baseline.yaml');
export const CATALOGS_DIR = join(POLICIES_DIR, 'catalogs');
