/**
 * The words the report and the self-check result share. They live apart from src/report/schema.ts so that
 * the report (which may carry a self-check) and src/selfcheck/result.ts can both import them without a cycle.
 */
import { z } from 'zod';

/** Bounded (4096 characters each, far above any title or remediation) and without NUL: reports carry them, and the collector keeps them (PostgreSQL's text cannot hold a NUL). */
/** A bounded string without NUL: text the collector keeps in its own columns (PostgreSQL's text cannot hold a NUL). */
export const storedText = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/, 'no NUL character');

const LocalizedText = storedText(4096);
export const Localized = z.strictObject({ ja: LocalizedText, en: LocalizedText }).describe('text in Japanese and English');
export type Localized = z.infer<typeof Localized>;

export const CHECK_STATUSES = ['pass', 'fail', 'unknown', 'not_applicable', 'error'] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

/**
 * How a check supports a guideline item (DESIGN.md "Rolling checks up into IPA items"): as the item's main
 * measure (it failing means the item is not implemented) or as a supplementary one (it failing means partly).
 */
export const SUPPORT_ROLES = ['main', 'supplementary'] as const;
export const SupportRole = z.enum(SUPPORT_ROLES);
export type SupportRole = z.infer<typeof SupportRole>;

/** The answers of IPA's 5分でできる！情報セキュリティ自社診断 and their points (research/policy-report.md A3). */
export const JISHA_ANSWERS = ['implemented', 'partly_implemented', 'not_implemented', 'unknown'] as const;
export type JishaAnswer = (typeof JISHA_ANSWERS)[number];
export const JISHA_POINTS = { implemented: 4, partly_implemented: 2, not_implemented: 0, unknown: -1 } as const satisfies Record<JishaAnswer, number>;
