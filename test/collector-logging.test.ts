/**
 * The collector's request log at the level `tenken collector` runs by default (info): one line per refused
 * request, none per accepted report (fastify's own two lines per request are off); at debug every answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/collector/open-store.ts';
import { createCollector, ensureEnrollSecret, type Collector } from '../src/collector/server.ts';
import type { Store } from '../src/collector/store.ts';
import { enroll, queuedReport, send } from './support/reports.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function logged(level: 'info' | 'debug'): Promise<{ url: string; secret: string; lines: Record<string, unknown>[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'tenken-collector-log-'));
  const store: Store = await openStore(join(dir, 'collector.db'));
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) });
  const collector: Collector = await createCollector({ store, rateLimit: false, logger: pino({ level, base: undefined }, sink) });
  const url = await collector.listen('127.0.0.1', 0);
  cleanup.push(async () => {
    await collector.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { url, secret: (await ensureEnrollSecret(store)).secret, lines };
}

const answered = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'answered').map((l) => `${l.level} ${l.status} ${l.url}`);

describe('collector request log', () => {
  it('at info: the refusal, not the accepted report, and none of fastify\'s per-request lines', async () => {
    const { url, secret, lines } = await logged('info');
    const device = await enroll(url, secret);
    expect((await send(url, device, await queuedReport(device, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    expect((await send(url, { ...device, token: 'not-a-token' }, await queuedReport(device, 'debian', { finishedAt: new Date() }))).status).toBe(401);
    await new Promise((r) => setImmediate(r));
    expect(answered(lines)).toEqual(['30 401 /api/v1/reports']);
    expect(lines.map((l) => l.msg)).not.toContain('request completed');
    expect(lines.map((l) => l.msg)).toContain('device enrolled');
  });

  it('at debug: every answer', async () => {
    const { url, secret, lines } = await logged('debug');
    const device = await enroll(url, secret);
    expect((await send(url, device, await queuedReport(device, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    await new Promise((r) => setImmediate(r));
    expect(answered(lines)).toEqual(['20 201 /api/v1/enroll', '20 202 /api/v1/reports']);
  });
});
