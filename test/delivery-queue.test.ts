/**
 * The durable queue on its own: a writer killed at random moments leaves it readable and complete; unreadable
 * files go to corrupt/ and are listed; the bounds drop the oldest scheduled reports first and never the newest
 * of a profile; a full disk is a clear QueueWriteError. And the backoff rule, with a pinned random source.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import { loadCounter, statePaths, writeStateFile, ensureStateDir, type DeviceIdentity } from '../src/transport/agent-state.ts';
import { parseRetryAfter, retryDelayMs } from '../src/transport/backoff.ts';
import { openQueue, queueReport } from '../src/transport/deliver.ts';
import { generateDeviceKey, keyId, publicPart, signEnvelope } from '../src/transport/dsse.ts';
import { REPORT_PAYLOAD_TYPE } from '../src/transport/protocol.ts';
import { DeliveryQueue, QueueWriteError, type QueuedMeta } from '../src/transport/queue.ts';
import { flushQueue } from '../src/transport/send.ts';
import { asVersion1Queue, freshCopy, scannedReport, seededRandom, testContext } from './support/delivery.ts';

const ROOT = join(import.meta.dirname, '..');
let base: Report;

function fakeIdentity(): DeviceIdentity {
  const privateKey = generateDeviceKey();
  return { deviceId: randomUUID(), privateKey, token: 'x'.repeat(43), keyId: keyId(publicPart(privateKey)), collector: 'https://collector.example/', insecure: false, enrolledAt: new Date().toISOString() };
}

beforeAll(async () => {
  base = await scannedReport();
});

describe('a queue writer killed at random moments', () => {
  let dir: string;
  beforeAll(async () => {
    // A real disk folder (not /dev/shm): the renames and syncs are what is tested.
    dir = await mkdtemp(join(tmpdir(), 'tenken-crash-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('leaves every fully queued report intact, ignores and cleans up temp files, and the counter readable', async () => {
    const paths = statePaths(dir);
    await ensureStateDir(dir);
    await writeStateFile(paths.identity, fakeIdentity());
    const reportFile = join(dir, 'base.json');
    await writeFile(reportFile, JSON.stringify(freshCopy(base, new Date())));
    const confirmed = new Set<string>();
    const random = seededRandom(42);
    let kills = 0;
    for (let round = 0; round < 25; round++) {
      const child = spawn(process.execPath, [join(ROOT, 'test/support/queue-writer.ts'), dir, reportFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buffered = '';
      let ready!: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready') ready();
          else if (line.startsWith('queued ')) confirmed.add(line.slice(7));
        }
      });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
      await Promise.race([isReady, exited]);
      await sleep(Math.floor(random() * 300));
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') kills++;
    }
    expect(kills).toBe(25);
    expect(confirmed.size, 'the writer got some reports in between the kills').toBeGreaterThan(25);
    const before = await readdir(paths.queue);
    const queue = new DeliveryQueue(paths.queue, { tempGraceMs: 0, bounds: { maxCount: 1e6, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 } });
    const listing = await queue.list();
    expect(listing.corrupt, 'no file was half written').toEqual([]);
    const ids = new Set(listing.entries.map((e) => e.meta.reportId));
    for (const id of confirmed) expect(ids.has(id), `confirmed report ${id} is queued`).toBe(true);
    // At most one report per kill was renamed without its confirmation reaching us.
    expect(ids.size - confirmed.size).toBeLessThanOrEqual(25);
    for (const e of listing.entries) {
      const read = await queue.read(e.file);
      expect(read && 'value' in read && read.value.meta.reportId).toBe(e.meta.reportId);
    }
    const after = await readdir(paths.queue);
    expect(after.filter((n) => n.endsWith('.tmp')), 'temp files cleaned up').toEqual([]);
    expect(before.length).toBeGreaterThanOrEqual(after.length);
    const counter = await loadCounter(paths);
    expect(counter.sequence).toBeGreaterThanOrEqual(Math.max(...listing.entries.map((e) => e.meta.sequence)));
  }, 120_000);
});

describe('the queue', () => {
  const identity = fakeIdentity();

  it('moves an unparseable file to corrupt/ and lists it with the reason; a young temp file is left alone', async () => {
    const c = await testContext();
    const { meta } = await queueReport(freshCopy(base, new Date()), identity, c, { trigger: 'manual', intervalSeconds: null });
    const q = openQueue(c);
    await writeFile(join(c.paths.queue, '000000000099-broken.json'), '{"tenkenQueue":1,"meta":{');
    await writeFile(join(c.paths.queue, '000000000098-wrong.json'), JSON.stringify({ tenkenQueue: 1, meta: {} }));
    await writeFile(join(c.paths.queue, '.000000000100-x.json.abc.tmp'), 'half');
    const listing = await q.list();
    expect(listing.entries.map((e) => e.meta.reportId)).toEqual([meta.reportId]);
    expect(listing.corrupt.map((f) => [f.file.split('/').pop(), f.reason.split(':')[0]])).toEqual([
      ['000000000098-wrong.json', 'not a queued report'],
      ['000000000099-broken.json', 'not JSON'],
    ]);
    expect(await readdir(c.paths.queue)).toContain('.000000000100-x.json.abc.tmp');
    // Listed again: the corrupt files stay shown (from corrupt/), nothing is dropped silently.
    expect((await q.list()).corrupt).toHaveLength(2);
    const later = new DeliveryQueue(c.paths.queue, { tempGraceMs: 0 });
    await later.list();
    expect(await readdir(c.paths.queue)).not.toContain('.000000000100-x.json.abc.tmp');
  });

  it('moves a file whose body is cut short or damaged, or whose older envelope line is broken, to corrupt/ when it comes to be sent', async () => {
    const c = await testContext();
    const reports = [freshCopy(base, new Date()), freshCopy(base, new Date()), freshCopy(base, new Date())];
    for (const r of reports) await queueReport(r, identity, c, { trigger: 'manual', intervalSeconds: null });
    const q = openQueue(c);
    const [cut, flipped, older] = (await q.list()).entries;
    const data = await readFile(cut!.file);
    await writeFile(cut!.file, data.subarray(0, data.indexOf(0x0a) + 200));
    const bytes = await readFile(flipped!.file);
    bytes[bytes.length - 100]! ^= 0x01;
    await writeFile(flipped!.file, bytes);
    const v1 = await asVersion1Queue(q, older!.file);
    await writeFile(older!.file, `${v1.slice(0, v1.indexOf('\n') + 200)}\n`);
    const result = await flushQueue(q, { collector: new URL('http://127.0.0.1:1/'), token: 't' });
    expect(result).toMatchObject({ sent: 0, remaining: [], corrupt: 3 });
    const listing = await q.list();
    expect(listing.corrupt.map((f) => [f.file.split('/').pop()!.slice(13, 49), f.reason.split(':')[0]])).toEqual([
      [reports[0]!.reportId, 'body cut or grown'],
      [reports[1]!.reportId, 'body damaged'],
      [reports[2]!.reportId, 'envelope not JSON'],
    ]);
  });

  it('records a failed try without touching the body, and rewrites a file an older tenken queued in today\'s form', async () => {
    const c = await testContext();
    for (let i = 0; i < 2; i++) await queueReport(freshCopy(base, new Date()), identity, c, { trigger: 'manual', intervalSeconds: null });
    const q = openQueue(c);
    const [today, older] = (await q.list()).entries;
    const before = await readFile(today!.file);
    const envelope = ((await q.read(older!.file)) as { value: { envelope: unknown } }).value.envelope;
    await writeFile(older!.file, await asVersion1Queue(q, older!.file));
    const result = await flushQueue(q, { collector: new URL('http://127.0.0.1:1/'), token: 't' }, { concurrency: 2, timeoutMs: 2000 });
    expect(result.retrying).toHaveLength(2);
    const after = await readFile(today!.file);
    const header = (b: Buffer) => JSON.parse(b.toString('utf8', 0, b.indexOf(0x0a))) as { tenkenQueue: number; state: { attempts: number } };
    expect(header(after)).toMatchObject({ tenkenQueue: 2, state: { attempts: 1 } });
    expect(after.subarray(after.indexOf(0x0a)).equals(before.subarray(before.indexOf(0x0a))), 'the body byte for byte').toBe(true);
    const converted = await readFile(older!.file);
    expect(header(converted)).toMatchObject({ tenkenQueue: 2, state: { attempts: 1 } });
    expect(((await q.read(older!.file)) as { value: { envelope: unknown } }).value.envelope).toEqual(envelope);
  });

  it('numbers reports 1, 2, 3… with the previous report id, and signs what it queues', async () => {
    const c = await testContext();
    const a = freshCopy(base, new Date());
    const b = freshCopy(base, new Date());
    await queueReport(a, identity, c, { trigger: 'schedule', intervalSeconds: 86_400 });
    await queueReport(b, identity, c, { trigger: 'schedule', intervalSeconds: 86_400 });
    const q = openQueue(c);
    const [first, second] = (await q.list()).entries;
    const read = await q.read(second!.file);
    const payload = JSON.parse(Buffer.from((read as { value: { envelope: { payload: string } } }).value.envelope.payload, 'base64').toString()) as Report;
    expect(first!.meta.sequence).toBe(1);
    expect(payload.delivery).toMatchObject({ deviceId: identity.deviceId, sequence: 2, previousReportId: a.reportId, trigger: 'schedule', intervalSeconds: 86_400 });
    expect(await loadCounter(c.paths)).toEqual({ sequence: 2, previousReportId: b.reportId });
  });

  it('gives reports queued at the same time distinct sequences, and takes over the lock of a writer that died', async () => {
    const c = await testContext();
    await ensureStateDir(c.paths.dir);
    // A lock left by a killed tenken: its pid is not running.
    await writeFile(join(c.paths.dir, 'delivery.lock'), '2147483646');
    const reports = Array.from({ length: 20 }, () => freshCopy(base, new Date()));
    const queued = await Promise.all(reports.map((r) => queueReport(r, identity, c, { trigger: 'schedule', intervalSeconds: 3600 })));
    expect(new Set(queued.map((q) => q.meta.sequence))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i + 1)));
    expect((await loadCounter(c.paths)).sequence).toBe(20);
    expect(await readdir(c.paths.dir)).not.toContain('delivery.lock');
  });

  function metaOf(sequence: number, profile: string, trigger: QueuedMeta['trigger'], finishedAt: Date): QueuedMeta {
    return { reportId: randomUUID(), profile, sequence, trigger, queuedAt: finishedAt.toISOString(), finishedAt: finishedAt.toISOString() };
  }
  const envelope = signEnvelope(REPORT_PAYLOAD_TYPE, Buffer.from('{"x":1}'), identity.privateKey);

  it('drops the oldest scheduled reports first when over its count, never the newest of a profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-bounds-'));
    const now = new Date('2026-12-01T00:00:00Z');
    const q = new DeliveryQueue(dir, { now: () => now, bounds: { maxCount: 3, maxBytes: 2 ** 30, maxAgeMs: 86_400_000 * 60 } });
    const seqs = async (...adds: [number, string, QueuedMeta['trigger']][]) => {
      const dropped: number[] = [];
      for (const [n, profile, trigger] of adds) dropped.push(...(await q.add(metaOf(n, profile, trigger, now), envelope)).dropped.map((d) => d.sequence));
      return dropped;
    };
    expect(await seqs([1, 'telework-return', 'schedule'], [2, 'baseline', 'manual'], [3, 'baseline', 'schedule'])).toEqual([]);
    expect(await seqs([4, 'baseline', 'schedule']), 'the oldest scheduled one; telework-return 1 is its profile\'s newest').toEqual([3]);
    expect(await seqs([5, 'baseline', 'agent']), 'tenken agent reports count as scheduled').toEqual([4]);
    expect(await seqs([6, 'baseline', 'manual']), 'scheduled before manual').toEqual([5]);
    expect(await seqs([7, 'baseline', 'manual']), 'no scheduled one left to drop: the oldest manual').toEqual([2]);
    expect((await q.list()).entries.map((e) => e.meta.sequence)).toEqual([1, 6, 7]);
  });

  it('drops by bytes and by age, and keeps the newest of each profile even when it is old', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-bounds-'));
    const now = new Date('2026-12-01T00:00:00Z');
    const old = new Date(now.getTime() - 61 * 86_400_000);
    const size = (await new DeliveryQueue(await mkdtemp(join(tmpdir(), 'tenken-size-'))).add(metaOf(1, 'p', 'schedule', now), envelope)).file;
    const oneFile = (await readFile(size)).length;
    const q = new DeliveryQueue(dir, { now: () => now, bounds: { maxCount: 100, maxBytes: oneFile * 3 + 100, maxAgeMs: 60 * 86_400_000 } });
    await q.add(metaOf(1, 'telework-return', 'schedule', old), envelope);
    await q.add(metaOf(2, 'baseline', 'schedule', old), envelope);
    const third = await q.add(metaOf(3, 'baseline', 'schedule', now), envelope);
    expect(third.dropped.map((d) => d.sequence), 'too old: the collector would refuse it as stale').toEqual([2]);
    expect((await q.add(metaOf(4, 'baseline', 'manual', now), envelope)).dropped).toEqual([]);
    const fifth = await q.add(metaOf(5, 'baseline', 'manual', now), envelope);
    expect(fifth.dropped.map((d) => d.sequence), 'over the bytes: the oldest scheduled one').toEqual([3]);
    const sixth = await q.add(metaOf(6, 'baseline', 'manual', now), envelope);
    expect(sixth.dropped.map((d) => d.sequence), 'then the oldest manual one; the old telework-return stays').toEqual([4]);
    expect((await q.list()).entries.map((e) => e.meta.sequence)).toEqual([1, 5, 6]);
  });

  it('says "the disk is full" when the queue folder has no room (ENOSPC)', async () => {
    const err = new QueueWriteError('/var/lib/tenken/queue', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    expect(err.message).toBe('the disk is full: cannot queue the report in /var/lib/tenken/queue');
    expect(err.exitCode).toBe(4);
  });

  const canMount = process.getuid?.() === 0 && (() => {
    try {
      execFileSync('mount', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.runIf(canMount)('refuses with ENOSPC on a really full file system (a 64 KiB tmpfs)', async () => {
    const mnt = await mkdtemp(join(tmpdir(), 'tenken-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    } catch {
      return; // a container without the right to mount: the message test above still holds
    }
    try {
      await mkdir(join(mnt, 'queue'));
      const q = new DeliveryQueue(join(mnt, 'queue'));
      // Random bytes, which gzip cannot shrink below the 64 KiB the file system has.
      const big = signEnvelope(REPORT_PAYLOAD_TYPE, randomBytes(200_000), identity.privateKey);
      const e = await q.add(metaOf(1, 'baseline', 'manual', new Date()), big).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(QueueWriteError);
      expect((e as QueueWriteError).code).toBe('ENOSPC');
      expect(await readdir(join(mnt, 'queue')), 'no temp file left behind').toEqual([]);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('backoff', () => {
  const policy = { baseMs: 1000, capMs: 3_600_000 };
  it('draws a full-jitter delay in [0, min(cap, base·2^attempt))', () => {
    expect(retryDelayMs(0, policy, () => 0.5)).toBe(500);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(4000);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
    expect(retryDelayMs(3, policy, () => 0.999999)).toBe(7999);
    expect(retryDelayMs(40, policy, () => 0.5), 'capped at one hour').toBe(1_800_000);
    expect(retryDelayMs(5000, policy, () => 0.999999)).toBeLessThan(3_600_000);
  });
  it('takes Retry-After instead, bounded to a day', () => {
    expect(retryDelayMs(7, policy, () => 0.5, 120_000)).toBe(120_000);
    expect(retryDelayMs(0, policy, () => 0.5, 10 * 86_400_000)).toBe(86_400_000);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 09:00:00 GMT', now), 'a past date: at once').toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
