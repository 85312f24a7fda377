/**
 * Durations people type on the command line (`--every 24h`, `--splay 30m`, `1h30m`): whole seconds,
 * minutes, hours and days, summed. One parser for schedule, agent and splay options.
 */
import { argumentError } from './commands/argument-error.ts';
import type { Lang } from './i18n/lang.ts';
import { ARGUMENT_ERRORS as A } from './i18n/help-messages.ts';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds in `text`, or null when it is not a duration such as 90s, 15m, 24h, 7d or 1h30m. */
export function parseDurationSeconds(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[smhd])+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) total += Number(n) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  return Number.isSafeInteger(total) && total > 0 ? total : null;
}

/** The shortest way to write `seconds` back (86400 → "24h", 5400 → "1h30m"), for messages and unit files. */
export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds >= 86_400 * 2) return `${seconds / 86_400}d`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}

/** A commander option parser: `--every <duration>` with at least `minSeconds`, a usage error (exit 2) in `lang` otherwise. */
export const durationOption =
  (minSeconds: number, lang: Lang) =>
  (value: string): number => {
    const seconds = parseDurationSeconds(value);
    if (seconds === null) throw argumentError(lang, A.notDuration, { value });
    if (seconds < minSeconds) throw argumentError(lang, A.tooShort, { value, min: formatDuration(minSeconds) });
    return seconds;
  };
