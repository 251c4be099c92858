import type { ItemDto, SessionDto } from '../jellyfin/dto';
import { animeVerdict, DEFAULT_ANIME_RULE, type AnimeRule } from './anime';
import { lazyPathHints, titleAndYear, type PathHints } from './path-hints';
import type { CommonMedia, MediaType, MovieMedia, ShowMedia } from '../media';

const EMPTY_GUID = /^0{32}$/;

/** JellyNext sends user ids dashed (`a1b2c3d4-e5f6-…`); Jellyfin writes them as 32 hex digits. */
export function dashedGuid(id: string | null | undefined): string {
  if (!id) return '';
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || EMPTY_GUID.test(hex)) return id === '' || EMPTY_GUID.test(hex) ? '' : id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A provider id by Jellyfin's key spelling (`Tmdb`, `Imdb`, `Tvdb`), tolerant of other casings. */
function providerId(item: ItemDto | undefined, key: string): string | undefined {
  const ids = item?.ProviderIds;
  if (!ids) return undefined;
  const direct = ids[key];
  if (typeof direct === 'string' && direct !== '') return direct;
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(ids))
    if (name.toLowerCase() === lower && typeof value === 'string' && value !== '') return value;
  return undefined;
}

// A bracket id hint or a trailing "(1999)" / "(Unknown)": the name is still the raw file or folder name.
const RAW_NAME = /\[[a-z]+[-=][^[\]]*\]|\((?:\d{4}|unknown)\)\s*$/i;

/**
 * Offline servers may keep the raw folder name ("Breaking Bad (2008) [tvdbid-81189]") as the display
 * name, and a movie JellyNext wrote without a year keeps "(Unknown)" in its cleaned name.
 */
function cleanTitle(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  // A name longer than any file name cannot be a raw one; it is kept as it is, unread.
  if (name.length > 1024 || !RAW_NAME.test(name)) return name;
  return titleAndYear(name).title ?? name;
}

function viewer(session: SessionDto, item: ItemDto): Omit<CommonMedia, 'tmdbId' | 'imdbId' | 'title' | 'year'> {
  return {
    jellyfinUserId: dashedGuid(session.UserId),
    userName: session.UserName ?? '',
    deviceName: session.DeviceName ?? '',
    client: session.Client ?? '',
    sessionId: session.Id,
    itemId: item.Id,
  };
}

/** The item's path hints, read only when a fallback is needed (`lazyPathHints`); they depend on the path alone. */
export type HintsOf = () => PathHints;

/** Movie or show: the item's type first, then the JellyNext folder and id patterns of its path. */
export function mediaKind(item: ItemDto, hints: HintsOf = lazyPathHints(item.Path)): MediaType | undefined {
  if (item.Type === 'Movie') return 'movie';
  if (item.Type === 'Episode' || item.Type === 'Season' || item.Type === 'Series') return 'show';
  return hints().kind;
}

export function movieMedia(session: SessionDto, item: ItemDto, hints: HintsOf = lazyPathHints(item.Path)): MovieMedia {
  return {
    mediaType: 'movie',
    tmdbId: providerId(item, 'Tmdb') ?? hints().tmdbId ?? '',
    imdbId: providerId(item, 'Imdb') ?? hints().imdbId ?? '',
    title: cleanTitle(item.Name) ?? hints().title ?? '',
    year: item.ProductionYear ?? hints().year ?? null,
    ...viewer(session, item),
  };
}

/**
 * A show's ids, title, year and anime flag come from the series, never the episode: an episode's
 * `ProviderIds.Tvdb` is its own id and its `ProductionYear` its air year (docs/jellyfin-api.md §7).
 */
export function showMedia(
  session: SessionDto,
  episode: ItemDto,
  series: ItemDto | undefined,
  anime: AnimeRule = DEFAULT_ANIME_RULE,
  hints: HintsOf = lazyPathHints(episode.Path),
): ShowMedia {
  const verdict = animeVerdict(series, anime);
  return {
    mediaType: 'show',
    tvdbId: providerId(series, 'Tvdb') ?? hints().tvdbId ?? '',
    tmdbId: providerId(series, 'Tmdb') ?? hints().tmdbId ?? '',
    imdbId: providerId(series, 'Imdb') ?? hints().imdbId ?? '',
    title: cleanTitle(series?.Name) ?? cleanTitle(episode.SeriesName) ?? hints().title ?? '',
    year: series?.ProductionYear ?? hints().year ?? null,
    seasonNumber: episode.ParentIndexNumber ?? hints().seasonNumber ?? null,
    isAnime: verdict.isAnime,
    animeReason: verdict.reason,
    ...viewer(session, episode),
  };
}
