import type { ReconnectPolicy } from './backoff';
import type { SessionDto, SystemInfoDto } from './dto';
import type { JellyfinClient } from './rest-client';

export type WatchMode = 'auto' | 'push' | 'poll';

/** Why a connection polls: the node says so, the server's version is known to refuse, or the server was seen not to push. */
export type PollReason = 'chosen' | 'version' | 'ignored';

export type WatcherState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly server: SystemInfoDto; readonly mode: 'push' }
  | { readonly kind: 'connected'; readonly server: SystemInfoDto; readonly mode: 'poll'; readonly reason: PollReason }
  | { readonly kind: 'reconnecting'; readonly inMs: number; readonly reason: string }
  | { readonly kind: 'unauthorized'; readonly inMs: number; readonly reason: string }
  | { readonly kind: 'stopped' };

export type SessionsSource = 'seed' | 'push' | 'poll';

export interface SessionWatcherOptions {
  readonly client: JellyfinClient;
  readonly mode?: WatchMode;
  readonly pollIntervalMs?: number;
  readonly reconnect?: ReconnectPolicy;
  /** A wrong key is retried this slowly, so the log is not flooded. */
  readonly unauthorizedRetryMs?: number;
  /** `SessionsStart` Data: "<initialDelayMs>,<intervalMs>" (§3.1). */
  readonly subscription?: string;
  readonly keepAliveMs?: number;
  readonly handshakeTimeoutMs?: number;
  /** The largest socket message taken (default 32 MB, as for `GET /Sessions`): a larger one closes the socket (1009) and reconnects. */
  readonly maxMessageBytes?: number;
  /**
   * Auto mode: how long to wait for the `Sessions` push that the one-off capabilities report forces on a
   * server that honours the subscription, before concluding that it ignores it and polling instead.
   */
  readonly pushCheckMs?: number;
  /** The longest a connection must hold before it resets the backoff (default 30 s; see DEFAULT_STABLE_AFTER_MS). */
  readonly stableAfterMs?: number;
  readonly random?: () => number;
  readonly onSessions: (sessions: SessionDto[], source: SessionsSource) => void;
  readonly onState?: (state: WatcherState) => void;
  readonly onDebug?: (text: string) => void;
}
