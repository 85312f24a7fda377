/**
 * What the dashboard shows of one stored report: the fields of the signed report the pages read (a report
 * from an older policy opens with its own check titles, even of checks the current policy no longer has).
 * Two things are decided here and nowhere else, so each can be switched in one place:
 * - where a check's title comes from (`checkTitle`): the report's own `checks[].title`, which is what the
 *   policy that report was judged by says — never the newest title some other device sent;
 * - how a reason reads (`reasonText`): the report's reason code in the reader's language.
 */
import type { Lang } from '../i18n/lang.ts';
import { renderReason } from '../i18n/reasons.ts';
import { type ReasonJson } from '../i18n/reason.ts';
import { REPORT_SCHEMA_VERSION, type CheckResult, type ExpectationResult, type GuidelineItemResult, type Report } from '../report/schema.ts';
import type { CheckStatus, Localized } from '../report/vocabulary.ts';
import type { StoredReport } from './read-model.ts';

export type ShownExpectation = ExpectationResult;
export type ShownCheck = CheckResult;
export type ShownGuideline = GuidelineItemResult;
/** The parts of a report the pages read. */
export type ShownReport = Pick<Report, 'reportId' | 'device' | 'scan' | 'checks' | 'guidelines' | 'gate'>;

/**
 * The stored report as the pages show it; null when it is not a report the pages can read. The collector
 * validated it against the report schema when it arrived (src/collector/verify-upload.ts) and stores it
 * unchanged, so only its version and shape are looked at here: parsing every check again with the schema
 * cost a page listing 50 devices' reports about 70 ms (1.3 ms a report), for nothing new.
 */
export function shownReport(stored: StoredReport): ShownReport | null {
  const r = stored.report as Partial<Report> | null;
  if (r === null || typeof r !== 'object' || r.schemaVersion !== REPORT_SCHEMA_VERSION) return null;
  if (!Array.isArray(r.checks) || !Array.isArray(r.guidelines) || typeof r.scan !== 'object' || typeof r.device !== 'object') return null;
  // Without the probes' evidence (most of a report): what the pages keep in memory stays small.
  const { reportId, device, scan, checks, guidelines, gate } = r as Report;
  return { reportId, device, scan, checks, guidelines, gate };
}

/** A check's title as the report's own policy worded it (the one place titles are taken from). */
export function checkTitle(report: ShownReport, checkId: string): Localized {
  return report.checks.find((c) => c.id === checkId)?.title ?? { ja: checkId, en: checkId };
}

/**
 * Why a check or a fact could not be decided, in the reader's language: the reason code a report carries
 * (`why`), rendered like the CLI renders it; a report from before reason codes has an English sentence only.
 */
export function reasonText(subject: { readonly why?: ReasonJson | undefined; readonly reason?: string | undefined }, lang: Lang): string | null {
  if (subject.why) return renderReason(subject.why, lang);
  return subject.reason ?? null;
}

/** Statuses worst first: the order the checks of a report are listed in. */
export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'error', 'unknown', 'pass', 'not_applicable'];

export const byStatus = (a: ShownCheck, b: ShownCheck): number => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
