/**
 * Finding 1 of issue 13: the enroll secret and a known device id no longer take a device over. Enrolling an id
 * already registered needs a fresh proof by the key it registered (what `tenken enroll` on the same PC sends),
 * or an administrator's approval; a key change shows on the device; a revoked PC's key proves nothing.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReenrollProof } from '../../src/transport/enroll.ts';
import { generateDeviceKey, keyId, publicPart } from '../../src/transport/dsse.ts';
import { ApiError, PATHS } from '../../src/transport/protocol.ts';
import type { DeviceHistory } from '../../src/collector/read-model.ts';
import { startTestCollector, TEST_DBS, type TestCollector } from '../support/collector.ts';
import { enroll, enrollBody, queuedReport, reenroll, send, type TestDevice } from '../support/reports.ts';
import { runTenken } from '../support/run-cli.ts';

const basic = (c: TestCollector) => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });

describe.each(TEST_DBS)('re-enrolling a known device id on %s', (db) => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ db });
  });
  afterAll(async () => c?.close());

  /** An enrollment of `device`'s id with a new key, with whatever proof the caller gives. */
  async function takeOver(device: TestDevice, proof?: (newKey: ReturnType<typeof publicPart>) => unknown) {
    const key = generateDeviceKey();
    const body = { ...enrollBody(c.enrollSecret, { deviceId: device.deviceId, hostname: 'VICTIM-PC' }, key), ...(proof ? { proof: proof(publicPart(key)) } : {}) };
    const res = await fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as unknown };
  }
  const history = async (deviceId: string) => (await (await fetch(`${c.url}${PATHS.deviceReports.replace(':deviceId', deviceId)}`, { headers: basic(c) })).json()) as DeviceHistory;

  it('the enroll secret and the id alone are refused (409); the real PC keeps uploading', async () => {
    const victim = await enroll(c.url, c.enrollSecret, { hostname: 'VICTIM-PC' });
    expect((await send(c.url, victim, await queuedReport(victim, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    const attempt = await takeOver(victim);
    expect(attempt.status).toBe(409);
    expect(ApiError.parse(attempt.body).error.message).toMatch(/no proof/);
    expect((await send(c.url, victim, await queuedReport(victim, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    expect((await history(victim.deviceId)).device.keyReplacedAt).toBeNull();
  });

  it('a proof by another key, an old proof, or a proof used before is refused', async () => {
    const victim = await enroll(c.url, c.enrollSecret);
    const stranger = generateDeviceKey();
    expect((await takeOver(victim, (k) => signReenrollProof(victim.deviceId, k, stranger, new Date()))).status).toBe(409);
    expect((await takeOver(victim, (k) => signReenrollProof(victim.deviceId, k, victim.key, new Date(Date.now() - 3_600_000)))).status).toBe(409);
    // A proof signed for one new key does not carry over to another.
    const key = generateDeviceKey();
    const proof = signReenrollProof(victim.deviceId, publicPart(key), victim.key, new Date());
    expect((await takeOver(victim, () => proof)).status).toBe(409);
    // Used once for its own key it works; replayed, it does not.
    const body = { ...enrollBody(c.enrollSecret, { deviceId: victim.deviceId }, key), proof };
    const post = () => fetch(`${c.url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(409);
  });

  it('the PC holding the registered key re-enrolls; the key change shows on the device and in its key history', async () => {
    const pc = await enroll(c.url, c.enrollSecret);
    const again = await reenroll(c.url, c.enrollSecret, pc);
    expect((await send(c.url, again, await queuedReport(again, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    expect((await send(c.url, pc, await queuedReport(pc, 'debian', { finishedAt: new Date() }))).status).toBe(401);
    const h = await history(pc.deviceId);
    expect(h.device.keyReplacedAt).not.toBeNull();
    expect(h.keys.map((k) => k.how)).toEqual(['old-key', 'enrolled']);
    expect(h.keys[0]!.keyId).toBe(keyId(publicPart(again.key)));
  });

  it('a revoked device is refused at once, its old key proves nothing, and only an administrator lets it back', async () => {
    const pc = await enroll(c.url, c.enrollSecret);
    expect((await send(c.url, pc, await queuedReport(pc, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    expect(await c.store.revokeDevice(pc.deviceId, { admin: 'test', at: new Date() })).toBe(true);
    expect((await send(c.url, pc, await queuedReport(pc, 'debian', { finishedAt: new Date() }))).status).toBe(401);
    expect((await history(pc.deviceId)).device.revokedAt).not.toBeNull();
    expect((await takeOver(pc, (k) => signReenrollProof(pc.deviceId, k, pc.key, new Date()))).status).toBe(409);
    expect(await c.store.allowReenroll(pc.deviceId, new Date(Date.now() + 3_600_000))).toBe(true);
    const back = await enroll(c.url, c.enrollSecret, { deviceId: pc.deviceId });
    expect((await send(c.url, back, await queuedReport(back, 'debian', { finishedAt: new Date() }))).status).toBe(202);
    const h = await history(pc.deviceId);
    expect(h.device.revokedAt).toBeNull();
    expect(h.keys[0]!.how).toBe('administrator');
    // The approval is used up.
    expect((await takeOver(pc)).status).toBe(409);
  });
});

describe('tenken collector device', () => {
  it('revoke and allow-reenroll act on the device named, and refuse an unknown id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-device-cli-'));
    const dbFile = join(dir, 'collector.db');
    const { openStore } = await import('../../src/collector/open-store.ts');
    const s = await openStore(dbFile);
    const key = publicPart(generateDeviceKey());
    const deviceId = enrollBody('x').deviceId;
    await s.enroll({ deviceId, tokenHash: 'a'.repeat(64), publicKey: key, keyId: keyId(key), hostname: 'PC', platform: 'linux', agentVersion: '0.1.0', hints: { machineId: 'm', hardwareUuid: null, serial: null, macs: [] }, enrolledAt: new Date() });
    await s.close();
    const revoke = await runTenken(['collector', 'device', 'revoke', deviceId, '--db', dbFile]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toMatch(/revoked/);
    const allow = await runTenken(['collector', 'device', 'allow-reenroll', deviceId, '--db', dbFile]);
    expect(allow.code, allow.stderr).toBe(0);
    const unknown = await runTenken(['collector', 'device', 'revoke', enrollBody('x').deviceId, '--db', dbFile]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no enrolled device/);
    const reopened = await openStore(dbFile);
    const registered = await reopened.registeredDevice(deviceId);
    await reopened.close();
    expect(registered?.revokedAt).toBeInstanceOf(Date);
    expect(registered?.reenrollAllowedUntil).toBeInstanceOf(Date);
  });
});
