/**
 * `npm run bench:send`: sending 1,000 queued reports to a local collector. The collector (the real one, SQLite
 * on disk, test/support/collector.ts) runs in this process; the queue is filled here, on disk, signed with an
 * enrolled device's key; then the agent runs as its own process — `tenken queue flush`, the built executable —
 * and its wall time and peak RSS (VmHWM from /proc, sampled every 5 ms) are measured. Numbers are printed;
 * goals are reported, never enforced.
 *
 *   npm run bench:send [-- --reports 1000 --runs 3] [-- --bin dist/src/main.js]
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statePaths } from '../src/transport/agent-state.ts';
import { queueReport, type DeliveryContext } from '../src/transport/deliver.ts';
import { enrollDevice } from '../src/transport/enroll.ts';
import { startTestCollector } from '../test/support/collector.ts';
import { freshCopy, scannedReport } from '../test/support/delivery.ts';
import { measureProcess, tenkenBin } from './measure-process.ts';

const BIN = tenkenBin();
const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const REPORTS = arg('reports', 1000);
const RUNS = arg('runs', 3);

const runAgent = (args: string[], env: NodeJS.ProcessEnv) => measureProcess(BIN, args, env);

async function main() {
  if (!existsSync(BIN)) throw new Error('build first: npm run build');
  const base = await scannedReport();
  console.log(`sending ${REPORTS} queued reports (${(JSON.stringify(base).length / 1024).toFixed(0)} KB each as JSON) to a local collector (SQLite), ${RUNS} runs`);
  for (let run = 1; run <= RUNS; run++) {
    const collector = await startTestCollector();
    const dir = await mkdtemp(join(tmpdir(), 'tenken-send-bench-'));
    const ctx: DeliveryContext = { paths: statePaths(dir), platform: 'linux', configPath: join(dir, 'agent.json'), now: () => new Date(), bounds: { maxCount: REPORTS * 2, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 } };
    const { identity } = await enrollDevice({ collector: collector.url, secret: collector.enrollSecret, insecure: false, newIdentity: false, paths: ctx.paths, platform: 'linux', device: base.device, now: ctx.now });
    const queueStarted = performance.now();
    for (let i = 0; i < REPORTS; i++) await queueReport(freshCopy(base, new Date()), identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
    const queueMs = performance.now() - queueStarted;
    const env = { ...process.env, TENKEN_STATE_DIR: dir, LANG: 'en_US.UTF-8' };
    // For scale: the same executable doing nothing but start, and listing the full queue.
    const idle = await runAgent(['--version'], env);
    const list = await runAgent(['queue'], env);
    const r = await runAgent(['queue', 'flush'], env);
    const stored = (await collector.store.deviceHistory(identity.deviceId, { now: new Date(), limit: REPORTS * 2 }))?.reports.length ?? 0;
    if (r.code !== 0 || stored !== REPORTS) throw new Error(`run ${run}: exit ${r.code}, ${stored} of ${REPORTS} stored\n${r.stdout}${r.stderr}`);
    console.log(
      `run ${run}: queued in ${(queueMs / 1000).toFixed(1)} s (${(REPORTS / (queueMs / 1000)).toFixed(0)}/s, fsync'd); ` +
        `tenken queue flush: ${(r.ms / 1000).toFixed(2)} s → ${(REPORTS / (r.ms / 1000)).toFixed(0)} reports/s, peak RSS ${r.rssMb.toFixed(0)} MB ` +
        `(tenken --version: ${idle.rssMb.toFixed(0)} MB, tenken queue listing ${REPORTS}: ${list.rssMb.toFixed(0)} MB in ${(list.ms / 1000).toFixed(2)} s); ${r.stdout.trim()}`,
    );
    await collector.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
