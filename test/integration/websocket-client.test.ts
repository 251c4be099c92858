// The session socket's own WebSocket client (src/http/websocket) on real sockets: against the Jellyfin
// simulator for what Jellyfin does, and against a hand-written server for what it must never do.
import { afterEach, describe, expect, it } from 'vitest';
import { OPCODE, WebSocketProtocolError } from '../../src/http/websocket/frame-reader';
import { WebSocketHandshakeError } from '../../src/http/websocket/handshake';
import { WebSocketClient, type WebSocketClientOptions, type WebSocketCloseEvent } from '../../src/http/websocket/websocket-client';
import type { TlsConnectOptions } from '../../src/http/tls';
import { authorizationHeader } from '../../src/jellyfin/identity';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { RawWebSocketServer, type RawConnection } from '../support/raw-websocket-server';
import { fixture, serverTls } from '../support/tls-fixtures';
import { until } from '../support/wait';
import { closePayload, decodeClientFrames, serverFrame } from '../support/websocket-frames';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'ws-client-test', version: '0.0.0' };
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client that records what it reports; closed after the test. */
function connect(url: string, options: Omit<WebSocketClientOptions, 'onOpen' | 'onMessage' | 'onError' | 'onClose'> = {}) {
  const seen = { opened: false, messages: [] as string[], errors: [] as Error[], closes: [] as WebSocketCloseEvent[] };
  const client = new WebSocketClient(url, {
    ...options,
    onOpen: () => (seen.opened = true),
    onMessage: (text) => seen.messages.push(text),
    onError: (err) => seen.errors.push(err),
    onClose: (event) => seen.closes.push(event),
  });
  cleanups.push(async () => {
    client.close();
    await until(() => seen.closes.length > 0, 3000, 'the client to close');
  });
  return { client, seen };
}

async function simulator(options: Parameters<typeof JellyfinSimulator.start>[0] = {}): Promise<JellyfinSimulator> {
  const sim = await JellyfinSimulator.start(options);
  cleanups.push(() => sim.close());
  return sim;
}

const authorized = (sim: JellyfinSimulator, tls?: TlsConnectOptions) => ({
  headers: { Authorization: authorizationHeader(IDENTITY, sim.apiKey) },
  tls,
});

describe('WebSocketClient against the Jellyfin simulator', () => {
  it('upgrades with the Authorization header, subscribes and receives a Sessions push', async () => {
    const sim = await simulator();
    const { client, seen } = connect(sim.socketUrl, authorized(sim));
    await until(() => seen.opened, 5000, 'open');
    expect(client.readyState).toBe('open');
    const upgrade = sim.requests.find((r) => r.upgrade)!;
    expect(upgrade).toMatchObject({ status: 101, authorized: true, tokenSource: 'Authorization' });
    expect(upgrade.headers['sec-websocket-version']).toBe('13');
    expect(Buffer.from(upgrade.headers['sec-websocket-key'] as string, 'base64')).toHaveLength(16);
    expect(client.send('{"MessageType":"SessionsStart","Data":"0,1000"}')).toBe(true);
    await until(() => sim.subscriptions === 1, 5000, 'the subscription');
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
    const pushes = () =>
      seen.messages.map((m) => JSON.parse(m) as { MessageType: string; Data: unknown }).filter((m) => m.MessageType === 'Sessions');
    await until(() => pushes().length > 0, 5000, 'a Sessions push');
    expect((pushes()[0]!.Data as Array<{ DeviceId: string }>).some((s) => s.DeviceId === 'tv-1')).toBe(true);
  });

  it('a KeepAlive is answered with a KeepAlive', async () => {
    const sim = await simulator();
    const fromClient: string[] = [];
    sim.on('socket-message', (text: string) => fromClient.push(text));
    const { client, seen } = connect(sim.socketUrl, authorized(sim));
    await until(() => seen.opened, 5000, 'open');
    client.send('{"MessageType":"KeepAlive"}');
    await until(() => seen.messages.some((m) => m.includes('"MessageType":"KeepAlive"')), 5000, 'the KeepAlive answer');
    expect(fromClient).toEqual(['{"MessageType":"KeepAlive"}']);
  });

  it('close() does the close handshake: clean 1000, and the server has let the socket go', async () => {
    const sim = await simulator();
    const { client, seen } = connect(sim.socketUrl, authorized(sim));
    await until(() => sim.sockets === 1, 5000, 'the server to see the socket');
    client.close();
    expect(client.readyState).toBe('closing');
    expect(client.send('late')).toBe(false);
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.closes[0]).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(client.readyState).toBe('closed');
    await until(() => sim.sockets === 0, 5000, 'the server to drop the socket');
    expect(seen.errors).toEqual([]);
  });

  it('a server that drops the connection is an abnormal close (1006)', async () => {
    const sim = await simulator();
    const { seen } = connect(sim.socketUrl, authorized(sim));
    await until(() => sim.sockets === 1, 5000, 'the server to see the socket');
    await sim.dropSockets();
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.closes[0]).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('a refused key is a handshake error with HTTP 403, then a close', async () => {
    const sim = await simulator();
    const { seen } = connect(sim.socketUrl, { headers: { Authorization: authorizationHeader(IDENTITY, 'wrong-key') } });
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.opened).toBe(false);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toBeInstanceOf(WebSocketHandshakeError);
    expect(seen.errors[0]).toMatchObject({ status: 403, message: expect.stringContaining('HTTP 403 Forbidden') as unknown });
    expect(seen.errors[0]!.message).not.toContain('wrong-key');
    expect(seen.closes[0]).toMatchObject({ code: 1006, wasClean: false });
  });

  it('a path outside the base path is a handshake error with HTTP 404', async () => {
    const sim = await simulator({ basePath: '/jellyfin' });
    const { seen } = connect(`ws://127.0.0.1:${sim.port}/elsewhere/socket`, authorized(sim));
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.errors[0]).toMatchObject({ status: 404 });
  });

  it('wss: opens and receives with the CA, and reports the certificate error without it', async () => {
    const sim = await simulator({ tls: serverTls('self-signed') });
    expect(sim.socketUrl).toMatch(/^wss:/);
    const trusted = connect(sim.socketUrl, authorized(sim, { ca: fixture('self-signed', 'pem') }));
    await until(() => trusted.seen.opened, 5000, 'open over TLS');
    trusted.client.send('{"MessageType":"KeepAlive"}');
    await until(() => trusted.seen.messages.length > 0, 5000, 'an answer over TLS');
    const untrusted = connect(sim.socketUrl, authorized(sim));
    await until(() => untrusted.seen.closes.length === 1, 5000, 'the refusal');
    expect(untrusted.seen.errors[0]).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(untrusted.seen.opened).toBe(false);
  });

  it('a refused connection reports ECONNREFUSED and closes with 1006', async () => {
    const sim = await simulator();
    const url = sim.socketUrl;
    await sim.close();
    const { seen } = connect(url);
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.errors[0]).toMatchObject({ code: 'ECONNREFUSED' });
    expect(seen.closes[0]).toMatchObject({ code: 1006, wasClean: false });
  });
});

describe('WebSocketClient against a hand-written server', () => {
  async function rawServer(options: ConstructorParameters<typeof RawWebSocketServer>[0] = {}): Promise<RawWebSocketServer> {
    const server = await new RawWebSocketServer(options).start();
    cleanups.push(() => server.stop());
    return server;
  }

  /** The frames the client sent on a connection, decoded. */
  const sent = (connection: RawConnection) => decodeClientFrames(connection.received());

  it('reads messages that come in the same packet as the 101 answer', async () => {
    const server = await rawServer({ withAnswer: Buffer.concat([serverFrame({ opcode: OPCODE.text, payload: 'first' })]) });
    const { seen } = connect(server.url);
    await until(() => seen.messages.length === 1, 5000, 'the message');
    expect(seen.messages).toEqual(['first']);
  });

  it('answers a ping with a masked pong carrying the same payload', async () => {
    const server = await rawServer({ onUpgraded: (c) => c.socket.write(serverFrame({ opcode: OPCODE.ping, payload: 'are you there' })) });
    connect(server.url);
    await until(() => server.connections.length === 1 && sent(server.connections[0]!).length === 1, 5000, 'the pong');
    expect(sent(server.connections[0]!)[0]).toMatchObject({ opcode: OPCODE.pong, masked: true, payload: Buffer.from('are you there') });
  });

  it('echoes the server close code and reports a clean close with its code and reason', async () => {
    const server = await rawServer({
      onUpgraded: (c) => c.socket.write(serverFrame({ opcode: OPCODE.close, payload: closePayload(4000, 'bye') })),
    });
    const { seen } = connect(server.url);
    await until(() => server.connections.length === 1 && sent(server.connections[0]!).length === 1, 5000, 'the answering close');
    const answer = sent(server.connections[0]!)[0]!;
    expect(answer).toMatchObject({ opcode: OPCODE.close, masked: true });
    expect(answer.payload.readUInt16BE(0)).toBe(4000);
    server.connections[0]!.socket.end();
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.closes[0]).toEqual({ code: 4000, reason: 'bye', wasClean: true });
  });

  const violations: Array<[string, Buffer, number, RegExp]> = [
    ['a masked frame', serverFrame({ opcode: OPCODE.text, payload: 'x', mask: Buffer.from([9, 9, 9, 9]) }), 1002, /masked frame/],
    ['an unknown opcode', serverFrame({ opcode: 0x5 }), 1002, /unknown opcode 5/],
    ['a 200-byte ping', serverFrame({ opcode: OPCODE.ping, payload: Buffer.alloc(200) }), 1002, /control frame of 200 bytes/],
    ['invalid UTF-8', serverFrame({ opcode: OPCODE.text, payload: Buffer.from([0xc0, 0xaf]) }), 1007, /not valid UTF-8/],
    ['a message over the cap', serverFrame({ opcode: OPCODE.text, payload: 'z'.repeat(2000) }), 1009, /larger than 1000 bytes/],
  ];
  for (const [name, bytes, code, message] of violations) {
    it(`${name} closes the connection with ${code} and says why`, async () => {
      const server = await rawServer({ onUpgraded: (c) => c.socket.write(bytes) });
      const { seen } = connect(server.url, { maxMessageBytes: 1000 });
      await until(() => server.connections.length === 1 && sent(server.connections[0]!).length === 1, 5000, 'the close frame');
      const frame = sent(server.connections[0]!)[0]!;
      expect(frame.opcode).toBe(OPCODE.close);
      expect(frame.payload.readUInt16BE(0)).toBe(code);
      server.connections[0]!.socket.end();
      await until(() => seen.closes.length === 1, 5000, 'close');
      expect(seen.errors).toHaveLength(1);
      expect(seen.errors[0]).toBeInstanceOf(WebSocketProtocolError);
      expect(seen.errors[0]!.message).toMatch(message);
      expect(seen.closes[0]).toEqual({ code, reason: '', wasClean: false });
      expect(seen.messages).toEqual([]);
    });
  }

  it('a server that never answers the close is cut after closeTimeoutMs', async () => {
    const server = await rawServer();
    const { client, seen } = connect(server.url, { closeTimeoutMs: 100 });
    await until(() => seen.opened, 5000, 'open');
    expect(() => client.close(1006)).toThrow(RangeError);
    expect(client.readyState).toBe('open');
    client.close(1000);
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.closes[0]).toEqual({ code: 1006, reason: '', wasClean: false });
    await until(() => server.open === 0, 5000, 'the server to see the socket gone');
  });

  it('a wrong Sec-WebSocket-Accept is refused before anything is read', async () => {
    const server = await rawServer({
      answer: () =>
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\n\r\n',
      withAnswer: serverFrame({ opcode: OPCODE.text, payload: 'never read' }),
    });
    const { seen } = connect(server.url);
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.errors[0]).toBeInstanceOf(WebSocketHandshakeError);
    expect(seen.errors[0]!.message).toMatch(/wrong Sec-WebSocket-Accept/);
    expect(seen.opened).toBe(false);
    expect(seen.messages).toEqual([]);
  });

  it('close() while the upgrade is unanswered gives it up and releases the socket', async () => {
    const server = await rawServer({ answer: () => '' });
    const { client, seen } = connect(server.url);
    await until(() => server.connections.length === 1, 5000, 'the upgrade request');
    expect(client.readyState).toBe('connecting');
    client.close();
    await until(() => seen.closes.length === 1, 5000, 'close');
    expect(seen.closes[0]).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(seen.errors).toEqual([]);
    await until(() => server.open === 0, 5000, 'the server to see the socket gone');
  });
});
