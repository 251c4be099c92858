import { afterEach, describe, expect, it } from 'vitest';
import {
  dashedGuid,
  DLNA_RENDERER_COMMANDS,
  JellyfinSimulator,
  SUPPORTED_VERSIONS,
  type InboxEntry,
} from '../../tools/jellyfin-simulator/src';
import { callsOf, helper, nodeInit, tearDown } from '../support/test-helper';
import { until } from '../support/wait';

/**
 * `jellyfin-notify` against the simulator (issue 15, point 1): one user with several screens, one of
 * which cannot show messages, beside another user's screen and a user-less DLNA renderer.
 */

const NODES = (['jellyfin-server', 'jellyfin-notify'] as const).map(nodeInit);

interface Notified {
  count: number;
  sessions: Array<{ id: string; deviceName: string; client: string }>;
  userId: string;
  userName?: string;
  silent: number;
  error?: string;
  upgradeNeeded?: boolean;
}
type Out = { port: 1 | 2; msg: { notified: Notified; media?: unknown; payload?: unknown; topic?: string } };

let sim: JellyfinSimulator | undefined;
afterEach(async () => {
  await tearDown(sim);
  sim = undefined;
});

async function start(nodeProps: Record<string, unknown> = {}, version?: Parameters<typeof JellyfinSimulator.start>[0]) {
  sim = await JellyfinSimulator.start(version);
  await helper.startServer();
  await helper.load(
    NODES,
    [
      { id: 's1', type: 'jellyfin-server', url: sim.url, mode: 'auto', pollInterval: 0.3 },
      { id: 'n1', type: 'jellyfin-notify', server: 's1', wires: [['told'], ['notTold']], ...nodeProps },
      { id: 'told', type: 'helper' },
      { id: 'notTold', type: 'helper' },
    ],
    { s1: { apiKey: sim.apiKey } },
  );
  const out: Out[] = [];
  helper.getNode('told').on('input', (msg: never) => out.push({ port: 1, msg }));
  helper.getNode('notTold').on('input', (msg: never) => out.push({ port: 2, msg }));
  const s = sim;
  const bob = s.addUser('bob');
  const screens = {
    tv: s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Web', deviceName: 'Living room TV', deviceId: 'alice-tv' }),
    phone: s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Android', deviceName: 'Pixel', deviceId: 'alice-phone' }),
    // Alice's music player: her session, but it shows no messages.
    music: s.addSession({
      userId: s.defaultUserId,
      client: 'Finamp',
      deviceName: 'Kitchen speaker',
      deviceId: 'alice-music',
      supportedCommands: ['SetVolume', 'PlayState'],
    }),
    bobsTv: s.addSession({ userId: bob, client: 'Jellyfin Web', deviceName: 'Bob TV', deviceId: 'bob-tv' }),
    renderer: s.addSession({ client: 'DLNA', deviceName: 'Hall TV', deviceId: 'dlna-hall', supportedCommands: DLNA_RENDERER_COMMANDS }),
  };
  return { s, out, bob, screens };
}

const displayed = (s: JellyfinSimulator, session: string): unknown[] =>
  s
    .inbox(session)
    .filter((entry: InboxEntry) => entry.messageType === 'GeneralCommand')
    .map((entry) => entry.data);

const statusTexts = () => callsOf(helper.getNode('n1').status, 'n1').map((args) => (args[0] as { text?: string }).text ?? '');

describe('jellyfin-notify', () => {
  it("puts the message on every screen of the user (dashed id) that shows messages — not her music player, not Bob's TV, not the DLNA renderer", async () => {
    const { s, out, screens } = await start({ header: 'Now available', text: '{displayTitle} is ready to watch.', messageTime: 12 });
    helper.getNode('n1').receive({
      topic: 'movie',
      media: { mediaType: 'movie', title: 'Fight Club', tmdbId: '550', jellyfinUserId: dashedGuid(s.defaultUserId) },
    });
    await until(() => out.length === 1, 8000, 'one message out');
    expect(out[0].port).toBe(1);
    expect(out[0].msg.topic).toBe('movie');
    expect(out[0].msg.notified).toEqual({
      count: 2,
      sessions: expect.arrayContaining([
        { id: screens.tv, deviceName: 'Living room TV', client: 'Jellyfin Web' },
        { id: screens.phone, deviceName: 'Pixel', client: 'Jellyfin Android' },
      ]),
      userId: s.defaultUserId,
      userName: 'alice',
      silent: 1,
    });
    const shown = {
      Name: 'DisplayMessage',
      ControllingUserId: '00000000000000000000000000000000',
      Arguments: { Header: 'Now available', Text: 'Fight Club is ready to watch.', TimeoutMs: '12000' },
    };
    expect(displayed(s, screens.tv)).toEqual([shown]);
    expect(displayed(s, screens.phone)).toEqual([shown]);
    for (const silent of [screens.music, screens.bobsTv, screens.renderer]) expect(s.inbox(silent)).toEqual([]);
    expect(s.requests.filter((request) => request.method === 'POST' && /\/Message$/.test(request.path))).toHaveLength(2);
    expect(statusTexts().at(-1)).toBe('told alice on 2 screens');
  });

  it('a user named in the node (any case) wins over the message; a show reads "– Season N"; the header takes placeholders too', async () => {
    const { s, out, bob, screens } = await start({ user: 'BOB', header: 'For {userName}' });
    // The header takes its placeholders from the message, like the text.
    helper.getNode('n1').receive({
      media: { mediaType: 'show', title: 'Breaking Bad', seasonNumber: 2, jellyfinUserId: s.defaultUserId, userName: 'alice' },
    });
    await until(() => out.length === 1, 8000, 'bob told');
    expect(out[0].port).toBe(1);
    expect(out[0].msg.notified).toMatchObject({ count: 1, userId: bob, userName: 'bob', sessions: [{ id: screens.bobsTv }] });
    expect(displayed(s, screens.bobsTv)).toEqual([
      expect.objectContaining({
        Arguments: { Header: 'For alice', Text: 'Breaking Bad \u2013 Season 2 is ready to watch.', TimeoutMs: '10000' },
      }),
    ]);
    expect(displayed(s, screens.tv)).toEqual([]);
    expect(s.requests.some((request) => request.method === 'GET' && /\/Users$/.test(request.path))).toBe(true);
  });

  it('msg.media.userName when there is no id; the payload stands in for a missing msg.media', async () => {
    const { s, out, screens } = await start();
    helper.getNode('n1').receive({ payload: { title: 'Fight Club', userName: 'Alice' } });
    await until(() => out.length === 1, 8000, 'alice told');
    expect(out[0].msg.notified).toMatchObject({ count: 2, userId: s.defaultUserId, userName: 'alice' });
    expect(displayed(s, screens.tv)).toHaveLength(1);
  });

  it('a user with no screen open that shows messages goes to output 2 with count 0 and no error — the fallback branch, not a warning', async () => {
    const { s, out, screens } = await start();
    s.endSession(screens.tv);
    s.endSession(screens.phone);
    helper.getNode('n1').receive({ media: { title: 'Fight Club', jellyfinUserId: dashedGuid(s.defaultUserId) } });
    await until(() => out.length === 1, 8000, 'output 2');
    expect(out[0].port).toBe(2);
    // Her music player is still open: it gives her name, and it is counted as a session that shows nothing.
    expect(out[0].msg.notified).toEqual({ count: 0, sessions: [], userId: s.defaultUserId, userName: 'alice', silent: 1 });
    expect(s.inbox(screens.music)).toEqual([]);
    expect(callsOf(helper.getNode('n1').warn, 'n1')).toEqual([]);
    expect(statusTexts().at(-1)).toBe('alice has no screen open that shows messages');
  });

  it('no user, a hostile id, or an unknown name: output 2 with the reason, a warning, no request to any session', async () => {
    const { s, out } = await start();
    const n1 = helper.getNode('n1');
    n1.receive({ media: { title: 'Fight Club' } });
    n1.receive({ media: { title: 'Fight Club', jellyfinUserId: '../../System/Restart\r\nX: y' } });
    await until(() => out.length === 2, 8000, 'two refusals');
    helper.getNode('n1').receive({ media: { title: 'Fight Club', userName: 'carol' } });
    await until(() => out.length === 3, 8000, 'unknown name');
    expect(out.every((o) => o.port === 2)).toBe(true);
    expect(out.map((o) => o.msg.notified.error)).toEqual([
      expect.stringContaining('no user'),
      'msg.media.jellyfinUserId "../../System/Restart\\r\\nX: y" is not a Jellyfin user id',
      'Jellyfin has no user named "carol"',
    ]);
    expect(callsOf(n1.warn, 'n1')).toHaveLength(3);
    expect(s.requests.filter((request) => /\/Message$/.test(request.path))).toEqual([]);
  });

  it('Jellyfin 10.9.1 refuses messages from an API key (400): the status says to upgrade, output 2', async () => {
    const { s, out } = await start({}, { version: '10.9.1' });
    helper.getNode('n1').receive({ media: { title: 'Fight Club', jellyfinUserId: s.defaultUserId } });
    await until(() => out.length === 1, 15_000, 'output 2');
    expect(out[0].port).toBe(2);
    expect(out[0].msg.notified).toMatchObject({ count: 0, upgradeNeeded: true, error: expect.stringContaining('upgrade to 10.9.3') });
    expect(statusTexts().at(-1)).toBe('Jellyfin 10.9.0–10.9.2 refuse this API key: upgrade to 10.9.3+');
  });

  it('a wrong API key is an error on output 2, never a crash', async () => {
    sim = await JellyfinSimulator.start();
    await helper.startServer();
    await helper.load(
      NODES,
      [
        { id: 's1', type: 'jellyfin-server', url: sim.url },
        { id: 'n1', type: 'jellyfin-notify', server: 's1', wires: [[], ['notTold']] },
        { id: 'notTold', type: 'helper' },
      ],
      { s1: { apiKey: 'wrong' } },
    );
    const out: Array<{ notified: Notified }> = [];
    helper.getNode('notTold').on('input', (msg: never) => out.push(msg));
    helper.getNode('n1').receive({ media: { jellyfinUserId: sim.defaultUserId } });
    await until(() => out.length === 1, 8000, 'output 2');
    expect(out[0].notified).toMatchObject({ count: 0, error: 'Jellyfin refused the API key (wrong or deleted key?)' });
  });

  it('Jellyfin down: a redeploy while the node is still trying ends the message, with no output and nothing left running', async () => {
    const { s, out } = await start();
    await s.stopServer();
    const n1 = helper.getNode('n1');
    n1.receive({ media: { jellyfinUserId: s.defaultUserId } });
    await until(() => statusTexts().some((text) => text.startsWith('telling ')), 8000, 'telling status');
    const warnings = n1.warn;
    // Resolves only once the node's close handler has seen the message end.
    await helper.unload();
    expect(out).toEqual([]);
    expect(callsOf(warnings, 'n1')).toEqual([]);
  });
});

describe('jellyfin-notify on every Jellyfin the simulator plays', () => {
  for (const version of SUPPORTED_VERSIONS) {
    it(`Jellyfin ${version}: a user found by name is told on the screens that show messages (10.9.0–10.9.2: upgrade)`, async () => {
      const { s, out, screens } = await start({ user: 'alice' }, { version });
      helper.getNode('n1').receive({ media: { title: 'Fight Club' } });
      await until(() => out.length === 1, 15_000, 'one message out');
      if (version === '10.9.1') {
        expect(out[0].port).toBe(2);
        expect(out[0].msg.notified).toMatchObject({ count: 0, upgradeNeeded: true });
        return;
      }
      expect(out[0].port).toBe(1);
      expect(out[0].msg.notified).toMatchObject({ count: 2, userName: 'alice', silent: 1 });
      expect(displayed(s, screens.tv)).toHaveLength(1);
      expect(displayed(s, screens.phone)).toHaveLength(1);
      for (const silent of [screens.music, screens.bobsTv, screens.renderer]) expect(s.inbox(silent)).toEqual([]);
    });
  }
});
