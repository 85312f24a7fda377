/**
 * The dashboard in a real browser: Debian's chromium (never a downloaded one) driven by playwright-core,
 * against a real collector (test/support/collector.ts) whose devices enrolled and sent signed reports over
 * HTTP — the agent's own scans of recorded machines (test/support/reports.ts). One device calls itself
 * `<script>window.__pwned=1</script>PC`; another enrolled as an attribute-breaking string. The browser logs
 * in, reads the fleet numbers, opens that device, finds its name shown as text with no script run, and
 * switches language. Set TENKEN_SCREENSHOT=/path.png to keep a picture of the fleet page.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../src/collector/dashboard/routes.ts';
import { DASHBOARD_GATE_LABEL } from '../src/i18n/dashboard-messages.ts';
import type { FleetSummary } from '../src/collector/read-model.ts';
import { openChromium, type TestChromium } from './support/chromium.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName, type TestDevice } from './support/reports.ts';

const SCRIPT_HOST = '<script>window.__pwned=1</script>PC';
const ATTRIBUTE_HOST = '"><img src=x onerror="window.__pwned=2">';
const DAY = 86_400_000;
const MSI = 'tenken-0.1.0-windows-x64.msi';
const CA_FINGERPRINT = `sha256:${'3a'.repeat(32)}`;
const NOW = new Date('2026-12-01T09:00:00.000Z');
/** The collector's clock: each report arrives a minute after its scan, then the browsing happens at NOW. */
let clock = NOW;

async function report(c: TestCollector, device: TestDevice, machine: MachineName, opts: { daysAgo: number; hostname: string; profile?: string }) {
  const finishedAt = new Date(NOW.getTime() - opts.daysAgo * DAY);
  const r = await queuedReport(device, machine, { finishedAt, intervalSeconds: 86_400, hostname: opts.hostname, ...(opts.profile ? { profile: opts.profile } : {}) });
  clock = new Date(finishedAt.getTime() + 60_000);
  const res = await send(c.url, device, r);
  expect(res.status, await res.clone().text()).toBe(202);
}

describe('dashboard in chromium against a real collector', () => {
  let c: TestCollector;
  let browser: TestChromium | undefined;
  let packagesDir: string;
  let page: Page;
  let pwnedDeviceId: string;
  let salesDeviceId: string;
  let violations: string[] = [];

  beforeAll(async () => {
    // The Add PCs page: an installer in the --packages folder (a stand-in file under the name npm run package
    // writes; the page reads only names and sizes) and a CA fingerprint as tls init's collector has one.
    packagesDir = await mkdtemp(join(tmpdir(), 'tenken-packages-'));
    await writeFile(join(packagesDir, MSI), 'MSI stand-in for the download test');
    c = await startTestCollector({ now: () => clock, packagesDir, caFingerprint: CA_FINGERPRINT });
    // A kept laptop scanned daily, with a telework-return check before coming back.
    const sales = await enroll(c.url, c.enrollSecret, { hostname: 'PC-SALES-012' });
    salesDeviceId = sales.deviceId;
    await report(c, sales, 'compliant', { daysAgo: 2, hostname: 'PC-SALES-012' });
    await report(c, sales, 'compliant', { daysAgo: 1, hostname: 'PC-SALES-012' });
    await report(c, sales, 'compliant', { daysAgo: 0.5, hostname: 'PC-SALES-012', profile: 'telework-return' });
    // The neglected laptop with the hostile name; one report lost on the way (sequence 2 never arrives).
    const pwned = await enroll(c.url, c.enrollSecret, { hostname: SCRIPT_HOST });
    pwnedDeviceId = pwned.deviceId;
    await report(c, pwned, 'compliant', { daysAgo: 3, hostname: SCRIPT_HOST });
    pwned.sequence += 1;
    await report(c, pwned, 'neglected', { daysAgo: 0.2, hostname: SCRIPT_HOST });
    // A Windows PC that stopped reporting four days ago (its schedule is daily: silent).
    const win = await enroll(c.url, c.enrollSecret, { hostname: 'PC-KEIRI-03', platform: 'win32' });
    await report(c, win, 'windows', { daysAgo: 4, hostname: 'PC-KEIRI-03' });
    // Enrolled, never reported, with a name made to break out of an attribute.
    await enroll(c.url, c.enrollSecret, { hostname: ATTRIBUTE_HOST });
    clock = NOW;

    // CSP refusals and script errors show up on the console; the pages must cause none.
    browser = await openChromium();
    ({ page, violations } = browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (packagesDir) await rm(packagesDir, { recursive: true, force: true });
    await c?.close();
  });

  it('sends to the login form first, refuses a wrong password, then logs in', async () => {
    const first = await page.goto(`${c.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(first?.headers()['content-security-policy']).toBe(SECURITY_HEADERS['content-security-policy']);
    // Chromium asked in Japanese (Accept-Language: ja-JP), so the form is Japanese.
    await expect(page.locator('h1').textContent()).resolves.toBe('ログイン');
    await expect(page.locator('pre').textContent()).resolves.toBe('tenken collector admin add <name>');

    await page.fill('#name', c.admin.name);
    await page.fill('#password', `${c.admin.password}-wrong`);
    await Promise.all([page.waitForURL(/\/login\?error=1/), page.click('form.login button[type=submit]')]);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('管理者名またはパスワードが違います。');

    await page.fill('#name', c.admin.name);
    await page.fill('#password', c.admin.password);
    await Promise.all([page.waitForURL(`${c.url}/`), page.click('form.login button[type=submit]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('全体の状況');
  });

  it('shows the fleet numbers the collector counted, as a chart and as tables', async () => {
    const summary: FleetSummary = await c.store.fleetSummary({ profile: 'baseline', now: NOW });
    expect(summary.devices).toMatchObject({ total: 4, reporting: 2, neverReported: 1, silent: 1 });

    const stat = (label: string) => page.locator('.stat', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    await expect(stat('登録済み').textContent()).resolves.toBe('4');
    await expect(stat('報告あり').textContent()).resolves.toBe(String(summary.devices.reporting));
    await expect(stat('報告が途絶えた').textContent()).resolves.toBe('1');
    await expect(stat('報告なし（未報告）').textContent()).resolves.toBe('1');
    await expect(stat('要対処').textContent()).resolves.toBe(String(summary.devices.byResult.failed));

    // Both IPA catalogs: a chart each, and a table row per item carrying the store's five counts.
    await expect(page.locator('svg.chart').count()).resolves.toBe(2);
    const tables = page.locator('section.catalog table');
    await expect(tables.count()).resolves.toBe(2);
    const cells = await page.locator('section.catalog tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td.num')].map((td) => Number(td.textContent))));
    expect(cells).toEqual(summary.items.map((i) => [i.devices.meets, i.devices.partly, i.devices.fails, i.devices.cannotTell, i.devices.notApplicable, i.devices.noData]));
    // The stylesheet loaded under the CSP: the header is painted.
    await expect(page.locator('header.top').evaluate((h) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(h).backgroundColor)).resolves.toBe('rgb(20, 50, 90)');
    if (process.env.TENKEN_SCREENSHOT) await page.screenshot({ path: process.env.TENKEN_SCREENSHOT, fullPage: process.env.TENKEN_SCREENSHOT_FULL === '1' });
  });

  it('counts another profile when it is chosen in the selector', async () => {
    const gate = await c.store.fleetSummary({ profile: 'telework-return', now: NOW });
    await page.selectOption('#profile', 'telework-return');
    await Promise.all([page.waitForURL(`${c.url}/?profile=telework-return`), page.click('form[action="/"] button')]);
    await expect(page.locator('#profile').inputValue()).resolves.toBe('telework-return');
    const cells = await page.locator('section.catalog tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td.num')].map((td) => Number(td.textContent))));
    expect(cells).toEqual(gate.items.map((i) => [i.devices.meets, i.devices.partly, i.devices.fails, i.devices.cannotTell, i.devices.notApplicable, i.devices.noData]));
    // Only PC-SALES-012 took the telework-return check: one device meets 5か条 No.1, the others have no data.
    expect(gate.items.find((i) => i.ref === 'ipa-5kajo:1')?.devices).toMatchObject({ noData: 3 });
  });

  /** Clicks and waits until the browser has loaded the page it leads to. */
  const follow = (selector: string, path: string) => Promise.all([page.waitForURL(`${c.url}${path}`), page.click(selector)]);

  it('lists the devices with the silent ones marked and the hostile names as text', async () => {
    await follow('nav a[href="/devices"]', '/devices');
    const rows = page.locator('table.devices tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    await expect(page.locator('tr.is-silent th').allTextContents()).resolves.toEqual(expect.arrayContaining(['PC-KEIRI-03', ATTRIBUTE_HOST]));
    await expect(page.getByRole('link', { name: ATTRIBUTE_HOST, exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('img').count()).resolves.toBe(0);

    await follow('.filters a[href="/devices?filter=silent"]', '/devices?filter=silent');
    await expect(page.locator('table.devices tbody th').allTextContents()).resolves.toEqual(expect.arrayContaining(['PC-KEIRI-03', ATTRIBUTE_HOST]));
    await expect(page.locator('table.devices tbody tr').count()).resolves.toBe(2);

    await page.fill('#q', 'script');
    await follow('form[role=search] button', '/devices?filter=silent&q=script');
    await expect(page.locator('table.devices tbody th').allTextContents()).resolves.toEqual([]);
    await follow('.filters a:has-text("すべて")', '/devices?q=script');
    await expect(page.locator('#q').inputValue()).resolves.toBe('script');
    await follow('form[role=search] button', '/devices?q=script');
    await expect(page.locator('table.devices tbody th').allTextContents()).resolves.toEqual([SCRIPT_HOST]);
  });

  it('keeps a usual host name on one line, and in a narrow window scrolls the list sideways rather than squeezing its columns', async () => {
    await follow('nav a[href="/devices"]', '/devices');
    /** Line boxes of a host name's link: more than one means the name was broken inside. */
    const lines = (name: string) => page.getByRole('link', { name, exact: true }).evaluate((a) => a.getClientRects().length);
    const scrolls = () => page.locator('.table-scroll').evaluate((box) => box.scrollWidth > box.clientWidth);
    const before = page.viewportSize();
    try {
      for (const width of [1200, 800]) {
        await page.setViewportSize({ width, height: 900 });
        await expect(lines('PC-SALES-012'), `${width} px`).resolves.toBe(1);
        await expect(lines('PC-KEIRI-03'), `${width} px`).resolves.toBe(1);
        await expect(scrolls(), `${width} px`).resolves.toBe(width < 1000);
      }
    } finally {
      if (before) await page.setViewportSize(before);
    }
  });

  it('opens the device: its name is text, no script ran, and the history shows the change and the lost report', async () => {
    await Promise.all([page.waitForURL(`${c.url}/devices/${pwnedDeviceId}`), page.getByRole('link', { name: SCRIPT_HOST, exact: true }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe(`${SCRIPT_HOST} — 端末の履歴`);
    await expect(page.title()).resolves.toContain(SCRIPT_HOST);
    await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('main script').count()).resolves.toBe(0);

    await expect(page.locator('table.history tbody tr:not(.gap-row)').count()).resolves.toBe(2);
    await expect(page.locator('tr.gap-row').textContent()).resolves.toContain('届いていないレポートが 1 件あります（通番 2）');
    // The neglected scan after the kept one: checks that went from pass to fail are listed.
    await expect(page.locator('ul.changes li').first().textContent()).resolves.toMatch(/: 合格 → 不合格$/);
  });

  it('shows the telework-return decision on the device that took it', async () => {
    await page.goto(`${c.url}/devices?q=SALES`);
    await follow('table.devices a', `/devices/${salesDeviceId}`);
    const decided = (await c.store.deviceHistory(salesDeviceId, { now: NOW, limit: 10 }))!.reports.filter((r) => r.gate !== null);
    expect(decided.map((r) => r.profile)).toEqual(['telework-return']);
    await expect(page.locator('ul.gates li').count()).resolves.toBe(1);
    await expect(page.locator('ul.gates .badge').textContent()).resolves.toBe(DASHBOARD_GATE_LABEL[decided[0]!.gate!].ja);
  });

  it('switches to English and keeps it', async () => {
    await follow('a.lang', `/devices/${salesDeviceId}?lang=en`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe('PC-SALES-012 — Device history');
    await follow('nav a[href="/"]', '/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet overview');
    await expect(page.locator('a.lang').textContent()).resolves.toBe('日本語');
    await follow('nav a[href="/selfcheck"]', '/selfcheck');
    await expect(page.locator('.notice.strong').textContent()).resolves.toContain('tenken never claims a total');
  });

  it('Add PCs: the secret only after "show", then the commands carry the real address, secret and CA fingerprint; the installer downloads', async () => {
    await follow('nav a[href="/add-pcs"]', '/add-pcs');
    await expect(page.locator('h1').textContent()).resolves.toBe('Add PCs');
    await expect(page.locator('body').textContent()).resolves.not.toContain(c.enrollSecret);
    const cmd = page.locator('code.command[data-package="windows-x64"][data-shell="cmd"]');
    await expect(cmd.textContent()).resolves.toContain('ENROLL_SECRET=SECRET');

    await follow('#show-secret', '/add-pcs?secret=show');
    await expect(page.locator('#enroll-secret').textContent()).resolves.toBe(c.enrollSecret);
    // The browser is on this machine (loopback), so the address is the one the collector listens on.
    await expect(page.locator('#collector-url').textContent()).resolves.toBe(c.url);
    await expect(cmd.textContent()).resolves.toBe(`msiexec /i ${MSI} /qn COLLECTOR_URL=${c.url} ENROLL_SECRET=${c.enrollSecret} CA_FINGERPRINT=${CA_FINGERPRINT}`);
    await expect(page.locator('code.command[data-package="windows-x64"][data-shell="powershell"]').textContent()).resolves.toMatch(/^msiexec --% \/i /);
    await expect(page.locator('code.command[data-shell="tenken"]').textContent()).resolves.toBe(`tenken enroll ${c.url} --secret ${c.enrollSecret} --ca-fingerprint ${CA_FINGERPRINT}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/packages/${MSI}"]`)]);
    expect(download.suggestedFilename()).toBe(MSI);
    await expect(readFile((await download.path())!, 'utf8')).resolves.toBe('MSI stand-in for the download test');
  });

  it('raised no CSP refusal or script error on any page', () => {
    expect(violations).toEqual([]);
  });
});
