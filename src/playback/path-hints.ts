import type { MediaType } from '../media';

/**
 * What a JellyNext stub's path says by itself, for when Jellyfin's metadata is missing. JellyNext
 * (VirtualLibraryManager, VirtualLibraryContentTypeHelper) writes
 *   <data>/jellynext-virtual/<owner>/<content folder>/<Title> (<Year>) [tmdbid-<N>].strm           movies
 *   <data>/jellynext-virtual/<owner>/<content folder>/<Title> (<Year>) [tvdbid-<N>]/S<SS>E01 - Download Season <S>.strm   shows
 * where <owner> is the user's id with dashes or `global`, the content folder is `movies_recommendations`,
 * `movies_trending`, `watchlist_movies`, `shows_recommendations`, `shows_nextseasons` or
 * `watchlist_shows`, and <Year> is `Unknown` when Trakt has none. The extension is never relied on:
 * a fork writes .mp4 links instead of .strm.
 */
export interface PathHints {
  readonly kind?: MediaType;
  readonly title?: string;
  readonly year?: number;
  readonly tmdbId?: string;
  readonly tvdbId?: string;
  readonly imdbId?: string;
  readonly seasonNumber?: number;
}

type BracketIds = { tmdbId?: string; tvdbId?: string; imdbId?: string };

const ROOT_FOLDER = 'jellynext-virtual';
// Whole folder names; `movies_`/`shows_` + a word also covers content folders newer versions may add.
const MOVIE_FOLDER = /^(?:movies_[a-z]+|watchlist_movies)$/i;
const SHOW_FOLDER = /^(?:shows_[a-z]+|watchlist_shows)$/i;
const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;
// Jellyfin's bracket hints: [tmdbid-550], [tmdbid=550], and 12.0's short [tmdb-550] (docs/jellyfin-api.md §7.1).
// The id stops at the next bracket or space, so every character is read by at most one attempt.
const BRACKET_ID = /\[(tmdb|tvdb|imdb)(?:id)?[-=]([^[\]\s]+)\]/gi;
const BRACKET_TAG = /\[[^[\]]*\]/g;
const SEASON = /(?:^|[^A-Za-z0-9])S(\d{1,4})E\d/i;
const TVDB_TAG = /\[tvdb(?:id)?[-=]/i;
const TMDB_TAG = /\[tmdb(?:id)?[-=]/i;
const IMDB_ANYWHERE = /\btt\d{7,}\b/;
const FOUR_DIGITS = /^\d{4}$/;
// File systems cap a name at 255 bytes and a path at 4096: anything longer is not a real stub, and
// patterns never look at more than this, however they are written.
const MAX_PATH = 8192;
const MAX_NAME = 1024;

function segments(path: string): string[] {
  return path.split(/[/\\]+/).filter((s) => s !== '');
}

function bracketIds(name: string): BracketIds {
  const ids: BracketIds = {};
  for (const match of name.matchAll(BRACKET_ID)) {
    const key = `${match[1].toLowerCase()}Id` as keyof BracketIds;
    ids[key] ??= match[2];
  }
  return ids;
}

/** `Breaking Bad (2008) [tvdbid-81189]` → title and year; `Title (Unknown)` → the title, no year. */
export function titleAndYear(name: string): { title?: string; year?: number } {
  const bare = name.replace(BRACKET_TAG, '').trim();
  const open = bare.lastIndexOf('(');
  if (!bare.endsWith(')') || open < 0) return bare === '' ? {} : { title: bare };
  const inside = bare.slice(open + 1, -1);
  const isYear = FOUR_DIGITS.test(inside);
  if (!isYear && inside.toLowerCase() !== 'unknown') return { title: bare };
  const title = bare.slice(0, open).trim();
  return { ...(title ? { title } : {}), ...(isYear ? { year: Number(inside) } : {}) };
}

/**
 * Movie or show by JellyNext's content folder: the one right after `jellynext-virtual/<owner>/` when
 * the path has that root, else any folder named like one (a library mapped elsewhere).
 */
function folderKind(parts: readonly string[]): MediaType | undefined {
  const root = parts.findIndex((part) => part.toLowerCase() === ROOT_FOLDER);
  const candidates = root >= 0 ? parts.slice(root + 2, root + 3) : parts.slice(0, -1);
  if (candidates.some((part) => SHOW_FOLDER.test(part))) return 'show';
  if (candidates.some((part) => MOVIE_FOLDER.test(part))) return 'movie';
  return undefined;
}

function withImdb(ids: BracketIds, path: string): BracketIds {
  if (ids.imdbId) return ids;
  const anywhere = IMDB_ANYWHERE.exec(path)?.[0];
  return anywhere ? { ...ids, imdbId: anywhere } : ids;
}

/** A name short enough to be real, else nothing to read. */
function nameAt(parts: readonly string[], index: number): string {
  const name = parts.at(index) ?? '';
  return name.length <= MAX_NAME ? name : '';
}

export function pathHints(path: string | null | undefined): PathHints {
  if (!path || path.length > MAX_PATH) return {};
  const parts = segments(path);
  const file = nameAt(parts, -1).replace(EXTENSION, '');
  const folder = nameAt(parts, -2);
  const byFolder = folderKind(parts);
  const isShow = byFolder === 'show' || (byFolder === undefined && (TVDB_TAG.test(folder) || SEASON.test(file)));
  if (isShow) {
    const season = SEASON.exec(file);
    // A stub straight in the content folder has no show folder to read a title from.
    const showFolder = SHOW_FOLDER.test(folder) ? '' : folder;
    return {
      kind: 'show',
      ...titleAndYear(showFolder),
      ...withImdb({ ...bracketIds(file), ...bracketIds(showFolder) }, path),
      ...(season ? { seasonNumber: Number(season[1]) } : {}),
    };
  }
  const isMovie = byFolder === 'movie' || TMDB_TAG.test(file);
  return {
    ...(isMovie ? { kind: 'movie' as const } : {}),
    ...titleAndYear(file),
    ...withImdb(bracketIds(file), path),
  };
}

/**
 * The hints of `path`, read the first time they are asked for: most items carry their ids, title and
 * year, and a Play should not pay for reading a path it does not need (a play's code is cold: reading
 * one took about 60 µs, bench/README.md).
 */
export function lazyPathHints(path: string | null | undefined): () => PathHints {
  let read: PathHints | undefined;
  return () => (read ??= pathHints(path));
}
