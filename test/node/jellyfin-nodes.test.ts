import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { callsOf, helper, nodeInit, tearDown } from '../support/test-helper';
import { until } from '../support/wait';
import { BREAKING_BAD_S2 } from '../support/expected-media';

const NODES = (['jellyfin-server', 'jellyfin-virtual-play', 'jellyfin-stop-playback'] as const).map(nodeInit);

function statusesOf(id: string): Array<{ fill?: string; text?: string }> {
  return callsOf(helper.getNode(id).status, id).map((args) => args[0] as { fill?: string; text?: string });
}

interface PlayMessage {
  topic: string;
  payload: Record<string, unknown>;
  media: Record<string, unknown>;
  session: Record<string, unknown>;
  item: Record<string, unknown>;
}

let sim: JellyfinSimulator | undefined;

afterEach(async () => {
  await tearDown(sim);
  sim = undefined;
});

async function start(
  options: Parameters<typeof JellyfinSimulator.start>[0] = {},
  nodeProps: Record<string, unknown> = {},
  apiKey?: string,
) {
  sim = await JellyfinSimulator.start(options);
  await helper.startServer();
  const played: PlayMessage[] = [];
  await helper.load(
    NODES,
    [
      { id: 's1', type: 'jellyfin-server', url: sim.url, mode: 'auto', pollInterval: 0.3 },
      { id: 'vp', type: 'jellyfin-virtual-play', server: 's1', wires: [['out']], ...nodeProps },
      { id: 'out', type: 'helper' },
    ],
    { s1: { apiKey: apiKey ?? sim.apiKey } },
  );
  helper.getNode('out').on('input', (msg: never) => played.push(msg));
  return { sim, played };
}

const statusTexts = () => statusesOf('vp').map((status) => status.text ?? '');

/** Waits for a "reconnecting" status followed by a "connected" one. */
async function reconnected(): Promise<void> {
  await until(() => statusTexts().some((t) => t.startsWith('reconnecting in')), 5000, 'reconnecting status');
  await until(
    () => {
      const texts = statusTexts();
      const lost = texts.findLastIndex((t) => t.startsWith('reconnecting in'));
      return texts.slice(lost).some((t) => t.startsWith('connected: '));
    },
    10_000,
    'connected again',
  );
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

function player(s: JellyfinSimulator, name = 'Living room TV') {
  return s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Web', deviceName: name, deviceId: `dev-${name}` });
}

describe('jellyfin-virtual-play', () => {
  it('a movie Play becomes exactly one message with the right fields', async () => {
    const { sim: s, played } = await start();
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')), 8000, 'connected status');
    const session = player(s);
    s.play(session, s.catalogue!.fightClub);
    await until(() => played.length === 1, 8000, 'one message');
    await settle();
    expect(played).toHaveLength(1);
    const msg = played[0];
    expect(msg.topic).toBe('movie');
    const dashed = s.defaultUserId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    expect(msg.payload).toMatchObject({
      mediaType: 'movie',
      tmdbId: '550',
      title: 'Fight Club',
      year: 1999,
      jellyfinUserId: dashed,
      userName: 'alice',
      deviceName: 'Living room TV',
      sessionId: session,
      itemId: s.catalogue!.fightClub,
    });
    expect(msg.media).toEqual(msg.payload);
    expect(msg.session).toMatchObject({ id: session, userId: s.defaultUserId, userName: 'alice', deviceName: 'Living room TV' });
    expect(msg.item).toMatchObject({ Id: s.catalogue!.fightClub });
    // The play count is refreshed a moment after the message leaves.
    await until(() => /^connected: .* · 1 play$/.test(statusTexts().at(-1) ?? ''), 5000, 'the play count');
    // The socket was authenticated with the Authorization header, never api_key.
    const upgrade = s.requests.find((r) => r.upgrade);
    expect(upgrade?.headers.authorization).toMatch(
      /^MediaBrowser Client="Node-RED", Device="[^"]+", DeviceId="node-red-jellynext-s1", Version="[^"]+", Token="/,
    );
    expect(s.requests.some((r) => /api_key/i.test(r.url ?? ''))).toBe(false);
  });

  it('an episode Play takes ids, title, year and anime from the series, season from the episode', async () => {
    const { sim: s, played } = await start();
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')));
    const a = player(s, 'A');
    const b = player(s, 'B');
    s.play(a, s.catalogue!.breakingBadS02E01);
    s.play(b, s.catalogue!.animeS02E01);
    await until(() => played.length === 2);
    const bb = played.find((m) => m.payload.itemId === s.catalogue!.breakingBadS02E01)!;
    expect(bb.topic).toBe('show');
    expect(bb.payload).toMatchObject(BREAKING_BAD_S2);
    const anime = played.find((m) => m.payload.itemId === s.catalogue!.animeS02E01)!;
    expect(anime.payload).toMatchObject({ mediaType: 'show', seasonNumber: 2, isAnime: true });
  });

  it('ignores items outside the path match and media types not chosen', async () => {
    const { sim: s, played } = await start({}, { mediaTypes: 'show' });
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')));
    s.play(player(s, 'A'), s.catalogue!.matrix);
    s.play(player(s, 'B'), s.catalogue!.fightClubMp4);
    s.play(player(s, 'C'), s.catalogue!.breakingBadS02E01);
    await until(() => played.length === 1);
    await settle();
    expect(played.map((m) => m.payload.itemId)).toEqual([s.catalogue!.breakingBadS02E01]);
  });

  it('repeated frames, progress pushes and re-seeds after a socket drop never emit the same playback twice', async () => {
    const { sim: s, played } = await start();
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')));
    const session = player(s);
    s.play(session, s.catalogue!.fightClub);
    await until(() => played.length === 1);
    s.progress(session, { isPaused: true });
    s.progress(session, { isPaused: false });
    await s.dropSockets();
    await reconnected();
    await settle(600);
    expect(played).toHaveLength(1);
    // The same item again after a stop is a new playback.
    s.stop(session);
    await settle(300);
    s.play(session, s.catalogue!.fightClub);
    await until(() => played.length === 2);
  });

  it('a Play during a connection outage is caught once after the reconnect', async () => {
    const { sim: s, played } = await start();
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')));
    const session = player(s);
    await s.restart({ downtimeMs: 600 });
    s.play(session, s.catalogue!.fightClubMp4);
    await until(() => statusTexts().some((t) => t.startsWith('reconnecting in')), 5000, 'reconnecting status');
    await until(() => played.length === 1, 15_000, 'the Play after reconnect');
    await settle(800);
    expect(played).toHaveLength(1);
    expect(played[0].payload).toMatchObject({ tmdbId: '550', itemId: s.catalogue!.fightClubMp4 });
  });

  it('a server name with line breaks cannot forge a log line or a status (issue 9, point 8)', async () => {
    const { sim: s, played } = await start({ serverName: 'home\n2 Dec 07:00:00 - [error] [jellynext-webhook:w1] forged' });
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')), 8000, 'connected status');
    const connected = statusTexts().find((t) => t.startsWith('connected: '))!;
    expect(connected).not.toMatch(/[\n\r]/);
    expect(connected.startsWith('connected: home\\n2 Dec')).toBe(true);
    s.play(player(s), s.catalogue!.fightClub);
    await until(() => played.length === 1, 8000, 'the play');
  });

  it('a wrong key says "unauthorized" in the status and warns once, without flooding', async () => {
    await start({}, {}, 'not-the-key');
    await until(() => statusTexts().includes('unauthorized: check the API key'), 8000, 'unauthorized status');
    await settle(300);
    const warnings = callsOf(helper.getNode('vp').warn, 'vp').flat().map(String);
    expect(warnings.filter((w) => w.includes('refused the API key'))).toHaveLength(1);
  });

  it('a missing server or a broken path regex is a clear error, not a crash', async () => {
    sim = await JellyfinSimulator.start();
    await helper.startServer();
    await helper.load(NODES, [
      { id: 'vp', type: 'jellyfin-virtual-play', wires: [[]] },
      { id: 's1', type: 'jellyfin-server', url: sim.url },
      { id: 'vp2', type: 'jellyfin-virtual-play', server: 's1', pathMatch: '/([/', wires: [[]] },
    ]);
    expect(statusesOf('vp').at(-1)).toMatchObject({ fill: 'red', text: 'no Jellyfin server configured' });
    expect(statusesOf('vp2').at(-1)).toMatchObject({ fill: 'red', text: 'invalid path match' });
    expect(String(callsOf(helper.getNode('vp2').error, 'vp2')[0][0])).toMatch(/not a valid regular expression/);
  });
});

describe('jellyfin-virtual-play: series metadata and JellyNext paths as the real server and plugin write them', () => {
  /** Plays each item on its own session; the messages by item id. */
  async function playAll(s: JellyfinSimulator, played: PlayMessage[], items: readonly string[]): Promise<Map<string, PlayMessage>> {
    await until(() => statusTexts().some((t) => t.startsWith('connected: ')), 8000, 'connected status');
    items.forEach((item, i) => s.play(player(s, `TV ${i}`), item));
    await until(() => played.length === items.length, 8000, `${items.length} messages`);
    return new Map(played.map((msg) => [msg.payload.itemId as string, msg]));
  }

  it('without the fallback setting in the flow: Animation + Japan is anime, western animation is not, the words still count, each with its reason', async () => {
    const { sim: s, played } = await start({}, { animeWords: 'anime' });
    const c = s.catalogue!;
    const byItem = await playAll(s, played, [c.animationJapanS03E01, c.westernAnimationS01E01, c.animeS02E01, c.breakingBadS02E01]);
    const japan = byItem.get(c.animationJapanS03E01)!;
    expect(japan.topic).toBe('show');
    expect(japan.payload).toMatchObject({
      mediaType: 'show',
      title: 'Jujutsu Kaisen',
      tvdbId: '377543',
      tmdbId: '95479',
      year: 2020,
      seasonNumber: 3,
      isAnime: true,
      animeReason: 'Animation + Japan',
    });
    expect(japan.media).toEqual(japan.payload);
    expect(byItem.get(c.westernAnimationS01E01)!.payload).toMatchObject({
      title: 'Invincible',
      seasonNumber: 1,
      isAnime: false,
      animeReason: '',
    });
    expect(byItem.get(c.animeS02E01)!.payload).toMatchObject({ isAnime: true, animeReason: 'genre: Anime' });
    expect(byItem.get(c.breakingBadS02E01)!.payload).toMatchObject({ isAnime: false, animeReason: '' });
    // The flag came from the series item over REST: the now-playing episode carries no Tags or ProductionLocations.
    expect(s.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/Items/${c.animationJapanSeries}`))).toBe(true);
  });

  it('with the fallback switched off, only the anime words decide', async () => {
    const { sim: s, played } = await start({}, { animeWords: 'anime', animeFallback: false });
    const c = s.catalogue!;
    const byItem = await playAll(s, played, [c.animationJapanS03E01, c.animeS02E01]);
    expect(byItem.get(c.animationJapanS03E01)!.payload).toMatchObject({ title: 'Jujutsu Kaisen', isAnime: false, animeReason: '' });
    expect(byItem.get(c.animeS02E01)!.payload).toMatchObject({ isAnime: true, animeReason: 'genre: Anime' });
  });

  it('a watchlist movie with an (Unknown) year, a watchlist show and a global trending movie', async () => {
    const { sim: s, played } = await start();
    const c = s.catalogue!;
    const byItem = await playAll(s, played, [c.unknownYearMovie, c.animationJapanS03E01, c.trendingMovie]);
    const movie = byItem.get(c.unknownYearMovie)!;
    expect(movie.topic).toBe('movie');
    expect(movie.payload).toMatchObject({ mediaType: 'movie', title: 'The Untitled Sequel', year: null, tmdbId: '999002', imdbId: '' });
    expect(byItem.get(c.animationJapanS03E01)!.topic).toBe('show');
    expect(byItem.get(c.trendingMovie)!.payload).toMatchObject({
      mediaType: 'movie',
      title: 'Dune: Part Two',
      year: 2024,
      tmdbId: '693134',
    });
  });
});

describe('jellyfin-stop-playback', () => {
  async function startStop(props: Record<string, unknown> = {}) {
    sim = await JellyfinSimulator.start();
    await helper.startServer();
    await helper.load(
      NODES,
      [
        { id: 's1', type: 'jellyfin-server', url: sim.url },
        { id: 'stop', type: 'jellyfin-stop-playback', server: 's1', delay: 0.3, wires: [['out']], ...props },
        { id: 'out', type: 'helper' },
      ],
      { s1: { apiKey: sim.apiKey } },
    );
    const out: Array<Record<string, unknown> & { stopped: Record<string, unknown> }> = [];
    helper.getNode('out').on('input', (msg: never) => out.push(msg));
    return { s: sim, out };
  }

  function playMessage(s: JellyfinSimulator, session: string, itemId: string, webhook: Record<string, unknown>) {
    return {
      payload: {},
      media: { mediaType: 'movie', title: 'Fight Club', itemId, seasonNumber: null },
      session: { id: session, userId: s.defaultUserId },
      webhook,
    };
  }

  it('tells the viewer, stops after the delay, then resets the played state once the session left the item', async () => {
    const { s, out } = await startStop();
    const session = player(s);
    const item = s.catalogue!.fightClub;
    s.play(session, item);
    await settle(300);
    const sentAt = Date.now();
    helper.getNode('stop').receive(playMessage(s, session, item, { ok: true, statusCode: 200 }));
    await until(() => out.length === 1, 15_000, 'stop output');
    expect(out[0].stopped).toEqual({ stopped: true, notified: true, unplayed: true, parentUnplayed: false });
    const inbox = s.inbox(session);
    const message = inbox.find((e) => e.messageType === 'GeneralCommand');
    const stop = inbox.find((e) => e.messageType === 'Playstate');
    expect(message?.data).toMatchObject({
      Name: 'DisplayMessage',
      Arguments: {
        Header: 'JellyNext Download',
        Text: 'Fight Club has been requested and will appear in your library soon.',
        TimeoutMs: '5000',
      },
    });
    expect(stop?.data).toMatchObject({ Command: 'Stop' });
    expect(stop!.at - message!.at).toBeGreaterThanOrEqual(280);
    expect(stop!.at - sentAt).toBeLessThan(3000);
    // The simulated client reported the stop and Jellyfin marked the short dummy played; the node reset it afterwards.
    const del = s.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/UserPlayedItems/'));
    expect(del).toHaveLength(1);
    expect(s.userData(s.defaultUserId, item)).toMatchObject({ Played: false });
  });

  it('a failed webhook shows a friendly failure text; the reason goes on screen only when asked', async () => {
    const { s, out } = await startStop({ stop: false, markUnplayed: false });
    const session = player(s);
    const failed = { ok: false, error: 'HTTP 500 Internal Server Error' };
    helper.getNode('stop').receive(playMessage(s, session, s.catalogue!.fightClub, failed));
    await until(() => out.length === 1);
    expect(out[0].stopped).toEqual({ stopped: false, notified: true, unplayed: false, parentUnplayed: false });
    const texts = () =>
      s
        .inbox(session)
        .flatMap((e) => (e.messageType === 'GeneralCommand' ? [(e.data as { Arguments: { Text: string } }).Arguments.Text] : []));
    expect(texts()).toEqual(['Could not request Fight Club. Please try again later.']);
    // The status is worded a moment after the message leaves.
    await until(() => statusesOf('stop').at(-1)?.text === 'told the failure', 5000, 'the stop status');
    expect(statusesOf('stop').at(-1)).toMatchObject({ fill: 'green', text: 'told the failure' });
    expect(s.inbox(session).some((e) => e.messageType === 'Playstate')).toBe(false);
    await helper.unload();
    await helper.load(
      NODES,
      [
        { id: 's1', type: 'jellyfin-server', url: s.url },
        {
          id: 'stop',
          type: 'jellyfin-stop-playback',
          server: 's1',
          stop: false,
          markUnplayed: false,
          failureDetail: true,
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
      ],
      { s1: { apiKey: s.apiKey } },
    );
    helper.getNode('out').on('input', (msg: never) => out.push(msg));
    helper.getNode('stop').receive({
      ...playMessage(s, session, s.catalogue!.fightClub, failed),
      media: { mediaType: 'show', title: 'Breaking Bad', seasonNumber: 2 },
    });
    await until(() => out.length === 2);
    expect(texts()[1]).toBe('Could not request Breaking Bad – Season 2. Please try again later. (HTTP 500 Internal Server Error)');
  });

  it('texts take the webhook placeholders in any case, custom fields, msg paths and defaults; the older mustache texts still work', async () => {
    const { s, out } = await startStop({
      stop: false,
      markUnplayed: false,
      successMessage: '{TITLE} ({year}) for {userName}: HTTP {statusCode}, [{notAName}] {missing|n/a} {category} {msg.approvedBy}',
      failureMessage: '{{media.title}} failed: {{webhook.error}}',
      messageTime: 8,
    });
    const session = player(s);
    const media = {
      mediaType: 'movie',
      title: 'Fight Club "1999"',
      year: 1999,
      userName: 'alice\nbob',
      itemId: s.catalogue!.fightClub,
      category: 'cult',
    };
    helper
      .getNode('stop')
      .receive({ ...playMessage(s, session, s.catalogue!.fightClub, { ok: true, statusCode: 201 }), media, approvedBy: 'bob' });
    helper.getNode('stop').receive({ ...playMessage(s, session, s.catalogue!.fightClub, { ok: false, error: 'HTTP 409' }), media });
    await until(() => out.length === 2);
    const told = s
      .inbox(session)
      .flatMap((e) => (e.messageType === 'GeneralCommand' ? [(e.data as { Arguments: Record<string, string> }).Arguments] : []));
    expect(told.map((a) => a.Text).sort()).toEqual(
      ['Fight Club "1999" (1999) for alice\nbob: HTTP 201, [] n/a cult bob', 'Fight Club "1999" failed: HTTP 409'].sort(),
    );
    expect(told.map((a) => a.TimeoutMs)).toEqual(['8000', '8000']);
  });

  it('a flow from before 0.2 keeps its message time in milliseconds', async () => {
    const { s, out } = await startStop({ stop: false, markUnplayed: false, messageTimeout: 7000 });
    const session = player(s);
    helper.getNode('stop').receive(playMessage(s, session, s.catalogue!.fightClub, { ok: true }));
    await until(() => out.length === 1);
    expect(s.inbox(session).map((e) => (e.data as { Arguments?: { TimeoutMs?: string } }).Arguments?.TimeoutMs)).toEqual(['7000']);
  });

  it('a session that has gone (404) is a warning and msg.stopped.error, never a crash', async () => {
    const { s, out } = await startStop({ markUnplayed: false });
    helper.getNode('stop').receive(playMessage(s, 'ffffffffffffffffffffffffffffffff', s.catalogue!.fightClub, { ok: true }));
    await until(() => out.length === 1);
    expect(out[0].stopped).toMatchObject({
      stopped: false,
      notified: false,
      error: expect.stringContaining('the session has ended (HTTP 404)'),
    });
    expect(callsOf(helper.getNode('stop').warn, 'stop').flat().join('\n')).toContain('404');
  });

  it('a message without a session passes on with the reason', async () => {
    const { out } = await startStop();
    helper.getNode('stop').receive({ payload: {} });
    await until(() => out.length === 1);
    expect(out[0].stopped).toMatchObject({ stopped: false, error: expect.stringContaining('msg.session.id') });
  });
});

describe('jellyfin-server "Test connection"', () => {
  async function testConnection(body: object) {
    const res = await helper.request().post('/jellyfin-server/test').send(body).expect(200);
    return res.body as { ok: boolean; serverName?: string; version?: string; error?: string };
  }

  it('names the server and version, or says plainly what is wrong', async () => {
    sim = await JellyfinSimulator.start({ serverName: 'Living Room Jellyfin', version: '12.0.0' });
    await helper.startServer();
    await helper.load(NODES, [{ id: 's1', type: 'jellyfin-server', url: sim.url }], { s1: { apiKey: sim.apiKey } });
    expect(await testConnection({ id: 's1', url: sim.url, apiKey: '__PWRD__' })).toEqual({
      ok: true,
      serverName: 'Living Room Jellyfin',
      version: '12.0.0',
    });
    expect(await testConnection({ url: sim.url, apiKey: 'wrong-key' })).toEqual({
      ok: false,
      error: expect.stringContaining('refused the API key'),
    });
    expect(await testConnection({ url: 'http://127.0.0.1:9', apiKey: 'k' })).toEqual({
      ok: false,
      error: expect.stringContaining('connection refused'),
    });
    expect(await testConnection({ url: 'ftp://x', apiKey: 'k' })).toEqual({ ok: false, error: expect.stringContaining('http://') });
    expect(await testConnection({ url: sim.url })).toEqual({ ok: false, error: expect.stringContaining('API key') });
    // A web server that is not Jellyfin: one that answers everything, and one that has no /System/Info.
    expect(await testConnection({ url: `${sim.url}/not-jellyfin-here`, apiKey: sim.apiKey })).toEqual({
      ok: false,
      error: `${sim.url}/not-jellyfin-here is not a Jellyfin server (it has no /System/Info): check the URL and its base path`,
    });
    const other = await import('node:http').then(({ createServer }) => createServer((_req, res) => res.end('<html>hello</html>')));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as import('node:net').AddressInfo).port;
      expect(await testConnection({ url: `http://127.0.0.1:${port}`, apiKey: 'k' })).toEqual({
        ok: false,
        error: expect.stringContaining('not like a Jellyfin server'),
      });
    } finally {
      other.close();
    }
  });
});
