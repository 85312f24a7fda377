/**
 * Findings 10, 14, 15 and 18 of issue 13: slow clients are disconnected; every answer (API, login, logout,
 * 404) carries nosniff, a CSP and no-store, and HSTS under HTTPS; login and logout refuse forms posted from
 * another site; a NUL in the device search matches nothing instead of everything.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../src/transport/protocol.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll } from '../support/reports.ts';

const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('security headers on every answer', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ collector: { trustProxy: ['loopback'] } });
  });
  afterAll(async () => c?.close());

  it('API answers, health, a 404, login and logout carry nosniff, a CSP and no-store', async () => {
    const answers = [
      await fetch(`${c.url}${PATHS.devices}`, { headers: basic(c) }),
      await fetch(`${c.url}${PATHS.devices}`),
      await fetch(`${c.url}${PATHS.health}`),
      await fetch(`${c.url}/nope`),
      await fetch(`${c.url}/login`, { method: 'POST', redirect: 'manual', headers: form, body: 'name=a&password=b' }),
      await fetch(`${c.url}/logout`, { method: 'POST', redirect: 'manual' }),
      await fetch(`${c.url}${PATHS.exportChecks}`, { headers: basic(c) }),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('cache-control'), res.url).toBe('no-store');
      expect(res.headers.get('content-security-policy'), res.url).toMatch(/default-src 'none'/);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('HSTS when the browser came over HTTPS', async () => {
    const res = await c.collector.app.inject({ method: 'GET', url: PATHS.health, headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('login and logout refuse cross-site forms (CSRF)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(async () => c?.close());

  const login = (headers: Record<string, string>) =>
    fetch(`${c.url}/login`, { method: 'POST', redirect: 'manual', headers: { ...form, ...headers }, body: `name=${c.admin.name}&password=${encodeURIComponent(c.admin.password)}` });

  it('refuses a login posted from another origin, an opaque origin or another site’s page, with the right password', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { referer: 'http://evil.example/page' }] as Record<string, string>[]) {
      const res = await login(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const logout = await fetch(`${c.url}/logout`, { method: 'POST', redirect: 'manual', headers: { origin: 'http://evil.example' } });
    expect(logout.status).toBe(403);
  });

  it('accepts the collector’s own form (same origin) and a client that names no origin', async () => {
    for (const headers of [{ origin: c.url }, { referer: `${c.url}/login` }, {}] as Record<string, string>[]) {
      const res = await login(headers);
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/tenken_session=/);
    }
  });
});

describe('slow clients are disconnected', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ collector: { timeouts: { headersMs: 500, requestMs: 1000, idleMs: 1000, checkEveryMs: 100 } } });
  });
  afterAll(async () => c?.close());

  /** Opens a socket, writes `first`, then a byte every 200 ms; resolves when the server closes it (or after 10 s). */
  function drip(first: string, byte: string): Promise<{ closed: boolean; ms: number }> {
    const port = Number(new URL(c.url).port);
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1', () => socket.write(first));
      socket.on('data', () => {});
      const timer = setInterval(() => socket.writable && socket.write(byte), 200);
      const give = setTimeout(() => finish(false), 10_000);
      const finish = (closed: boolean) => {
        clearInterval(timer);
        clearTimeout(give);
        socket.destroy();
        resolve({ closed, ms: Date.now() - started });
      };
      socket.on('close', () => finish(true));
      socket.on('error', () => finish(true));
    });
  }

  it('a header line every 200 ms and a body a byte every 200 ms are both cut off well before 10 s', async () => {
    const [headers, body] = await Promise.all([
      drip(`GET ${PATHS.health} HTTP/1.1\r\nHost: x\r\n`, 'X'),
      drip(`POST ${PATHS.reports} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{`, ' '),
    ]);
    expect(headers.closed).toBe(true);
    expect(body.closed).toBe(true);
  });
});

describe.each(TEST_DBS)('device search on %s', (db) => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db });
    await enroll(c.url, c.enrollSecret, { hostname: 'PC-A' });
    await enroll(c.url, c.enrollSecret, { hostname: 'PC-B' });
  });
  afterAll(async () => c?.close());

  it('search=%00 is refused (400), not a match for every device; the page says so too', async () => {
    const api = await fetch(`${c.url}${PATHS.devices}?search=%00`, { headers: basic(c) });
    expect(api.status).toBe(400);
    const page = await fetch(`${c.url}/devices?q=%00`, { headers: basic(c) });
    expect(page.status).toBe(400);
    const ok = (await (await fetch(`${c.url}${PATHS.devices}?search=pc-a`, { headers: basic(c) })).json()) as { total: number };
    expect(ok.total).toBe(1);
  });
});
