/**
 * The fleet page's results per check lead somewhere: every count above zero is a link to the device list
 * filtered to the devices it counts — those whose newest report of the profile gave the check that status —
 * and the list names the filter in the admin's language. Five recorded machines, each store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName } from './support/reports.ts';

const MACHINES: readonly MachineName[] = ['compliant', 'neglected', 'debian', 'windows', 'mac'];
const T = new Date('2026-12-01T09:00:00.000Z');

const unescape = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');

describe.each(TEST_DBS)('check counts on the fleet page on %s', (db) => {
  let c: TestCollector;
  const reports = new Map<string, Report>();
  let auth: Record<string, string>;

  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => T });
    auth = { authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` };
    for (const [i, machine] of MACHINES.entries()) {
      const hostname = `PC-${i}`;
      const device = await enroll(c.url, c.enrollSecret, { hostname, platform: machine === 'windows' ? 'win32' : machine === 'mac' ? 'darwin' : 'linux' });
      const report = await queuedReport(device, machine, { finishedAt: new Date(T.getTime() - (i + 1) * 60_000), hostname });
      expect((await send(c.url, device, report)).status).toBe(202);
      reports.set(hostname, report);
    }
  });
  afterAll(async () => c?.close());

  const get = async (path: string, lang = 'ja') => {
    const res = await fetch(`${c.url}${path}`, { headers: { ...auth, 'accept-language': lang } });
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const hostnamesOn = (page: string) => [...page.matchAll(/<th scope="row"><a href="\/devices\/[0-9a-f-]{36}">([^<]+)<\/a><\/th>/g)].map((m) => m[1]!).sort();

  it('links every count above zero to exactly the devices it counts', async () => {
    const fleet = await get('/');
    const section = fleet.slice(fleet.indexOf('id="checks-heading"'));
    const links = [...section.matchAll(/<a href="(\/devices\?[^"]+)"[^>]*>(\d+)<\/a>/g)].map((m) => ({ href: unescape(m[1]!), count: Number(m[2]) }));
    // Every check of every report, with every status it has somewhere, is one link.
    const expected = new Set([...reports.values()].flatMap((r) => r.checks.map((ch) => `${ch.id}/${ch.status}`)));
    expect(links.map((l) => { const q = new URL(l.href, c.url).searchParams; return `${q.get('check')}/${q.get('status')}`; }).sort()).toEqual([...expected].sort());
    for (const link of links) {
      const q = new URL(link.href, c.url).searchParams;
      const want = [...reports].filter(([, r]) => r.checks.some((ch) => ch.id === q.get('check') && ch.status === q.get('status'))).map(([h]) => h).sort();
      expect(want.length, link.href).toBe(link.count);
      expect(hostnamesOn(await get(link.href)), link.href).toEqual(want);
    }
  });

  it('says which check and status the list is filtered by, with the way back', async () => {
    const failing = [...reports.values()].flatMap((r) => r.checks).find((ch) => ch.status === 'fail')!;
    const path = `/devices?check=${encodeURIComponent(failing.id)}&status=fail`;
    const ja = await get(path, 'ja');
    expect(ja).toContain(`最新レポート（`);
    expect(ja).toContain(`「${failing.title.ja}」: 不合格`);
    expect(ja).toContain('<a href="/devices">条件を外す</a>');
    expect(await get(path, 'en')).toContain(`report, &quot;${failing.title.en.replaceAll("'", '&#39;')}&quot;: FAIL`);
  });

  it('refuses a check id or status that is not one', async () => {
    for (const query of ['check=..%2F&status=fail', `check=firewall.enabled&status=${encodeURIComponent("fail'")}`]) {
      const res = await fetch(`${c.url}/devices?${query}`, { headers: auth });
      expect(res.status, query).toBe(400);
    }
  });
});
