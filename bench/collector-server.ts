/**
 * The collector under test, in a process of its own (forked by bench/collector-bench.ts) so the load
 * generator's CPU and memory are not counted as the collector's. It is the real server: createCollector over
 * openStore (with the dashboard's pages), no upload rate limit (the benchmark
 * sends thousands of reports a second from a few hundred devices), and the logger `tenken collector` makes by
 * default (pino at info; one line per enrollment and per refused request, none per accepted report) writing
 * to /dev/null instead of standard error, so the benchmark's output stays readable.
 *
 * IPC: sends {type:'listening', url, enrollSecret, admin} once up; answers {type:'usage'} with this process's
 * CPU time and peak RSS, {type:'timings'} with fastify's reply.elapsedTime of every GET since the last ask
 * (the server time of a page, measured from the request's arrival to the end of the answer), {type:'stop'}
 * by closing and exiting, {type:'profile', file} by starting the CPU profiler (file null) or writing what it
 * saw to file (so a profile covers the timed phase only).
 *
 *   node bench/collector-server.ts <sqlite file | postgres://…> [verify threads]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { pino } from 'pino';
import { openStore } from '../src/collector/open-store.ts';
import { hashPassword } from '../src/collector/password.ts';
import { createCollector, ensureEnrollSecret } from '../src/collector/server.ts';
import { collectorUsage, type ServerMessage, type ParentMessage } from './collector-ipc.ts';

const db = process.argv[2];
if (!db || !process.send) throw new Error('forked by bench/collector-bench.ts: node bench/collector-server.ts <db>');
/** Resolves once the message is handed to the channel (so a disconnect after it cannot drop it). */
const send = (m: ServerMessage) => new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));

const store = await openStore(db);
const admin = { name: 'bench-admin', password: randomBytes(18).toString('base64url') };
await store.putAdmin(admin.name, await hashPassword(admin.password), { admin: 'bench', at: new Date() });
const { secret } = await ensureEnrollSecret(store);
const verifyThreads = process.argv[3] === undefined || process.argv[3] === '' ? undefined : Number(process.argv[3]);
const logger = pino({ level: 'info', base: undefined }, pino.destination('/dev/null'));
const collector = await createCollector({ store, rateLimit: false, logger, ...(verifyThreads === undefined ? {} : { verifyThreads }) });

const timings: { url: string; status: number; ms: number }[] = [];
collector.app.addHook('onResponse', async (request, reply) => {
  if (request.method === 'GET') timings.push({ url: request.url, status: reply.statusCode, ms: reply.elapsedTime });
});

const url = await collector.listen('127.0.0.1', 0);
// createCollector registers the dashboard's pages (src/collector/dashboard/) when it has them.
const dashboard = collector.app.hasRoute({ method: 'GET', url: '/' });
void send({ type: 'listening', url, enrollSecret: secret, admin, dashboard, pid: process.pid });

let profiler: Session | undefined;
async function profile(file: string | null): Promise<void> {
  if (file === null) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return;
  }
  const { profile } = await profiler!.post('Profiler.stop');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  profiler!.disconnect();
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'profile') void profile(m.file).then(() => send({ type: 'profiled', file: m.file }));
  else if (m.type === 'usage') void send({ type: 'usage', usage: collectorUsage() });
  else if (m.type === 'timings') void send({ type: 'timings', timings: timings.splice(0) });
  else if (m.type === 'stop') {
    void collector
      .close()
      .then(() => store.close())
      .then(() => send({ type: 'stopped', usage: collectorUsage() }))
      .finally(() => process.disconnect());
  }
});
