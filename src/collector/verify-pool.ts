/**
 * Verify workers: report uploads are mostly CPU (gzip, JSON, Ed25519, the report schema), and one Node
 * thread would leave the other cores idle while the database thread waits for it. Each job goes to the
 * worker with the fewest in flight. With 0 threads (or where workers cannot start) jobs run inline.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { verifyUpload, type UploadJob, type UploadOutcome } from './verify-upload.ts';

/**
 * One thread fewer than the cores (the main thread serves HTTP and the database), but two on a 2-core machine:
 * verifying costs more per upload (about 1.2 ms) than the main thread's share (about 0.8 ms), so a single
 * worker caps throughput while the main thread idles; with two the system shares both cores among the three
 * threads (bench:collector, 2 cores: 761 against 688 reports/s at the same CPU per report).
 */
export const defaultVerifyThreads = (): number => {
  const cores = availableParallelism();
  return cores <= 2 ? cores : cores - 1;
};

interface Slot {
  worker: Worker;
  inFlight: Map<number, (outcome: UploadOutcome) => void>;
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './verify-worker.ts' : './verify-worker.js', import.meta.url);

export class VerifyPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) this.slots.push(this.start());
  }

  private start(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), inFlight: new Map() };
    slot.worker.unref();
    slot.worker.on('message', ({ id, outcome }: { id: number; outcome: UploadOutcome }) => {
      const done = slot.inFlight.get(id);
      slot.inFlight.delete(id);
      done?.(outcome);
    });
    const fail = (why: string) => {
      for (const done of slot.inFlight.values()) done({ ok: false, status: 500, code: 'internal', message: why });
      slot.inFlight.clear();
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.start();
    };
    slot.worker.on('error', (e) => fail(`verify worker failed: ${e.message}`));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(`verify worker exited (${code})`);
    });
    return slot;
  }

  run(job: UploadJob): Promise<UploadOutcome> {
    if (this.slots.length === 0) return Promise.resolve(verifyUpload(job));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.inFlight.size < slot.inFlight.size) slot = s;
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.inFlight.set(id, resolve);
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
