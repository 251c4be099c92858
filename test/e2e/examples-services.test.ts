import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFlow, ExampleStage } from '../support/example-runs';
import { dashedGuid, JellyfinSimulator, JELLYNEXT_ROOT } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime } from '../support/node-red-runtime';
import { DiscordFake, discordLength } from '../support/services/discord';
import { Fakes, type Exchange, type FakeService } from '../support/services/fake-service';
import { JellyseerrFake } from '../support/services/jellyseerr';
import { RadarrFake } from '../support/services/radarr';
import { SonarrFake, type SonarrLine } from '../support/services/sonarr';

/**
 * The examples that address real services (04 Discord, 10 Jellyseerr, 11 Radarr and Sonarr), run
 * from a Play in the Jellyfin simulator through a real Node-RED to fakes that enforce the services'
 * own rules (test/support/services/, each naming the source and version it follows), and back to
 * what the viewer reads. The first block shows that the fakes refuse what the services refuse, so
 * an accepted request in the second block means something.
 */

const JELLYSEERR_KEY = 'jellyseerr-api-key-0123456789abcdef';
const RADARR_KEY = 'radarr-api-key-0123456789abcdef';
const SONARR_KEY = 'sonarr-api-key-0123456789abcdef';

const jellyseerrCatalogue = { movies: [550, 693134], shows: { 1396: [0, 1, 2, 3, 4, 5], 209867: [1, 2] } };
const tmdbMovies = { 550: { title: 'Fight Club', year: 1999 }, 1000001: { title: 'Untitled Project', year: 2026 } };
const tvdbSeries = { 81189: { title: 'Breaking Bad', year: 2008, seasons: [0, 1, 2, 3, 4, 5] } };

const newJellyseerr = (): Promise<JellyseerrFake> => new JellyseerrFake(JELLYSEERR_KEY, jellyseerrCatalogue).start();
const newRadarr = (): Promise<RadarrFake> =>
  new RadarrFake({ apiKey: RADARR_KEY, qualityProfiles: [1], rootFolders: ['/movies'], tmdb: tmdbMovies }).start();
const newSonarr = (line: SonarrLine): Promise<SonarrFake> =>
  new SonarrFake({
    line,
    apiKey: SONARR_KEY,
    qualityProfiles: [1],
    languageProfiles: line === 'v3' ? [1] : undefined,
    rootFolders: ['/tv'],
    tvdb: tvdbSeries,
  }).start();
const newDiscord = (): Promise<DiscordFake> => new DiscordFake('1234567890123456789', 'webhook-token-AbCdEf_0123456789').start();

interface Sent {
  readonly status: number;
  readonly body: unknown;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const bodyOf = (exchange: Exchange): unknown => JSON.parse(exchange.request.body);
const statuses = (fake: FakeService): number[] => fake.exchanges.map((exchange) => exchange.answer.status);

describe('the fakes refuse what the real services refuse', () => {
  const fakes = new Fakes();
  afterAll(() => fakes.stopAll());
  const started = <T extends FakeService>(fake: Promise<T>): Promise<T> => fakes.started(fake);

  it('Jellyseerr: 401 without a key, 403 for a wrong one, 400 for a null mediaId or season, 409 for a movie again, 202 for a season again', async () => {
    const jellyseerr = await started(newJellyseerr());
    const url = `${jellyseerr.url}/api/v1/request`;
    const key = { 'X-Api-Key': JELLYSEERR_KEY };
    expect((await post(url, { mediaType: 'movie', mediaId: 550 })).status).toBe(401);
    expect(await post(url, { mediaType: 'movie', mediaId: 550 }, { 'X-Api-Key': 'wrong' })).toEqual({
      status: 403,
      body: { status: 403, error: 'You do not have permission to access this endpoint' },
    });
    const nullId = await post(url, { mediaType: 'movie', mediaId: null, is4k: false }, key);
    expect(nullId.status).toBe(400);
    expect(nullId.body).toMatchObject({ errors: [{ path: '.body.mediaId', message: 'should be number' }] });
    expect((await post(url, { mediaType: 'movie', mediaId: '550' }, key)).status).toBe(400);
    expect((await post(url, { mediaType: 'tv', mediaId: 1396, seasons: [null] }, key)).status).toBe(400);
    expect((await post(url, { mediaType: 'movie', mediaId: 550, is4k: false }, key)).status).toBe(201);
    expect(await post(url, { mediaType: 'movie', mediaId: 550, is4k: false }, key)).toEqual({
      status: 409,
      body: { message: 'Request for this media already exists.' },
    });
    expect((await post(url, { mediaType: 'tv', mediaId: 1396, seasons: [2] }, key)).status).toBe(201);
    expect(await post(url, { mediaType: 'tv', mediaId: 1396, seasons: [2] }, key)).toEqual({
      status: 202,
      body: { message: 'No seasons available to request' },
    });
    // Specials are dropped while they are off, so a request for season 0 alone has nothing left.
    expect((await post(url, { mediaType: 'tv', mediaId: 1396, seasons: [0] }, key)).status).toBe(202);
  });

  it('Radarr: "year": null and "tmdbId": "550" do not bind (400 problem details); a second add is refused; the year comes from TMDB', async () => {
    const radarr = await started(newRadarr());
    const url = `${radarr.url}/api/v3/movie`;
    const key = { 'X-Api-Key': RADARR_KEY };
    const movie = {
      tmdbId: 550,
      title: 'Fight Club',
      qualityProfileId: 1,
      rootFolderPath: '/movies',
      monitored: true,
      addOptions: { searchForMovie: true },
    };
    expect((await post(url, movie)).status).toBe(401);
    const nullYear = await post(url, { ...movie, year: null }, key);
    expect(nullYear.status).toBe(400);
    expect(nullYear.body).toMatchObject({
      title: 'One or more validation errors occurred.',
      errors: { '$.year': [expect.stringContaining('System.Int32')] },
    });
    expect((await post(url, { ...movie, tmdbId: '550' }, key)).status).toBe(400);
    expect((await post(url, { ...movie, rootFolderPath: '/elsewhere' }, key)).body).toMatchObject([
      { propertyName: 'RootFolderPath', errorMessage: "Root folder '/elsewhere' does not exist" },
    ]);
    expect(await post(url, movie, key)).toMatchObject({ status: 201, body: { title: 'Fight Club', year: 1999, tmdbId: 550 } });
    expect(await post(url, movie, key)).toMatchObject({
      status: 400,
      body: [{ propertyName: 'TmdbId', errorMessage: 'This movie has already been added' }],
    });
  });

  it('Sonarr v3 refuses a series without an existing languageProfileId and fails (500) on a null id; v4 ignores languageProfileId and answers 400 to a null', async () => {
    const v3 = await started(newSonarr('v3'));
    const v4 = await started(newSonarr('v4'));
    const series = {
      tvdbId: 81189,
      title: 'Breaking Bad',
      qualityProfileId: 1,
      rootFolderPath: '/tv',
      monitored: true,
      seasons: [{ seasonNumber: 2, monitored: true }],
    };
    const key = { 'X-Api-Key': SONARR_KEY };
    expect((await post(`${v3.url}/api/v3/series`, series, key)).body).toMatchObject([
      { propertyName: 'LanguageProfileId', errorMessage: 'Language profile does not exist' },
    ]);
    expect((await post(`${v3.url}/api/v3/series`, { ...series, languageProfileId: 7 }, key)).status).toBe(400);
    expect((await post(`${v3.url}/api/v3/series`, { ...series, tvdbId: null, languageProfileId: 1 }, key)).status).toBe(500);
    expect((await post(`${v4.url}/api/v3/series`, { ...series, tvdbId: null }, key)).status).toBe(400);
    expect((await post(`${v4.url}/api/v3/series`, { ...series, languageProfileId: 7 }, key)).status).toBe(201);
    expect((await post(`${v4.url}/api/v3/series`, series, { 'X-Api-Key': 'wrong' })).status).toBe(401);
  });

  it('Discord: 257 characters of title, 4097 of description or 6001 in all are a 400; 256 emoji are 256 characters; a wrong token is a 401', async () => {
    const discord = await started(newDiscord());
    const embed = (fields: Record<string, unknown>): unknown => ({ embeds: [{ title: 'T', ...fields }] });
    expect(await post(discord.webhookUrl, embed({ title: 'x'.repeat(257) }))).toMatchObject({
      status: 400,
      body: { code: 50035, errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    expect((await post(discord.webhookUrl, embed({ title: '\u{1F3AC}'.repeat(256) }))).status).toBe(204);
    expect((await post(discord.webhookUrl, embed({ title: ` ${'x'.repeat(256)} ` }))).status).toBe(204);
    expect((await post(discord.webhookUrl, embed({ description: 'x'.repeat(4097) }))).status).toBe(400);
    const fullFields = Array.from({ length: 2 }, () => ({ name: 'n', value: 'v'.repeat(1024) }));
    expect(
      (await post(discord.webhookUrl, embed({ title: 't'.repeat(256), description: 'd'.repeat(4000), fields: fullFields }))).status,
    ).toBe(400);
    expect((await post(discord.webhookUrl, embed({ fields: [{ name: 'IDs', value: ' ' }] }))).status).toBe(400);
    expect((await post(discord.webhookUrl, { content: 'x'.repeat(2001) })).status).toBe(400);
    expect(await post(discord.webhookUrl, {})).toEqual({ status: 400, body: { message: 'Cannot send an empty message', code: 50006 } });
    expect((await post(discord.webhookUrl.replace(/[^/]+$/, 'wrong-token'), { content: 'hi' })).status).toBe(401);
    expect(discordLength(' \u{1F3AC}a ')).toBe(2);
  });
});

describe("the service examples, from a Play in Jellyfin to the real services' rules and back to the viewer", () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let stage: ExampleStage;
  const fakes = new Fakes();
  /** Items beyond the simulator's catalogue: what real libraries hold too. */
  const items = { noTmdbMovie: '', noTmdbShowS01E01: '', yearlessMovie: '', longMovie: '' };
  const LONG_TITLE = `${'A'.repeat(200)}${'\u{1F3AC}'.repeat(100)}`;
  const LONG_OVERVIEW = 'An overview that goes on. '.repeat(200).slice(0, 5000);

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    red = await new NodeRedRuntime().start();
    stage = new ExampleStage(sim, red);
    const userDir = `${JELLYNEXT_ROOT}/${dashedGuid(sim.defaultUserId)}`;
    const stub = (folder: string, file: string): string => `${userDir}/${folder}/${file}.strm`;
    items.noTmdbMovie = sim.addItem({
      type: 'Movie',
      name: 'Obscure Film',
      path: stub('movies_recommendations', 'Obscure Film (2019)'),
      productionYear: 2019,
    });
    const noTmdbShow = sim.addItem({
      type: 'Series',
      name: 'Obscure Show',
      path: `${userDir}/shows_recommendations/Obscure Show (2021) [tvdbid-500001]`,
      providerIds: { Tvdb: '500001' },
      productionYear: 2021,
    });
    items.noTmdbShowS01E01 = sim.addItem({
      type: 'Episode',
      name: 'S01E01 - Download Season 1',
      path: `${userDir}/shows_recommendations/Obscure Show (2021) [tvdbid-500001]/S01E01 - Download Season 1.strm`,
      seriesId: noTmdbShow,
      seasonNumber: 1,
      episodeNumber: 1,
    });
    items.yearlessMovie = sim.addItem({
      type: 'Movie',
      name: 'Untitled Project',
      path: stub('watchlist_movies', 'Untitled Project (Unknown) [tmdbid-1000001]'),
      providerIds: { Tmdb: '1000001' },
    });
    items.longMovie = sim.addItem({
      type: 'Movie',
      name: LONG_TITLE,
      path: stub('movies_recommendations', 'Long (2021) [tmdbid-1000002]'),
      providerIds: { Tmdb: '1000002' },
      productionYear: 2021,
      overview: LONG_OVERVIEW,
    });
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await fakes.stopAll();
    await sim?.close();
  }, 60_000);

  const started = <T extends FakeService>(fake: Promise<T>): Promise<T> => fakes.started(fake);

  /** Lets a request that should not be sent have its chance to arrive before counting. */
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));

  const jellyseerrSetup = (jellyseerr: JellyseerrFake, apiKey = JELLYSEERR_KEY) => ({
    endpoints: { movie: { origin: jellyseerr.url }, show: { origin: jellyseerr.url } },
    secrets: { movie: { 'X-Api-Key': apiKey }, show: { 'X-Api-Key': apiKey } },
    stopDelay: 0.2,
  });

  it('10 Jellyseerr: a movie and a season are requested (201) with the X-Api-Key; the same again is 409 "already requested" and 202 "already requested or available"', async () => {
    const jellyseerr = await started(newJellyseerr());
    await stage.deploy(exampleFlow('10'), jellyseerrSetup(jellyseerr));

    expect((await stage.play(sim.catalogue!.fightClub)).text).toBe('Fight Club has been requested in Jellyseerr.');
    expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text).toBe(
      'Breaking Bad \u2013 Season 2 has been requested in Jellyseerr.',
    );
    expect((await stage.play(sim.catalogue!.fightClub)).text).toBe('Fight Club: already requested');
    expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text).toBe('Breaking Bad \u2013 Season 2: already requested or available');

    expect(statuses(jellyseerr)).toEqual([201, 201, 409, 202]);
    expect(
      jellyseerr.exchanges.map((exchange) => `${exchange.request.method} ${exchange.request.url} ${exchange.request.headers['x-api-key']}`),
    ).toEqual(Array.from({ length: 4 }, () => `POST /api/v1/request ${JELLYSEERR_KEY}`));
    expect(bodyOf(jellyseerr.exchanges[0])).toEqual({ mediaType: 'movie', mediaId: 550, is4k: false });
    expect(bodyOf(jellyseerr.exchanges[1])).toEqual({ mediaType: 'tv', mediaId: 1396, seasons: [2], is4k: false });
    expect([...jellyseerr.requestedMovies]).toEqual([550]);
  }, 90_000);

  it('10 Jellyseerr: a season Jellyfin already has answers 202, and the viewer does not read "requested"', async () => {
    const jellyseerr = await started(newJellyseerr());
    jellyseerr.markAvailable(209867, [2]);
    await stage.deploy(exampleFlow('10'), jellyseerrSetup(jellyseerr));
    const { text } = await stage.play(sim.catalogue!.animeS02E01);
    expect(text).toBe("Frieren: Beyond Journey's End \u2013 Season 2: already requested or available");
    expect(jellyseerr.exchanges.map((exchange) => [exchange.answer.status, bodyOf(exchange)])).toEqual([
      [202, { mediaType: 'tv', mediaId: 209867, seasons: [2], is4k: false }],
    ]);
  }, 60_000);

  it('10 Jellyseerr: a wrong API key is a 403, told as such, and nothing is requested', async () => {
    const jellyseerr = await started(newJellyseerr());
    await stage.deploy(exampleFlow('10'), jellyseerrSetup(jellyseerr, 'an-old-key'));
    const { text } = await stage.play(sim.catalogue!.fightClub);
    expect(text).toBe('Fight Club: Jellyseerr did not accept the API key');
    expect(statuses(jellyseerr)).toEqual([403]);
    expect(jellyseerr.exchanges[0].request.headers['x-api-key']).toBe('an-old-key');
    expect(jellyseerr.requestedMovies.size).toBe(0);
  }, 60_000);

  it('10 Jellyseerr: without a TMDB id no request goes out and the viewer is told why', async () => {
    const jellyseerr = await started(newJellyseerr());
    await stage.deploy(exampleFlow('10'), jellyseerrSetup(jellyseerr));
    expect((await stage.play(items.noTmdbMovie)).text).toBe('Obscure Film: cannot be requested (Jellyfin has no TMDB id for it)');
    expect((await stage.play(items.noTmdbShowS01E01)).text).toBe(
      'Obscure Show \u2013 Season 1: cannot be requested (Jellyfin has no TMDB id for it)',
    );
    await settle();
    expect(jellyseerr.exchanges).toEqual([]);
  }, 60_000);

  it('11 Radarr: added (201) with a known year and with an unknown one, without a "year" in the body; a second add is refused (400) and told', async () => {
    const radarr = await started(newRadarr());
    const sonarr = await started(newSonarr('v4'));
    await stage.deploy(exampleFlow('11'), {
      endpoints: { movie: { origin: radarr.url }, show: { origin: sonarr.url } },
      secrets: { movie: { 'X-Api-Key': RADARR_KEY }, show: { 'X-Api-Key': SONARR_KEY } },
      stopDelay: 0.2,
    });
    expect((await stage.play(sim.catalogue!.fightClub)).text).toBe('Fight Club has been added and is being searched for.');
    expect((await stage.play(items.yearlessMovie)).text).toBe('Untitled Project has been added and is being searched for.');
    expect((await stage.play(sim.catalogue!.fightClub)).text).toBe('Fight Club: This movie has already been added');
    expect((await stage.play(items.noTmdbMovie)).text).toBe('Obscure Film: cannot be added (Jellyfin has no TMDB id for it)');
    await settle();

    expect(statuses(radarr)).toEqual([201, 201, 400]);
    expect(
      radarr.exchanges.every(
        (exchange) => exchange.request.url === '/api/v3/movie' && exchange.request.headers['x-api-key'] === RADARR_KEY,
      ),
    ).toBe(true);
    const common = {
      qualityProfileId: 1,
      rootFolderPath: '/movies',
      monitored: true,
      minimumAvailability: 'released',
      addOptions: { searchForMovie: true },
    };
    expect(bodyOf(radarr.exchanges[0])).toEqual({ tmdbId: 550, title: 'Fight Club', ...common });
    expect(bodyOf(radarr.exchanges[1])).toEqual({ tmdbId: 1000001, title: 'Untitled Project', ...common });
    // Radarr filled the year from TMDB.
    expect(radarr.exchanges[1].answer.body).toMatchObject({ title: 'Untitled Project', year: 2026 });
    expect(sonarr.exchanges).toEqual([]);
  }, 90_000);

  it('11 Sonarr: the same series body is added (201) by Sonarr v3 and by Sonarr v4; a second add is told "already added"', async () => {
    const radarr = await started(newRadarr());
    const added: Record<SonarrLine, unknown> = { v3: undefined, v4: undefined };
    for (const line of ['v3', 'v4'] as const) {
      const sonarr = await started(newSonarr(line));
      await stage.deploy(exampleFlow('11'), {
        endpoints: { movie: { origin: radarr.url }, show: { origin: sonarr.url } },
        secrets: { movie: { 'X-Api-Key': RADARR_KEY }, show: { 'X-Api-Key': SONARR_KEY } },
        stopDelay: 0.2,
      });
      expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text, line).toBe(
        'Breaking Bad \u2013 Season 2 has been added and is being searched for.',
      );
      expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text, line).toBe(
        'Breaking Bad \u2013 Season 2: This series has already been added',
      );
      expect(statuses(sonarr), line).toEqual([201, 400]);
      expect(sonarr.exchanges[0].request.url).toBe('/api/v3/series');
      expect(sonarr.exchanges[0].request.headers['x-api-key']).toBe(SONARR_KEY);
      // Only the played season is monitored: the request lists every season, the others unmonitored.
      expect(sonarr.exchanges[0].answer.body, line).toMatchObject({
        tvdbId: 81189,
        seasons: [0, 1, 2, 3, 4, 5].map((seasonNumber) => ({ seasonNumber, monitored: seasonNumber === 2 })),
      });
      added[line] = bodyOf(sonarr.exchanges[0]);
    }
    expect(added.v3).toEqual({
      tvdbId: 81189,
      title: 'Breaking Bad',
      qualityProfileId: 1,
      languageProfileId: 1,
      rootFolderPath: '/tv',
      monitored: true,
      seasonFolder: true,
      seriesType: 'standard',
      seasons: Array.from({ length: 101 }, (_, seasonNumber) => ({ seasonNumber, monitored: seasonNumber === 2 })),
      addOptions: { searchForMissingEpisodes: true },
    });
    expect(added.v4).toEqual(added.v3);
    expect(radarr.exchanges).toEqual([]);
  }, 90_000);

  it('04 Discord: an item with a 300-character title and a 5000-character overview is posted within the limits (title cut code-point safe) and Discord answers 204', async () => {
    const discord = await started(newDiscord());
    await stage.deploy(exampleFlow('04'), {
      endpoints: { movie: { url: discord.webhookUrl }, show: { url: discord.webhookUrl } },
      stopDelay: 0.2,
    });
    expect(Array.from(LONG_TITLE)).toHaveLength(300);

    // The viewer reads the title as fitted for Discord: the function puts it in msg.media, which the webhook fills in from.
    const { text } = await stage.play(items.longMovie);
    expect(text).toBe(`${'A'.repeat(200)}${'\u{1F3AC}'.repeat(48)}\u2026 (2021) has been requested: the admins were told on Discord.`);
    expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text).toBe(
      'Breaking Bad (2008) \u2013 Season 2 has been requested: the admins were told on Discord.',
    );
    await stage.play(items.yearlessMovie);
    expect(statuses(discord)).toEqual([204, 204, 204]);

    const [embed] = (
      bodyOf(discord.exchanges[0]) as {
        embeds: Array<{ title: string; description: string; url: string; fields: Array<{ name: string; value: string }> }>;
      }
    ).embeds;
    // 248 characters of the title (200 letters and 48 whole emoji), an ellipsis, then the year: 256 in all.
    expect(embed.title).toBe(`${'A'.repeat(200)}${'\u{1F3AC}'.repeat(48)}\u2026 (2021)`);
    expect(discordLength(embed.title)).toBe(256);
    expect(embed.description).toBe('alice pressed Play on a placeholder: this movie has been requested.');
    expect(embed.url).toBe('https://www.themoviedb.org/movie/1000002');
    expect(embed.fields.map((field) => field.value)).toEqual([
      'TMDB 1000002 \u00b7 IMDb ?',
      expect.stringMatching(/^alice on Services TV \d+$/),
    ]);

    const [show] = (bodyOf(discord.exchanges[1]) as { embeds: Array<{ title: string; fields: Array<{ name: string; value: string }> }> })
      .embeds;
    expect(show.title).toBe('Breaking Bad (2008) \u2013 Season 2');
    expect(show.fields.slice(0, 2)).toEqual([
      { name: 'Season', value: 'Season 2', inline: true },
      { name: 'IDs', value: 'TVDB 81189 \u00b7 TMDB 1396', inline: true },
    ]);
    // No empty "()" for an unknown year.
    expect((bodyOf(discord.exchanges[2]) as { embeds: Array<{ title: string }> }).embeds[0].title).toBe('Untitled Project');
  }, 60_000);
});
