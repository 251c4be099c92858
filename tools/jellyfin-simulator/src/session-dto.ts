import type { BaseItemDto, PlayerStateInfo, SessionInfoDto } from '@jellyfin/sdk/lib/generated-client/models';
import { internalItemJson, type ItemDtoContext } from './item-dto';
import type { SimSession } from './sessions';
import type { SessionShape } from './versions';
import { jsonDate } from './wire';

/** What the raw `SessionInfo` of older servers adds to 12.0's `SessionInfoDto` (§3.3, §8.1). */
interface RawSessionExtras {
  /** 10.8 only: the internal `BaseItem` entity, which is in no OpenAPI. */
  readonly FullNowPlayingItem?: Record<string, unknown>;
  /** Raw `SessionInfo` (≤10.9 REST, ≤10.11.6 socket); dropped from 12.0's OpenAPI (SDK 0.13.0 still has it). */
  readonly NowPlayingQueueFullItems?: BaseItemDto[];
}

/**
 * One session as Jellyfin writes it (§5, §3.3, §8.1): `SessionInfoDto`, or the raw `SessionInfo` of
 * older versions (same names for the fields clients use, plus `NowPlayingQueueFullItems`, and in 10.8
 * `FullNowPlayingItem`).
 */
export function sessionJson(session: SimSession, shape: SessionShape, ctx: ItemDtoContext): SessionInfoDto & RawSessionExtras {
  const playing = session.nowPlaying;
  const state = playing?.state;
  // PlayerStateInfo: always present, reset to defaults when nothing plays (§5).
  const playState: PlayerStateInfo = state
    ? {
        PositionTicks: state.positionTicks,
        CanSeek: state.canSeek,
        IsPaused: state.isPaused,
        IsMuted: state.isMuted,
        VolumeLevel: state.volumeLevel,
        MediaSourceId: state.mediaSourceId,
        PlayMethod: state.playMethod,
        RepeatMode: state.repeatMode,
        PlaybackOrder: state.playbackOrder,
      }
    : { CanSeek: false, IsPaused: false, IsMuted: false, RepeatMode: 'RepeatNone', PlaybackOrder: 'Default' };
  const caps = session.capabilities;
  const remoteControl = session.supportsRemoteControl;
  const raw = shape !== 'dto';
  return {
    PlayState: playState,
    AdditionalUsers: [],
    Capabilities: {
      PlayableMediaTypes: [...caps.playableMediaTypes],
      SupportedCommands: [...caps.supportedCommands],
      SupportsMediaControl: caps.supportsMediaControl,
      SupportsPersistentIdentifier: caps.supportsPersistentIdentifier,
    },
    RemoteEndPoint: session.remoteEndPoint,
    PlayableMediaTypes: [...caps.playableMediaTypes],
    Id: session.id,
    UserId: session.userId,
    UserName: session.userName,
    Client: session.client,
    LastActivityDate: jsonDate(session.lastActivity),
    LastPlaybackCheckIn: jsonDate(session.lastPlaybackCheckIn),
    LastPausedDate: session.lastPausedDate === undefined ? undefined : jsonDate(session.lastPausedDate),
    DeviceName: session.deviceName,
    NowPlayingItem: playing?.dto,
    FullNowPlayingItem: shape === 'raw-10.8' && playing ? internalItemJson(playing.item, ctx) : undefined,
    DeviceId: session.deviceId,
    ApplicationVersion: session.applicationVersion,
    IsActive: session.isActive,
    SupportsMediaControl: remoteControl,
    SupportsRemoteControl: remoteControl,
    NowPlayingQueue: [],
    NowPlayingQueueFullItems: raw ? [] : undefined,
    HasCustomDeviceName: false,
    ServerId: ctx.serverId,
    SupportedCommands: [...caps.supportedCommands],
  };
}

/** One session serialized, reusing the last serialization while the session is unchanged. */
export function sessionText(session: SimSession, shape: SessionShape, ctx: ItemDtoContext): string {
  // IsActive and SupportsRemoteControl follow the sockets' state, which can change without a revision.
  const liveness = `${session.isActive}/${session.supportsRemoteControl}`;
  const cached = session.serialized.get(shape);
  if (cached && cached.revision === session.revision && cached.liveness === liveness) return cached.json;
  const json = JSON.stringify(sessionJson(session, shape, ctx));
  session.serialized.set(shape, { revision: session.revision, liveness, json });
  return json;
}

/** The `Data` of a `Sessions` frame or the body of `GET /Sessions`. */
export function sessionListJson(sessions: readonly SimSession[], shape: SessionShape, ctx: ItemDtoContext): string {
  return `[${sessions.map((session) => sessionText(session, shape, ctx)).join(',')}]`;
}
