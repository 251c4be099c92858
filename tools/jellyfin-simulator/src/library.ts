import { dateOnly, dashedGuid, md5Guid, TICKS_PER_SECOND } from './wire';

/**
 * Library items (docs/jellyfin-api.md §7). The simulator holds items as already resolved and refreshed by
 * Jellyfin: display names cleaned, years parsed, ProviderIds filled by the path hints and (for
 * most items) a metadata provider. Nothing is parsed from paths here — that is the client's job.
 */

export type ItemType = 'Movie' | 'Series' | 'Season' | 'Episode' | 'Video';

export interface SimItem {
  readonly id: string;
  readonly type: ItemType;
  readonly name: string;
  readonly originalTitle?: string;
  /** ISO 639 code of the original language (TMDb fills it from 12.0; the DTO carries it from 12.0). */
  readonly originalLanguage?: string;
  /** The file (or folder for series) path; virtual seasons have none. */
  readonly path?: string;
  /** What a `.strm` file points at (`ShortcutPath`, §7.2) — only visible in `MediaSources[].Path`. */
  readonly shortcutTarget?: string;
  readonly container?: string;
  readonly isFolder: boolean;
  readonly providerIds: Readonly<Record<string, string>>;
  readonly genres: readonly string[];
  readonly tags: readonly string[];
  /** Country names (`ProductionLocations`): TMDb fills them for movies only; a series gets them from an NFO `<country>`. */
  readonly productionLocations: readonly string[];
  readonly studios: readonly string[];
  readonly productionYear?: number;
  /** Milliseconds since the epoch (midnight UTC). */
  readonly premiereDate?: number;
  readonly runTimeTicks?: number;
  readonly overview?: string;
  readonly officialRating?: string;
  readonly communityRating?: number;
  readonly parentId?: string;
  readonly seriesId?: string;
  readonly seriesName?: string;
  readonly seasonId?: string;
  readonly seasonName?: string;
  /** Episode number (episodes) or season number (seasons). */
  readonly indexNumber?: number;
  /** Season number of an episode. */
  readonly parentIndexNumber?: number;
  readonly status?: 'Continuing' | 'Ended';
  readonly dateCreated: number;
  readonly locationType: 'FileSystem' | 'Virtual';
}

/** What `addItem` takes. Dates as `yyyy-mm-dd`. Episodes name their series; the season is created. */
export interface ItemSpec {
  readonly type: 'Movie' | 'Series' | 'Episode' | 'Video';
  readonly name: string;
  readonly path?: string;
  /** Defaults to an MD5 of type and path (like Jellyfin's path-derived ids). */
  readonly id?: string;
  readonly originalTitle?: string;
  readonly originalLanguage?: string;
  readonly shortcutTarget?: string;
  readonly providerIds?: Readonly<Record<string, string>>;
  readonly genres?: readonly string[];
  readonly tags?: readonly string[];
  readonly productionLocations?: readonly string[];
  readonly studios?: readonly string[];
  readonly productionYear?: number;
  readonly premiereDate?: string;
  readonly runTimeTicks?: number;
  readonly overview?: string;
  readonly officialRating?: string;
  readonly communityRating?: number;
  readonly status?: 'Continuing' | 'Ended';
  /** Episodes: the series item id. */
  readonly seriesId?: string;
  /** Episodes: season number (`ParentIndexNumber`). */
  readonly seasonNumber?: number;
  /** Episodes: episode number (`IndexNumber`). */
  readonly episodeNumber?: number;
}

/** Container names as Jellyfin reports them after probing. */
function containerFor(path: string | undefined): string | undefined {
  const ext = path?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  if (ext === 'mp4' || ext === 'm4v' || ext === 'mov') return 'mov,mp4,m4a,3gp,3g2,mj2';
  return ext;
}

function parentFolder(path: string): string {
  const cut = path.replace(/[/\\]+$/, '').search(/[/\\][^/\\]*$/);
  return cut <= 0 ? '/' : path.slice(0, cut);
}

function definedOnly(record: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}

export class Library {
  private readonly items = new Map<string, SimItem>();

  constructor(private readonly clock: () => number) {}

  get(id: string): SimItem | undefined {
    return this.items.get(id);
  }

  get size(): number {
    return this.items.size;
  }

  /** The non-folder items under a folder (a series' or season's episodes), as `Folder.GetItemList(Recursive, IsFolder = false)`. */
  descendants(folderId: string): SimItem[] {
    return [...this.items.values()].filter((item) => !item.isFolder && (item.parentId === folderId || item.seriesId === folderId));
  }

  add(spec: ItemSpec): string {
    if (spec.type === 'Episode') return this.addEpisode(spec);
    const isFolder = spec.type === 'Series';
    const id = spec.id ?? md5Guid(`${spec.type}${spec.path ?? `${spec.name}#${this.items.size}`}`);
    this.items.set(id, {
      ...this.common(spec, id),
      type: spec.type,
      isFolder,
      container: isFolder ? undefined : containerFor(spec.path),
      parentId: spec.path === undefined ? undefined : md5Guid(`Folder${parentFolder(spec.path)}`),
      status: spec.type === 'Series' ? (spec.status ?? 'Ended') : undefined,
    });
    return id;
  }

  /** The season item of a series, created as a virtual season on first use (flat JellyNext folders, §7.3). */
  season(seriesId: string, seasonNumber: number): SimItem {
    const series = this.items.get(seriesId);
    if (!series || series.type !== 'Series') throw new Error(`no series ${seriesId}`);
    const id = md5Guid(`Season${seriesId}#${seasonNumber}`);
    const existing = this.items.get(id);
    if (existing) return existing;
    const season: SimItem = {
      id,
      type: 'Season',
      name: seasonNumber === 0 ? 'Specials' : `Season ${seasonNumber}`,
      isFolder: true,
      providerIds: {},
      genres: [],
      tags: [],
      productionLocations: [],
      studios: [],
      parentId: seriesId,
      seriesId,
      seriesName: series.name,
      indexNumber: seasonNumber,
      dateCreated: this.clock(),
      locationType: 'Virtual',
    };
    this.items.set(id, season);
    return season;
  }

  private addEpisode(spec: ItemSpec): string {
    if (spec.seriesId === undefined || spec.seasonNumber === undefined) throw new Error('an episode needs seriesId and seasonNumber');
    const season = this.season(spec.seriesId, spec.seasonNumber);
    const id = spec.id ?? md5Guid(`Episode${spec.path ?? `${spec.seriesId}#${spec.seasonNumber}#${spec.episodeNumber ?? 0}#${spec.name}`}`);
    this.items.set(id, {
      ...this.common(spec, id),
      type: 'Episode',
      isFolder: false,
      container: containerFor(spec.path),
      parentId: season.id,
      seriesId: spec.seriesId,
      seriesName: season.seriesName,
      seasonId: season.id,
      seasonName: season.name,
      indexNumber: spec.episodeNumber,
      parentIndexNumber: spec.seasonNumber,
    });
    return id;
  }

  private common(spec: ItemSpec, id: string) {
    return {
      id,
      name: spec.name,
      originalTitle: spec.originalTitle,
      originalLanguage: spec.originalLanguage,
      path: spec.path,
      shortcutTarget: spec.shortcutTarget,
      providerIds: definedOnly(spec.providerIds),
      genres: [...(spec.genres ?? [])],
      tags: [...(spec.tags ?? [])],
      productionLocations: [...(spec.productionLocations ?? [])],
      studios: [...(spec.studios ?? [])],
      productionYear: spec.productionYear ?? undefined,
      premiereDate: spec.premiereDate === undefined ? undefined : dateOnly(spec.premiereDate),
      runTimeTicks: spec.runTimeTicks ?? undefined,
      overview: spec.overview ?? undefined,
      officialRating: spec.officialRating ?? undefined,
      communityRating: spec.communityRating ?? undefined,
      dateCreated: this.clock(),
      locationType: 'FileSystem' as const,
    };
  }
}

/** Ids of the built-in items, for tests and the demo. */
export interface Catalogue {
  /** `…/jellynext-virtual/<user>/movies_recommendations/Fight Club (1999) [tmdbid-550].strm` */
  readonly fightClub: string;
  /** The same movie as newer JellyNext writes it: an `.mp4` link to the 2 s dummy video. */
  readonly fightClubMp4: string;
  /** A virtual movie whose title has double quotes and a backslash. */
  readonly quotedTitle: string;
  /** A global (`jellynext-virtual/global/movies_trending`) `.mp4` stub. */
  readonly trendingMovie: string;
  /** `Breaking Bad (2008) [tvdbid-81189]` series folder. */
  readonly breakingBad: string;
  readonly breakingBadSeason2: string;
  /** `…/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm` */
  readonly breakingBadS02E01: string;
  /** An anime series (Genres include "Anime", as the TVDB plugin writes them). */
  readonly animeSeries: string;
  readonly animeS02E01: string;
  /**
   * Anime without the word: TMDb metadata with keywords off (genre "Animation", no tags), a kanji-only
   * original title and `ProductionLocations` ["Japan"] from an NFO; on the user's `watchlist_shows`.
   */
  readonly animationJapanSeries: string;
  /** `…/watchlist_shows/Jujutsu Kaisen (2020) [tvdbid-377543]/S03E01 - Download Season 3.strm` */
  readonly animationJapanS03E01: string;
  /** Western animation: "Animation", produced in the United States. */
  readonly westernAnimationSeries: string;
  readonly westernAnimationS01E01: string;
  /** `…/watchlist_movies/The Untitled Sequel (Unknown) [tmdbid-999002].strm`, unmatched by any provider. */
  readonly unknownYearMovie: string;
  /** A normal library movie, not a JellyNext stub. */
  readonly matrix: string;
}

export const JELLYNEXT_ROOT = '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual';
/** Stub content: the absolute path of the plugin's 2 s dummy video (peers §1.1). */
export const DUMMY_SHORT_VIDEO = '/config/plugins/Jellyfin.Plugin.JellyNext/dummy_short.mp4';
const DUMMY_SHORT_TICKS = 2 * TICKS_PER_SECOND;

/**
 * The built-in items, at the paths JellyNext writes: `<data>/jellynext-virtual/<user id with dashes>/
 * <content folder>/…` (`Path.Combine(root, userId.ToString(), dir)` in VirtualLibraryManager), `global/`
 * only for movies_trending, `(Unknown)` for a missing year, titles through SanitizeFilename (on Linux
 * only `/` and NUL are replaced, so a colon stays).
 */
export function addCatalogue(library: Library, ownerUserId: string): Catalogue {
  const userDir = `${JELLYNEXT_ROOT}/${dashedGuid(ownerUserId)}`;
  const movies = `${userDir}/movies_recommendations`;
  const fightClub = {
    type: 'Movie' as const,
    name: 'Fight Club',
    providerIds: { Tmdb: '550', Imdb: 'tt0137523' },
    genres: ['Drama'],
    tags: ['dual identity', 'based on novel or book'],
    productionLocations: ['Germany', 'United States of America'],
    studios: ['20th Century Fox'],
    productionYear: 1999,
    premiereDate: '1999-10-15',
    officialRating: 'R',
    communityRating: 8.4,
    overview:
      'A ticking-time-bomb insomniac and a slippery soap salesman channel primal male aggression into a shocking new form of therapy.',
  };
  const breakingBad = library.add({
    type: 'Series',
    name: 'Breaking Bad',
    path: `${userDir}/shows_recommendations/Breaking Bad (2008) [tvdbid-81189]`,
    providerIds: { Tvdb: '81189', Tmdb: '1396', Imdb: 'tt0903747' },
    genres: ['Drama', 'Crime'],
    tags: ['drug dealer', 'chemistry teacher'],
    studios: ['AMC'],
    productionYear: 2008,
    premiereDate: '2008-01-20',
    status: 'Ended',
    officialRating: 'TV-MA',
  });
  const anime = library.add({
    type: 'Series',
    name: "Frieren: Beyond Journey's End",
    originalTitle: '葬送のフリーレン',
    path: `${userDir}/shows_nextseasons/Frieren: Beyond Journey's End (2023) [tvdbid-424536]`,
    providerIds: { Tvdb: '424536', Tmdb: '209867', Imdb: 'tt22248376' },
    genres: ['Animation', 'Anime', 'Fantasy'],
    tags: ['based on manga', 'elves'],
    studios: ['Madhouse'],
    productionYear: 2023,
    premiereDate: '2023-09-29',
    status: 'Continuing',
  });
  const jujutsuKaisen = library.add({
    type: 'Series',
    name: 'Jujutsu Kaisen',
    originalTitle: '呪術廻戦',
    path: `${userDir}/watchlist_shows/Jujutsu Kaisen (2020) [tvdbid-377543]`,
    providerIds: { Tvdb: '377543', Tmdb: '95479', Imdb: 'tt12343534' },
    genres: ['Animation', 'Action & Adventure', 'Sci-Fi & Fantasy'],
    productionLocations: ['Japan'],
    studios: ['MBS'],
    productionYear: 2020,
    premiereDate: '2020-10-03',
    status: 'Continuing',
  });
  const invincible = library.add({
    type: 'Series',
    name: 'Invincible',
    originalTitle: 'Invincible',
    path: `${userDir}/shows_recommendations/Invincible (2021) [tvdbid-368207]`,
    providerIds: { Tvdb: '368207', Tmdb: '95557', Imdb: 'tt6741278' },
    genres: ['Animation', 'Action & Adventure', 'Drama', 'Sci-Fi & Fantasy'],
    tags: ['superhero', 'based on comic'],
    productionLocations: ['United States of America'],
    studios: ['Prime Video'],
    productionYear: 2021,
    premiereDate: '2021-03-25',
    status: 'Continuing',
  });
  // Not aired or not matched yet: the episode name stays the file name (§7.3).
  const downloadStub = (seriesFolder: string, seriesId: string, season: number) =>
    library.add({
      type: 'Episode',
      name: `S${String(season).padStart(2, '0')}E01 - Download Season ${season}`,
      path: `${seriesFolder}/S${String(season).padStart(2, '0')}E01 - Download Season ${season}.strm`,
      shortcutTarget: DUMMY_SHORT_VIDEO,
      seriesId,
      seasonNumber: season,
      episodeNumber: 1,
    });
  return {
    fightClub: library.add({ ...fightClub, path: `${movies}/Fight Club (1999) [tmdbid-550].strm`, shortcutTarget: DUMMY_SHORT_VIDEO }),
    fightClubMp4: library.add({ ...fightClub, path: `${movies}/Fight Club (1999) [tmdbid-550].mp4`, runTimeTicks: DUMMY_SHORT_TICKS }),
    quotedTitle: library.add({
      type: 'Movie',
      name: 'The "Backslash \\ Quote" Test',
      path: `${movies}/The "Backslash \\ Quote" Test (2020) [tmdbid-999001].strm`,
      shortcutTarget: DUMMY_SHORT_VIDEO,
      providerIds: { Tmdb: '999001' },
      genres: ['Comedy'],
      productionYear: 2020,
    }),
    trendingMovie: library.add({
      type: 'Movie',
      name: 'Dune: Part Two',
      path: `${JELLYNEXT_ROOT}/global/movies_trending/Dune Part Two (2024) [tmdbid-693134].mp4`,
      runTimeTicks: DUMMY_SHORT_TICKS,
      providerIds: { Tmdb: '693134', Imdb: 'tt15239678' },
      genres: ['Science Fiction', 'Adventure'],
      productionYear: 2024,
      premiereDate: '2024-02-27',
    }),
    breakingBad,
    breakingBadSeason2: library.season(breakingBad, 2).id,
    // The episode's own ids and air year, never the series' (§7).
    breakingBadS02E01: library.add({
      type: 'Episode',
      name: 'Seven Thirty-Seven',
      path: `${userDir}/shows_recommendations/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm`,
      shortcutTarget: DUMMY_SHORT_VIDEO,
      seriesId: breakingBad,
      seasonNumber: 2,
      episodeNumber: 1,
      providerIds: { Tvdb: '438906', Imdb: 'tt1232244' },
      genres: ['Drama', 'Crime'],
      productionYear: 2009,
      premiereDate: '2009-03-08',
    }),
    animeSeries: anime,
    // Not aired yet: no provider match, the name stays the file name (§7.3).
    animeS02E01: library.add({
      type: 'Episode',
      name: 'S02E01 - Download Season 2',
      path: `${userDir}/shows_nextseasons/Frieren: Beyond Journey's End (2023) [tvdbid-424536]/S02E01 - Download Season 2.strm`,
      shortcutTarget: DUMMY_SHORT_VIDEO,
      seriesId: anime,
      seasonNumber: 2,
      episodeNumber: 1,
    }),
    animationJapanSeries: jujutsuKaisen,
    animationJapanS03E01: downloadStub(`${userDir}/watchlist_shows/Jujutsu Kaisen (2020) [tvdbid-377543]`, jujutsuKaisen, 3),
    westernAnimationSeries: invincible,
    westernAnimationS01E01: downloadStub(`${userDir}/shows_recommendations/Invincible (2021) [tvdbid-368207]`, invincible, 1),
    // Jellyfin's clean-up drops the [tmdbid-N] tag but keeps "(Unknown)", which is no year; the tag still gives ProviderIds.Tmdb (§7.2).
    unknownYearMovie: library.add({
      type: 'Movie',
      name: 'The Untitled Sequel (Unknown)',
      path: `${userDir}/watchlist_movies/The Untitled Sequel (Unknown) [tmdbid-999002].strm`,
      shortcutTarget: DUMMY_SHORT_VIDEO,
      providerIds: { Tmdb: '999002' },
    }),
    matrix: library.add({
      type: 'Movie',
      name: 'The Matrix',
      path: '/media/movies/The Matrix (1999)/The Matrix (1999).mkv',
      providerIds: { Tmdb: '603', Imdb: 'tt0133093' },
      genres: ['Action', 'Science Fiction'],
      studios: ['Warner Bros. Pictures'],
      productionYear: 1999,
      premiereDate: '1999-03-30',
      runTimeTicks: 136 * 60 * TICKS_PER_SECOND,
      officialRating: 'R',
    }),
  };
}
