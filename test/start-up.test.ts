/**
 * What each kind of run loads (issue 16): `--version` and `--help` answer before any scan code loads, a replay
 * starts no process and so loads neither src/host/exec nor systeminformation, and a scan with the bundled policy reads
 * the JSON the build compiled instead of loading the YAML parser, and a scan that logs nothing loads no pino; the Japanese
 * descriptions of the evidence fields load for `tenken probes` in Japanese alone. Runs the tsc build (dist/, built by
 * `npm test`) as a process, with a module hook that names every file it loads (Node ≥ 22.15).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_VERSION } from '../src/paths.ts';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const RECORDING = join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-start-up-'));
  await writeFile(
    join(dir, 'record-loads.mjs'),
    "import { registerHooks, createRequire } from 'node:module'; import { appendFileSync } from 'node:fs';\n" +
      'registerHooks({ load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + "\\n"); return next(url, context); } });\n' +
      // Each command started, in the same list: ESM imports of node:child_process share this class.
      "const { ChildProcess } = createRequire(import.meta.url)('node:child_process'); const spawn = ChildProcess.prototype.spawn;\n" +
      'ChildProcess.prototype.spawn = function (o) { appendFileSync(process.env.LOADED_LOG, `spawn ${o.file}\\n`); return spawn.apply(this, arguments); };\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let runs = 0;
/** Runs dist/src/main.js; `loaded` holds the files it loaded, relative to the repository (dist/… or node_modules/…). */
/** `timeline`: the loaded files and, as `spawn <file>`, the commands started, in the order they came. */
async function tenken(args: string[]): Promise<{ code: number; stdout: string; stderr: string; loaded: string[]; timeline: string[] }> {
  const log = join(dir, `loaded-${++runs}.txt`);
  const env = { PATH: process.env.PATH, LANG: 'en_US.UTF-8', NODE_OPTIONS: `--import ${join(dir, 'record-loads.mjs')}`, LOADED_LOG: log };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [MAIN, ...args], { cwd: dir, env, maxBuffer: 32 << 20 }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 4) : 0, stdout, stderr })),
  );
  const lines = (await readFile(log, 'utf8')).split('\n');
  const loaded = lines.flatMap((l) => (l.startsWith('file:') ? [relative(ROOT, fileURLToPath(l))] : l.startsWith('spawn ') ? [l] : [])).filter((p) => !p.startsWith('..'));
  return { code, stdout, stderr, loaded: loaded.filter((p) => !p.startsWith('spawn ')), timeline: loaded };
}

/** The npm packages among the loaded files. */
const packages = (loaded: readonly string[]) => [...new Set(loaded.flatMap((p) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1] ?? []))].sort();
/** tenken's own modules that belong to a scan: probes, the scan, policies, hosts, reports, transport, collector. */
/** The Japanese descriptions of the evidence fields (probes/evidence-ja.ts and one catalogue per probe). */
const evidenceJa = (loaded: readonly string[]) => loaded.filter((p) => /^dist\/probes\/(?:[^/]+\/)?evidence-ja\.js$/.test(p));
const scanCode = (loaded: readonly string[]) => loaded.filter((p) => /^dist\/(?:probes\/|src\/(?:scan|policy|host|report|transport|collector|selfcheck|schedule\/(?!job|calendar))\b)/.test(p));

describe('start-up', () => {
  it('answers --version from package.json alone', async () => {
    const r = await tenken(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${AGENT_VERSION}\n`, stderr: '' });
    expect(r.loaded.sort()).toEqual(['dist/src/main.js', 'dist/src/paths.js']);
  });

  it.for(['--help', 'scan --help', 'help collector', 'fix --help --lang ja'])('answers `%s` with the declarations only: commander and the help texts', async (command) => {
    const args = command.split(' ');
    const r = await tenken(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(args.includes('ja') ? '使い方' : 'Usage:');
    expect(scanCode(r.loaded)).toEqual([]);
    expect(packages(r.loaded)).toEqual(['ansi-regex', 'commander', 'get-east-asian-width', 'string-width', 'strip-ansi']);
  });

  it.for(['--help --lang ja', 'help scan --lang ja', 'fix --help'])(
    'lays `%s` out the same when string-width loads as help first measures a width as when it was loaded before',
    async (command) => {
      const args = command.split(' ');
      const fresh = await tenken(args);
      const { loadDisplayWidth } = await import('../src/i18n/text-width.ts');
      await loadDisplayWidth();
      const { runTenken } = await import('./support/run-cli.ts');
      const loaded = await runTenken(args);
      expect(fresh.code).toBe(0);
      expect(fresh.stderr).toBe('');
      // Japanese help wraps by columns: a width measured wrongly would break its lines elsewhere.
      expect(fresh.stdout).toBe(loaded.stdout);
    },
  );

  it('loads the Japanese descriptions of the evidence fields for `tenken probes` in Japanese, not in English', async () => {
    const ja = await tenken(['probes', '--lang', 'ja']);
    expect(ja.code, ja.stderr).toBe(0);
    expect(evidenceJa(ja.loaded)).toHaveLength(15);
    const en = await tenken(['probes']);
    expect(en.code, en.stderr).toBe(0);
    expect(evidenceJa(en.loaded)).toEqual([]);
  });

  it('replays a recording without loading what starts processes (exec, systeminformation, the live host)', async () => {
    const r = await tenken(['scan', '--replay', RECORDING, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ scan: { policy: { source: 'bundled:baseline.yaml' } } });
    expect(packages(r.loaded)).not.toContain('systeminformation');
    expect(r.loaded).not.toContain('dist/src/host/live-host.js');
    // Only help and `fix` lay text out in columns: string-width's Unicode tables cost a scan ~25 ms to build.
    expect(packages(r.loaded)).not.toContain('string-width');
    expect(r.loaded).not.toContain('dist/src/host/exec.js');
    // A scan logs only when something goes wrong: pino loads with its first line (src/log.ts).
    expect(packages(r.loaded)).not.toContain('pino');
    // The recording is YAML: a replay is the one scan that needs the parser.
    expect(packages(r.loaded)).toContain('yaml');
    // `tenken probes` alone shows them.
    expect(evidenceJa(r.loaded)).toEqual([]);
  });

  it('scans this machine with the bundled policy compiled at build time: no YAML parser, the same policy sha256', async () => {
    const r = await tenken(['scan', '--format', 'json']);
    expect(r.code, r.stderr).toBeLessThan(4);
    // The YAML loader (policy/load.js, which validates and cross-checks) is what a stale or missing JSON falls back to.
    expect(r.loaded).not.toContain('dist/src/policy/load.js');
    expect(packages(r.loaded)).not.toContain('yaml');
    expect(packages(r.loaded)).not.toContain('string-width');
    expect(packages(r.loaded)).not.toContain('pino');
    expect(evidenceJa(r.loaded)).toEqual([]);
    // The first command (apt list on Debian, the longest) starts before what judges the evidence, the reasons' texts
    // and the report schema load: they load while the commands run (scan/build-report.ts).
    const firstCommand = r.timeline.findIndex((l) => l.startsWith('spawn '));
    expect(firstCommand).toBeGreaterThan(0);
    const before = r.timeline.slice(0, firstCommand);
    for (const later of ['dist/src/scan/build-report.js', 'dist/src/policy/evaluate.js', 'dist/src/i18n/reasons.js', 'dist/src/report/schema.js']) {
      expect(before).not.toContain(later);
      expect(r.loaded).toContain(later);
    }
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(await readFile(join(ROOT, 'policies', 'baseline.yaml'))).digest('hex');
    expect(JSON.parse(r.stdout)).toMatchObject({ scan: { policy: { source: 'bundled:baseline.yaml', sha256 } } });
  }, 60_000);
});
