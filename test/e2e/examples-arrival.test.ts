import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFlow, ExampleStage } from '../support/example-runs';
import { dashedGuid, DLNA_RENDERER_COMMANDS, JellyfinSimulator, type InboxEntry } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime } from '../support/node-red-runtime';
import {
  jellyseerrAvailable,
  radarrImport,
  sonarrImport,
  sonarrImportComplete,
  type RadarrMovie,
  type SonarrSeries,
} from '../support/services/arrivals';
import { DiscordFake } from '../support/services/discord';
import { Fakes, type FakeService } from '../support/services/fake-service';
import { JellyseerrFake } from '../support/services/jellyseerr';
import { RadarrFake } from '../support/services/radarr';
import { SonarrFake } from '../support/services/sonarr';

/**
 * Examples 13–15 end to end (issue 15, points 2 and 3): a Play on a placeholder is requested from the
 * service's fake and the requester remembered in a file-backed context store; Node-RED is restarted;
 * then the service's own webhook body (test/support/services/arrivals.ts, read from its source) arrives
 * at the example's `http in` and the requester reads the arrival on every screen that shows messages —
 * or Discord is told when no screen is open.
 */

const SECRET = 'arrival-secret-0123456789abcdef';
const RADARR_KEY = 'radarr-api-key-0123456789abcdef';
const SONARR_KEY = 'sonarr-api-key-0123456789abcdef';
const JELLYSEERR_KEY = 'jellyseerr-api-key-0123456789abcdef';

describe('the "arrived" examples, from a Play through the service\'s webhook to the requester\'s screens', () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let stage: ExampleStage;
  const fakes = new Fakes();
  let bob = '';

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    bob = sim.addUser('bob');
    red = await new NodeRedRuntime({
      env: { JELLYNEXT_ARRIVAL_SECRET: SECRET },
      // The store the examples name; written at once, so the file can be read back.
      settings: { contextStorage: { default: { module: 'memory' }, file: { module: 'localfilesystem', config: { flushInterval: 0 } } } },
    }).start();
    stage = new ExampleStage(sim, red);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await fakes.stopAll();
    await sim?.close();
  }, 60_000);

  const started = <T extends FakeService>(fake: Promise<T>): Promise<T> => fakes.started(fake);

  async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n--- Node-RED output ---\n${red.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What a service's webhook call gets back from the example's `http in`. */
  async function arrive(source: string, body: unknown, secret = SECRET): Promise<number> {
    const res = await fetch(`${red.url}jellynext/arrived/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(body),
    });
    await res.text();
    return res.status;
  }

  /**
   * Right after a restart the example's `http in` route can still answer 404 (seen once on Node-RED 5):
   * asked with a wrong secret, which changes nothing, until it answers at all.
   */
  async function untilRouteAnswers(source: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await arrive(source, {}, 'not-the-secret')) === 404) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for /jellynext/arrived/${source}\n--- Node-RED output ---\n${red.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The remembered requests, as the file-backed store wrote them to disk. */
  function storedRequests(): Record<string, Record<string, Record<string, unknown>>> {
    const file = join(red.userDir, 'context', 'global', 'global.json');
    return existsSync(file)
      ? ((JSON.parse(readFileSync(file, 'utf8')) as { requests?: Record<string, Record<string, Record<string, unknown>>> }).requests ?? {})
      : {};
  }

  const shownOn = (session: string): string[] =>
    sim
      .inbox(session)
      .filter((entry: InboxEntry) => entry.messageType === 'GeneralCommand')
      .map((entry) => {
        const args = (entry.data as { Arguments?: { Header?: string; Text?: string } }).Arguments ?? {};
        return `${args.Header}: ${args.Text}`;
      });

  /** Alice at home: a TV and a phone that show messages, a DLNA renderer that does not; Bob's TV beside. */
  function screens(tag: string) {
    return {
      tv: sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: `TV ${tag}`, deviceId: `tv-${tag}` }),
      phone: sim.addSession({
        userId: sim.defaultUserId,
        client: 'Jellyfin Android',
        deviceName: `Phone ${tag}`,
        deviceId: `phone-${tag}`,
      }),
      renderer: sim.addSession({
        userId: sim.defaultUserId,
        client: 'DLNA',
        deviceName: `Renderer ${tag}`,
        deviceId: `dlna-${tag}`,
        supportedCommands: DLNA_RENDERER_COMMANDS,
      }),
      bobsTv: sim.addSession({ userId: bob, client: 'Jellyfin Web', deviceName: `Bob TV ${tag}`, deviceId: `bob-${tag}` }),
    };
  }

  const newDiscord = (): Promise<DiscordFake> => started(new DiscordFake('1234567890123456789', 'webhook-token-AbCdEf_0123456789').start());
  const discordContents = (discord: DiscordFake): unknown[] =>
    discord.exchanges.map((exchange) => (JSON.parse(exchange.request.body) as { content?: unknown }).content);

  it("13 Radarr: requested, remembered on disk, told after a restart on Alice's two screens (not the DLNA renderer, not Bob); told once; a wrong secret is 401", async () => {
    const radarr = await started(
      new RadarrFake({
        apiKey: RADARR_KEY,
        qualityProfiles: [1],
        rootFolders: ['/movies'],
        tmdb: { 550: { title: 'Fight Club', year: 1999 } },
      }).start(),
    );
    const sonarr = await started(
      new SonarrFake({ line: 'v4', apiKey: SONARR_KEY, qualityProfiles: [1], rootFolders: ['/tv'], tvdb: {} }).start(),
    );
    const discord = await newDiscord();
    await stage.deploy(exampleFlow('13'), {
      endpoints: { movie: { origin: radarr.url }, show: { origin: sonarr.url } },
      nodeEndpoints: { 'ex13-discord': { movie: { url: discord.webhookUrl }, show: { url: discord.webhookUrl } } },
      secrets: { movie: { 'X-Api-Key': RADARR_KEY }, show: { 'X-Api-Key': SONARR_KEY } },
      stopDelay: 0.2,
    });
    const viewer = await stage.play(sim.catalogue!.fightClub);
    expect(viewer.text).toBe('Fight Club has been added: you will be told here when it is ready.');
    expect(radarr.exchanges.map((exchange) => exchange.answer.status)).toEqual([201]);
    await until('the request is on disk', () => storedRequests().movie?.['550'] !== undefined);
    expect(storedRequests().movie['550']).toMatchObject({
      userId: dashedGuid(sim.defaultUserId),
      userName: 'alice',
      title: 'Fight Club',
      year: 1999,
      tmdbId: '550',
    });

    await red.restart();
    await until('the flows run again', () => red.flowStarts() >= 2);
    await untilRouteAnswers('radarr');
    const home = screens('13');
    const added = radarr.movies.get(550)!;
    const movie: RadarrMovie = {
      id: Number(added.id),
      title: String(added.title),
      year: Number(added.year),
      tmdbId: 550,
      imdbId: 'tt0137523',
      path: String(added.path),
    };

    expect(await arrive('radarr', radarrImport(movie), 'wrong-secret')).toBe(401);
    expect(await arrive('radarr', radarrImport(movie, { eventType: 'Test' }))).toBe(200);
    expect(await arrive('radarr', radarrImport(movie))).toBe(200);
    await until("both of Alice's screens are told", () => shownOn(home.tv).length === 1 && shownOn(home.phone).length === 1);
    expect(shownOn(home.tv)).toEqual(['Now available: Fight Club is ready to watch.']);
    expect(shownOn(home.phone)).toEqual(['Now available: Fight Club is ready to watch.']);
    // The screen she pressed Play on is still open: it is told too.
    await until("the viewer's screen is told", () => shownOn(viewer.session).length === 2);
    expect(shownOn(home.renderer)).toEqual([]);
    expect(shownOn(home.bobsTv)).toEqual([]);

    // Told once: Radarr's "On Upgrade" (the same event) finds nobody waiting any more.
    expect(await arrive('radarr', radarrImport(movie, { isUpgrade: true }))).toBe(200);
    await until('the request is forgotten on disk', () => storedRequests().movie?.['550'] === undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(shownOn(home.tv)).toHaveLength(1);
    expect(discord.exchanges).toEqual([]);
  }, 120_000);

  it("13 Radarr: nobody of Alice's screens is open → Discord is told instead", async () => {
    const radarr = await started(
      new RadarrFake({
        apiKey: RADARR_KEY,
        qualityProfiles: [1],
        rootFolders: ['/movies'],
        tmdb: { 550: { title: 'Fight Club', year: 1999 } },
      }).start(),
    );
    const discord = await newDiscord();
    await stage.deploy(exampleFlow('13'), {
      endpoints: { movie: { origin: radarr.url }, show: { origin: radarr.url } },
      nodeEndpoints: { 'ex13-discord': { movie: { url: discord.webhookUrl }, show: { url: discord.webhookUrl } } },
      secrets: { movie: { 'X-Api-Key': RADARR_KEY }, show: { 'X-Api-Key': RADARR_KEY } },
      stopDelay: 0.2,
    });
    await stage.play(sim.catalogue!.fightClub);
    for (const session of sim.sessionIds()) if (sim.sessionInfo(session)?.UserName === 'alice') sim.endSession(session);
    const added = radarr.movies.get(550)!;
    expect(
      await arrive(
        'radarr',
        radarrImport({ id: Number(added.id), title: 'Fight Club', year: 1999, tmdbId: 550, path: String(added.path) }),
      ),
    ).toBe(200);
    await until('Discord is told', () => discord.exchanges.length === 1);
    expect(discord.exchanges[0].answer.status).toBe(204);
    expect(discordContents(discord)).toEqual(['alice: Fight Club is ready to watch in Jellyfin.']);
  }, 90_000);

  it("14 Sonarr: another season's import leaves the request waiting; the season asked for (On Import Complete) tells Alice once; On Import for it again says nothing", async () => {
    const sonarr = await started(
      new SonarrFake({
        line: 'v4',
        apiKey: SONARR_KEY,
        qualityProfiles: [1],
        rootFolders: ['/tv'],
        tvdb: { 81189: { title: 'Breaking Bad', year: 2008, seasons: [0, 1, 2, 3, 4, 5] } },
      }).start(),
    );
    const discord = await newDiscord();
    await stage.deploy(exampleFlow('14'), {
      endpoints: { movie: { origin: sonarr.url }, show: { origin: sonarr.url } },
      nodeEndpoints: { 'ex14-discord': { movie: { url: discord.webhookUrl }, show: { url: discord.webhookUrl } } },
      secrets: { movie: { 'X-Api-Key': SONARR_KEY }, show: { 'X-Api-Key': SONARR_KEY } },
      stopDelay: 0.2,
    });
    const viewer = await stage.play(sim.catalogue!.breakingBadS02E01);
    expect(viewer.text).toBe('Breaking Bad \u2013 Season 2 has been added: you will be told here when it is ready.');
    await until('the request is on disk', () => storedRequests().show?.['81189'] !== undefined);
    expect(storedRequests().show['81189']).toMatchObject({ userName: 'alice', seasonNumber: 2, tvdbId: '81189' });
    const home = screens('14');
    const added = sonarr.series.get(81189)!;
    const series: SonarrSeries = {
      id: Number(added.id),
      title: 'Breaking Bad',
      year: 2008,
      tvdbId: 81189,
      tmdbId: 1396,
      imdbId: 'tt0903747',
      path: String(added.path),
    };

    expect(await arrive('sonarr', sonarrImport(series, 1, 3))).toBe(200);
    expect(await arrive('sonarr', sonarrImportComplete(series, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))).toBe(200);
    await until('Alice is told', () => shownOn(home.tv).length === 1 && shownOn(home.phone).length === 1);
    expect(shownOn(home.tv)).toEqual(['Now available: Breaking Bad \u2013 Season 2 is ready to watch.']);
    expect(await arrive('sonarr', sonarrImport(series, 2, 1))).toBe(200);
    await until('the request is forgotten on disk', () => storedRequests().show?.['81189'] === undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(shownOn(home.tv)).toHaveLength(1);
    expect(shownOn(home.renderer)).toEqual([]);
    expect(shownOn(home.bobsTv)).toEqual([]);
    expect(discord.exchanges).toEqual([]);
  }, 90_000);

  it("15 Jellyseerr: a movie and a show (found by its TMDB id when Jellyseerr has no TVDB id) are told to Alice; a title requested in Jellyseerr itself goes to its requester's Jellyfin name; a test notification is ignored", async () => {
    const jellyseerr = await started(
      new JellyseerrFake(JELLYSEERR_KEY, { movies: [550, 680], shows: { 1396: [0, 1, 2, 3, 4, 5] } }).start(),
    );
    const discord = await newDiscord();
    await stage.deploy(exampleFlow('15'), {
      endpoints: { movie: { origin: jellyseerr.url }, show: { origin: jellyseerr.url } },
      nodeEndpoints: { 'ex15-discord': { movie: { url: discord.webhookUrl }, show: { url: discord.webhookUrl } } },
      secrets: { movie: { 'X-Api-Key': JELLYSEERR_KEY }, show: { 'X-Api-Key': JELLYSEERR_KEY } },
      stopDelay: 0.2,
    });
    expect((await stage.play(sim.catalogue!.fightClub)).text).toBe(
      'Fight Club has been requested: you will be told here when it is ready.',
    );
    expect((await stage.play(sim.catalogue!.breakingBadS02E01)).text).toBe(
      'Breaking Bad \u2013 Season 2 has been requested: you will be told here when it is ready.',
    );
    // Asked again: Jellyseerr answers 202 "already requested or available", which is not remembered anew.
    await until(
      'both requests are on disk',
      () => storedRequests().movie?.['550'] !== undefined && storedRequests().show?.['81189'] !== undefined,
    );
    expect(storedRequests().show['81189']).toMatchObject({ tmdbId: '1396', seasonNumber: 2 });
    const home = screens('15');

    expect(
      await arrive(
        'jellyseerr',
        jellyseerrAvailable({
          mediaType: 'movie',
          tmdbId: 550,
          subject: 'Fight Club (1999)',
          requestedBy: 'admin',
          notificationType: 'TEST_NOTIFICATION',
        }),
      ),
    ).toBe(200);
    expect(
      await arrive(
        'jellyseerr',
        jellyseerrAvailable({ mediaType: 'movie', tmdbId: 550, subject: 'Fight Club (1999)', requestedBy: 'admin' }),
      ),
    ).toBe(200);
    await until('Alice is told of the movie', () => shownOn(home.tv).length === 1);
    expect(
      await arrive(
        'jellyseerr',
        jellyseerrAvailable({ mediaType: 'tv', tmdbId: 1396, subject: 'Breaking Bad (2008)', requestedBy: 'admin', seasons: [2] }),
      ),
    ).toBe(200);
    await until('Alice is told of the show', () => shownOn(home.tv).length === 2);
    expect(shownOn(home.tv)).toEqual([
      'Now available: Fight Club is ready to watch.',
      'Now available: Breaking Bad \u2013 Season 2 is ready to watch.',
    ]);
    expect(shownOn(home.phone)).toEqual(shownOn(home.tv));
    expect(storedRequests()).toEqual({ movie: {}, show: {} });

    // Requested by Bob in Jellyseerr itself: nothing remembered, so its requester's name is looked up in Jellyfin.
    expect(
      await arrive(
        'jellyseerr',
        jellyseerrAvailable({ mediaType: 'movie', tmdbId: 680, subject: 'Pulp Fiction (1994)', requestedBy: 'Bob' }),
      ),
    ).toBe(200);
    await until('Bob is told', () => shownOn(home.bobsTv).length === 1);
    expect(shownOn(home.bobsTv)).toEqual(['Now available: Pulp Fiction is ready to watch.']);
    expect(shownOn(home.renderer)).toEqual([]);
    expect(discord.exchanges).toEqual([]);
  }, 120_000);
});
