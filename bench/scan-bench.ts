/**
 * `npm run bench`: how long a full `tenken scan` of this machine takes and how much memory it needs,
 * measured in the same run as the floor — the OS commands that scan executes, run directly and all in
 * parallel, which is as fast as any agent could be here. Also a replay of the same machine (no OS
 * commands at all: the agent's own cost). Numbers are printed; goals are reported, never enforced.
 *
 *   npm run bench [-- --runs 9] [-- --bin dist/src/main.js]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { measureProcess, tenkenBin, type MeasuredRun, type ProcessTimeline } from './measure-process.ts';

const BIN = tenkenBin();
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const ENV = { ...process.env, LC_ALL: 'C', LANG: 'C', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** A scan's stdout (the JSON report) is not kept: it is only measured. */
const measure = (args: string[]) => measureProcess(BIN, args);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A figure from each run's own timeline (process-timeline.ts), as a median; NaN when no run had one. */
const phase = (runs: readonly MeasuredRun[], of: (t: ProcessTimeline) => number) => {
  const xs = runs.flatMap((r) => (r.timeline && r.timeline.children.length > 0 ? [of(r.timeline)] : []));
  return xs.length ? median(xs) : NaN;
};
const cpu = (runs: readonly MeasuredRun[]) => {
  const xs = runs.flatMap((r) => (r.timeline ? [r.timeline.cpuMs] : []));
  return xs.length ? median(xs) : NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main() {
  if (!existsSync(BIN)) throw new Error('build first: npm run build');
  const dir = await mkdtemp(join(tmpdir(), 'tenken-bench-'));
  const recording = join(dir, 'machine.yaml');
  await promisify(execFile)(process.execPath, [BIN, 'record', '--no-redact', '--out', recording]);
  const sections = (parse(await readFile(recording, 'utf8')) as { sections: Record<string, { run?: string[]; asConsoleUser?: boolean }[]> }).sections;
  const commands = Object.values(sections)
    .flat()
    .filter((a) => a.run && !a.asConsoleUser)
    .map((a) => a.run!);

  // The floor: every command the scan ran, at once, no agent in between (a missing command fails fast, as in the scan).
  const floorOnce = async () => {
    const started = performance.now();
    await Promise.all(commands.map(([file, ...args]) => promisify(execFile)(file!, args, { env: ENV, maxBuffer: 64 << 20 }).catch(() => undefined)));
    return performance.now() - started;
  };

  const floor: number[] = [];
  const live: MeasuredRun[] = [];
  const replay: MeasuredRun[] = [];
  await measure(['scan', '--format', 'json']); // warm the page cache once
  for (let i = 0; i < RUNS; i++) {
    floor.push(await floorOnce());
    live.push(await measure(['scan', '--format', 'json']));
    replay.push(await measure(['scan', '--format', 'json', '--replay', recording]));
  }
  const f = median(floor);
  const l = median(live.map((x) => x.ms));
  const r = median(replay.map((x) => x.ms));
  const rss = Math.max(...live.map((x) => x.rssMb));
  const row = (what: string, value: string, goal: string, ok?: boolean) => console.log(`${what.padEnd(44)} ${value.padStart(10)}   ${goal}${ok === undefined ? '' : ok ? '  ✓' : '  ✗'}`);
  console.log(`tenken scan benchmark — ${RUNS} runs each, interleaved; ${commands.length} OS commands per scan; node ${process.version}\n`);
  row('floor: the scan\'s OS commands in parallel', `${f.toFixed(0)} ms`, '');
  row('tenken scan (live), median wall', `${l.toFixed(0)} ms`, 'goal ≤ 1000 ms', l <= 1000);
  row('  above the floor', `${(l - f).toFixed(0)} ms`, 'goal ≤ 150 ms', l - f <= 150);
  row('  peak RSS (max of runs)', `${rss.toFixed(1)} MB`, 'goal ≤ 80 MB', rss <= 80);
  row('  CPU user+sys of the agent alone, median', ms(cpu(live)), '');
  row('  first OS command started after, median', ms(phase(live, (t) => Math.min(...t.children.map((c) => c.startMs)))), '');
  row('  exit after the last command ended, median', ms(phase(live, (t) => t.exitMs - Math.max(...t.children.map((c) => c.endMs ?? t.exitMs)))), '');
  row('tenken scan --replay (no OS commands), median', `${r.toFixed(0)} ms`, '');
  row('  CPU user+sys, median', ms(cpu(replay)), '');
  row('  peak RSS (max of runs)', `${Math.max(...replay.map((x) => x.rssMb)).toFixed(1)} MB`, '');
  console.log(`\nlive runs (ms): ${live.map((x) => x.ms.toFixed(0)).join(' ')}\nfloor runs (ms): ${floor.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`live − floor by round (ms): ${live.map((x, i) => (x.ms - floor[i]!).toFixed(0)).join(' ')}`);
  const slowest = await Promise.all(
    commands.map(async ([file, ...args]) => {
      const started = performance.now();
      await promisify(execFile)(file!, args, { env: ENV, maxBuffer: 64 << 20 }).catch(() => undefined);
      return [performance.now() - started, [file, ...args].join(' ')] as const;
    }),
  );
  console.log('\nslowest OS commands alone (ms):');
  for (const [ms, cmd] of slowest.sort((a, b) => b[0] - a[0]).slice(0, 5)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${cmd}`);
}

await main();
