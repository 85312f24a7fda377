/**
 * One run of a process, measured from the outside: wall time and peak RSS (VmHWM, sampled from /proc every
 * 5 ms), with what it wrote. The benchmarks run the built executable through its shebang (and the Node flags
 * it sets), as a user runs it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export interface MeasuredRun {
  ms: number;
  rssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export function measureProcess(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      clearInterval(timer);
      resolve({ ms: performance.now() - started, rssMb: hwm / 1024, code, stdout, stderr });
    });
  });
}
