/**
 * A queued report leaves the queue only on the collector's acceptance of that very report (RT-09): a captive
 * portal's HTML "200", a proxy's empty 200 or a 202 about another report id used to empty the queue. Each is
 * now retried with backoff and said as "not the collector"; the collector's own answers (stored, duplicate)
 * still remove it. The stand-in servers answer exactly what the red-team note's fakes answered.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.ts';
import type { DeviceIdentity } from '../../src/transport/agent-state.ts';
import { flush, openQueue, queueReport } from '../../src/transport/deliver.ts';
import { generateDeviceKey, keyId, publicPart } from '../../src/transport/dsse.ts';
import { freshCopy, scannedReport, testContext } from '../support/delivery.ts';
import { enReason } from '../support/reason-text.ts';
import { renderReason } from '../../src/i18n/reasons.ts';

type Answerer = (reportId: string, res: ServerResponse) => void;

let base: Report;
let answer: Answerer;
let url: string;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on('end', () => answer(String(req.headers['idempotency-key']), res));
});

beforeAll(async () => {
  base = await scannedReport();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function identityAt(collector: string): DeviceIdentity {
  const privateKey = generateDeviceKey();
  return { deviceId: randomUUID(), privateKey, token: 't'.repeat(43), keyId: keyId(publicPart(privateKey)), collector, insecure: false, enrolledAt: new Date().toISOString() };
}

/** Two reports queued for a device whose collector is the stand-in, then one flush against `answerer`. */
async function flushAgainst(answerer: Answerer, lang: 'ja' | 'en' = 'en') {
  answer = answerer;
  const ctx = await testContext();
  const identity = identityAt(url);
  for (let i = 0; i < 2; i++) await queueReport(freshCopy(base, new Date()), identity, ctx, { trigger: 'schedule', intervalSeconds: 86_400 });
  const result = await flush(ctx, identity, { lang });
  return { result, left: (await openQueue(ctx).list()).entries };
}

const json = (status: number, body: unknown) => (_: string, res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('what counts as the collector having a report', () => {
  it('a captive portal\'s HTML 200 keeps the queue and is retried with backoff, said as not the collector', async () => {
    const { result, left } = await flushAgainst((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>'));
    expect(result.sent).toBe(0);
    expect(left).toHaveLength(2);
    // Both were in flight together; each has a next try, not a rejection.
    expect(result.retrying).toHaveLength(2);
    const [retry] = result.retrying;
    expect(retry!.entry.state).toMatchObject({ attempts: 1, rejected: null });
    expect(Date.parse(retry!.entry.state.nextAttemptAt!)).toBeGreaterThanOrEqual(Date.now() - 60_000);
    const text = 'the network answered with something that is not the collector (HTTP 200, text/html) — a captive portal or a proxy? The report stays queued and is sent again later';
    expect(enReason(retry!.reason)).toBe(text);
    expect(left.map((e) => e.state.lastError)).toEqual([text, text]);
  });

  it('a 202 naming another report id is not an acceptance of this one', async () => {
    const other = '00000000-0000-4000-8000-000000000000';
    const { result, left } = await flushAgainst(json(202, { reportId: other, status: 'stored' }), 'ja');
    expect(result.sent).toBe(0);
    expect(left).toHaveLength(2);
    expect(renderReason(result.retrying[0]!.reason, 'ja')).toBe(`コレクターの応答は別のレポート ${other} の受領でした。レポートはキューに残し、後で再送します`);
  });

  it('an empty 200 and a 204 without a body are not acceptances either', async () => {
    for (const answerer of [(_: string, res: ServerResponse) => res.writeHead(200).end(), (_: string, res: ServerResponse) => res.writeHead(204).end()]) {
      const { result, left } = await flushAgainst(answerer);
      expect(left).toHaveLength(2);
      expect(enReason(result.retrying[0]!.reason)).toMatch(/^the network answered with something that is not the collector \(HTTP 20[04], -\)/);
    }
  });

  it('the collector\'s own acceptance (202 stored) and duplicate answer (200 duplicate) of this report remove it', async () => {
    let n = 0;
    const { result, left } = await flushAgainst((reportId, res) => json(n++ === 0 ? 202 : 200, { reportId, status: n === 1 ? 'stored' : 'duplicate' })(reportId, res));
    expect(left).toEqual([]);
    expect(result).toMatchObject({ sent: 2, duplicates: 1, retrying: [], rejected: [] });
  });
});
