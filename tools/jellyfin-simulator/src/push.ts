import type { SimSession } from './sessions';
import type { Timers } from './timers';
import type { OutboundType } from './wire';

/**
 * The `SessionsStart` subscription (`SessionInfoWebSocketListener` on `BasePeriodicWebSocketListener`,
 * docs/jellyfin-api.md §3): no timer, nothing sent on subscribe; every session event calls `SendData(force)`,
 * which sends the FULL list to each subscription that is forced or whose interval has passed.
 */

/** Who is looking: 10.11+ show non-admin users only their own sessions (§3.4). */
export interface Viewer {
  readonly isAdmin: boolean;
  readonly userId?: string;
}

export interface Subscriber {
  readonly isOpen: boolean;
  readonly viewer: Viewer;
  send(text: string): void;
}

interface Registration {
  readonly subscriber: Subscriber;
  readonly intervalMs: number;
  /** `DateLastSendUtc` starts at `DateTime.MinValue`: the first non-forced event always sends. */
  lastSendMs: number;
}

export interface PushHubDeps {
  readonly timers: Timers;
  readonly clock: () => number;
  readonly sessions: () => SimSession[];
  /** Serializes a session list in the version's WebSocket shape. */
  readonly render: (sessions: readonly SimSession[]) => string;
  readonly frame: (messageType: OutboundType, messageId: string, dataJson: string) => string;
  readonly nextMessageId: () => string;
  /** 10.11+: non-admin subscribers only get sessions they are a user of. */
  readonly filterForNonAdmins: boolean;
  readonly onPush?: (subscriber: Subscriber, sessionCount: number) => void;
}

const LONG = /^\s*[+-]?\d+\s*$/;

/** `Start()`: `Data.Split(',')`, `long.Parse` of both parts; anything else throws and is only logged (§3.1). */
export function parseInterval(data: string | undefined): { initialDelayMs: number; intervalMs: number } | undefined {
  if (typeof data !== 'string') return undefined;
  const parts = data.split(',');
  if (parts.length < 2 || !LONG.test(parts[0]!) || !LONG.test(parts[1]!)) return undefined;
  return { initialDelayMs: Number.parseInt(parts[0]!, 10), intervalMs: Number.parseInt(parts[1]!, 10) };
}

export class SessionsPushHub {
  private registrations: Registration[] = [];
  private delayMs = 0;

  constructor(private readonly deps: PushHubDeps) {}

  /** Extra latency before each event is processed (the 10.9+ channel consumer, or a slow server). */
  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  /** Registers a subscription; twice on one socket means two registrations (duplicate messages, §3.1). */
  subscribe(subscriber: Subscriber, data: string | undefined): boolean {
    const interval = parseInterval(data);
    if (!interval) return false;
    // InitialDelayMs is stored but never used (§3.1).
    this.registrations.push({ subscriber, intervalMs: interval.intervalMs, lastSendMs: Number.NEGATIVE_INFINITY });
    return true;
  }

  /** `SessionsStop` removes only the first registration of that socket. */
  unsubscribe(subscriber: Subscriber): void {
    const index = this.registrations.findIndex((registration) => registration.subscriber === subscriber);
    if (index >= 0) this.registrations.splice(index, 1);
  }

  drop(subscriber: Subscriber): void {
    this.registrations = this.registrations.filter((registration) => registration.subscriber !== subscriber);
  }

  clear(): void {
    this.registrations = [];
  }

  count(subscriber?: Subscriber): number {
    return subscriber === undefined
      ? this.registrations.length
      : this.registrations.filter((registration) => registration.subscriber === subscriber).length;
  }

  /** `SendData(force)`, queued like the 10.9+ channel (processed in order, after `delayMs`). */
  notify(force: boolean): void {
    if (this.registrations.length === 0) return;
    this.deps.timers.timeout(() => this.process(force), this.delayMs);
  }

  private process(force: boolean): void {
    const now = this.deps.clock();
    const due = this.registrations.filter((r) => r.subscriber.isOpen && (force || now - r.lastSendMs >= r.intervalMs));
    if (due.length === 0) return;
    const sessions = this.deps.sessions();
    let everyone: { json: string; count: number } | undefined;
    const perUser = new Map<string, { json: string; count: number }>();
    for (const registration of due) {
      const viewer = registration.subscriber.viewer;
      let payload: { json: string; count: number };
      if (this.deps.filterForNonAdmins && !viewer.isAdmin) {
        const userId = viewer.userId ?? '';
        let cached = perUser.get(userId);
        if (!cached) {
          const own = sessions.filter((session) => session.hasUser(userId));
          cached = { json: this.deps.render(own), count: own.length };
          perUser.set(userId, cached);
        }
        payload = cached;
      } else {
        everyone ??= { json: this.deps.render(sessions), count: sessions.length };
        payload = everyone;
      }
      registration.subscriber.send(this.deps.frame('Sessions', this.deps.nextMessageId(), payload.json));
      registration.lastSendMs = now;
      this.deps.onPush?.(registration.subscriber, payload.count);
    }
  }
}
