/**
 * The collector's storage, one interface with two implementations: node:sqlite (the embedded default)
 * and PostgreSQL (several collectors behind a load balancer). Routes and the dashboard see only this.
 */
import { z } from 'zod';
import type { CheckStatus } from '../report/vocabulary.ts';
import type { Ed25519PublicJwk } from '../transport/dsse.ts';
import type { DeviceHints } from '../transport/protocol.ts';
import type { AdminAuditEntry, AuditEntry, CheckExportRow, CountedDevice, DeviceHistory, DeviceList, FleetSummary, GateDecisions, ItemMatrixRow, ItemState, StoredReport } from './read-model.ts';
import type { ReportFacts } from './report-facts.ts';

/**
 * A hostname substring. Control characters are refused: no hostname search needs them, and a NUL cut the LIKE
 * pattern short on SQLite, so that `search=%00` matched every device.
 */
export const HostnameSearch = z.string().max(255).regex(/^[^\p{Cc}]*$/u, 'no control characters');

export interface DeviceListQuery {
  now: Date;
  limit: number;
  offset: number;
  /**
   * silent: no report in twice the device's interval, or none ever; failing: newest baseline report failed;
   * the fleet page's tiles: reporting (within it), gone-silent (reported, then not within it), never;
   * retired: the retired devices (every other filter leaves them out).
   */
  filter?: 'all' | 'silent' | 'failing' | 'reporting' | 'gone-silent' | 'never' | 'retired';
  /** Case-insensitive substring of the hostname. */
  search?: string;
  /** With `profile`: devices whose newest report of it has this result, or (none) no report of it. */
  result?: 'compliant' | 'failed' | 'incomplete' | 'none';
  /** With `profile`: devices whose newest report of it gave this check this status (the fleet page's check counts). */
  check?: { id: string; status: CheckStatus };
  profile?: string;
}

/** A page of the devices in one state of one IPA item (hostname order). */
export interface ItemDevicesQuery {
  profile: string;
  /** catalog:item, e.g. ipa-jisha-shindan:13 */
  ref: string;
  state: ItemState;
  limit: number;
  offset: number;
}

/** What the dashboard and the read API need. */
export interface ReadStore {
  fleetSummary(opts: { profile: string; now: Date }): Promise<FleetSummary>;
  listDevices(query: DeviceListQuery): Promise<DeviceList>;
  /** null: no such device. Reports newest first. */
  deviceHistory(deviceId: string, opts: { now: Date; limit: number }): Promise<DeviceHistory | null>;
  /**
   * null: no such report. Report ids are unique per device: AmbiguousReportIdError when several devices sent
   * this id and no deviceId says which.
   */
  report(reportId: string, deviceId?: string): Promise<StoredReport | null>;
  /** Each check of the newest report of the profile of every device, device by device (streamed). */
  exportChecks(opts: { profile: string }): AsyncIterable<CheckExportRow>;
  /**
   * A page of the devices a fleet count of an item counted in that state. How many there are in all is that
   * count (fleetSummary): the list is read from the same newest reports, and not counted again.
   */
  itemDevices(query: ItemDevicesQuery): Promise<CountedDevice[]>;
  /** The newest decision of a gate profile per device: counts, and a page of the devices (hostname order). */
  gateDecisions(opts: { profile: string; limit: number; offset: number; decision?: 'go' | 'no-go' | 'cannot-tell' }): Promise<GateDecisions>;
  /** A report of this device; null: the device has no report with that id. */
  deviceReport(deviceId: string, reportId: string): Promise<StoredReport | null>;
  /** Every device with the item statuses of its newest report of the profile (hostname order, streamed). */
  exportItems(opts: { profile: string }): AsyncIterable<ItemMatrixRow>;
}

/** Administrators of the dashboard and read API; passwords hashed by src/collector/password.ts. */
export interface AdminStore {
  countAdmins(): Promise<number>;
  /** Adds or replaces (a new password) an administrator, recorded in the administrators' audit: which it was. */
  putAdmin(name: string, passwordHash: string, by: { admin: string; at: Date }): Promise<'added' | 'password'>;
  adminPasswordHash(name: string): Promise<string | null>;
  /** Every administrator, by name: when added and when their password was last set. */
  listAdmins(): Promise<{ name: string; createdAt: Date; passwordSetAt: Date }[]>;
  /** Removes an administrator and ends their sessions at once (recorded); false: there was none by that name. */
  removeAdmin(name: string, by: { admin: string; at: Date }): Promise<boolean>;
  /** What was done to administrators, newest first. */
  adminAudit(opts: { limit: number }): Promise<AdminAuditEntry[]>;
  /** Sessions are kept by the SHA-256 of their cookie value, never the value itself. */
  createSession(idHash: string, admin: string, expiresAt: Date): Promise<void>;
  sessionAdmin(idHash: string, now: Date): Promise<string | null>;
  deleteSession(idHash: string): Promise<void>;
}

/** How a device's key came to be registered: its first enrollment, proof by its previous key, or an administrator's approval. */
export const KEY_ACCEPTANCES = ['enrolled', 'old-key', 'administrator'] as const;
export type KeyAcceptance = (typeof KEY_ACCEPTANCES)[number];

export interface EnrolledDevice {
  deviceId: string;
  tokenHash: string;
  publicKey: Ed25519PublicJwk;
  keyId: string;
  hostname: string;
  platform: 'linux' | 'win32' | 'darwin';
  agentVersion: string;
  hints: DeviceHints;
  enrolledAt: Date;
  /** What allowed a re-enrollment (default 'enrolled': a device id never seen). */
  how?: KeyAcceptance;
  /** The signedAt of the old key's proof ('old-key'), so that the same proof is never accepted twice. */
  proofSignedAt?: Date;
}

/** What deciding on a re-enrollment needs to know of the device already registered under that id. */
export interface RegisteredDevice {
  publicKey: Ed25519PublicJwk;
  enrolledAt: Date;
  revokedAt: Date | null;
  /** An administrator allowed the next enrollment of this id without proof, until then. */
  reenrollAllowedUntil: Date | null;
  /** The newest old-key proof accepted for this device: a proof must be signed after it. */
  lastProofAt: Date | null;
}

/** How long reports are kept (the collector's --keep-days and --keep-reports-per-device). */
export interface Retention {
  keepDays: number;
  maxReportsPerDevice: number;
}

export type { Ed25519PublicJwk };

/** What authenticates an upload: the device a token hash belongs to and the key it registered. */
export interface DeviceCredentials {
  deviceId: string;
  publicKey: Ed25519PublicJwk;
  keyId: string;
}

export interface IngestInput {
  /** The token's device; the route has checked that report.delivery.deviceId is this one. */
  deviceId: string;
  /** What is kept of the verified, schema-valid report (src/collector/report-facts.ts reportFacts). */
  facts: ReportFacts;
  /** SHA-256 (hex) of the signed payload bytes: a retry carries the same, a different report does not. */
  payloadSha256: string;
  /** The DSSE envelope as received, gzip-compressed (kept so a report can be verified again later). */
  envelopeGz: Uint8Array;
  receivedAt: Date;
  /** How far the scan's end was after receivedAt, when noticeably (the device clock is ahead); else null. */
  clockAheadMs?: number | null;
  /**
   * The SHA-256 of the device token the upload came with: when given, the device's current token must still
   * be this one, checked inside the ingest's transaction (else ReplacedTokenError and nothing is stored). A
   * collector that looked the device up from a cache of tokens relies on this for a token replaced since.
   */
  tokenHash?: string;
}

/** A device may keep at most this many profiles (each keeps a newest report and fleet counters). */
export const MAX_PROFILES_PER_DEVICE = 16;

/** The report would give its device more than MAX_PROFILES_PER_DEVICE profiles: refused, nothing stored. */
export class TooManyProfilesError extends Error {
  override readonly name = 'TooManyProfilesError';
}

/** Several devices sent a report with this id: the reader must say which device's. */
export class AmbiguousReportIdError extends Error {
  override readonly name = 'AmbiguousReportIdError';
}

/** The upload's token is no longer the device's (it enrolled again since): answered 401 like an unknown token. */
export class ReplacedTokenError extends Error {
  override readonly name = 'ReplacedTokenError';
}

/** stored: new; duplicate: the same report id and payload was stored before; conflict: same id, other payload. */
export type IngestOutcome = 'stored' | 'duplicate' | 'conflict';

/** What the device-facing routes need. */
export interface IngestStore {
  /** The device registered under this id, for deciding on a re-enrollment; null: a new id. */
  registeredDevice(deviceId: string): Promise<RegisteredDevice | null>;
  /**
   * Registers a device, or (same device id, the caller having checked the proof or approval) replaces its
   * key, token, hostname and hints, records the key in its history and clears a revocation and an approval.
   */
  enroll(device: EnrolledDevice): Promise<{ reenrolled: boolean }>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceCredentials | null>;
  /** Stores a verified report and moves the read tables on, in one transaction. */
  ingest(input: IngestInput): Promise<IngestOutcome>;
  /** The payload SHA-256 a report id of this device was stored with; null: never stored. */
  storedDigest(deviceId: string, reportId: string): Promise<string | null>;
  /** The check titles of a policy the collector itself has (authoritative, unlike those a report carries). */
  registerPolicyTitles(policySha256: string, titles: readonly [string, string, string][]): Promise<void>;
  /**
   * Deletes reports past the retention (never a device's newest of a profile), a batch per transaction so
   * uploads are not held up, and check titles of policies no newest report uses. Answers how many reports went.
   */
  prune(retention: Retention, now: Date): Promise<{ reports: number }>;
}

/** What an administrator does to devices (tenken collector device …). */
export interface DeviceAdminStore {
  /** Lets the next enrollment of this id replace its key without proof, until then; false: no such device. */
  allowReenroll(deviceId: string, until: Date): Promise<boolean>;
  /** Ends the device's token (its uploads are refused) until an administrator allows it to enroll again; false: no such device. */
  /** Its token stops working and its key no longer proves a re-enrollment; written to the audit list. */
  revokeDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean>;
}

/** Small named values the collector keeps, e.g. the enroll secret. */
export interface SettingsStore {
  getSetting(key: string): Promise<string | null>;
  putSetting(key: string, value: string): Promise<void>;
  /**
   * Stores value unless the key already has one, and answers the value in effect: two collectors starting
   * together on one PostgreSQL database agree on one enroll secret instead of the later overwriting the earlier.
   */
  claimSetting(key: string, value: string): Promise<string>;
}

/**
 * What an administrator does to a device when it leaves: retire it (hidden from the lists and the counts, its
 * token no longer accepted, its history kept; enrolling again brings it back) or delete it with its history.
 * Each is written to the audit list in the same transaction. false: no such device (or already retired).
 */
export interface LifecycleStore {
  retireDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean>;
  deleteDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean>;
  /** Newest first. */
  deviceAudit(opts: { limit: number; deviceId?: string }): Promise<AuditEntry[]>;
}

export interface Store extends IngestStore, ReadStore, AdminStore, SettingsStore, DeviceAdminStore, LifecycleStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Throws when the database does not answer (GET /api/v1/health → 503). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
