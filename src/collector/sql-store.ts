/**
 * The collector's store: one implementation of Store over SqlDb, so SQLite and PostgreSQL run the same
 * queries (src/collector/sql.ts). Ingest keeps the raw signed envelope of every report and, in the same
 * transaction, moves on the small tables the reads need — the device row, the newest report per device and
 * profile, and the fleet counts — so that the device list and the fleet summary never scan report history.
 *
 * Concurrency (PostgreSQL, several collectors): an ingest inserts the report first (a concurrent copy of it
 * waits on the unique key and then finds it), then locks the device row (UPDATE … RETURNING), then moves the
 * fleet counters in sorted order, so transactions always take locks in the same order and never deadlock.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Catalog } from '../policy/schema.ts';
import { renderReason } from '../i18n/reasons.ts';
import { CHECK_STATUSES, JISHA_ANSWERS, type CheckStatus, type Localized, type Report } from '../report/schema.ts';
import { FLEET_CATALOGS, type CheckFacts, type ItemFacts } from './report-facts.ts';
import {
  ITEM_STATE_STATUS,
  type AdminAuditEntry,
  type AuditEntry,
  type CheckExportRow,
  type CountedDevice,
  type DeviceHistory,
  type DeviceList,
  type DeviceSummary,
  type FleetSummary,
  type GateDecisions,
  type ItemMatrixRow,
  type ReportListing,
  type StoredReport,
} from './read-model.ts';
import { Batches } from './batches.ts';
import { placeholders, type Settled, type SqlDb, type SqlValue } from './sql.ts';
import {
  AmbiguousReportIdError,
  MAX_PROFILES_PER_DEVICE,
  ReplacedTokenError,
  TooManyProfilesError,
  type DeviceCredentials,
  type DeviceListQuery,
  type EnrolledDevice,
  type IngestInput,
  type IngestOutcome,
  type ItemDevicesQuery,
  type KeyAcceptance,
  type RegisteredDevice,
  type Retention,
  type Store,
} from './store.ts';

const JISHA = 'ipa-jisha-shindan';
/** The profile whose newest report gives a device's failing checks and the "failing" filter. */
export const BASELINE_PROFILE = 'baseline';
/** A device with no schedule is silent after twice a day without a report. */
export const UNSCHEDULED_INTERVAL_SECONDS = 24 * 60 * 60;
const EXPORT_BATCH = 500;
/** The fleet summary takes check titles from at most this many policies, the most used first. */
const FLEET_TITLE_POLICIES = 20;

type Platform = DeviceSummary['platform'];
type Result = Report['summary']['result'];

interface DeviceRow {
  device_id: string;
  hostname: string;
  platform: Platform;
  agent_version: string;
  enrolled_at: number;
  os_name: string | null;
  last_received_at: number | null;
  silent_after: number | null;
  last_scan_at: number | null;
  last_profile: string | null;
  last_result: Result | null;
  interval_seconds: number | null;
  baseline_failing: string;
  baseline_undecided: string;
  max_sequence: number;
  sequences_seen: number;
  hint_machine_id: string;
  hint_hardware_uuid: string | null;
  hint_serial: string | null;
  hint_macs: string;
  key_replaced_at: unknown;
  revoked_at: unknown;
  clock_ahead_ms: unknown;
  retired_at: number | null;
}
const DEVICE_COLUMNS =
  'device_id, hostname, platform, agent_version, enrolled_at, os_name, last_received_at, silent_after, last_scan_at, last_profile, last_result, interval_seconds, baseline_failing, baseline_undecided, max_sequence, sequences_seen, hint_machine_id, hint_hardware_uuid, hint_serial, hint_macs, key_replaced_at, revoked_at, clock_ahead_ms, retired_at';

/** What ingest reads of the device row before writing it (the columns it may leave as they are, too). */
interface DeviceIngestRow {
  token_hash: string;
  last_scan_at: unknown;
  interval_seconds: unknown;
  baseline_scan_at: unknown;
  max_sequence: unknown;
  sequences_seen: unknown;
  hostname: string;
  hostname_lower: string;
  os_name: string | null;
  agent_version: string;
  last_profile: string | null;
  last_result: string | null;
  baseline_result: string | null;
  baseline_failing: string;
  baseline_undecided: string;
  clock_ahead_ms: unknown;
}
// Ingest's statements as constants: the drivers cache prepared statements by their text.
const SELECT_DEVICE_FOR_INGEST =
  'SELECT token_hash, last_scan_at, interval_seconds, baseline_scan_at, max_sequence, sequences_seen, hostname, hostname_lower, os_name, agent_version, last_profile, last_result, baseline_result, baseline_failing, baseline_undecided, clock_ahead_ms FROM devices WHERE device_id = ?';
// NO KEY: the lock an UPDATE of non-key columns takes. The report's foreign key holds KEY SHARE on the row, which
// FOR UPDATE would conflict with (two concurrent ingests of one device would deadlock); NO KEY UPDATE does not.
const SELECT_DEVICE_FOR_INGEST_PG = `${SELECT_DEVICE_FOR_INGEST} FOR NO KEY UPDATE`;
const SELECT_DEVICE_TOKEN = 'SELECT 1 AS one FROM devices WHERE device_id = ? AND token_hash = ?';
const INSERT_REPORT = `INSERT INTO reports (report_id, device_id, received_at, finished_at, profile, result, gate, counts, sequence, statuses, payload_sha256, envelope_gz)
  VALUES (${placeholders(12)}) ON CONFLICT (device_id, report_id) DO NOTHING`;
const UPSERT_LATEST = `INSERT INTO latest (device_id, profile, report_id, finished_at, received_at, result, checks, items, policy_sha256) VALUES (${placeholders(9)})
  ON CONFLICT (device_id, profile) DO UPDATE SET report_id = excluded.report_id, finished_at = excluded.finished_at,
    received_at = excluded.received_at, result = excluded.result, checks = excluded.checks, items = excluded.items, policy_sha256 = excluded.policy_sha256`;
/** Rows deleted per transaction by retention: short enough that an upload waiting for the lock hardly notices. */
const PRUNE_BATCH = 500;
/** A report not some device's newest of its profile (those are kept whatever their age). */
const NOT_NEWEST = 'NOT EXISTS (SELECT 1 FROM latest l WHERE l.device_id = r.device_id AND l.report_id = r.report_id)';

type LatestChecks = CheckFacts;
type LatestItems = ItemFacts;

/** BIGINT and count(*) come back as strings from some drivers; every number read goes through this. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: unknown): string | null => (ms === null || ms === undefined ? null : iso(ms));

/** %, _ and \ literal in a LIKE pattern (ESCAPE '\'). */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE pattern for a case-insensitive substring; %, _ and \ in the search are literal. */
const likePattern = (search: string): string => `%${likeLiteral(search.toLowerCase())}%`;
/**
 * LIKE pattern matching `latest.items` (JSON.stringify of ItemFacts) where the item has this status, or any
 * status when none is given: `"ipa-jisha-shindan:13":["fail"`. The counts read the same column, so a list
 * reached from a count holds the devices it counted.
 */
const itemPattern = (ref: string, status?: string): string => `%${likeLiteral(`${JSON.stringify(ref)}:[${status === undefined ? '' : JSON.stringify(status)}`)}%`;
/**
 * LIKE pattern matching `latest.checks` (JSON.stringify of CheckFacts) where the check has this status:
 * `["firewall.enabled","fail"`. A quote inside a reason is escaped in the JSON, so only an entry's own id and
 * status can match; the fleet counts read the same column.
 */
const checkPattern = (id: string, status: string): string => `%${likeLiteral(`[${JSON.stringify(id)},${JSON.stringify(status)}`)}%`;

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export class SqlStore implements Store {
  readonly db: SqlDb;
  private readonly catalogs: ReadonlyMap<string, Catalog>;
  /** Policy sha256s whose titles this process has written or found in policy_titles. */
  private readonly knownPolicies = new Set<string>();
  /** The sha256s of the collector's own policies (registerPolicyTitles): their titles are kept whatever devices use. */
  private readonly ownPolicies: string[] = [];

  /**
   * Uploads stored together (src/collector/batches.ts). SQLite has one writer: one batch at a time. PostgreSQL:
   * a few batches at once, each on its own connection (the pool keeps the others for reads), of at most 16
   * reports: a savepoint each stays under the 64 subtransactions PostgreSQL caches, and a batch's reports wait
   * for one another's statements (one round trip at a time on its connection) only so long.
   */
  private readonly ingests: Batches<IngestInput, IngestOutcome>;

  constructor(db: SqlDb, catalogs: ReadonlyMap<string, Catalog>) {
    this.db = db;
    this.catalogs = catalogs;
    this.ingests = new Batches((inputs) => this.ingestBatch(inputs), db.dialect === 'postgres' ? { max: 16, inFlight: 4 } : { max: 64, inFlight: 1 });
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  async ping(): Promise<void> {
    await this.db.get('SELECT 1 AS one');
  }

  /** Uploads already taken are stored (and answered) first. */
  async close(): Promise<void> {
    await this.ingests.settled();
    await this.db.close();
  }

  // ---- settings -------------------------------------------------------------------------------------

  async getSetting(key: string): Promise<string | null> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value ?? null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async claimSetting(key: string, value: string): Promise<string> {
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.getSetting(key)) ?? value;
  }

  // ---- administrators -------------------------------------------------------------------------------

  async countAdmins(): Promise<number> {
    return num((await this.db.get<{ n: unknown }>('SELECT count(*) AS n FROM admins'))?.n);
  }

  async putAdmin(name: string, passwordHash: string, by: { admin: string; at: Date }): Promise<'added' | 'password'> {
    const now = by.at;
    return this.db.transaction(async (tx) => {
      const action = (await tx.get('SELECT 1 AS one FROM admins WHERE name = ?', [name])) ? 'password' : 'added';
      await tx.run(
        'INSERT INTO admins (name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at',
        [name, passwordHash, now.getTime(), now.getTime()],
      );
      // A new password ends the sessions opened with the old one.
      await tx.run('DELETE FROM sessions WHERE admin = ?', [name]);
      await adminAudit(tx, by, action, name);
      return action;
    });
  }

  async adminPasswordHash(name: string): Promise<string | null> {
    return (await this.db.get<{ password_hash: string }>('SELECT password_hash FROM admins WHERE name = ?', [name]))?.password_hash ?? null;
  }

  async listAdmins(): Promise<{ name: string; createdAt: Date; passwordSetAt: Date }[]> {
    const rows = await this.db.all<{ name: string; created_at: unknown; updated_at: unknown }>('SELECT name, created_at, updated_at FROM admins ORDER BY name');
    return rows.map((r) => ({ name: r.name, createdAt: new Date(num(r.created_at)), passwordSetAt: new Date(num(r.updated_at)) }));
  }

  async removeAdmin(name: string, by: { admin: string; at: Date }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Explicitly, not by the foreign key's cascade alone: a removed administrator's open dashboard ends now.
      await tx.run('DELETE FROM sessions WHERE admin = ?', [name]);
      const removed = (await tx.run('DELETE FROM admins WHERE name = ?', [name])).changes > 0;
      if (removed) await adminAudit(tx, by, 'removed', name);
      return removed;
    });
  }

  async adminAudit(opts: { limit: number }): Promise<AdminAuditEntry[]> {
    const rows = await this.db.all<{ at: unknown; by_whom: string; action: AdminAuditEntry['action']; name: string }>(
      'SELECT at, by_whom, action, name FROM admin_audit ORDER BY at DESC, event_id DESC LIMIT ?',
      [opts.limit],
    );
    return rows.map((r) => ({ at: iso(r.at), by: r.by_whom, action: r.action, name: r.name }));
  }

  async createSession(idHash: string, admin: string, expiresAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM sessions WHERE expires_at <= ?', [Date.now()]);
      await tx.run('INSERT INTO sessions (id_hash, admin, expires_at) VALUES (?, ?, ?)', [idHash, admin, expiresAt.getTime()]);
    });
  }

  async sessionAdmin(idHash: string, now: Date): Promise<string | null> {
    return (await this.db.get<{ admin: string }>('SELECT admin FROM sessions WHERE id_hash = ? AND expires_at > ?', [idHash, now.getTime()]))?.admin ?? null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  // ---- devices --------------------------------------------------------------------------------------

  async registeredDevice(deviceId: string): Promise<RegisteredDevice | null> {
    const row = await this.db.get<{ public_key_x: string; enrolled_at: unknown; revoked_at: unknown; reenroll_allowed_until: unknown; last_proof: unknown }>(
      `SELECT public_key_x, enrolled_at, revoked_at, reenroll_allowed_until,
         (SELECT max(proof_signed_at) FROM device_keys k WHERE k.device_id = d.device_id) AS last_proof
       FROM devices d WHERE device_id = ?`,
      [deviceId],
    );
    if (!row) return null;
    const date = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)));
    return {
      publicKey: { kty: 'OKP', crv: 'Ed25519', x: row.public_key_x },
      enrolledAt: new Date(num(row.enrolled_at)),
      revokedAt: date(row.revoked_at),
      reenrollAllowedUntil: date(row.reenroll_allowed_until),
      lastProofAt: date(row.last_proof),
    };
  }

  async enroll(d: EnrolledDevice): Promise<{ reenrolled: boolean }> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.get<{ device_id: string }>('SELECT device_id FROM devices WHERE device_id = ?', [d.deviceId]);
      const macs = [...new Set(d.hints.macs.map((m) => m.toLowerCase()))];
      const at = d.enrolledAt.getTime();
      await tx.run(
        `INSERT INTO devices (device_id, token_hash, public_key_x, key_id, hostname, hostname_lower, platform, agent_version,
           hint_machine_id, hint_hardware_uuid, hint_serial, hint_macs, enrolled_at, key_replaced_at)
         VALUES (${placeholders(14)})
         ON CONFLICT (device_id) DO UPDATE SET token_hash = excluded.token_hash, public_key_x = excluded.public_key_x,
           key_id = excluded.key_id, hostname = excluded.hostname, hostname_lower = excluded.hostname_lower,
           platform = excluded.platform, agent_version = excluded.agent_version, hint_machine_id = excluded.hint_machine_id,
           hint_hardware_uuid = excluded.hint_hardware_uuid, hint_serial = excluded.hint_serial,
           hint_macs = excluded.hint_macs, enrolled_at = excluded.enrolled_at, key_replaced_at = excluded.enrolled_at,
           revoked_at = NULL, reenroll_allowed_until = NULL, retired_at = NULL`,
        [
          d.deviceId,
          d.tokenHash,
          d.publicKey.x,
          d.keyId,
          d.hostname,
          d.hostname.toLowerCase(),
          d.platform,
          d.agentVersion,
          d.hints.machineId,
          d.hints.hardwareUuid,
          d.hints.serial,
          JSON.stringify(macs),
          at,
          null,
        ],
      );
      await tx.run('INSERT INTO device_keys (device_id, key_id, registered_at, how, proof_signed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        d.deviceId,
        d.keyId,
        at,
        d.how ?? 'enrolled',
        d.proofSignedAt?.getTime() ?? null,
      ]);
      await tx.run('DELETE FROM device_macs WHERE device_id = ?', [d.deviceId]);
      for (const mac of macs) await tx.run('INSERT INTO device_macs (mac, device_id) VALUES (?, ?)', [mac, d.deviceId]);
      return { reenrolled: existing !== undefined };
    });
  }

  async allowReenroll(deviceId: string, until: Date): Promise<boolean> {
    return (await this.db.run('UPDATE devices SET reenroll_allowed_until = ? WHERE device_id = ?', [until.getTime(), deviceId])).changes > 0;
  }

  async revokeDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // A token hash no token has (it is not hex), unique per device as the column requires.
      const row = await tx.get<{ hostname: string }>(
        'UPDATE devices SET token_hash = ?, revoked_at = ?, reenroll_allowed_until = NULL WHERE device_id = ? RETURNING hostname',
        [`revoked:${deviceId}`, by.at.getTime(), deviceId],
      );
      if (!row) return false;
      await audit(tx, by, 'revoke', deviceId, row.hostname);
      return true;
    });
  }

  async deviceByTokenHash(tokenHash: string): Promise<DeviceCredentials | null> {
    const row = await this.db.get<{ device_id: string; public_key_x: string; key_id: string }>('SELECT device_id, public_key_x, key_id FROM devices WHERE token_hash = ?', [tokenHash]);
    return row ? { deviceId: row.device_id, publicKey: { kty: 'OKP', crv: 'Ed25519', x: row.public_key_x }, keyId: row.key_id } : null;
  }

  // ---- ingest ---------------------------------------------------------------------------------------

  ingest(input: IngestInput): Promise<IngestOutcome> {
    return this.ingests.add(input);
  }

  /**
   * One transaction for a batch of uploads, each report in its own savepoint, so one that fails (too many
   * profiles, a replaced token, a statement error) is refused alone and the others are stored. The fleet
   * counters all reports move are written once, at the end: fewer statements, and on PostgreSQL their hot rows
   * stay locked only from there to COMMIT. Reports go in device order, so that every batch locks device rows
   * in the same order and two batches never deadlock; a device's own reports keep their order of arrival.
   */
  private async ingestBatch(inputs: readonly IngestInput[]): Promise<Settled<IngestOutcome>[]> {
    const order = inputs.map((_, i) => i).sort((a, b) => (inputs[a]!.deviceId < inputs[b]!.deviceId ? -1 : inputs[a]!.deviceId > inputs[b]!.deviceId ? 1 : a - b));
    const newPolicies = new Map<string, readonly [string, string, string][]>();
    const outcomes = await this.db.transaction(async (tx) => {
      const settled: Settled<IngestOutcome>[] = new Array(inputs.length);
      const counts = new Map<string, number>();
      newPolicies.clear();
      for (const i of order) {
        const input = inputs[i]!;
        const one = await tx.savepoint(() => this.ingestOne(tx, input));
        settled[i] = one.ok ? { ok: true, value: one.value.outcome } : one;
        if (one.ok) {
          for (const [k, n] of one.value.counts) counts.set(k, (counts.get(k) ?? 0) + n);
          const f = input.facts;
          if (one.value.outcome === 'stored' && !this.knownPolicies.has(f.policySha256) && !newPolicies.has(f.policySha256)) newPolicies.set(f.policySha256, f.titles);
        }
      }
      await writeCounts(tx, counts);
      for (const [sha, titles] of newPolicies) await this.recordPolicyTitles(tx, sha, titles, 'first');
      return settled;
    });
    // Only once committed: a batch rolled back has stored no titles.
    for (const sha of newPolicies.keys()) this.knownPolicies.add(sha);
    return outcomes;
  }

  /**
   * Stores one report and moves the device row and its newest reports on; answers how the fleet counters move
   * (key → change), for the batch to write once.
   */
  private async ingestOne(tx: SqlDb, input: IngestInput): Promise<{ outcome: IngestOutcome; counts: Map<string, number> }> {
    const f = input.facts;
    const finished = f.finishedAt;
    const received = input.receivedAt.getTime();
    const profile = f.profile;
    const statuses = Object.fromEntries(f.checks.map(([id, status]) => [id, status]));
    const sequence = f.sequence;
    const checks = f.checks;
    const items = f.items;

    const counts = new Map<string, number>();
    const inserted = await tx.run(
      INSERT_REPORT,
      [
        f.reportId,
        input.deviceId,
        received,
        finished,
        profile,
        f.result,
        f.gate,
        JSON.stringify(f.counts),
        sequence,
        JSON.stringify(statuses),
        input.payloadSha256,
        // A Buffer view (no copy): drivers such as pg recognise Buffer, not every Uint8Array.
        Buffer.from(input.envelopeGz.buffer, input.envelopeGz.byteOffset, input.envelopeGz.byteLength),
      ],
    );
    if (inserted.changes === 0) {
      // A duplicate is answered only to the device's current token too.
      if (input.tokenHash !== undefined && !(await tx.get(SELECT_DEVICE_TOKEN, [input.deviceId, input.tokenHash]))) throw new ReplacedTokenError('the device token was replaced');
      const before = await tx.get<{ payload_sha256: string }>('SELECT payload_sha256 FROM reports WHERE device_id = ? AND report_id = ?', [input.deviceId, f.reportId]);
      return { outcome: before?.payload_sha256 === input.payloadSha256 ? 'duplicate' : 'conflict', counts };
    }

    // Locks the device row (PostgreSQL) for the rest of the transaction, and reads what is needed; SQLite's
    // transaction already holds the write lock (BEGIN IMMEDIATE). The row is then written once.
    const dev = await tx.get<DeviceIngestRow>(this.db.dialect === 'postgres' ? SELECT_DEVICE_FOR_INGEST_PG : SELECT_DEVICE_FOR_INGEST, [input.deviceId]);
    if (!dev) throw new Error(`ingest: device ${input.deviceId} is not enrolled`);
    if (input.tokenHash !== undefined && dev.token_hash !== input.tokenHash) throw new ReplacedTokenError('the device token was replaced');

    const sets: string[] = ['last_received_at = ?'];
    const values: SqlValue[] = [received];
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    /** Only a column whose value changes: an indexed one (hostname_lower) is otherwise rewritten in its index too. */
    const change = (column: keyof DeviceIngestRow, value: SqlValue) => {
      if (dev[column] !== value) set(column, value);
    };

    // Sequence numbers: how many distinct ones arrived, against the highest seen, gives the lost reports.
    if (sequence !== null) {
      const same = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM reports WHERE device_id = ? AND sequence = ?', [input.deviceId, sequence]);
      if (num(same?.n) === 1) set('sequences_seen', num(dev.sequences_seen) + 1);
      if (sequence > num(dev.max_sequence)) set('max_sequence', sequence);
    }

    let interval = numOrNull(dev.interval_seconds);
    const lastScan = numOrNull(dev.last_scan_at);
    if (lastScan === null || finished > lastScan) {
      interval = f.intervalSeconds;
      change('hostname', f.hostname);
      change('hostname_lower', f.hostname.toLowerCase());
      change('os_name', f.osName);
      change('agent_version', f.agentVersion);
      set('last_report_id', f.reportId);
      set('last_scan_at', finished);
      change('last_profile', profile);
      change('last_result', f.result);
      if (numOrNull(dev.interval_seconds) !== interval) set('interval_seconds', interval);
    }
    set('silent_after', received + 2 * (interval ?? UNSCHEDULED_INTERVAL_SECONDS) * 1000);
    change('clock_ahead_ms', input.clockAheadMs ?? null);

    const baselineScan = numOrNull(dev.baseline_scan_at);
    if (profile === BASELINE_PROFILE && (baselineScan === null || finished > baselineScan)) {
      set('baseline_scan_at', finished);
      change('baseline_result', f.result);
      change('baseline_failing', JSON.stringify(checks.filter(([, status]) => status === 'fail').map(([id]) => id)));
      change('baseline_undecided', JSON.stringify(checks.filter(([, status]) => status === 'unknown' || status === 'error').map(([id]) => id)));
    }
    await tx.run(`UPDATE devices SET ${sets.join(', ')} WHERE device_id = ?`, [...values, input.deviceId]);

    // The newest report of this profile: replaced only by a newer scan (queued reports arrive in any order).
    const old = await tx.get<{ finished_at: unknown; result: string; checks: string; items: string; policy_sha256: string | null }>(
      'SELECT finished_at, result, checks, items, policy_sha256 FROM latest WHERE device_id = ? AND profile = ?',
      [input.deviceId, profile],
    );
    if (!old) {
      const profiles = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM latest WHERE device_id = ?', [input.deviceId]);
      // Thrown inside the transaction: the report inserted above is rolled back with it.
      if (num(profiles?.n) >= MAX_PROFILES_PER_DEVICE) throw new TooManyProfilesError(`a device keeps at most ${MAX_PROFILES_PER_DEVICE} profiles`);
    }
    if (!old || finished > num(old.finished_at)) {
      const checksJson = JSON.stringify(checks);
      const itemsJson = JSON.stringify(items);
      await tx.run(UPSERT_LATEST, [input.deviceId, profile, f.reportId, finished, received, f.result, checksJson, itemsJson, f.policySha256]);
      // Most reports of a device say what its previous one said: then no counter moves, and none is worked out.
      const unchanged = old && old.result === f.result && old.policy_sha256 === f.policySha256 && old.checks === checksJson && old.items === itemsJson;
      if (!unchanged) {
        const before = old ? countedStatuses(old.result, JSON.parse(old.checks) as LatestChecks, JSON.parse(old.items) as LatestItems, old.policy_sha256) : new Map<string, string>();
        moveCounts(counts, profile, before, countedStatuses(f.result, checks, items, f.policySha256));
      }
    }
    return { outcome: 'stored', counts };
  }

  async storedDigest(deviceId: string, reportId: string): Promise<string | null> {
    return (await this.db.get<{ payload_sha256: string }>('SELECT payload_sha256 FROM reports WHERE device_id = ? AND report_id = ?', [deviceId, reportId]))?.payload_sha256 ?? null;
  }

  async registerPolicyTitles(policySha256: string, titles: readonly [string, string, string][]): Promise<void> {
    await this.db.transaction((tx) => this.recordPolicyTitles(tx, policySha256, titles, 'replace'));
    this.knownPolicies.add(policySha256);
    if (!this.ownPolicies.includes(policySha256)) this.ownPolicies.push(policySha256);
  }

  /**
   * A policy's check titles, once per policy sha256. From a report ('first'), the first report of a policy
   * gives them and no later one changes them; the collector's own policies ('replace') overwrite whatever a
   * device sent first for the same sha256. The caller adds the sha256 to knownPolicies once committed.
   */
  private async recordPolicyTitles(tx: SqlDb, policySha256: string, titles: readonly [string, string, string][], mode: 'first' | 'replace'): Promise<void> {
    if (mode === 'first' && (await tx.get('SELECT 1 AS one FROM policy_titles WHERE policy_sha256 = ? LIMIT 1', [policySha256]))) return;
    const conflict = mode === 'replace' ? 'DO UPDATE SET title_ja = excluded.title_ja, title_en = excluded.title_en, position = excluded.position' : 'DO NOTHING';
    for (let i = 0; i < titles.length; i += 100) {
      const chunk = titles.slice(i, i + 100);
      await tx.run(
        `INSERT INTO policy_titles (policy_sha256, check_id, title_ja, title_en, position) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (policy_sha256, check_id) ${conflict}`,
        chunk.flatMap(([id, ja, en], j) => [policySha256, id, ja, en, i + j]),
      );
    }
  }

  /** The check titles of these policies: sha256 → check id → title and position (a batch of sha256s per query). */
  private async titlesOf(shas: readonly string[]): Promise<Map<string, Map<string, { title: Localized; position: number }>>> {
    const bySha = new Map<string, Map<string, { title: Localized; position: number }>>();
    const unique = [...new Set(shas)];
    for (let i = 0; i < unique.length; i += EXPORT_BATCH) {
      const chunk = unique.slice(i, i + EXPORT_BATCH);
      const rows = await this.db.all<{ policy_sha256: string; check_id: string; title_ja: string; title_en: string; position: unknown }>(
        `SELECT policy_sha256, check_id, title_ja, title_en, position FROM policy_titles WHERE policy_sha256 IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const r of rows) {
        let m = bySha.get(r.policy_sha256);
        if (!m) bySha.set(r.policy_sha256, (m = new Map()));
        m.set(r.check_id, { title: { ja: r.title_ja, en: r.title_en }, position: num(r.position) });
      }
    }
    return bySha;
  }

  async prune(retention: Retention, now: Date): Promise<{ reports: number }> {
    let reports = 0;
    const deleteBatch = async (select: string, params: SqlValue[]): Promise<number> => {
      const n = (await this.db.run(`DELETE FROM reports WHERE (device_id, report_id) IN (${select})`, params)).changes;
      reports += n;
      // Between batches, uploads waiting for the database get their turn.
      await new Promise((resolve) => setImmediate(resolve));
      return n;
    };
    const before = now.getTime() - retention.keepDays * 86_400_000;
    while ((await deleteBatch(`SELECT r.device_id, r.report_id FROM reports r WHERE r.received_at < ? AND ${NOT_NEWEST} LIMIT ${PRUNE_BATCH}`, [before])) === PRUNE_BATCH);
    const over = await this.db.all<{ device_id: string; n: unknown }>('SELECT device_id, count(*) AS n FROM reports GROUP BY device_id HAVING count(*) > ?', [retention.maxReportsPerDevice]);
    for (const { device_id, n } of over) {
      for (let excess = num(n) - retention.maxReportsPerDevice; excess > 0; ) {
        const deleted = await deleteBatch(
          `SELECT r.device_id, r.report_id FROM reports r WHERE r.device_id = ? AND ${NOT_NEWEST} ORDER BY r.received_at, r.report_id LIMIT ?`,
          [device_id, Math.min(excess, PRUNE_BATCH)],
        );
        if (deleted === 0) break;
        excess -= deleted;
      }
    }
    await this.db.run(
      `DELETE FROM policy_titles WHERE policy_sha256 NOT IN (SELECT policy_sha256 FROM latest WHERE policy_sha256 IS NOT NULL)
       AND policy_sha256 NOT IN (${placeholders(Math.max(1, this.ownPolicies.length))})`,
      this.ownPolicies.length ? [...this.ownPolicies] : [''],
    );
    this.knownPolicies.clear();
    await this.db.run('DELETE FROM sessions WHERE expires_at <= ?', [now.getTime()]);
    return { reports };
  }

  // ---- reads ----------------------------------------------------------------------------------------

  async fleetSummary({ profile, now }: { profile: string; now: Date }): Promise<FleetSummary> {
    const t = await this.db.get<{ total: unknown; never: unknown; silent: unknown }>(
      `SELECT count(*) AS total,
              sum(CASE WHEN last_received_at IS NULL THEN 1 ELSE 0 END) AS never,
              sum(CASE WHEN silent_after <= ? THEN 1 ELSE 0 END) AS silent
       FROM devices WHERE retired_at IS NULL`,
      [now.getTime()],
    );
    const total = num(t?.total);
    const neverReported = num(t?.never);
    const silent = num(t?.silent);
    const rows = await this.db.all<{ key: string; status: string; n: unknown }>('SELECT key, status, n FROM fleet_counts WHERE profile = ? AND n <> 0', [profile]);
    const counts = new Map<string, Map<string, number>>();
    for (const row of rows) {
      let m = counts.get(row.key);
      if (!m) counts.set(row.key, (m = new Map()));
      m.set(row.status, num(row.n));
    }
    const of = (key: string, status: string) => counts.get(key)?.get(status) ?? 0;

    const items: FleetSummary['items'] = [];
    const jishaShindan: FleetSummary['jishaShindan'] = [];
    for (const id of FLEET_CATALOGS) {
      const catalog = this.catalogs.get(id);
      if (!catalog) continue;
      for (const item of catalog.items) {
        const ref = `${id}:${item.id}`;
        // Each device's item status as its report rolled it up: counted, never derived again here.
        const meets = of(`item:${ref}`, 'pass');
        const partly = of(`item:${ref}`, 'partial');
        const fails = of(`item:${ref}`, 'fail');
        const cannotTell = of(`item:${ref}`, 'unknown');
        const notApplicable = of(`item:${ref}`, 'not_applicable');
        const noData = total - meets - partly - fails - cannotTell - notApplicable;
        items.push({ ref, catalog: id, item: item.id, title: item.title, devices: { meets, partly, fails, cannotTell, notApplicable, noData } });
        if (id === JISHA) {
          const answers = { ...zeroCounts(JISHA_ANSWERS), none: 0 };
          for (const a of JISHA_ANSWERS) answers[a] = of(`answer:${ref}`, a);
          answers.none = total - JISHA_ANSWERS.reduce((sum, a) => sum + answers[a], 0);
          jishaShindan.push({ item: item.id, title: item.title, answers });
        }
      }
    }

    // One title per check for the whole fleet: from the policy most of the fleet's newest reports use that
    // defines it (the fleet counts count devices per policy too), in that policy's order, then the collector's
    // own policies; a check no known policy names shows its id.
    const used = [...(counts.get('policy') ?? new Map<string, number>())].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1)).map(([sha]) => sha);
    const preferred = [...new Set([...used.slice(0, FLEET_TITLE_POLICIES), ...this.ownPolicies])];
    const bySha = await this.titlesOf(preferred);
    const checks: (FleetSummary['checks'][number] & { rank: number; position: number })[] = [];
    for (const [key, c] of counts) {
      if (!key.startsWith('check:')) continue;
      const id = key.slice('check:'.length);
      const rank = preferred.findIndex((sha) => bySha.get(sha)?.has(id));
      const known = rank >= 0 ? bySha.get(preferred[rank]!)!.get(id)! : null;
      const byStatus = zeroCounts(CHECK_STATUSES);
      for (const s of CHECK_STATUSES) byStatus[s] = c.get(s) ?? 0;
      checks.push({ id, title: known?.title ?? { ja: id, en: id }, counts: byStatus, rank: rank >= 0 ? rank : preferred.length, position: known?.position ?? 0 });
    }
    checks.sort((a, b) => a.rank - b.rank || a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    return {
      generatedAt: now.toISOString(),
      profile,
      devices: {
        total,
        reporting: total - neverReported - silent,
        silent,
        neverReported,
        byResult: { compliant: of('result', 'compliant'), failed: of('result', 'failed'), incomplete: of('result', 'incomplete') },
      },
      items,
      jishaShindan,
      checks: checks.map(({ id, title, counts }) => ({ id, title, counts })),
    };
  }

  async listDevices(q: DeviceListQuery): Promise<DeviceList> {
    const where: string[] = [q.filter === 'retired' ? 'retired_at IS NOT NULL' : 'retired_at IS NULL'];
    const params: SqlValue[] = [];
    if (q.filter === 'silent') {
      where.push('(silent_after IS NULL OR silent_after <= ?)');
      params.push(q.now.getTime());
    } else if (q.filter === 'failing') {
      where.push(`baseline_result = 'failed'`);
    } else if (q.filter === 'reporting') {
      where.push('silent_after > ?');
      params.push(q.now.getTime());
    } else if (q.filter === 'gone-silent') {
      // As the fleet summary counts them: reported once, silent now (never-reported devices are their own tile).
      where.push('silent_after <= ?');
      params.push(q.now.getTime());
    } else if (q.filter === 'never') {
      where.push('last_received_at IS NULL');
    }
    if (q.search) {
      where.push(`hostname_lower LIKE ? ESCAPE '\\'`);
      params.push(likePattern(q.search));
    }
    if (q.profile !== undefined && q.result !== undefined) {
      if (q.result === 'none') where.push('device_id NOT IN (SELECT device_id FROM latest WHERE profile = ?)');
      else where.push('device_id IN (SELECT device_id FROM latest WHERE profile = ? AND result = ?)');
      params.push(q.profile, ...(q.result === 'none' ? [] : [q.result]));
    }
    if (q.profile !== undefined && q.check !== undefined) {
      where.push(`device_id IN (SELECT device_id FROM latest WHERE profile = ? AND checks LIKE ? ESCAPE '\\')`);
      params.push(q.profile, checkPattern(q.check.id, q.check.status));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.all<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices ${clause} ORDER BY hostname_lower, device_id LIMIT ? OFFSET ?`, [...params, q.limit, q.offset]);
    const total = num((await this.db.get<{ n: unknown }>(`SELECT count(*) AS n FROM devices ${clause}`, params))?.n);
    const shared = await this.sharedHints(rows);
    const titles = await this.failingTitles(rows, q.check ? [q.check.id] : []);
    return { devices: rows.map((row) => deviceSummary(row, q.now, shared.get(row.device_id) ?? [])), total, titles };
  }

  /**
   * The titles of the checks these devices fail, and of `also` (the check a list is filtered by): from the
   * policies of their newest baseline reports, then the collector's own.
   */
  private async failingTitles(rows: readonly DeviceRow[], also: readonly string[] = []): Promise<Record<string, Localized>> {
    const failing = new Set([...rows.flatMap((r) => JSON.parse(r.baseline_failing) as string[]), ...also]);
    if (failing.size === 0) return {};
    const ids = rows.map((r) => r.device_id);
    const used =
      ids.length === 0
        ? []
        : await this.db.all<{ policy_sha256: string | null }>(`SELECT DISTINCT policy_sha256 FROM latest WHERE profile = ? AND device_id IN (${placeholders(ids.length)})`, [
            BASELINE_PROFILE,
            ...ids,
          ]);
    const preferred = [...new Set([...used.flatMap((r) => (r.policy_sha256 !== null ? [r.policy_sha256] : [])), ...this.ownPolicies])];
    const bySha = await this.titlesOf(preferred);
    const titles: Record<string, Localized> = {};
    for (const check of failing) {
      const title = titleIn(bySha, preferred, check);
      if (title) titles[check] = title;
    }
    return titles;
  }

  /**
   * Which hardware hints of these devices another device also has (clones, or a PC enrolled twice). Binds only
   * the page's device ids (at most a page, 500): the hints themselves stay in the database, however many a
   * device sent, so no list of them can outgrow SQLite's limit on bound parameters.
   */
  private async sharedHints(rows: readonly DeviceRow[]): Promise<Map<string, DeviceSummary['sharedHints']>> {
    const result = new Map<string, DeviceSummary['sharedHints']>();
    if (rows.length === 0) return result;
    const add = (deviceId: string, hint: DeviceSummary['sharedHints'][number]) => {
      const list = result.get(deviceId) ?? [];
      if (!list.includes(hint)) list.push(hint);
      result.set(deviceId, list);
    };
    const ids = rows.map((r) => r.device_id);
    const page = `IN (${placeholders(ids.length)})`;
    const columns = [
      ['hint_machine_id', 'machineId'],
      ['hint_hardware_uuid', 'hardwareUuid'],
      ['hint_serial', 'serial'],
    ] as const;
    for (const [column, hint] of columns) {
      const shared = await this.db.all<{ device_id: string }>(
        `SELECT d.device_id FROM devices d WHERE d.device_id ${page} AND d.${column} <> ''
         AND EXISTS (SELECT 1 FROM devices o WHERE o.${column} = d.${column} AND o.device_id <> d.device_id)`,
        ids,
      );
      for (const r of shared) add(r.device_id, hint);
    }
    const sharedMac = await this.db.all<{ device_id: string }>(
      `SELECT DISTINCT m.device_id FROM device_macs m WHERE m.device_id ${page}
       AND EXISTS (SELECT 1 FROM device_macs o WHERE o.mac = m.mac AND o.device_id <> m.device_id)`,
      ids,
    );
    for (const r of sharedMac) add(r.device_id, 'mac');
    return result;
  }

  async deviceHistory(deviceId: string, { now, limit }: { now: Date; limit: number }): Promise<DeviceHistory | null> {
    const row = await this.db.get<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE device_id = ?`, [deviceId]);
    if (!row) return null;
    const shared = await this.sharedHints([row]);
    type Row = { report_id: string; received_at: unknown; finished_at: unknown; profile: string; result: Result; gate: string | null; counts: string; sequence: unknown; statuses: string };
    const rows = await this.db.all<Row>(
      'SELECT report_id, received_at, finished_at, profile, result, gate, counts, sequence, statuses FROM reports WHERE device_id = ? ORDER BY finished_at DESC, report_id DESC LIMIT ?',
      [deviceId, limit],
    );
    // "What changed": against the previous report of the same profile — the next one down the list, or for
    // the oldest listed of each profile the one before it in the database.
    const parsed = rows.map((r) => JSON.parse(r.statuses) as Record<string, CheckStatus>);
    const previous: (Record<string, CheckStatus> | null)[] = rows.map(() => null);
    const olderOfProfile = new Map<string, number>();
    const oldestOfProfile = new Map<string, number>();
    for (let i = rows.length - 1; i >= 0; i--) {
      const profile = rows[i]!.profile;
      const older = olderOfProfile.get(profile);
      if (older === undefined) oldestOfProfile.set(profile, i);
      else previous[i] = parsed[older]!;
      olderOfProfile.set(profile, i);
    }
    for (const [profile, i] of oldestOfProfile) {
      const r = rows[i]!;
      const before = await this.db.get<{ statuses: string }>(
        `SELECT statuses FROM reports WHERE device_id = ? AND profile = ? AND (finished_at < ? OR (finished_at = ? AND report_id < ?))
         ORDER BY finished_at DESC, report_id DESC LIMIT 1`,
        [deviceId, profile, num(r.finished_at), num(r.finished_at), r.report_id],
      );
      if (before) previous[i] = JSON.parse(before.statuses) as Record<string, CheckStatus>;
    }
    const reports: ReportListing[] = rows.map((r, i) => ({
      reportId: r.report_id,
      receivedAt: iso(r.received_at),
      finishedAt: iso(r.finished_at),
      profile: r.profile,
      result: r.result,
      gate: (r.gate as ReportListing['gate']) ?? null,
      counts: JSON.parse(r.counts) as ReportListing['counts'],
      sequence: numOrNull(r.sequence),
      changes: changesBetween(previous[i]!, parsed[i]!),
    }));
    const keys = await this.db.all<{ key_id: string; registered_at: unknown; how: KeyAcceptance }>('SELECT key_id, registered_at, how FROM device_keys WHERE device_id = ? ORDER BY registered_at DESC, key_id', [deviceId]);
    return {
      device: deviceSummary(row, now, shared.get(deviceId) ?? []),
      reports,
      keys: keys.map((k) => ({ keyId: k.key_id, registeredAt: iso(k.registered_at), how: k.how })),
    };
  }

  async report(reportId: string, deviceId?: string): Promise<StoredReport | null> {
    const rows = deviceId
      ? await this.db.all<EnvelopeRow>('SELECT device_id, received_at, envelope_gz FROM reports WHERE device_id = ? AND report_id = ?', [deviceId, reportId])
      : await this.db.all<EnvelopeRow>('SELECT device_id, received_at, envelope_gz FROM reports WHERE report_id = ? LIMIT 2', [reportId]);
    if (rows.length > 1) throw new AmbiguousReportIdError(`several devices sent a report with the id ${reportId}`);
    return rows[0] ? storedReport(reportId, rows[0]) : null;
  }

  async deviceReport(deviceId: string, reportId: string): Promise<StoredReport | null> {
    const row = await this.db.get<EnvelopeRow>('SELECT device_id, received_at, envelope_gz FROM reports WHERE device_id = ? AND report_id = ?', [deviceId, reportId]);
    return row ? storedReport(reportId, row) : null;
  }

  async itemDevices(q: ItemDevicesQuery): Promise<CountedDevice[]> {
    const status = ITEM_STATE_STATUS[q.state];
    // noData: no report of the profile, a report without the item, or one that leaves it to be checked by hand.
    const [condition, params] =
      status === null
        ? [`(l.items IS NULL OR l.items NOT LIKE ? ESCAPE '\\' OR l.items LIKE ? ESCAPE '\\')`, [itemPattern(q.ref), itemPattern(q.ref, 'manual')]]
        : [`l.items LIKE ? ESCAPE '\\'`, [itemPattern(q.ref, status)]];
    const from = `FROM devices d LEFT JOIN latest l ON l.device_id = d.device_id AND l.profile = ? WHERE d.retired_at IS NULL AND ${condition}`;
    const rows = await this.db.all<CountedRow>(
      `SELECT d.device_id, d.hostname, d.platform, d.os_name, l.report_id, l.finished_at ${from} ORDER BY d.hostname_lower, d.device_id LIMIT ? OFFSET ?`,
      [q.profile, ...params, q.limit, q.offset],
    );
    return rows.map(countedDevice);
  }

  async gateDecisions(q: { profile: string; limit: number; offset: number; decision?: 'go' | 'no-go' | 'cannot-tell' }): Promise<GateDecisions> {
    // The decision is the newest report's of the profile: latest points at it, reports holds its gate. (A retired
    // device has no newest reports left, so the counts need no look at devices.)
    const decided = `FROM latest l JOIN reports r ON r.device_id = l.device_id AND r.report_id = l.report_id WHERE l.profile = ? AND r.gate IS NOT NULL`;
    const from = `FROM latest l JOIN reports r ON r.device_id = l.device_id AND r.report_id = l.report_id
      JOIN devices d ON d.device_id = l.device_id WHERE l.profile = ? AND r.gate IS NOT NULL AND d.retired_at IS NULL`;
    const grouped = await this.db.all<{ gate: string; n: unknown }>(`SELECT r.gate AS gate, count(*) AS n ${decided} GROUP BY r.gate`, [q.profile]);
    const counts: GateDecisions['counts'] = { go: 0, 'no-go': 0, 'cannot-tell': 0 };
    for (const g of grouped) if (g.gate in counts) counts[g.gate as keyof typeof counts] = num(g.n);
    // Worst decision first, by hostname within each: a page is read decision by decision (each query walks the
    // hostname index and stops at the page's end) rather than sorting every device's decision.
    type Row = CountedRow & { gate: GateDecisions['devices'][number]['decision']; checks: string };
    const rows: Row[] = [];
    let skip = q.offset;
    for (const decision of q.decision ? [q.decision] : (['no-go', 'cannot-tell', 'go'] as const)) {
      const want = q.limit - rows.length;
      if (want <= 0) break;
      if (skip >= counts[decision]) {
        skip -= counts[decision];
        continue;
      }
      rows.push(
        ...(await this.db.all<Row>(
          `SELECT d.device_id, d.hostname, d.platform, d.os_name, l.report_id, l.finished_at, l.checks, r.gate ${from} AND r.gate = ?
           ORDER BY d.hostname_lower, d.device_id LIMIT ? OFFSET ?`,
          [q.profile, decision, want, skip],
        )),
      );
      skip = 0;
    }
    return {
      counts,
      devices: rows.map((r) => {
        const checks = JSON.parse(r.checks) as LatestChecks;
        return {
          ...countedDevice(r),
          decision: r.gate,
          blocking: checks.filter(([, s]) => s === 'fail').map(([id]) => id),
          undecided: checks.filter(([, s]) => s === 'unknown' || s === 'error').map(([id]) => id),
        };
      }),
      total: q.decision ? counts[q.decision] : counts.go + counts['no-go'] + counts['cannot-tell'],
    };
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  async retireDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // The device row first (the lock order of ingest), its token replaced by one no upload can carry.
      const row = await tx.get<{ hostname: string }>(
        `UPDATE devices SET retired_at = ?, token_hash = ? WHERE device_id = ? AND retired_at IS NULL RETURNING hostname`,
        [by.at.getTime(), `retired:${randomUUID()}`, deviceId],
      );
      if (!row) return false;
      await this.leaveCounts(tx, deviceId);
      await audit(tx, by, 'retire', deviceId, row.hostname);
      return true;
    });
  }

  async deleteDevice(deviceId: string, by: { admin: string; at: Date }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ hostname: string; retired_at: unknown }>(`UPDATE devices SET token_hash = ? WHERE device_id = ? RETURNING hostname, retired_at`, [`deleted:${randomUUID()}`, deviceId]);
      if (!row) return false;
      // A retired device left the counts already.
      if (row.retired_at === null || row.retired_at === undefined) await this.leaveCounts(tx, deviceId);
      await audit(tx, by, 'delete', deviceId, row.hostname);
      // Reports, newest reports and MAC hints go with it (ON DELETE CASCADE).
      await tx.run('DELETE FROM devices WHERE device_id = ?', [deviceId]);
      return true;
    });
  }

  /** Takes a device's newest reports out of the fleet counts and forgets them (its history stays in reports). */
  private async leaveCounts(tx: SqlDb, deviceId: string): Promise<void> {
    const latest = await tx.all<{ profile: string; result: string; checks: string; items: string; policy_sha256: string | null }>(
      'SELECT profile, result, checks, items, policy_sha256 FROM latest WHERE device_id = ? ORDER BY profile',
      [deviceId],
    );
    const counts = new Map<string, number>();
    for (const l of latest) {
      moveCounts(counts, l.profile, countedStatuses(l.result, JSON.parse(l.checks) as LatestChecks, JSON.parse(l.items) as LatestItems, l.policy_sha256), new Map());
    }
    await writeCounts(tx, counts);
    await tx.run('DELETE FROM latest WHERE device_id = ?', [deviceId]);
  }

  async deviceAudit(opts: { limit: number; deviceId?: string }): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ at: unknown; admin: string; action: AuditEntry['action']; device_id: string; hostname: string }>(
      `SELECT at, admin, action, device_id, hostname FROM device_audit ${opts.deviceId ? 'WHERE device_id = ?' : ''} ORDER BY at DESC, event_id DESC LIMIT ?`,
      [...(opts.deviceId ? [opts.deviceId] : []), opts.limit],
    );
    return rows.map((r) => ({ at: iso(r.at), admin: r.admin, action: r.action, deviceId: r.device_id, hostname: r.hostname }));
  }

  async *exportItems({ profile }: { profile: string }): AsyncIterable<ItemMatrixRow> {
    type Row = CountedRow & { hostname_lower: string; items: string | null };
    for (let after: [string, string] = ['', '']; ; ) {
      const rows = await this.db.all<Row>(
        `SELECT d.device_id, d.hostname, d.hostname_lower, d.platform, d.os_name, l.report_id, l.finished_at, l.items
         FROM devices d LEFT JOIN latest l ON l.device_id = d.device_id AND l.profile = ?
         WHERE d.retired_at IS NULL AND (d.hostname_lower > ? OR (d.hostname_lower = ? AND d.device_id > ?)) ORDER BY d.hostname_lower, d.device_id LIMIT ?`,
        [profile, after[0], after[0], after[1], EXPORT_BATCH],
      );
      for (const r of rows) {
        const items = r.items === null ? {} : Object.fromEntries(Object.entries(JSON.parse(r.items) as LatestItems).map(([ref, [status]]) => [ref, status]));
        yield { deviceId: r.device_id, hostname: r.hostname, platform: r.platform, osName: r.os_name, finishedAt: isoOrNull(r.finished_at), items };
      }
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = [last.hostname_lower, last.device_id];
    }
  }

  async *exportChecks({ profile }: { profile: string }): AsyncIterable<CheckExportRow> {
    // Each row's title from the policy of that device's own report: a device names only its own rows' titles.
    // A newest report stored before titles were kept per policy has none: the collector's own policies' then.
    const own = await this.titlesOf(this.ownPolicies);
    let bySha = own;
    const titleOf = (sha: string | null, check: string): Localized =>
      (sha !== null ? titleIn(bySha, [sha], check) : titleIn(own, this.ownPolicies, check)) ?? { ja: check, en: check };
    type Row = { device_id: string; report_id: string; finished_at: unknown; checks: string; hostname: string; platform: Platform; os_name: string | null; policy_sha256: string | null };
    for (let after = ''; ; ) {
      const rows = await this.db.all<Row>(
        `SELECT l.device_id, l.report_id, l.finished_at, l.checks, l.policy_sha256, d.hostname, d.platform, d.os_name
         FROM latest l JOIN devices d ON d.device_id = l.device_id
         WHERE l.profile = ? AND l.device_id > ? ORDER BY l.device_id LIMIT ?`,
        [profile, after, EXPORT_BATCH],
      );
      bySha = await this.titlesOf(rows.flatMap((r) => (r.policy_sha256 !== null ? [r.policy_sha256] : [])));
      for (const r of rows) {
        for (const [check, status, reason, why] of JSON.parse(r.checks) as LatestChecks) {
          yield {
            deviceId: r.device_id,
            hostname: r.hostname,
            platform: r.platform,
            osName: r.os_name,
            reportId: r.report_id,
            finishedAt: iso(r.finished_at),
            profile,
            check,
            title: titleOf(r.policy_sha256, check),
            status,
            reason,
            reasonJa: why ? renderReason(why, 'ja') : null,
          };
        }
      }
      if (rows.length < EXPORT_BATCH) return;
      after = rows[rows.length - 1]!.device_id;
    }
  }
}

async function adminAudit(tx: SqlDb, by: { admin: string; at: Date }, action: AdminAuditEntry['action'], name: string): Promise<void> {
  await tx.run('INSERT INTO admin_audit (event_id, at, by_whom, action, name) VALUES (?, ?, ?, ?, ?)', [randomUUID(), by.at.getTime(), by.admin, action, name]);
}

async function audit(tx: SqlDb, by: { admin: string; at: Date }, action: AuditEntry['action'], deviceId: string, hostname: string): Promise<void> {
  await tx.run('INSERT INTO device_audit (event_id, at, admin, action, device_id, hostname) VALUES (?, ?, ?, ?, ?, ?)', [randomUUID(), by.at.getTime(), by.admin, action, deviceId, hostname]);
}

type EnvelopeRow = { device_id: string; received_at: unknown; envelope_gz: Uint8Array };

/** The signed report as the device sent it, out of its stored envelope. */
function storedReport(reportId: string, row: EnvelopeRow): StoredReport {
  const envelope = JSON.parse(gunzipSync(row.envelope_gz).toString('utf8')) as { payload: string };
  return { reportId, deviceId: row.device_id, receivedAt: iso(row.received_at), report: JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as unknown };
}

type CountedRow = { device_id: string; hostname: string; platform: Platform; os_name: string | null; report_id: string | null; finished_at: unknown };

const countedDevice = (r: CountedRow): CountedDevice => ({
  deviceId: r.device_id,
  hostname: r.hostname,
  platform: r.platform,
  osName: r.os_name,
  reportId: r.report_id,
  finishedAt: isoOrNull(r.finished_at),
});

/** The statuses a newest report contributes to the fleet counts: key → status. */
function countedStatuses(result: string, checks: LatestChecks, items: LatestItems, policySha256: string | null): Map<string, string> {
  const m = new Map<string, string>([['result', result]]);
  // Devices per policy, so the fleet summary knows whose titles to show without reading every newest report.
  if (policySha256 !== null) m.set('policy', policySha256);
  for (const [id, status] of checks) m.set(`check:${id}`, status);
  for (const [ref, [status, answer]] of Object.entries(items)) {
    m.set(`item:${ref}`, status);
    if (answer !== null) m.set(`answer:${ref}`, answer);
  }
  return m;
}

/** Adds to `counts` (profile\0key\0status → change) one device's move from `before` to `after`: only the statuses that changed. */
function moveCounts(counts: Map<string, number>, profile: string, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): void {
  // NUL cannot occur in a profile, key or status (report ids and texts refuse it), so the parts split back apart.
  const bump = (key: string, status: string, by: number) => {
    const k = `${profile}\0${key}\0${status}`;
    counts.set(k, (counts.get(k) ?? 0) + by);
  };
  for (const [key, status] of before) if (after.get(key) !== status) bump(key, status, -1);
  for (const [key, status] of after) if (before.get(key) !== status) bump(key, status, +1);
}

/** Writes the counters' changes: only those not zero, and a counter back at zero goes. */
async function writeCounts(tx: SqlDb, counts: ReadonlyMap<string, number>): Promise<void> {
  // Sorted, so concurrent transactions lock counter rows in the same order.
  const entries = [...counts].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100).map(([k, n]) => [...(k.split('\0') as [string, string, string]), n] as const);
    await tx.run(
      `INSERT INTO fleet_counts (profile, key, status, n) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (profile, key, status) DO UPDATE SET n = fleet_counts.n + excluded.n`,
      chunk.flat(),
    );
    // A counter back at zero goes: checks a device no longer reports would otherwise stay as rows for good.
    const lowered = chunk.filter(([, , , n]) => n < 0);
    if (lowered.length > 0) {
      await tx.run(`DELETE FROM fleet_counts WHERE n = 0 AND (${lowered.map(() => '(profile = ? AND key = ? AND status = ?)').join(' OR ')})`, lowered.flatMap(([p, k, st]) => [p, k, st]));
    }
  }
}

function changesBetween(before: Record<string, CheckStatus> | null, after: Record<string, CheckStatus>): ReportListing['changes'] {
  if (!before) return [];
  const changes: ReportListing['changes'] = [];
  for (const [check, to] of Object.entries(after)) {
    const from = before[check] ?? null;
    if (from !== to) changes.push({ check, from, to });
  }
  for (const [check, from] of Object.entries(before)) if (!(check in after)) changes.push({ check, from, to: null });
  return changes;
}

/** A check's title from the first of these policies that defines it. */
function titleIn(bySha: ReadonlyMap<string, ReadonlyMap<string, { title: Localized }>>, shas: readonly string[], check: string): Localized | undefined {
  for (const sha of shas) {
    const known = bySha.get(sha)?.get(check);
    if (known) return known.title;
  }
  return undefined;
}

function deviceSummary(row: DeviceRow, now: Date, sharedHints: DeviceSummary['sharedHints']): DeviceSummary {
  const silentAfter = numOrNull(row.silent_after);
  const maxSequence = num(row.max_sequence);
  return {
    deviceId: row.device_id,
    hostname: row.hostname,
    platform: row.platform,
    osName: row.os_name,
    agentVersion: row.agent_version,
    enrolledAt: iso(row.enrolled_at),
    lastReportAt: isoOrNull(row.last_received_at),
    lastScanAt: isoOrNull(row.last_scan_at),
    lastProfile: row.last_profile,
    lastResult: row.last_result,
    failing: JSON.parse(row.baseline_failing) as string[],
    undecided: JSON.parse(row.baseline_undecided) as string[],
    intervalSeconds: numOrNull(row.interval_seconds),
    silent: silentAfter === null || silentAfter <= now.getTime(),
    sharedHints,
    sequenceGaps: Math.max(0, maxSequence - num(row.sequences_seen)),
    keyReplacedAt: isoOrNull(row.key_replaced_at),
    revokedAt: isoOrNull(row.revoked_at),
    clockAheadSeconds: row.clock_ahead_ms === null || row.clock_ahead_ms === undefined ? null : Math.max(1, Math.round(num(row.clock_ahead_ms) / 1000)),
    retiredAt: isoOrNull(row.retired_at),
  };
}
