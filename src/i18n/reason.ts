/**
 * Why a fact is unknown or a check undecided, as a code with parameters (and, where the OS said something,
 * its words as a quoted detail). The report stores the code; people read it in their language (the texts and
 * renderReason are in reasons.ts). A code used with a missing or misspelt parameter fails to typecheck.
 */
import { z } from 'zod';
import type { REASONS } from './reasons.ts';

export type ReasonCode = keyof typeof REASONS;
export type ReasonParams<C extends ReasonCode> = Parameters<(typeof REASONS)[C]['en']>[0];

/** A reason as tenken writes it: a known code with exactly its parameters. */
export type Reason = { [C in ReasonCode]: { readonly code: C; readonly params: ReasonParams<C>; readonly detail?: string } }[ReasonCode];

/** A reason as the report carries it (it may come from another version of tenken, so any code). */
export const ReasonJson = z
  .strictObject({
    code: z.string().describe('what kind of reason, e.g. clamav.no-signatures; REASONS in src/i18n/reasons.ts has its ja and en text'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()).readonly()])).describe('the values the text names'),
    detail: z.string().optional().describe("the operating system's own words (an error message, unexpected output), quoted as they were"),
  })
  .describe('a reason: a code with parameters, language-neutral');
export type ReasonJson = z.infer<typeof ReasonJson>;

type ParamArgs<C extends ReasonCode> = Record<never, never> extends ReasonParams<C> ? [params?: ReasonParams<C>, detail?: string] : [params: ReasonParams<C>, detail?: string];

/** `because('clamav.no-signatures', { dir })`, `because('command.failed', { command, exitCode }, stderrLine)`. */
export function because<C extends ReasonCode>(code: C, ...[params, detail]: ParamArgs<C>): Reason {
  const d = detail?.trim();
  return { code, params: params ?? {}, ...(d ? { detail: d.length > 300 ? `${d.slice(0, 300)}…` : d } : {}) } as Reason;
}
