/**
 * Reports for collector tests, made by the agent itself: the recorded machines of test/support/machines.ts
 * and test/recordings scanned by the real scan(), then given a delivery section, fresh ids and scan times
 * as a queued report would have, signed with the device's key as `tenken scan --send` signs it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { probes } from '../../probes/index.ts';
import { loadRecording, type Recording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { BUNDLED_POLICY, loadPolicy, type LoadedPolicy } from '../../src/policy/load.ts';
import type { Report } from '../../src/report/schema.ts';
import { scan } from '../../src/scan/scan.ts';
import { generateDeviceKey, publicPart, signEnvelope, type DsseEnvelope, type Ed25519PrivateJwk } from '../../src/transport/dsse.ts';
import { signReenrollProof } from '../../src/transport/enroll.ts';
import { ENVELOPE_CONTENT_TYPE, PATHS, REPORT_PAYLOAD_TYPE, type EnrollRequest, type EnrollResponse } from '../../src/transport/protocol.ts';
import { compliantLaptop, macbookAir, neglectedLaptop, windowsProJa, windowsUpdatesPaused } from './machines.ts';

export const MACHINES = {
  compliant: compliantLaptop,
  neglected: neglectedLaptop,
  debian: () => loadRecording(join(import.meta.dirname, '..', 'recordings', 'linux-debian12-ci.yaml')),
  windows: windowsProJa,
  windowsPaused: windowsUpdatesPaused,
  mac: macbookAir,
} as const satisfies Record<string, () => Promise<Recording>>;
export type MachineName = keyof typeof MACHINES;

let policy: Promise<LoadedPolicy> | undefined;
const scans = new Map<string, Promise<Report>>();

/** The agent's report of a recorded machine for a profile (scanned once per test file). */
export function machineReport(machine: MachineName, profile = 'baseline'): Promise<Report> {
  const key = `${machine}/${profile}`;
  let r = scans.get(key);
  if (!r) {
    r = (async () => {
      const recording = await MACHINES[machine]();
      const loaded = await (policy ??= loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' }));
      return scan({ host: createReplayHost(recording), probes, policy: loaded, profile, log: silentLogger, replay: { source: recording.source, recordedAt: recording.recordedAt } });
    })();
    scans.set(key, r);
  }
  return r;
}

export interface TestDevice {
  deviceId: string;
  token: string;
  key: Ed25519PrivateJwk;
  sequence: number;
  lastReportId: string | null;
}

export function enrollBody(secret: string, overrides: Partial<EnrollRequest> = {}, key = generateDeviceKey()): EnrollRequest {
  return {
    enrollSecret: secret,
    deviceId: randomUUID(),
    publicKey: publicPart(key),
    hostname: 'PC-TEST-01',
    platform: 'linux',
    agentVersion: '0.1.0',
    hints: { machineId: randomUUID(), hardwareUuid: randomUUID().toUpperCase(), serial: `SN${randomUUID().slice(0, 8)}`, macs: ['02:00:00:00:00:01'] },
    ...overrides,
  };
}

export async function enroll(url: string, secret: string, overrides: Partial<EnrollRequest> = {}): Promise<TestDevice> {
  const key = generateDeviceKey();
  const res = await fetch(`${url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollBody(secret, overrides, key)) });
  if (res.status !== 201) throw new Error(`enroll: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as EnrollResponse;
  return { deviceId: answer.deviceId, token: answer.token, key, sequence: 0, lastReportId: null };
}

/** Enrolls the device's id again with a new key, proved by its current one (what `tenken enroll` does on the same PC). */
export async function reenroll(url: string, secret: string, device: TestDevice, signedAt = new Date()): Promise<TestDevice> {
  const key = generateDeviceKey();
  const body = { ...enrollBody(secret, { deviceId: device.deviceId }, key), proof: signReenrollProof(device.deviceId, publicPart(key), device.key, signedAt) };
  const res = await fetch(`${url}${PATHS.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`re-enroll: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as EnrollResponse;
  return { deviceId: answer.deviceId, token: answer.token, key, sequence: device.sequence, lastReportId: device.lastReportId };
}

/** A queued report of the device: the machine's report with its own id, times and delivery section. */
export async function queuedReport(
  device: TestDevice,
  machine: MachineName,
  opts: { finishedAt: Date; profile?: string; intervalSeconds?: number | null; trigger?: 'manual' | 'schedule' | 'agent'; hostname?: string },
): Promise<Report> {
  const base = await machineReport(machine, opts.profile);
  const reportId = randomUUID();
  device.sequence += 1;
  const report: Report = {
    ...structuredClone(base),
    reportId,
    scan: { ...structuredClone(base.scan), startedAt: new Date(opts.finishedAt.getTime() - 5000).toISOString(), finishedAt: opts.finishedAt.toISOString() },
    delivery: {
      deviceId: device.deviceId,
      sequence: device.sequence,
      previousReportId: device.lastReportId,
      queuedAt: opts.finishedAt.toISOString(),
      trigger: opts.trigger ?? (opts.intervalSeconds ? 'schedule' : 'manual'),
      intervalSeconds: opts.intervalSeconds ?? null,
    },
  };
  if (opts.hostname) report.device = { ...report.device, hostname: opts.hostname };
  device.lastReportId = reportId;
  return report;
}

export const sign = (report: unknown, key: Ed25519PrivateJwk): DsseEnvelope => signEnvelope(REPORT_PAYLOAD_TYPE, Buffer.from(JSON.stringify(report)), key);

export interface PostOptions {
  token?: string | null;
  idempotencyKey?: string | null;
  gzip?: boolean;
  contentType?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

/** POSTs an envelope the way the agent does (gzip by default). */
export async function postEnvelope(url: string, envelope: DsseEnvelope | null, opts: PostOptions & { reportId?: string }): Promise<Response> {
  const json = Buffer.from(JSON.stringify(envelope));
  const gzip = opts.gzip ?? true;
  const body = opts.body ?? (gzip ? gzipSync(json) : json);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? ENVELOPE_CONTENT_TYPE, ...opts.headers };
  if (gzip && opts.body === undefined) headers['content-encoding'] = 'gzip';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const idem = opts.idempotencyKey === undefined ? opts.reportId : opts.idempotencyKey;
  if (idem) headers['idempotency-key'] = idem;
  return fetch(`${url}${PATHS.reports}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

/** Signs and sends a report as its device. */
export function send(url: string, device: TestDevice, report: Report, opts: PostOptions = {}): Promise<Response> {
  return postEnvelope(url, sign(report, device.key), { token: device.token, reportId: report.reportId, ...opts });
}
