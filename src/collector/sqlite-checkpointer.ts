/**
 * A worker thread with its own connection that moves the SQLite write-ahead log into the database file
 * (PRAGMA wal_checkpoint(PASSIVE)) every few hundred milliseconds. Done on the serving connection, each
 * checkpoint's copy and fsync would stall every request behind it; here it runs beside them, and PASSIVE
 * never blocks the writer.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new DatabaseSync(file, { timeout: 1000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // Busy or closing: the next tick tries again; the serving connection's own auto-checkpoint is the backstop.
  }
}, intervalMs);
parentPort!.on('message', (m: unknown) => {
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort!.postMessage('stopped');
  }
});
