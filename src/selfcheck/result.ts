/**
 * The outcome of `tenken selfcheck`: the organisation's answers to IPA's 「5分でできる！情報セキュリティ自社診断」,
 * their points, what the device evidence suggested and whether the answer followed it, the total and its band.
 * It is printed with --format json, saved as the state file, and attached to reports (`scan --attach-selfcheck`);
 * schema/selfcheck.schema.json is generated from it (`npm run schema`).
 */
import { z } from 'zod';
import { CheckStatus, JISHA_ANSWERS } from '../report/vocabulary.ts';

export const SELFCHECK_SCHEMA_VERSION = 1;

export const JishaAnswer = z.enum(JISHA_ANSWERS);
export const JishaPoints = z.union([z.literal(4), z.literal(2), z.literal(0), z.literal(-1)]);

/** IPA's four score bands (src/selfcheck/score.ts has the table and its source). */
export const SELFCHECK_BANDS = ['achieved', 'partly-insufficient', 'insufficient', 'urgent'] as const;
export const SelfCheckBand = z.enum(SELFCHECK_BANDS);
export type SelfCheckBand = z.infer<typeof SelfCheckBand>;

export const SelfCheckSuggestion = z
  .strictObject({
    answer: JishaAnswer,
    checks: z.array(z.strictObject({ id: z.string(), status: CheckStatus })).describe('the checks of the scan the suggestion rests on'),
    taken: z.boolean().describe('whether the answer given is the suggested one'),
  })
  .describe("the answer this device's scan suggested");
export type SelfCheckSuggestion = z.infer<typeof SelfCheckSuggestion>;

export const SelfCheckItem = z.strictObject({
  item: z.string().describe('item number on the sheet, "1" to "25"'),
  answer: JishaAnswer,
  points: JishaPoints,
  answeredBy: z.enum(['person', 'file']).describe('person: at the terminal; file: from --answers'),
  suggestion: SelfCheckSuggestion.nullable().describe('null when the scan observes nothing for this item'),
});
export type SelfCheckItem = z.infer<typeof SelfCheckItem>;

export const SelfCheckResult = z.strictObject({
  selfCheckVersion: z.literal(SELFCHECK_SCHEMA_VERSION),
  catalog: z.strictObject({ id: z.string(), edition: z.string() }),
  answeredAt: z.iso.datetime(),
  scan: z
    .strictObject({
      reportId: z.uuid(),
      deviceId: z.string(),
      hostname: z.string(),
      profile: z.string(),
      policy: z.strictObject({ id: z.string(), version: z.int() }),
      scannedAt: z.iso.datetime(),
      replay: z.boolean(),
    })
    .describe('the scan whose evidence the suggestions came from'),
  items: z.array(SelfCheckItem),
  total: z.int().describe('sum of the points: 4 / 2 / 0 / −1 per item'),
  maxTotal: z.int().positive().describe('4 points per item: 100 for the 25 items'),
  band: SelfCheckBand.describe('achieved: 100; partly-insufficient: 70–99; insufficient: 50–69; urgent: 49 or less'),
});
export type SelfCheckResult = z.infer<typeof SelfCheckResult>;
