import { setTimeout as sleep } from 'node:timers/promises';
import type { JellyfinConnection } from './connection';
import { isJellyfinError } from './errors';

export interface StopRequest {
  readonly sessionId: string;
  readonly itemId?: string;
  readonly userId?: string;
  /** Undefined: no message. */
  readonly message?: { readonly header: string; readonly text: string; readonly timeoutMs: number };
  readonly stop: boolean;
  readonly delayMs: number;
  readonly markUnplayed: boolean;
  /** How long to wait for the session to leave the item before resetting its played state (§ design: ~10 s). */
  readonly leaveTimeoutMs?: number;
}

export interface StopOutcome {
  stopped: boolean;
  notified: boolean;
  unplayed: boolean;
  error?: string;
}

const RETRY_DELAYS_MS = [300, 1_000, 2_000];

/**
 * Runs a Jellyfin call again after a dropped connection, a timeout or a 5xx (a restarting server),
 * never after an answer that says no (401, 404): the viewer should still be told and stopped.
 */
async function withRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const transient = isJellyfinError(err, 'network') || isJellyfinError(err, 'timeout') || isJellyfinError(err, 'server');
      if (!transient || attempt >= RETRY_DELAYS_MS.length || signal.aborted) throw err;
      try {
        await sleep(RETRY_DELAYS_MS[attempt], undefined, { signal });
      } catch {
        throw err;
      }
    }
  }
}

function explain(err: unknown, what: string): string {
  if (isJellyfinError(err, 'not-found')) return `${what}: the session has ended (HTTP 404)`;
  return `${what}: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Message, pause, Stop, then reset the played state — the last only once the session has really
 * left the item, because Jellyfin records the client's stop report after the Stop command and
 * may mark a short dummy video as played then. Never throws; problems end up in `error`.
 */
export async function stopPlayback(connection: JellyfinConnection, request: StopRequest, signal: AbortSignal): Promise<StopOutcome> {
  const outcome: StopOutcome = { stopped: false, notified: false, unplayed: false };
  const errors: string[] = [];
  const client = connection.client;
  const message = request.message;
  if (message) {
    try {
      await withRetries(() => client.sendMessage(request.sessionId, message), signal);
      outcome.notified = true;
    } catch (err) {
      errors.push(explain(err, 'message'));
      if (isJellyfinError(err, 'not-found')) {
        outcome.error = errors.join('; ');
        return outcome;
      }
    }
  }
  if (request.stop) {
    if (request.delayMs > 0) {
      try {
        await sleep(request.delayMs, undefined, { signal });
      } catch {
        outcome.error = 'cancelled: the node was stopped or redeployed';
        return outcome;
      }
    }
    try {
      await withRetries(() => client.stopPlayback(request.sessionId), signal);
      outcome.stopped = true;
    } catch (err) {
      errors.push(explain(err, 'stop'));
    }
  }
  const { itemId, userId } = request;
  if (request.markUnplayed && itemId && userId && !signal.aborted) {
    // Also without our Stop: the flow may stop on another branch, or the short dummy video end by itself.
    await connection.waitUntilLeft(request.sessionId, itemId, request.leaveTimeoutMs ?? 10_000, signal);
    try {
      await withRetries(() => client.markUnplayed(itemId, userId), signal);
      outcome.unplayed = true;
    } catch (err) {
      errors.push(explain(err, 'mark unplayed'));
    }
  }
  if (errors.length > 0) outcome.error = errors.join('; ');
  return outcome;
}
