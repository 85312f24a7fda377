/**
 * The esbuild bundle the installers carry (packaging/bundle.ts), run as a process the way an installed PC
 * runs it (node lib/tenken.js, no node_modules anywhere near it): the same reports and summaries as the
 * reviewed goldens for every recorded machine, the same `probes` and `--version` as the sources, a collector
 * started from the bundle receiving a report from the bundle, and a scan that never loads collector code.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, BUNDLE_ENTRY, type BuiltBundle } from '../packaging/bundle.ts';
import { loadRecording, type Recording } from '../src/host/recording.ts';
import { AGENT_NODE_FLAGS } from '../src/node-flags.ts';
import { AGENT_VERSION } from '../src/paths.ts';
import { compliantLaptop, macbookAir, neglectedLaptop, windowsProJa } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const machines: [string, () => Promise<Recording>][] = [
  ['linux-compliant-laptop', compliantLaptop],
  ['linux-neglected-laptop', neglectedLaptop],
  ['linux-debian12-ci', () => loadRecording(join(import.meta.dirname, 'recordings', 'linux-debian12-ci.yaml'))],
  ['win32-11-pro-ja', windowsProJa],
  ['darwin-15-apple-silicon', macbookAir],
];

let dir: string;
let bundle: string;
let built: BuiltBundle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-bundle-'));
  // Built, then moved: the bundle must not depend on the folder it was built in.
  built = await buildBundle(join(dir, 'built'));
  // Names every file a process loads (synchronous module hooks, Node ≥ 22.15).
  await writeFile(
    join(dir, 'record-loads.mjs'),
    "import { registerHooks } from 'node:module'; import { appendFileSync } from 'node:fs';\n" +
      'registerHooks({ load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + "\\n"); return next(url, context); } });\n',
  );
  bundle = join(dir, 'installed');
  await cp(join(dir, 'built'), bundle, { recursive: true });
  await rm(join(dir, 'built'), { recursive: true });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

function tenken(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(bundle, BUNDLE_ENTRY), ...args], { cwd: dir, env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', NO_COLOR: '1', TZ: 'Asia/Tokyo', ...env }, maxBuffer: 32 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 4) : 0, stdout, stderr }),
    );
  });
}

/** What report.test.ts fixes in its goldens: the report id and the probes' durations (and it renders times in Asia/Tokyo). */
const normalized = (json: string) => {
  const report = JSON.parse(json) as { reportId: string; probes: { durationMs: number }[] };
  return `${JSON.stringify({ ...report, reportId: '00000000-0000-4000-8000-000000000000', probes: report.probes.map((p) => ({ ...p, durationMs: 0 })) }, null, 2)}\n`;
};

describe('the bundle', () => {
  it('is a few ES module files and the data, with no node_modules', async () => {
    const top = (await readdir(bundle)).sort();
    expect(top).toEqual(['lib', 'package.json', 'policies', 'schema']);
    const lib = await readdir(join(bundle, 'lib'));
    expect(lib).toEqual(expect.arrayContaining(['tenken.js', 'verify-worker.js', 'sqlite-checkpointer.js', 'postgres-db.js', 'plist-library.js', 'bundled-policy.json']));
    expect(lib.filter((f) => !/^(?:[a-z-]+|chunk-[A-Z0-9]+)\.js(?:\.LEGAL\.txt)?$/.test(f) && f !== 'bundled-policy.json')).toEqual([]);
  });

  it('starts Node with the V8 flags scheduled scans use (the shebang of npx and npm installs)', async () => {
    const shebang = (await readFile(join(bundle, BUNDLE_ENTRY), 'utf8')).split('\n', 1)[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${AGENT_NODE_FLAGS.join(' ')}`);
  });

  it("carries zod's English messages alone, not its 63 other locales", () => {
    const locales = [...built.files.values()].flatMap((f) => f.inputs).filter((i) => i.startsWith('node_modules/zod/v4/locales/'));
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
  });

  it('answers --version and probes like the sources', async () => {
    expect(await tenken(['--version'])).toEqual({ code: 0, stdout: `${AGENT_VERSION}\n`, stderr: '' });
    const fromSources = await runTenken(['probes']);
    const fromBundle = await tenken(['probes']);
    expect(fromBundle.code).toBe(fromSources.code);
    expect(fromBundle.stdout).toBe(fromSources.stdout);
    // In Japanese the descriptions come from a chunk the bundle loads on demand.
    expect((await tenken(['probes', '--lang', 'ja'])).stdout).toBe((await runTenken(['probes', '--lang', 'ja'])).stdout);
  });

  it('loads for --version and --help no probe, scan or policy code, and for a replay nothing that starts processes', async () => {
    /** The source files inside the chunks a run of the bundle loaded. */
    const inputsLoaded = async (args: string[]) => {
      const log = join(dir, `loaded-${args[0]}.txt`);
      const r = await tenken(args, { NODE_OPTIONS: `--import ${join(dir, 'record-loads.mjs')}`, LOADED_LOG: log });
      // 0, or 1 for a replayed machine that needs action.
      expect(r.code, r.stderr).toBeLessThan(2);
      const files = (await readFile(log, 'utf8')).split('\n').filter((u) => u.includes('/lib/')).map((u) => u.slice(u.lastIndexOf('/') + 1));
      return files.flatMap((f) => built.files.get(f)?.inputs ?? [`${f}: not in the bundle`]);
    };
    const scanCode = /^probes\/|^src\/(?:scan|policy|host|report|transport|collector)\/|node_modules\/(?:zod|yaml|pino|systeminformation)\/|not in the bundle/;
    expect((await inputsLoaded(['--version'])).filter((i) => scanCode.test(i) || i.startsWith('node_modules/'))).toEqual([]);
    expect((await inputsLoaded(['--help'])).filter((i) => scanCode.test(i))).toEqual([]);
    const replay = await inputsLoaded(['scan', '--replay', join(import.meta.dirname, 'recordings', 'linux-debian12-ci.yaml'), '--format', 'json']);
    expect(replay).toContain('src/scan/scan.ts');
    expect(replay.filter((i) => /node_modules\/systeminformation\/|src\/host\/(?:live-host|exec)\.ts/.test(i))).toEqual([]);
    expect(replay.filter((i) => i.endsWith('/evidence-ja.ts'))).toEqual([]);
  });

  describe.for(machines)('replaying %s', ([name, machine]) => {
    let file: string;
    beforeAll(async () => {
      file = join(dir, `${name}.yaml`);
      await writeFile(file, JSON.stringify(await machine()));
    });

    it('writes the reviewed report', async () => {
      const r = await tenken(['scan', '--replay', file, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(normalized(r.stdout)).toBe(await readFile(join(GOLDEN, `report-${name}.json`), 'utf8'));
    });

    it.for(['ja', 'en'] as const)('prints the reviewed %s summary', async (lang) => {
      const r = await tenken(['scan', '--replay', file, '--lang', lang]);
      expect(r.stdout).toBe(await readFile(join(GOLDEN, `summary-${name}.${lang}.txt`), 'utf8'));
    });
  });

  it('runs a collector that stores a report sent by the bundle, and a scan loads no collector code', async () => {
    const state = join(dir, 'agent-state');
    const collector = spawn(process.execPath, [join(bundle, BUNDLE_ENTRY), 'collector', '--listen', '127.0.0.1:0', '--db', join(dir, 'collector.db')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8' },
    });
    try {
      const { url, secret } = await firstStart(collector);
      const env = { TENKEN_STATE_DIR: state, TENKEN_AGENT_CONFIG: join(state, 'agent.json') };
      const enrolled = await tenken(['enroll', url, '--secret', secret], env);
      expect(enrolled.code, enrolled.stderr).toBe(0);
      const loadedLog = join(dir, 'loaded.txt');
      // A live scan of this machine: --send sends only this PC's own scan (the tests run as root, as CI does).
      const sent = await tenken(['scan', '--send'], { ...env, NODE_OPTIONS: `--import ${join(dir, 'record-loads.mjs')}`, LOADED_LOG: loadedLog });
      expect(sent.code, sent.stderr).toBeLessThan(4);
      // "sent" means the collector answered that it stored the report.
      expect(sent.stderr).toContain(`sent to ${url}/`);
      const loaded = (await readFile(loadedLog, 'utf8')).split('\n').filter((u) => u.includes('/lib/')).map((u) => u.slice(u.lastIndexOf('/') + 1));
      expect(loaded).toContain('tenken.js');
      const collectorCode = loaded.flatMap((f) => built.files.get(f)?.inputs ?? [`${f}: not in the bundle`]).filter((i) => /^src\/collector\/|node_modules\/(?:fastify|pg|@fastify)\/|not in the bundle/.test(i));
      expect(collectorCode).toEqual([]);
    } finally {
      const exited = once(collector, 'exit');
      collector.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    }
  }, 60_000);
});

/** The collector's first lines: its address and the enroll secret it created. */
function firstStart(child: ChildProcess): Promise<{ url: string; secret: string }> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const secret = /--secret (\S+)/.exec(out)?.[1];
      if (url && secret) resolve({ url, secret });
    });
    child.once('exit', (code) => reject(new Error(`collector exited ${code}: ${out}`)));
  });
}
