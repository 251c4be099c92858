import { afterEach, describe, expect, it } from 'vitest';
import { DLNA_RENDERER_COMMANDS, ERROR_TEXT, md5Guid, TICKS_PER_SECOND, ZERO_GUID, type JellyfinSimulator } from '../src';
import { api, harness, http, mediaBrowser, sleep } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

function webPlayer(
  sim: JellyfinSimulator,
  deviceId = 'web-1',
  extra: { ignoreStop?: boolean; supportsRemoteControl?: boolean } = {},
): string {
  return sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId, ...extra });
}

describe('GET /Sessions (§6.1)', () => {
  it('filters by deviceId (case-insensitive) and controllableByUserId, and answers [] for an unknown controlling user', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const bob = sim.addUser('bob');
    const aliceWeb = webPlayer(sim);
    const bobKodi = sim.addSession({ userId: bob, client: 'Kodi', deviceName: 'Kodi', deviceId: 'kodi-1' });
    const dlna = sim.addSession({ client: 'DLNA', deviceName: 'TV', deviceId: 'tv-1', supportsRemoteControl: false });
    const ids = async (query: string) =>
      (await api(sim, 'GET', `/Sessions${query}`))
        .json<any[]>()
        .map((s) => s.Id)
        .sort();
    expect(await ids('')).toEqual([aliceWeb, bobKodi, dlna].sort());
    expect(await ids('?deviceId=WEB-1')).toEqual([aliceWeb]);
    expect(await ids(`?controllableByUserId=${sim.defaultUserId}`)).toEqual([aliceWeb]);
    expect(await ids(`?controllableByUserId=${'f'.repeat(32)}`)).toEqual([]);
    const bad = await api(sim, 'GET', '/Sessions?controllableByUserId=nope');
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json; charset=utf-8');
    expect(bad.json()).toMatchObject({ status: 400, title: 'One or more validation errors occurred.' });
  });

  it('applies activeWithinSeconds (alone from 10.9; on 10.8 only with controllableByUserId)', async () => {
    for (const [version, filtered] of [
      ['10.11.7', true],
      ['10.8.13', false],
    ] as const) {
      const sim = await h.start({ version });
      const old = webPlayer(sim, 'old');
      await sleep(1_100);
      const fresh = webPlayer(sim, 'fresh');
      const ids = (await api(sim, 'GET', '/Sessions?activeWithinSeconds=1')).json<any[]>().map((s) => s.Id);
      expect(ids.sort(), version).toEqual(filtered ? [fresh] : [old, fresh].sort());
    }
  });

  it('shows a non-admin user only its own and user-less sessions (10.9+), everything on 10.8', async () => {
    for (const [version, count] of [
      ['10.11.7', 2],
      ['10.8.13', 3],
    ] as const) {
      const sim = await h.start({ version });
      const bob = sim.addUser('bob');
      webPlayer(sim);
      sim.addSession({ userId: bob, client: 'Kodi', deviceName: 'Kodi', deviceId: 'kodi-1' });
      sim.addSession({ client: 'DLNA', deviceName: 'TV', deviceId: 'tv-1' });
      const answer = await api(sim, 'GET', '/Sessions', undefined, sim.createAccessToken(bob));
      expect(answer.json<any[]>().length, version).toBe(count);
    }
  });

  it('does not create a session for the caller', async () => {
    const sim = await h.start();
    await api(sim, 'GET', '/Sessions');
    expect(sim.sessionIds()).toEqual([]);
  });
});

describe('POST /Sessions/{id}/Playing/{command} (§6.2)', () => {
  it('answers 404 text/plain for an unknown session, 400 problem+json for an unknown command, 204 otherwise', async () => {
    const sim = await h.start();
    const player = webPlayer(sim);
    const unknown = await api(sim, 'POST', `/Sessions/${'a'.repeat(32)}/Playing/Stop`);
    expect([unknown.status, unknown.contentType, unknown.text]).toEqual([404, 'text/plain', ERROR_TEXT]);
    const badCommand = await api(sim, 'POST', `/Sessions/${player}/Playing/Explode`);
    expect([badCommand.status, badCommand.contentType]).toEqual([400, 'application/problem+json; charset=utf-8']);
    expect((await api(sim, 'POST', `/Sessions/${player}/Playing/stop`)).status).toBe(204);
    expect((await http('POST', `${sim.url}/Sessions/${player}/Playing/Stop`)).status).toBe(401);
  });

  it('answers 400 to an API key on 10.9.1 for Playing/Stop and Message, before looking at the target; 10.9.3+ does not (§11)', async () => {
    const sim = await h.start({ version: '10.9.1' });
    const player = webPlayer(sim);
    for (const target of [player, 'a'.repeat(32)]) {
      const stop = await api(sim, 'POST', `/Sessions/${target}/Playing/Stop`);
      expect([stop.status, stop.contentType, stop.text]).toEqual([400, 'text/plain', ERROR_TEXT]);
      const message = await api(sim, 'POST', `/Sessions/${target}/Message`, { Text: 'hello' });
      expect([message.status, message.text]).toEqual([400, ERROR_TEXT]);
    }
    expect(sim.inbox(player)).toEqual([]);
    // Mark unplayed names a real user, so it works there.
    expect((await api(sim, 'DELETE', `/UserPlayedItems/${sim.catalogue!.fightClub}?userId=${sim.defaultUserId}`)).status).toBe(200);
    const fixed = await h.start({ version: '10.10.7' });
    expect((await api(fixed, 'POST', `/Sessions/${webPlayer(fixed)}/Playing/Stop`)).status).toBe(204);
  });

  it("creates the caller API key's own session as a side effect", async () => {
    const sim = await h.start();
    const player = webPlayer(sim);
    await api(sim, 'POST', `/Sessions/${player}/Playing/Pause`);
    const callerId = md5Guid('Node-RED JellyNext' + 'nr-test-1');
    expect(sim.sessionInfo(callerId)).toMatchObject({
      Client: 'Node-RED JellyNext',
      UserId: ZERO_GUID,
      DeviceName: 'node-red',
      IsActive: true,
    });
  });

  it('delivers Playstate to a programmatic player; on Stop it reports PlaybackStopped after its delay, with a forced push', async () => {
    const sim = await h.start({ stopDelayMs: 80 });
    const watcher = await h.connect(sim, sim.apiKey, { deviceId: 'watcher' });
    watcher.send({ MessageType: 'SessionsStart', Data: '0,60000' });
    await sleep(50);
    const player = webPlayer(sim);
    sim.play(player, sim.catalogue!.fightClub);
    // `any` in the callbacks below: Sessions frames are untyped JSON; the fields read are checked by the assertions.
    await watcher.next((f) => f.json.MessageType === 'Sessions' && f.json.Data.some((s: any) => s.NowPlayingItem));

    const started = Date.now();
    expect((await api(sim, 'POST', `/Sessions/${player}/Playing/Stop`)).status).toBe(204);
    expect(sim.inbox(player).map((e) => [e.messageType, e.data, e.via])).toEqual([['Playstate', { Command: 'Stop' }, 'player']]);
    const stopped = await watcher.next(
      (f) => f.json.MessageType === 'Sessions' && !f.json.Data.find((s: any) => s.Id === player).NowPlayingItem,
    );
    expect(stopped.at - started).toBeGreaterThanOrEqual(60);
    expect(stopped.json.Data.find((s: any) => s.Id === player).PlayState).toEqual({
      CanSeek: false,
      IsPaused: false,
      IsMuted: false,
      RepeatMode: 'RepeatNone',
      PlaybackOrder: 'Default',
    });
  });

  it("passes ?controllingUserId and ?seekPositionTicks through, and a user caller's id", async () => {
    const sim = await h.start();
    const player = webPlayer(sim);
    sim.play(player, sim.catalogue!.matrix);
    await api(sim, 'POST', `/Sessions/${player}/Playing/Seek?seekPositionTicks=${30 * TICKS_PER_SECOND}&controllingUserId=abc`);
    const admin = sim.addUser('admin', { admin: true });
    await api(sim, 'POST', `/Sessions/${player}/Playing/Pause`, undefined, sim.createAccessToken(admin));
    expect(sim.inbox(player).map((e) => e.data)).toEqual([
      { Command: 'Seek', SeekPositionTicks: 30 * TICKS_PER_SECOND, ControllingUserId: 'abc' },
      { Command: 'Pause', ControllingUserId: admin },
    ]);
    await sleep(150);
    expect(sim.sessionInfo(player)).toMatchObject({ PlayState: { IsPaused: true, PositionTicks: 30 * TICKS_PER_SECOND } });
  });

  it('keeps playing when the player ignores Stop, and drops commands to a session without remote control', async () => {
    const sim = await h.start({ stopDelayMs: 10 });
    const stubborn = webPlayer(sim, 'stubborn', { ignoreStop: true });
    const dumb = sim.addSession({
      userId: sim.defaultUserId,
      client: 'DLNA',
      deviceName: 'TV',
      deviceId: 'tv-1',
      supportsRemoteControl: false,
    });
    sim.play(stubborn, sim.catalogue!.fightClub);
    sim.play(dumb, sim.catalogue!.fightClub);
    expect((await api(sim, 'POST', `/Sessions/${stubborn}/Playing/Stop`)).status).toBe(204);
    expect((await api(sim, 'POST', `/Sessions/${dumb}/Playing/Stop`)).status).toBe(204);
    await sleep(100);
    expect(sim.sessionInfo(stubborn)).toHaveProperty('NowPlayingItem');
    expect(sim.inbox(stubborn)).toHaveLength(1);
    expect(sim.sessionInfo(dumb)).toMatchObject({ SupportsRemoteControl: false, NowPlayingItem: { Name: 'Fight Club' } });
    expect(sim.inbox(dumb)).toEqual([]);
  });
});

describe('who can show a message (§6.3.1) and GET /Users (§6.8)', () => {
  it('every session lists SupportedCommands at the top level: a web player with DisplayMessage, a DLNA renderer without, a capability-less session empty', async () => {
    for (const version of ['10.8.13', '10.11.7', '12.0.0'] as const) {
      const sim = await h.start({ version });
      const web = webPlayer(sim);
      const dlna = sim.addSession({ client: 'DLNA', deviceName: 'Hall TV', deviceId: 'dlna-1', supportedCommands: DLNA_RENDERER_COMMANDS });
      const bare = sim.addSession({
        userId: sim.defaultUserId,
        client: 'Sync',
        deviceName: 'NAS',
        deviceId: 'sync-1',
        supportsRemoteControl: false,
      });
      const byId = new Map((await api(sim, 'GET', '/Sessions')).json<any[]>().map((s) => [s.Id, s]));
      expect(byId.get(web).SupportedCommands, version).toContain('DisplayMessage');
      expect(byId.get(dlna).SupportedCommands, version).toEqual([...DLNA_RENDERER_COMMANDS]);
      expect(byId.get(dlna).Capabilities.SupportedCommands, version).toEqual([...DLNA_RENDERER_COMMANDS]);
      expect(byId.get(dlna).SupportsRemoteControl, version).toBe(true);
      expect(byId.get(bare).SupportedCommands, version).toEqual([]);
      // Programmatic players have no controller, so they count as active (§5).
      expect(
        [...byId.values()].every((s) => s.IsActive === true),
        version,
      ).toBe(true);
    }
  });

  it('GET /Users answers every user ordered by name with "N" ids, filters isDisabled, refuses a bad bool and a missing token', async () => {
    const sim = await h.start();
    const zoe = sim.addUser('zoe');
    const bob = sim.addUser('Bob', { disabled: true });
    const all = (await api(sim, 'GET', '/Users')).json<any[]>();
    expect(all.map((u) => [u.Name, u.Id])).toEqual([
      ['Bob', bob],
      ['alice', sim.defaultUserId],
      ['zoe', zoe],
    ]);
    expect(all.every((u) => /^[0-9a-f]{32}$/.test(u.Id) && u.ServerId === sim.serverId)).toBe(true);
    expect(all[0].Policy).toMatchObject({ IsDisabled: true, IsAdministrator: false });
    expect((await api(sim, 'GET', '/users?isDisabled=false')).json<any[]>().map((u) => u.Name)).toEqual(['alice', 'zoe']);
    expect((await api(sim, 'GET', '/Users?isDisabled=maybe')).status).toBe(400);
    expect((await http('GET', `${sim.url}/Users`)).status).toBe(401);
    // Any authenticated caller may list users (`[Authorize]`), not only admins.
    expect((await api(sim, 'GET', '/Users', undefined, sim.createAccessToken(zoe))).status).toBe(200);
  });
});

describe('POST /Sessions/{id}/Message (§6.3)', () => {
  it('validates the body: 400 without Text, 415 without a JSON content type, 404 for an unknown session', async () => {
    const sim = await h.start();
    const player = webPlayer(sim);
    for (const body of [{ Header: 'x' }, { Text: '' }, { Text: '   ' }, { Text: 5 }, { Text: 'x', TimeoutMs: 'soon' }]) {
      const answer = await api(sim, 'POST', `/Sessions/${player}/Message`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.contentType).toBe('application/problem+json; charset=utf-8');
    }
    const auth = { authorization: mediaBrowser(sim.apiKey) };
    expect((await http('POST', `${sim.url}/Sessions/${player}/Message`, { headers: auth, body: '{"Text":"x"}' })).status).toBe(415);
    expect(
      (await http('POST', `${sim.url}/Sessions/${player}/Message`, { headers: { ...auth, 'content-type': 'application/json' }, body: '' }))
        .status,
    ).toBe(400);
    expect(
      (
        await http('POST', `${sim.url}/Sessions/${player}/Message`, {
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"Text":',
        })
      ).status,
    ).toBe(400);
    const unknown = await api(sim, 'POST', `/Sessions/${'b'.repeat(32)}/Message`, { Text: 'hi' });
    expect([unknown.status, unknown.contentType, unknown.text]).toEqual([404, 'text/plain', ERROR_TEXT]);
    expect(sim.inbox(player)).toEqual([]);
  });

  it('delivers GeneralCommand DisplayMessage with string arguments; property names are case-insensitive', async () => {
    const sim = await h.start();
    const player = webPlayer(sim);
    expect(
      (
        await api(sim, 'POST', `/Sessions/${player}/Message`, {
          Header: 'JellyNext Download',
          Text: 'Requested "Fight Club"',
          TimeoutMs: 5000,
        })
      ).status,
    ).toBe(204);
    expect((await api(sim, 'POST', `/Sessions/${player}/Message`, { text: 'no header', timeoutms: '7000' })).status).toBe(204);
    expect((await api(sim, 'POST', `/Sessions/${player}/Message`, { Header: ' ', Text: 'blank header, no timeout' })).status).toBe(204);
    expect(sim.inbox(player).map((e) => [e.messageType, e.data])).toEqual([
      [
        'GeneralCommand',
        {
          Name: 'DisplayMessage',
          ControllingUserId: ZERO_GUID,
          Arguments: { Header: 'JellyNext Download', Text: 'Requested "Fight Club"', TimeoutMs: '5000' },
        },
      ],
      [
        'GeneralCommand',
        {
          Name: 'DisplayMessage',
          ControllingUserId: ZERO_GUID,
          Arguments: { Header: 'Message from Server', Text: 'no header', TimeoutMs: '7000' },
        },
      ],
      [
        'GeneralCommand',
        {
          Name: 'DisplayMessage',
          ControllingUserId: ZERO_GUID,
          Arguments: { Header: 'Message from Server', Text: 'blank header, no timeout' },
        },
      ],
    ]);
  });
});

describe('a socket-connected player', () => {
  it('receives Message and Stop on its own socket and reports through REST', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const identity = { client: 'Jellyfin Web', device: 'Firefox', deviceId: 'web-sock', version: '10.11.7' };
    const token = sim.createAccessToken(sim.defaultUserId, { client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-sock' });
    const playerSocket = await h.connect(sim, token, identity);
    await playerSocket.next('ForceKeepAlive');
    const playerId = md5Guid('Jellyfin Web' + 'web-sock');
    const report = (path: string, body: unknown) =>
      http('POST', `${sim.url}${path}`, {
        headers: { authorization: mediaBrowser(token, identity), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await report('/Sessions/Playing', { ItemId: sim.catalogue!.breakingBadS02E01, PositionTicks: 0 })).status).toBe(204);
    expect(sim.sessionInfo(playerId)).toMatchObject({
      UserName: 'alice',
      NowPlayingItem: { Name: 'Seven Thirty-Seven', ParentIndexNumber: 2 },
    });

    await api(sim, 'POST', `/Sessions/${playerId}/Message`, { Header: 'H', Text: 'T', TimeoutMs: 5000 });
    const message = await playerSocket.next('GeneralCommand');
    const data =
      '{"Name":"DisplayMessage","ControllingUserId":"00000000000000000000000000000000","Arguments":{"Header":"H","Text":"T","TimeoutMs":"5000"}}';
    expect(message.raw).toBe(`{"MessageId":"${message.json.MessageId}","Data":${data},"MessageType":"GeneralCommand"}`);
    await api(sim, 'POST', `/Sessions/${playerId}/Playing/Stop`);
    expect((await playerSocket.next('Playstate')).json.Data).toEqual({ Command: 'Stop' });
    expect(sim.inbox(playerId).map((e) => e.via)).toEqual(['socket', 'socket']);
    // The socket player decides itself; it reports its stop.
    expect(sim.sessionInfo(playerId)).toHaveProperty('NowPlayingItem');
    expect((await report('/Sessions/Playing/Stopped', { ItemId: sim.catalogue!.breakingBadS02E01 })).status).toBe(204);
    expect(sim.sessionInfo(playerId)).not.toHaveProperty('NowPlayingItem');
  });
});

describe('played state after a stop, and mark unplayed (§6.5)', () => {
  it('marks a short or runtime-less item played when the player stops; DELETE /UserPlayedItems clears it', async () => {
    const sim = await h.start({ stopDelayMs: 20 });
    const player = webPlayer(sim);
    const user = sim.defaultUserId;
    const { fightClub, fightClubMp4, matrix } = sim.catalogue!;

    sim.play(player, fightClub); // .strm: no known runtime → counted as played
    await api(sim, 'POST', `/Sessions/${player}/Playing/Stop`);
    await sleep(80);
    expect(sim.userData(user, fightClub)).toMatchObject({ Played: true, PlayCount: 1 });

    sim.play(player, matrix); // 136 min, stopped at once → not played
    sim.stop(player);
    expect(sim.userData(user, matrix)).toMatchObject({ Played: false, PlayCount: 0 });

    sim.play(player, fightClubMp4, { positionTicks: TICKS_PER_SECOND }); // 2 s dummy video, 1 s in → played
    sim.stop(player);
    expect(sim.userData(user, fightClubMp4)).toMatchObject({ Played: true });

    const cleared = await api(sim, 'DELETE', `/UserPlayedItems/${fightClub}?userId=${user}`);
    expect(cleared.status).toBe(200);
    expect(cleared.json()).toMatchObject({
      PlaybackPositionTicks: 0,
      PlayCount: 0,
      IsFavorite: false,
      Played: false,
      Key: '550',
      ItemId: fightClub,
    });
    expect(sim.userData(user, fightClub)).toMatchObject({ Played: false });
  });

  it('DELETE /UserPlayedItems on a series sweeps its episodes, as Folder.MarkUnplayed does', async () => {
    const sim = await h.start({ stopDelayMs: 20 });
    const player = webPlayer(sim);
    const user = sim.defaultUserId;
    const { breakingBad, breakingBadS02E01, fightClub } = sim.catalogue!;
    sim.play(player, breakingBadS02E01);
    sim.stop(player);
    sim.markPlayed(user, fightClub);
    expect(sim.userData(user, breakingBadS02E01)).toMatchObject({ Played: true });
    const cleared = await api(sim, 'DELETE', `/UserPlayedItems/${breakingBad}?userId=${user}`);
    expect([cleared.status, cleared.json().ItemId]).toEqual([200, breakingBad]);
    expect(sim.userData(user, breakingBadS02E01)).toMatchObject({ Played: false, PlayCount: 0 });
    expect(sim.userData(user, fightClub)).toMatchObject({ Played: true });
  });

  it("sends UserDataChanged (debounced) to the user's sessions, and gives the API-key session that user", async () => {
    const sim = await h.start({ userDataDebounceMs: 50 });
    const player = webPlayer(sim);
    const { matrix } = sim.catalogue!;
    await api(sim, 'POST', `/UserPlayedItems/${matrix}?userId=${sim.defaultUserId}`);
    await api(sim, 'DELETE', `/UserPlayedItems/${matrix}?userId=${sim.defaultUserId}`);
    const entry = await sim.waitForInbox(player, (e) => e.messageType === 'UserDataChanged');
    expect(entry.data).toMatchObject({ UserId: sim.defaultUserId, UserDataList: [{ ItemId: matrix, Played: false }] });
    expect(sim.inbox(player).filter((e) => e.messageType === 'UserDataChanged')).toHaveLength(1);
    expect(sim.sessionInfo(md5Guid('Node-RED JellyNext' + 'nr-test-1'))).toMatchObject({ UserId: sim.defaultUserId, UserName: 'alice' });
  });
});
