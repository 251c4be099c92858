import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeNetworkError } from '../http/network-error';
import type { Exchange } from './answer-collector';
import type { RequestDispatcher } from './connection-pool';
import type { PreparedRequest } from './request';
import { backoffDelay, DEFAULT_BACKOFF, isRetryableStatus, parseRetryAfter, type BackoffPolicy } from './retry';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface SendOptions {
  readonly dispatcher: RequestDispatcher;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff?: BackoffPolicy;
  /** Aborts the attempt in flight and any wait (the node is closing). */
  readonly signal?: AbortSignal;
  readonly maxBodyBytes?: number;
  readonly random?: () => number;
  /** Told about each failed attempt that will be retried. */
  readonly onRetry?: (info: RetryInfo) => void;
  /**
   * Books the start of a retry with the rate limit, no sooner than the backoff asks, and returns how
   * long to wait; without it the backoff alone decides.
   */
  readonly pace?: (backoffMs: number) => number;
}

export interface RetryInfo {
  readonly attempt: number;
  readonly reason: string;
  readonly delayMs: number;
}

export interface SendResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly headers: Record<string, string | string[]>;
  readonly body: unknown;
  readonly durationMs: number;
  readonly attempts: number;
  readonly error?: string;
  /** 'HTTP', 'TIMEOUT', 'CANCELLED' or the network error code (ECONNREFUSED, …). */
  readonly errorCode?: string;
  readonly truncated?: boolean;
  /** The status arrived but the body broke off (reset, timeout): `body` is empty and the attempt is not repeated. */
  readonly bodyIncomplete?: boolean;
  /** Something worth a warning although the status stands (why the body is incomplete). */
  readonly warning?: string;
}

type Attempt =
  | {
      readonly kind: 'response';
      readonly statusCode: number;
      readonly headers: Record<string, string | string[]>;
      readonly body: unknown;
      readonly truncated: boolean;
      /** Why the body stopped short of its end (reset, timeout); the status stands. */
      readonly incomplete?: string;
    }
  | { readonly kind: 'failure'; readonly code: string; readonly message: string };

type Failure = Extract<Attempt, { readonly kind: 'failure' }>;

/**
 * Requests in flight per closing signal. One listener on the node's signal aborts them all, instead
 * of an AbortController and an AbortSignal.any per attempt, which showed in profiles of bursts.
 */
const exchangesByClosingSignal = new WeakMap<AbortSignal, Set<Exchange>>();

const CLOSING = Object.assign(new Error('cancelled: the node was stopped or redeployed'), { code: 'CANCELLED' });

function abortWith(closing: AbortSignal, exchange: Exchange): () => void {
  let exchanges = exchangesByClosingSignal.get(closing);
  if (!exchanges) {
    const created = new Set<Exchange>();
    exchanges = created;
    exchangesByClosingSignal.set(closing, created);
    closing.addEventListener('abort', () => created.forEach((each) => each.abort(CLOSING)), { once: true });
  }
  exchanges.add(exchange);
  const set = exchanges;
  return () => set.delete(exchange);
}

function statusText(status: number): string {
  return `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
}

function parseBody(text: string, contentType: string | string[] | undefined): unknown {
  const type = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  if (text === '' || !/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const CANCELLED: Failure = { kind: 'failure', code: 'CANCELLED', message: 'cancelled: the node was stopped or redeployed' };

async function attemptOnce(prepared: PreparedRequest, options: SendOptions, host: string): Promise<Attempt> {
  if (options.signal?.aborted) return CANCELLED;
  const exchange = options.dispatcher.exchange(
    {
      origin: prepared.target.origin,
      path: `${prepared.target.pathname}${prepared.target.search}`,
      method: prepared.method,
      headers: prepared.headers.flat(),
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
    },
    options.maxBodyBytes ?? MAX_BODY_BYTES,
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    exchange.abort(new Error('timeout'));
  }, options.timeoutMs);
  const release = options.signal ? abortWith(options.signal, exchange) : undefined;
  const failure = (err: unknown): Failure => {
    if (options.signal?.aborted) return CANCELLED;
    if (timedOut)
      return { kind: 'failure', code: 'TIMEOUT', message: `timeout: no complete answer from ${host} within ${options.timeoutMs / 1000} s` };
    const described = describeNetworkError(err, host, prepared.target.protocol === 'https:');
    return { kind: 'failure', code: described.code, message: described.message };
  };
  try {
    const answer = await exchange.answer;
    // The status line has arrived: it is the answer, whatever happened to the body. Sending again after a
    // 2xx would repeat a request the endpoint has already taken.
    const { statusCode, headers } = answer;
    if (answer.broken !== undefined) {
      const cause = failure(answer.broken);
      return cause === CANCELLED ? cause : { kind: 'response', statusCode, headers, body: '', truncated: false, incomplete: cause.message };
    }
    return { kind: 'response', statusCode, headers, body: parseBody(answer.text, headers['content-type']), truncated: answer.truncated };
  } catch (err) {
    return failure(err);
  } finally {
    clearTimeout(timer);
    release?.();
  }
}

/** Sends a prepared request: per-attempt timeout, retries on network errors, 5xx and 429 with backoff and Retry-After. */
export async function sendWebhook(prepared: PreparedRequest, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const host = prepared.target.host;
  const maxAttempts = 1 + Math.max(0, options.retries);
  let attempt = 0;
  for (;;) {
    attempt++;
    const outcome = await attemptOnce(prepared, options, host);
    const elapsed = () => Math.round(performance.now() - started);
    if (outcome.kind === 'response') {
      const ok = outcome.statusCode >= 200 && outcome.statusCode < 300;
      const result: SendResult = {
        ok,
        statusCode: outcome.statusCode,
        headers: outcome.headers,
        body: outcome.body,
        durationMs: elapsed(),
        attempts: attempt,
        ...(ok ? {} : { error: statusText(outcome.statusCode), errorCode: 'HTTP' }),
        ...(outcome.truncated ? { truncated: true } : {}),
        ...(outcome.incomplete === undefined
          ? {}
          : {
              bodyIncomplete: true,
              warning: `${statusText(outcome.statusCode)} arrived, but its body did not arrive in full: ${outcome.incomplete}`,
            }),
      };
      if (ok || !isRetryableStatus(outcome.statusCode) || attempt >= maxAttempts) return result;
      const asked = parseRetryAfter(outcome.headers['retry-after'], Date.now());
      const delayMs = paced(Math.min(backoff.maxDelayMs, asked ?? backoffDelay(attempt, backoff, options.random)), options);
      options.onRetry?.({ attempt, reason: statusText(outcome.statusCode), delayMs });
      if (!(await wait(delayMs, options.signal))) return result;
    } else {
      const result: SendResult = {
        ok: false,
        statusCode: null,
        headers: {},
        body: undefined,
        durationMs: elapsed(),
        attempts: attempt,
        error: outcome.message,
        errorCode: outcome.code,
      };
      if (outcome.code === 'CANCELLED' || attempt >= maxAttempts) return result;
      const delayMs = paced(backoffDelay(attempt, backoff, options.random), options);
      options.onRetry?.({ attempt, reason: outcome.message, delayMs });
      if (!(await wait(delayMs, options.signal)))
        return { ...result, error: 'cancelled: the node was stopped or redeployed', errorCode: 'CANCELLED' };
    }
  }
}

function paced(backoffMs: number, options: SendOptions): number {
  return options.pace ? options.pace(backoffMs) : backoffMs;
}

/** Resolves true after the delay, false at once when the signal aborts. */
async function wait(delayMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await sleep(delayMs, undefined, signal ? { signal } : undefined);
    return true;
  } catch {
    return false;
  }
}
