/**
 * The load generator (forked by bench/collector-bench.ts, never in the collector's process): enrolls devices
 * over HTTP, then signs and gzips every report it will send BEFORE any timing — exactly as the agent does
 * (test/support/reports.ts: the agent's report of a recorded machine, a fresh id and sequence, DSSE-signed
 * with the device's Ed25519 key, gzip) — so the timed phase measures the collector, not the signer. Then
 * `concurrency` senders POST them back to back over keep-alive connections (node:http Agent) and each
 * request's latency is kept.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { createPrivateKey, sign as ed25519Sign, type KeyObject } from 'node:crypto';
import { Agent, request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { enroll, machineReport, queuedReport, sign, type TestDevice } from '../test/support/reports.ts';
import { verifyUpload } from '../src/collector/verify-upload.ts';
import { Report } from '../src/report/schema.ts';
import { keyId, pae, type DsseEnvelope } from '../src/transport/dsse.ts';
import { ENVELOPE_CONTENT_TYPE, IDEMPOTENCY_HEADER, PATHS, REPORT_PAYLOAD_TYPE } from '../src/transport/protocol.ts';
import { FLEET_MACHINES, hostnameOf, platformOf, scanOf } from './collector-fleet.ts';
import { collectorUsage, type LoadCommand, type LoadMessage, type LoadOptions, type RunResult } from './collector-ipc.ts';

if (!process.send) throw new Error('forked by bench/collector-bench.ts');
const opts = JSON.parse(process.argv[2]!) as LoadOptions;
/** Resolves once the message is handed to the channel (so a disconnect after it cannot drop it). */
const send = (m: LoadMessage) => new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));

interface Prepared {
  /** The device's public key (JWK x), as the collector has it registered. */
  publicKeyX: string;
  token: string;
  reportId: string;
  body: Buffer;
}

// ---- enroll -----------------------------------------------------------------------------------------
let started = performance.now();
for (const m of FLEET_MACHINES) await machineReport(m, 'baseline'), await machineReport(m, 'telework-return');
const devices: TestDevice[] = new Array(opts.devices);
for (let i = 0; i < opts.devices; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, opts.devices - i) }, async (_, j) => {
      const d = i + j;
      devices[d] = await enroll(opts.url, opts.enrollSecret, { hostname: hostnameOf(d), platform: platformOf(scanOf(d, 0).machine) });
    }),
  );
}
const enrollMs = performance.now() - started;

// ---- sign everything before timing --------------------------------------------------------------------
/**
 * The agent's signEnvelope with the device's private key imported once instead of per report (the import
 * is most of its cost). Ed25519 signatures are deterministic, so the bytes are the agent's: checked below.
 */
const imported = new Map<string, KeyObject>();
function signFast(report: unknown, device: TestDevice): DsseEnvelope {
  let key = imported.get(device.deviceId);
  if (!key) imported.set(device.deviceId, (key = createPrivateKey({ key: device.key, format: 'jwk' })));
  const payload = Buffer.from(JSON.stringify(report));
  const sig = ed25519Sign(null, pae(REPORT_PAYLOAD_TYPE, payload), key);
  return { payloadType: REPORT_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: keyId(device.key), sig: sig.toString('base64') }] };
}

started = performance.now();
const total = opts.warmup + opts.reports;
// Each device's reports a minute apart, ending now, so every upload is its device's newest scan.
const perDevice = Math.ceil(total / opts.devices);
const origin = Date.now() - perDevice * 60_000;
let reportBytes = 0;
let gzipBytes = 0;
const prepared: Prepared[] = [];
for (let i = 0; i < total; i++) {
  const d = i % opts.devices;
  const device = devices[d]!;
  const k = device.sequence;
  const { machine, profile } = scanOf(d, k);
  const report = await queuedReport(device, machine, { profile, finishedAt: new Date(origin + k * 60_000), intervalSeconds: 86_400, hostname: hostnameOf(d) });
  const envelope = signFast(report, device);
  if (i === 0) deepStrictEqual(envelope, sign(report, device.key), 'the benchmark signs as the agent does');
  const json = Buffer.from(JSON.stringify(envelope));
  const body = gzipSync(json);
  reportBytes += JSON.stringify(report).length;
  gzipBytes += body.length;
  prepared.push({ publicKeyX: device.key.x, token: device.token, reportId: report.reportId, body });
}
const prepareMs = performance.now() - started;

/**
 * The collector's own verification of an upload (gzip, envelope, Ed25519, strict JSON, report schema, facts),
 * run here on one thread with nothing else competing, over the timed reports: what each report costs at the
 * least, whatever the collector does around it. With the main thread's share beside it, it bounds the ingest
 * rate these cores can reach at this report size.
 */
function verifyCost(): { verifyCpuMs: number; schemaCpuMs: number } {
  const sample = prepared.slice(opts.warmup, opts.warmup + Math.min(500, opts.reports));
  for (const p of sample.slice(0, 50)) verifyUpload({ raw: p.body, gzip: true, publicKeyX: p.publicKeyX });
  const cpu = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  let t = cpu();
  for (const p of sample) if (!verifyUpload({ raw: p.body, gzip: true, publicKeyX: p.publicKeyX }).ok) throw new Error('a prepared report does not verify');
  const verifyCpuMs = (cpu() - t) / sample.length;
  const values = sample.map((p) => JSON.parse(Buffer.from((JSON.parse(gunzipSync(p.body).toString('utf8')) as DsseEnvelope).payload, 'base64').toString('utf8')) as unknown);
  t = cpu();
  for (const v of values) Report.parse(v);
  return { verifyCpuMs, schemaCpuMs: (cpu() - t) / values.length };
}
send({ type: 'prepared', enrollMs, prepareMs, devices: opts.devices, meanReportBytes: reportBytes / total, meanGzipBytes: gzipBytes / total, ...verifyCost() });

// ---- send -------------------------------------------------------------------------------------------
const targets = opts.urls.map((u) => ({ url: new URL(u), agent: new Agent({ keepAlive: true, maxSockets: opts.concurrency }) }));

function post(p: Prepared, target: (typeof targets)[number]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: target.agent,
        host: target.url.hostname,
        port: target.url.port,
        method: 'POST',
        path: PATHS.reports,
        headers: {
          'content-type': ENVELOPE_CONTENT_TYPE,
          'content-encoding': 'gzip',
          'content-length': p.body.length,
          authorization: `Bearer ${p.token}`,
          [IDEMPOTENCY_HEADER]: p.reportId,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(p.body);
  });
}

async function run(batch: Prepared[]): Promise<RunResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let next = 0;
  const cpuBefore = collectorUsage().cpuMs;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, sender) => {
      const target = targets[sender % targets.length]!;
      while (next < batch.length) {
        const p = batch[next++]!;
        const s = performance.now();
        let status: string;
        try {
          const answer = await post(p, target);
          status = String(answer.status);
          if (answer.status !== 202 && errors.length < 5) errors.push(`${answer.status} ${answer.text.slice(0, 200)}`);
        } catch (e) {
          status = (e as NodeJS.ErrnoException).code ?? 'error';
          if (errors.length < 5) errors.push(String(e));
        }
        latencies.push(performance.now() - s);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { sent: batch.length, wallMs: performance.now() - t0, latencies, statuses, errors, loadCpuMs: collectorUsage().cpuMs - cpuBefore };
}

process.on('message', (m: LoadCommand) => {
  const batch = m.phase === 'warmup' ? prepared.slice(0, opts.warmup) : prepared.slice(opts.warmup);
  void run(batch).then(async (result) => {
    await send({ type: 'result', phase: m.phase, result });
    if (m.phase === 'timed') {
      for (const t of targets) t.agent.destroy();
      process.disconnect();
    }
  });
});
