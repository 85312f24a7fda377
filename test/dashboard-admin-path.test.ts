/**
 * The administrator's question answered in a real browser (Debian's chromium driven by playwright-core,
 * against a real collector whose PCs enrolled and sent the agent's own signed scans of recorded machines):
 * the fleet page → the red count of 自社診断 No.13 → the PCs failing it → one PC → the failing check's title
 * as its report's policy words it, observed against expected, and the fix for that PC's OS → an older report
 * from its history. Then the same in English, and the telework-return view. Screenshots go to
 * TENKEN_SCREENSHOT_DIR when it is set (docs/screenshots/ keeps reviewed ones).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import { openChromium, type TestChromium } from './support/chromium.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';
import { enroll, machineReport, queuedReport, send, type MachineName, type TestDevice } from './support/reports.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T09:00:00.000Z');
const NO13 = 'ipa-jisha-shindan:13';
const HOSTILE = '<img src=x onerror="window.__pwned=1">PC';
let clock = NOW;

async function report(c: TestCollector, device: TestDevice, machine: MachineName, opts: { daysAgo: number; hostname: string; profile?: string }): Promise<Report> {
  const finishedAt = new Date(NOW.getTime() - opts.daysAgo * DAY);
  const r = await queuedReport(device, machine, { finishedAt, intervalSeconds: 86_400, hostname: opts.hostname, ...(opts.profile ? { profile: opts.profile } : {}) });
  clock = new Date(finishedAt.getTime() + 60_000);
  const res = await send(c.url, device, r);
  expect(res.status, await res.clone().text()).toBe(202);
  return r;
}

describe('the administrator goes from an IPA item to the PCs failing it and why, in chromium', () => {
  let c: TestCollector;
  let browser: TestChromium | undefined;
  let page: Page;
  let shots: string | undefined;
  let devDeviceId: string;
  let devOlder: Report;
  let violations: string[] = [];

  /** The whole page, or (long pages) what the first screen shows. */
  const shot = async (name: string, fullPage = true) => {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
  };
  const follow = (click: () => Promise<void>, url: RegExp | string) => Promise.all([page.waitForURL(url), click()]);

  beforeAll(async () => {
    shots = process.env.TENKEN_SCREENSHOT_DIR;
    if (shots) await mkdir(shots, { recursive: true });
    c = await startTestCollector({ now: () => clock });
    // A developer laptop kept well three days ago, neglected since (its disk was never encrypted either).
    const dev = await enroll(c.url, c.enrollSecret, { hostname: 'PC-DEV-07' });
    devDeviceId = dev.deviceId;
    devOlder = await report(c, dev, 'compliant', { daysAgo: 3, hostname: 'PC-DEV-07' });
    await report(c, dev, 'neglected', { daysAgo: 1, hostname: 'PC-DEV-07' });
    await report(c, dev, 'neglected', { daysAgo: 0.5, hostname: 'PC-DEV-07', profile: 'telework-return' });
    // The Debian CI machine recorded as it is (unencrypted), under a hostile name.
    const ci = await enroll(c.url, c.enrollSecret, { hostname: HOSTILE });
    await report(c, ci, 'debian', { daysAgo: 0.3, hostname: HOSTILE });
    // Encrypted PCs: a kept Linux laptop, a Windows PC in Japanese, a MacBook.
    const sales = await enroll(c.url, c.enrollSecret, { hostname: 'PC-SALES-012' });
    await report(c, sales, 'compliant', { daysAgo: 1, hostname: 'PC-SALES-012' });
    await report(c, sales, 'compliant', { daysAgo: 0.5, hostname: 'PC-SALES-012', profile: 'telework-return' });
    const win = await enroll(c.url, c.enrollSecret, { hostname: 'PC-KEIRI-03', platform: 'win32' });
    await report(c, win, 'windows', { daysAgo: 0.5, hostname: 'PC-KEIRI-03' });
    const mac = await enroll(c.url, c.enrollSecret, { hostname: 'MacBook-Sato', platform: 'darwin' });
    await report(c, mac, 'mac', { daysAgo: 0.5, hostname: 'MacBook-Sato' });
    // Enrolled, never reported.
    await enroll(c.url, c.enrollSecret, { hostname: 'PC-NEW-01' });
    clock = NOW;

    // CSP refusals and script errors show up on the console; the pages must cause none.
    browser = await openChromium();
    ({ page, violations } = browser);
    await page.goto(`${c.url}/login`);
    await page.fill('#name', c.admin.name);
    await page.fill('#password', c.admin.password);
    await follow(() => page.click('form.login button[type=submit]'), `${c.url}/`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('fleet page: the tiles add up to the enrolled PCs, and No.13 is labelled and counted with links', async () => {
    await expect(page.locator('h1').textContent()).resolves.toBe('全体の状況');
    const tile = (label: string) => page.locator('.stat', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    const byResult = await Promise.all(['問題なし', '要対処', '確認できない項目あり', 'このプロファイルのレポートなし'].map(async (l) => Number(await tile(l).textContent())));
    expect(byResult.reduce((a, b) => a + b, 0)).toBe(6);
    expect(byResult[3]).toBe(1);
    // The chart row says which item it is.
    await shot('01-fleet-ja', false);
    await expect(page.locator('svg.chart .row-label').allTextContents()).resolves.toContain('No.13 重要情報が記載された書類や電…');
  });

  it('clicks the red count of 自社診断 No.13 and sees the PCs failing it with the check, observed vs expected and the fix', async () => {
    const row = page.locator('section.catalog').first().locator('tbody tr', { has: page.locator('th', { hasText: /^No\.13$/ }) });
    const red = row.locator('td.bad a');
    await expect(red.textContent()).resolves.toBe('2');
    await follow(() => red.click(), `${c.url}/items/${NO13}?state=fails`);
    await expect(page.locator('h1').textContent()).resolves.toBe('自社診断 No.13');
    await expect(page.locator('p.question').textContent()).resolves.toBe('重要情報が記載された書類や電子媒体を持ち出す時は、盗難や紛失の対策をしていますか？');
    // The checks that evidence the item, main measure first.
    await expect(page.locator('ul.evidence li').first().textContent()).resolves.toContain('主な対策 システムディスク（OSの入ったドライブ）が暗号化されている');
    const entries = page.locator('li.device-entry');
    await expect(entries.locator('h3 a').allTextContents()).resolves.toEqual([HOSTILE, 'PC-DEV-07']);
    const dev = entries.filter({ has: page.locator('h3 a', { hasText: 'PC-DEV-07' }) });
    // The main measure that fails (and the supplementary one failing beside it).
    await expect(dev.locator('li.check .title').allTextContents()).resolves.toContain('システムディスク（OSの入ったドライブ）が暗号化されている');
    const check = dev.locator('li.check', { has: page.locator('code.id', { hasText: /^disk-encryption\.system$/ }) });
    await expect(check.locator('.role').textContent()).resolves.toBe('主な対策');
    await expect(check.locator('table.observed tbody tr').first().locator('td').allTextContents()).resolves.toEqual([expect.stringMatching(/^いいえ/), 'はい']);
    await expect(check.locator('.fix p').textContent()).resolves.toMatch(/^Linuxでは暗号化はインストール時に設定します/);
    await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
    await shot('02-item-13-fails-ja');
  });

  it('opens the PC: each check of its newest report, failing first, with the change since the previous report', async () => {
    await follow(() => page.locator('li.device-entry h3 a', { hasText: 'PC-DEV-07' }).click(), new RegExp(`/devices/${devDeviceId}/reports/`));
    await expect(page.locator('h1').textContent()).resolves.toBe('PC-DEV-07 — 端末の履歴');
    const checks = page.locator('ul.check-list > li.check');
    const statuses = await checks.evaluateAll((lis) => lis.map((li) => li.className.replace('check is-', '')));
    const order = ['fail', 'error', 'unknown', 'pass', 'not_applicable'];
    expect(statuses.map((s) => order.indexOf(s))).toEqual([...statuses.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    const disk = checks.filter({ has: page.locator('code.id', { hasText: /^disk-encryption\.system$/ }) });
    await expect(disk.locator('.title').textContent()).resolves.toBe('システムディスク（OSの入ったドライブ）が暗号化されている');
    await expect(disk.locator('.badge.check-fail').textContent()).resolves.toBe('不合格');
    await expect(disk.locator('.fix').textContent()).resolves.toContain('対処方法（この端末の OS）');
    // It passed on the kept scan three days before: newly failing now.
    await expect(disk.locator('.badge.change-new').textContent()).resolves.toBe('今回から不合格');
    await expect(disk.locator('.items a').first().textContent()).resolves.toBe('自社診断 No.13');
    // The same words for the item as the fleet page and the self-check page use.
    await expect(page.locator(`table.item-statuses tr[data-ref="${NO13}"] .badge`).textContent()).resolves.toBe('実施していない');
    await shot('03-device-ja', false);
  });

  it('opens an older report from the history: the same view, for that report', async () => {
    await follow(() => page.locator(`table.history a[href$="/reports/${devOlder.reportId}"]`).click(), `${c.url}/devices/${devDeviceId}/reports/${devOlder.reportId}`);
    await expect(page.locator('p.notice', { hasText: '過去のレポートを表示しています。' }).count()).resolves.toBe(1);
    const disk = page.locator('ul.check-list > li.check', { has: page.locator('code.id', { hasText: /^disk-encryption\.system$/ }) });
    await expect(disk.locator('.badge.check-pass').textContent()).resolves.toBe('合格');
    await expect(page.locator('table.history tr.current').count()).resolves.toBe(1);
    await shot('04-device-older-report-ja');
  });

  it('the telework-return view counts 接続可 / 接続不可 / 判断できない and lists the blocking checks by title', async () => {
    await follow(() => page.locator('nav a[href="/telework"]').click(), `${c.url}/telework`);
    await expect(page.locator('h1').textContent()).resolves.toBe('テレワーク復帰チェック');
    const tile = (label: string) => page.locator('.stat', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    const telework = await machineReport('compliant', 'telework-return');
    expect(telework.gate?.decision).toBe('cannot-tell');
    await expect(tile('接続不可').textContent()).resolves.toBe('1');
    await expect(tile('判断できない').textContent()).resolves.toBe('1');
    await expect(tile('接続可').textContent()).resolves.toBe('0');
    await expect(tile('判定なし').textContent()).resolves.toBe('4');
    const dev = page.locator('table.gates tbody tr', { has: page.locator('th', { hasText: 'PC-DEV-07' }) });
    await expect(dev.locator('.badge').textContent()).resolves.toBe('接続不可');
    await expect(dev.locator('td').nth(2).textContent()).resolves.toContain('システムディスク（OSの入ったドライブ）が暗号化されている');
    await shot('05-telework-ja');
    // Worst first across pages too: a page of one holds the no-go PC, the next the one that cannot tell.
    const pageOf = async (offset: number) => (await c.store.gateDecisions({ profile: 'telework-return', limit: 1, offset })).devices.map((d) => [d.hostname, d.decision]);
    await expect(pageOf(0)).resolves.toEqual([['PC-DEV-07', 'no-go']]);
    await expect(pageOf(1)).resolves.toEqual([['PC-SALES-012', 'cannot-tell']]);
    await expect(pageOf(2)).resolves.toEqual([]);
  });

  it('walks the same path in English', async () => {
    await page.goto(`${c.url}/?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet overview');
    const row = page.locator('section.catalog').first().locator('tbody tr', { has: page.locator('th', { hasText: /^No\.13$/ }) });
    await follow(() => row.locator('td.bad a').click(), `${c.url}/items/${NO13}?state=fails`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Self-check No.13');
    const dev = page.locator('li.device-entry', { has: page.locator('h3 a', { hasText: 'PC-DEV-07' }) });
    const check = dev.locator('li.check', { has: page.locator('code.id', { hasText: /^disk-encryption\.system$/ }) });
    await expect(check.locator('.title').textContent()).resolves.toBe('The system disk (the drive the OS runs from) is encrypted');
    await expect(check.locator('table.observed thead').textContent()).resolves.toBe('observedexpected');
    await expect(check.locator('.fix p').textContent()).resolves.toMatch(/^On Linux/);
    await shot('06-item-13-fails-en');
    await follow(() => dev.locator('h3 a').click(), new RegExp(`/devices/${devDeviceId}/reports/`));
    const disk = page.locator('ul.check-list > li.check', { has: page.locator('code.id', { hasText: /^disk-encryption\.system$/ }) });
    await expect(disk.locator('.badge.check-fail').textContent()).resolves.toBe('FAIL');
    await expect(disk.locator('.badge.change-new').textContent()).resolves.toBe('newly failing');
    await expect(disk.locator('.fix').textContent()).resolves.toContain('How to fix (this OS)');
    await shot('07-device-en', false);
    await follow(() => page.locator(`table.history a[href$="/reports/${devOlder.reportId}"]`).click(), `${c.url}/devices/${devDeviceId}/reports/${devOlder.reportId}`);
    await expect(page.locator('p.notice', { hasText: 'You are looking at an older report.' }).count()).resolves.toBe(1);
  });

  it('answers unknown items, devices and reports with a 404 page in the chosen language', async () => {
    // The browser logs each 404 answer as a console error: these are asked for.
    const before = violations.length;
    for (const [path, words] of [
      ['/items/ipa-jisha-shindan:99', 'There is no such IPA item.'],
      ['/items/nonsense', 'There is no such IPA item.'],
      ['/devices/4e7b5bed-5cd4-4a6e-96c8-1c4ce7bad6f4', 'There is no such device.'],
      [`/devices/${devDeviceId}/reports/4e7b5bed-5cd4-4a6e-96c8-1c4ce7bad6f4`, 'This device has no report with that id.'],
    ] as const) {
      const res = await page.goto(`${c.url}${path}`);
      expect(res?.status(), path).toBe(404);
      await expect(page.locator('p.notice').textContent()).resolves.toBe(words);
    }
    const ja = await page.goto(`${c.url}/items/ipa-jisha-shindan:99?lang=ja`);
    expect(ja?.status()).toBe(404);
    await expect(page.locator('p.notice').textContent()).resolves.toBe('その IPA 項目はありません。');
    expect(violations.splice(before).every((v) => v.includes('404'))).toBe(true);
  });

  it('raised no CSP refusal or script error on any page', () => {
    expect(violations).toEqual([]);
  });
});
