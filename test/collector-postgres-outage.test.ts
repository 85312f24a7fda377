/**
 * A collector whose PostgreSQL goes away and comes back: the connection runs through a TCP relay of the test's
 * own, which the test cuts (every connection dropped, the port refusing) and restores. While it is cut, health
 * and uploads answer 503 with Retry-After, so agents keep the report queued; afterwards the same upload is
 * stored, on fresh pooled connections, without restarting the collector.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/collector/open-store.ts';
import { createCollector, ensureEnrollSecret, type Collector } from '../src/collector/server.ts';
import type { SqlStore } from '../src/collector/sql-store.ts';
import { PATHS } from '../src/transport/protocol.ts';
import { createTestDatabase, noPostgres, type TestDatabase } from './support/postgres.ts';
import { enroll, queuedReport, send } from './support/reports.ts';

/** Relays 127.0.0.1:<port> to the PostgreSQL server; cut() drops every connection and stops listening. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly target: { host: string; port: number };
  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const closed = this.server ? once(this.server, 'close') : Promise.resolve();
    this.server?.close();
    for (const s of this.sockets) s.destroy();
    await closed;
    this.server = null;
  }
}

describe.skipIf(noPostgres())('a collector whose PostgreSQL goes away and comes back', () => {
  let database: TestDatabase;
  let relay: Relay;
  let store: SqlStore;
  let collector: Collector;
  let url: string;
  let secret: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    relay = new Relay({ host: direct.hostname, port: Number(direct.port) });
    await relay.open();
    const relayed = new URL(database.url);
    relayed.port = String(relay.port);
    store = await openStore(relayed.toString());
    ({ secret } = await ensureEnrollSecret(store));
    collector = await createCollector({ store, rateLimit: false });
    url = await collector.listen('127.0.0.1', 0);
  });
  afterAll(async () => {
    await collector?.close();
    await store?.close();
    await relay?.cut();
    await database?.drop();
  });

  it('answers 503 with Retry-After while it is gone, and stores the retried upload once it is back', async () => {
    const device = await enroll(url, secret);
    expect((await send(url, device, await queuedReport(device, 'compliant', { finishedAt: new Date(Date.now() - 60_000) }))).status).toBe(202);

    await relay.cut();
    const health = await fetch(`${url}${PATHS.health}`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('30');
    expect(await health.json()).toMatchObject({ error: { code: 'unavailable' } });
    const queued = await queuedReport(device, 'neglected', { finishedAt: new Date() });
    const refused = await send(url, device, queued);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });

    await relay.open();
    expect((await fetch(`${url}${PATHS.health}`)).status).toBe(200);
    const retried = await send(url, device, queued);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual({ reportId: queued.reportId, status: 'stored' });
    const history = await store.deviceHistory(device.deviceId, { now: new Date(), limit: 10 });
    expect(history?.reports.map((r) => r.reportId)).toEqual([queued.reportId, expect.any(String)]);
  });
});
