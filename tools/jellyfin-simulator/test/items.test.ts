import { afterEach, describe, expect, it } from 'vitest';
import { dashedGuid, ERROR_TEXT, JELLYNEXT_ROOT } from '../src';
import { api, harness, wireProblems } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

describe('item lookup (§6.4, §7)', () => {
  it('answers GET /Items/{id}?userId= with the full item: Path, ProviderIds, Genres, Tags, UserData', async () => {
    const sim = await h.start({ version: '12.0.0' });
    const { fightClub } = sim.catalogue!;
    const answer = await api(sim, 'GET', `/Items/${fightClub}?userId=${sim.defaultUserId}`);
    expect(answer.status).toBe(200);
    const item = answer.json();
    expect(wireProblems(item)).toEqual([]);
    expect(item).toMatchObject({
      Name: 'Fight Club',
      Id: fightClub,
      ServerId: sim.serverId,
      Type: 'Movie',
      Path: `${JELLYNEXT_ROOT}/${dashedGuid(sim.defaultUserId)}/movies_recommendations/Fight Club (1999) [tmdbid-550].strm`,
      ProviderIds: { Tmdb: '550', Imdb: 'tt0137523' },
      Genres: ['Drama'],
      ProductionYear: 1999,
      PremiereDate: '1999-10-15T00:00:00.0000000Z',
      IsFolder: false,
      MediaType: 'Video',
      UserData: { Played: false, PlayCount: 0, ItemId: fightClub },
    });
    expect(item.Tags.length).toBeGreaterThan(0);
    // §7.2: the .strm target is only in MediaSources[].Path.
    expect(item.MediaSources[0].Path).toMatch(/dummy_short\.mp4$/);
  });

  it('gives an episode its own ids and air year; the series carries the show ids', async () => {
    const sim = await h.start();
    const { breakingBad, breakingBadS02E01, breakingBadSeason2, animeSeries, animeS02E01 } = sim.catalogue!;
    const episode = (await api(sim, 'GET', `/Items/${breakingBadS02E01}?userId=${sim.defaultUserId}`)).json();
    expect(episode).toMatchObject({
      Type: 'Episode',
      SeriesId: breakingBad,
      SeriesName: 'Breaking Bad',
      SeasonId: breakingBadSeason2,
      SeasonName: 'Season 2',
      ParentId: breakingBadSeason2,
      ParentIndexNumber: 2,
      IndexNumber: 1,
      ProductionYear: 2009,
      ProviderIds: { Tvdb: '438906', Imdb: 'tt1232244' },
    });
    expect(episode.Path).toMatch(/\/shows_recommendations\/Breaking Bad \(2008\) \[tvdbid-81189\]\/S02E01 - Download Season 2\.strm$/);
    const series = (await api(sim, 'GET', `/Items/${episode.SeriesId}?userId=${sim.defaultUserId}`)).json();
    expect(series).toMatchObject({
      Type: 'Series',
      IsFolder: true,
      ProductionYear: 2008,
      ProviderIds: { Tvdb: '81189', Tmdb: '1396', Imdb: 'tt0903747' },
    });
    expect(series).not.toHaveProperty('MediaSources');
    const anime = (await api(sim, 'GET', `/Items/${animeSeries}?userId=${sim.defaultUserId}`)).json();
    expect(anime.Genres).toContain('Anime');
    const unaired = (await api(sim, 'GET', `/Items/${animeS02E01}?userId=${sim.defaultUserId}`)).json();
    expect(unaired).toMatchObject({ Name: 'S02E01 - Download Season 2', ProviderIds: {}, ParentIndexNumber: 2 });
    expect(unaired).not.toHaveProperty('ProductionYear');
  });

  it('serves the series fields the anime flag reads, as DtoService writes them (§11)', async () => {
    const sim = await h.start();
    const { animationJapanSeries, westernAnimationSeries, breakingBad, unknownYearMovie } = sim.catalogue!;
    const get = async (id: string) => (await api(sim, 'GET', `/Items/${id}?userId=${sim.defaultUserId}`)).json();
    const japan = await get(animationJapanSeries);
    expect(wireProblems(japan)).toEqual([]);
    expect(japan).toMatchObject({
      Name: 'Jujutsu Kaisen',
      OriginalTitle: '呪術廻戦',
      Genres: ['Animation', 'Action & Adventure', 'Sci-Fi & Fantasy'],
      Tags: [],
      ProductionLocations: ['Japan'],
    });
    expect(await get(westernAnimationSeries)).toMatchObject({
      Genres: expect.arrayContaining(['Animation']),
      ProductionLocations: ['United States of America'],
    });
    // A series without countries has no ProductionLocations at all; a movie always has the list.
    expect(await get(breakingBad)).not.toHaveProperty('ProductionLocations');
    expect(await get(unknownYearMovie)).toMatchObject({
      Name: 'The Untitled Sequel (Unknown)',
      ProviderIds: { Tmdb: '999002' },
      ProductionLocations: [],
    });
  });

  it('puts the stubs where JellyNext writes them: dashed user folder, watchlist folders, (Unknown) year', async () => {
    const sim = await h.start();
    const { animationJapanS03E01, unknownYearMovie, trendingMovie } = sim.catalogue!;
    const path = async (id: string) => (await api(sim, 'GET', `/Items/${id}?userId=${sim.defaultUserId}`)).json().Path;
    const user = dashedGuid(sim.defaultUserId);
    expect(user).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await path(animationJapanS03E01)).toBe(
      `${JELLYNEXT_ROOT}/${user}/watchlist_shows/Jujutsu Kaisen (2020) [tvdbid-377543]/S03E01 - Download Season 3.strm`,
    );
    expect(await path(unknownYearMovie)).toBe(
      `${JELLYNEXT_ROOT}/${user}/watchlist_movies/The Untitled Sequel (Unknown) [tmdbid-999002].strm`,
    );
    expect(await path(trendingMovie)).toBe(`${JELLYNEXT_ROOT}/global/movies_trending/Dune Part Two (2024) [tmdbid-693134].mp4`);
  });

  it('keeps quotes and backslashes in names and paths', async () => {
    const sim = await h.start();
    const item = (await api(sim, 'GET', `/Items/${sim.catalogue!.quotedTitle}?userId=${sim.defaultUserId}`)).json();
    expect(item.Name).toBe('The "Backslash \\ Quote" Test');
    expect(item.Path).toContain('The "Backslash \\ Quote" Test (2020) [tmdbid-999001].strm');
  });

  it('answers 400 for an API key without userId, 404 for unknown items or users, 400 problem for a malformed id', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const { fightClub } = sim.catalogue!;
    const noUser = await api(sim, 'GET', `/Items/${fightClub}`);
    expect([noUser.status, noUser.contentType, noUser.text]).toEqual([400, 'text/plain', ERROR_TEXT]);
    expect((await api(sim, 'GET', `/Items/${fightClub}?userId=${'0'.repeat(32)}`)).status).toBe(400);
    const unknownItem = await api(sim, 'GET', `/Items/${'c'.repeat(32)}?userId=${sim.defaultUserId}`);
    expect([unknownItem.status, unknownItem.text]).toEqual([404, '']);
    expect((await api(sim, 'GET', `/Items/${fightClub}?userId=${'d'.repeat(32)}`)).status).toBe(404);
    const malformed = await api(sim, 'GET', `/Items/not-a-guid?userId=${sim.defaultUserId}`);
    expect([malformed.status, malformed.contentType]).toEqual([400, 'application/problem+json; charset=utf-8']);
    // Dashed ids are read too.
    expect((await api(sim, 'GET', `/Items/${dashedGuid(fightClub)}?userId=${dashedGuid(sim.defaultUserId)}`)).status).toBe(200);
  });

  it("lets a user token omit userId, but refuses another user's view to a non-admin (403)", async () => {
    const sim = await h.start();
    const bob = sim.addUser('bob');
    const bobToken = sim.createAccessToken(bob);
    const { fightClub } = sim.catalogue!;
    expect((await api(sim, 'GET', `/Items/${fightClub}`, undefined, bobToken)).status).toBe(200);
    const foreign = await api(sim, 'GET', `/Items/${fightClub}?userId=${sim.defaultUserId}`, undefined, bobToken);
    expect([foreign.status, foreign.text]).toEqual([403, ERROR_TEXT]);
  });

  it('routes per version: 10.8 has only /Users/{userId}/Items/{id}; 10.9+ keep it beside /Items/{id}', async () => {
    const v108 = await h.start({ version: '10.8.13' });
    const v12 = await h.start({ version: '12.0.0' });
    for (const sim of [v108, v12]) {
      const legacy = await api(sim, 'GET', `/Users/${sim.defaultUserId}/Items/${sim.catalogue!.matrix}`);
      expect(legacy.status).toBe(200);
      expect(legacy.json().ProviderIds).toEqual({ Tmdb: '603', Imdb: 'tt0133093' });
    }
    // 10.8 routes POST and DELETE on /Items/{id}, so a GET there is 405 Method Not Allowed (§6.4, §11).
    expect((await api(v108, 'GET', `/Items/${v108.catalogue!.matrix}?userId=${v108.defaultUserId}`)).status).toBe(405);
    expect((await api(v108, 'GET', `/Items/${'e'.repeat(32)}`)).status).toBe(405);
    expect((await api(v108, 'GET', `/Users/${v108.defaultUserId}/Items/${'e'.repeat(32)}`)).status).toBe(500);
    expect((await api(v12, 'GET', `/Users/${v12.defaultUserId}/Items/${'e'.repeat(32)}`)).status).toBe(404);
  });

  it('writes OriginalLanguage from 12.0 only (BaseItemDto gained it there)', async () => {
    for (const [version, expected] of [
      ['10.11.7', undefined],
      ['12.0.0', 'ja'],
    ] as const) {
      const sim = await h.start({ version, catalogue: false });
      const series = sim.addItem({
        type: 'Series',
        name: 'Frieren',
        originalLanguage: 'ja',
        path: '/shows/Frieren (2023) [tvdbid-424536]',
      });
      const answer = await api(sim, 'GET', `/Items/${series}?userId=${sim.defaultUserId}`);
      expect(answer.json().OriginalLanguage, version).toBe(expected);
    }
  });

  it('adds items programmatically, with a season created for episodes', async () => {
    const sim = await h.start({ catalogue: false });
    const series = sim.addItem({
      type: 'Series',
      name: 'Dark',
      path: '/shows/Dark (2017) [tvdbid-334824]',
      productionYear: 2017,
      providerIds: { Tvdb: '334824' },
      genres: ['Drama'],
    });
    const episode = sim.addItem({
      type: 'Episode',
      name: 'Secrets',
      seriesId: series,
      seasonNumber: 1,
      episodeNumber: 1,
      path: '/shows/Dark (2017) [tvdbid-334824]/S01E01.mkv',
    });
    const dto = sim.itemDto(episode);
    expect(dto).toMatchObject({
      SeriesId: series,
      SeriesName: 'Dark',
      SeasonName: 'Season 1',
      ParentIndexNumber: 1,
      IndexNumber: 1,
      Container: 'mkv',
    });
    expect(sim.catalogue).toBeUndefined();
  });
});

describe('mark unplayed routes (§6.5)', () => {
  it('has DELETE /UserPlayedItems from 10.9 and the legacy /Users/{userId}/PlayedItems everywhere', async () => {
    const v108 = await h.start({ version: '10.8.13' });
    const v11 = await h.start({ version: '10.11.7' });
    expect((await api(v108, 'DELETE', `/UserPlayedItems/${v108.catalogue!.matrix}?userId=${v108.defaultUserId}`)).status).toBe(404);
    for (const sim of [v108, v11]) {
      const legacy = await api(sim, 'DELETE', `/Users/${sim.defaultUserId}/PlayedItems/${sim.catalogue!.matrix}`);
      expect(legacy.status).toBe(200);
      expect(legacy.json()).toMatchObject({ Played: false, ItemId: sim.catalogue!.matrix });
    }
    expect((await api(v11, 'DELETE', `/UserPlayedItems/${v11.catalogue!.matrix}`)).status).toBe(400);
    expect((await api(v11, 'DELETE', `/UserPlayedItems/${'f'.repeat(32)}?userId=${v11.defaultUserId}`)).status).toBe(404);
    expect((await api(v11, 'DELETE', `/UserPlayedItems/${v11.catalogue!.matrix}?userId=${'f'.repeat(32)}`)).status).toBe(404);
  });

  it('answers unknown routes with 404 and a wrong verb with 405', async () => {
    const sim = await h.start();
    expect((await api(sim, 'GET', '/Nope')).status).toBe(404);
    expect((await api(sim, 'GET', `/UserPlayedItems/${sim.catalogue!.matrix}`)).status).toBe(405);
  });
});
