import { setTimeout as sleep } from 'node:timers/promises';
import { isJellyfinError } from '../jellyfin/errors';
import { idProblem } from '../jellyfin/path-id';
import { refusesApiKeyRemoteControl } from '../jellyfin/server-version';
import type { JellyfinConnection } from '../playback/connection';
import type { PathMatcher } from '../playback/path-match';
import { isVirtualParent } from '../playback/virtual-parent';

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
  /**
   * The played episode's series, reset too when it is itself a placeholder (as JellyNext resets the
   * parent's user data), so the virtual show stays out of Next Up and Continue Watching.
   */
  readonly parent?: { readonly seriesId: string; readonly itemPath: string; readonly matcher: PathMatcher };
}

export interface StopOutcome {
  stopped: boolean;
  notified: boolean;
  unplayed: boolean;
  /** The virtual series was reset too. */
  parentUnplayed: boolean;
  error?: string;
  /** Set when the server cannot take Message or Stop from an API key at all (10.9.0–10.9.2): upgrading is the fix. */
  upgradeNeeded?: boolean;
}

const RETRY_DELAYS_MS = [300, 1_000, 2_000];

/**
 * Runs a Jellyfin call again after a dropped connection, a timeout or a 5xx (a restarting server),
 * never after an answer that says no (401, 404): the viewer should still be told and stopped.
 */
export async function withRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
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

export const UPGRADE_10_9_3 = 'Jellyfin 10.9.0–10.9.2 refuse messages and Stop sent with an API key (HTTP 400); upgrade to 10.9.3 or newer';

/** A 400 to Message or Stop: on 10.9.0–10.9.2 it is the server's API-key bug, which retrying cannot get past. */
export async function isApiKeyBug(err: unknown, connection: JellyfinConnection): Promise<boolean> {
  return isJellyfinError(err, 'bad-request') && refusesApiKeyRemoteControl(await connection.serverVersion());
}

interface StepContext {
  readonly connection: JellyfinConnection;
  readonly signal: AbortSignal;
  readonly outcome: StopOutcome;
  readonly errors: string[];
}

/** Message or Stop, retried while the failure is transient; a failure is recorded in the outcome, never thrown. */
async function remoteControl(
  what: 'message' | 'stop',
  call: () => Promise<unknown>,
  steps: StepContext,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await withRetries(call, steps.signal);
    return { ok: true };
  } catch (error) {
    if (await isApiKeyBug(error, steps.connection)) {
      steps.outcome.upgradeNeeded = true;
      steps.errors.push(UPGRADE_10_9_3);
    } else {
      steps.errors.push(explain(error, what));
    }
    return { ok: false, error };
  }
}

/**
 * Message, pause, Stop, then reset the played state — the last only once the session has really
 * left the item, because Jellyfin records the client's stop report after the Stop command and
 * may mark a short dummy video as played then. Never throws; problems end up in `error`.
 */
export async function stopPlayback(connection: JellyfinConnection, request: StopRequest, signal: AbortSignal): Promise<StopOutcome> {
  const outcome: StopOutcome = { stopped: false, notified: false, unplayed: false, parentUnplayed: false };
  // Every step addresses this session: one refusal instead of a failed Message, Stop and wait.
  const badSession = idProblem(request.sessionId, 'session id');
  if (badSession !== undefined) return { ...outcome, error: badSession };
  const errors: string[] = [];
  const steps: StepContext = { connection, signal, outcome, errors };
  const client = connection.client;
  const message = request.message;
  if (message) {
    const sent = await remoteControl('message', () => client.sendMessage(request.sessionId, message), steps);
    outcome.notified = sent.ok;
    if (!sent.ok && isJellyfinError(sent.error, 'not-found')) {
      outcome.error = errors.join('; ');
      return outcome;
    }
  }
  // The Stop would meet the same 400: the viewer's player is left to end the short dummy video itself.
  if (request.stop && !outcome.upgradeNeeded) {
    if (request.delayMs > 0) {
      try {
        await sleep(request.delayMs, undefined, { signal });
      } catch {
        outcome.error = 'cancelled: the node was stopped or redeployed';
        return outcome;
      }
    }
    outcome.stopped = (await remoteControl('stop', () => client.stopPlayback(request.sessionId), steps)).ok;
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
    const parent = request.parent;
    if (outcome.unplayed && parent && !signal.aborted) {
      const series = await connection.seriesItem(parent.seriesId, userId);
      if (isVirtualParent(series?.Path, parent.itemPath, parent.matcher)) {
        try {
          await withRetries(() => client.markUnplayed(parent.seriesId, userId), signal);
          outcome.parentUnplayed = true;
        } catch (err) {
          errors.push(explain(err, 'mark the series unplayed'));
        }
      }
    }
  }
  if (errors.length > 0) outcome.error = errors.join('; ');
  return outcome;
}
