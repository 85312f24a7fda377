/**
 * Compiles the bundled policy to JSON beside the code that loads it (src/policy/bundled.ts): `npm run build`
 * writes dist/src/policy/bundled-policy.json, packaging/bundle.ts lib/bundled-policy.json. Run as a script
 * it writes into the folder given.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { probes } from '../probes/index.ts';
import { compileBundledPolicy, COMPILED_POLICY_FILE } from '../src/policy/bundled.ts';

export async function writeCompiledPolicy(dir: string): Promise<string> {
  const file = join(dir, COMPILED_POLICY_FILE);
  await writeFile(file, await compileBundledPolicy(probes));
  return file;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node packaging/compile-policy.ts <folder>');
  process.stdout.write(`wrote ${await writeCompiledPolicy(resolve(dir))}\n`);
}
