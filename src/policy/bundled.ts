/**
 * The bundled policy (policies/baseline.yaml and its catalogs) as a scan loads it: from the JSON the build
 * compiled beside this module (`npm run build`, packaging/bundle.ts), so that a scan with the default policy
 * neither loads the YAML parser nor validates and cross-checks what the build already did. The JSON is a cache
 * of the YAML, never a second source: it names the SHA-256 of the texts it was compiled from, and when the
 * texts on disk differ (an edited policy, a build that did not compile it, the sources in tests) the YAML is
 * loaded as before. The report's policy sha256 is that of baseline.yaml's text either way.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Probe } from '../probe.ts';
import { BUNDLED_POLICY, CATALOGS_DIR } from '../paths.ts';
import type { LoadedPolicy } from './load.ts';
import type { Catalog, Policy } from './schema.ts';

export const BUNDLED_SOURCE = 'bundled:baseline.yaml';
/** Beside the module that reads it: dist/src/policy/ from `npm run build`, lib/ in the esbuild bundle. */
export const COMPILED_POLICY_FILE = 'bundled-policy.json';
const COMPILED_POLICY_URL = new URL(`./${COMPILED_POLICY_FILE}`, import.meta.url);

interface CompiledPolicy {
  /** SHA-256 over baseline.yaml and every catalog, names and texts: what the JSON was compiled from. */
  readonly sources: string;
  readonly sha256: string;
  readonly policy: Policy;
  readonly catalogs: [string, Catalog][];
}

/** The SHA-256 of baseline.yaml and the catalogs together (a millisecond or two to read and hash). */
async function sourcesKey(): Promise<string> {
  const names = (await readdir(CATALOGS_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  const [policy, ...catalogs] = await Promise.all([BUNDLED_POLICY, ...names.map((n) => join(CATALOGS_DIR, n))].map((f) => readFile(f)));
  const all = createHash('sha256').update(policy!);
  catalogs.forEach((text, i) => all.update(`\0${names[i]}\0`).update(text));
  return all.digest('hex');
}

/**
 * `probes` are needed only when the YAML is loaded; a promise of them lets a scan read the compiled policy while
 * its probes' modules are still loading.
 */
export async function loadBundledPolicy(probes: readonly Probe[] | PromiseLike<readonly Probe[]>, compiled: URL | string = COMPILED_POLICY_URL): Promise<LoadedPolicy> {
  const [sources, cached] = await Promise.all([
    sourcesKey(),
    // Absent or damaged: the YAML is the source.
    readFile(compiled, 'utf8')
      .then((json) => JSON.parse(json) as CompiledPolicy)
      .catch(() => undefined),
  ]);
  if (cached?.sources === sources) return { policy: cached.policy, catalogs: new Map(cached.catalogs), sha256: cached.sha256, source: BUNDLED_SOURCE };
  const { loadPolicy } = await import('./load.ts');
  return loadPolicy(BUNDLED_POLICY, await probes, { source: BUNDLED_SOURCE });
}

/** The JSON a build writes beside the code as COMPILED_POLICY_FILE: the YAML loaded, validated and cross-checked. */
export async function compileBundledPolicy(probes: readonly Probe[]): Promise<string> {
  const { loadPolicy } = await import('./load.ts');
  const [loaded, sources] = await Promise.all([loadPolicy(BUNDLED_POLICY, probes, { source: BUNDLED_SOURCE }), sourcesKey()]);
  const compiled: CompiledPolicy = { sources, sha256: loaded.sha256, policy: loaded.policy, catalogs: [...loaded.catalogs] };
  return JSON.stringify(compiled);
}
