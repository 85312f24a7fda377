/**
 * Findings 3 and 4 of issue 13: guessing administrator passwords over HTTP Basic, or device tokens, is limited
 * per client address (429 before any scrypt or database lookup), an administrator already verified is not held
 * up by a guesser on the same address, and behind a reverse proxy only the proxy's X-Forwarded-For entry counts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PROXY, parseTrustProxy } from '../../src/commands/collector.ts';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, type TestCollector } from '../support/collector.ts';
import { enroll, queuedReport, send } from '../support/reports.ts';

const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });

describe('failed authentication is limited per address', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(async () => c?.close());

  it('HTTP Basic: wrong passwords get 429 with Retry-After after ten, while the verified administrator still gets in', async () => {
    // The administrator's script ran before the guessing started: its credentials are verified and remembered.
    expect((await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c.admin.name, c.admin.password) })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c.admin.name, `guess-${i}`) })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    const blocked = await fetch(`${c.url}${PATHS.devices}`, { headers: basic('someone', 'else') });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c.admin.name, c.admin.password) })).status).toBe(200);
  });

  it('unknown device tokens get 429 after thirty from one address; a device token still uploads, even its first', async () => {
    const device = await enroll(c.url, c.enrollSecret);
    const report = await queuedReport(device, 'debian', { finishedAt: new Date() });
    expect((await send(c.url, device, report)).status).toBe(202);
    const newcomer = await enroll(c.url, c.enrollSecret);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await send(c.url, { ...device, token: randomBytes(32).toString('base64url') }, report)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(5).fill(429));
    expect((await send(c.url, device, await queuedReport(device, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    // Enrolled before, never uploaded: the collector has not seen its token yet, and lets it through.
    expect((await send(c.url, newcomer, await queuedReport(newcomer, 'debian', { finishedAt: new Date() }))).status).toBe(202);
  });
});

describe('guesses sent all at once', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(async () => c?.close());

  it('twenty HTTP Basic guesses in parallel: ten are checked, the rest get 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${c.url}${PATHS.devices}`, { headers: basic(c.admin.name, `parallel-${i}`) }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});

describe('behind a reverse proxy (--trust-proxy), X-Forwarded-For entries the client wrote do not reset the login limit', () => {
  let c: TestCollector;
  beforeAll(async () => {
    // What `tenken collector --trust-proxy` (nginx on this machine) trusts.
    c = await startTestCollector({ collector: { trustProxy: LOCAL_PROXY } });
  });
  afterAll(async () => c?.close());

  it.each([['192.0.2.7'], ['127.0.0.1']])('uses the address the proxy appended (%s), never one the client wrote before it', async (client) => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // What nginx's $proxy_add_x_forwarded_for forwards when the client sent its own X-Forwarded-For; a client
      // on the proxy's own machine (127.0.0.1) must not get its own entry believed either.
      const res = await fetch(`${c.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.9.${i}.1, ${client}` },
        body: `name=admin&password=guess-${i}`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another client behind the same proxy is not affected.
    const other = await fetch(`${c.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client === '127.0.0.1' ? '192.0.2.9' : '192.0.2.8' }, body: 'name=admin&password=x' });
    expect(other.status).toBe(303);
  });
});

describe('--trust-proxy values', () => {
  it('takes proxy addresses, CIDRs and loopback; a hop count (which trusts nothing in fastify 5) is refused', () => {
    expect(parseTrustProxy('10.0.0.5, 10.0.1.0/24')).toEqual(['10.0.0.5', '10.0.1.0/24']);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    for (const bad of ['1', 'true', '10.0.0.256', '10.0.0.0/33', 'linklocal', '']) expect(() => parseTrustProxy(bad), bad).toThrow(/proxy addresses/);
  });
});
