/**
 * A device's end of life (issue 14): an administrator retires a PC (hidden from the lists and the counts, its
 * uploads refused, its history kept) or deletes it with its reports, from the device page (a POST form that
 * needs its confirmation ticked and must come from the dashboard itself) or from `tenken collector device`;
 * each is in the audit list with who and when. Runs on each available store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSummary } from '../src/collector/read-model.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from './support/collector.ts';
import { enroll, queuedReport, send, type MachineName, type TestDevice } from './support/reports.ts';
import { runTenken } from './support/run-cli.ts';

const NOW = new Date('2026-12-01T09:00:00.000Z');

/** Every item's counts add up to the devices counted: the leaving devices took their statuses with them. */
function expectCountsAddUp(summary: FleetSummary) {
  for (const item of summary.items) expect(Object.values(item.devices).reduce((a, b) => a + b, 0), item.ref).toBe(summary.devices.total);
}

describe.each(TEST_DBS)('device lifecycle (%s)', (db) => {
  let c: TestCollector;
  const devices: Record<'kept' | 'neglected' | 'windows', TestDevice> = {} as never;
  const auth = () => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });
  const post = (path: string, body: string, headers: Record<string, string> = { origin: c.url }) =>
    fetch(`${c.url}${path}`, { method: 'POST', redirect: 'manual', headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', ...headers }, body });
  const summary = async () => FleetSummary.parse(await (await fetch(`${c.url}${PATHS.fleetSummary}`, { headers: auth() })).json());

  beforeAll(async () => {
    c = await startTestCollector({ db, now: () => NOW });
    for (const [name, machine] of [['kept', 'compliant'], ['neglected', 'neglected'], ['windows', 'windows']] as [keyof typeof devices, MachineName][]) {
      devices[name] = await enroll(c.url, c.enrollSecret, { hostname: `PC-${name.toUpperCase()}` });
      const r = await queuedReport(devices[name], machine, { finishedAt: new Date(NOW.getTime() - 3_600_000), hostname: `PC-${name.toUpperCase()}` });
      expect((await send(c.url, devices[name], r)).status).toBe(202);
    }
    const gate = await queuedReport(devices.neglected, 'neglected', { finishedAt: new Date(NOW.getTime() - 1_800_000), profile: 'telework-return', hostname: 'PC-NEGLECTED' });
    expect((await send(c.url, devices.neglected, gate)).status).toBe(202);
  }, 120_000);
  afterAll(async () => c?.close());

  it('refuses a form from another site and one without its confirmation, and changes nothing', async () => {
    const path = `/devices/${devices.neglected.deviceId}/retire`;
    expect((await post(path, 'confirm=yes', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(path, 'confirm=yes', { referer: 'https://evil.example/page' })).status).toBe(403);
    expect((await post(path, 'confirm=yes', {})).status).toBe(403);
    const unticked = await post(path, '');
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('The confirmation was not ticked.');
    expect((await summary()).devices.total).toBe(3);
  });

  it('retires a device from its page: out of the lists and counts, its reports refused, its history kept, in the audit list', async () => {
    const before = await summary();
    const no13 = before.items.find((i) => i.ref === 'ipa-jisha-shindan:13')!.devices;
    const res = await post(`/devices/${devices.neglected.deviceId}/retire`, 'confirm=yes');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/devices/${devices.neglected.deviceId}`);

    const after = await summary();
    expect(after.devices.total).toBe(2);
    expect(after.items.find((i) => i.ref === 'ipa-jisha-shindan:13')!.devices).toEqual({ ...no13, fails: no13.fails - 1 });
    expectCountsAddUp(after);
    const gates = await c.store.gateDecisions({ profile: 'telework-return', limit: 10, offset: 0 });
    expect(gates.total).toBe(0);
    const listed = await c.store.listDevices({ now: NOW, limit: 50, offset: 0 });
    expect(listed.devices.map((d) => d.hostname)).not.toContain('PC-NEGLECTED');
    const retired = await c.store.listDevices({ now: NOW, limit: 50, offset: 0, filter: 'retired' });
    expect(retired.devices.map((d) => [d.hostname, d.retiredAt])).toEqual([['PC-NEGLECTED', NOW.toISOString()]]);

    // Its token no longer uploads; its history still opens, marked retired.
    const late = await queuedReport(devices.neglected, 'neglected', { finishedAt: new Date(NOW.getTime() - 60_000), hostname: 'PC-NEGLECTED' });
    expect((await send(c.url, devices.neglected, late)).status).toBe(401);
    const page = await (await fetch(`${c.url}/devices/${devices.neglected.deviceId}`, { headers: { ...auth(), 'accept-language': 'en' } })).text();
    expect(page).toContain('This device was retired on');
    expect(page).toMatch(/<table class="history">[\s\S]*<\/table>/);
    expect((await c.store.deviceHistory(devices.neglected.deviceId, { now: NOW, limit: 10 }))!.reports).toHaveLength(2);

    const audit = await (await fetch(`${c.url}/audit`, { headers: { ...auth(), 'accept-language': 'ja' } })).text();
    expect(audit).toMatch(new RegExp(`<td>${c.admin.name}</td><td>使用終了</td><td><a href="/devices/${devices.neglected.deviceId}">PC-NEGLECTED</a></td>`));
    // Below, what was done to administrators: the test collector's own was added by 'test'.
    expect(audit).toMatch(new RegExp(`<h2 id="admin-audit">管理者の追加・パスワード変更・削除</h2>[\\s\\S]*<td>test</td><td>追加</td><td>${c.admin.name}</td>`));
    // Retiring again changes nothing and records nothing.
    expect((await post(`/devices/${devices.neglected.deviceId}/retire`, 'confirm=yes')).status).toBe(303);
    expect(await c.store.deviceAudit({ limit: 10 })).toHaveLength(1);
  });

  it('revokes a stolen PC from its page: its uploads refused at once, the revocation flagged and in the audit list', async () => {
    const pc = devices.kept;
    const page = async () => (await fetch(`${c.url}/devices/${pc.deviceId}`, { headers: { ...auth(), 'accept-language': 'en' } })).text();
    expect(await page()).toContain(`action="/devices/${pc.deviceId}/revoke"`);
    const res = await post(`/devices/${pc.deviceId}/revoke`, 'confirm=yes');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/devices/${pc.deviceId}`);
    const r = await queuedReport(pc, 'compliant', { finishedAt: new Date(NOW.getTime() - 60_000), hostname: 'PC-KEPT' });
    expect((await send(c.url, pc, r)).status).toBe(401);
    // Revoked: no second revoke button, the flag shown; the audit list says who and what.
    const after = await page();
    expect(after).not.toContain(`action="/devices/${pc.deviceId}/revoke"`);
    expect(after).toContain('Revoked');
    const entries = await c.store.deviceAudit({ limit: 10, deviceId: pc.deviceId });
    expect(entries.map((e) => [e.action, e.admin])).toEqual([['revoke', c.admin.name]]);
    expect((await post('/devices/00000000-0000-4000-8000-000000000000/revoke', 'confirm=yes')).status).toBe(404);
  });

  it('deletes a device with its reports from the command line, asking first unless --yes', async () => {
    const id = devices.windows.deviceId;
    const refused = await runTenken(['collector', 'device', 'delete', id, '--db', c.db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes');
    const declined = await runTenken(['collector', 'device', 'delete', id, '--db', c.db], { ask: async () => 'n' });
    expect(declined.code).toBe(2);
    expect(await c.store.deviceHistory(id, { now: NOW, limit: 1 })).not.toBeNull();

    const deleted = await runTenken(['collector', 'device', 'delete', id, '--db', c.db], { ask: async () => 'y' });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('Deleted "PC-WINDOWS" and its reports.');
    expect(await c.store.deviceHistory(id, { now: NOW, limit: 1 })).toBeNull();
    const after = await summary();
    expect(after.devices.total).toBe(1);
    expectCountsAddUp(after);
    const [entry] = await c.store.deviceAudit({ limit: 1 });
    expect(entry).toMatchObject({ action: 'delete', deviceId: id, hostname: 'PC-WINDOWS' });
    expect(entry!.admin).toMatch(/^cli:/);

    // The retired device can be deleted too; the list shows what is left.
    expect((await runTenken(['collector', 'device', 'delete', devices.neglected.deviceId, '--yes', '--db', c.db])).code).toBe(0);
    const list = await runTenken(['collector', 'device', 'list', '--db', c.db]);
    expect(list.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${devices.kept.deviceId}  "PC-KEPT"  `))]);
    expectCountsAddUp(await summary());
    expect((await runTenken(['collector', 'device', 'retire', 'not-a-uuid', '--yes', '--db', c.db])).code).toBe(2);
  });
});
