/**
 * Preloaded into a measured process (NODE_OPTIONS=--import, see measure-process.ts): when it exits, writes its
 * own CPU time (user+sys of all its threads, not its children's) and when its child processes started and ended,
 * as one JSON line (ProcessTimeline in measure-process.ts) to the file named by TENKEN_BENCH_TIMELINE. Times are
 * milliseconds since the process started (performance.timeOrigin). Plain JavaScript: a .ts file would load
 * Node's type stripper into the measured process and add its cost to what is measured.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const out = process.env.TENKEN_BENCH_TIMELINE;
if (out) {
  // The measured program's own commands do not inherit the hook.
  delete process.env.NODE_OPTIONS;
  delete process.env.TENKEN_BENCH_TIMELINE;
  // ESM imports of node:child_process share this class: patching its spawn sees every command, however started.
  const { ChildProcess } = createRequire(import.meta.url)('node:child_process');
  const children = [];
  const spawn = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function (...args) {
    const child = { startMs: performance.now(), endMs: null };
    children.push(child);
    this.once('close', () => (child.endMs = performance.now()));
    return spawn.apply(this, args);
  };
  process.once('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, `${JSON.stringify({ cpuMs: (user + system) / 1000, exitMs: performance.now(), children })}\n`);
  });
}
