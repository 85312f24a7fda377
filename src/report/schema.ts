/**
 * The posture report: the single source of truth for what tenken emits. schema/report.schema.json is
 * generated from it (`npm run schema`) and a test keeps the file current. Every report is validated
 * with this schema before it is printed, written or sent.
 */
import { z } from 'zod';
import { PLATFORMS } from '../host/host.ts';
import { ReasonJson } from '../i18n/reason.ts';
import { SelfCheckResult } from '../selfcheck/result.ts';
import { CHECK_STATUSES, CheckStatus, JISHA_ANSWERS, Localized, storedText, SupportRole } from './vocabulary.ts';

export { CHECK_STATUSES, CheckStatus, JISHA_ANSWERS, Localized, SupportRole };

/**
 * 2 (2026-12): guideline items list their checks as `{ id, role }` (main or supplementary measure), and reasons are
 * codes with parameters (`evidence.unknown`, `checks[].why`). A collector refuses reports of another version by name.
 */
export const REPORT_SCHEMA_VERSION = 2;

/**
 * Bounds on every string and list a report holds: far above any real report (21 checks, 82 items, 6 probes
 * today), low enough that a hostile or broken agent cannot make the collector keep or bind unbounded lists
 * (issue 13). Evidence, expected and observed values are bounded by the envelope's size and the collector's
 * nesting limit (src/collector/strict-json.ts).
 */
export const REPORT_LIMITS = { id: 256, text: 4096, probes: 200, checks: 500, guidelines: 1000, list: 500, macs: 64 } as const;
/** No NUL either: no name or id a PC reports has one. */
const Id = storedText(REPORT_LIMITS.id);
const Text = z.string().max(REPORT_LIMITS.text);
const list = <T extends z.ZodType>(item: T, max: number = REPORT_LIMITS.list) => z.array(item).max(max);

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);

const probeBase = {
  probe: Id.describe('probe id'),
  version: Id.describe('probe version'),
  durationMs: z.number().nonnegative(),
};
export const ProbeOutcome = z.discriminatedUnion('status', [
  z.strictObject({ ...probeBase, status: z.literal('ok'), evidence: z.record(Id, z.unknown()).describe('facts, as the probe schema defines them') }),
  z.strictObject({ ...probeBase, status: z.literal('unsupported'), reason: Text }),
  z.strictObject({ ...probeBase, status: z.literal('skipped'), reason: z.literal('needs-admin') }),
  z.strictObject({ ...probeBase, status: z.literal('error'), message: Text, timedOut: z.boolean() }),
]);
export type ProbeOutcome = z.infer<typeof ProbeOutcome>;

export const ExpectationResult = z.strictObject({
  path: Id.describe('evidence path'),
  label: Localized.nullable(),
  op: Id,
  expected: z.unknown().describe('the threshold after profile parameters were applied; null for operators without one'),
  observed: z.unknown().describe('the evidence value; null when the fact could not be established'),
  met: z.boolean().nullable().describe('null: could not be decided'),
  reason: Text.optional().describe('why the fact is unknown, in English (for logs and machines; `why` is the same reason as a code)'),
  why: ReasonJson.optional().describe('why the fact is unknown, as a code with parameters that a reader renders in their language'),
});
export type ExpectationResult = z.infer<typeof ExpectationResult>;

export const GuidelineRef = Id.regex(/^[a-z0-9-]+:[A-Za-z0-9.-]+$/).describe('catalog:item, e.g. ipa-jisha-shindan:14');

export const CheckResult = z.strictObject({
  id: Id,
  title: Localized,
  severity: Severity,
  probe: Id,
  status: CheckStatus,
  reason: Text.optional().describe('for unknown, not_applicable and error: why, in English (for logs and machines; `why` is the same reason as a code)'),
  why: ReasonJson.optional().describe('for unknown, not_applicable and error: why, as a code with parameters that a reader renders in their language'),
  reasonCode: z
    .enum(['unsupported-platform', 'needs-admin', 'probe-error', 'platform', 'not-applicable', 'unknown-fact'])
    .optional()
    .describe('what kind of reason: the probe cannot run on this OS, needs admin rights, failed; the check is for other platforms, or its applicability condition is false; a fact is unknown'),
  expectations: list(ExpectationResult),
  remediation: Localized.nullable().describe("how to fix it on this device's OS (the Linux family's or Windows version's own text where the policy has one)"),
  supports: list(GuidelineRef),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const GuidelineItemResult = z.strictObject({
  ref: GuidelineRef,
  catalog: Id,
  edition: Id,
  item: Id,
  title: Localized,
  status: z
    .enum(['pass', 'partial', 'fail', 'unknown', 'not_applicable', 'manual'])
    .describe(
      'pass: every applicable check passes; fail: a main measure fails; partial: the main measures pass and a supplementary one fails; unknown: a main measure (or, when the rest pass, a supplementary one) is unknown or errored; not_applicable: no main measure applies to this device; manual: no check of this profile observes a main measure',
    ),
  checks: list(z.strictObject({ id: Id, role: SupportRole })).describe('the checks of this profile that support the item, and how (policy order)'),
  suggestedAnswer: z.enum(JISHA_ANSWERS).optional().describe('自社診断 only: the answer the device evidence suggests'),
  points: z.union([z.literal(4), z.literal(2), z.literal(0), z.literal(-1)]).optional(),
});
export type GuidelineItemResult = z.infer<typeof GuidelineItemResult>;

export const Report = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  reportId: z.uuid(),
  agent: z.strictObject({ name: z.literal('tenken'), version: Id }),
  device: z.strictObject({
    id: Id.describe('stable device id derived from the OS machine id'),
    hostname: Id.max(255),
    os: z.strictObject({
      platform: z.enum(PLATFORMS),
      name: Id,
      version: Id,
      build: Id,
      kernel: Id,
      arch: Id,
    }),
    hardware: z.strictObject({
      manufacturer: Id.nullable(),
      model: Id.nullable(),
      serial: Id.nullable(),
      uuid: Id.nullable(),
      macs: list(Id, REPORT_LIMITS.macs),
      virtual: z.boolean().nullable(),
    }),
  }),
  scan: z.strictObject({
    profile: Id,
    policy: z.strictObject({ id: Id, version: z.int(), sha256: Id.regex(/^[0-9a-f]{64}$/), source: Text }),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    admin: z.boolean().describe('whether the agent ran with administrator/root rights'),
    consoleUser: z
      .strictObject({ name: Id, sessionType: Id, desktop: Id.nullable(), graphical: z.boolean() })
      .nullable(),
    consoleUserReason: z.union([ReasonJson, Text]).optional().describe('why no console user was found (English text from agents before reason codes)'),
    replay: z.strictObject({ source: Text, recordedAt: z.iso.datetime() }).nullable().describe('set when the scan replayed a recording'),
  }),
  probes: list(ProbeOutcome, REPORT_LIMITS.probes),
  checks: list(CheckResult, REPORT_LIMITS.checks),
  guidelines: list(GuidelineItemResult, REPORT_LIMITS.guidelines),
  gate: z
    .strictObject({
      decision: z.enum(['go', 'no-go', 'cannot-tell']),
      blocking: list(Id).describe('failed checks: each must be fixed before going'),
      undecided: list(Id).describe('checks that could not be decided (unknown or error)'),
      confirm: list(z.strictObject({ ref: GuidelineRef, title: Localized })).describe('what the person must confirm themselves'),
    })
    .nullable()
    .describe('the go / no-go decision of a gate profile such as telework-return; null for other profiles'),
  summary: z.strictObject({
    result: z.enum(['compliant', 'failed', 'incomplete']),
    counts: z.strictObject(Object.fromEntries(CHECK_STATUSES.map((s) => [s, z.int().nonnegative()])) as Record<(typeof CHECK_STATUSES)[number], z.ZodInt>),
    jishaShindan: z
      .strictObject({
        catalog: Id,
        edition: Id,
        itemsObserved: z.int().nonnegative(),
        points: z.int(),
        maxPoints: z.int().nonnegative(),
        note: Localized,
      })
      .nullable()
      .describe('points of the items this device evidences, out of their maximum; never a total out of 100'),
  }),
  delivery: z
    .strictObject({
      deviceId: z.uuid().describe('the id this device enrolled with (tenken enroll); the collector files the report under it'),
      sequence: z.int().positive().describe('1, 2, 3… per device: gaps and repeats let the collector see lost or replayed reports'),
      previousReportId: z.uuid().nullable(),
      queuedAt: z.iso.datetime(),
      trigger: z.enum(['manual', 'schedule', 'agent']).describe('tenken scan --send, a scheduled job, or tenken agent'),
      intervalSeconds: z.int().positive().nullable().describe('how often this device scans on schedule; the collector calls it silent after twice that'),
    })
    .optional()
    .describe('added when the report is queued for a collector; covered by the signature like the rest'),
  selfCheck: SelfCheckResult.optional().describe('the organisation\'s answers to the 自社診断, attached with `tenken scan --attach-selfcheck`'),
});
export type Report = z.infer<typeof Report>;
