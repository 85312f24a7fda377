/**
 * The collector's storage, one interface with two implementations: node:sqlite (the embedded default)
 * and PostgreSQL (several collectors behind a load balancer). Routes and the dashboard see only this.
 */
import type { Ed25519PublicJwk } from '../transport/dsse.ts';
import type { DeviceHints } from '../transport/protocol.ts';
import type { AuditEntry, CheckExportRow, CountedDevice, DeviceHistory, DeviceList, FleetSummary, GateDecisions, ItemMatrixRow, ItemState, StoredReport } from './read-model.ts';
import type { ReportFacts } from './report-facts.ts';

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
  /** null: no such report. */
  report(reportId: string): Promise<StoredReport | null>;
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
  /** Adds or replaces (a new password) an administrator. */
  putAdmin(name: string, passwordHash: string, now: Date): Promise<void>;
  adminPasswordHash(name: string): Promise<string | null>;
  /** Sessions are kept by the SHA-256 of their cookie value, never the value itself. */
  createSession(idHash: string, admin: string, expiresAt: Date): Promise<void>;
  sessionAdmin(idHash: string, now: Date): Promise<string | null>;
  deleteSession(idHash: string): Promise<void>;
}

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
  /**
   * The SHA-256 of the device token the upload came with: when given, the device's current token must still
   * be this one, checked inside the ingest's transaction (else ReplacedTokenError and nothing is stored). A
   * collector that looked the device up from a cache of tokens relies on this for a token replaced since.
   */
  tokenHash?: string;
}

/** The upload's token is no longer the device's (it enrolled again since): answered 401 like an unknown token. */
export class ReplacedTokenError extends Error {
  override readonly name = 'ReplacedTokenError';
}

/** stored: new; duplicate: the same report id and payload was stored before; conflict: same id, other payload. */
export type IngestOutcome = 'stored' | 'duplicate' | 'conflict';

/** What the device-facing routes need. */
export interface IngestStore {
  /** Registers a device, or (same device id) replaces its key, token, hostname and hints. */
  enroll(device: EnrolledDevice): Promise<{ reenrolled: boolean }>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceCredentials | null>;
  /** Stores a verified report and moves the read tables on, in one transaction. */
  ingest(input: IngestInput): Promise<IngestOutcome>;
  /** The payload SHA-256 a report id was stored with; null: never stored. */
  storedDigest(reportId: string): Promise<string | null>;
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

export interface Store extends IngestStore, ReadStore, AdminStore, SettingsStore, LifecycleStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Throws when the database does not answer (GET /api/v1/health → 503). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
