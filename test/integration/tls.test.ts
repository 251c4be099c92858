import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type PoolStats from 'undici/types/pool-stats';
import type { TlsOptions } from '../../src/http/tls';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import { SessionWatcher, type WatcherState } from '../../src/jellyfin/session-watcher';
import { createDispatcher, sendWebhook, type ConnectionPool, type PreparedRequest } from '../../src/webhook';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { hang, Receiver } from '../support/receiver';
import { fixture, serverTls } from '../support/tls-fixtures';
import { jellyfinFailure } from '../support/jellyfin-failure';
import { until } from '../support/wait';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'tls-test', version: '0.0.0' };
const CA = fixture('ca', 'pem');
const SELF_SIGNED = fixture('self-signed', 'pem');
const ASK_FOR_CA = 'choose a TLS configuration with your CA in the node';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function httpsJellyfin(cert: 'self-signed' | 'named' = 'self-signed'): Promise<JellyfinSimulator> {
  const sim = await JellyfinSimulator.start({ tls: serverTls(cert) });
  cleanups.push(() => sim.close());
  return sim;
}

function client(sim: JellyfinSimulator, tls?: TlsOptions): JellyfinClient {
  const made = new JellyfinClient({ url: sim.url, apiKey: sim.apiKey, identity: IDENTITY, timeoutMs: 3000, tls });
  cleanups.push(() => made.close());
  return made;
}

describe('Jellyfin over https with a home certificate', () => {
  it('REST works with the server certificate as CA and is refused without it, saying what to do', async () => {
    const sim = await httpsJellyfin();
    expect((await client(sim, { ca: SELF_SIGNED }).systemInfo()).ServerName).toBe('jellyfin-sim');
    const err = await jellyfinFailure(client(sim).systemInfo());
    expect(err.kind).toBe('tls');
    expect(err.message).toBe(`TLS: self-signed certificate at 127.0.0.1:${sim.port} (DEPTH_ZERO_SELF_SIGNED_CERT): ${ASK_FOR_CA}`);
  });

  it('the session watcher pushes over wss through the same TLS settings', async () => {
    const sim = await httpsJellyfin();
    const jellyfin = client(sim, { ca: SELF_SIGNED });
    const states: WatcherState[] = [];
    const pushed: number[] = [];
    const watcher = new SessionWatcher({
      client: jellyfin,
      mode: 'push',
      onSessions: (sessions, source) => source === 'push' && pushed.push(sessions.length),
      onState: (s) => states.push(s),
    });
    cleanups.push(() => watcher.stop());
    watcher.start();
    await until(() => states.some((s) => s.kind === 'connected'), 8000, 'connected');
    expect(states.find((s) => s.kind === 'connected')).toMatchObject({ mode: 'push' });
    expect(sim.requests.some((r) => r.upgrade && r.status === 101)).toBe(true);
    sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
    await until(() => pushed.length > 0, 8000, 'a Sessions push over wss');
  });

  it('without the CA the watcher never connects and its state carries the advice', async () => {
    const sim = await httpsJellyfin();
    const states: WatcherState[] = [];
    const watcher = new SessionWatcher({
      client: client(sim),
      mode: 'push',
      onSessions: () => undefined,
      onState: (s) => states.push(s),
      reconnect: { initialMs: 50, maxMs: 100 },
    });
    cleanups.push(() => watcher.stop());
    watcher.start();
    await until(() => states.filter((s) => s.kind === 'reconnecting').length >= 2, 8000, 'two refusals');
    expect(states.some((s) => s.kind === 'connected')).toBe(false);
    expect(states.find((s) => s.kind === 'reconnecting')).toMatchObject({ reason: expect.stringContaining(ASK_FOR_CA) as unknown });
    expect(sim.requests).toHaveLength(0);
  });

  it('the server name checks a certificate made out to another name than the URL host', async () => {
    const sim = await httpsJellyfin('named');
    const err = await jellyfinFailure(client(sim, { ca: CA }).systemInfo());
    expect(err.message).toContain(
      '(ERR_TLS_CERT_ALTNAME_INVALID): use that name in the URL, or set it as the server name in the TLS configuration',
    );
    expect((await client(sim, { ca: CA, servername: 'jellyfin.home' }).systemInfo()).Version).toBe(sim.version);
  });

  it('verification off (rejectUnauthorized false) connects without the CA', async () => {
    const sim = await httpsJellyfin();
    expect((await client(sim, { rejectUnauthorized: false }).systemInfo()).ServerName).toBe('jellyfin-sim');
  });
});

function prepared(url: string): PreparedRequest {
  const target = new URL(url);
  return {
    mediaType: 'movie',
    method: 'POST',
    url,
    target,
    safeUrl: url,
    headers: [['content-type', 'application/json']],
    safeHeaders: [],
    body: '{}',
    secrets: [],
  };
}

async function httpsReceiver(clientCertificates = false): Promise<Receiver> {
  const receiver = await new Receiver({
    ...serverTls('server'),
    ...(clientCertificates ? { requestCert: true, rejectUnauthorized: true, ca: CA } : {}),
  }).start();
  cleanups.push(() => receiver.stop());
  return receiver;
}

function dispatcher(tls?: TlsOptions, connections?: number): ConnectionPool {
  const made = createDispatcher(connections, {}, tls);
  cleanups.push(() => made.destroy());
  return made;
}

describe('Jellyfin REST over https behind a proxy with its own CA and client certificates', () => {
  const restClient = (receiver: Receiver, tls?: TlsOptions): JellyfinClient => {
    const made = new JellyfinClient({ url: receiver.url, apiKey: 'k', identity: IDENTITY, timeoutMs: 3000, tls });
    cleanups.push(() => made.close());
    return made;
  };

  it('works with the CA, and without it says the CA is unknown and what to do', async () => {
    const receiver = await httpsReceiver();
    await restClient(receiver, { ca: CA }).stopPlayback('s1');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/Sessions/s1/Playing/Stop']);
    const err = await jellyfinFailure(restClient(receiver).stopPlayback('s1'));
    expect(err).toMatchObject({
      kind: 'tls',
      message: `TLS: the certificate of 127.0.0.1:${new URL(receiver.url).port} is signed by a CA this machine does not know (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ${ASK_FOR_CA}`,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('a server that asks for a client certificate takes one signed by its CA and refuses a client without, saying so', async () => {
    const receiver = await httpsReceiver(true);
    await restClient(receiver, { ca: CA, cert: fixture('client', 'pem'), key: fixture('client', 'key') }).stopPlayback('s1');
    const err = await jellyfinFailure(restClient(receiver, { ca: CA }).stopPlayback('s1'));
    expect(err.message).toMatch(
      /closed the connection without answering \(\w+\): if it asks for a client certificate, add your certificate and key to the TLS configuration$|refused the connection without a client certificate it trusts/,
    );
    expect(receiver.requests).toHaveLength(1);
  });

  it('a server that closes right after the handshake, without an alert (a refused certificate under TLS 1.3), is named as such', async () => {
    const server = createTlsServer(serverTls('server'), (socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const jellyfin = new JellyfinClient({ url: `https://${host}`, apiKey: 'k', identity: IDENTITY, timeoutMs: 3000, tls: { ca: CA } });
    cleanups.push(() => jellyfin.close());
    const err = await jellyfinFailure(jellyfin.sessions());
    expect(err.message).toMatch(
      new RegExp(
        `^TLS: ${host} closed the connection without answering \\((ECONNRESET|EPIPE)\\): if it asks for a client certificate, add your certificate and key to the TLS configuration$`,
      ),
    );
  });
  it('a server that closes in the middle of an https answer is not taken for a certificate refusal', async () => {
    const receiver = await httpsReceiver();
    receiver.respondWith((_request, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('[');
      setImmediate(() => res.socket?.destroy());
    });
    const err = await jellyfinFailure(restClient(receiver, { ca: CA }).sessions());
    expect(err).toMatchObject({
      kind: 'network',
      message: `connection to 127.0.0.1:${new URL(receiver.url).port} was closed before the answer arrived`,
    });
  });
});

describe('webhook over https with a home CA', () => {
  it('sends with the CA and is refused without it, saying what to do', async () => {
    const receiver = await httpsReceiver();
    const ok = await sendWebhook(prepared(`${receiver.url}/hook`), { dispatcher: dispatcher({ ca: CA }), timeoutMs: 3000, retries: 0 });
    expect(ok).toMatchObject({ ok: true, statusCode: 200 });
    const refused = await sendWebhook(prepared(`${receiver.url}/hook`), { dispatcher: dispatcher(), timeoutMs: 3000, retries: 0 });
    expect(refused).toMatchObject({ ok: false, statusCode: null, errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(refused.error).toContain(`signed by a CA this machine does not know (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ${ASK_FOR_CA}`);
    expect(receiver.requests).toHaveLength(1);
  });

  it('a receiver that asks for a client certificate takes one signed by its CA and refuses a client without', async () => {
    const receiver = await httpsReceiver(true);
    const withCert = { ca: CA, cert: fixture('client', 'pem'), key: fixture('client', 'key') };
    expect(
      await sendWebhook(prepared(`${receiver.url}/hook`), { dispatcher: dispatcher(withCert), timeoutMs: 3000, retries: 0 }),
    ).toMatchObject({ ok: true });
    const refused = await sendWebhook(prepared(`${receiver.url}/hook`), {
      dispatcher: dispatcher({ ca: CA }),
      timeoutMs: 3000,
      retries: 0,
    });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(
      /closed the connection without answering \(\w+\): if it asks for a client certificate, add your certificate and key to the TLS configuration$/,
    );
    expect(receiver.requests).toHaveLength(1);
  });

  it('keeps the parallel limit: TLS settings do not lift the sockets-per-host cap', async () => {
    const receiver = await httpsReceiver();
    receiver.defaultResponder = hang;
    const limited = dispatcher({ ca: CA }, 2);
    const closing = new AbortController();
    const sends = Array.from({ length: 6 }, () =>
      sendWebhook(prepared(`${receiver.url}/hook`), { dispatcher: limited, timeoutMs: 10_000, retries: 0, signal: closing.signal }),
    );
    await receiver.waitFor(2);
    // The other four wait in the pool's queue, not on sockets of their own.
    // With a connection limit the Agent keeps a Pool per origin (undici's stats say so).
    const pool = () => limited.stats[new URL(receiver.url).origin] as PoolStats | undefined;
    await until(() => pool()?.queued === 4, 5000, 'four requests queued');
    expect(pool()).toMatchObject({ connected: 2, running: 2 });
    expect(receiver.peakSockets).toBe(2);
    closing.abort();
    await Promise.all(sends);
  });
});
