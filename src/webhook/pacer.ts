/**
 * Spaces request starts evenly for endpoints that limit requests per minute (Discord, hosted APIs):
 * no start comes sooner than 60 s / perMinute after the one before. Even spacing rather than bursts,
 * because a limit's window is rarely known and a burst that fits one window can trip the next.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextStart = Number.NEGATIVE_INFINITY;

  /** `perMinute` 0 (or less) paces nothing. */
  constructor(
    perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = perMinute > 0 ? 60_000 / perMinute : 0;
  }

  /** How long until the next start is allowed; 0 when one may start now. */
  waitMs(): number {
    return this.intervalMs === 0 ? 0 : Math.max(0, this.nextStart - this.now());
  }

  /**
   * Books the next start, no sooner than `notBeforeMs` from now (a retry's backoff), and returns how
   * long to wait for it. Later bookings queue up behind it.
   */
  reserve(notBeforeMs = 0): number {
    if (this.intervalMs === 0) return notBeforeMs;
    const now = this.now();
    const start = Math.max(now + notBeforeMs, this.nextStart);
    this.nextStart = start + this.intervalMs;
    return start - now;
  }
}
