/**
 * One writer at a time for the delivery counter and the queue: `tenken agent`, a scheduled `scan --send` and
 * a person's `scan --send` may run together, and two reports must never get the same sequence. A lock file
 * made with O_EXCL holds the owner's pid; a lock whose owner is gone (killed mid-write) is taken over.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryFailedError } from './errors.ts';

export class StateLockedError extends DeliveryFailedError {
  override readonly name = 'StateLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Callers in this process queue up here first, so that the lock file only arbitrates between processes. */
const inProcess = new Map<string, Promise<unknown>>();

export function withStateLock<T>(file: string, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const previous = inProcess.get(file) ?? Promise.resolve();
  const run = previous.then(() => withLockFile(file, fn, waitMs), () => withLockFile(file, fn, waitMs));
  const settled = run.catch(() => undefined);
  inProcess.set(file, settled);
  void settled.then(() => {
    if (inProcess.get(file) === settled) inProcess.delete(file);
  });
  return run;
}

/**
 * Two processes that find the same dead owner's lock at once could both take it over; that needs a crash and
 * two starts in the same few milliseconds, and its worst outcome is a repeated sequence number, which the
 * collector shows.
 */
async function withLockFile<T>(file: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      // An empty file is an owner still writing its pid, or killed before it could (then it stays empty).
      const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now());
      if ((!owner && age > 1000) || (owner && !alive(owner))) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new StateLockedError(`${file}: another tenken (pid ${owner}) has been writing the queue for ${Math.round(waitMs / 1000)} s; try again later`);
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
