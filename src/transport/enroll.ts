/**
 * Enrolling this device with a collector (docs/api.md "Enrolling a device"): a device id the agent generates
 * once and keeps (hardware ids go along only as hints, because clones share them), a fresh Ed25519 key per
 * enrollment, and the token the collector answers with, kept in identity.json readable by administrators only.
 * Enrolling again keeps the device id (unless --new-identity) and re-signs the queued reports with the new key.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../host/host.ts';
import type { Lang } from '../i18n/lang.ts';
import { AGENT_VERSION } from '../paths.ts';
import type { Report } from '../report/schema.ts';
import { AgentStateError, ensureStateDir, loadIdentity, writeStateFile, type DeviceIdentity, type StatePaths } from './agent-state.ts';
import { CaPinError, pinnedCaProblem, resolveCa, type CaSource } from './ca-pin.ts';
import { DeliveryFailedError, DeliveryUsageError } from './errors.ts';
import { because } from '../i18n/reason.ts';
import { generateDeviceKey, publicPart, signEnvelope, type Ed25519PrivateJwk, type Ed25519PublicJwk } from './dsse.ts';
import { ApiError, EnrollResponse, PATHS, REENROLL_PROOF_TYPE, reenrollProofPayload, REPORT_PAYLOAD_TYPE, type EnrollRequest, type ReenrollProof } from './protocol.ts';
import { DeliveryQueue } from './queue.ts';
import { collectorUrl, DEFAULT_TIMEOUT_MS, describeNetworkError, endpoint, post, safeJson, type Answer } from './send.ts';

/** The collector said no (wrong secret, enrollment closed, bad request): fix the input, exit 2. */
export class EnrollRefusedError extends DeliveryUsageError {
  override readonly name = 'EnrollRefusedError';
}
/** The collector could not be reached or answered nonsense: exit 4. */
export class EnrollFailedError extends DeliveryFailedError {
  override readonly name = 'EnrollFailedError';
}

/** Proof for the collector that this PC holds the key its device id enrolled with (docs/api.md "Enrolling again"). */
export function signReenrollProof(deviceId: string, newKey: Ed25519PublicJwk, previousKey: Ed25519PrivateJwk, signedAt: Date): ReenrollProof {
  const at = signedAt.toISOString();
  return { signedAt: at, sig: signEnvelope(REENROLL_PROOF_TYPE, reenrollProofPayload(deviceId, newKey, at), previousKey).signatures[0]!.sig };
}

export interface EnrollInput {
  readonly collector: string;
  readonly secret: string;
  readonly insecure: boolean;
  readonly newIdentity: boolean;
  readonly paths: StatePaths;
  readonly platform: Platform;
  /** This device as a scan sees it: hostname and the hardware ids sent as hints. */
  readonly device: Report['device'];
  readonly now: () => Date;
  readonly timeoutMs?: number;
  /** The collector's CA to pin (--ca-file / --ca-fingerprint, agent.json caCert / caFingerprint); none: the system's roots. */
  readonly ca?: CaSource;
  /** For the messages about the pinned CA. */
  readonly lang?: Lang;
}

export async function enrollDevice(input: EnrollInput): Promise<{ identity: DeviceIdentity; resigned: number; replaced: boolean }> {
  const base = collectorUrl(input.collector, input.insecure);
  let previous: DeviceIdentity | undefined;
  try {
    previous = await loadIdentity(input.paths);
  } catch (e) {
    // A corrupted identity cannot be kept; --new-identity is the way out of it.
    if (!(e instanceof AgentStateError) || !input.newIdentity) throw e;
  }
  const deviceId = previous && !input.newIdentity ? previous.deviceId : randomUUID();
  const privateKey = generateDeviceKey();
  const { device } = input;
  const request: EnrollRequest = {
    enrollSecret: input.secret,
    deviceId,
    publicKey: publicPart(privateKey),
    hostname: device.hostname.slice(0, 255),
    platform: input.platform,
    agentVersion: AGENT_VERSION,
    hints: { machineId: device.id, hardwareUuid: device.hardware.uuid, serial: device.hardware.serial, macs: device.hardware.macs },
    // Keeping the device id: the key it enrolled with proves this is the same PC (the collector refuses the id otherwise).
    ...(previous && !input.newIdentity ? { proof: signReenrollProof(deviceId, publicPart(privateKey), previous.privateKey, input.now()) } : {}),
  };
  const url = endpoint(base, PATHS.enroll);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const lang = input.lang ?? 'en';
  let caCert: string | undefined;
  try {
    // Enrolling again with the same collector (a new secret, a cloned PC with --new-identity) keeps the CA
    // pinned before, unless another is given.
    const kept = previous?.caCert && new URL(previous.collector).origin === base.origin ? { pem: previous.caCert } : undefined;
    const ca = input.ca ?? kept;
    caCert = ca ? await resolveCa(ca, base, timeoutMs, lang) : undefined;
  } catch (e) {
    if (e instanceof CaPinError) throw e;
    throw new EnrollFailedError(describeNetworkError(e, url, timeoutMs));
  }
  let response: Answer;
  try {
    response = await post(url, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(request)), timeoutMs, caCert);
  } catch (e) {
    // A CA given as a file that did not sign the collector's certificate: the input is wrong (exit 2).
    const pinned = caCert === undefined ? null : pinnedCaProblem(e, url, caCert);
    if (pinned) throw new CaPinError(pinned);
    throw new EnrollFailedError(describeNetworkError(e, url, timeoutMs));
  }
  const json = safeJson(response.text);
  if (response.status >= 300 && response.status < 400) {
    throw new EnrollFailedError(because('enroll.redirect', { host: url.host, status: response.status }));
  }
  if (response.status < 200 || response.status >= 300) {
    const apiError = ApiError.safeParse(json);
    const said = apiError.success ? apiError.data.error.message : `${response.status} ${response.statusText}`;
    if (response.status === 401) throw new EnrollRefusedError(because('enroll.bad-secret', {}, said));
    if (response.status === 403) throw new EnrollRefusedError(because('enroll.closed', {}, said));
    if (response.status === 409) throw new EnrollRefusedError(because('enroll.takeover-refused', { deviceId }, said));
    if (response.status >= 400 && response.status < 500) throw new EnrollRefusedError(because('enroll.refused', { status: response.status }, said));
    throw new EnrollFailedError(because('enroll.server-error', { status: response.status }, said));
  }
  const answer = EnrollResponse.safeParse(json);
  if (!answer.success || answer.data.deviceId !== deviceId) {
    throw new EnrollFailedError(because('enroll.not-a-collector', { origin: url.origin }, answer.success ? 'another device id' : answer.error.issues[0]!.message));
  }
  const identity: DeviceIdentity = {
    deviceId,
    privateKey,
    token: answer.data.token,
    keyId: answer.data.keyId,
    collector: base.toString(),
    insecure: input.insecure,
    enrolledAt: answer.data.enrolledAt,
    ...(caCert ? { caCert } : {}),
  };
  await ensureStateDir(input.paths.dir);
  await writeStateFile(input.paths.identity, identity);
  const resigned = previous && !input.newIdentity ? await resignQueue(input.paths, identity) : 0;
  return { identity, resigned, replaced: previous !== undefined };
}

/**
 * The collector now knows only the new key: queued reports of this device are signed again with it (the
 * payload is unchanged), and rejections for the old token or key are cleared so they go on the next flush.
 */
async function resignQueue(paths: StatePaths, identity: DeviceIdentity): Promise<number> {
  const queue = new DeliveryQueue(paths.queue);
  let count = 0;
  for (const entry of (await queue.list()).entries) {
    const read = await queue.read(entry.file);
    if (read === undefined || 'reason' in read) continue;
    const payload = Buffer.from(read.value.envelope.payload, 'base64');
    const envelope = signEnvelope(REPORT_PAYLOAD_TYPE, payload, identity.privateKey);
    const state = read.value.state.rejected?.status === 401 ? { ...read.value.state, rejected: null, nextAttemptAt: null } : read.value.state;
    await queue.rewrite(entry.file, { ...read.value, envelope, state });
    count++;
  }
  return count;
}
