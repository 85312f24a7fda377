/**
 * The dashboard's renderers on read-model objects and its routes on a bare fastify app. The read models
 * below are hand-made (validated by their zod schemas) so that every field a device controls can carry
 * markup: hostnames, OS names, check ids and titles, profile names. The pages must show it as text in
 * element, attribute and SVG positions; no `<script` or `<img` from data may reach the HTML.
 */
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { chooseLang, langFromAcceptLanguage } from '../src/collector/dashboard/choose-lang.ts';
import { gapBelow, renderDevicePage } from '../src/collector/dashboard/device-page.ts';
import { renderDevicesPage } from '../src/collector/dashboard/devices-page.ts';
import { renderFleetPage } from '../src/collector/dashboard/fleet-page.ts';
import { escapeHtml, html, trusted } from '../src/collector/dashboard/html.ts';
import { ago, type View } from '../src/collector/dashboard/layout.ts';
import { renderLoginPage } from '../src/collector/dashboard/login-page.ts';
import { localPath } from '../src/collector/local-path.ts';
import { DEFAULT_PROFILES, registerDashboard, SECURITY_HEADERS, type DashboardReads } from '../src/collector/dashboard/routes.ts';
import { PROFILE_LABEL } from '../src/i18n/dashboard-messages.ts';
import { renderSelfcheckPage } from '../src/collector/dashboard/selfcheck-page.ts';
import { DeviceHistory, DeviceList, FleetSummary, type DeviceSummary } from '../src/collector/read-model.ts';
import type { DeviceListQuery } from '../src/collector/store.ts';
import { BUNDLED_POLICY, loadCatalogs } from '../src/policy/load.ts';
import type { Catalog } from '../src/policy/schema.ts';

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '"><img src=x onerror=alert(1)>';
const SCRIPT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const ATTR_ESCAPED = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

const ja: View = { lang: 'ja', path: '/', query: {}, timeZone: 'Asia/Tokyo', now: new Date('2026-12-03T06:00:00.000Z'), signedIn: true, admin: 'admin' };
const en: View = { ...ja, lang: 'en' };

/** Nothing from data became markup: no script or img element, no event handler attribute. */
function expectInert(out: string) {
  expect(out).not.toMatch(/<script/i);
  expect(out).not.toMatch(/<img/i);
  // Every tag is well formed with double-quoted values (data cannot close a quote) and has no handler.
  for (const tag of out.match(/<[a-z][^>]*>/gi) ?? []) {
    const bare = tag.replace(/"[^"]*"/g, '""');
    expect(bare).toMatch(/^<[a-z][\w-]*(\s+[\w:-]+(="")?)*\s*>$/i);
    expect(bare).not.toMatch(/\son[a-z]+=/i);
  }
}

const device = (over: Partial<DeviceSummary>): DeviceSummary => ({
  deviceId: '1b4e28ba-2fa1-4d3b-a3f5-ef19e4b7a3c1',
  hostname: 'PC-SALES-012',
  platform: 'linux',
  osName: 'Ubuntu 24.04.1 LTS',
  agentVersion: '0.1.0',
  enrolledAt: '2026-11-01T00:00:00.000Z',
  lastReportAt: '2026-12-01T00:00:00.000Z',
  lastScanAt: '2026-12-01T00:00:00.000Z',
  lastProfile: 'baseline',
  lastResult: 'compliant',
  failing: [],
  undecided: [],
  intervalSeconds: 86_400,
  silent: false,
  sharedHints: [],
  sequenceGaps: 0,
  keyReplacedAt: null,
  revokedAt: null,
  clockAheadSeconds: null,
  retiredAt: null,
  ...over,
});

const hostile = device({
  deviceId: '2c5f39cb-3ab2-4e4c-b4a6-fa2ac5f8b4d2',
  hostname: `${SCRIPT}${ATTR}`,
  osName: `Windows ${SCRIPT}`,
  platform: 'win32',
  lastResult: 'failed',
  failing: [`os-updates.${ATTR}`, 'firewall.enabled'],
  undecided: [SCRIPT],
  lastProfile: ATTR,
  silent: true,
  sharedHints: ['serial', 'mac'],
  sequenceGaps: 2,
});

const deviceList: DeviceList = DeviceList.parse({ devices: [device({}), hostile, device({ deviceId: '3d6a4adc-4bc3-4f5d-85b7-0b3bd6a9c5e3', hostname: 'PC-NEW', lastReportAt: null, lastScanAt: null, lastResult: null, osName: null, silent: true })], total: 3, titles: { 'firewall.enabled': { ja: `ファイアウォールが有効${SCRIPT}`, en: 'The firewall is on' } } });

const history: DeviceHistory = DeviceHistory.parse({
  device: hostile,
  reports: [
    { reportId: '00000000-0000-4000-8000-000000000005', receivedAt: '2026-12-01T00:01:00.000Z', finishedAt: '2026-12-01T00:00:00.000Z', profile: 'baseline', result: 'failed', gate: null, counts: { pass: 10, fail: 2, unknown: 1, not_applicable: 3, error: 0 }, sequence: 5, changes: [{ check: `firewall.${SCRIPT}`, from: 'pass', to: 'fail' }, { check: 'wifi.no-tkip', from: null, to: 'pass' }] },
    { reportId: '00000000-0000-4000-8000-000000000003', receivedAt: '2026-11-30T00:01:00.000Z', finishedAt: '2026-11-30T00:00:00.000Z', profile: 'telework-return', result: 'failed', gate: 'no-go', counts: { pass: 4, fail: 1, unknown: 0, not_applicable: 0, error: 0 }, sequence: 3, changes: [] },
    { reportId: '00000000-0000-4000-8000-000000000002', receivedAt: '2026-11-29T00:01:00.000Z', finishedAt: '2026-11-29T00:00:00.000Z', profile: 'baseline', result: 'compliant', gate: null, counts: { pass: 12, fail: 0, unknown: 1, not_applicable: 3, error: 0 }, sequence: 2, changes: [] },
  ],
  keys: [],
});

let catalogs: Map<string, Catalog>;
let fleet: FleetSummary;
beforeAll(async () => {
  catalogs = await loadCatalogs();
  const counts = (i: number) => ({ meets: i % 3, partly: 0, fails: i % 2, cannotTell: 1, notApplicable: 0, noData: 4 - (i % 3) - (i % 2) - 1 });
  const items = ['ipa-jisha-shindan', 'ipa-5kajo'].flatMap((id) => catalogs.get(id)!.items.map((item, i) => ({ ref: `${id}:${item.id}`, catalog: id, item: item.id, title: item.title, devices: counts(i) })));
  // A check title is what a device's report said: untrusted like the rest.
  fleet = FleetSummary.parse({
    generatedAt: '2026-12-01T00:00:00.000Z',
    profile: ATTR,
    devices: { total: 4, reporting: 2, silent: 1, neverReported: 1, byResult: { compliant: 1, failed: 1, incomplete: 0 } },
    items,
    jishaShindan: catalogs.get('ipa-jisha-shindan')!.items.map((item, i) => ({ item: item.id, title: item.title, answers: { implemented: i === 0 ? 2 : 0, partly_implemented: 0, not_implemented: i === 0 ? 1 : 0, unknown: 0, none: i === 0 ? 1 : 4 } })),
    checks: [{ id: `screen-lock.${ATTR}`, title: { ja: `画面ロック${SCRIPT}`, en: `Screen lock${SCRIPT}` }, counts: { pass: 1, fail: 1, unknown: 0, not_applicable: 0, error: 0 } }],
  });
});

describe('html template', () => {
  it('escapes every interpolation, in text and in attributes, and not what another template built', () => {
    const inner = html`<b>${SCRIPT}</b>`;
    expect(html`<p title="${ATTR}">${inner}${[SCRIPT, 1, null, false, undefined]}</p>`.text).toBe(`<p title="${ATTR_ESCAPED}"><b>${SCRIPT_ESCAPED}</b>${SCRIPT_ESCAPED}1</p>`);
    expect(escapeHtml(`'\`&`)).toBe('&#39;&#96;&amp;');
    expect(trusted('<hr>').text).toBe('<hr>');
  });

  it('turns control characters (an ANSI escape in a hostname) into U+FFFD', () => {
    expect(escapeHtml('old\u001b[31m\u0000PC\u0085')).toBe('old\ufffd[31m\ufffdPC\ufffd');
    expect(escapeHtml('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});

describe('pages show device data as text', () => {
  it('device list: hostnames, OS, check ids in text and in the search box attribute', () => {
    const out = renderDevicesPage(deviceList, { ...ja, path: '/devices' }, { filter: 'all', search: ATTR, page: 1, pageSize: 50 }).text;
    expectInert(out);
    expect(out).toContain(`>${SCRIPT_ESCAPED}${ATTR_ESCAPED}</a>`);
    expect(out).toContain(`<td class="os">Windows ${SCRIPT_ESCAPED}</td>`);
    expect(out).toContain(`<code>os-updates.${ATTR_ESCAPED}</code>`);
    expect(out).toContain(`<input id="q" name="q" type="search" value="${ATTR_ESCAPED}"`);
    // The filter links carry the search, percent-encoded, then escaped.
    expect(out).toContain(`href="/devices?filter=silent&amp;q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E"`);
  });

  it('device list: silent and never-reported devices carry badges; shared hardware and lost reports are flagged', () => {
    const out = renderDevicesPage(deviceList, { ...ja, path: '/devices' }, { filter: 'all', search: '', page: 1, pageSize: 50 }).text;
    expect(out.match(/<tr class="is-silent">/g)).toHaveLength(2);
    expect(out).toContain('<span class="badge silent"');
    expect(out).toContain('>報告途絶</span>');
    expect(out).toContain('>未報告</span>');
    expect(out).toContain('他の端末とハードウェア情報が共通: シリアル番号、MAC アドレス');
    expect(out).toContain('届いていないレポート: 2 件');
    expect(out).toContain('1〜3 件目（全 3 件）');
    expect(out).not.toContain('rel="next"');
    // Failing checks by their titles (escaped); a check no known policy names keeps its id.
    expect(out).toContain(`<li title="firewall.enabled">ファイアウォールが有効${SCRIPT_ESCAPED}</li>`);
    expect(out).toContain(`<li><code>os-updates.${ATTR_ESCAPED}</code></li>`);
    // A long list of failing checks shows the first four and links to the rest.
    const many = device({ failing: ['a.1', 'a.2', 'a.3', 'a.4', 'a.5', 'a.6'] });
    const short = renderDevicesPage({ devices: [many], total: 1, titles: {} }, { ...ja, path: '/devices' }, { filter: 'all', search: '', page: 1, pageSize: 50 }).text;
    expect([...short.matchAll(/<li><code>(a\.\d)<\/code><\/li>/g)].map((m) => m[1])).toEqual(['a.1', 'a.2', 'a.3', 'a.4']);
    expect(short).toContain(`<li class="more"><a href="/devices/${many.deviceId}">ほか 2 件</a></li>`);
  });

  it('device list pages on: the next link keeps filter and search', () => {
    const out = renderDevicesPage({ devices: deviceList.devices, total: 120, titles: {} }, { ...en, path: '/devices' }, { filter: 'failing', search: 'PC', page: 2, pageSize: 3 }).text;
    expect(out).toContain('4–6 of 120');
    expect(out).toContain('<a rel="prev" href="/devices?filter=failing&amp;q=PC">');
    expect(out).toContain('<a rel="next" href="/devices?filter=failing&amp;q=PC&amp;page=3">');
  });

  it('device history: the hostname in <title> and <h1>, check ids in the changes, all escaped', () => {
    const out = renderDevicePage(history, { ...ja, path: `/devices/${hostile.deviceId}` }, { complete: true, shown: null, catalogs }).text;
    expectInert(out);
    expect(out).toContain(`<title>${SCRIPT_ESCAPED}${ATTR_ESCAPED} — 端末の履歴 — tenken 管理画面</title>`);
    expect(out).toContain(`<h1>${SCRIPT_ESCAPED}${ATTR_ESCAPED} — 端末の履歴</h1>`);
    expect(out).toContain(`<code>firewall.${SCRIPT_ESCAPED}</code>: <span class="status status-pass">合格</span> → <span class="status status-fail">不合格</span>`);
    expect(out).toContain('<code>wifi.no-tkip</code>: <span class="muted">（なし）</span> → <span class="status status-pass">合格</span>');
  });

  it('device history: the telework-return decision, the lost report between sequence 3 and 5, the first report of a profile', () => {
    const out = renderDevicePage(history, { ...en, path: `/devices/${hostile.deviceId}` }, { complete: true, shown: null, catalogs }).text;
    expect(out).toContain('<span class="badge gate-no-go">No-go</span>');
    expect(out.match(/<tr class="gap-row">/g)).toHaveLength(1);
    expect(out).toContain('1 report(s) before this one never arrived (sequence 4)');
    expect(out.match(/first report of this profile/g)).toHaveLength(2);
    // Cut short by the limit, the oldest listed report may not be the first: it says "no change" instead.
    const partial = renderDevicePage(history, en, { complete: false, shown: null, catalogs }).text;
    expect(partial).not.toContain('first report of this profile');
    expect(out).toContain('<time datetime="2026-12-01T00:00:00.000Z">01/12/2026, 09:00 GMT+9</time>');
  });

  it('gapBelow: only a jump of more than one in the sequence is a gap; unknown sequences are none', () => {
    const [r5, r3, r2] = history.reports as [DeviceHistory['reports'][number], DeviceHistory['reports'][number], DeviceHistory['reports'][number]];
    expect(gapBelow(r5, r3)).toEqual({ from: 4, to: 4 });
    expect(gapBelow(r3, r2)).toBeNull();
    expect(gapBelow(r2, undefined)).toBeNull();
    expect(gapBelow({ ...r5, sequence: null }, r3)).toBeNull();
  });

  it('fleet: the profile name in the selector (attribute and text) and check titles are escaped; SVG text too', () => {
    const withHostileTitle = { ...fleet, items: fleet.items.map((i, n) => (n === 0 ? { ...i, title: { ja: `OS${SCRIPT}`, en: `OS${SCRIPT}` } } : i)) };
    const out = renderFleetPage(withHostileTitle, ja, { profiles: DEFAULT_PROFILES, catalogs }).text;
    expectInert(out);
    expect(out).toContain(`<option value="${ATTR_ESCAPED}" selected>${ATTR_ESCAPED}</option>`);
    expect(out).toContain(`<g class="row"><title>OS${SCRIPT_ESCAPED}</title>`);
    expect(out).toContain(`画面ロック${SCRIPT_ESCAPED} <code>screen-lock.${ATTR_ESCAPED}</code>`);
  });

  it('fleet: one chart per catalog whose bars split the width by the counts, and a table with the same numbers', () => {
    const out = renderFleetPage({ ...fleet, profile: 'baseline' }, en, { profiles: DEFAULT_PROFILES, catalogs }).text;
    expect(out.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(out).toContain('<h2 id="chart-0-heading">5-minute information security self-check (IPA) (2019)</h2>');
    // Item 2 of the 自社診断 (index 1): implemented 1, not implemented 1, don't know 1, no data 1 → four quarters of 600.
    const start = out.indexOf('<g class="row"><title>Is antivirus');
    const row = out.slice(start, out.indexOf('<g class="row">', start + 1));
    expect([...row.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([150, 150, 150, 150]);
    // The row is labelled with the item number and the first words of its question.
    expect(row).toContain('>No.2 Is antivirus software inst…</text>');
    const tableRow = out.slice(out.indexOf('<tr><th scope="row" class="no"><a href="/items/ipa-jisha-shindan:2">No.2</a></th>'));
    const cells = tableRow.slice(0, tableRow.indexOf('</tr>'));
    expect([...cells.matchAll(/<td class="num[^"]*">(?:<a [^>]*>)?(\d+)(?:<\/a>)?<\/td>/g)].map((m) => Number(m[1]))).toEqual([1, 0, 1, 1, 0, 1]);
    // Each count above zero leads to the devices it counts.
    expect(cells).toContain('<td class="num bad"><a href="/items/ipa-jisha-shindan:2?state=fails" title="No.2: 1 devices not implemented">1</a></td>');
    expect(out).toContain('<div class="stat alert"><dt>Gone silent</dt><dd><a href="/devices?filter=gone-silent">1</a></dd></div>');
    // The result tiles and the devices without a report of the profile add up to the enrolled devices.
    expect(out).toContain('<dt>No report of this profile</dt><dd><a href="/devices?result=none">2</a>');
  });

  it('self-check: counts of suggested answers per item, the 4/2/0/−1 wording, and no total', () => {
    const out = renderSelfcheckPage(fleet, ja).text;
    expectInert(out);
    expect(out).toContain('tenken は合計点を出しません。回答するのは組織です。');
    expect(out).toContain('実施している 4 点 / 一部実施している 2 点 / 実施していない 0 点 / わからない −1 点');
    expect(out).toContain('<th scope="col" class="num">わからない（−1点）</th>');
    expect(out).toMatch(/<tr><th scope="row" class="no">No.1<\/th><td>[^<]+<\/td><td class="num">2<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">1<\/td><\/tr>/);
    expect(out).not.toMatch(/合計[:：]?\s*-?\d|\d+\s*\/\s*100/);
    // Only the item some device suggests an answer for is drawn.
    expect(out.match(/<g class="row">/g)).toHaveLength(1);
  });

  it('login: the error, the hint how an administrator is made, never a default password; next stays on this site', () => {
    const out = renderLoginPage({ ...ja, signedIn: false, admin: null, path: '/login' }, { error: true, next: `/devices?q=${ATTR}` }).text;
    expect(out).toContain('<p class="error" role="alert">管理者名またはパスワードが違います。</p>');
    expect(out).toContain('<pre><code>tenken collector admin add &lt;name&gt;</code></pre>');
    expect(out).toContain('初期パスワードはありません。');
    expect(out).toContain(`<input type="hidden" name="next" value="/devices?q=${ATTR_ESCAPED}">`);
    expect(out).not.toContain('action="/logout"');
    for (const bad of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'devices', '/\u0000x', undefined]) expect(localPath(bad)).toBe('/');
  });
});

it('says how long ago a device reported, in minutes, hours, then days', () => {
  const at = (iso: string, view: View) => ago(iso, view).text;
  expect(at('2026-12-03T05:30:00.000Z', ja)).toBe('<span class="ago">30 分前</span>');
  expect(at('2026-12-01T08:00:00.000Z', en)).toBe('<span class="ago">46 hours ago</span>');
  expect(at('2026-12-01T00:00:00.000Z', ja)).toBe('<span class="ago">2 日前</span>');
  expect(at('2026-12-01T00:00:00.000Z', en)).toBe('<span class="ago">2 days ago</span>');
  expect(at('2026-12-03T06:02:00.000Z', en)).toBe('<span class="ago">0 minutes ago</span>');
  const out = renderDevicesPage(deviceList, { ...ja, path: '/devices' }, { filter: 'all', search: '', page: 1, pageSize: 50 }).text;
  expect(out).toContain('<time datetime="2026-12-01T00:00:00.000Z">2026/12/01 09:00 JST</time> <span class="ago">2 日前</span>');
});

describe('language', () => {
  it('reads Accept-Language by preference, ignoring q=0 and languages tenken does not speak', () => {
    expect(langFromAcceptLanguage('en-US,en;q=0.9,ja;q=0.8')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR, ja;q=0.5, en;q=0.4')).toBe('ja');
    expect(langFromAcceptLanguage('en;q=0.3, ja-JP')).toBe('ja');
    expect(langFromAcceptLanguage('ja;q=0, en')).toBe('en');
    expect(langFromAcceptLanguage('de-DE')).toBeNull();
    expect(langFromAcceptLanguage(undefined)).toBeNull();
  });

  it('takes ?lang over the cookie over Accept-Language, and Japanese when nothing says', () => {
    expect(chooseLang({ query: 'en', cookie: 'ja', acceptLanguage: 'ja' })).toEqual({ lang: 'en', remember: true });
    expect(chooseLang({ query: 'en', cookie: 'en', acceptLanguage: 'ja' })).toEqual({ lang: 'en', remember: false });
    expect(chooseLang({ query: 'xx', cookie: 'en', acceptLanguage: 'ja' })).toEqual({ lang: 'en', remember: false });
    expect(chooseLang({ query: null, cookie: undefined, acceptLanguage: 'en-GB' })).toEqual({ lang: 'en', remember: false });
    expect(chooseLang({ query: null, cookie: undefined, acceptLanguage: 'de' })).toEqual({ lang: 'ja', remember: false });
  });
});

it('offers the bundled policy\'s profiles on the fleet page, by the titles the CLI gives them', async () => {
  const policy = parseYaml(await readFile(BUNDLED_POLICY, 'utf8')) as { profiles: Record<string, { title: { ja: string; en: string } }> };
  expect([...DEFAULT_PROFILES]).toEqual(Object.keys(policy.profiles));
  for (const profile of DEFAULT_PROFILES) expect(PROFILE_LABEL[profile]).toEqual(policy.profiles[profile]!.title);
  const fleetJa = renderFleetPage({ ...fleet, profile: 'telework-return' }, ja, { profiles: DEFAULT_PROFILES, catalogs }).text;
  expect(fleetJa).toContain('<option value="telework-return" selected>テレワーク復帰チェック</option>');
  expect(fleetJa).toContain('プロファイル「テレワーク復帰チェック」');
});

describe('routes', () => {
  const ADMIN = { name: 'admin', password: 'correct horse battery staple' };
  const queries: DeviceListQuery[] = [];
  const profilesAsked: string[] = [];
  let app: FastifyInstance;

  // What the routes ask the store, recorded; the answers are the read models above.
  const read: DashboardReads = {
    fleetSummary: async ({ profile }) => (profilesAsked.push(profile), fleet),
    listDevices: async (q) => (queries.push(q), deviceList),
    deviceHistory: async (id) => (id === hostile.deviceId ? history : null),
    itemDevices: async () => [],
    gateDecisions: async () => ({ counts: { go: 0, 'no-go': 0, 'cannot-tell': 0 }, devices: [], total: 0 }),
    deviceReport: async () => null,
    exportItems: async function* () {},
  };

  // An admin check in the collector's manner, for this test only: HTTP Basic, else 401 for API clients and a
  // redirect to the login form for browsers.
  async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const expected = `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}`;
    if (request.headers.authorization === expected) return;
    if (request.headers.accept?.includes('text/html')) await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    else await reply.code(401).send({ error: { code: 'unauthorized', message: 'an administrator login is required' } });
  }
  const auth = { authorization: `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}` };

  beforeAll(async () => {
    app = Fastify();
    registerDashboard(app, { read, requireAdmin, now: () => new Date('2026-12-01T00:00:00.000Z'), timeZone: 'Asia/Tokyo', pageSize: 50 });
    await app.ready();
  });
  afterAll(async () => app?.close());

  it('sends the security headers on pages, the stylesheet, and the admin check\'s own 401 and redirect', async () => {
    const answers = await Promise.all([
      app.inject({ url: '/login' }),
      app.inject({ url: '/', headers: auth }),
      app.inject({ url: '/dashboard.css' }),
      app.inject({ url: '/devices' }),
      app.inject({ url: '/devices', headers: { accept: 'text/html' } }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 401, 303]);
    for (const a of answers) {
      expect(a.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.headers['referrer-policy']).toBe('same-origin');
    }
    expect(answers[0]!.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answers[1]!.headers['cache-control']).toBe(SECURITY_HEADERS['cache-control']);
    expect(answers[2]!.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(answers[4]!.headers.location).toBe('/login?next=%2Fdevices');
  });

  it('no page has an inline script or style the CSP would refuse', async () => {
    for (const url of ['/login', '/', '/devices', `/devices/${hostile.deviceId}`, '/selfcheck']) {
      const body = (await app.inject({ url, headers: auth })).body;
      expect(body, url).not.toMatch(/<script|<style/i);
      for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) expect(tag.replace(/"[^"]*"/g, '""'), url).not.toMatch(/\s(style|on[a-z]+)=/i);
    }
  });

  it('speaks Japanese by default, the browser\'s language when it has one, and remembers ?lang in a cookie', async () => {
    expect((await app.inject({ url: '/login' })).body).toContain('<html lang="ja">');
    expect((await app.inject({ url: '/login', headers: { 'accept-language': 'en-US,en;q=0.9' } })).body).toContain('<html lang="en">');
    const chosen = await app.inject({ url: '/login?lang=en', headers: { 'accept-language': 'ja' } });
    expect(chosen.body).toContain('<h1>Log in</h1>');
    expect(chosen.headers['set-cookie']).toMatch(/^tenken_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    const later = await app.inject({ url: '/', headers: { ...auth, cookie: 'tenken_lang=en', 'accept-language': 'ja' } });
    expect(later.body).toContain('<h1>Fleet overview</h1>');
    expect(later.headers['set-cookie']).toBeUndefined();
    // The switch links back to the same page with the same query.
    const devices = await app.inject({ url: '/devices?filter=silent&lang=ja', headers: auth });
    expect(devices.body).toContain('<a class="lang" href="/devices?filter=silent&amp;lang=en" hreflang="en" lang="en">English</a>');
  });

  it('passes filter, search and page to the store and the profile to the fleet summary', async () => {
    queries.length = 0;
    await app.inject({ url: '/devices?filter=silent&q=%20sales%20&page=3', headers: auth });
    await app.inject({ url: '/devices', headers: auth });
    expect(queries.map(({ now: _now, ...q }) => q)).toEqual([
      { limit: 50, offset: 100, filter: 'silent', search: 'sales' },
      { limit: 50, offset: 0, filter: 'all' },
    ]);
    profilesAsked.length = 0;
    await app.inject({ url: '/?profile=telework-return', headers: auth });
    await app.inject({ url: '/selfcheck', headers: auth });
    expect(profilesAsked).toEqual(['telework-return', 'baseline']);
  });

  it('answers a bad query with 400 and the reason, and an unknown device with 404, as pages', async () => {
    const bad = await app.inject({ url: '/devices?filter=everything', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.body).toMatch(/<p class="notice">filter: .+<\/p>/);
    expect((await app.inject({ url: '/?profile=%3Cscript%3E', headers: auth })).statusCode).toBe(400);
    for (const id of ['not-a-uuid', '4e7b5bed-5cd4-4a6e-96c8-1c4ce7bad6f4']) {
      const missing = await app.inject({ url: `/devices/${id}`, headers: { ...auth, 'accept-language': 'en' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('There is no such device.');
    }
    const found = await app.inject({ url: `/devices/${hostile.deviceId}`, headers: auth });
    expect(found.statusCode).toBe(200);
    expectInert(found.body);
  });

  it('the login form keeps a local next and drops another site\'s', async () => {
    expect((await app.inject({ url: '/login?next=%2Fdevices%3Ffilter%3Dsilent' })).body).toContain('name="next" value="/devices?filter=silent"');
    expect((await app.inject({ url: '/login?next=%2F%2Fevil.example' })).body).toContain('name="next" value="/"');
    expect((await app.inject({ url: '/login?error=1' })).body).toContain('role="alert"');
  });
});
