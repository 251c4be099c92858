// The webhook behind HTTP(S)_PROXY: undici's proxy agent (loaded, with undici's index, only for such a node:
// src/http/undici.ts) sends through the proxy's CONNECT tunnel unless NO_PROXY names the host. The
// variables come from the environment the node is given, not from wherever undici would look.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, sendWebhook, type PreparedRequest } from '../../src/webhook';
import { Receiver } from '../support/receiver';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A forward proxy that only tunnels (CONNECT), as undici's proxy agent asks; it records each tunnel's target. */
async function tunnellingProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  cleanups.push(
    () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => closed());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

async function receiver(): Promise<Receiver> {
  const started = await new Receiver().start();
  cleanups.push(() => started.stop());
  return started;
}

function prepared(url: string): PreparedRequest {
  return {
    mediaType: 'movie',
    method: 'POST',
    url,
    target: new URL(url),
    safeUrl: url,
    headers: [['content-type', 'application/json']],
    safeHeaders: [],
    body: '{"tmdbId":"550"}',
    secrets: [],
  };
}

describe('webhook behind a proxy', () => {
  it('HTTP_PROXY: the request goes through the proxy, body and all', async () => {
    const [proxy, endpoint] = await Promise.all([tunnellingProxy(), receiver()]);
    const pool = createDispatcher(2, { HTTP_PROXY: proxy.url });
    cleanups.push(() => pool.destroy());
    const result = await sendWebhook(prepared(`${endpoint.url}/hook`), { dispatcher: pool, timeoutMs: 3000, retries: 0 });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(proxy.tunnels).toEqual([new URL(endpoint.url).host]);
    expect(endpoint.requests.map((r) => r.body)).toEqual(['{"tmdbId":"550"}']);
  });

  it('NO_PROXY: a host it names is reached directly', async () => {
    const [proxy, endpoint] = await Promise.all([tunnellingProxy(), receiver()]);
    const pool = createDispatcher(2, { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    cleanups.push(() => pool.destroy());
    const result = await sendWebhook(prepared(`${endpoint.url}/hook`), { dispatcher: pool, timeoutMs: 3000, retries: 0 });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(proxy.tunnels).toEqual([]);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('a proxy that is down is named as the failure, not the endpoint', async () => {
    const endpoint = await receiver();
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const deadProxy = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const pool = createDispatcher(2, { HTTP_PROXY: deadProxy });
    cleanups.push(() => pool.destroy());
    const result = await sendWebhook(prepared(`${endpoint.url}/hook`), { dispatcher: pool, timeoutMs: 3000, retries: 0 });
    expect(result).toMatchObject({ ok: false, statusCode: null, errorCode: 'ECONNREFUSED' });
    expect(endpoint.requests).toHaveLength(0);
  });
});
