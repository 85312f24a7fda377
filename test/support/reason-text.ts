/** A reason (code + parameters) as its English text, for assertions that read what a person would. */
import { renderReason } from '../../src/i18n/reasons.ts';
import { type ReasonJson } from '../../src/i18n/reason.ts';

export const enReason = (r: ReasonJson | undefined): string | undefined => (r === undefined ? undefined : renderReason(r, 'en'));
