/** Why a fact of the screen-lock probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const SCREEN_LOCK_REASONS = {
};
