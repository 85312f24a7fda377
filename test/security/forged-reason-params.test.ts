/**
 * A reason code is the device's word, and so are its parameters: a known code with parameters of another shape
 * (a newer agent, or a forged report) must not take the device page or the check export down. Before this test
 * 'sign-in.no-password-stack' with a string where its template joins a list threw inside renderReason, and the
 * report page answered 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckExportRow } from '../../src/collector/read-model.ts';
import { renderReason } from '../../src/i18n/reasons.ts';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send } from '../support/reports.ts';

const FORGED = { code: 'sign-in.no-password-stack', params: { paths: '<b>/etc/pam.d</b>' } };
const RAW = 'sign-in.no-password-stack {"paths":"<b>/etc/pam.d</b>"}';

it('renders a known code with misshapen parameters as the code and its parameters', () => {
  expect(renderReason(FORGED, 'ja')).toBe(RAW);
  expect(renderReason({ ...FORGED, detail: 'x' }, 'en')).toBe(`${RAW}: "x"`);
});

describe('a report whose reason parameters do not fit their code', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(async () => c?.close());
  const headers = () => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}`, 'accept-language': 'ja' });

  it('leaves the device page and the export working, the parameters escaped', async () => {
    const device = await enroll(c.url, c.enrollSecret, { hostname: 'PC-FORGED' });
    const report = await queuedReport(device, 'neglected', { finishedAt: new Date() });
    const check = report.checks.find((x) => x.status === 'not_applicable' || x.status === 'unknown')!;
    check.why = FORGED as typeof check.why;
    expect((await send(c.url, device, report)).status).toBe(202);

    const page = await fetch(`${c.url}/devices/${device.deviceId}/reports/${report.reportId}`, { headers: headers() });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('sign-in.no-password-stack {&quot;paths&quot;:&quot;&lt;b&gt;/etc/pam.d&lt;/b&gt;&quot;}');
    expect(body).not.toContain('<b>/etc/pam.d</b>');

    const rows = (await (await fetch(`${c.url}${PATHS.exportChecks}?format=json`, { headers: headers() })).json()) as CheckExportRow[];
    expect(rows.find((r) => r.check === check.id)?.reasonJa).toBe(RAW);
  });
});
