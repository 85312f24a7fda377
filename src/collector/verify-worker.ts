/** A verify worker thread: runs verifyUpload for the pool (src/collector/verify-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { verifyUpload, type UploadJob } from './verify-upload.ts';

parentPort!.on('message', ({ id, job }: { id: number; job: UploadJob }) => {
  let outcome;
  try {
    outcome = verifyUpload(job);
  } catch (e) {
    outcome = { ok: false, status: 500, code: 'internal', message: `verify: ${(e as Error).message}` };
  }
  // Copied, not transferred: zlib's output may sit in Node's shared buffer pool, which cannot be moved.
  parentPort!.postMessage({ id, outcome });
});
