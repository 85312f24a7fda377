/**
 * Files a person names are read only up to a size per kind, and YAML aliases are expanded only so far (RT-18):
 * a 20 MB policy used to take 11.6 s and 1.5 GB. Each over-large input is refused with exit 2, the file named,
 * before it is parsed — including a device or pipe that never ends. The inputs are made here: their content
 * does not matter, only their size and their aliases.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/source-errors.ts';
import { MAX_YAML_ALIASES } from '../../src/yaml-source.ts';
import { runTenken } from '../support/run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-limits-'));
});

/** A YAML file of `bytes` bytes: one long quoted scalar. */
async function yamlOf(name: string, bytes: number): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `k: "${'x'.repeat(bytes - 6)}"\n`);
  return file;
}

describe('input files over their size limit', () => {
  it('a policy, a recording and an answers file one byte over the limit: exit 2, named, not parsed', async () => {
    const cases = [
      { args: (f: string) => ['policy', 'validate', f], bytes: INPUT_LIMITS.policy.bytes, what: 'policy', limit: '1 MiB' },
      { args: (f: string) => ['scan', '--policy', f], bytes: INPUT_LIMITS.policy.bytes, what: 'policy', limit: '1 MiB' },
      { args: (f: string) => ['scan', '--replay', f], bytes: INPUT_LIMITS.recording.bytes, what: 'recording', limit: '8 MiB' },
      { args: (f: string) => ['selfcheck', '--answers', f], bytes: INPUT_LIMITS.answers.bytes, what: 'answers', limit: '64 KiB' },
    ];
    for (const c of cases) {
      const file = await yamlOf(`${c.what}.yaml`, c.bytes + 1);
      const r = await runTenken(c.args(file));
      expect(r.code, c.args(file).join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^tenken: ${file.replace(/[.]/g, '\\.')}: this ${c.what} file is too large \\([\\d.]+ (MiB|KiB); the limit is ${c.limit}\\)`));
    }
    const ja = await runTenken(['policy', 'validate', join(dir, 'policy.yaml')], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(ja.stderr).toMatch(/policy\.yaml: ポリシーのファイルが大きすぎます（1 MiB、上限は 1 MiB）/);
  });

  it('at the limit a file is read (and judged on its content)', async () => {
    const r = await runTenken(['policy', 'validate', await yamlOf('at-limit.yaml', INPUT_LIMITS.policy.bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/too large/);
    expect(r.stderr).toMatch(/unknown key "k"/);
  });

  it('a device that never ends is read only to the limit', async () => {
    const r = await runTenken(['policy', 'validate', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tenken: /dev/zero: this policy file is too large (more than 1 MiB; the limit is 1 MiB): tenken does not read larger files, which would take too long and too much memory.\n');
  });
});

describe('YAML aliases', () => {
  it('an alias bomb is refused as too many aliases, not as "invalid YAML"', async () => {
    // Seven levels of ten aliases each: 10^7 strings once expanded.
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 7; i++) levels.push(`${'abcdefg'[i]}: &${'abcdefg'[i]} [${Array(10).fill(`*${'abcdefg'[i - 1]}`).join(',')}]`);
    const file = join(dir, 'bomb.yaml');
    await writeFile(file, `${levels.join('\n')}\n`);
    for (const args of [['policy', 'validate', file], ['scan', '--replay', file], ['selfcheck', '--answers', file]]) {
      const r = await runTenken(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`tenken: ${file}: YAML: too many aliases (*name) to expand (the limit is ${MAX_YAML_ALIASES}); write the values out instead.\n`);
    }
  });
});
