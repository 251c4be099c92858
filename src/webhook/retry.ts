/** When to try again, and how long to wait first. */

export interface BackoffPolicy {
  /** Delay before the first retry; doubles after each. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, whatever the server asks for. */
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with jitter (between half and all of the step), so retries from many flows spread out. */
export function backoffDelay(retryNumber: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = policy.baseDelayMs * 2 ** (retryNumber - 1);
  return Math.min(policy.maxDelayMs, Math.round(step * (0.5 + random() * 0.5)));
}
