/**
 * When to try a report again (docs/api.md "Retrying"): exponential backoff with full jitter — a random delay
 * in [0, min(cap, base·2^attempt)) — so that a fleet whose collector comes back does not return all at once
 * (osquery #3706), or the collector's Retry-After when it gave one. Pure: the random source is injected, so
 * tests pin it.
 */

export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  readonly baseMs: number;
  /** No backoff delay grows beyond this (one hour in the protocol). */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 3_600_000 };

/** A Retry-After further out than this is treated as this: a misconfigured collector must not park reports for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * Milliseconds to wait before the next try, after `attempt` failed tries (0 for the first failure).
 * `random` returns a number in [0, 1) like Math.random.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number | null): number {
  if (retryAfterMs != null) return Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 52));
  return Math.floor(random() * ceiling);
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also reads; a bare number was handled above.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
