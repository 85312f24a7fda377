/**
 * Policies and guideline catalogs are YAML data (policies/*.yaml, policies/catalogs/*.yaml), validated by
 * these schemas on load. A check names a probe, evidence paths, an operator from a closed set and a
 * threshold (a literal or a parameter that a profile may override); no expressions, no regexes.
 */
import { z } from 'zod';
import { PLATFORMS } from '../host/host.ts';
import { GuidelineRef, Localized, Severity } from '../report/schema.ts';
import { OS_VARIANTS } from './os-variant.ts';

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const CheckId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/, 'use lower-case words joined by - and .');
export const ParamName = z.string().regex(kebab, 'use lower-case words joined by -');
/** ISO 8601 durations in weeks, days, hours, minutes and seconds (years and months have no fixed length). */
export const Duration = z.string().regex(/^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'expected an ISO 8601 duration such as P7D, PT24H or PT15M');
export const Scalar = z.union([z.boolean(), z.number(), z.string()]);
const ParamRef = z.strictObject({ param: ParamName });
export type ParamRef = z.infer<typeof ParamRef>;

const ref = {
  path: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'expected a dotted evidence path such as root.encrypted'),
  label: Localized.optional().describe('what the fact is, for people'),
  states: z
    .strictObject({ yes: Localized, no: Localized })
    .optional()
    .describe('how a true / false value of the fact reads to people (有効 / 無効, あり / なし); default はい / いいえ'),
};
export const OPERATORS = ['eq', 'ne', 'in', 'not-in', 'lt', 'lte', 'gt', 'gte', 'max-age', 'not-expired', 'empty', 'not-empty'] as const;
export const Expectation = z.discriminatedUnion('op', [
  z.strictObject({ ...ref, op: z.enum(['eq', 'ne']), value: z.union([Scalar, ParamRef]) }),
  z.strictObject({ ...ref, op: z.enum(['in', 'not-in']), value: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.strictObject({ ...ref, op: z.enum(['lt', 'lte', 'gt', 'gte']), value: z.union([z.number(), ParamRef]) }),
  z.strictObject({ ...ref, op: z.literal('max-age').describe('a timestamp no older than the duration'), value: z.union([Duration, ParamRef]) }),
  z.strictObject({ ...ref, op: z.literal('not-expired').describe('a date that is today or later') }),
  z.strictObject({ ...ref, op: z.literal('empty').describe('a list with no entries') }),
  z.strictObject({ ...ref, op: z.literal('not-empty').describe('a list with at least one entry') }),
]);
export type Expectation = z.infer<typeof Expectation>;

/**
 * How to fix a failed check, per OS; where the steps differ within one, per Linux family or Windows version
 * (linux-debian, linux-rhel, win32-10, win32-11, see os-variant.ts). The device is given the most specific
 * text there is: its variant's, else its OS's. A variant comes with its OS's text, for the devices of no
 * known family.
 */
export const Remediation = z.strictObject({
  linux: Localized.optional(),
  win32: Localized.optional(),
  darwin: Localized.optional(),
  ...(Object.fromEntries(OS_VARIANTS.map((v) => [v, Localized.optional()])) as Record<(typeof OS_VARIANTS)[number], z.ZodOptional<typeof Localized>>),
});
export type Remediation = z.infer<typeof Remediation>;

const SUPPORTS_SHAPE = 'expected main: and/or supplementary: lists of catalog:item, e.g. supports: { main: [ipa-jisha-shindan:13], supplementary: [ipa-5kajo:1] }';
/**
 * The guideline items a check supports, and how (DESIGN.md "Rolling checks up into IPA items"): main, the
 * measure the item asks for (failing, the item is not implemented); supplementary, a measure that completes
 * it (failing, the item is partly implemented).
 */
export const Supports = z
  .strictObject(
    {
      main: z.array(GuidelineRef).default([]).describe('items whose main measure this check is: when it fails, the item is not implemented'),
      supplementary: z.array(GuidelineRef).default([]).describe('items this check completes: when it fails and the main measures pass, the item is partly implemented'),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? SUPPORTS_SHAPE : undefined) },
  )
  .default({ main: [], supplementary: [] });
export type Supports = z.infer<typeof Supports>;

export const Check = z.strictObject({
  id: CheckId,
  title: Localized,
  rationale: Localized.optional(),
  severity: Severity,
  probe: z.string().regex(kebab),
  platforms: z.array(z.enum(PLATFORMS)).min(1).optional().describe('the check is not_applicable elsewhere'),
  applicableWhen: z.array(Expectation).min(1).optional().describe('all must hold, else the check is not_applicable'),
  expect: z.union([z.strictObject({ all: z.array(Expectation).min(1) }), z.strictObject({ any: z.array(Expectation).min(1) })]),
  remediation: Remediation,
  supports: Supports,
});
export type Check = z.infer<typeof Check>;

export const Param = z.strictObject({
  type: z.enum(['number', 'duration', 'boolean', 'string']),
  default: Scalar,
  description: Localized.optional(),
});
export type Param = z.infer<typeof Param>;

export const Profile = z.strictObject({
  title: Localized,
  description: Localized.optional(),
  checks: z.union([z.literal('all'), z.array(CheckId).min(1)]),
  params: z.record(ParamName, Scalar).default({}),
  gate: z
    .strictObject({
      confirm: z.array(GuidelineRef).default([]).describe('guideline items the agent cannot observe, listed for the person to confirm'),
    })
    .optional()
    .describe('the profile decides go / no-go (`tenken check <profile>`): any failed check blocks, any undecided check makes it cannot-tell'),
});
export type Profile = z.infer<typeof Profile>;

export const Policy = z.strictObject({
  tenkenPolicy: z.literal(1),
  id: z.string().regex(kebab),
  version: z.int().positive(),
  title: Localized,
  description: Localized.optional(),
  catalogs: z.array(z.string().regex(kebab)).default([]).describe('guideline catalogs (policies/catalogs/<id>.yaml) the checks support'),
  params: z.record(ParamName, Param).default({}),
  checks: z.array(Check).min(1),
  defaultProfile: z.string().regex(kebab),
  profiles: z.record(z.string().regex(kebab), Profile),
});
export type Policy = z.infer<typeof Policy>;

export const CatalogItem = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9.-]+$/),
  group: Localized.optional(),
  title: Localized,
  observable: z.enum(['auto', 'partial', 'manual']).describe('how far a device can evidence the item'),
  advice: Localized.optional().describe('what to do when the item is not fully implemented (tenken selfcheck prints it); say in the catalog\'s source whose words these are'),
});
export type CatalogItem = z.infer<typeof CatalogItem>;
export const Catalog = z.strictObject({
  tenkenCatalog: z.literal(1),
  id: z.string().regex(kebab),
  title: Localized,
  short: Localized.describe('short name for lists, e.g. 自社診断'),
  edition: z.string().min(1),
  publisher: z.string(),
  source: z.string().min(1).describe('where the item texts come from'),
  scoring: z.literal('jisha-shindan').optional().describe('answers scored 4 / 2 / 0 / −1'),
  items: z.array(CatalogItem).min(1),
});
export type Catalog = z.infer<typeof Catalog>;
