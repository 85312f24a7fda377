/**
 * One rollup, shown everywhere (issue 14): on the same reports, the fleet page, an item page, the self-check
 * page, the device page, the item × device CSV and the read API give each device the item status its own
 * report gave (README "How checks roll up into IPA items"), in the same words. Several recorded machines,
 * one of them with partly implemented items (Windows with updates paused), one that sent only a
 * telework-return report and one that never reported. Runs on each available store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSummary } from '../src/collector/read-model.ts';
import { DASHBOARD_MESSAGES } from '../src/i18n/dashboard-messages.ts';
import { GUIDELINE_STATUS_LABEL } from '../src/i18n/messages.ts';
import { renderReason } from '../src/i18n/reasons.ts';
import type { Report } from '../src/report/schema.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName } from './support/reports.ts';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const FORMULA_HOST = "=cmd|' /C calc'!A0";
type State = keyof FleetSummary['items'][number]['devices'];
const STATE: Record<string, State> = { pass: 'meets', partial: 'partly', fail: 'fails', unknown: 'cannotTell', not_applicable: 'notApplicable', manual: 'noData' };
const WORD = (status: string | undefined) => (status === undefined ? 'データなし' : GUIDELINE_STATUS_LABEL[status as keyof typeof GUIDELINE_STATUS_LABEL].ja);
const decode = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&#96;', '`').replaceAll('&amp;', '&');

describe.each(TEST_DBS)('one rollup on every page, the CSV and the API (%s)', (db) => {
  let c: TestCollector;
  /** hostname → device id, and → item status per ref of its newest baseline report (absent: none). */
  const ids = new Map<string, string>();
  const truth = new Map<string, Map<string, string>>();
  const reports = new Map<string, Report>();
  let refs: string[] = [];
  const basic = () => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}`, 'accept-language': 'ja' });
  const get = async (path: string) => {
    const res = await fetch(`${c.url}${path}`, { headers: basic() });
    const text = await res.text();
    expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
    return text;
  };

  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => NOW });
    const machines: [string, MachineName, string][] = [
      ['PC-A-kept', 'compliant', 'baseline'],
      ['PC-B-neglected', 'neglected', 'baseline'],
      [FORMULA_HOST, 'debian', 'baseline'],
      ['PC-D-windows', 'windows', 'baseline'],
      ['PC-E-paused', 'windowsPaused', 'baseline'],
      ['Mac-F', 'mac', 'baseline'],
      ['PC-G-telework-only', 'neglected', 'telework-return'],
    ];
    for (const [hostname, machine, profile] of machines) {
      const device = await enroll(c.url, c.enrollSecret, { hostname });
      ids.set(hostname, device.deviceId);
      const r = await queuedReport(device, machine, { finishedAt: new Date(NOW.getTime() - 3_600_000), hostname, profile });
      expect((await send(c.url, device, r)).status).toBe(202);
      reports.set(hostname, r);
      truth.set(hostname, new Map(profile === 'baseline' ? r.guidelines.filter((g) => g.catalog === 'ipa-jisha-shindan' || g.catalog === 'ipa-5kajo').map((g) => [g.ref, g.status]) : []));
    }
    ids.set('PC-H-never', (await enroll(c.url, c.enrollSecret, { hostname: 'PC-H-never' })).deviceId);
    truth.set('PC-H-never', new Map());
    refs = [...new Set([...truth.values()].flatMap((m) => [...m.keys()]))];
    // The data carries what the test is about: a partly implemented item and several states of one item.
    expect([...truth.values()].some((m) => [...m.values()].includes('partial'))).toBe(true);
  }, 180_000);
  afterAll(async () => c?.close());

  /** The devices in each state of an item, by the devices' own reports. */
  const expected = (ref: string): Record<State, string[]> => {
    const out: Record<State, string[]> = { meets: [], partly: [], fails: [], cannotTell: [], notApplicable: [], noData: [] };
    for (const [host, items] of truth) out[STATE[items.get(ref) ?? 'manual']!].push(host);
    return out;
  };
  const counts = (ref: string) => Object.fromEntries(Object.entries(expected(ref)).map(([k, v]) => [k, v.length])) as Record<State, number>;

  it('the read API: each report as sent, and the fleet summary counting their statuses', async () => {
    for (const [host, r] of reports) {
      const stored = JSON.parse(await get(PATHS.report.replace(':reportId', r.reportId))) as { report: Report };
      expect(stored.report.guidelines.map((g) => [g.ref, g.status]), host).toEqual(r.guidelines.map((g) => [g.ref, g.status]));
    }
    const summary = FleetSummary.parse(JSON.parse(await get(PATHS.fleetSummary)));
    for (const ref of refs) expect(summary.items.find((i) => i.ref === ref)?.devices, ref).toEqual(counts(ref));
  });

  it('the fleet page: each item row holds those counts', async () => {
    const page = await get('/');
    for (const ref of refs) {
      const [catalog, no] = ref.split(':');
      const section = page.slice(page.indexOf(catalog === 'ipa-5kajo' ? '<h2 id="chart-1-heading">' : '<h2 id="chart-0-heading">'));
      const row = section.slice(section.indexOf(`<tr><th scope="row" class="no"><a href="/items/${ref}">No.${no}</a>`));
      const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="num[^"]*">(?:<a [^>]*>)?(\d+)(?:<\/a>)?<\/td>/g)].map((m) => Number(m[1]));
      const n = counts(ref);
      expect(cells, ref).toEqual([n.meets, n.partly, n.fails, n.cannotTell, n.notApplicable, n.noData]);
    }
  });

  it('each item page lists, per state, the devices whose report gave it that state', async () => {
    for (const ref of refs) {
      for (const [state, hosts] of Object.entries(expected(ref))) {
        if (hosts.length === 0) continue;
        const page = await get(`/items/${ref}?state=${state}`);
        const listed = [...page.matchAll(/<li class="device-entry">\n<h3><a href="[^"]+">([^<]*)<\/a>/g)].map((m) => decode(m[1]!));
        expect(listed.sort(), `${ref} ${state}`).toEqual([...hosts].sort());
      }
    }
  });

  it('the self-check page: the suggested answers per item are the same counts in the same words', async () => {
    const page = await get('/selfcheck');
    for (const ref of refs.filter((r) => r.startsWith('ipa-jisha-shindan:'))) {
      const no = ref.split(':')[1];
      const row = page.slice(page.indexOf(`<tr><th scope="row" class="no">No.${no}</th>`));
      const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      const n = counts(ref);
      // 実施している / 一部実施している / 実施していない / わからない / no suggestion (N/A, none).
      expect(cells, ref).toEqual([n.meets, n.partly, n.fails, n.cannotTell, n.notApplicable + n.noData]);
    }
    expect(page).toContain('一部実施している（2点）');
  });

  it('each device page shows each item in the words of its report', async () => {
    for (const [host, items] of truth) {
      const page = await get(`/devices/${ids.get(host)}`);
      for (const [ref, status] of items) {
        if (status === 'manual') continue;
        const at = page.indexOf(`<tr data-ref="${ref}">`);
        expect(at, `${host} ${ref}`).toBeGreaterThan(0);
        const row = page.slice(at, page.indexOf('</tr>', at));
        expect(row, `${host} ${ref}`).toContain(`<span class="badge item-${status}">${WORD(status)}</span>`);
      }
    }
  });

  it('a device page gives the reason a check could not be decided in the reader\'s language, from its reason code', async () => {
    const r = reports.get(FORMULA_HOST)!;
    const unknown = r.checks.find((k) => k.status === 'unknown' && k.why)!;
    expect(unknown, 'the Debian recording has an undecided check with a reason code').toBeDefined();
    for (const lang of ['ja', 'en'] as const) {
      const page = await get(`/devices/${ids.get(FORMULA_HOST)}?lang=${lang}`);
      const at = page.indexOf(`<code class="id">${unknown.id}</code>`);
      const entry = page.slice(at, page.indexOf('</li>', at));
      expect(decode(entry), `${unknown.id} ${lang}`).toContain(renderReason(unknown.why!, lang));
    }
  });

  it('the item × device CSV: a BOM, Japanese headers, each cell in the same words, formulas neutralised', async () => {
    const res = await fetch(`${c.url}/export/items.csv`, { headers: basic() });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual([DASHBOARD_MESSAGES.hostname.ja, 'OS', DASHBOARD_MESSAGES.scanned.ja]);
    expect(header[0]).toBe('ホスト名');
    expect(header).toContain('自社診断 No.13');
    expect(header).toContain('5か条 No.1');
    expect(lines).toHaveLength(truth.size + 1);
    // Hostnames here hold no comma or quote but the formula one: the simple split holds for the others.
    const formula = lines.find((l) => l.includes('calc'))!;
    expect(formula.startsWith(`"'=cmd|' /C calc'!A0"`) || formula.startsWith(`'=cmd|' /C calc'!A0,`)).toBe(true);
    for (const line of lines.slice(1).filter((l) => l !== formula)) {
      const cells = line.split(',');
      const items = truth.get(cells[0]!)!;
      for (const ref of refs) {
        const [catalog, no] = ref.split(':');
        const column = header.indexOf(`${catalog === 'ipa-5kajo' ? '5か条' : '自社診断'} No.${no}`);
        expect(cells[column], `${cells[0]} ${ref}`).toBe(WORD(items.get(ref)));
      }
    }
  });

  it('a report from an older policy opens with the titles its own policy gave, hostile ones as text', async () => {
    const device = await enroll(c.url, c.enrollSecret, { hostname: 'PC-OLD-POLICY' });
    const r = await queuedReport(device, 'neglected', { finishedAt: new Date(NOW.getTime() - 3_600_000), hostname: 'PC-OLD-POLICY' });
    const old = r.checks.find((k) => k.status === 'fail')!;
    // A check the current policy no longer has, worded by that older policy (and by a hostile device).
    old.id = 'legacy.removed-check';
    old.title = { ja: '<script>window.__pwned=1</script>旧ポリシーのチェック', en: '<img src=x onerror=alert(1)>Old check' };
    expect((await send(c.url, device, r)).status).toBe(202);
    const ja = await get(`/devices/${device.deviceId}/reports/${r.reportId}`);
    expect(ja).toContain('<span class="title">&lt;script&gt;window.__pwned=1&lt;/script&gt;旧ポリシーのチェック</span> <code class="id">legacy.removed-check</code>');
    expect(ja).not.toContain('<script>window');
    const en = await get(`/devices/${device.deviceId}/reports/${r.reportId}?lang=en`);
    expect(en).toContain('<span class="title">&lt;img src=x onerror=alert(1)&gt;Old check</span>');
  });
});
