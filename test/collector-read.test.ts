/**
 * The administrators' side of the collector over real HTTP: login and HTTP Basic, the device list, a
 * device's history with what changed, the fleet summary counted against expectations worked out from the
 * reports sent, silent devices under a fake clock, and the CSV/JSON export. Runs on each available store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckExportRow, DeviceHistory, DeviceList, DeviceSummary, FleetSummary } from '../src/collector/read-model.ts';
import { createCollector, SESSION_COOKIE } from '../src/collector/server.ts';
import { renderReason } from '../src/i18n/reasons.ts';
import type { Report } from '../src/report/schema.ts';
import { ApiError, PATHS } from '../src/transport/protocol.ts';
import { openTestStore, startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName, type TestDevice } from './support/reports.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = new Date('2026-12-01T09:00:00.000Z');
const HOSTILE = '=HYPERLINK("http://evil.example","x"),\nnext';

function basic(c: TestCollector, password = c.admin.password): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${c.admin.name}:${password}`).toString('base64')}` };
}

async function getJson<T>(c: TestCollector, path: string, parse: { parse(v: unknown): T }): Promise<T> {
  const res = await fetch(`${c.url}${path}`, { headers: basic(c) });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return parse.parse(JSON.parse(text));
}

/** Guideline status → the fleet summary's bucket, as docs/api.md defines them. */
const BUCKET: Record<string, keyof FleetSummary['items'][number]['devices']> = { pass: 'meets', partial: 'partly', fail: 'fails', unknown: 'cannotTell', not_applicable: 'notApplicable', manual: 'noData' };

describe.each(TEST_DBS)('collector reads on %s', (db) => {
  let clock = T;
  let c: TestCollector;
  const d: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', TestDevice> = {} as never;
  /** Each device's newest baseline report, as sent. */
  const newestBaseline = new Map<string, Report>();
  const sent: Report[] = [];
  let bLate: Report;

  async function sendAt(device: TestDevice, machine: MachineName, at: number, opts: { profile?: string; intervalSeconds?: number | null; hostname?: string; receivedAt?: number } = {}): Promise<Report> {
    const report = await queuedReport(device, machine, { finishedAt: new Date(T.getTime() + at), ...opts });
    clock = new Date(T.getTime() + (opts.receivedAt ?? at));
    const res = await send(c.url, device, report);
    expect(res.status, await res.text()).toBe(202);
    sent.push(report);
    return report;
  }

  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => clock });
    // a: neglected two days ago, compliant yesterday (daily schedule): the newer one replaces it in the counts.
    d.a = await enroll(c.url, c.enrollSecret, { hostname: 'enrolled-a', hints: { machineId: 'm-a', hardwareUuid: 'HW-SHARED', serial: 'S-A', macs: ['AA:00:00:00:00:01'] } });
    await sendAt(d.a, 'neglected', -2 * DAY, { intervalSeconds: 86400 });
    newestBaseline.set(d.a.deviceId, await sendAt(d.a, 'compliant', -1 * DAY, { intervalSeconds: 86400 }));
    // b: neglected, unscheduled; sequence 2 never arrives; an older scan arrives last and changes nothing.
    d.b = await enroll(c.url, c.enrollSecret, { hints: { machineId: 'm-b', hardwareUuid: null, serial: null, macs: [] } });
    const bNewest = await sendAt(d.b, 'neglected', -DAY / 2, { hostname: HOSTILE });
    d.b.sequence += 1;
    bLate = await queuedReport(d.b, 'compliant', { finishedAt: new Date(T.getTime() - 4 * DAY) });
    clock = new Date(T.getTime() - DAY / 4);
    expect((await send(c.url, d.b, bLate)).status).toBe(202);
    newestBaseline.set(d.b.deviceId, bNewest);
    // c: Windows, hourly schedule, last heard three days ago: silent.
    d.c = await enroll(c.url, c.enrollSecret, { platform: 'win32', hints: { machineId: 'm-c', hardwareUuid: null, serial: null, macs: [] } });
    newestBaseline.set(d.c.deviceId, await sendAt(d.c, 'windows', -3 * DAY, { intervalSeconds: 3600 }));
    // d: only the telework-return gate, an hour ago.
    d.d = await enroll(c.url, c.enrollSecret, { hints: { machineId: 'm-d', hardwareUuid: null, serial: null, macs: [] } });
    await sendAt(d.d, 'debian', -HOUR, { profile: 'telework-return', intervalSeconds: 86400 });
    // e: enrolled, never reported.
    d.e = await enroll(c.url, c.enrollSecret, { hostname: 'PC-NEW-100', hints: { machineId: 'm-e', hardwareUuid: null, serial: null, macs: [] } });
    // f: a Mac cloned from a's hardware hints (same hardware UUID and MAC), unscheduled, five days ago.
    d.f = await enroll(c.url, c.enrollSecret, { platform: 'darwin', hints: { machineId: 'm-f', hardwareUuid: 'HW-SHARED', serial: 'S-F', macs: ['aa:00:00:00:00:01'] } });
    newestBaseline.set(d.f.deviceId, await sendAt(d.f, 'mac', -5 * DAY));
    clock = T;
  });
  afterAll(async () => c?.close());

  describe('administrator login', () => {
    it('refuses the read API without an administrator (401, Basic challenge) or with a wrong password', async () => {
      for (const path of [PATHS.devices, PATHS.fleetSummary, PATHS.exportChecks, PATHS.deviceReports.replace(':deviceId', d.a.deviceId)]) {
        const res = await fetch(`${c.url}${path}`);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="tenken collector"/);
        expect(ApiError.parse(await res.json()).error.code).toBe('unauthorized');
      }
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c, 'wrong password!') })).status).toBe(401);
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: { authorization: 'Basic bm9jb2xvbg==' } })).status).toBe(401);
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c) })).status).toBe(200);
    });

    it('logs in with the form (303 + HttpOnly SameSite=Strict cookie), reads with the cookie, and logs out', async () => {
      const login = (form: Record<string, string>) =>
        fetch(`${c.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      const wrong = await login({ name: c.admin.name, password: 'not the password', next: '/devices' });
      expect(wrong.status).toBe(303);
      expect(wrong.headers.get('location')).toBe('/login?error=1&next=%2Fdevices');
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const unknown = await login({ name: 'nobody', password: 'not the password' });
      expect(unknown.headers.get('location')).toBe('/login?error=1');

      const ok = await login({ name: c.admin.name, password: c.admin.password, next: '/devices?filter=silent' });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/devices?filter=silent');
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure under HTTPS
      const session = cookie.split(';')[0]!;
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: { cookie: session } })).status).toBe(200);

      const out = await fetch(`${c.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: session } });
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/login');
      expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: { cookie: session } })).status).toBe(401);
    });

    it('sends a login only to a path on this site', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
        const res = await fetch(`${c.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ name: c.admin.name, password: c.admin.password, next }).toString(),
        });
        expect(res.headers.get('location'), next).toBe('/');
      }
    });

    it('ends a session when it expires', async () => {
      const ok = await fetch(`${c.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name: c.admin.name, password: c.admin.password }).toString() });
      const session = ok.headers.get('set-cookie')!.split(';')[0]!;
      clock = new Date(T.getTime() + 11 * HOUR);
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: { cookie: session } })).status).toBe(200);
      clock = new Date(T.getTime() + 13 * HOUR);
      expect((await fetch(`${c.url}${PATHS.devices}`, { headers: { cookie: session } })).status).toBe(401);
      clock = T;
    });
  });

  describe('fleet summary', () => {
    it('counts each device once, by its newest baseline report, against the IPA items', async () => {
      const s = await getJson(c, PATHS.fleetSummary, FleetSummary);
      expect(s.profile).toBe('baseline');
      expect(s.devices).toEqual({ total: 6, reporting: 3, silent: 2, neverReported: 1, byResult: { compliant: 2, failed: 2, incomplete: 0 } });
      // Worked out by hand from the reports of machines a (compliant), b (neglected), c (Windows), f (Mac).
      const item = (ref: string) => s.items.find((i) => i.ref === ref)!.devices;
      expect(item('ipa-jisha-shindan:1')).toEqual({ meets: 3, partly: 0, fails: 1, cannotTell: 0, notApplicable: 0, noData: 2 });
      expect(item('ipa-jisha-shindan:2')).toEqual({ meets: 2, partly: 0, fails: 2, cannotTell: 0, notApplicable: 0, noData: 2 });
      // No.3 from the sign-in probe: a and f meet it, c (Windows, no minimum password length) partly, b (automatic login) fails.
      expect(item('ipa-jisha-shindan:3')).toEqual({ meets: 2, partly: 1, fails: 1, cannotTell: 0, notApplicable: 0, noData: 2 });
      // No.11 from the backup probe: a (Déjà Dup two days before) and f (Time Machine) meet it, b (Déjà Dup 20 months
      // before) fails, c (OneDrive folder backup, which records no date) cannot tell.
      expect(item('ipa-jisha-shindan:11')).toEqual({ meets: 2, partly: 0, fails: 1, cannotTell: 1, notApplicable: 0, noData: 2 });
      // No.4 and 5か条 4 from the sharing probe (with the firewall for 5か条 4): a and f meet them, b (Samba guest shares,
      // no firewall) and c (Windows, a folder open to Everyone) fail.
      expect(item('ipa-jisha-shindan:4')).toEqual({ meets: 2, partly: 0, fails: 2, cannotTell: 0, notApplicable: 0, noData: 2 });
      expect(item('ipa-5kajo:4')).toEqual({ meets: 2, partly: 0, fails: 2, cannotTell: 0, notApplicable: 0, noData: 2 });
      // No.10 from the browsers probe: a, c and f meet it; b fails (a policy turns Safe Browsing off in Chrome and Firefox).
      expect(item('ipa-jisha-shindan:10')).toEqual({ meets: 3, partly: 0, fails: 1, cannotTell: 0, notApplicable: 0, noData: 2 });
      // No.6 from the office-macros probe: a (LibreOffice at its default, High), c (Windows, Microsoft 365 blocks internet
      // macros by default) and f (Mac, a profile disables macros) meet it; b's LibreOffice runs every macro (Low).
      expect(item('ipa-jisha-shindan:6')).toEqual({ meets: 3, partly: 0, fails: 1, cannotTell: 0, notApplicable: 0, noData: 2 });
      expect(s.jishaShindan.find((j) => j.item === '13')!.answers).toEqual({ implemented: 3, partly_implemented: 0, not_implemented: 1, unknown: 0, none: 2 });
      // Every item in catalog order: 25 自社診断 items, then the 5 of the 5か条.
      expect(s.items.map((i) => i.ref)).toEqual([...Array.from({ length: 25 }, (_, i) => `ipa-jisha-shindan:${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `ipa-5kajo:${i + 1}`)]);
      expect(s.items[0]!.title.ja).toMatch(/^パソコンやスマホ等情報機器の OS/);

      // And all of it against a recount from the newest baseline reports.
      for (const it of s.items) {
        const expected = { meets: 0, partly: 0, fails: 0, cannotTell: 0, notApplicable: 0, noData: 0 };
        for (const r of newestBaseline.values()) expected[BUCKET[r.guidelines.find((g) => g.ref === it.ref)?.status ?? 'manual']!]++;
        expected.noData += 6 - newestBaseline.size;
        expect(it.devices, it.ref).toEqual(expected);
      }
      for (const check of s.checks) {
        const expected = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, error: 0 };
        for (const r of newestBaseline.values()) {
          const status = r.checks.find((x) => x.id === check.id)?.status;
          if (status) expected[status]++;
        }
        expect(check.counts, check.id).toEqual(expected);
      }
      const first = [...newestBaseline.values()][0]!;
      expect(s.checks.map((x) => x.id)).toEqual(first.checks.map((x) => x.id));
      for (const j of s.jishaShindan) {
        const expected = { implemented: 0, partly_implemented: 0, not_implemented: 0, unknown: 0, none: 0 };
        for (const r of newestBaseline.values()) expected[r.guidelines.find((g) => g.ref === `ipa-jisha-shindan:${j.item}`)?.suggestedAnswer ?? 'none']++;
        expected.none += 6 - newestBaseline.size;
        expect(j.answers, j.item).toEqual(expected);
      }
    });

    it('counts another profile by its own newest reports', async () => {
      const s = await getJson(c, `${PATHS.fleetSummary}?profile=telework-return`, FleetSummary);
      expect(s.devices.byResult).toEqual({ compliant: 0, failed: 1, incomplete: 0 });
      expect(s.devices.total).toBe(6);
      const gateReport = sent.find((r) => r.scan.profile === 'telework-return')!;
      for (const check of s.checks) expect(check.counts[gateReport.checks.find((x) => x.id === check.id)!.status]).toBe(1);
      expect(s.checks).toHaveLength(gateReport.checks.length);
    });

    it('calls a device silent after twice its schedule without a report (fake clock)', async () => {
      try {
        // a reports daily (last heard a day before T): silent after T + 1 day; b is unscheduled (48 h).
        clock = new Date(T.getTime() + DAY - 1);
        expect((await getJson(c, PATHS.fleetSummary, FleetSummary)).devices).toMatchObject({ reporting: 3, silent: 2 });
        clock = new Date(T.getTime() + DAY);
        expect((await getJson(c, PATHS.fleetSummary, FleetSummary)).devices).toMatchObject({ reporting: 2, silent: 3 });
        const silent = await getJson(c, `${PATHS.devices}?filter=silent`, DeviceList);
        expect(silent.devices.map((x) => x.deviceId).sort()).toEqual([d.a, d.c, d.e, d.f].map((x) => x.deviceId).sort());
        clock = new Date(T.getTime() + 2 * DAY);
        expect((await getJson(c, PATHS.fleetSummary, FleetSummary)).devices).toMatchObject({ reporting: 0, silent: 5, neverReported: 1 });
      } finally {
        clock = T;
      }
    });
  });

  describe('devices', () => {
    it('lists devices with their newest facts, filters, search and pages', async () => {
      const all = await getJson(c, PATHS.devices, DeviceList);
      expect(all.total).toBe(6);
      const a = all.devices.find((x) => x.deviceId === d.a.deviceId)!;
      expect(a).toMatchObject({ hostname: 'PC-SALES-012', platform: 'linux', osName: 'Ubuntu 18.04.5 LTS', lastResult: 'compliant', lastProfile: 'baseline', failing: [], intervalSeconds: 86400, silent: false, sequenceGaps: 0 });
      expect(a.lastScanAt).toBe(new Date(T.getTime() - DAY).toISOString());
      expect(a.sharedHints.sort()).toEqual(['hardwareUuid', 'mac']);
      expect(all.devices.find((x) => x.deviceId === d.f.deviceId)!.sharedHints.sort()).toEqual(['hardwareUuid', 'mac']);
      const b = all.devices.find((x) => x.deviceId === d.b.deviceId)!;
      expect(b).toMatchObject({ hostname: HOSTILE, lastResult: 'failed', sharedHints: [], sequenceGaps: 1, intervalSeconds: null });
      expect(b.failing).toEqual(newestBaseline.get(d.b.deviceId)!.checks.filter((x) => x.status === 'fail').map((x) => x.id));
      // Each failing check's title is the one in the device's own report.
      for (const check of newestBaseline.get(d.b.deviceId)!.checks.filter((x) => x.status === 'fail')) expect(all.titles[check.id]).toEqual(check.title);
      expect(Object.keys(all.titles).sort()).toEqual([...new Set(all.devices.flatMap((x) => x.failing))].sort());
      expect(all.devices.find((x) => x.deviceId === d.e.deviceId)).toMatchObject({ hostname: 'PC-NEW-100', lastReportAt: null, osName: null, silent: true, lastResult: null });
      expect(all.devices.find((x) => x.deviceId === d.d.deviceId)).toMatchObject({ lastProfile: 'telework-return', failing: [], undecided: [] });

      const failing = await getJson(c, `${PATHS.devices}?filter=failing`, DeviceList);
      expect(failing.devices.map((x) => x.deviceId).sort()).toEqual([d.b.deviceId, d.c.deviceId].sort());
      expect((await getJson(c, `${PATHS.devices}?search=sales`, DeviceList)).devices.map((x) => x.deviceId)).toEqual([d.a.deviceId]);
      expect((await getJson(c, `${PATHS.devices}?search=${encodeURIComponent('HYPERLINK("')}`, DeviceList)).total).toBe(1);
      expect((await getJson(c, `${PATHS.devices}?search=%25`, DeviceList)).total).toBe(0);
      const page1 = await getJson(c, `${PATHS.devices}?limit=4`, DeviceList);
      const page2 = await getJson(c, `${PATHS.devices}?limit=4&offset=4`, DeviceList);
      expect(page1.total).toBe(6);
      expect([...page1.devices, ...page2.devices].map((x) => x.deviceId)).toEqual(all.devices.map((x) => x.deviceId));
      expect(page2.devices).toHaveLength(2);
      const bad = await fetch(`${c.url}${PATHS.devices}?limit=0`, { headers: basic(c) });
      expect(bad.status).toBe(400);
      expect(ApiError.parse(await bad.json()).error).toMatchObject({ code: 'bad-request', path: 'limit' });
    });

    it("shows a device's history newest first, with what changed since the previous report of the same profile", async () => {
      const h = await getJson(c, PATHS.deviceReports.replace(':deviceId', d.a.deviceId), DeviceHistory);
      const [newer, older] = sent.filter((r) => r.delivery!.deviceId === d.a.deviceId).reverse();
      expect(h.reports.map((r) => r.reportId)).toEqual([newer!.reportId, older!.reportId]);
      const expected = newer!.checks.filter((x) => older!.checks.find((o) => o.id === x.id)!.status !== x.status).map((x) => ({ check: x.id, from: older!.checks.find((o) => o.id === x.id)!.status, to: x.status }));
      expect(expected.length).toBeGreaterThan(3);
      expect(h.reports[0]!.changes).toEqual(expected);
      expect(h.reports[1]!.changes).toEqual([]);
      expect(h.reports[0]).toMatchObject({ profile: 'baseline', result: 'compliant', gate: null, sequence: 2, counts: newer!.summary.counts });

      // b: the late, older scan sits in its place by scan time; the newest is compared with it.
      const hb = await getJson(c, `${PATHS.deviceReports.replace(':deviceId', d.b.deviceId)}?limit=1`, DeviceHistory);
      expect(hb.reports).toHaveLength(1);
      const bNew = newestBaseline.get(d.b.deviceId)!;
      expect(hb.reports[0]!.reportId).toBe(bNew.reportId);
      const changed = bNew.checks.filter((x) => bLate.checks.find((o) => o.id === x.id)!.status !== x.status).map((x) => ({ check: x.id, from: bLate.checks.find((o) => o.id === x.id)!.status, to: x.status }));
      expect(hb.reports[0]!.changes).toEqual(changed);
      expect(changed.length).toBeGreaterThan(0);
      const hbAll = await getJson(c, PATHS.deviceReports.replace(':deviceId', d.b.deviceId), DeviceHistory);
      expect(hbAll.reports.map((r) => [r.reportId, r.sequence])).toEqual([[bNew.reportId, 1], [bLate.reportId, 3]]);

      const hd = await getJson(c, PATHS.deviceReports.replace(':deviceId', d.d.deviceId), DeviceHistory);
      expect(hd.reports[0]).toMatchObject({ profile: 'telework-return', gate: sent.find((r) => r.scan.profile === 'telework-return')!.gate!.decision });
    });

    it('answers one device, and 404 for devices and reports that do not exist', async () => {
      expect(await getJson(c, PATHS.device.replace(':deviceId', d.e.deviceId), DeviceSummary)).toMatchObject({ deviceId: d.e.deviceId, lastReportAt: null });
      for (const path of [PATHS.device.replace(':deviceId', '00000000-0000-4000-8000-000000000000'), PATHS.deviceReports.replace(':deviceId', 'not-a-uuid'), PATHS.report.replace(':reportId', '00000000-0000-4000-8000-000000000000')]) {
        const res = await fetch(`${c.url}${path}`, { headers: basic(c) });
        expect(res.status, path).toBe(404);
        expect(ApiError.parse(await res.json()).error.code).toBe('not-found');
      }
    });
  });

  describe('export', () => {
    it('exports the checks of the newest baseline reports as CSV, safe to open in a spreadsheet', async () => {
      const res = await fetch(`${c.url}${PATHS.exportChecks}`, { headers: basic(c) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tenken-checks-baseline-\d{4}-\d\d-\d\d\.csv"$/);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFFdeviceId,hostname,platform,osName,reportId,finishedAt,profile,check,title_ja,title_en,status,reason,reason_ja\r\n')).toBe(true);
      const expectedRows = [...newestBaseline.values()].reduce((n, r) => n + r.checks.length, 0);
      // The hostile hostname: a formula defused with an apostrophe, quotes doubled, comma and newline quoted.
      expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""x""),\nnext",linux,`);
      // The reason in English, then in Japanese from its code.
      expect(text).toContain(',"only checked on win32, darwin",この項目は win32、darwin だけで確認します\r\n');
      const records = parseCsv(text.slice(1));
      expect(records).toHaveLength(expectedRows + 1);
      expect(records.every((r) => r.length === 13)).toBe(true);
      expect(records.filter((r) => r[0] === d.b.deviceId).every((r) => r[1] === `'${HOSTILE}`)).toBe(true);
    });

    it('exports the same rows as JSON', async () => {
      const res = await fetch(`${c.url}${PATHS.exportChecks}?format=json&profile=baseline`, { headers: basic(c) });
      expect(res.status).toBe(200);
      const rows = CheckExportRow.array().parse(await res.json());
      expect(rows).toHaveLength([...newestBaseline.values()].reduce((n, r) => n + r.checks.length, 0));
      const r = newestBaseline.get(d.c.deviceId)!;
      expect(rows.filter((x) => x.deviceId === d.c.deviceId)).toEqual(
        r.checks.map((x) => ({ deviceId: d.c.deviceId, hostname: r.device.hostname, platform: 'win32', osName: 'Windows 11 Pro 24H2 (26100.4946)', reportId: r.reportId, finishedAt: r.scan.finishedAt, profile: 'baseline', check: x.id, title: x.title, status: x.status, reason: x.reason ?? null, reasonJa: x.why ? renderReason(x.why, 'ja') : null })),
      );
    });
  });
});

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') record.push(cell), records.push(record), (record = []), (cell = ''), i++;
    else cell += ch;
  }
  return records;
}

describe('requireAdmin for dashboard pages', () => {
  it('sends a browser without a session to the login page, and lets an administrator through', async () => {
    const { store, drop } = await openTestStore();
    try {
      const collector = await createCollector({ store, loginFailureDelayMs: 1 });
      // /devices is the dashboard's page (src/collector/dashboard/), registered by createCollector.
      const anonymous = await collector.app.inject({ method: 'GET', url: '/devices?filter=silent' });
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Fdevices%3Ffilter%3Dsilent');
      const { hashPassword } = await import('../src/collector/password.ts');
      await store.putAdmin('hanako', await hashPassword('a long enough password'), { admin: 'test', at: new Date() });
      const login = await collector.app.inject({ method: 'POST', url: '/login', payload: 'name=hanako&password=a+long+enough+password&next=%2Fdevices', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(login.statusCode).toBe(303);
      const cookie = login.cookies.find((x) => x.name === SESSION_COOKIE)!;
      const page = await collector.app.inject({ method: 'GET', url: '/devices', cookies: { [SESSION_COOKIE]: cookie.value } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<span class="admin">hanako</span>');
      // A new password ends the sessions opened with the old one.
      await store.putAdmin('hanako', await hashPassword('another long password'), { admin: 'test', at: new Date() });
      expect((await collector.app.inject({ method: 'GET', url: '/devices', cookies: { [SESSION_COOKIE]: cookie.value } })).statusCode).toBe(303);
      await collector.close();
    } finally {
      await drop();
    }
  });
});

describe('behind a reverse proxy (--trust-proxy)', () => {
  it('sets the session cookie Secure when the proxy says the browser used HTTPS', async () => {
    const { store, drop } = await openTestStore();
    try {
      const { hashPassword } = await import('../src/collector/password.ts');
      await store.putAdmin('hanako', await hashPassword('a long enough password'), { admin: 'test', at: new Date() });
      const login = (collector: Awaited<ReturnType<typeof createCollector>>) =>
        collector.app.inject({ method: 'POST', url: '/login', payload: 'name=hanako&password=a+long+enough+password', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' } });
      const proxied = await createCollector({ store, trustProxy: ['loopback'] });
      expect((await login(proxied)).cookies.find((x) => x.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      await proxied.close();
      // Without --trust-proxy the header is anyone's to send, and is ignored.
      const direct = await createCollector({ store });
      expect((await login(direct)).cookies.find((x) => x.name === SESSION_COOKIE)?.secure).toBeUndefined();
      await direct.close();
    } finally {
      await drop();
    }
  });
});
