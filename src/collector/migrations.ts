/**
 * The collector's schema, as an ordered list of migrations. Each runs once, inside a transaction, and is
 * recorded in schema_migrations; on PostgreSQL an advisory lock makes two collectors starting together take
 * turns. Never edit a migration that has shipped: add the next one.
 *
 * SQL is the subset SQLite and PostgreSQL share; the column types that differ are spelled per dialect
 * (`int` for epoch milliseconds and counts, `bytes` for the compressed envelopes).
 */
import type { SqlDb } from './sql.ts';

interface Types {
  int: string;
  bytes: string;
}
const TYPES: Record<SqlDb['dialect'], Types> = {
  sqlite: { int: 'INTEGER', bytes: 'BLOB' },
  postgres: { int: 'BIGINT', bytes: 'BYTEA' },
};

/** An arbitrary constant: the PostgreSQL advisory lock key the collectors share for migrations. */
const MIGRATION_LOCK_KEY = 7_415_206_066;

export const MIGRATIONS: readonly { id: number; name: string; sql: (t: Types) => string[] }[] = [
  {
    id: 1,
    name: 'devices, reports, read tables, administrators',
    sql: (t) => [
      `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE admins (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at ${t.int} NOT NULL, updated_at ${t.int} NOT NULL)`,
      `CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        admin TEXT NOT NULL REFERENCES admins(name) ON DELETE CASCADE,
        expires_at ${t.int} NOT NULL)`,
      `CREATE INDEX sessions_expires ON sessions (expires_at)`,
      // One row per enrolled device, with what the device list and the fleet summary need kept current on
      // ingest (newest report's facts, the baseline verdict, sequence bookkeeping), so reads never scan reports.
      `CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        public_key_x TEXT NOT NULL,
        key_id TEXT NOT NULL,
        hostname TEXT NOT NULL,
        hostname_lower TEXT NOT NULL,
        platform TEXT NOT NULL,
        agent_version TEXT NOT NULL,
        hint_machine_id TEXT NOT NULL,
        hint_hardware_uuid TEXT,
        hint_serial TEXT,
        hint_macs TEXT NOT NULL,
        enrolled_at ${t.int} NOT NULL,
        os_name TEXT,
        last_received_at ${t.int},
        silent_after ${t.int},
        last_report_id TEXT,
        last_scan_at ${t.int},
        last_profile TEXT,
        last_result TEXT,
        interval_seconds ${t.int},
        baseline_scan_at ${t.int},
        baseline_result TEXT,
        baseline_failing TEXT NOT NULL DEFAULT '[]',
        baseline_undecided TEXT NOT NULL DEFAULT '[]',
        max_sequence ${t.int} NOT NULL DEFAULT 0,
        sequences_seen ${t.int} NOT NULL DEFAULT 0)`,
      `CREATE INDEX devices_hostname ON devices (hostname_lower, device_id)`,
      `CREATE INDEX devices_silent_after ON devices (silent_after)`,
      `CREATE INDEX devices_machine_id ON devices (hint_machine_id)`,
      `CREATE INDEX devices_hardware_uuid ON devices (hint_hardware_uuid)`,
      `CREATE INDEX devices_serial ON devices (hint_serial)`,
      `CREATE TABLE device_macs (
        mac TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
        PRIMARY KEY (mac, device_id))`,
      // Every report: the signed envelope exactly as received (gzip) and the few facts history needs.
      `CREATE TABLE reports (
        report_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
        received_at ${t.int} NOT NULL,
        finished_at ${t.int} NOT NULL,
        profile TEXT NOT NULL,
        result TEXT NOT NULL,
        gate TEXT,
        counts TEXT NOT NULL,
        sequence ${t.int},
        statuses TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        envelope_gz ${t.bytes} NOT NULL)`,
      `CREATE INDEX reports_device_finished ON reports (device_id, finished_at)`,
      `CREATE INDEX reports_device_profile_finished ON reports (device_id, profile, finished_at)`,
      // Ingest counts a device's reports with the arriving sequence number (lost-report bookkeeping): without
      // this index that reads every report of the device, 0.85 ms per upload at 300 reports a device.
      `CREATE INDEX reports_device_sequence ON reports (device_id, sequence)`,
      // The newest report of each device and profile, with its check and guideline item results.
      `CREATE TABLE latest (
        device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
        profile TEXT NOT NULL,
        report_id TEXT NOT NULL,
        finished_at ${t.int} NOT NULL,
        received_at ${t.int} NOT NULL,
        result TEXT NOT NULL,
        checks TEXT NOT NULL,
        items TEXT NOT NULL,
        PRIMARY KEY (device_id, profile))`,
      `CREATE INDEX latest_profile ON latest (profile, device_id)`,
      // How many devices' newest report of a profile has each status, per check, guideline item and
      // suggested answer: moved on ingest when a device's newest report changes, so the fleet summary reads
      // a few hundred rows whatever the size of the fleet or its history.
      `CREATE TABLE fleet_counts (
        profile TEXT NOT NULL,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        n ${t.int} NOT NULL,
        PRIMARY KEY (profile, key, status))`,
      `CREATE TABLE check_titles (id TEXT PRIMARY KEY, title_ja TEXT NOT NULL, title_en TEXT NOT NULL, position ${t.int} NOT NULL)`,
    ],
  },
  {
    id: 2,
    name: 'hardening: report ids per device, check titles per policy, key history, clock skew, revocation',
    sql: (t) => [
      // A report id is unique per device, not fleet-wide: a device that learned another's next report id could
      // otherwise store it first and have the owner's upload refused (issue 13). SQLite cannot change a primary
      // key in place, so the table is copied; its indexes go with the old table and are made again.
      `CREATE TABLE reports_per_device (
        report_id TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
        received_at ${t.int} NOT NULL,
        finished_at ${t.int} NOT NULL,
        profile TEXT NOT NULL,
        result TEXT NOT NULL,
        gate TEXT,
        counts TEXT NOT NULL,
        sequence ${t.int},
        statuses TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        envelope_gz ${t.bytes} NOT NULL,
        PRIMARY KEY (device_id, report_id))`,
      `INSERT INTO reports_per_device (report_id, device_id, received_at, finished_at, profile, result, gate, counts, sequence, statuses, payload_sha256, envelope_gz)
        SELECT report_id, device_id, received_at, finished_at, profile, result, gate, counts, sequence, statuses, payload_sha256, envelope_gz FROM reports`,
      `DROP TABLE reports`,
      `ALTER TABLE reports_per_device RENAME TO reports`,
      `CREATE INDEX reports_report_id ON reports (report_id)`,
      `CREATE INDEX reports_device_finished ON reports (device_id, finished_at)`,
      `CREATE INDEX reports_device_profile_finished ON reports (device_id, profile, finished_at)`,
      `CREATE INDEX reports_device_sequence ON reports (device_id, sequence)`,
      // Retention deletes by arrival.
      `CREATE INDEX reports_received ON reports (received_at)`,
      // Check titles as the policy that defines them says, per policy sha256 (never the last device's word).
      `CREATE TABLE policy_titles (
        policy_sha256 TEXT NOT NULL,
        check_id TEXT NOT NULL,
        title_ja TEXT NOT NULL,
        title_en TEXT NOT NULL,
        position ${t.int} NOT NULL,
        PRIMARY KEY (policy_sha256, check_id))`,
      `ALTER TABLE latest ADD COLUMN policy_sha256 TEXT`,
      `DROP TABLE check_titles`,
      // Counters that went to zero were kept for ever (a device sending fresh check ids added rows each report).
      `DELETE FROM fleet_counts WHERE n = 0`,
      // Every key a device has had, and how a new one was accepted.
      `CREATE TABLE device_keys (
        device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        registered_at ${t.int} NOT NULL,
        how TEXT NOT NULL,
        proof_signed_at ${t.int},
        PRIMARY KEY (device_id, registered_at, key_id))`,
      `INSERT INTO device_keys (device_id, key_id, registered_at, how) SELECT device_id, key_id, enrolled_at, 'enrolled' FROM devices`,
      `ALTER TABLE devices ADD COLUMN key_replaced_at ${t.int}`,
      `ALTER TABLE devices ADD COLUMN reenroll_allowed_until ${t.int}`,
      `ALTER TABLE devices ADD COLUMN revoked_at ${t.int}`,
      `ALTER TABLE devices ADD COLUMN clock_ahead_ms ${t.int}`,
      `CREATE INDEX device_macs_device ON device_macs (device_id)`,
    ],
  },
  {
    id: 3,
    name: 'device lifecycle: retired devices, and the audit of what administrators did to devices',
    sql: (t) => [
      // Retired: hidden from the lists and counts, history kept; set back by enrolling again.
      `ALTER TABLE devices ADD COLUMN retired_at ${t.int}`,
      // No foreign key: the entry of a deleted device stays, with the hostname it had.
      `CREATE TABLE device_audit (
        event_id TEXT PRIMARY KEY,
        at ${t.int} NOT NULL,
        admin TEXT NOT NULL,
        action TEXT NOT NULL,
        device_id TEXT NOT NULL,
        hostname TEXT NOT NULL)`,
      `CREATE INDEX device_audit_at ON device_audit (at)`,
      `CREATE INDEX device_audit_device ON device_audit (device_id, at)`,
      // The telework-return view reads each device's newest decision: from this small index, not from the report
      // rows (each holds its envelope), which made the page read one table page per device.
      `CREATE INDEX reports_gate ON reports (device_id, report_id, gate) WHERE gate IS NOT NULL`,
    ],
  },
  {
    id: 4,
    name: 'the audit of administrators: who added, re-passworded or removed which dashboard administrator',
    sql: (t) => [
      // No foreign key: the entry of a removed administrator stays.
      `CREATE TABLE admin_audit (
        event_id TEXT PRIMARY KEY,
        at ${t.int} NOT NULL,
        by_whom TEXT NOT NULL,
        action TEXT NOT NULL,
        name TEXT NOT NULL)`,
      `CREATE INDEX admin_audit_at ON admin_audit (at)`,
    ],
  },
];

/** Applies the migrations not yet recorded; returns the ids it applied. */
export async function migrate(db: SqlDb, now: () => Date = () => new Date()): Promise<number[]> {
  const types = TYPES[db.dialect];
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (id ${types.int} PRIMARY KEY, name TEXT NOT NULL, applied_at ${types.int} NOT NULL)`);
    const done = new Set((await tx.all<{ id: number | string }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const statement of m.sql(types)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, now().getTime()]);
      applied.push(m.id);
    }
    return applied;
  });
}

/** The newest migration this build knows; a database recorded past it was written by a newer collector. */
export const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((m) => m.id));
