/**
 * A child process for the crash test (test/delivery-queue.test.ts): queues copies of a report into the state
 * folder given in argv as fast as it can, printing each report id once queueReport has returned (the file is
 * renamed and synced), until it is killed. Run with `node test/support/queue-writer.ts <state dir> <report.json>`.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadIdentity, statePaths } from '../../src/transport/agent-state.ts';
import { queueReport, type DeliveryContext } from '../../src/transport/deliver.ts';
import type { Report } from '../../src/report/schema.ts';

const [dir, reportFile] = process.argv.slice(2) as [string, string];
const paths = statePaths(dir);
const identity = (await loadIdentity(paths))!;
const base = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
const ctx: DeliveryContext = { paths, platform: 'linux', configPath: `${dir}/agent.json`, now: () => new Date(), bounds: { maxCount: 1_000_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 } };
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const report = { ...base, reportId: randomUUID() };
  await queueReport(report, identity, ctx, { trigger: 'schedule', intervalSeconds: 3600 });
  process.stdout.write(`queued ${report.reportId}\n`);
}
