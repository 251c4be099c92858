import type { BaseItemDto, GeneralCommandType, MediaType } from '@jellyfin/sdk/lib/generated-client/models';
import type { Directory, SimUser } from './directory';
import { nowPlayingItemDto, type ItemDtoContext } from './item-dto';
import type { SimItem } from './library';
import type { Timers } from './timers';
import type { PlayedRules, UserDataStore } from './user-data';
import { md5Guid, TICKS_PER_SECOND, ZERO_GUID, type FrameWriter, type OutboundData, type OutboundType } from './wire';

/**
 * Sessions and playback (docs/jellyfin-api.md §1.4, §3.2, §5, §6.7): what Jellyfin's `SessionManager` keeps, the
 * events that drive `Sessions` pushes, targeted messages, and the behaviour of simulated players.
 */

/** A socket attached to a session (`WebSocketController`). */
export interface Controller {
  readonly isOpen: boolean;
  readonly lastActivity: number;
  send(text: string): void;
}

export interface Capabilities {
  playableMediaTypes: MediaType[];
  supportedCommands: GeneralCommandType[];
  supportsMediaControl: boolean;
  supportsPersistentIdentifier: boolean;
}

/** `new ClientCapabilities()`: what a session that never posted capabilities has (§8.1). */
export function defaultCapabilities(): Capabilities {
  return { playableMediaTypes: [], supportedCommands: [], supportsMediaControl: false, supportsPersistentIdentifier: true };
}

/**
 * What a DLNA PlayTo renderer reports (10.8 Emby.Dlna/PlayTo/PlayToManager.cs): remote control of volume and
 * streams, but no DisplayMessage, so it cannot show a message.
 */
export const DLNA_RENDERER_COMMANDS: readonly GeneralCommandType[] = [
  'VolumeDown',
  'VolumeUp',
  'Mute',
  'Unmute',
  'ToggleMute',
  'SetVolume',
  'SetAudioStreamIndex',
  'SetSubtitleStreamIndex',
  'PlayMediaSource',
];

/** What a web player posts. */
export function playerCapabilities(): Capabilities {
  return {
    playableMediaTypes: ['Audio', 'Video'],
    supportedCommands: [
      'MoveUp',
      'MoveDown',
      'MoveLeft',
      'MoveRight',
      'Select',
      'Back',
      'ToggleFullscreen',
      'GoHome',
      'GoToSettings',
      'TakeScreenshot',
      'VolumeUp',
      'VolumeDown',
      'ToggleMute',
      'SetAudioStreamIndex',
      'SetSubtitleStreamIndex',
      'Mute',
      'Unmute',
      'SetVolume',
      'DisplayContent',
      'GoToSearch',
      'DisplayMessage',
      'SetRepeatMode',
      'SetShuffleQueue',
      'ChannelUp',
      'ChannelDown',
      'PlayMediaSource',
      'PlayTrailers',
    ],
    supportsMediaControl: true,
    supportsPersistentIdentifier: false,
  };
}

/** How a programmatic (socket-less) player behaves. */
export interface PlayerBehaviour {
  /** false: a client without remote control (messages to it are dropped, as Jellyfin does). */
  supportsRemoteControl: boolean;
  /** Some clients ignore a remote Stop (peers §1.4). */
  ignoreStop: boolean;
  /** Delay before the player reacts to a Playstate command (reports its new state). */
  reactionDelayMs: number;
}

/** One message delivered to a session: through its socket, or recorded for a programmatic player. */
export interface InboxEntry {
  readonly messageType: string;
  readonly messageId: string;
  readonly data?: unknown;
  readonly at: number;
  readonly via: 'socket' | 'player';
}

export interface PlaybackState {
  positionTicks: number;
  isPaused: boolean;
  isMuted: boolean;
  volumeLevel: number;
  canSeek: boolean;
  playMethod: 'DirectPlay' | 'DirectStream' | 'Transcode';
  repeatMode: 'RepeatNone' | 'RepeatAll' | 'RepeatOne';
  playbackOrder: 'Default' | 'Shuffle';
  mediaSourceId: string;
}

export interface NowPlaying {
  readonly item: SimItem;
  /** Built once when the item changes and cached in the session (§5.1). */
  readonly dto: BaseItemDto;
  readonly state: PlaybackState;
}

export class SimSession {
  deviceName = '';
  applicationVersion = '';
  userId = ZERO_GUID;
  userName: string | undefined;
  remoteEndPoint = '127.0.0.1';
  lastPlaybackCheckIn = 0;
  lastPausedDate: number | undefined;
  capabilities = defaultCapabilities();
  nowPlaying: NowPlaying | undefined;
  player: PlayerBehaviour | undefined;
  readonly controllers = new Set<Controller>();
  readonly inbox: InboxEntry[] = [];
  autoProgress: NodeJS.Timeout | undefined;
  /** Bumped on every change that shows in the session's JSON (lets serializations be cached). */
  revision = 0;
  /** Serialized forms by shape, valid for `revision` (see session-dto.ts). */
  readonly serialized = new Map<string, { revision: number; liveness: string; json: string }>();

  constructor(
    readonly id: string,
    readonly client: string,
    readonly deviceId: string,
    public lastActivity: number,
  ) {}

  /** The open socket with the most recent activity: the only one a targeted message goes to (§1.4). */
  get activeController(): Controller | undefined {
    let best: Controller | undefined;
    for (const controller of this.controllers) {
      if (controller.isOpen && (best === undefined || controller.lastActivity > best.lastActivity)) best = controller;
    }
    return best;
  }

  /** §5: true if any controller is active, or the session has no controllers at all. */
  get isActive(): boolean {
    return this.controllers.size === 0 || this.activeController !== undefined;
  }

  /** §5: `Capabilities.SupportsMediaControl` and an open socket (a programmatic player stands in for one). */
  get supportsRemoteControl(): boolean {
    return this.capabilities.supportsMediaControl && (this.activeController !== undefined || this.player?.supportsRemoteControl === true);
  }

  /** Marks the session as changed. */
  touch(): void {
    this.revision += 1;
  }

  /** Whether `userId` is a user of this session (`UserId`; the simulator never sets `AdditionalUsers`). */
  hasUser(userId: string): boolean {
    return userId !== ZERO_GUID && this.userId === userId;
  }
}

export type SessionEvent =
  'SessionStarted' | 'SessionEnded' | 'PlaybackStart' | 'PlaybackStopped' | 'PlaybackProgress' | 'SessionActivity' | 'CapabilitiesChanged';

export interface SessionManagerDeps {
  readonly timers: Timers;
  readonly directory: Directory;
  readonly userData: UserDataStore;
  readonly itemContext: ItemDtoContext;
  readonly clock: () => number;
  readonly nextMessageId: () => string;
  /** Serializes one outbound frame in the version's layout. */
  readonly frame: FrameWriter;
  /** §3.2: every session event, with whether it forces a `Sessions` push. */
  readonly onEvent: (event: SessionEvent, force: boolean, session: SimSession) => void;
  readonly onUserDataChanged: (userId: string, itemId: string) => void;
  readonly onInbox: (session: SimSession, entry: InboxEntry) => void;
  readonly autoProgressMs: number;
  readonly playedRules: PlayedRules;
}

export interface ActivityArgs {
  readonly client: string;
  readonly version: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly remoteEndPoint: string;
  readonly user?: SimUser;
}

export interface ProgressReport {
  readonly positionTicks?: number;
  readonly isPaused?: boolean;
  readonly isMuted?: boolean;
  readonly volumeLevel?: number;
}

/** §3.2: the `SessionActivity` event fires when more than 10 s passed since the session's last activity. */
const ACTIVITY_EVENT_AFTER_MS = 10_000;

export class SessionManager {
  private readonly sessions = new Map<string, SimSession>();

  constructor(private readonly deps: SessionManagerDeps) {}

  get(id: string): SimSession | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The `Sessions` order: most recent activity first. */
  list(): SimSession[] {
    return [...this.sessions.values()].sort((a, b) => b.lastActivity - a.lastActivity);
  }

  /**
   * `LogSessionActivity`: the session keyed by Client + DeviceId (Id = MD5 of both, §1.4), created when
   * missing (SessionStarted, forced push). The user is set from every call (`GetSessionInfo`).
   * `init` runs on a new session before its SessionStarted event.
   */
  logActivity(args: ActivityArgs, init?: (session: SimSession) => void): SimSession {
    const id = md5Guid(args.client + args.deviceId);
    const now = this.deps.clock();
    let session = this.sessions.get(id);
    const created = session === undefined;
    if (!session) {
      session = new SimSession(id, args.client, args.deviceId, now);
      this.sessions.set(id, session);
    }
    const previousActivity = session.lastActivity;
    session.touch();
    session.lastActivity = now;
    session.userId = args.user?.id ?? ZERO_GUID;
    session.userName = args.user?.name;
    session.remoteEndPoint = args.remoteEndPoint;
    session.deviceName = args.deviceName;
    session.applicationVersion = args.version;
    if (created) {
      init?.(session);
      this.deps.onEvent('SessionStarted', true, session);
    } else if (now - previousActivity > ACTIVITY_EVENT_AFTER_MS) {
      this.deps.onEvent('SessionActivity', false, session);
    }
    return session;
  }

  /** `ReportCapabilities(…, saveCapabilities: true)`: always raises `CapabilitiesChanged`, a forced push. */
  reportCapabilities(session: SimSession, capabilities: Capabilities): void {
    session.capabilities = capabilities;
    session.touch();
    this.deps.onEvent('CapabilitiesChanged', true, session);
  }

  attach(session: SimSession, controller: Controller): void {
    session.controllers.add(controller);
    session.touch();
  }

  /** `OnConnectionClosed` → `CloseIfNeededAsync`: the session ends once no controller is active (§1.4). */
  detach(session: SimSession, controller: Controller): void {
    session.controllers.delete(controller);
    session.touch();
    if (session.player === undefined && session.activeController === undefined && this.sessions.get(session.id) === session) {
      this.end(session);
    }
  }

  end(session: SimSession): void {
    if (this.sessions.get(session.id) !== session) return;
    this.stopAutoProgress(session);
    this.sessions.delete(session.id);
    this.deps.onEvent('SessionEnded', true, session);
  }

  /** Forgets every session without events (the server process went away). */
  reset(keep: (session: SimSession) => boolean): void {
    for (const session of [...this.sessions.values()]) {
      session.controllers.clear();
      if (!keep(session)) {
        this.stopAutoProgress(session);
        this.sessions.delete(session.id);
      }
    }
  }

  /** `PlaybackStart` (forced push) and the 1 s automatic progress timer (§3.2). */
  start(session: SimSession, item: SimItem, report: ProgressReport = {}): void {
    const now = this.deps.clock();
    this.stopAutoProgress(session);
    session.nowPlaying = {
      item,
      dto: nowPlayingItemDto(item, this.deps.itemContext),
      state: {
        positionTicks: report.positionTicks ?? 0,
        isPaused: report.isPaused ?? false,
        isMuted: report.isMuted ?? false,
        volumeLevel: report.volumeLevel ?? 100,
        canSeek: true,
        playMethod: 'DirectPlay',
        repeatMode: 'RepeatNone',
        playbackOrder: 'Default',
        mediaSourceId: item.id,
      },
    };
    if (session.nowPlaying.state.isPaused) session.lastPausedDate = now;
    session.touch();
    session.lastActivity = now;
    session.lastPlaybackCheckIn = now;
    this.deps.onEvent('PlaybackStart', true, session);
    this.startAutoProgress(session);
  }

  /** A client's progress report: a forced push, and the automatic timer starts over (§3.2). */
  progress(session: SimSession, report: ProgressReport): boolean {
    const playing = session.nowPlaying;
    if (!playing) return false;
    const now = this.deps.clock();
    const state = playing.state;
    if (report.positionTicks !== undefined) state.positionTicks = Math.max(0, report.positionTicks);
    if (report.isPaused !== undefined) {
      if (report.isPaused && !state.isPaused) session.lastPausedDate = now;
      state.isPaused = report.isPaused;
    }
    if (report.isMuted !== undefined) state.isMuted = report.isMuted;
    if (report.volumeLevel !== undefined) state.volumeLevel = report.volumeLevel;
    session.touch();
    session.lastActivity = now;
    session.lastPlaybackCheckIn = now;
    this.deps.onEvent('PlaybackProgress', true, session);
    this.startAutoProgress(session);
    return true;
  }

  /**
   * A client's stop report: NowPlayingItem removed, PlayState reset, forced push; the user's play
   * state is updated (a short or runtime-less item becomes played) and `UserDataChanged` follows.
   */
  stopped(session: SimSession, positionTicks?: number): boolean {
    const playing = session.nowPlaying;
    if (!playing) return false;
    const now = this.deps.clock();
    this.stopAutoProgress(session);
    const user = this.deps.directory.user(session.userId);
    if (user) {
      this.deps.userData.recordStop(user.id, playing.item, positionTicks ?? playing.state.positionTicks, now, this.deps.playedRules);
      this.deps.onUserDataChanged(user.id, playing.item.id);
    }
    session.nowPlaying = undefined;
    session.touch();
    session.lastActivity = now;
    this.deps.onEvent('PlaybackStopped', true, session);
    return true;
  }

  /**
   * `SendMessageToSession`: to the one most recently active socket of the session; a programmatic player
   * with remote control records it and reacts. Answers false when the message was dropped (no
   * controller — Jellyfin still answers 204, §6.2).
   */
  send<T extends OutboundType>(
    session: SimSession,
    messageType: T,
    data?: OutboundData<T>,
    messageId = this.deps.nextMessageId(),
  ): boolean {
    const at = this.deps.clock();
    const controller = session.activeController;
    if (controller) {
      controller.send(this.deps.frame(messageType, messageId, data));
      this.record(session, { messageType, messageId, data, at, via: 'socket' });
      return true;
    }
    if (session.player?.supportsRemoteControl) {
      this.record(session, { messageType, messageId, data, at, via: 'player' });
      this.react(session, messageType, data);
      return true;
    }
    return false;
  }

  /** `SendMessageToSessions` over all sessions with one MessageId (RestartRequired, ServerRestarting…, §4). */
  broadcast<T extends OutboundType>(messageType: T, data?: OutboundData<T>): void {
    const messageId = this.deps.nextMessageId();
    for (const session of this.sessions.values()) this.send(session, messageType, data, messageId);
  }

  /** `SendMessageToUserSessions` (UserDataChanged…, §4): only sessions of that user. */
  sendToUser<T extends OutboundType>(userId: string, messageType: T, data?: OutboundData<T>): void {
    const messageId = this.deps.nextMessageId();
    for (const session of this.sessions.values()) if (session.hasUser(userId)) this.send(session, messageType, data, messageId);
  }

  dispose(): void {
    for (const session of this.sessions.values()) this.stopAutoProgress(session);
  }

  private record(session: SimSession, entry: InboxEntry): void {
    session.inbox.push(entry);
    this.deps.onInbox(session, entry);
  }

  /** How a simulated player answers a Playstate command: it reports its new state after a short delay. */
  private react(session: SimSession, messageType: string, data: unknown): void {
    const player = session.player;
    if (!player || messageType !== 'Playstate' || typeof data !== 'object' || data === null) return;
    const request = data as { Command?: string; SeekPositionTicks?: number };
    if (request.Command === 'Stop' && player.ignoreStop) return;
    this.deps.timers.timeout(() => {
      if (this.sessions.get(session.id) !== session || !session.nowPlaying) return;
      const state = session.nowPlaying.state;
      switch (request.Command) {
        case 'Stop':
          this.stopped(session);
          break;
        case 'Pause':
          this.progress(session, { isPaused: true });
          break;
        case 'Unpause':
          this.progress(session, { isPaused: false });
          break;
        case 'PlayPause':
          this.progress(session, { isPaused: !state.isPaused });
          break;
        case 'Seek':
          this.progress(session, { positionTicks: request.SeekPositionTicks ?? state.positionTicks });
          break;
        default:
          break;
      }
    }, player.reactionDelayMs);
  }

  /**
   * `SessionInfo.StartAutomaticProgress`: every second, while not paused and before the end of the
   * runtime, add a second and raise an automated (non-forced) PlaybackProgress (§3.2).
   */
  private startAutoProgress(session: SimSession): void {
    this.stopAutoProgress(session);
    const stepMs = this.deps.autoProgressMs;
    if (!(stepMs > 0)) return;
    session.autoProgress = this.deps.timers.interval(() => {
      const playing = session.nowPlaying;
      if (!playing || this.sessions.get(session.id) !== session) {
        this.stopAutoProgress(session);
        return;
      }
      if (playing.state.isPaused) return;
      const next = playing.state.positionTicks + Math.round((stepMs / 1000) * TICKS_PER_SECOND);
      const runtime = playing.item.runTimeTicks;
      if (runtime !== undefined && runtime > 0 && next >= runtime) return;
      playing.state.positionTicks = next;
      session.touch();
      session.lastActivity = this.deps.clock();
      this.deps.onEvent('PlaybackProgress', false, session);
    }, stepMs);
  }

  private stopAutoProgress(session: SimSession): void {
    this.deps.timers.clear(session.autoProgress);
    session.autoProgress = undefined;
  }
}
