/** Why a fact of the clock-sync probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const CLOCK_SYNC_REASONS = {
  'clock-sync.windows-not-read': t(
    (_) => 'Windows では確認しません（同期の状態を示す w32tm /query /status の出力は表示言語ごとに異なります）',
    (_) => 'not read on Windows: w32tm /query /status, which shows it, prints localized text',
  ),
  'clock-sync.macos-not-read': t(
    (_) => 'macOS では確認しません（いま同期できているかを示す、tenken が読み取る情報がありません）',
    (_) => 'not read on macOS: it offers no source tenken reads that says whether the clock is synchronised now',
  ),
};
