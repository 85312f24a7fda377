/**
 * A misbehaving network between the agent and a collector, for the delivery tests: an HTTP proxy on a fixed
 * loopback port that forwards to the collector, and can be stopped and restarted (connection refused), slowed
 * (answers held back, past the agent's timeout if asked), made to answer 429 with Retry-After / 500 / 503
 * without forwarding, or to cut the connection after the collector stored the report (the answer is lost,
 * so the agent's retry is a duplicate). What each request gets is decided by a plan from its number.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type ChaosAction =
  | { readonly kind: 'forward'; readonly delayMs?: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'cut-after-forward' };

export interface ChaosProxy {
  readonly url: string;
  /** Requests received while running, numbered from 0. */
  readonly requests: number;
  /** What each action was taken how often. */
  readonly tally: Map<string, number>;
  /**
   * Arrivals and answers in the order they happened, by request number: an answer is logged once it has been
   * handed to the connection, so an agent can act on it only after it appears here.
   */
  readonly events: { readonly n: number; readonly event: 'arrived' | 'answered' }[];
  plan: (n: number) => ChaosAction;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const upstream = new URL(target);
  let requests = 0;
  const tally = new Map<string, number>();
  const events: ChaosProxy['events'][number][] = [];

  function forward(req: IncomingMessage): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      req.pipe(out);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = requests++;
    events.push({ n, event: 'arrived' });
    const answered = () => events.push({ n, event: 'answered' });
    const action = proxy.plan(n);
    const name = action.kind === 'status' ? `status ${action.status}` : action.kind === 'forward' && action.delayMs ? 'slow' : action.kind;
    tally.set(name, (tally.get(name) ?? 0) + 1);
    if (action.kind === 'status') {
      req.resume();
      await new Promise((r) => req.on('end', r));
      const code = action.status === 429 ? 'rate-limited' : action.status === 503 ? 'unavailable' : 'internal';
      res.writeHead(action.status, { 'content-type': 'application/json', ...(action.retryAfter !== undefined ? { 'retry-after': action.retryAfter } : {}) });
      res.end(JSON.stringify({ error: { code, message: `chaos proxy: ${action.status}` } }), answered);
      return;
    }
    const answer = await forward(req);
    if (action.kind === 'cut-after-forward') {
      res.socket?.destroy();
      return;
    }
    if (action.delayMs) await sleep(action.delayMs);
    if (res.destroyed) return;
    const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...headers } = answer.headers;
    res.writeHead(answer.status, headers).end(answer.body, answered);
  }

  let server: Server | undefined;
  let port = 0;
  const proxy: ChaosProxy = {
    url: '',
    get requests() {
      return requests;
    },
    tally,
    events,
    plan: () => ({ kind: 'forward' }),
    running: () => server !== undefined,
    async start() {
      if (server) return;
      const s = createServer((req, res) => void handle(req, res).catch(() => res.socket?.destroy()));
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      port = (s.address() as AddressInfo).port;
      server = s;
    },
    async stop() {
      const s = server;
      if (!s) return;
      server = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    close() {
      return proxy.stop();
    },
  };
  await proxy.start();
  (proxy as { url: string }).url = `http://127.0.0.1:${port}`;
  return proxy;
}
