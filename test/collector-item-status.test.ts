/**
 * One item, one status, in every view of the collector (issue 11): the fleet page (GET /), the self-check
 * page (GET /selfcheck) and the read API's fleet summary count each device's 自社診断 items exactly as the
 * device's own report rolled them up, under the same words. Five recorded machines, one of them with a
 * partly implemented item (Windows Update paused while security updates are current). Runs on each store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSummary } from '../src/collector/read-model.ts';
import { GUIDELINE_STATUS_LABEL } from '../src/i18n/messages.ts';
import type { GuidelineItemResult, Report } from '../src/report/schema.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName } from './support/reports.ts';

const MACHINES: readonly MachineName[] = ['compliant', 'neglected', 'debian', 'windows', 'windowsPaused'];
const T = new Date('2026-12-01T09:00:00.000Z');

/** The row of an HTML table whose header cell is `No.<item>`: the numbers in its cells (on the fleet page, links). */
function rowNumbers(page: string, item: string, caption?: string): number[] {
  const table = caption ? page.slice(page.indexOf(`<caption>${caption}`)) : page;
  const row = new RegExp(`<tr><th scope="row" class="no">(?:<a [^>]*>)?No\\.${item}(?:</a>)?</th><td>[^<]*</td>((?:<td class="num[^"]*">(?:<a [^>]*>)?\\d+(?:</a>)?</td>)+)</tr>`).exec(table);
  expect(row, `row No.${item}`).not.toBeNull();
  return [...row![1]!.matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
}

/** The column headers of the first numbers table after `from`. */
function headers(page: string, from = 0): string[] {
  const head = /<thead><tr>(.*?)<\/tr><\/thead>/s.exec(page.slice(from))![1]!;
  return [...head.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!);
}

describe.each(TEST_DBS)('item status across the collector on %s', (db) => {
  let c: TestCollector;
  const reports: Report[] = [];
  let auth: Record<string, string>;

  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => T });
    auth = { authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` };
    for (const [i, machine] of MACHINES.entries()) {
      const device = await enroll(c.url, c.enrollSecret, { hostname: `PC-${i}`, platform: machine.startsWith('windows') ? 'win32' : 'linux' });
      const report = await queuedReport(device, machine, { finishedAt: new Date(T.getTime() - (i + 1) * 60_000) });
      expect((await send(c.url, device, report)).status).toBe(202);
      reports.push(report);
    }
  });
  afterAll(async () => c?.close());

  const get = async (path: string) => {
    const res = await fetch(`${c.url}${path}`, { headers: { ...auth, 'accept-language': 'ja' } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('has a partly implemented item among the reports, so that the views have one to agree on', () => {
    expect(reports.some((r) => r.guidelines.some((g) => g.catalog === 'ipa-jisha-shindan' && g.status === 'partial'))).toBe(true);
  });

  it("gives every 自社診断 item the reports' own status on the read API, the fleet page and the self-check page", async () => {
    const summary = FleetSummary.parse(JSON.parse(await get(PATHS.fleetSummary)));
    const fleet = await get('/');
    const selfcheck = await get('/selfcheck');
    const fleetHeaders = headers(fleet, fleet.indexOf('<table class="numbers">')).slice(2);
    const selfcheckHeaders = headers(selfcheck).slice(2);
    // The same words for the same status on both pages (the self-check page adds the points).
    expect(fleetHeaders.slice(0, 5)).toEqual((['pass', 'partial', 'fail', 'unknown', 'not_applicable'] as const).map((s) => GUIDELINE_STATUS_LABEL[s].ja));
    expect(selfcheckHeaders.slice(0, 4).map((h) => h.replace(/（.*）$/, ''))).toEqual(fleetHeaders.slice(0, 4));

    for (const item of summary.items.filter((i) => i.catalog === 'ipa-jisha-shindan')) {
      const statuses = reports.map((r) => r.guidelines.find((g) => g.ref === item.ref)!.status);
      const n = (s: GuidelineItemResult['status']) => statuses.filter((x) => x === s).length;
      const fromReports = { meets: n('pass'), partly: n('partial'), fails: n('fail'), cannotTell: n('unknown'), notApplicable: n('not_applicable'), noData: n('manual') };
      expect(item.devices, item.ref).toEqual(fromReports);
      const answers = summary.jishaShindan.find((j) => j.item === item.item)!.answers;
      expect(answers, item.ref).toEqual({
        implemented: fromReports.meets,
        partly_implemented: fromReports.partly,
        not_implemented: fromReports.fails,
        unknown: fromReports.cannotTell,
        none: fromReports.notApplicable + fromReports.noData,
      });
      const counts = [fromReports.meets, fromReports.partly, fromReports.fails, fromReports.cannotTell];
      expect(rowNumbers(fleet, item.item).slice(0, 4), `/ ${item.ref}`).toEqual(counts);
      expect(rowNumbers(selfcheck, item.item).slice(0, 4), `/selfcheck ${item.ref}`).toEqual(counts);
    }
    // The partly implemented No.1 is 一部実施している on both pages, not 実施していない on one of them.
    expect(summary.items.find((i) => i.ref === 'ipa-jisha-shindan:1')!.devices.partly).toBeGreaterThan(0);
  });
});
