import type { ItemDto, SessionDto } from '../jellyfin/dto';
import type { MediaType, PlayMedia } from '../media';
import { DEFAULT_ANIME_RULE, DEFAULT_ANIME_WORDS, type AnimeRule } from './anime';
import { mediaKind, movieMedia, showMedia } from './media';
import { lazyPathHints } from './path-hints';
import type { PathMatcher } from './path-match';
import type { PlaybackStart } from './playback-tracker';

export type MediaFilter = 'both' | MediaType;

export interface VirtualPlayOptions {
  readonly matcher: PathMatcher;
  readonly mediaTypes: MediaFilter;
  readonly anime?: AnimeRule;
  readonly seriesItem: (seriesId: string, userId: string | undefined) => Promise<ItemDto | undefined>;
}

/** The message `jellyfin-virtual-play` emits, without Node-RED's own fields. */
export interface VirtualPlayMessage {
  readonly topic: MediaType;
  readonly payload: PlayMedia;
  readonly media: PlayMedia;
  readonly session: {
    readonly id: string;
    readonly userId: string;
    readonly userName: string;
    readonly client: string;
    readonly deviceName: string;
    readonly deviceId: string;
  };
  readonly item: ItemDto;
  /** The path match that made this item a placeholder: `jellyfin-stop-playback` resets the series only when it matches too. */
  readonly pathMatch: string;
}

export function parseAnimeWords(text: unknown): readonly string[] {
  if (typeof text !== 'string') return DEFAULT_ANIME_WORDS;
  return text
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** The node's anime settings; a flow that omits them gets the defaults (words "anime", fallback on). */
export function parseAnimeRule(words: unknown, fallback: unknown): AnimeRule {
  return { words: parseAnimeWords(words), fallback: fallback !== false && fallback !== 'false' };
}

function sessionFields(session: SessionDto): VirtualPlayMessage['session'] {
  return {
    id: session.Id,
    userId: session.UserId ?? '',
    userName: session.UserName ?? '',
    client: session.Client ?? '',
    deviceName: session.DeviceName ?? '',
    deviceId: session.DeviceId ?? '',
  };
}

/**
 * The message for a playback start, or undefined when the item is not a placeholder this node
 * wants. Shows look up their series (cached by the connection); a failed look-up falls back to the path.
 */
export async function virtualPlayMessage(start: PlaybackStart, options: VirtualPlayOptions): Promise<VirtualPlayMessage | undefined> {
  const { session, item } = start;
  if (!item.Path || !options.matcher.test(item.Path)) return undefined;
  // Read at most once, and only when the kind or a field needs the path's fallbacks.
  const hints = lazyPathHints(item.Path);
  const kind = mediaKind(item, hints);
  if (!kind || (options.mediaTypes !== 'both' && options.mediaTypes !== kind)) return undefined;
  let media: PlayMedia;
  if (kind === 'movie') {
    media = movieMedia(session, item, hints);
  } else {
    const userId = session.UserId && !/^0+$/.test(session.UserId) ? session.UserId : undefined;
    const series = item.SeriesId ? await options.seriesItem(item.SeriesId, userId) : undefined;
    media = showMedia(session, item, series, options.anime ?? DEFAULT_ANIME_RULE, hints);
  }
  return {
    topic: kind,
    payload: media,
    media: { ...media },
    session: sessionFields(session),
    item,
    pathMatch: options.matcher.description,
  };
}
