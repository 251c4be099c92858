/**
 * What a JellyNext stub's path says by itself, for when Jellyfin's metadata is missing:
 *   movies: …/movies_<kind>/<Title> (<Year>) [tmdbid-<N>].strm|.mp4
 *   shows:  …/shows_<kind>/<Title> (<Year>) [tvdbid-<N>]/S<SS>E01 - Download Season <S>.strm|.mp4
 * The extension is never relied on: newer JellyNext writes .mp4 links instead of .strm.
 */
export interface PathHints {
  readonly kind?: 'movie' | 'show';
  readonly title?: string;
  readonly year?: number;
  readonly tmdbId?: string;
  readonly tvdbId?: string;
  readonly imdbId?: string;
  readonly seasonNumber?: number;
}

const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;
// Jellyfin's bracket hints: [tmdbid-550], [tmdbid=550], and 12.0's short [tmdb-550] (fact sheet §7.1).
const BRACKET_ID = /\[(tmdb|tvdb|imdb)(?:id)?[-=]([^\]\s]+)\]/gi;
const TITLE_YEAR = /^(.*?)\s*\((\d{4}|Unknown)\)\s*$/i;
const SEASON = /(?:^|[^A-Za-z0-9])S(\d{1,4})E\d+/i;
const IMDB_ANYWHERE = /\btt\d{7,}\b/;

function segments(path: string): string[] {
  return path.split(/[/\\]+/).filter((s) => s !== '');
}

function bracketIds(name: string): { tmdbId?: string; tvdbId?: string; imdbId?: string } {
  const ids: { tmdbId?: string; tvdbId?: string; imdbId?: string } = {};
  for (const match of name.matchAll(BRACKET_ID)) {
    const key = `${match[1].toLowerCase()}Id` as 'tmdbId' | 'tvdbId' | 'imdbId';
    ids[key] ??= match[2];
  }
  return ids;
}

/** `Breaking Bad (2008) [tvdbid-81189]` → title and year; bracket tags removed. */
export function titleAndYear(name: string): { title?: string; year?: number } {
  const bare = name.replace(/\[[^\]]*\]/g, '').trim();
  const match = TITLE_YEAR.exec(bare);
  if (!match) return bare === '' ? {} : { title: bare };
  const year = /^\d{4}$/.test(match[2]) ? Number(match[2]) : undefined;
  return { ...(match[1] ? { title: match[1] } : {}), ...(year === undefined ? {} : { year }) };
}

export function pathHints(path: string | null | undefined): PathHints {
  if (!path) return {};
  const parts = segments(path);
  const file = (parts.at(-1) ?? '').replace(EXTENSION, '');
  const folder = parts.at(-2) ?? '';
  const lower = parts.map((p) => p.toLowerCase());
  const isShow = lower.some((p) => p.startsWith('shows_')) || /\[tvdb(?:id)?[-=]/i.test(folder) || SEASON.test(file);
  const isMovie = !isShow && (lower.some((p) => p.startsWith('movies_')) || /\[tmdb(?:id)?[-=]/i.test(file));
  const imdbAnywhere = IMDB_ANYWHERE.exec(path)?.[0];
  if (isShow) {
    const season = SEASON.exec(file);
    const ids = { ...bracketIds(file), ...bracketIds(folder) };
    return {
      kind: 'show',
      ...titleAndYear(folder),
      ...ids,
      ...(ids.imdbId || !imdbAnywhere ? {} : { imdbId: imdbAnywhere }),
      ...(season ? { seasonNumber: Number(season[1]) } : {}),
    };
  }
  const ids = bracketIds(file);
  return {
    ...(isMovie ? { kind: 'movie' as const } : {}),
    ...titleAndYear(file),
    ...ids,
    ...(ids.imdbId || !imdbAnywhere ? {} : { imdbId: imdbAnywhere }),
  };
}
