/**
 * Failed authentications per client address in a fixed window: wrong administrator passwords over HTTP Basic,
 * unknown device tokens, wrong enroll secrets. @fastify/rate-limit counts every request, which would also stop
 * an administrator's script or a fleet behind one NAT address that authenticates correctly; this counts only
 * the failures, and the routes refuse an address over its limit before they do the costly part (scrypt, a
 * database lookup), so a guessing script cannot take the CPU from real requests either.
 * Kept in memory: per collector instance, like the other limits.
 */
export class FailureLimit {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(max: number, windowMs: number, now: () => number = Date.now) {
    this.max = max;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Seconds until the address may try again; null: not blocked. */
  retryAfter(address: string): number | null {
    const w = this.windows.get(address);
    if (!w) return null;
    const left = w.resetAt - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return null;
    }
    return w.failures >= this.max ? Math.ceil(left / 1000) : null;
  }

  /** Takes back one failure: an attempt counted up front (see fail) turned out right. */
  forgive(address: string): void {
    const w = this.windows.get(address);
    if (w && w.failures > 0) w.failures--;
  }

  /**
   * Counts a failure. A caller may count an attempt before checking it and forgive() it when it was right: then
   * twenty guesses sent at once are held to the limit too, not only those that finished before the next began.
   */
  fail(address: string): void {
    const at = this.now();
    const w = this.windows.get(address);
    if (w && w.resetAt > at) {
      w.failures++;
      return;
    }
    // Windows of addresses that stopped trying are dropped when the map grows, not on a timer.
    if (this.windows.size >= 10_000) for (const [k, v] of this.windows) if (v.resetAt <= at) this.windows.delete(k);
    this.windows.set(address, { failures: 1, resetAt: at + this.windowMs });
  }
}
