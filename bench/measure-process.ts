/**
 * One run of a process, measured from the outside: wall time and peak RSS (VmHWM, sampled from /proc every
 * 5 ms), with what it wrote; and from the inside, through a preloaded hook (process-timeline.ts), its own CPU
 * time and when its child processes started and ended. The benchmarks run the built executable through its
 * shebang (and the Node flags it sets), as a user runs it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What `tenken` runs when installed with npm or by an installer (package.json bin: the code-split bundle), or
 * the build given as `-- --bin <file>`.
 */
export function tenkenBin(argv: readonly string[] = process.argv): string {
  const i = argv.indexOf('--bin');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  const root = join(import.meta.dirname, '..');
  return join(root, (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { tenken: string } }).bin.tenken);
}

/** What process-timeline.js saw inside the process; times in ms since it started. */
export interface ProcessTimeline {
  /** user+sys of all its threads, not of its children. */
  readonly cpuMs: number;
  readonly exitMs: number;
  /** Each child process: when spawn() was called and when its output closed. */
  readonly children: readonly { readonly startMs: number; readonly endMs: number | null }[];
}

export interface MeasuredRun {
  ms: number;
  rssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Absent if the process ended without running its exit handlers (killed by a signal). */
  timeline: ProcessTimeline | undefined;
}

const HOOK = `--import=${pathToFileURL(join(import.meta.dirname, 'process-timeline.js')).href}`;
let scratch: string | undefined;
let runs = 0;

export function measureProcess(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    if (!scratch) {
      const dir = (scratch = mkdtempSync(join(tmpdir(), 'tenken-measure-')));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const timelineFile = join(scratch, `${++runs}.json`);
    const hooked = { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, HOOK].filter(Boolean).join(' '), TENKEN_BENCH_TIMELINE: timelineFile };
    const started = performance.now();
    const child = spawn(bin, args, { env: hooked, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let hwm = 0;
    const timer = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8')
        .then((s) => (hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0))))
        .catch(() => {});
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      clearInterval(timer);
      let timeline: ProcessTimeline | undefined;
      try {
        timeline = JSON.parse(readFileSync(timelineFile, 'utf8')) as ProcessTimeline;
      } catch {
        timeline = undefined;
      }
      resolve({ ms, rssMb: hwm / 1024, code, stdout, stderr, timeline });
    });
  });
}
