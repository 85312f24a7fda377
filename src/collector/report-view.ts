/**
 * What the dashboard shows of one stored report: the fields of the signed report the pages read, parsed
 * leniently (a report from an older agent or policy still opens; fields the pages do not read are ignored).
 * Two things are decided here and nowhere else, so each can be switched in one place:
 * - where a check's title comes from (`checkTitle`): the report's own `checks[].title`, which is what the
 *   policy that report was judged by says — never the newest title some other device sent;
 * - how a reason reads (`reasonText`): reports carry a sentence today, `{ code, params, detail }` soon.
 */
import { z } from 'zod';
import type { Lang } from '../i18n/lang.ts';
import { CheckStatus, Localized, SupportRole } from '../report/vocabulary.ts';
import type { StoredReport } from './read-model.ts';

const ShownExpectation = z.object({
  path: z.string(),
  label: Localized.nullable().optional(),
  op: z.string(),
  expected: z.unknown(),
  observed: z.unknown(),
  met: z.boolean().nullable(),
  reason: z.unknown().optional(),
});
export type ShownExpectation = z.infer<typeof ShownExpectation>;

const ShownCheck = z.object({
  id: z.string(),
  title: Localized,
  status: CheckStatus,
  reason: z.unknown().optional(),
  expectations: z.array(ShownExpectation).default([]),
  remediation: Localized.nullable().default(null),
  supports: z.array(z.string()).default([]),
});
export type ShownCheck = z.infer<typeof ShownCheck>;

const ShownGuideline = z.object({
  ref: z.string(),
  catalog: z.string(),
  item: z.string(),
  title: Localized,
  status: z.string(),
  checks: z.array(z.object({ id: z.string(), role: SupportRole })).default([]),
});
export type ShownGuideline = z.infer<typeof ShownGuideline>;

export const ShownReport = z.object({
  reportId: z.string(),
  device: z.object({ hostname: z.string(), os: z.object({ platform: z.string(), name: z.string(), version: z.string(), build: z.string().default('') }) }),
  scan: z.object({ profile: z.string(), finishedAt: z.string(), policy: z.object({ id: z.string(), version: z.number(), sha256: z.string() }) }),
  checks: z.array(ShownCheck),
  guidelines: z.array(ShownGuideline).default([]),
  gate: z.object({ decision: z.enum(['go', 'no-go', 'cannot-tell']), blocking: z.array(z.string()), undecided: z.array(z.string()) }).nullable().default(null),
});
export type ShownReport = z.infer<typeof ShownReport>;

/** The stored report as the pages show it; null when it is not a report the pages can read. */
export function shownReport(stored: StoredReport): ShownReport | null {
  const parsed = ShownReport.safeParse(stored.report);
  return parsed.success ? parsed.data : null;
}

/** A check's title as the report's own policy worded it (the one place titles are taken from). */
export function checkTitle(report: ShownReport, checkId: string): Localized {
  return report.checks.find((c) => c.id === checkId)?.title ?? { ja: checkId, en: checkId };
}

/** A reason in the reader's language: a sentence as sent, or a coded reason's detail. */
export function reasonText(reason: unknown, lang: Lang): string | null {
  if (typeof reason === 'string') return reason;
  if (reason !== null && typeof reason === 'object') {
    const r = reason as { [k: string]: unknown };
    const localized = Localized.safeParse(r.text);
    if (localized.success) return localized.data[lang];
    if (typeof r.detail === 'string') return r.detail;
    if (typeof r.code === 'string') return r.code;
  }
  return null;
}

/** Statuses worst first: the order the checks of a report are listed in. */
export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'error', 'unknown', 'pass', 'not_applicable'];

export const byStatus = (a: ShownCheck, b: ShownCheck): number => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
