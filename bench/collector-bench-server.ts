/**
 * The collector under benchmark, in a worker thread of its own so that the load generator (the main thread
 * of bench/collector-bench.ts) does not share its event loop: the real createCollector over the real store,
 * listening on 127.0.0.1, no upload rate limit (the limit is per device, and the benchmark is about the
 * server's own capacity). Answers `{ url }` once listening; closes on the message 'close'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../src/collector/open-store.ts';
import { createCollector } from '../src/collector/server.ts';

const { db } = workerData as { db: string };
const store = await openStore(db);
const collector = await createCollector({ store, rateLimit: false });
const url = await collector.listen('127.0.0.1', 0);
parentPort!.on('message', async (message: unknown) => {
  if (message !== 'close') return;
  await collector.close();
  await store.close();
  parentPort!.postMessage({ closed: true });
});
parentPort!.postMessage({ url });
