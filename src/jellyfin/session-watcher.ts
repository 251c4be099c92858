import { WebSocketClient } from '../http/websocket/websocket-client';
import { sessionsFrom, type SystemInfoDto } from './dto';
import { isJellyfinError } from './errors';
import { DEFAULT_RECONNECT, reconnectDelay } from './backoff';
import { DEFAULT_KEEPALIVE_MS, KeepAlive, keepAliveSeconds } from './keep-alive';
import { refusesApiKeySubscriptions } from './server-version';
import { socketClosedError } from './socket-errors';
import type { PollReason, SessionsSource, SessionWatcherOptions, WatcherState } from './watcher-types';

export type { PollReason, SessionsSource, SessionWatcherOptions, WatchMode, WatcherState } from './watcher-types';

/**
 * A connection forgets the failures before it once it has outlived the wait that preceded it (at least
 * 1 s, at most this): a server that drops every socket soon after the handshake keeps backing off up to
 * the longest wait, while one that drops now and then is reconnected to quickly again.
 */
const DEFAULT_STABLE_AFTER_MS = 30_000;
const MIN_STABLE_MS = 1_000;

/**
 * Follows Jellyfin's sessions: WebSocket `Sessions` pushes seeded by `GET /Sessions` (the server
 * sends nothing on subscribe, §3.2), or polling where the socket cannot be used. Reconnects with
 * backoff and seeds again after every reconnect.
 */
export class SessionWatcher {
  private state: WatcherState = { kind: 'stopped' };
  private socket: WebSocketClient | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private readonly keepAlive = new KeepAlive(
    () => this.send({ MessageType: 'KeepAlive' }),
    () => {
      this.debug('no frame from Jellyfin for too long: reconnecting');
      this.socket?.close();
      this.retry(new Error('Jellyfin stopped answering'));
    },
  );
  private failures = 0;
  /** The wait before the current connection attempt (0 for the first). */
  private lastDelayMs = 0;
  private running = false;
  /** Bumped on every (re)connect; late callbacks of an older attempt check it and stand down. */
  private generation = 0;
  private server: SystemInfoDto | undefined;
  /** Counts `Sessions` pushes, so a seed that a push overtook can be recognised as stale. */
  private pushes = 0;
  /** `Id@Version` of a server seen to take subscriptions and never push: reconnects to it poll at once. */
  private ignoringServer: string | undefined;

  constructor(private readonly options: SessionWatcherOptions) {}

  get current(): WatcherState {
    return this.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.closeSocket();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.setState({ kind: 'stopped' });
  }

  private setState(state: WatcherState): void {
    this.state = state;
    this.options.onState?.(state);
  }

  private debug(text: string): void {
    this.options.onDebug?.(text);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setState({ kind: 'connecting' });
    let server: SystemInfoDto;
    try {
      server = await this.options.client.systemInfo();
    } catch (err) {
      if (generation === this.generation) this.retry(err);
      return;
    }
    if (generation !== this.generation) return;
    this.server = server;
    const mode = this.options.mode ?? 'auto';
    if (mode === 'poll') {
      this.debug('polling GET /Sessions (chosen in the node)');
      void this.poll(generation, 'chosen');
    } else if (mode === 'auto' && refusesApiKeySubscriptions(server.Version)) {
      this.debug(`polling GET /Sessions (Jellyfin ${server.Version} refuses socket subscriptions from API keys)`);
      void this.poll(generation, 'version');
    } else if (mode === 'auto' && this.ignoringServer === serverKey(server)) {
      this.debug('polling GET /Sessions (this server ignored the socket subscription before)');
      void this.poll(generation, 'ignored');
    } else {
      this.openSocket(generation, mode === 'auto');
    }
  }

  private retry(err: unknown): void {
    if (!this.running) return;
    this.generation++;
    this.closeSocket();
    this.failures++;
    const reason = err instanceof Error ? err.message : String(err);
    if (isJellyfinError(err, 'unauthorized')) {
      const inMs = this.options.unauthorizedRetryMs ?? 60_000;
      this.setState({ kind: 'unauthorized', inMs, reason });
      this.later(inMs, () => void this.connect());
      return;
    }
    const inMs = reconnectDelay(this.failures, this.options.reconnect ?? DEFAULT_RECONNECT, this.options.random);
    this.lastDelayMs = inMs;
    this.setState({ kind: 'reconnecting', inMs, reason });
    this.later(inMs, () => void this.connect());
  }

  private forgetFailuresWhenStable(generation: number): void {
    const stableMs = Math.min(this.options.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS, Math.max(MIN_STABLE_MS, this.lastDelayMs));
    this.later(stableMs, () => {
      if (generation === this.generation) this.failures = 0;
    });
  }

  private async seed(generation: number, source: SessionsSource): Promise<boolean> {
    const pushesBefore = this.pushes;
    try {
      const sessions = await this.options.client.sessions();
      if (generation !== this.generation) return false;
      // A push that arrived meanwhile is a full list at least as new as this answer, which may
      // predate it: applying the answer now would undo a playback and report it a second time.
      if (this.pushes !== pushesBefore) {
        this.debug('GET /Sessions answer superseded by a push; ignored');
        return true;
      }
      this.options.onSessions(sessions, source);
      return true;
    } catch (err) {
      if (generation === this.generation) this.retry(err);
      return false;
    }
  }

  private async poll(generation: number, reason: PollReason): Promise<void> {
    if (!(await this.seed(generation, 'seed'))) return;
    this.forgetFailuresWhenStable(generation);
    this.setState({ kind: 'connected', server: this.server!, mode: 'poll', reason });
    const tick = async (): Promise<void> => {
      if (generation !== this.generation) return;
      if (await this.seed(generation, 'poll')) this.later(this.options.pollIntervalMs ?? 1_000, () => void tick());
    };
    this.later(this.options.pollIntervalMs ?? 1_000, () => void tick());
  }

  private openSocket(generation: number, verify: boolean): void {
    const client = this.options.client;
    let failure: Error | undefined;
    let opened = false;
    const socket = new WebSocketClient(client.server.socket, {
      headers: { Authorization: client.authorization },
      tls: client.tls,
      maxMessageBytes: this.options.maxMessageBytes,
      onOpen: () => {
        opened = true;
        clearTimeout(handshake);
        this.timers.delete(handshake);
        if (generation === this.generation) this.opened(generation, verify);
      },
      onMessage: (text) => {
        if (generation !== this.generation) return;
        this.keepAlive.heard();
        this.onFrame(text);
      },
      onBinary: () => {
        if (generation !== this.generation) return;
        this.keepAlive.heard();
        this.debug('ignored a binary frame');
      },
      onError: (err) => {
        // The close follows and carries the reconnect; this says why.
        failure = err;
      },
      onClose: (event) => {
        if (generation !== this.generation || !this.running) return;
        this.socket = undefined;
        this.retry(socketClosedError(event, failure, opened, client.server));
      },
    });
    this.socket = socket;
    // A proxy or a half-started server can accept the connection and never answer the upgrade.
    const handshake = setTimeout(() => {
      this.timers.delete(handshake);
      if (generation === this.generation && socket.readyState === 'connecting') {
        this.retry(new Error('Jellyfin accepted the connection but never completed the WebSocket handshake'));
      }
    }, this.options.handshakeTimeoutMs ?? 15_000);
    this.timers.add(handshake);
  }

  private opened(generation: number, verify: boolean): void {
    this.keepAlive.heard();
    const pushesBefore = this.pushes;
    this.send({ MessageType: 'SessionsStart', Data: this.options.subscription ?? '0,1000' });
    this.keepAlive.schedule(this.options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS);
    void this.seed(generation, 'seed').then((ok) => {
      if (!ok || generation !== this.generation) return;
      this.forgetFailuresWhenStable(generation);
      this.setState({ kind: 'connected', server: this.server!, mode: 'push' });
      if (verify && this.pushes === pushesBefore) void this.verifyPushes(generation);
    });
  }

  /**
   * A server can take `SessionsStart` and never push (10.9–10.10 with an API key, a fork, a future
   * regression): the refusal is only logged on the server (§3.4). One capabilities report forces a push
   * on a server that honours the subscription; none within `pushCheckMs` means polling is the only way.
   */
  private async verifyPushes(generation: number): Promise<void> {
    const pushesBefore = this.pushes;
    try {
      await this.options.client.reportCapabilities();
    } catch (err) {
      // Still wait: a push may come anyway, and polling is the safe answer when it does not.
      this.debug(`could not report capabilities to check for pushes: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (generation !== this.generation) return;
    this.later(this.options.pushCheckMs ?? 5_000, () => {
      if (generation !== this.generation || this.pushes !== pushesBefore) return;
      const server = this.server!;
      this.ignoringServer = serverKey(server);
      this.debug(`Jellyfin ${server.Version} took the socket subscription but sent no Sessions push: polling GET /Sessions instead`);
      const next = ++this.generation;
      this.closeSocket();
      void this.poll(next, 'ignored');
    });
  }

  private onFrame(data: string): void {
    let message: { MessageType?: unknown; Data?: unknown };
    try {
      message = JSON.parse(data) as { MessageType?: unknown; Data?: unknown };
    } catch {
      this.debug(`ignored a frame that is not JSON: ${data.slice(0, 80)}`);
      return;
    }
    switch (message?.MessageType) {
      case 'Sessions': {
        const sessions = sessionsFrom(message.Data, this.options.client.onMalformedField);
        if (sessions) {
          this.pushes++;
          this.options.onSessions(sessions, 'push');
        } else this.debug('ignored a Sessions frame without a session list');
        return;
      }
      case 'ForceKeepAlive': {
        this.send({ MessageType: 'KeepAlive' });
        this.keepAlive.schedule((keepAliveSeconds(message.Data) * 1000) / 2);
        return;
      }
      case 'ServerRestarting':
      case 'ServerShuttingDown':
        this.debug(`Jellyfin says ${message.MessageType}: expecting a reconnect`);
        return;
      default:
        return;
    }
  }

  private send(message: object): void {
    const socket = this.socket;
    if (socket?.readyState === 'open') socket.send(JSON.stringify(message));
  }

  private closeSocket(): void {
    this.keepAlive.stop();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }
}

function serverKey(server: SystemInfoDto): string {
  return `${server.Id ?? server.ServerName}@${server.Version}`;
}
