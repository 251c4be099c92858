import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { SessionDto } from '../../src/jellyfin/dto';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import { keepAliveSeconds } from '../../src/jellyfin/keep-alive';
import { SessionWatcher, type WatcherState } from '../../src/jellyfin/session-watcher';
import { refusesApiKeyRemoteControl, refusesApiKeySubscriptions } from '../../src/jellyfin/server-version';
import { parseServerUrl } from '../../src/jellyfin/server-url';
import { authorizationHeader } from '../../src/jellyfin/identity';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'watcher-test', version: '0.0.0' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function watch(url: string, apiKey: string, extra: Partial<ConstructorParameters<typeof SessionWatcher>[0]> = {}) {
  const client = new JellyfinClient({ url, apiKey, identity: IDENTITY, timeoutMs: 2000 });
  const seen: Array<{ sessions: SessionDto[]; source: string }> = [];
  const states: WatcherState[] = [];
  const debug: string[] = [];
  const watcher = new SessionWatcher({
    client,
    onSessions: (sessions, source) => seen.push({ sessions, source }),
    onState: (state) => states.push(state),
    onDebug: (text) => debug.push(text),
    reconnect: { initialMs: 100, maxMs: 400 },
    ...extra,
  });
  cleanups.push(async () => {
    watcher.stop();
    await client.close();
  });
  watcher.start();
  return { watcher, seen, states, debug };
}

describe('server helpers', () => {
  it('versions that refuse socket subscriptions from API keys: 10.9.0 – 10.10.7 (§3.4, §11)', () => {
    const versions = ['10.8.13', '10.9.0', '10.10.5', '10.10.6', '10.10.7', '10.11.0', '10.11.7', '12.0.0', 'nonsense'];
    expect(versions.map(refusesApiKeySubscriptions)).toEqual([false, true, true, true, true, false, false, false, false]);
  });

  it('versions that answer 400 to Message and Stop from an API key: 10.9.0 – 10.9.2 (§11)', () => {
    const versions = ['10.8.13', '10.9.0', '10.9.2', '10.9.3', '10.10.7', '12.0.0', undefined];
    expect(versions.map(refusesApiKeyRemoteControl)).toEqual([false, true, true, false, false, false, false]);
  });

  it('URLs keep their base path and map to ws(s)://…/socket', () => {
    expect(parseServerUrl('https://host.example/jellyfin/')).toEqual({
      base: 'https://host.example/jellyfin',
      socket: 'wss://host.example/jellyfin/socket',
    });
    expect(parseServerUrl('jellyfin:8096')).toEqual({ base: 'http://jellyfin:8096', socket: 'ws://jellyfin:8096/socket' });
    expect(() => parseServerUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseServerUrl('')).toThrow(/empty/);
  });

  it('the Authorization header URL-encodes each value', () => {
    expect(authorizationHeader({ client: 'Node-RED', device: 'My "box"', deviceId: 'id,1', version: '1.0' }, 'k=y')).toBe(
      'MediaBrowser Client="Node-RED", Device="My%20%22box%22", DeviceId="id%2C1", Version="1.0", Token="k%3Dy"',
    );
  });
});

describe('SessionWatcher against the simulator', () => {
  it('subscribes, seeds with GET /Sessions, and answers ForceKeepAlive at half its period', async () => {
    const sim = await JellyfinSimulator.start({ keepAlive: { lostAfterMs: 5000, checkIntervalMs: 500 } });
    cleanups.push(() => sim.close());
    const fromClient: string[] = [];
    sim.on('socket-message', (text: string) => fromClient.push(text));
    const { seen, states } = watch(sim.url, sim.apiKey);
    await until(() => states.some((s) => s.kind === 'connected'));
    expect(seen[0].source).toBe('seed');
    expect(fromClient[0]).toBe('{"MessageType":"SessionsStart","Data":"0,1000"}');
    // ForceKeepAlive Data 5 (the smallest taken) → a KeepAlive at once, then one every 2.5 s.
    await new Promise((r) => setTimeout(r, 3300));
    const keepAlives = fromClient.filter((t) => t === '{"MessageType":"KeepAlive"}').length;
    expect(keepAlives).toBeGreaterThanOrEqual(2);
    expect(keepAlives).toBeLessThanOrEqual(3);
    expect(sim.sockets).toBe(1);
  });

  it('a wrong key is "unauthorized" and retried slowly', async () => {
    const sim = await JellyfinSimulator.start();
    cleanups.push(() => sim.close());
    const { states } = watch(sim.url, 'wrong', { unauthorizedRetryMs: 60_000 });
    await until(() => states.some((s) => s.kind === 'unauthorized'));
    await new Promise((r) => setTimeout(r, 300));
    expect(states.filter((s) => s.kind === 'unauthorized')).toHaveLength(1);
    expect(sim.requests.filter((r) => r.path.endsWith('/System/Info'))).toHaveLength(1);
  });

  it('an unreachable server is retried with growing delays', async () => {
    const sim = await JellyfinSimulator.start();
    const url = sim.url;
    await sim.close();
    const { states } = watch(url, 'k');
    await until(() => states.filter((s) => s.kind === 'reconnecting').length >= 3, 5000);
    const delays = states.flatMap((s) => (s.kind === 'reconnecting' ? [s.inMs] : []));
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays.every((d) => d <= 400)).toBe(true);
    expect(states.find((s) => s.kind === 'reconnecting')).toMatchObject({ reason: expect.stringContaining('connection refused') });
  });

  it('stop() releases the socket and every timer', async () => {
    const sim = await JellyfinSimulator.start();
    cleanups.push(() => sim.close());
    const { watcher, states } = watch(sim.url, sim.apiKey);
    await until(() => states.some((s) => s.kind === 'connected'));
    watcher.stop();
    await until(() => sim.sockets === 0);
    expect(states.at(-1)).toEqual({ kind: 'stopped' });
  });
});

describe('SessionWatcher with a misbehaving server', () => {
  async function fakeJellyfin(
    onConnection: (socket: ServerSocket) => void,
    sessionsAnswer: (res: import('node:http').ServerResponse) => void = (res) => res.end('[]'),
  ): Promise<string> {
    const server: Server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/System/Info') res.end('{"ServerName":"Fake","Version":"10.11.7","Id":"x"}');
      else if (req.url === '/Sessions') sessionsAnswer(res);
      else res.writeHead(404).end();
    });
    const wss = new WebSocketServer({ server });
    wss.on('connection', onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('ignores malformed frames (debug log only) and keeps the connection', async () => {
    const url = await fakeJellyfin((socket) => {
      socket.send('not json');
      socket.send('{"MessageType":"Sessions","Data":"oops"}');
      socket.send('{"MessageType":"ServerRestarting"}');
      socket.send(JSON.stringify({ MessageType: 'Sessions', Data: [{ Id: 's1', NowPlayingItem: { Id: 'i1' } }, { nope: true }] }));
    });
    const { seen, debug, states } = watch(url, 'k');
    await until(() => seen.some((s) => s.source === 'push'));
    expect(seen.find((s) => s.source === 'push')?.sessions).toEqual([{ Id: 's1', NowPlayingItem: { Id: 'i1' } }]);
    expect(debug.join('\n')).toMatch(/not JSON/);
    expect(debug.join('\n')).toMatch(/without a session list/);
    expect(debug.join('\n')).toMatch(/ServerRestarting/);
    expect(states.filter((s) => s.kind === 'reconnecting')).toHaveLength(0);
  });

  it('an upgrade that is never answered is given up and retried', async () => {
    const { createServer: createRawServer } = await import('node:net');
    // Answers REST like Jellyfin but swallows the WebSocket upgrade.
    const server = createRawServer((socket) => {
      socket.once('data', (data) => {
        const head = data.toString('latin1');
        if (/^GET \/socket/.test(head)) return;
        const body = head.startsWith('GET /System/Info') ? '{"ServerName":"Mute","Version":"10.11.7"}' : '[]';
        socket.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const sockets = new Set<import('node:net').Socket>();
    server.on('connection', (socket) => sockets.add(socket));
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { states } = watch(url, 'k', { handshakeTimeoutMs: 200 });
    await until(() => states.some((s) => s.kind === 'reconnecting' && s.reason.includes('never completed the WebSocket handshake')), 5000);
  });

  it('a seed answer overtaken by a push is ignored, so a playback is not undone and reported twice', async () => {
    const playing = JSON.stringify({ MessageType: 'Sessions', Data: [{ Id: 's1', NowPlayingItem: { Id: 'i1' } }] });
    // The server computed the seed before the Play, but its answer arrives after the Play's push.
    const url = await fakeJellyfin(
      (socket) => setTimeout(() => socket.send(playing), 50),
      (res) => void setTimeout(() => res.end('[{"Id":"s1"}]'), 200),
    );
    const { seen } = watch(url, 'k');
    const { PlaybackTracker } = await import('../../src/playback/playback-tracker');
    const tracker = new PlaybackTracker();
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const starts = seen.flatMap((s) => tracker.update(s.sessions)).map((s) => s.item.Id);
    expect(seen.map((s) => s.source)).toEqual(['push']);
    expect(starts).toEqual(['i1']);
  });

  it('a socket that falls silent is replaced (half-open connections)', async () => {
    let connections = 0;
    const url = await fakeJellyfin(() => {
      connections++;
    });
    const { states } = watch(url, 'k', { keepAliveMs: 100 });
    await until(() => connections >= 2, 5000);
    expect(states.some((s) => s.kind === 'reconnecting' && s.reason.includes('stopped answering'))).toBe(true);
  });

  it('clamps ForceKeepAlive Data (1e999, 0.0001, -5, "60"): no KeepAlive flood, no reconnect loop (issue 9, point 6)', async () => {
    expect([1e999, Infinity, 0.0001, -5, '60', 7200, 60].map(keepAliveSeconds)).toEqual([60, 60, 5, 60, 60, 3600, 60]);
    for (const data of ['1e999', '0.0001']) {
      const fromClient: string[] = [];
      const url = await fakeJellyfin((socket) => {
        socket.on('message', (raw) => fromClient.push(String(raw)));
        socket.send(`{"MessageType":"ForceKeepAlive","Data":${data}}`);
      });
      const { states } = watch(url, 'k', { mode: 'push' });
      await until(() => fromClient.includes('{"MessageType":"KeepAlive"}'));
      await new Promise((r) => setTimeout(r, 1000));
      // One answer to the ForceKeepAlive; the next is due after 2.5 s at the earliest (5 s clamped, halved).
      expect(
        fromClient.filter((t) => t === '{"MessageType":"KeepAlive"}'),
        data,
      ).toHaveLength(1);
      expect(
        states.filter((s) => s.kind === 'reconnecting'),
        data,
      ).toEqual([]);
    }
  });

  it('a server that drops every socket soon after the handshake is retried with growing delays (issue 9, point 11)', async () => {
    const url = await fakeJellyfin((socket) => {
      setTimeout(() => socket.terminate(), 100);
    });
    const { states } = watch(url, 'k', { mode: 'push', reconnect: { initialMs: 50, maxMs: 800 }, random: () => 1 });
    await until(() => states.filter((s) => s.kind === 'reconnecting').length >= 5, 10_000);
    const delays = states.flatMap((s) => (s.kind === 'reconnecting' ? [s.inMs] : []));
    // "connected" no longer resets the count; only 30 s of a stable connection does.
    expect(delays.slice(0, 5)).toEqual([50, 100, 200, 400, 800]);
  });

  it('a connection that holds resets the backoff', async () => {
    let connections = 0;
    const url = await fakeJellyfin((socket) => {
      connections++;
      // The first two sockets drop at once; the third holds for 400 ms, longer than stableAfterMs.
      setTimeout(() => socket.terminate(), connections <= 2 ? 20 : 400);
    });
    const { states } = watch(url, 'k', { mode: 'push', reconnect: { initialMs: 50, maxMs: 800 }, random: () => 1, stableAfterMs: 200 });
    await until(() => states.filter((s) => s.kind === 'reconnecting').length >= 3, 10_000);
    const delays = states.flatMap((s) => (s.kind === 'reconnecting' ? [s.inMs] : []));
    expect(delays.slice(0, 3)).toEqual([50, 100, 50]);
  });
});

describe('auto mode: which servers push, and falling back to polling when one does not', () => {
  const sessionsGets = (sim: JellyfinSimulator) => sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Sessions')).length;
  const capabilityReports = (sim: JellyfinSimulator) =>
    sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Sessions/Capabilities')).length;
  const player = (sim: JellyfinSimulator) =>
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });

  for (const version of ['10.8.13', '10.11.7', '12.0.0'] as const) {
    it(`Jellyfin ${version}: one capabilities report proves the pushes; no polling afterwards`, async () => {
      const sim = await JellyfinSimulator.start({ version });
      cleanups.push(() => sim.close());
      const { states, seen } = watch(sim.url, sim.apiKey, { pushCheckMs: 300, pollIntervalMs: 100 });
      await until(() => seen.some((s) => s.source === 'push'));
      await new Promise((r) => setTimeout(r, 800));
      expect(capabilityReports(sim)).toBe(1);
      expect(sessionsGets(sim)).toBe(1); // the seed, nothing more
      expect(states.at(-1)).toMatchObject({ kind: 'connected', mode: 'push' });
      sim.play(player(sim), sim.catalogue!.fightClub);
      await until(() => seen.at(-1)!.sessions.some((s) => s.NowPlayingItem?.Id === sim.catalogue!.fightClub));
      expect(seen.at(-1)!.source).toBe('push');
    });
  }

  for (const version of ['10.9.1', '10.10.5', '10.10.7'] as const) {
    it(`Jellyfin ${version}: the version table says poll, so no socket is opened`, async () => {
      const sim = await JellyfinSimulator.start({ version });
      cleanups.push(() => sim.close());
      const { states } = watch(sim.url, sim.apiKey, { pollIntervalMs: 100 });
      await until(() => states.some((s) => s.kind === 'connected'));
      expect(states.find((s) => s.kind === 'connected')).toMatchObject({ mode: 'poll', reason: 'version' });
      expect(sim.requests.some((r) => r.upgrade)).toBe(false);
    });
  }

  it('a server that takes the subscription and never pushes (a fork reporting 10.11.7) is polled instead, and a Play is caught', async () => {
    const sim = await JellyfinSimulator.start({ version: '10.11.7', ignoresSubscriptions: true });
    cleanups.push(() => sim.close());
    const { states, seen, debug } = watch(sim.url, sim.apiKey, { pushCheckMs: 300, pollIntervalMs: 100 });
    await until(() => states.some((s) => s.kind === 'connected' && s.mode === 'poll'));
    expect(
      states
        .filter((s) => s.kind === 'connected')
        .map((s) => (s.kind === 'connected' && s.mode === 'poll' ? s.reason : s.kind === 'connected' ? s.mode : '')),
    ).toEqual(['push', 'ignored']);
    expect(debug.some((line) => line.includes('sent no Sessions push'))).toBe(true);
    await until(() => sim.sockets === 0);
    sim.play(player(sim), sim.catalogue!.breakingBadS02E01);
    await until(() =>
      seen.some((s) => s.source === 'poll' && s.sessions.some((x) => x.NowPlayingItem?.Id === sim.catalogue!.breakingBadS02E01)),
    );
    expect(seen.some((s) => s.source === 'push')).toBe(false);
  });

  it('after a restart of such a server the watcher polls at once, without trying the socket again', async () => {
    const sim = await JellyfinSimulator.start({ version: '10.11.7', ignoresSubscriptions: true });
    cleanups.push(() => sim.close());
    const { states } = watch(sim.url, sim.apiKey, { pushCheckMs: 300, pollIntervalMs: 100 });
    await until(() => states.some((s) => s.kind === 'connected' && s.mode === 'poll'));
    const upgrades = sim.requests.filter((r) => r.upgrade).length;
    await sim.restart({ downtimeMs: 300 });
    await until(() => states.some((s) => s.kind === 'reconnecting'));
    const reconnectedAt = states.length;
    await until(() => states.slice(reconnectedAt).some((s) => s.kind === 'connected'), 8000);
    expect(states.slice(reconnectedAt).find((s) => s.kind === 'connected')).toMatchObject({ mode: 'poll', reason: 'ignored' });
    expect(sim.requests.filter((r) => r.upgrade).length).toBe(upgrades);
  });

  it('"push" chosen in the node is trusted: no capabilities report, no fallback', async () => {
    const sim = await JellyfinSimulator.start({ version: '10.11.7', ignoresSubscriptions: true });
    cleanups.push(() => sim.close());
    const { states } = watch(sim.url, sim.apiKey, { mode: 'push', pushCheckMs: 100 });
    await until(() => states.some((s) => s.kind === 'connected'));
    await new Promise((r) => setTimeout(r, 500));
    expect(capabilityReports(sim)).toBe(0);
    expect(states.at(-1)).toMatchObject({ kind: 'connected', mode: 'push' });
  });
});
