/**
 * Findings 1 and 2 of issue 13 as the administrator sees them: a replaced key, a revocation and a clock ahead
 * show on the device (list and page, ja and en), with the device's key history.
 */
import { describe, expect, it } from 'vitest';
import { renderDevicePage } from '../../src/collector/dashboard/device-page.ts';
import { renderDevicesPage } from '../../src/collector/dashboard/devices-page.ts';
import type { View } from '../../src/collector/dashboard/layout.ts';
import { DeviceHistory, DeviceList, type DeviceSummary } from '../../src/collector/read-model.ts';

const ja: View = { lang: 'ja', path: '/devices', query: {}, timeZone: 'Asia/Tokyo', now: new Date('2026-12-03T06:00:00.000Z'), signedIn: true, admin: 'admin' };
const en: View = { ...ja, lang: 'en' };

const device: DeviceSummary = {
  deviceId: '1b4e28ba-2fa1-4d3b-a3f5-ef19e4b7a3c1',
  hostname: 'PC-SALES-012',
  platform: 'win32',
  osName: 'Windows 11 Pro',
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
  keyReplacedAt: '2026-12-02T01:00:00.000Z',
  revokedAt: '2026-12-02T03:00:00.000Z',
  clockAheadSeconds: 7200,
  retiredAt: null,
};
const history = DeviceHistory.parse({
  device,
  reports: [],
  keys: [
    { keyId: 'new-key-thumbprint', registeredAt: '2026-12-02T01:00:00.000Z', how: 'administrator' },
    { keyId: 'first-key-thumbprint', registeredAt: '2026-11-01T00:00:00.000Z', how: 'enrolled' },
  ],
});

describe('device flags', () => {
  it('the device page shows the key change, the revocation, the clock ahead and the key history (ja)', () => {
    const out = renderDevicePage(history, ja, { complete: true, shown: null, catalogs: new Map() }).text;
    expect(out).toContain('鍵が交換されました:');
    expect(out).toContain('登録取り消し済み');
    expect(out).toContain('時計が 2h 進んでいます');
    expect(out).toContain('<h2 id="keys-heading">鍵の履歴</h2>');
    expect(out).toMatch(/管理者の許可による再登録<\/td><td><code>new-key-thumbprint<\/code>[\s\S]*初めての登録<\/td><td><code>first-key-thumbprint/);
  });

  it('the device list shows the same flags (en), and none on a device without them', () => {
    const plain = { ...device, deviceId: '2c5f39cb-3ab2-4e4c-b4a6-fa2ac5f8b4d2', hostname: 'PC-PLAIN', keyReplacedAt: null, revokedAt: null, clockAheadSeconds: null };
    const out = renderDevicesPage(DeviceList.parse({ devices: [device, plain], total: 2, titles: {} }), en, { filter: 'all', search: '', page: 1, pageSize: 50 }).text;
    const rows = out.split('<tr');
    const flagged = rows.find((r) => r.includes('PC-SALES-012'))!;
    expect(flagged).toContain('Key replaced:');
    expect(flagged).toContain('Revoked');
    expect(flagged).toContain('Clock ahead by 2h');
    const clean = rows.find((r) => r.includes('PC-PLAIN'))!;
    expect(clean).not.toMatch(/Key replaced|Revoked|Clock ahead/);
  });
});
