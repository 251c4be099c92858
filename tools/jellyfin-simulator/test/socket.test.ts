import { afterEach, describe, expect, it } from 'vitest';
import { md5Guid, ZERO_GUID } from '../src';
import { api, harness, sleep, TestSocket, wireProblems } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

const FORCE_KEEP_ALIVE = /^\{"MessageId":"[0-9a-f]{32}","Data":60,"MessageType":"ForceKeepAlive"\}$/;

describe('connection and keep-alive (§1.4, §2)', () => {
  it('binds an API-key socket to a session on 10.11 and sends ForceKeepAlive 60 at once', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const socket = await h.connect(sim, sim.apiKey, { deviceId: 'nr-1', device: 'node-red', version: '1.2.3' });
    const first = await socket.next(() => true);
    expect(first.raw).toMatch(FORCE_KEEP_ALIVE);
    const sessions = (await api(sim, 'GET', '/Sessions')).json<any[]>();
    const own = sessions.find((s) => s.DeviceId === 'nr-1');
    expect(own).toMatchObject({
      Id: md5Guid('Node-RED JellyNext' + 'nr-1'),
      Client: 'Node-RED JellyNext', // Client is always the API key's name (§1.2)
      UserId: ZERO_GUID,
      DeviceName: 'node-red',
      ApplicationVersion: '1.2.3',
      IsActive: true,
      SupportsRemoteControl: false,
    });
    expect(own).not.toHaveProperty('UserName');
  });

  it('uses the server id as DeviceId when the header has none (§1.2)', async () => {
    const sim = await h.start({ version: '12.0.0' });
    const socket = h.track(await TestSocket.open(`${sim.socketUrl}?ApiKey=${sim.apiKey}`));
    await socket.next('ForceKeepAlive');
    expect(sim.sessionInfo(md5Guid('Node-RED JellyNext' + sim.serverId))).toMatchObject({
      DeviceId: sim.serverId,
      DeviceName: 'jellyfin-sim',
      ApplicationVersion: '12.0.0',
    });
  });

  it('binds no session and sends no ForceKeepAlive for an API key on 10.10.5, but still answers KeepAlive', async () => {
    const sim = await h.start({ version: '10.10.5' });
    const socket = await h.connect(sim);
    await sleep(200);
    expect(socket.frames).toEqual([]);
    expect((await api(sim, 'GET', '/Sessions')).json()).toEqual([]);
    socket.send({ MessageType: 'KeepAlive' });
    expect((await socket.next('KeepAlive')).json).not.toHaveProperty('Data');
  });

  it('binds a user-token socket on 10.10 through its device, with the deviceId query overriding', async () => {
    const sim = await h.start({ version: '10.10.7' });
    const bob = sim.addUser('bob');
    const token = sim.createAccessToken(bob, { client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'dev-a', version: '10.10.7' });
    const socket = await h.connect(sim, token, {}, '?deviceId=dev-b');
    expect((await socket.next(() => true)).json).toMatchObject({ MessageType: 'ForceKeepAlive', Data: 60 });
    expect(sim.sessionInfo(md5Guid('Jellyfin Web' + 'dev-b'))).toMatchObject({ UserId: bob, UserName: 'bob', DeviceName: 'Firefox' });
  });

  it('echoes KeepAlive without Data and ignores malformed or mis-cased frames without closing', async () => {
    const sim = await h.start();
    const socket = await h.connect(sim);
    await socket.next('ForceKeepAlive');
    for (const bad of [
      'not json',
      '{"messageType":"KeepAlive"}',
      '{"MessageType":"NoSuchType"}',
      '[1,2]',
      '"KeepAlive"',
      '{"MessageType":"SessionsStart","data":"0,0"}',
    ]) {
      socket.send(bad);
    }
    await sleep(150);
    expect(socket.pending()).toEqual([]);
    expect(socket.isOpen).toBe(true);
    expect(sim.subscriptions).toBe(0);
    socket.send({ MessageType: 'KeepAlive' });
    const answer = await socket.next('KeepAlive');
    expect(answer.raw).toMatch(/^\{"MessageId":"[0-9a-f]{32}","MessageType":"KeepAlive"\}$/);
  });

  it('re-sends ForceKeepAlive to an inactive socket and disposes a lost one on 12.0 only', async () => {
    const keepAlive = { checkIntervalMs: 50, lostAfterMs: 1_000 };
    const v12 = await h.start({ version: '12.0.0', keepAlive });
    const v11 = await h.start({ version: '10.11.7', keepAlive });
    const silent12 = await h.connect(v12);
    const silent11 = await h.connect(v11);
    const chatty12 = await h.connect(v12, v12.apiKey, { deviceId: 'chatty' });
    const timer = setInterval(() => chatty12.send({ MessageType: 'KeepAlive' }), 200);
    try {
      await silent12.next((f) => f.json.MessageType === 'ForceKeepAlive' && f.json.Data === 1);
      await silent12.next('ForceKeepAlive', 2_000); // the inactive-socket reminder (75 % of the timeout)
      await silent12.closed;
      await sleep(200);
      expect(silent11.isOpen).toBe(true); // 10.x: only no longer watched
      expect(chatty12.isOpen).toBe(true);
      expect(v12.sessionIds()).toEqual([md5Guid('Node-RED JellyNext' + 'chatty')]);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('SessionsStart subscription (§3)', () => {
  it('sends nothing on subscribe, then the FULL list on a playback start', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    const socket = await h.connect(sim);
    await socket.next('ForceKeepAlive');
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(300);
    expect(socket.pending()).toEqual([]);
    expect(sim.subscriptions).toBe(1);

    sim.play(player, sim.catalogue!.fightClub);
    const push = await socket.next('Sessions');
    expect(push.raw).toMatch(/^\{"MessageId":"[0-9a-f]{32}","Data":\[.*\],"MessageType":"Sessions"\}$/);
    expect(wireProblems(push.json)).toEqual([]);
    // `any`: session DTO fields are read ad hoc below.
    const list = push.json.Data as any[];
    expect(list.map((s) => s.Id).sort()).toEqual([player, md5Guid('Node-RED JellyNext' + 'nr-test-1')].sort());
    const playing = list.find((s) => s.Id === player);
    expect(playing.NowPlayingItem).toMatchObject({
      Name: 'Fight Club',
      Type: 'Movie',
      ProviderIds: { Tmdb: '550', Imdb: 'tt0137523' },
      ProductionYear: 1999,
      Container: 'strm',
    });
    expect(playing.NowPlayingItem.Path).toMatch(
      /\/jellynext-virtual\/[0-9a-f-]{36}\/movies_recommendations\/Fight Club \(1999\) \[tmdbid-550\]\.strm$/,
    );
    // §5.1: the now-playing DTO drops Tags, MediaSources, SortName… and has no UserData.
    for (const field of ['Tags', 'MediaSources', 'SortName', 'UserData', 'People'])
      expect(playing.NowPlayingItem).not.toHaveProperty(field);
    expect(playing).not.toHaveProperty('NowPlayingQueueFullItems'); // 10.11.7+ sends SessionInfoDto
  });

  it('pushes on session start/end, stop, pause and unpause, and is silent while paused', async () => {
    const sim = await h.start({ autoProgressMs: 100 });
    const socket = await h.connect(sim);
    socket.send({ MessageType: 'SessionsStart', Data: '0,100000' });
    await sleep(50);
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    expect((await socket.next('Sessions')).json.Data.some((s: any) => s.Id === player)).toBe(true);
    sim.play(player, sim.catalogue!.matrix);
    expect((await socket.next('Sessions')).json.Data.find((s: any) => s.Id === player).NowPlayingItem.Name).toBe('The Matrix');
    sim.progress(player, { isPaused: true });
    expect((await socket.next('Sessions')).json.Data.find((s: any) => s.Id === player).PlayState.IsPaused).toBe(true);
    await sleep(400);
    expect(socket.pending('Sessions')).toEqual([]); // no auto progress while paused, and the interval is long anyway
    sim.progress(player, { isPaused: false });
    expect((await socket.next('Sessions')).json.Data.find((s: any) => s.Id === player).PlayState.IsPaused).toBe(false);
    sim.stop(player);
    const stopped = (await socket.next('Sessions')).json.Data.find((s: any) => s.Id === player);
    expect(stopped).not.toHaveProperty('NowPlayingItem');
    expect(stopped.PlayState).toEqual({
      CanSeek: false,
      IsPaused: false,
      IsMuted: false,
      RepeatMode: 'RepeatNone',
      PlaybackOrder: 'Default',
    });
    sim.endSession(player);
    expect((await socket.next('Sessions')).json.Data.some((s: any) => s.Id === player)).toBe(false);
  });

  it('throttles the automatic 1 s progress by the subscription interval, and not at all with 0', async () => {
    const sim = await h.start({ autoProgressMs: 50 });
    const slow = await h.connect(sim, sim.apiKey, { deviceId: 'slow' });
    const fast = await h.connect(sim, sim.apiKey, { deviceId: 'fast' });
    slow.send({ MessageType: 'SessionsStart', Data: '0,300' });
    fast.send({ MessageType: 'SessionsStart', Data: '0,0' });
    await sleep(50);
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.matrix);
    await sleep(60);
    slow.skip();
    fast.skip();
    await sleep(900);
    const slowCount = slow.pending('Sessions').length;
    const fastCount = fast.pending('Sessions').length;
    expect(slowCount).toBeGreaterThanOrEqual(2);
    expect(slowCount).toBeLessThanOrEqual(4);
    expect(fastCount).toBeGreaterThanOrEqual(10);
    const positions = fast.pending('Sessions').map((f) => f.json.Data.find((s: any) => s.Id === player).PlayState.PositionTicks);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.at(-1)! - positions[0]!).toBeGreaterThan(0);
  });

  it('forces a push on every client progress report, however short the interval', async () => {
    const sim = await h.start({ autoProgressMs: 0 });
    const socket = await h.connect(sim);
    socket.send({ MessageType: 'SessionsStart', Data: '0,60000' });
    await sleep(50);
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.matrix);
    await socket.next('Sessions');
    await socket.next('Sessions');
    const position = (f: { json: { Data?: any[] } }) => f.json.Data?.find((s) => s.Id === player)?.PlayState.PositionTicks;
    sim.progress(player, { positionTicks: 50_000_000 });
    expect(position(await socket.next('Sessions'))).toBe(50_000_000);
    sim.progress(player, { positionTicks: 60_000_000 });
    expect(position(await socket.next('Sessions'))).toBe(60_000_000);
    // Two reports in a row give two pushes; each is built when it is sent (both show the latest state).
    sim.progress(player, { positionTicks: 70_000_000 });
    sim.progress(player, { positionTicks: 80_000_000 });
    expect(position(await socket.next('Sessions'))).toBe(80_000_000);
    expect(position(await socket.next('Sessions'))).toBe(80_000_000);
  });

  it('registers SessionsStart twice as two subscriptions and SessionsStop removes one at a time', async () => {
    const sim = await h.start();
    const socket = await h.connect(sim);
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(50);
    const player = sim.addSession({ client: 'Kodi', deviceName: 'Kodi', deviceId: 'k1' });
    await sleep(100);
    expect(socket.pending('Sessions')).toHaveLength(2);
    socket.skip();
    socket.send({ MessageType: 'SessionsStop' });
    await sleep(50);
    sim.play(player, sim.catalogue!.matrix);
    await sleep(100);
    expect(socket.pending('Sessions')).toHaveLength(1);
    socket.skip();
    socket.send({ MessageType: 'SessionsStop' });
    await sleep(50);
    sim.stop(player);
    await sleep(100);
    expect(socket.pending('Sessions')).toHaveLength(0);
  });

  it('ignores SessionsStart with missing or malformed Data (§3.1)', async () => {
    const sim = await h.start();
    const socket = await h.connect(sim);
    for (const data of [undefined, 1000, '1000', 'a,b', '0;1000']) socket.send({ MessageType: 'SessionsStart', Data: data });
    socket.send({ MessageType: 'SessionsStart', Data: ' 0 , 1500 ' });
    await sleep(100);
    expect(sim.subscriptions).toBe(1);
  });

  it('silently refuses an API-key subscription on 10.9.1, 10.10.5 and 10.10.7 and on a fork, not on 10.8, 10.11 or 12.0 (§3.4, §11)', async () => {
    const cases = [
      [{ version: '10.9.1' }, false],
      [{ version: '10.10.5' }, false],
      [{ version: '10.10.7' }, false],
      [{ version: '10.11.7', ignoresSubscriptions: true }, false],
      [{ version: '10.8.13' }, true],
      [{ version: '10.11.7' }, true],
      [{ version: '12.0.0' }, true],
    ] as const;
    for (const [options, allowed] of cases) {
      const version = `${options.version}${'ignoresSubscriptions' in options ? ' (fork)' : ''}`;
      const sim = await h.start(options);
      const socket = await h.connect(sim);
      socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
      await sleep(50);
      const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
      sim.play(player, sim.catalogue!.fightClub);
      await sleep(200);
      expect(socket.pending('Sessions').length > 0, version).toBe(allowed);
      expect(socket.isOpen).toBe(true);
    }
  });

  it('POST /Sessions/Capabilities forces a Sessions push to every working subscription, on 10.8 too (SessionManager.ReportCapabilities)', async () => {
    for (const version of ['10.8.13', '10.11.7', '12.0.0'] as const) {
      const sim = await h.start({ version });
      const socket = await h.connect(sim);
      socket.send({ MessageType: 'SessionsStart', Data: '0,60000' });
      await sleep(50);
      socket.skip();
      const report = await api(sim, 'POST', '/Sessions/Capabilities?supportsMediaControl=false');
      expect(report.status, version).toBe(204);
      const frame = await socket.next('Sessions');
      // The caller's session (the socket's on 10.11+, a REST one on 10.8) carries the reported capabilities.
      const own = (frame.json.Data as Array<Record<string, unknown>>).find((session) => session.Client === 'Node-RED JellyNext');
      expect(own?.Capabilities, version).toMatchObject({ PlayableMediaTypes: [], SupportedCommands: [], SupportsMediaControl: false });
    }
  });

  it('answers 400 to the capabilities report of an API key on 10.9.1, and pushes nothing on a fork', async () => {
    const old = await h.start({ version: '10.9.1' });
    expect((await api(old, 'POST', '/Sessions/Capabilities')).status).toBe(400);
    const fork = await h.start({ version: '10.11.7', ignoresSubscriptions: true });
    const socket = await h.connect(fork);
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    expect((await api(fork, 'POST', '/Sessions/Capabilities')).status).toBe(204);
    await sleep(200);
    expect(socket.pending('Sessions')).toEqual([]);
    expect(socket.isOpen).toBe(true);
  });

  it('lets an admin user subscribe on 10.10.5, but not a non-admin user', async () => {
    const sim = await h.start({ version: '10.10.5' });
    const admin = sim.addUser('admin', { admin: true });
    const bob = sim.addUser('bob');
    const adminSocket = await h.connect(sim, sim.createAccessToken(admin));
    const bobSocket = await h.connect(sim, sim.createAccessToken(bob));
    await adminSocket.next('ForceKeepAlive');
    for (const socket of [adminSocket, bobSocket]) socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(50);
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    await adminSocket.next('Sessions');
    await sleep(100);
    expect(bobSocket.pending('Sessions')).toEqual([]);
  });

  it('shows a non-admin subscriber only its own sessions on 10.11+ (§3.4)', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const bob = sim.addUser('bob');
    const bobSocket = await h.connect(sim, sim.createAccessToken(bob, { client: 'Jellyfin Web', deviceId: 'bob-web' }), {
      client: 'Jellyfin Web',
      deviceId: 'bob-web',
    });
    bobSocket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(50);
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'alice-web' });
    const push = await bobSocket.next('Sessions');
    expect(push.json.Data.map((s: any) => s.UserName)).toEqual(['bob']);
  });

  it('ends a socket session when its socket closes and pushes the shorter list', async () => {
    const sim = await h.start();
    const watcher = await h.connect(sim, sim.apiKey, { deviceId: 'watcher' });
    const other = await h.connect(sim, sim.apiKey, { deviceId: 'other' });
    watcher.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(50);
    await other.close();
    const push = await watcher.next('Sessions');
    expect(push.json.Data.map((s: any) => s.DeviceId)).toEqual(['watcher']);
    expect(sim.sockets).toBe(1);
  });

  it('writes 10.8 frames MessageType-first with raw SessionInfo including FullNowPlayingItem', async () => {
    const sim = await h.start({ version: '10.8.13' });
    const socket = await h.connect(sim);
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });
    await sleep(50);
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.fightClub);
    const push = await socket.next((f) => f.json.MessageType === 'Sessions' && f.json.Data.some((s: any) => s.NowPlayingItem));
    expect(push.raw).toMatch(/^\{"MessageType":"Sessions","MessageId":"[0-9a-f]{32}","Data":\[/);
    const session = push.json.Data.find((s: any) => s.Id === player);
    expect(session.FullNowPlayingItem).toMatchObject({ Name: 'Fight Club', IsShortcut: true });
    expect(session.NowPlayingQueueFullItems).toEqual([]);
  });
});
