// The session watcher on its own WebSocket client: what the state says when the socket's upgrade is
// refused, when the server breaks the protocol or sends too much, and that it reconnects afterwards.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OPCODE } from '../../src/http/websocket/frame-reader';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import { SessionWatcher, type SessionWatcherOptions, type WatcherState } from '../../src/jellyfin/session-watcher';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { errorResponse, rawHttpResponse } from '../../tools/jellyfin-simulator/src/http-io';
import { switchingProtocols } from '../support/raw-websocket-server';
import { until } from '../support/wait';
import { closePayload, serverFrame } from '../support/websocket-frames';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'watcher-socket-test', version: '0.0.0' };
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function watch(url: string, apiKey: string, extra: Partial<SessionWatcherOptions> = {}) {
  const client = new JellyfinClient({ url, apiKey, identity: IDENTITY, timeoutMs: 2000 });
  const states: WatcherState[] = [];
  const debug: string[] = [];
  const pushes: number[] = [];
  const watcher = new SessionWatcher({
    client,
    mode: 'push',
    onSessions: (sessions, source) => source === 'push' && pushes.push(sessions.length),
    onState: (state) => states.push(state),
    onDebug: (text) => debug.push(text),
    reconnect: { initialMs: 50, maxMs: 200 },
    ...extra,
  });
  cleanups.push(async () => {
    watcher.stop();
    await client.close();
  });
  watcher.start();
  const reasons = () => states.flatMap((s) => (s.kind === 'reconnecting' || s.kind === 'unauthorized' ? [s.reason] : []));
  return { states, debug, pushes, reasons };
}

/**
 * Jellyfin's REST (`/System/Info`, `/Sessions`) on a real server whose socket upgrade the test answers
 * by hand: `upgrade` gets the raw socket and the client's key.
 */
async function handmadeJellyfin(upgrade: (socket: Socket, key: string) => void): Promise<{ url: string; upgrades: () => number }> {
  let upgrades = 0;
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/System/Info') res.end('{"ServerName":"Handmade","Version":"10.11.7","Id":"h"}');
    else if (req.url === '/Sessions') res.end('[]');
    else res.writeHead(404).end();
  });
  const sockets = new Set<Socket>();
  server.on('upgrade', (req, socket: Socket) => {
    upgrades++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    upgrade(socket, String(req.headers['sec-websocket-key']));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upgrades: () => upgrades };
}

describe('SessionWatcher: why the socket failed, in its state', () => {
  it('an upgrade refused with 403 is an unauthorized key, retried slowly', async () => {
    const jellyfin = await handmadeJellyfin((socket) => socket.end(rawHttpResponse(errorResponse(403))));
    const { states, reasons } = watch(jellyfin.url, 'key', { unauthorizedRetryMs: 60_000 });
    await until(() => states.some((s) => s.kind === 'unauthorized'), 5000, 'unauthorized');
    expect(reasons()).toEqual(['Jellyfin refused the API key for its socket (wrong or deleted key?)']);
    expect(jellyfin.upgrades()).toBe(1);
  });

  it('an upgrade answered 404 says to check the URL and its base path', async () => {
    const jellyfin = await handmadeJellyfin((socket) => socket.end(rawHttpResponse(errorResponse(404))));
    const { reasons } = watch(jellyfin.url, 'key');
    await until(() => reasons().length >= 2, 5000, 'two attempts');
    expect(reasons()[0]).toBe(
      `Jellyfin has no socket at ${jellyfin.url.replace('http', 'ws')}/socket (HTTP 404): check the URL and its base path`,
    );
  });

  it('a masked frame from the server: closed with 1002, the reason says so, and the watcher reconnects', async () => {
    const jellyfin = await handmadeJellyfin((socket, key) =>
      socket.write(
        switchingProtocols(key) + serverFrame({ opcode: OPCODE.text, payload: '{}', mask: Buffer.from([1, 2, 3, 4]) }).toString('latin1'),
        'latin1',
      ),
    );
    const { reasons } = watch(jellyfin.url, 'key');
    await until(() => jellyfin.upgrades() >= 2, 5000, 'a second upgrade');
    expect(reasons()[0]).toBe(
      'closed the connection to Jellyfin (code 1002): the server broke the WebSocket protocol: a masked frame from the server',
    );
  });

  it('a close frame from the server is "Jellyfin closed the connection (code N)"; a dropped socket "was lost"', async () => {
    let upgrades = 0;
    const jellyfin = await handmadeJellyfin((socket, key) => {
      socket.write(switchingProtocols(key));
      // The first socket is closed properly, the second cut.
      if (++upgrades === 1)
        setTimeout(() => socket.write(serverFrame({ opcode: OPCODE.close, payload: closePayload(1001, 'restarting') })), 50);
      else setTimeout(() => socket.destroy(), 50);
    });
    const { reasons } = watch(jellyfin.url, 'key');
    await until(() => reasons().length >= 2, 5000, 'two closes');
    expect(reasons().slice(0, 2)).toEqual(['Jellyfin closed the connection (code 1001)', 'the connection to Jellyfin was lost']);
  });

  it('a binary frame is ignored (debug only) and the socket kept', async () => {
    const jellyfin = await handmadeJellyfin((socket, key) => {
      socket.write(switchingProtocols(key));
      socket.write(serverFrame({ opcode: OPCODE.binary, payload: Buffer.from([1, 2, 3]) }));
      socket.write(serverFrame({ opcode: OPCODE.text, payload: '{"MessageType":"Sessions","Data":[{"Id":"s1"}]}' }));
    });
    const { debug, pushes, states } = watch(jellyfin.url, 'key');
    await until(() => pushes.length === 1, 5000, 'the push after the binary frame');
    expect(debug).toContain('ignored a binary frame');
    expect(states.filter((s) => s.kind === 'reconnecting')).toEqual([]);
  });
});

describe('SessionWatcher against the simulator: a push over the size cap', () => {
  it('is refused with 1009, and the watcher reconnects and seeds again', async () => {
    const sim = await JellyfinSimulator.start();
    cleanups.push(() => sim.close());
    const { states, reasons, pushes } = watch(sim.url, sim.apiKey, { maxMessageBytes: 1000 });
    await until(() => states.some((s) => s.kind === 'connected'), 5000, 'connected');
    const seeds = () => sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Sessions')).length;
    expect(seeds()).toBe(1);
    // One session renders to a few KB: its push is over the 1000-byte cap.
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
    await until(() => reasons().length > 0, 5000, 'the refusal');
    expect(reasons()[0]).toBe(
      'closed the connection to Jellyfin (code 1009): the server sent a message larger than 1000 bytes, the most this client takes',
    );
    expect(pushes).toEqual([]);
    const refusedAt = states.length;
    await until(() => states.slice(refusedAt).some((s) => s.kind === 'connected'), 5000, 'connected again');
    expect(seeds()).toBe(2);
    expect(sim.requests.filter((r) => r.upgrade && r.status === 101)).toHaveLength(2);
  });
});
