import type { UserItemDataDto } from '@jellyfin/sdk/lib/generated-client/models';
import type { SimItem } from './library';
import { dashedGuid, jsonDate, TICKS_PER_SECOND } from './wire';

/** Per-user, per-item play state (`UserItemData`). */
export interface UserItemData {
  playbackPositionTicks: number;
  playCount: number;
  isFavorite: boolean;
  played: boolean;
  lastPlayedDate?: number;
}

export interface PlayedRules {
  /** Jellyfin `MinResumePct` (5). */
  readonly minResumePct: number;
  /** Jellyfin `MaxResumePct` (90). */
  readonly maxResumePct: number;
  /** Jellyfin `MinResumeDurationSeconds` (300): shorter items count as played when stopped. */
  readonly minResumeDurationSeconds: number;
}

export const DEFAULT_PLAYED_RULES: PlayedRules = { minResumePct: 5, maxResumePct: 90, minResumeDurationSeconds: 300 };

export class UserDataStore {
  private readonly data = new Map<string, UserItemData>();

  get(userId: string, itemId: string): UserItemData {
    const key = `${userId}/${itemId}`;
    let entry = this.data.get(key);
    if (!entry) {
      entry = { playbackPositionTicks: 0, playCount: 0, isFavorite: false, played: false };
      this.data.set(key, entry);
    }
    return entry;
  }

  markPlayed(userId: string, itemId: string, at: number): UserItemData {
    const entry = this.get(userId, itemId);
    entry.played = true;
    entry.playCount += 1;
    entry.playbackPositionTicks = 0;
    entry.lastPlayedDate = at;
    return entry;
  }

  /** `BaseItem.MarkUnplayed`: position and play count reset, not played. */
  markUnplayed(userId: string, itemId: string): UserItemData {
    const entry = this.get(userId, itemId);
    entry.played = false;
    entry.playCount = 0;
    entry.playbackPositionTicks = 0;
    return entry;
  }

  /**
   * What a client's stop report does to the user data (Jellyfin's `UserDataManager.UpdatePlayState`,
   * from the server's behaviour, not from the fact sheet — see the report): an item without a known
   * runtime counts as fully played; otherwise past `maxResumePct`, or for an item shorter than
   * `minResumeDurationSeconds` once past `minResumePct`, it is played. Answers whether it became played.
   */
  recordStop(userId: string, item: SimItem, positionTicks: number, at: number, rules: PlayedRules): boolean {
    const entry = this.get(userId, item.id);
    const runtime = item.runTimeTicks ?? 0;
    let played = false;
    if (runtime <= 0) {
      played = true;
    } else if (positionTicks > 0) {
      const pct = (positionTicks / runtime) * 100;
      if (pct < rules.minResumePct) entry.playbackPositionTicks = 0;
      else if (pct > rules.maxResumePct || positionTicks >= runtime - TICKS_PER_SECOND) played = true;
      else if (runtime / TICKS_PER_SECOND < rules.minResumeDurationSeconds) played = true;
      else entry.playbackPositionTicks = positionTicks;
    }
    entry.lastPlayedDate = at;
    if (played) {
      entry.played = true;
      entry.playCount += 1;
      entry.playbackPositionTicks = 0;
    }
    return played;
  }
}

/**
 * `UserItemDataDto` (§6.5): `Rating?, PlayedPercentage?, UnplayedItemCount?, PlaybackPositionTicks,
 * PlayCount, IsFavorite, Likes?, LastPlayedDate?, Played, Key, ItemId`.
 */
export function userItemDataDto(item: SimItem, data: UserItemData): UserItemDataDto {
  const runtime = item.runTimeTicks ?? 0;
  return {
    PlayedPercentage: runtime > 0 && data.playbackPositionTicks > 0 ? (data.playbackPositionTicks / runtime) * 100 : undefined,
    PlaybackPositionTicks: data.playbackPositionTicks,
    PlayCount: data.playCount,
    IsFavorite: data.isFavorite,
    LastPlayedDate: data.lastPlayedDate === undefined ? undefined : jsonDate(data.lastPlayedDate),
    Played: data.played,
    // The sheet does not say what `Key` holds; Jellyfin derives it from provider ids or the item id.
    Key: item.type === 'Movie' && item.providerIds.Tmdb ? item.providerIds.Tmdb : dashedGuid(item.id),
    ItemId: item.id,
  };
}
