/**
 * The esbuild bundle every package carries (DESIGN.md "Distribution"): tenken and its dependencies in a few
 * ES module files, no node_modules folder. Code-split, so a scan loads only the chunks it imports and never
 * parses the collector, fastify or pg. Layout (the folder is what the installers copy as is):
 *
 *   package.json   name, version, "type": "module" (src/paths.ts finds the package root and the version by it)
 *   policies/      the bundled policy and catalogs, schema/  the report and self-check JSON Schemas
 *   lib/tenken.js  the CLI; lib/verify-worker.js, lib/sqlite-checkpointer.js, lib/postgres-db.js and
 *                  lib/plist-library.js are loaded by URL beside the chunk that needs them; lib/chunk-*.js shared code;
 *                  lib/bundled-policy.json the bundled policy compiled (src/policy/bundled.ts)
 *
 * Run as a script it builds into the folder given (default packages/bundle).
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { writeCompiledPolicy } from './compile-policy.ts';

export const ROOT = resolve(import.meta.dirname, '..');

/** The entry point every launcher, scheduler and installer runs, relative to the bundle folder. */
export const BUNDLE_ENTRY = 'lib/tenken.js';

export interface BuiltBundle {
  readonly version: string;
  /** Each file in lib/ with its size and the source files it holds (paths relative to the repository). */
  readonly files: ReadonlyMap<string, { readonly bytes: number; readonly inputs: readonly string[] }>;
}

/**
 * zod's `z` namespace re-exports all 64 of its message locales (`z.locales`, 341 KB of source), so every run
 * that validates anything parsed and kept them, though zod itself uses only English and tenken's messages are
 * its own. The namespace is given English alone; `z.locales.<other>` would be undefined, and nothing uses it.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: 'export { default as en } from "./en.js";', resolveDir: join(args.path, '..'), loader: 'js' }));
  },
};

export async function buildBundle(outDir: string): Promise<BuiltBundle> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; license: string; description: string };
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      tenken: 'src/main.ts',
      // Loaded through new URL('./<name>.js', import.meta.url) by the chunk that uses them (workers, lazy drivers).
      'verify-worker': 'src/collector/verify-worker.ts',
      'sqlite-checkpointer': 'src/collector/sqlite-checkpointer.ts',
      'postgres-db': 'src/collector/postgres-db.ts',
      'plist-library': 'plist',
    },
    outdir: join(outDir, 'lib'),
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.13',
    // Bundled CommonJS dependencies (pino, fastify, pg) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __tenkenRequire } from 'node:module'; const require = __tenkenRequire(import.meta.url);" },
    // pg tries the optional native binding inside a try/catch; it is not shipped.
    external: ['pg-native'],
    plugins: [zodEnglishOnly],
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, type: 'module', private: true }, null, 2)}\n`,
  );
  await cp(join(ROOT, 'policies'), join(outDir, 'policies'), { recursive: true });
  await cp(join(ROOT, 'schema'), join(outDir, 'schema'), { recursive: true });
  await writeCompiledPolicy(join(outDir, 'lib'));
  const files = new Map(Object.entries(result.metafile.outputs).map(([path, o]) => [basename(path), { bytes: o.bytes, inputs: Object.keys(o.inputs) }]));
  return { version: pkg.version, files };
}

if (import.meta.main) {
  const out = resolve(process.argv[2] ?? join(ROOT, 'packages', 'bundle'));
  const { version, files } = await buildBundle(out);
  const bytes = [...files.values()].reduce((sum, f) => sum + f.bytes, 0);
  process.stdout.write(`bundle ${version}: ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB in ${out}\n`);
}
