/**
 * Times on the dashboard are in the collector's time zone (`tenken collector --time-zone`, default the server's
 * own) with the zone named beside each time and at the foot of the page; a zone Intl does not know is refused.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDashboard, type DashboardReads } from '../src/collector/dashboard/routes.ts';
import { FleetSummary } from '../src/collector/read-model.ts';
import { runTenken } from './support/run-cli.ts';

const summary = FleetSummary.parse({
  generatedAt: '2026-12-01T00:30:00.000Z',
  profile: 'baseline',
  devices: { total: 0, reporting: 0, silent: 0, neverReported: 0, byResult: { compliant: 0, failed: 0, incomplete: 0 } },
  items: [],
  jishaShindan: [],
  checks: [],
});
const read = { fleetSummary: async () => summary } as unknown as DashboardReads;

describe('time zone', () => {
  it('shows times in the zone given, named', async () => {
    for (const [timeZone, shown, zone] of [
      ['Asia/Tokyo', '2026/12/01 09:30 JST', 'Asia/Tokyo'],
      ['UTC', '2026/12/01 00:30 UTC', 'UTC'],
    ] as const) {
      const app = Fastify();
      registerDashboard(app, { read, requireAdmin: async () => {}, timeZone, now: () => new Date('2026-12-01T00:30:00.000Z') });
      const page = (await app.inject({ url: '/', headers: { 'accept-language': 'ja' } })).body;
      expect(page).toContain(`<time datetime="2026-12-01T00:30:00.000Z">${shown}</time>`);
      expect(page).toContain(`時刻は ${zone} で表示しています。`);
      await app.close();
    }
  });

  it('refuses a zone that does not exist before starting anything', async () => {
    const run = await runTenken(['collector', '--time-zone', 'Mars/Olympus', '--db', `/nonexistent/${randomBytes(4).toString('hex')}/c.db`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a time zone: "Mars/Olympus"');
  });
});
