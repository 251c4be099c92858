import type { BaseItemDto, PlayerStateInfo, SessionInfoDto, SystemInfo } from '@jellyfin/sdk/lib/generated-client/models';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isSystemInfo, sessionsFrom, type ItemDto, type PlayStateDto, type SessionDto, type SystemInfoDto } from '../../src/jellyfin/dto';
import { movieMedia, showMedia } from '../../src/playback/media';
import { createPathMatcher } from '../../src/playback/path-match';
import { PlaybackTracker } from '../../src/playback/playback-tracker';
import { virtualPlayMessage } from '../../src/playback/virtual-play';

const ROOT = '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';

/** A DTO's fields without the `null` a proxy may add. */
type NonNullFields<T> = { [K in keyof T]: Exclude<T[K], null> };

describe('DTO types come from Jellyfin’s OpenAPI (@jellyfin/sdk)', () => {
  it('every field we read is a field of the SDK model, of the SDK’s type', () => {
    expectTypeOf<keyof ItemDto>().toExtend<keyof BaseItemDto>();
    expectTypeOf<keyof SessionDto>().toExtend<keyof SessionInfoDto>();
    expectTypeOf<keyof PlayStateDto>().toExtend<keyof PlayerStateInfo>();
    expectTypeOf<keyof SystemInfoDto>().toExtend<keyof SystemInfo>();
    expectTypeOf<NonNullFields<ItemDto>>().toExtend<Pick<BaseItemDto, keyof ItemDto>>();
    expectTypeOf<NonNullFields<PlayStateDto>>().toExtend<Pick<PlayerStateInfo, keyof PlayStateDto>>();
    expectTypeOf<NonNullFields<SystemInfoDto>>().toExtend<Pick<SystemInfo, keyof SystemInfoDto>>();
    // What the guards check is not optional.
    expectTypeOf<ItemDto['Id']>().toEqualTypeOf<string>();
    expectTypeOf<SessionDto['Id']>().toEqualTypeOf<string>();
    expectTypeOf<SystemInfoDto['Version']>().toEqualTypeOf<string>();
  });
});

describe('null from a proxy or fork loses only that field', () => {
  const nullSession = {
    Id: 'a6f1c2d3e4b5a6978899aabbccddeeff',
    UserId: null,
    UserName: null,
    Client: null,
    DeviceName: null,
    DeviceId: null,
    PlayState: null,
    IsActive: null,
  };

  it('a session whose NowPlayingItem is null is kept, as not playing', () => {
    const sessions = sessionsFrom([
      { ...nullSession, NowPlayingItem: null },
      { Id: 'b', NowPlayingItem: { Id: 'i1' } },
    ]);
    expect(sessions?.map((s) => s.Id)).toEqual([nullSession.Id, 'b']);
    expect(new PlaybackTracker().update(sessions ?? []).map((start) => start.session.Id)).toEqual(['b']);
  });

  it('a NowPlayingItem without an id is dropped and reported; the session stays, as not playing', () => {
    const reported: string[] = [];
    expect(sessionsFrom([{ Id: 's', NowPlayingItem: { Name: 'x' } }], (field) => reported.push(field))).toEqual([
      { Id: 's', NowPlayingItem: undefined },
    ]);
    expect(reported).toEqual(['NowPlayingItem']);
  });

  it('a null ServerName or Version is not a Jellyfin answer', () => {
    expect(isSystemInfo({ ServerName: 'home', Version: null })).toBe(false);
    expect(isSystemInfo({ ServerName: 'home', Version: '12.0.0', Id: null })).toBe(true);
  });

  it('a movie with every metadata field null falls back to its path', () => {
    const [session] = sessionsFrom([nullSession]) ?? [];
    const item: ItemDto = {
      Id: 'i1',
      Path: `${ROOT}/movies_trending/Heat (1995) [tmdbid-949].strm`,
      Name: null,
      Type: null,
      ProviderIds: null,
      ProductionYear: null,
      Genres: null,
      Tags: null,
    };
    expect(movieMedia(session!, item)).toEqual({
      mediaType: 'movie',
      tmdbId: '949',
      imdbId: '',
      title: 'Heat',
      year: 1995,
      jellyfinUserId: '',
      userName: '',
      deviceName: '',
      client: '',
      sessionId: nullSession.Id,
      itemId: 'i1',
    });
  });

  it('a show whose series has null genres, tags and ids keeps the path’s ids and is not anime', () => {
    const [session] = sessionsFrom([nullSession]) ?? [];
    const episode: ItemDto = {
      Id: 'e1',
      Type: 'Episode',
      SeriesName: null,
      ParentIndexNumber: null,
      Path: `${ROOT}/shows_nextseasons/Dark (2017) [tvdbid-334824]/S03E01 - Download Season 3.strm`,
    };
    const series: ItemDto = {
      Id: 's1',
      Name: null,
      ProductionYear: null,
      Genres: null,
      Tags: null,
      ProviderIds: { Tvdb: null, Tmdb: '70523' },
    };
    expect(showMedia(session!, episode, series, { words: ['anime'], fallback: true })).toMatchObject({
      tvdbId: '334824',
      tmdbId: '70523',
      title: 'Dark',
      year: 2017,
      seasonNumber: 3,
      isAnime: false,
      animeReason: '',
    });
  });

  it('a null Path is no placeholder, and a null SeriesId asks for no series', async () => {
    const [session] = sessionsFrom([nullSession]) ?? [];
    const options = {
      matcher: createPathMatcher(undefined),
      mediaTypes: 'both' as const,
      seriesItem: () => Promise.reject(new Error('no series look-up expected')),
    };
    expect(await virtualPlayMessage({ session: session!, item: { Id: 'x', Path: null } }, options)).toBeUndefined();
    const episode: ItemDto = {
      Id: 'e1',
      Type: 'Episode',
      SeriesId: null,
      Path: `${ROOT}/shows_nextseasons/Dark (2017) [tvdbid-334824]/S03E01 - Download Season 3.strm`,
    };
    const message = await virtualPlayMessage({ session: session!, item: episode }, options);
    expect(message?.media).toMatchObject({ mediaType: 'show', tvdbId: '334824', title: 'Dark' });
    expect(message?.session).toEqual({ id: nullSession.Id, userId: '', userName: '', client: '', deviceName: '', deviceId: '' });
  });
});
