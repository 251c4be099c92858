import { describe, expect, it } from 'vitest';
import { pathHints, titleAndYear } from '../../src/playback/path-hints';

/**
 * Paths exactly as JellyNext writes them (VirtualLibraryManager.GetUserLibraryPath: `userId.ToString()`
 * is the dashed id; `global` only for movies_trending; year "Unknown" when Trakt has none).
 */
const DATA = '/config/plugins/Jellyfin.Plugin.JellyNext';
const USER = '5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const WINDOWS_DATA = 'C:\\ProgramData\\Jellyfin\\Server\\plugins\\JellyNext_1.2.1.1';

const CASES: ReadonlyArray<{ readonly path: string; readonly hints: ReturnType<typeof pathHints> }> = [
  {
    path: `jellynext-virtual/${USER}/movies_recommendations/Fight Club (1999) [tmdbid-550].strm`,
    hints: { kind: 'movie', title: 'Fight Club', year: 1999, tmdbId: '550' },
  },
  {
    path: `jellynext-virtual/${USER}/shows_nextseasons/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm`,
    hints: { kind: 'show', title: 'Breaking Bad', year: 2008, tvdbId: '81189', seasonNumber: 2 },
  },
  {
    path: `jellynext-virtual/${USER}/shows_recommendations/Dark (2017) [tvdbid-334824]/S10E01 - Download Season 10.strm`,
    hints: { kind: 'show', title: 'Dark', year: 2017, tvdbId: '334824', seasonNumber: 10 },
  },
  {
    path: 'jellynext-virtual/global/movies_trending/Dune Part Two (2024) [tmdbid-693134].mp4',
    hints: { kind: 'movie', title: 'Dune Part Two', year: 2024, tmdbId: '693134' },
  },
  {
    path: `jellynext-virtual/${USER}/watchlist_movies/The Untitled Sequel (Unknown) [tmdbid-999002].strm`,
    hints: { kind: 'movie', title: 'The Untitled Sequel', tmdbId: '999002' },
  },
  {
    path: `jellynext-virtual/${USER}/watchlist_shows/Jujutsu Kaisen (2020) [tvdbid-377543]/S03E01 - Download Season 3.mp4`,
    hints: { kind: 'show', title: 'Jujutsu Kaisen', year: 2020, tvdbId: '377543', seasonNumber: 3 },
  },
  {
    path: `jellynext-virtual/${USER}/shows_recommendations/Frieren: Beyond Journey's End (Unknown) [tvdbid-424536]/S01E01 - Download Season 1.strm`,
    hints: { kind: 'show', title: "Frieren: Beyond Journey's End", tvdbId: '424536', seasonNumber: 1 },
  },
];

describe('path hints: JellyNext paths in exactly the forms it writes', () => {
  for (const { path, hints } of CASES) {
    it(path, () => {
      expect(pathHints(`${DATA}/${path}`)).toEqual(hints);
      expect(pathHints(`${WINDOWS_DATA}\\${path.replaceAll('/', '\\')}`)).toEqual(hints);
    });
  }

  it('the content folder decides movie or show, also without an id tag (watchlist folders have no movies_/shows_ prefix)', () => {
    expect(pathHints(`${DATA}/jellynext-virtual/${USER}/watchlist_movies/Heat (1995).strm`)).toEqual({
      kind: 'movie',
      title: 'Heat',
      year: 1995,
    });
    expect(pathHints(`${DATA}/jellynext-virtual/${USER}/watchlist_shows/Dark (2017)/S02E01 - Download Season 2.strm`)).toEqual({
      kind: 'show',
      title: 'Dark',
      year: 2017,
      seasonNumber: 2,
    });
    // A movie whose title looks like an episode is still a movie in a movie folder.
    expect(pathHints(`${DATA}/jellynext-virtual/${USER}/movies_recommendations/S01E01 (2021) [tmdbid-1].strm`)).toMatchObject({
      kind: 'movie',
      title: 'S01E01',
    });
  });

  it('the dashed user folder never becomes a title, year or id', () => {
    // An id made only of digits that look like years and ids elsewhere in these paths.
    const digits = '20081999-0550-4000-8000-000000081189';
    expect(pathHints(`${DATA}/jellynext-virtual/${digits}/watchlist_movies/Some Film (Unknown) [tmdbid-7].strm`)).toEqual({
      kind: 'movie',
      title: 'Some Film',
      tmdbId: '7',
    });
    expect(
      pathHints(`${DATA}/jellynext-virtual/${digits}/shows_nextseasons/Some Show (Unknown) [tvdbid-8]/S04E01 - Download Season 4.strm`),
    ).toEqual({
      kind: 'show',
      title: 'Some Show',
      tvdbId: '8',
      seasonNumber: 4,
    });
  });

  it('a stub straight in a show content folder gives no title', () => {
    expect(pathHints(`${DATA}/jellynext-virtual/${USER}/shows_nextseasons/S02E01 - Download Season 2.strm`)).toEqual({
      kind: 'show',
      seasonNumber: 2,
    });
  });

  it('paths outside JellyNext still use the folder names and tags', () => {
    expect(pathHints('D:\\jv\\global\\movies_trending\\Some (Unknown) [tmdbid=7].strm')).toEqual({
      kind: 'movie',
      title: 'Some',
      tmdbId: '7',
    });
    expect(pathHints('/media/tv/Dark [tvdb-334824]/S01E01.mkv')).toEqual({
      kind: 'show',
      title: 'Dark',
      tvdbId: '334824',
      seasonNumber: 1,
    });
  });
});

describe('title and year', () => {
  it('(Year), (Unknown), and parentheses that are part of the title', () => {
    expect(titleAndYear('Fight Club (1999) [tmdbid-550]')).toEqual({ title: 'Fight Club', year: 1999 });
    expect(titleAndYear('The Untitled Sequel (Unknown)')).toEqual({ title: 'The Untitled Sequel' });
    expect(titleAndYear('Birdman (or The Unexpected Virtue of Ignorance) (2014)')).toEqual({
      title: 'Birdman (or The Unexpected Virtue of Ignorance)',
      year: 2014,
    });
    expect(titleAndYear('Movie (Director’s Cut)')).toEqual({ title: 'Movie (Director’s Cut)' });
    expect(titleAndYear('(Unknown) [tmdbid-1]')).toEqual({});
  });
});

describe('path hints: hostile paths are read in linear time, and not at all past what a file system allows', () => {
  // Inputs that make a backtracking pattern quadratic or worse; a linear reader finishes at once.
  it('unclosed id tags, long space runs and long digit runs, at the longest name that is still read', () => {
    const n = 1000; // names up to 1,024 characters are read
    expect(pathHints(`/x/movies_a/${'[tmdb-'.repeat(n / 6)}.strm`)).toMatchObject({ kind: 'movie' });
    const spaced = pathHints(`/x/movies_a/A${' '.repeat(n / 2)}(1999${' '.repeat(n / 2 - 10)}x.strm`);
    expect([spaced.kind, spaced.year, spaced.title?.length]).toEqual(['movie', undefined, n - 3]);
    expect(pathHints(`/x/shows_a/B (2000)/S${'1'.repeat(n)}x.strm`)).toEqual({ kind: 'show', title: 'B', year: 2000 });
    expect(pathHints(`/x/${'tt1234567'.repeat(n / 9)}a/movies_a/C.strm`)).toMatchObject({ kind: 'movie', title: 'C' });
  });

  it('the patterns themselves stay linear on 200,000-character names', () => {
    const n = 200_000;
    expect(titleAndYear(`${'('.repeat(n)}${' '.repeat(n)}`)).toEqual({ title: '('.repeat(n) });
    expect(titleAndYear(`A${' '.repeat(n)}(1999${' '.repeat(n)}x`).title?.length).toBe(2 * n + 7);
    expect(titleAndYear(`${'[tmdb-'.repeat(n / 6)}`).title).toBe('[tmdb-'.repeat(n / 6));
  });

  it('a longer name or path is not a real stub: it gives no hints rather than being read', () => {
    expect(pathHints(`/x/movies_a/${'a'.repeat(1025)} (1999) [tmdbid-1].strm`)).toEqual({ kind: 'movie' });
    expect(pathHints(`/x/${'d/'.repeat(5000)}movies_a/A (1999) [tmdbid-1].strm`)).toEqual({});
  });
});
