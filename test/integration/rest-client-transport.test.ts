// The REST client's connections (src/http/node-request.ts): one keep-alive connection reused, answers read
// up to a limit, error answers drained, every failure ending the call with the user's words and releasing
// its socket. Raw servers on 127.0.0.1 where the simulator cannot misbehave the needed way.
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { answer, hang, Receiver, type Responder } from '../support/receiver';
import { jellyfinFailure } from '../support/jellyfin-failure';
import { until } from '../support/wait';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'transport-test', version: '0.0.0' };

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<Receiver> {
  const started = await new Receiver().start();
  cleanups.push(() => started.stop());
  return started;
}

function client(url: string, timeoutMs = 5000, apiKey = 'secret-key'): JellyfinClient {
  const made = new JellyfinClient({ url, apiKey, identity: IDENTITY, timeoutMs });
  cleanups.push(() => made.close());
  return made;
}

const EMPTY_LIST = answer(200, '[]', { 'content-type': 'application/json' });

/** Declares `declared` bytes, sends `sent` of them, then holds the connection open. */
const declaring =
  (status: number, declared: number, sent: number): Responder =>
  (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(declared) });
    res.write(' '.repeat(sent));
    return new Promise<void>(() => undefined);
  };

describe('the REST client keeps its connection', () => {
  it('two calls in a row go over one connection (keep-alive) at the simulator', async () => {
    const sim = await JellyfinSimulator.start();
    cleanups.push(() => sim.close());
    // A TCP relay in front of the simulator, to count the connections the client opens.
    let connections = 0;
    const relay = createNetServer((socket) => {
      connections++;
      const upstream = connect(sim.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => relay.close(resolve)));
    const jellyfin = client(`http://127.0.0.1:${(relay.address() as AddressInfo).port}`, 5000, sim.apiKey);
    expect((await jellyfin.systemInfo()).ServerName).toBe('jellyfin-sim');
    expect(await jellyfin.sessions()).toEqual([]);
    expect(sim.requests.map((r) => r.path)).toEqual(['/System/Info', '/Sessions']);
    expect(connections).toBe(1);
  });

  it('two calls in a row open one connection at a raw server', async () => {
    const server = await receiver();
    server.respondWith(EMPTY_LIST, EMPTY_LIST);
    const jellyfin = client(server.url);
    await jellyfin.sessions();
    await jellyfin.sessions();
    expect(server.requests).toHaveLength(2);
    expect(server.connectionsAccepted).toBe(1);
  });

  it('an error answer is read and discarded, and its connection serves the next call', async () => {
    const server = await receiver();
    server.respondWith(answer(500, 'x'.repeat(200_000)), EMPTY_LIST);
    const jellyfin = client(server.url);
    const err = await jellyfinFailure(jellyfin.users());
    expect(err).toMatchObject({ kind: 'server', status: 500, message: `Jellyfin at ${server.url} had an internal error (HTTP 500)` });
    expect(await jellyfin.users()).toEqual([]);
    expect(server.connectionsAccepted).toBe(1);
  });

  it('an error answer larger than the limit keeps its status error, and the connection is dropped', async () => {
    const server = await receiver();
    server.respondWith(declaring(404, 9 * 1024 * 1024, 1000), EMPTY_LIST);
    const jellyfin = client(server.url);
    expect(await jellyfinFailure(jellyfin.users())).toMatchObject({ kind: 'not-found', message: 'GET /Users: not found' });
    await until(() => server.openSockets === 0, 5000, 'the connection dropped');
    expect(await jellyfin.users()).toEqual([]);
    expect(server.connectionsAccepted).toBe(2);
  });

  it('a GET on a pooled connection the server has just closed is sent again on a new one; a POST is not', async () => {
    const server = await receiver();
    const dropConnection: Responder = (_request, res) => void res.socket?.destroy();
    server.respondWith(EMPTY_LIST, dropConnection, EMPTY_LIST, answer(204), dropConnection);
    const jellyfin = client(server.url);
    await jellyfin.sessions();
    expect(await jellyfin.sessions()).toEqual([]);
    expect(server.requests.map((r) => r.url)).toEqual(['/Sessions', '/Sessions', '/Sessions']);
    await jellyfin.stopPlayback('s1');
    const err = await jellyfinFailure(jellyfin.stopPlayback('s1'));
    expect(err).toMatchObject({
      kind: 'network',
      message: `connection to 127.0.0.1:${new URL(server.url).port} was closed before the answer arrived`,
    });
    expect(server.requests).toHaveLength(5);
  });
});

describe('the REST client reads answers up to a limit', () => {
  it('a Content-Length over the limit is refused at once, before the body', async () => {
    const server = await receiver();
    server.respondWith(declaring(200, 8 * 1024 * 1024 + 1, 10));
    const jellyfin = client(server.url, 20_000);
    expect(await jellyfinFailure(jellyfin.users())).toMatchObject({
      kind: 'too-large',
      message: "Jellyfin's answer to GET /Users is larger than 8 MB: refused",
    });
    await until(() => server.openSockets === 0, 5000, 'the connection dropped');
  });

  it('a chunked body is refused once it passes the limit', async () => {
    const server = await receiver();
    let written = 0;
    server.respondWith((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const jellyfin = client(server.url, 20_000);
    expect(await jellyfinFailure(jellyfin.item('abc', undefined))).toMatchObject({
      kind: 'too-large',
      message: "Jellyfin's answer to GET /Items/abc is larger than 8 MB: refused",
    });
    await until(() => server.openSockets === 0, 5000, 'the connection dropped');
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('the REST client ends every failed call with the user’s words and its socket closed', () => {
  it('a server that never answers: timeout', async () => {
    const server = await receiver();
    server.respondWith(hang);
    const err = await jellyfinFailure(client(server.url, 300).sessions());
    expect(err).toMatchObject({ kind: 'timeout', message: `Jellyfin at ${server.url} did not answer within 0.3 s` });
    await until(() => server.openSockets === 0, 5000, 'the connection dropped');
  });

  it('a server that stops in the middle of the body: network error', async () => {
    const server = await receiver();
    server.respondWith(declaring(200, 1000, 10));
    const port = new URL(server.url).port;
    const pending = jellyfinFailure(client(server.url).users());
    await server.waitFor(1);
    await server.stop();
    expect(await pending).toMatchObject({
      kind: 'network',
      message: `connection to 127.0.0.1:${port} was closed before the answer arrived`,
    });
  });

  it('an https handshake that never completes: timeout', async () => {
    const sockets = new Set<Socket>();
    let closed = 0;
    // Reads the client's hello and never answers it.
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => closed++).resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    cleanups.push(() => sockets.forEach((s) => s.destroy()));
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const err = await jellyfinFailure(client(url, 300).systemInfo());
    expect(err).toMatchObject({ kind: 'timeout', message: `Jellyfin at ${url} did not answer within 0.3 s` });
    expect(sockets.size).toBe(1);
    await until(() => closed === 1, 5000, 'the client hung up');
  });

  it('close() during a call: cancelled, and the connection closed', async () => {
    const server = await receiver();
    server.respondWith(hang);
    const jellyfin = client(server.url);
    const pending = jellyfinFailure(jellyfin.sessions());
    await server.waitFor(1);
    await jellyfin.close();
    expect(await pending).toMatchObject({ kind: 'cancelled', message: 'the connection to Jellyfin was closed' });
    await until(() => server.openSockets === 0, 5000, 'the connection dropped');
  });

  it('close() drops the idle pooled connection too', async () => {
    const server = await receiver();
    server.respondWith(EMPTY_LIST);
    const jellyfin = client(server.url);
    await jellyfin.sessions();
    expect(server.openSockets).toBe(1);
    await jellyfin.close();
    await until(() => server.openSockets === 0, 5000, 'the idle connection dropped');
    expect(await jellyfinFailure(jellyfin.sessions())).toMatchObject({ kind: 'cancelled' });
  });

  it('nothing listening: connection refused, in plain words', async () => {
    const server = await receiver();
    const url = server.url;
    await server.stop();
    const err = await jellyfinFailure(client(url).sessions());
    expect(err).toMatchObject({
      kind: 'network',
      message: `connection refused by 127.0.0.1:${new URL(url).port}: is the service running on that port?`,
    });
  });

  it('an unknown host: host not found', async () => {
    const err = await jellyfinFailure(client('http://jellyfin.invalid:8096').sessions());
    expect(err).toMatchObject({ kind: 'network', message: 'host not found: jellyfin.invalid:8096' });
  });
});
