/**
 * One run of a process, measured from the outside: wall time and peak RSS (VmHWM, sampled from /proc every
 * 5 ms), with what it wrote. The benchmarks run the built executable through its shebang (and the Node flags
 * it sets), as a user runs it.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

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
