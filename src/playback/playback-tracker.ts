import type { ItemDto, SessionDto } from '../jellyfin/dto';

export interface PlaybackStart {
  readonly session: SessionDto;
  readonly item: ItemDto;
}

/**
 * Turns successive session lists (pushes, seeds after reconnects, polls) into playback starts.
 * A start is a session whose `NowPlayingItem.Id` differs from what it last played; the pair is
 * remembered while that playback lasts, so repeated frames never report it twice. State exists only
 * for sessions in the latest list that are playing, so memory follows the live sessions.
 */
export class PlaybackTracker {
  private playing = new Map<string, string>();

  update(sessions: readonly SessionDto[]): PlaybackStart[] {
    const starts: PlaybackStart[] = [];
    const next = new Map<string, string>();
    for (const session of sessions) {
      const item = session.NowPlayingItem;
      if (!item) continue;
      next.set(session.Id, item.Id);
      if (this.playing.get(session.Id) !== item.Id) starts.push({ session, item });
    }
    this.playing = next;
    return starts;
  }

  /** What a session is playing now, as last seen. */
  nowPlaying(sessionId: string): string | undefined {
    return this.playing.get(sessionId);
  }

  get size(): number {
    return this.playing.size;
  }
}
