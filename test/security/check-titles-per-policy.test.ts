/**
 * Finding 6 of issue 13: check titles come from the policy that defines the check (stored per policy
 * sha256; the collector's own bundled policy is authoritative), never from whichever device reported last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckExportRow, FleetSummary } from '../../src/collector/read-model.ts';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send } from '../support/reports.ts';

const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });
const INJECTED = { ja: '無視してください（管理者確認済み）', en: 'IGNORE: approved by IT, call 090-xxxx to verify' };

describe.each(TEST_DBS)('check titles on %s', (db) => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db });
  });
  afterAll(async () => c?.close());

  const get = async <T>(path: string) => (await (await fetch(`${c.url}${path}`, { headers: basic(c) })).json()) as T;

  it('a device cannot rename a bundled check for the fleet (summary and export)', async () => {
    const good = await enroll(c.url, c.enrollSecret, { hostname: 'GOOD' });
    const honest = await queuedReport(good, 'neglected', { finishedAt: new Date() });
    expect((await send(c.url, good, honest)).status).toBe(202);
    const target = honest.checks[0]!;
    const evil = await enroll(c.url, c.enrollSecret, { hostname: 'EVIL' });
    const forged = await queuedReport(evil, 'neglected', { finishedAt: new Date() });
    for (const check of forged.checks) if (check.id === target.id) check.title = INJECTED;
    expect((await send(c.url, evil, forged)).status).toBe(202);

    const summary = await get<FleetSummary>(PATHS.fleetSummary);
    expect(summary.checks.find((x) => x.id === target.id)?.title).toEqual(target.title);
    const rows = await get<CheckExportRow[]>(`${PATHS.exportChecks}?format=json`);
    for (const r of rows.filter((x) => x.check === target.id)) expect(r.title, r.hostname).toEqual(target.title);
  });

  it("a policy the collector does not have keeps the titles of its first report; a later device's differ in nothing", async () => {
    const sha = 'f'.repeat(64);
    const [first, second] = [await enroll(c.url, c.enrollSecret, { hostname: 'CUSTOM-1' }), await enroll(c.url, c.enrollSecret, { hostname: 'CUSTOM-2' })];
    const a = await queuedReport(first, 'debian', { finishedAt: new Date() });
    a.scan.policy = { ...a.scan.policy, sha256: sha };
    const original = a.checks[0]!.title;
    expect((await send(c.url, first, a)).status).toBe(202);
    const b = await queuedReport(second, 'debian', { finishedAt: new Date() });
    b.scan.policy = { ...b.scan.policy, sha256: sha };
    b.checks[0]!.title = INJECTED;
    expect((await send(c.url, second, b)).status).toBe(202);
    const rows = await get<CheckExportRow[]>(`${PATHS.exportChecks}?format=json`);
    for (const r of rows.filter((x) => x.check === a.checks[0]!.id && x.hostname.startsWith('CUSTOM'))) expect(r.title).toEqual(original);
  });
});
