import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { InboundWebSocketMessage } from '@jellyfin/sdk/lib/generated-client/models';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Caller } from './auth';
import type { SessionsPushHub, Subscriber, Viewer } from './push';
import type { Controller, SessionManager, SimSession } from './sessions';
import type { Timers } from './timers';
import type { VersionTraits } from './versions';
import type { FrameWriter, OutboundType } from './wire';

/**
 * The `/socket` endpoint after authentication (docs/jellyfin-api.md §1.4, §2, §3.4): binding the connection to a
 * session, ForceKeepAlive / KeepAlive, the keep-alive watchdog, and inbound messages.
 */

/** Inbound `SessionMessageType` names this server acts on (client → server, §4). */
const INBOUND = [
  'KeepAlive',
  'SessionsStart',
  'SessionsStop',
  'ActivityLogEntryStart',
  'ActivityLogEntryStop',
  'ScheduledTasksInfoStart',
  'ScheduledTasksInfoStop',
] as const satisfies readonly InboundWebSocketMessage['MessageType'][];
/** Outbound names are valid enum values too; a client sending one is parsed and ignored. */
const OUTBOUND = [
  'ForceKeepAlive',
  'GeneralCommand',
  'UserDataChanged',
  'Sessions',
  'Play',
  'SyncPlayCommand',
  'SyncPlayGroupUpdate',
  'Playstate',
  'RestartRequired',
  'ServerShuttingDown',
  'ServerRestarting',
  'LibraryChanged',
  'UserDeleted',
  'UserUpdated',
  'SeriesTimerCreated',
  'TimerCreated',
  'SeriesTimerCancelled',
  'TimerCancelled',
  'RefreshProgress',
  'ScheduledTaskEnded',
  'PackageInstallationCancelled',
  'PackageInstallationFailed',
  'PackageInstallationCompleted',
  'PackageInstalling',
  'PackageUninstalled',
  'ActivityLogEntry',
  'ScheduledTasksInfo',
] satisfies OutboundType[];
const KNOWN_TYPES = new Map([...INBOUND, ...OUTBOUND].map((name) => [name.toLowerCase(), name]));

export interface KeepAliveTiming {
  /** Watchdog period (`WebSocketLostTimeout × IntervalFactor` = 12 s). */
  readonly checkIntervalMs: number;
  /** `WebSocketLostTimeout` (60 s); also the ForceKeepAlive `Data` in seconds. Inactive after 75 % of it. */
  readonly lostAfterMs: number;
}

export class SocketConnection implements Controller, Subscriber {
  lastActivity: number;
  lastKeepAlive: number;
  watched = false;
  session: SimSession | undefined;
  readonly viewer: Viewer;
  readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    readonly caller: Caller,
    readonly remoteEndPoint: string,
    now: number,
  ) {
    this.lastActivity = now;
    this.lastKeepAlive = now;
    this.viewer = { isAdmin: caller.isAdmin, userId: caller.user?.id };
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    if (this.isOpen) this.ws.send(text);
  }
}

export interface SocketLayerDeps {
  readonly traits: VersionTraits;
  readonly timers: Timers;
  readonly clock: () => number;
  readonly sessions: SessionManager;
  readonly hub: SessionsPushHub;
  readonly keepAlive: KeepAliveTiming;
  readonly frame: FrameWriter;
  readonly nextMessageId: () => string;
  readonly onMessage?: (connection: SocketConnection, text: string) => void;
}

export class SocketLayer {
  readonly connections = new Set<SocketConnection>();
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false });
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SocketLayerDeps) {}

  /** Completes an already authenticated upgrade. `deviceIdQuery`: the ≤10.10 `deviceId` override. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, caller: Caller, deviceIdQuery: string | undefined): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, caller, req.socket.remoteAddress ?? '127.0.0.1', deviceIdQuery));
  }

  /** Destroys every socket without a close frame; resolves once all have closed. */
  async dropAll(): Promise<void> {
    const closing = [...this.connections].map((connection) => {
      connection.ws.terminate();
      return connection.closed;
    });
    await Promise.all(closing);
  }

  /** The ≤10.10 / 12.0 difference for lost sockets is in the watchdog; this stops it and every socket. */
  async close(): Promise<void> {
    this.deps.timers.clear(this.watchdog);
    this.watchdog = undefined;
    await this.dropAll();
    this.wss.close();
  }

  private opened(ws: WebSocket, caller: Caller, remoteEndPoint: string, deviceIdQuery: string | undefined): void {
    const { sessions, traits } = this.deps;
    const connection = new SocketConnection(ws, caller, remoteEndPoint.replace(/^::ffff:/, ''), this.deps.clock());
    this.connections.add(connection);
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => this.received(connection, data, isBinary));
    ws.on('close', () => this.closedConnection(connection));

    let session: SimSession | undefined;
    if (traits.socketBindsApiKeySession) {
      // 10.11+: `RequestHelpers.GetSession` → LogSessionActivity for every token, API keys included (§1.4).
      session = sessions.logActivity({
        client: caller.client,
        version: caller.version,
        deviceId: caller.deviceId,
        deviceName: caller.device,
        remoteEndPoint: connection.remoteEndPoint,
        user: caller.user,
      });
    } else if (caller.kind === 'user' && caller.deviceRecord) {
      // ≤10.10: `GetSessionByAuthenticationToken` — the Devices row, `deviceId` query overriding; API keys get none.
      const device = caller.deviceRecord;
      session = sessions.logActivity({
        client: device.client,
        version: device.version,
        deviceId: deviceIdQuery ?? device.deviceId,
        deviceName: device.deviceName,
        remoteEndPoint: connection.remoteEndPoint,
        user: caller.user,
      });
    }
    if (session) {
      sessions.attach(session, connection);
      connection.session = session;
      this.watch(connection);
      // §2.2: ForceKeepAlive with the lost-timeout in seconds, only when a session was bound.
      connection.send(this.deps.frame('ForceKeepAlive', this.deps.nextMessageId(), Math.round(this.deps.keepAlive.lostAfterMs / 1000)));
    }
  }

  private received(connection: SocketConnection, raw: RawData, isBinary: boolean): void {
    const now = this.deps.clock();
    connection.lastActivity = now;
    if (isBinary) return;
    const text = (Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw)).toString('utf8');
    this.deps.onMessage?.(connection, text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // §2.1: malformed JSON is logged and ignored; the connection stays open.
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
    const message = parsed as Record<string, unknown>;
    // Property names are case-sensitive (§0.1); enum values are read case-insensitively by System.Text.Json.
    const typeValue = message.MessageType;
    if (typeof typeValue !== 'string') return;
    const messageType = KNOWN_TYPES.get(typeValue.toLowerCase());
    if (messageType === undefined) return;
    const dataValue = message.Data;
    const data =
      typeof dataValue === 'string' ? dataValue : dataValue === undefined || dataValue === null ? undefined : JSON.stringify(dataValue);
    switch (messageType) {
      case 'KeepAlive':
        if (connection.watched) connection.lastKeepAlive = now;
        connection.send(this.deps.frame('KeepAlive', this.deps.nextMessageId()));
        break;
      case 'SessionsStart':
        // §3.4: a refused subscription throws inside the listener; the client never hears about it.
        if (this.maySubscribe(connection.caller)) this.deps.hub.subscribe(connection, data);
        break;
      case 'SessionsStop':
        this.deps.hub.unsubscribe(connection);
        break;
      default:
        break;
    }
  }

  private maySubscribe(caller: Caller): boolean {
    switch (this.deps.traits.subscribeRule) {
      case 'anyone':
      case 'anyone-filtered':
        return true;
      case 'admin-user':
        return caller.kind === 'user' && caller.isAdmin;
      case 'nobody':
        return false;
    }
  }

  private closedConnection(connection: SocketConnection): void {
    if (!this.connections.delete(connection)) return;
    this.deps.hub.drop(connection);
    connection.watched = false;
    if (connection.session) this.deps.sessions.detach(connection.session, connection);
  }

  private watch(connection: SocketConnection): void {
    connection.watched = true;
    connection.lastKeepAlive = this.deps.clock();
    this.watchdog ??= this.deps.timers.interval(() => this.checkKeepAlive(), this.deps.keepAlive.checkIntervalMs);
  }

  /** §2.2: inactive (75 %) → another ForceKeepAlive; lost (100 %) → unwatched, and on 12.0 disposed. */
  private checkKeepAlive(): void {
    const now = this.deps.clock();
    const lost = this.deps.keepAlive.lostAfterMs;
    let watching = 0;
    for (const connection of this.connections) {
      if (!connection.watched) continue;
      const elapsed = now - connection.lastKeepAlive;
      if (elapsed >= lost) {
        connection.watched = false;
        if (this.deps.traits.closesLostSockets) connection.ws.terminate();
      } else {
        watching += 1;
        if (elapsed > lost * 0.75) connection.send(this.deps.frame('ForceKeepAlive', this.deps.nextMessageId(), Math.round(lost / 1000)));
      }
    }
    if (watching === 0) {
      this.deps.timers.clear(this.watchdog);
      this.watchdog = undefined;
    }
  }
}
