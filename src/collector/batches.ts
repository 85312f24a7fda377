/**
 * Group commit for uploads: those that arrive in the same turn of the event loop, or while the batches in
 * flight are being written, queue, and the next batch takes up to `max` of them at once. No timer: a lone
 * upload waits for nothing, and under load one COMMIT (an fsync on PostgreSQL, a WAL append on SQLite) and
 * one write of the shared counters carry many reports.
 *
 * `run` answers each item's own outcome, in order, after its transaction committed; a batch that fails as a
 * whole (its COMMIT, the connection) refuses every item of it. So no caller hears "stored" before it is.
 */
import type { Settled } from './sql.ts';

interface Queued<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class Batches<I, O> {
  private readonly queue: Queued<I, O>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly idle: (() => void)[] = [];
  private readonly run: (items: I[]) => Promise<Settled<O>[]>;
  private readonly limits: { max: number; inFlight: number };

  /** inFlight: batches written at once (SQLite has one writer; PostgreSQL a connection each). */
  constructor(run: (items: I[]) => Promise<Settled<O>[]>, limits: { max: number; inFlight: number }) {
    this.run = run;
    this.limits = limits;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.next();
      });
    });
  }

  /** Resolves once every item added so far has been answered. */
  settled(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private next(): void {
    while (this.running < this.limits.inFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.max);
      this.running++;
      // run is called synchronously here, and may throw before returning a promise: answered the same way.
      void Promise.resolve()
        .then(() => this.run(batch.map((q) => q.item)))
        .then(
          (outcomes) =>
            batch.forEach((q, i) => {
              const o = outcomes[i]!;
              if (o.ok) q.resolve(o.value);
              else q.reject(o.error);
            }),
          (error: unknown) => {
            for (const q of batch) q.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          this.next();
          if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }
}
