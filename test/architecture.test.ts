/**
 * The rules that keep the flow visible (DESIGN.md): one door to the machine. Only src/host/exec.ts starts
 * processes; only src/host/live-host.ts reads the real platform and calls systeminformation; probes touch
 * the machine only through their context.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

async function sources(): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const dir of ['src', 'probes']) {
    for (const entry of await readdir(join(ROOT, dir), { recursive: true })) {
      if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
      out.push({ path: relative(ROOT, join(ROOT, dir, entry)), text: await readFile(join(ROOT, dir, entry), 'utf8') });
    }
  }
  return out;
}

/** Value imports (static and dynamic) of a module; `import type` carries no code and is fine anywhere. */
const importsOf = (text: string, module: RegExp) =>
  [...text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].some((m) => module.test(m[1] ?? m[2]!));

describe('architecture', async () => {
  const files = await sources();

  it('starts processes only in src/host/exec.ts', () => {
    const offenders = files.filter((f) => importsOf(f.text, /^(node:)?child_process$/) && f.path !== 'src/host/exec.ts');
    expect(offenders.map((f) => f.path), 'move process spawning behind the Host (src/host/exec.ts)').toEqual([]);
  });

  it('calls systeminformation only in src/host/live-host.ts', () => {
    const offenders = files.filter((f) => importsOf(f.text, /^systeminformation$/) && f.path !== 'src/host/live-host.ts');
    expect(offenders.map((f) => f.path), 'add the call to the allow-list in src/host/host.ts (SiCalls) and use host.si()').toEqual([]);
  });

  it('reads process.platform only in src/host/live-host.ts', () => {
    const offenders = files.filter((f) => /process\.platform/.test(f.text.replace(/\/\*\*[\s\S]*?\*\/|\/\/.*$/gm, '')) && f.path !== 'src/host/live-host.ts');
    expect(offenders.map((f) => f.path), 'take the platform from the Host (host.platform / ctx.platform)').toEqual([]);
  });

  it('keeps probes off node:fs, node:os and the clock', () => {
    const probeFiles = files.filter((f) => f.path.startsWith('probes/'));
    const offenders = probeFiles.filter((f) => importsOf(f.text, /^(node:)?(fs|fs\/promises|os)$/) || /new Date\(\)|Date\.now\(\)/.test(f.text));
    expect(offenders.map((f) => f.path), 'read files through ctx.readFile/listDir/stat and time through ctx.now()').toEqual([]);
  });
});
