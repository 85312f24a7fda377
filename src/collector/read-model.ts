/**
 * What the collector shows an administrator: one zod schema per answer of the read API (docs/api.md), and
 * the same objects are what the dashboard renders as HTML. The stores (SQLite, PostgreSQL) produce them; the
 * JSON API returns them as they are; the dashboard escapes every string in them that came from a device.
 */
import { z } from 'zod';
import { CheckStatus, JISHA_ANSWERS, Localized } from '../report/vocabulary.ts';

export const REPORT_RESULTS = ['compliant', 'failed', 'incomplete'] as const;
export const ReportResult = z.enum(REPORT_RESULTS);
export const GateDecision = z.enum(['go', 'no-go', 'cannot-tell']);

export const DeviceSummary = z.strictObject({
  deviceId: z.uuid(),
  hostname: z.string().describe('as the device last reported it (or enrolled with): untrusted text'),
  platform: z.enum(['linux', 'win32', 'darwin']),
  osName: z.string().nullable().describe('e.g. "Windows 11 Pro 24H2 (26100.4946)"; null before the first report'),
  agentVersion: z.string(),
  enrolledAt: z.iso.datetime(),
  lastReportAt: z.iso.datetime().nullable().describe('when the collector received the newest report'),
  lastScanAt: z.iso.datetime().nullable().describe("the newest report's scan.finishedAt"),
  lastProfile: z.string().nullable(),
  lastResult: ReportResult.nullable(),
  failing: z.array(z.string()).describe('check ids failing in the newest report of the baseline profile'),
  undecided: z.array(z.string()).describe('check ids unknown or error in that report'),
  intervalSeconds: z.int().positive().nullable().describe('the schedule the device reported; null: not scheduled'),
  silent: z.boolean().describe('no report within twice intervalSeconds (24 h × 2 when unscheduled) — or none ever'),
  sharedHints: z.array(z.enum(['machineId', 'hardwareUuid', 'serial', 'mac'])).describe('hardware hints another device shares: a clone, or a re-installed PC enrolled twice'),
  sequenceGaps: z.int().nonnegative().describe('reports the sequence numbers say were queued but never arrived'),
  keyReplacedAt: z.iso.datetime().nullable().describe('when the device last enrolled again with a new key (proved by its old key, or approved by an administrator); null: never'),
  revokedAt: z.iso.datetime().nullable().describe('when an administrator revoked the device (its uploads are refused); null: not revoked'),
  clockAheadSeconds: z.int().positive().nullable().describe("how far the newest report's scan end was after the collector received it (the device clock is ahead by more than 5 minutes); null: not noticeably"),
  retiredAt: z.iso.datetime().nullable().describe('when an administrator retired it (hidden from lists and counts, history kept); null: in use'),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

export const DeviceList = z.strictObject({
  devices: z.array(DeviceSummary),
  total: z.int().nonnegative(),
  titles: z.record(z.string(), Localized).describe("the titles of the checks the listed devices fail, from the policy of the devices' own newest reports where the collector knows it (else its own policies); a check no known policy names is missing"),
});
export type DeviceList = z.infer<typeof DeviceList>;

export const CheckChange = z.strictObject({ check: z.string(), from: CheckStatus.nullable(), to: CheckStatus.nullable() });

export const ReportListing = z.strictObject({
  reportId: z.uuid(),
  receivedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().describe("the scan's end as the device said, but never later than receivedAt (a clock ahead does not make a report newer)"),
  profile: z.string(),
  result: ReportResult,
  gate: GateDecision.nullable().describe('the decision of a gate profile (telework-return)'),
  counts: z.record(CheckStatus, z.int().nonnegative()),
  sequence: z.int().positive().nullable(),
  changes: z.array(CheckChange).describe('checks whose status differs from the previous report of the same profile'),
});
export type ReportListing = z.infer<typeof ReportListing>;

export const DeviceKey = z.strictObject({
  keyId: z.string().describe('RFC 7638 thumbprint'),
  registeredAt: z.iso.datetime(),
  how: z.enum(['enrolled', 'old-key', 'administrator']).describe('first enrollment, proved by the previous key, or approved by an administrator'),
});
export const DeviceHistory = z.strictObject({ device: DeviceSummary, reports: z.array(ReportListing), keys: z.array(DeviceKey).describe('every key the device has had, newest first') });
export type DeviceHistory = z.infer<typeof DeviceHistory>;

/** Devices per status of the item, as each device's report rolled it up (README "How checks roll up into IPA items"). */
const DeviceCounts = z.strictObject({
  meets: z.int().nonnegative().describe('implemented (pass)'),
  partly: z.int().nonnegative().describe('partly implemented (partial): the main measures pass, a supplementary one fails'),
  fails: z.int().nonnegative().describe('not implemented (fail): a main measure fails'),
  cannotTell: z.int().nonnegative().describe("don't know (unknown)"),
  notApplicable: z.int().nonnegative(),
  noData: z.int().nonnegative().describe('devices without a report of the profile, or whose report leaves the item to be checked by hand (manual)'),
});

export const FleetSummary = z.strictObject({
  generatedAt: z.iso.datetime(),
  profile: z.string().describe('the profile whose newest report per device is counted (default baseline)'),
  devices: z.strictObject({
    total: z.int().nonnegative(),
    reporting: z.int().nonnegative(),
    silent: z.int().nonnegative(),
    neverReported: z.int().nonnegative(),
    byResult: z.record(ReportResult, z.int().nonnegative()),
  }),
  items: z
    .array(z.strictObject({ ref: z.string(), catalog: z.string(), item: z.string(), title: Localized, devices: DeviceCounts }))
    .describe('each 自社診断 item and each 5か条 item, in catalog order'),
  jishaShindan: z
    .array(z.strictObject({ item: z.string(), title: Localized, answers: z.record(z.enum([...JISHA_ANSWERS, 'none']), z.int().nonnegative()) }))
    .describe("the suggested 自社診断 answer across the fleet, per item: for the administrator's own sheet, never a total"),
  checks: z.array(z.strictObject({ id: z.string(), title: Localized, counts: z.record(CheckStatus, z.int().nonnegative()) })),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

export const StoredReport = z.strictObject({
  reportId: z.uuid(),
  deviceId: z.uuid(),
  receivedAt: z.iso.datetime(),
  report: z.unknown().describe('the signed report exactly as the device sent it (src/report/schema.ts Report)'),
});
export type StoredReport = z.infer<typeof StoredReport>;

/** One row of the check export: a check of the newest report of the profile, per device. */
export const CheckExportRow = z.strictObject({
  deviceId: z.uuid(),
  hostname: z.string(),
  platform: z.enum(['linux', 'win32', 'darwin']),
  osName: z.string().nullable(),
  reportId: z.uuid(),
  finishedAt: z.iso.datetime(),
  profile: z.string(),
  check: z.string(),
  title: Localized,
  status: CheckStatus,
  reason: z.string().nullable().describe('for unknown, not_applicable and error: why, in English'),
  reasonJa: z.string().nullable().describe('the same reason in Japanese, from its reason code (null for reports from before reason codes)'),
});
export type CheckExportRow = z.infer<typeof CheckExportRow>;

/**
 * A device's state for one IPA item, named like the fleet summary's counts (DeviceCounts): the item status of
 * its newest report of the profile, or noData when it has no such report or the report leaves the item manual.
 */
export const ITEM_STATES = ['meets', 'partly', 'fails', 'cannotTell', 'notApplicable', 'noData'] as const;
export const ItemState = z.enum(ITEM_STATES);
export type ItemState = z.infer<typeof ItemState>;

/** The report's item status each counted state stands for (noData: none, or manual). */
export const ITEM_STATE_STATUS = {
  meets: 'pass',
  partly: 'partial',
  fails: 'fail',
  cannotTell: 'unknown',
  notApplicable: 'not_applicable',
  noData: null,
} as const satisfies Record<ItemState, string | null>;

/** A device in a list reached from a count: what names it, and the report the count came from (null: none). */
export const CountedDevice = z.strictObject({
  deviceId: z.uuid(),
  hostname: z.string().describe('untrusted text'),
  platform: z.enum(['linux', 'win32', 'darwin']),
  osName: z.string().nullable(),
  reportId: z.uuid().nullable().describe('its newest report of the profile; null: it has none'),
  finishedAt: z.iso.datetime().nullable(),
});
export type CountedDevice = z.infer<typeof CountedDevice>;

export const CountedDeviceList = z.strictObject({ devices: z.array(CountedDevice), total: z.int().nonnegative() });
export type CountedDeviceList = z.infer<typeof CountedDeviceList>;

/** The newest decision of a gate profile (telework-return) per device. */
export const GateDecisions = z.strictObject({
  counts: z.record(GateDecision, z.int().nonnegative()),
  devices: z.array(
    CountedDevice.extend({
      decision: GateDecision,
      blocking: z.array(z.string()).describe('check ids that failed: each must be fixed before going'),
      undecided: z.array(z.string()).describe('check ids unknown or errored'),
    }),
  ),
  total: z.int().nonnegative().describe('devices with a decision'),
});
export type GateDecisions = z.infer<typeof GateDecisions>;

/** One row of the item × device matrix: the item statuses of the device's newest report of the profile. */
export const ItemMatrixRow = z.strictObject({
  deviceId: z.uuid(),
  hostname: z.string(),
  platform: z.enum(['linux', 'win32', 'darwin']),
  osName: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  items: z.record(z.string(), z.string()).describe('guideline ref → item status; empty: no report of the profile'),
});
export type ItemMatrixRow = z.infer<typeof ItemMatrixRow>;

/** What an administrator did to a device (tenken collector device …, or the device page). */
export const DEVICE_ACTIONS = ['retire', 'delete', 'revoke'] as const;
export const AuditEntry = z.strictObject({
  at: z.iso.datetime(),
  admin: z.string().describe('the administrator, or "cli:<user>" for the command line on the server'),
  action: z.enum(DEVICE_ACTIONS),
  deviceId: z.uuid(),
  hostname: z.string().describe('as it was at the time: untrusted text'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What happened to an administrator of the dashboard: added, given a new password, removed. */
export const ADMIN_ACTIONS = ['added', 'password', 'removed'] as const;
export const AdminAuditEntry = z.strictObject({
  at: z.iso.datetime(),
  by: z.string().describe('who did it: "cli:<user>" for the command line on the server'),
  action: z.enum(ADMIN_ACTIONS),
  name: z.string().describe('the administrator it was done to'),
});
export type AdminAuditEntry = z.infer<typeof AdminAuditEntry>;
