import { EventEmitter } from 'node:events';
import type { ItemDto, SessionDto } from '../jellyfin/dto';
import { JellyfinClient } from '../jellyfin/rest-client';
import { SessionWatcher, type WatchMode, type WatcherState } from '../jellyfin/session-watcher';
import { verifiesCertificate, type TlsOptions } from '../http/tls';
import { PlaybackTracker, type PlaybackStart } from './playback-tracker';
import { SeriesCache } from './series-cache';

export interface JellyfinConnectionOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly deviceId: string;
  readonly version: string;
  readonly mode?: WatchMode;
  readonly pollIntervalMs?: number;
  readonly seriesTtlMs?: number;
  readonly tls?: TlsOptions;
  readonly onDebug?: (text: string) => void;
}

interface ConnectionEvents {
  state: [WatcherState];
  /** A field Jellyfin sent with the wrong type, dropped; emitted once per field path. */
  malformed: [string];
  playback: [PlaybackStart];
  sessions: [readonly SessionDto[]];
}

/**
 * Everything one `jellyfin-server` config node shares between the nodes that use it: the REST
 * client, the session watcher (started when the first node subscribes) and playback detection,
 * so that each Play is detected once however many nodes listen.
 */
export class JellyfinConnection extends EventEmitter<ConnectionEvents> {
  readonly client: JellyfinClient;
  private readonly watcher: SessionWatcher;
  private readonly tracker = new PlaybackTracker();
  private readonly series: SeriesCache;
  private watchers = 0;
  /** False until the first session list arrives: before that, "not playing" only means "not seen yet". */
  private hasSnapshot = false;
  private readonly malformedSeen = new Set<string>();
  /** An https server whose certificate is not checked (the user turned verification off): statuses say so. */
  readonly certificateUnverified: boolean;

  constructor(options: JellyfinConnectionOptions) {
    super();
    this.setMaxListeners(0);
    this.client = new JellyfinClient({
      url: options.url,
      apiKey: options.apiKey,
      identity: { client: 'Node-RED', device: 'Node-RED JellyNext', deviceId: options.deviceId, version: options.version },
      tls: options.tls,
      onMalformed: (field) => this.onMalformed(field),
    });
    this.certificateUnverified = this.client.server.base.startsWith('https:') && !verifiesCertificate(options.tls);
    this.series = new SeriesCache((id, userId) => this.client.item(id, userId), options.seriesTtlMs);
    this.watcher = new SessionWatcher({
      client: this.client,
      mode: options.mode,
      pollIntervalMs: options.pollIntervalMs,
      onSessions: (sessions) => this.onSessions(sessions),
      onState: (state) => this.emit('state', state),
      onDebug: options.onDebug,
    });
  }

  get state(): WatcherState {
    return this.watcher.current;
  }

  /** A node that needs session events; the watcher starts with the first. */
  watch(): void {
    if (++this.watchers === 1) this.watcher.start();
  }

  unwatch(): void {
    if (this.watchers > 0 && --this.watchers === 0) this.watcher.stop();
  }

  /** What the session is playing, as last seen. */
  nowPlaying(sessionId: string): string | undefined {
    return this.tracker.nowPlaying(sessionId);
  }

  /** The server's version: from the watcher when connected, else asked once more (`GET /System/Info`); undefined when unknown. */
  async serverVersion(): Promise<string | undefined> {
    const state = this.watcher.current;
    if (state.kind === 'connected') return state.server.Version;
    try {
      return (await this.client.systemInfo()).Version;
    } catch {
      return undefined;
    }
  }

  seriesItem(seriesId: string, userId: string | undefined): Promise<ItemDto | undefined> {
    return this.series.get(seriesId, userId);
  }

  /**
   * Resolves true once the session no longer plays the item (it stopped, switched, or ended),
   * false after the timeout. Needs the watcher running.
   */
  waitUntilLeft(sessionId: string, itemId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.hasSnapshot && this.tracker.nowPlaying(sessionId) !== itemId) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onSessions = () => {
        if (this.tracker.nowPlaying(sessionId) !== itemId) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onAbort = () => finish(false);
      const finish = (left: boolean) => {
        clearTimeout(timer);
        this.off('sessions', onSessions);
        signal?.removeEventListener('abort', onAbort);
        resolve(left);
      };
      this.on('sessions', onSessions);
      signal?.addEventListener('abort', onAbort);
    });
  }

  async close(): Promise<void> {
    this.watchers = 0;
    this.watcher.stop();
    this.removeAllListeners();
    await this.client.close();
  }

  private onMalformed(field: string): void {
    // Field paths are a fixed, small set, so this stays small.
    if (this.malformedSeen.has(field)) return;
    this.malformedSeen.add(field);
    this.emit('malformed', field);
  }

  private onSessions(sessions: SessionDto[]): void {
    const starts = this.tracker.update(sessions);
    this.hasSnapshot = true;
    this.emit('sessions', sessions);
    for (const start of starts) this.emit('playback', start);
  }
}
