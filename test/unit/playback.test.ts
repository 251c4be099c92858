import { describe, expect, it, vi } from 'vitest';
import type { ItemDto, SessionDto } from '../../src/jellyfin/dto';
import { createPathMatcher } from '../../src/playback/path-match';
import { lazyPathHints, pathHints } from '../../src/playback/path-hints';
import { dashedGuid, mediaKind, movieMedia, showMedia } from '../../src/playback/media';
import { PlaybackTracker } from '../../src/playback/playback-tracker';
import { BREAKING_BAD_S2 } from '../support/expected-media';

// JellyNext names the per-user folder with the dashed user id.
const ROOT = '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const SESSION: SessionDto = {
  Id: 'a6f1c2d3e4b5a6978899aabbccddeeff',
  UserId: '5e1b2c3d4e5f40718293a4b5c6d7e8f9',
  UserName: 'alice',
  Client: 'Jellyfin Web',
  DeviceName: 'Firefox',
};

/** A movie whose item carries every field: nothing needs the path's fallbacks. */
const FIGHT_CLUB: ItemDto = {
  Id: 'i1',
  Type: 'Movie',
  Name: 'Fight Club',
  ProductionYear: 1999,
  ProviderIds: { Tmdb: '550', Imdb: 'tt0137523' },
  Path: `${ROOT}/movies_recommendations/Fight Club (1999) [tmdbid-550].strm`,
};

describe('path matching', () => {
  it('default: case-insensitive substring jellynext-virtual', () => {
    const m = createPathMatcher(undefined);
    expect(m.test(`${ROOT}/movies_trending/X (1999) [tmdbid-1].strm`)).toBe(true);
    expect(m.test('C:\\Data\\JellyNext-Virtual\\global\\movies_trending\\x.mp4')).toBe(true);
    expect(m.test('/media/movies/Fight Club (1999).mkv')).toBe(false);
  });

  it('/regex/flags', () => {
    const m = createPathMatcher('/placeholders\\/(movies|shows)_/i');
    expect(m.test('/x/PLACEHOLDERS/shows_next/a')).toBe(true);
    expect(m.test('/x/placeholders/music/a')).toBe(false);
  });

  it('a broken regex is a clear error', () => {
    expect(() => createPathMatcher('/([a-/')).toThrow(/not a valid regular expression/);
  });
});

describe('path hints (fallback when metadata is missing)', () => {
  it('movie .strm and .mp4 alike', () => {
    for (const ext of ['.strm', '.mp4']) {
      expect(pathHints(`${ROOT}/movies_recommendations/Fight Club (1999) [tmdbid-550]${ext}`)).toEqual({
        kind: 'movie',
        title: 'Fight Club',
        year: 1999,
        tmdbId: '550',
      });
    }
  });

  it('show: tvdb id, title and year from the folder, season from the file', () => {
    expect(pathHints(`${ROOT}/shows_nextseasons/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.mp4`)).toEqual({
      kind: 'show',
      title: 'Breaking Bad',
      year: 2008,
      tvdbId: '81189',
      seasonNumber: 2,
    });
  });

  it('Unknown year and Windows separators', () => {
    expect(pathHints('D:\\jv\\global\\movies_trending\\Some (Unknown) [tmdbid=7].strm')).toEqual({
      kind: 'movie',
      title: 'Some',
      tmdbId: '7',
    });
  });
});

describe('media fields', () => {
  it('user ids are dashed; the empty guid becomes ""', () => {
    expect(dashedGuid('5E1B2C3D4E5F40718293A4B5C6D7E8F9')).toBe('5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9');
    expect(dashedGuid('00000000000000000000000000000000')).toBe('');
    expect(dashedGuid(undefined)).toBe('');
  });

  it('movie from the NowPlayingItem, falling back to the path', () => {
    const item = FIGHT_CLUB;
    expect(movieMedia(SESSION, item)).toEqual({
      mediaType: 'movie',
      tmdbId: '550',
      imdbId: 'tt0137523',
      title: 'Fight Club',
      year: 1999,
      jellyfinUserId: '5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9',
      userName: 'alice',
      deviceName: 'Firefox',
      client: 'Jellyfin Web',
      sessionId: SESSION.Id,
      itemId: 'i1',
    });
    const bare: ItemDto = { Id: 'i2', Path: `${ROOT}/movies_trending/Heat (1995) [tmdbid-949].strm` };
    expect(mediaKind(bare)).toBe('movie');
    expect(movieMedia(SESSION, bare)).toMatchObject({ tmdbId: '949', imdbId: '', title: 'Heat', year: 1995 });
  });

  it('reads the path only when a field needs its fallback, and then once', () => {
    const complete = FIGHT_CLUB;
    const unread = vi.fn(() => pathHints(complete.Path));
    expect(mediaKind(complete, unread)).toBe('movie');
    expect(movieMedia(SESSION, complete, unread)).toMatchObject({ tmdbId: '550', title: 'Fight Club', year: 1999 });
    expect(unread).not.toHaveBeenCalled();
    const path = `${ROOT}/movies_trending/Heat (1995) [tmdbid-949].strm`;
    const hints = lazyPathHints(path);
    expect(hints()).toBe(hints());
    expect(hints()).toEqual(pathHints(path));
    const bare: ItemDto = { Id: 'i2', Path: path };
    const read = vi.fn(hints);
    expect(movieMedia(SESSION, bare, read)).toMatchObject({ tmdbId: '949', title: 'Heat', year: 1995 });
    expect(read).toHaveBeenCalled();
  });

  it('show ids, title, year and anime come from the series, never the episode', () => {
    const episode: ItemDto = {
      Id: 'e1',
      Type: 'Episode',
      Name: 'S02E01 - Download Season 2',
      ProductionYear: 2009,
      ParentIndexNumber: 2,
      ProviderIds: { Tvdb: '438906', Imdb: 'tt1232244' },
      SeriesId: 's1',
      SeriesName: 'Breaking Bad',
      Path: `${ROOT}/shows_nextseasons/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm`,
    };
    const series: ItemDto = {
      Id: 's1',
      Type: 'Series',
      Name: 'Breaking Bad',
      ProductionYear: 2008,
      ProviderIds: { Tvdb: '81189', Tmdb: '1396', Imdb: 'tt0903747' },
      Genres: ['Drama'],
    };
    expect(showMedia(SESSION, episode, series)).toMatchObject({
      ...BREAKING_BAD_S2,
      animeReason: '',
    });
    expect(showMedia(SESSION, episode, { ...series, Tags: ['ANIME'] })).toMatchObject({ isAnime: true, animeReason: 'tag: ANIME' });
    expect(
      showMedia(SESSION, episode, { ...series, Genres: ['Animation'] }, { words: ['anime', 'animation'], fallback: false }),
    ).toMatchObject({ isAnime: true, animeReason: 'genre: Animation' });
    expect(showMedia(SESSION, episode, { ...series, Genres: ['Animation'], ProductionLocations: ['Japan'] })).toMatchObject({
      isAnime: true,
      animeReason: 'Animation + Japan',
    });
    expect(
      showMedia(
        SESSION,
        episode,
        { ...series, Genres: ['Animation'], ProductionLocations: ['Japan'] },
        { words: ['anime'], fallback: false },
      ),
    ).toMatchObject({ isAnime: false, animeReason: '' });
    // Without the series: the path, not the episode's own ids or air year.
    expect(showMedia(SESSION, episode, undefined)).toMatchObject({
      tvdbId: '81189',
      tmdbId: '',
      imdbId: '',
      title: 'Breaking Bad',
      year: 2008,
      seasonNumber: 2,
      isAnime: false,
    });
  });

  it('a raw folder name as series name is cleaned', () => {
    const episode: ItemDto = {
      Id: 'e',
      Type: 'Episode',
      Path: `${ROOT}/shows_x/Dark (2017) [tvdbid-334824]/S03E01 - Download Season 3.strm`,
    };
    expect(showMedia(SESSION, episode, { Id: 's', Name: 'Dark (2017) [tvdbid-334824]' })).toMatchObject({
      title: 'Dark',
      year: 2017,
      seasonNumber: 3,
    });
    const unknownYear: ItemDto = {
      Id: 'e2',
      Type: 'Episode',
      Path: `${ROOT}/watchlist_shows/Dark (Unknown) [tvdbid-334824]/S01E01 - Download Season 1.strm`,
    };
    expect(showMedia(SESSION, unknownYear, { Id: 's', Name: 'Dark (Unknown) [tvdbid-334824]' })).toMatchObject({
      title: 'Dark',
      year: null,
      tvdbId: '334824',
      seasonNumber: 1,
    });
  });

  it('a movie JellyNext wrote without a year: Jellyfin keeps "(Unknown)" in the name, the message does not', () => {
    // Jellyfin's name clean-up strips the [tmdbid-N] tag but not "(Unknown)", which is no year.
    const item: ItemDto = {
      Id: 'm',
      Type: 'Movie',
      Name: 'The Untitled Sequel (Unknown)',
      ProviderIds: { Tmdb: '999002' },
      Path: `${ROOT}/watchlist_movies/The Untitled Sequel (Unknown) [tmdbid-999002].strm`,
    };
    expect(movieMedia(SESSION, item)).toMatchObject({ mediaType: 'movie', tmdbId: '999002', title: 'The Untitled Sequel', year: null });
    expect(movieMedia(SESSION, { ...item, Name: 'Heat (Director’s Cut)' }).title).toBe('Heat (Director’s Cut)');
  });
});

describe('playback tracker', () => {
  const playing = (id: string, itemId?: string): SessionDto => ({ Id: id, ...(itemId ? { NowPlayingItem: { Id: itemId } } : {}) });

  it('reports a start once, however often the same list arrives', () => {
    const tracker = new PlaybackTracker();
    expect(tracker.update([playing('s1', 'a'), playing('s2')]).map((s) => s.item.Id)).toEqual(['a']);
    expect(tracker.update([playing('s1', 'a'), playing('s2')])).toEqual([]);
    expect(tracker.update([playing('s1', 'a')])).toEqual([]);
  });

  it('a new item, or the same item after a stop, is a new start', () => {
    const tracker = new PlaybackTracker();
    tracker.update([playing('s1', 'a')]);
    expect(tracker.update([playing('s1', 'b')]).map((s) => s.item.Id)).toEqual(['b']);
    expect(tracker.update([playing('s1')])).toEqual([]);
    expect(tracker.update([playing('s1', 'b')]).map((s) => s.item.Id)).toEqual(['b']);
  });

  it('forgets ended sessions: memory follows the live sessions', () => {
    const tracker = new PlaybackTracker();
    tracker.update(Array.from({ length: 1000 }, (_, i) => playing(`s${i}`, `i${i}`)));
    expect(tracker.size).toBe(1000);
    tracker.update([playing('s1', 'i1')]);
    expect(tracker.size).toBe(1);
  });
});
