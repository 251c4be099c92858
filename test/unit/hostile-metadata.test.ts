import { describe, expect, it } from 'vitest';
import { readItem, sessionsFrom } from '../../src/jellyfin/dto';
import { createPathMatcher } from '../../src/playback/path-match';
import { pathHints } from '../../src/playback/path-hints';
import { movieMedia, showMedia } from '../../src/playback/media';
import { PlaybackTracker } from '../../src/playback/playback-tracker';
import { virtualPlayMessage } from '../../src/playback/virtual-play';

/**
 * Metadata is written by anyone who can edit a library (issue 9, points 3 and 12). Quadratic patterns
 * took ~12 s on the 150,000-space name of the attack; the names here are ten times longer, so a
 * quadratic pattern would run for many minutes and time the test out rather than pass it.
 */

const ROOT = '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const SESSION = { Id: 'a6f1c2d3e4b5a6978899aabbccddeeff', UserId: '5e1b2c3d4e5f40718293a4b5c6d7e8f9', UserName: 'alice' };
const SPACES = ' '.repeat(1_500_000);

describe('no pattern can be made slow by a name (point 3)', () => {
  it('the attack name as a movie Name and as the stub file name', () => {
    const name = `a${SPACES}b [tmdbid-1]`;
    const movie = movieMedia(SESSION, { Id: 'i1', Type: 'Movie', Name: name, Path: `${ROOT}/movies_trending/${name}.strm` });
    // Too long to be a raw file name: kept as Jellyfin sent it, unread; the path is not a real one either.
    expect(movie.title).toBe(name);
    expect(movie.tmdbId).toBe('');
  });

  it('the same shapes at a length a file system allows are still read', () => {
    const name = `a${' '.repeat(200)}b [tmdbid-1]`;
    expect(movieMedia(SESSION, { Id: 'i1', Type: 'Movie', Name: name, Path: `${ROOT}/movies_trending/${name}.strm` })).toMatchObject({
      title: `a${' '.repeat(200)}b`,
      tmdbId: '1',
    });
  });

  it('other hostile shapes: runs of brackets, parentheses, digits and tt in names and paths', () => {
    const shapes = [
      `[tmdbid-${'['.repeat(1_000_000)}`,
      `${'('.repeat(500_000)}1999)${SPACES}`,
      `(1999)${SPACES}x`.repeat(3),
      `tt${'1'.repeat(1_000_000)}x`,
      `${'S1E'.repeat(300_000)}`,
      `[${'a'.repeat(1_000_000)}=`,
    ];
    for (const shape of shapes) {
      expect(pathHints(`${ROOT}/shows_nextseasons/${shape}/${shape}.strm`)).toEqual({});
      const series = { Id: 's', Name: shape, Genres: [shape], Tags: [shape], OriginalTitle: shape, ProductionLocations: [shape] };
      expect(
        showMedia(SESSION, { Id: 'e', Type: 'Episode', SeriesName: shape, Path: `${ROOT}/shows_nextseasons/x/S01E01.strm` }, series).title,
      ).toBe(shape);
    }
  });
});

describe('one malformed field does not lose a Play (point 12)', () => {
  const frame = [
    {
      Id: 'sess1',
      UserId: 42,
      UserName: ['alice'],
      DeviceName: 'TV',
      PlayState: 'playing',
      NowPlayingItem: {
        Id: 'item1',
        Type: 'Movie',
        Name: 'Fight Club',
        ProductionYear: '1999',
        Genres: 5,
        Tags: ['ok', 7, null],
        ProviderIds: { Tmdb: 550, Imdb: 'tt0137523' },
        Path: `${ROOT}/movies_trending/Fight Club (1999) [tmdbid-550].strm`,
      },
    },
    { Id: 12, NowPlayingItem: { Id: 'other' } },
  ];

  it('the session keeps its good fields, each bad one is reported once by its path', async () => {
    const reported: string[] = [];
    const sessions = sessionsFrom(frame, (field) => reported.push(field))!;
    expect(reported.sort()).toEqual(
      [
        'NowPlayingItem.Genres',
        'NowPlayingItem.ProductionYear',
        'NowPlayingItem.ProviderIds',
        'NowPlayingItem.Tags',
        'PlayState',
        'session.Id',
        'session.UserId',
        'session.UserName',
      ].sort(),
    );
    expect(sessions).toHaveLength(1);
    const [start] = new PlaybackTracker().update(sessions);
    const msg = await virtualPlayMessage(start!, {
      matcher: createPathMatcher(undefined),
      mediaTypes: 'both',
      seriesItem: async () => undefined,
    });
    // The year and tmdb id come back from the path; the broken user id is just unknown.
    expect(msg?.payload).toMatchObject({
      mediaType: 'movie',
      tmdbId: '550',
      imdbId: 'tt0137523',
      title: 'Fight Club',
      year: 1999,
      jellyfinUserId: '',
      userName: '',
      deviceName: 'TV',
    });
    expect(msg?.item.Tags).toEqual(['ok']);
  });

  it('a series answer with a non-string Path or numeric genres keeps the show', () => {
    const reported: string[] = [];
    const series = readItem(
      { Id: 's', Name: 'Breaking Bad', Path: 7, Genres: 5, ProviderIds: 'x', ProductionYear: 2008 },
      'item',
      (field) => reported.push(field),
    )!;
    expect(reported.sort()).toEqual(['item.Genres', 'item.Path', 'item.ProviderIds']);
    const media = showMedia(
      SESSION,
      {
        Id: 'e',
        Type: 'Episode',
        ParentIndexNumber: 2,
        Path: `${ROOT}/shows_nextseasons/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm`,
      },
      series,
    );
    expect(media).toMatchObject({ title: 'Breaking Bad', year: 2008, tvdbId: '81189', seasonNumber: 2, isAnime: false });
  });

  it('well-formed answers are passed through without a copy', () => {
    const session = { Id: 's', UserId: 'u', NowPlayingItem: { Id: 'i', Genres: ['Drama'], ProviderIds: { Tmdb: '1', Imdb: null } } };
    const [read] = sessionsFrom([session])!;
    expect(read).toBe(session);
  });
});
