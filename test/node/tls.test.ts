// Issue 14: TLS like the core nodes. jellyfin-server and jellynext-webhook take a core tls-config node
// (Node-RED's own, loaded from @node-red/nodes) for REST, the socket and webhook requests, and their
// dialogs' test endpoints use it too. Against the simulator behind https and https receivers.
import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { Receiver } from '../support/receiver';
import { callsOf, helper, nodeInit, tearDown, TLS_CONFIG_NODE } from '../support/test-helper';
import { fixture, fixturePath, serverTls } from '../support/tls-fixtures';
import { until } from '../support/wait';

const NODES = [TLS_CONFIG_NODE, ...(['jellyfin-server', 'jellyfin-virtual-play', 'jellynext-webhook'] as const).map(nodeInit)];
const ASK_FOR_CA = 'choose a TLS configuration with your CA in the node';
const MOVIE = {
  mediaType: 'movie',
  tmdbId: '550',
  imdbId: 'tt0137523',
  title: 'Fight Club',
  year: 1999,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
};

let sim: JellyfinSimulator | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await tearDown(sim);
  await receiver?.stop();
  sim = undefined;
  receiver = undefined;
});

/** A core tls-config node as the editor saves it (4.1's node reads `cert`, `key` and `ca` unconditionally). */
function tlsConfig(id: string, props: Record<string, unknown> = {}) {
  return {
    id,
    type: 'tls-config',
    name: `tls ${id}`,
    cert: '',
    key: '',
    ca: '',
    certname: '',
    keyname: '',
    caname: '',
    servername: '',
    verifyservercert: true,
    ...props,
  };
}

const texts = (id: string, method: 'status' | 'warn' | 'error') =>
  callsOf(helper.getNode(id)[method], id).map((args) =>
    method === 'status' ? ((args[0] as { text?: string }).text ?? '') : String(args[0]),
  );

async function startJellyfin(server: Record<string, unknown>, extra: object[] = []) {
  sim = await JellyfinSimulator.start({ tls: serverTls('self-signed') });
  await helper.startServer();
  const played: Array<{ media: Record<string, unknown> }> = [];
  await helper.load(
    NODES,
    [
      { id: 's1', type: 'jellyfin-server', url: sim.url, mode: 'push', ...server },
      { id: 'vp', type: 'jellyfin-virtual-play', server: 's1', wires: [['out']] },
      { id: 'out', type: 'helper' },
      ...extra,
    ],
    { s1: { apiKey: sim.apiKey } },
  );
  helper.getNode('out').on('input', (msg: never) => played.push(msg));
  return { sim, played };
}

describe('jellyfin-server with a tls-config node', () => {
  it('trusts the home certificate from the tls-config file: REST, the wss socket and a Play all work', async () => {
    const { sim: s, played } = await startJellyfin({ tls: 't1' }, [tlsConfig('t1', { ca: fixturePath('self-signed', 'pem') })]);
    await until(() => texts('vp', 'status').some((t) => t.startsWith('connected: jellyfin-sim')), 8000, 'connected');
    // A dot status is push mode: the socket is open over wss.
    expect(callsOf(helper.getNode('vp').status, 'vp').at(-1)?.[0]).toMatchObject({ fill: 'green', shape: 'dot' });
    expect(s.requests.some((r) => r.upgrade && r.status === 101)).toBe(true);
    const tv = s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv' });
    s.play(tv, s.catalogue!.fightClub);
    await until(() => played.length === 1, 8000, 'the Play');
    expect(played[0].media).toMatchObject({ tmdbId: '550', title: 'Fight Club' });
    expect(texts('vp', 'status').join('\n')).not.toContain('not verified');
    // Closing releases the socket and every pooled connection.
    await helper.unload();
    await until(() => s.sockets === 0, 5000, 'the socket closed');
  });

  it('without a TLS configuration it is refused, says what to do once in the log, and never connects', async () => {
    const { sim: s } = await startJellyfin({});
    await until(() => texts('vp', 'warn').length > 0, 8000, 'a warning');
    await until(() => texts('vp', 'status').filter((t) => t.startsWith('reconnecting in')).length >= 2, 8000, 'two refusals');
    expect(texts('vp', 'status').at(-1)).toMatch(/^(reconnecting in \d+ s: TLS problem, see the log|connecting…)$/);
    const warnings = texts('vp', 'warn');
    expect(warnings).toEqual([
      `cannot connect to Jellyfin: TLS: self-signed certificate at 127.0.0.1:${s.port} (DEPTH_ZERO_SELF_SIGNED_CERT): ${ASK_FOR_CA}`,
    ]);
    expect(texts('vp', 'status').some((t) => t.startsWith('connected'))).toBe(false);
    expect(s.requests).toHaveLength(0);
  });

  it('"Verify server certificate" off connects without the CA, and status and log say the certificate is not verified', async () => {
    await startJellyfin({ tls: 't1' }, [tlsConfig('t1', { verifyservercert: false })]);
    await until(() => texts('vp', 'status').some((t) => t.startsWith('connected: ')), 8000, 'connected');
    expect(texts('vp', 'status').find((t) => t.startsWith('connected: '))).toBe(
      'connected: jellyfin-sim 10.11.7 · certificate not verified',
    );
    expect(texts('s1', 'warn').join('\n')).toContain('is not verified (TLS configuration tls t1 has "Verify server certificate" off)');
  });

  it('a tls property naming a tls-config node that is not there stops the nodes with a clear error', async () => {
    await startJellyfin({ tls: 'gone' });
    expect(texts('vp', 'error')).toEqual([
      'the TLS configuration gone was not found (deleted?): choose another in the Jellyfin server node',
    ]);
    expect(callsOf(helper.getNode('vp').status, 'vp').at(-1)?.[0]).toMatchObject({ fill: 'red' });
  });

  it('"Test connection" uses the chosen tls-config node, and says when it is not deployed', async () => {
    await startJellyfin({ tls: 't1' }, [
      tlsConfig('t1', { ca: fixturePath('self-signed', 'pem') }),
      tlsConfig('off', { verifyservercert: false }),
    ]);
    const test = async (body: object) =>
      (
        await helper
          .request()
          .post('/jellyfin-server/test')
          .send({ id: 's1', url: sim!.url, ...body })
          .expect(200)
      ).body;
    expect(await test({ tls: 't1' })).toEqual({ ok: true, serverName: 'jellyfin-sim', version: '10.11.7' });
    expect(await test({})).toEqual({
      ok: false,
      error: `TLS: self-signed certificate at 127.0.0.1:${sim!.port} (DEPTH_ZERO_SELF_SIGNED_CERT): ${ASK_FOR_CA}`,
    });
    expect(await test({ tls: '_ADD_' })).toMatchObject({ ok: false, error: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT') });
    expect(await test({ tls: 'off' })).toEqual({ ok: true, serverName: 'jellyfin-sim', version: '10.11.7', unverified: true });
    expect(await test({ tls: 'new-in-the-editor' })).toEqual({
      ok: false,
      error: 'the chosen TLS configuration is not deployed yet: deploy it, then test again',
    });
  });
});

async function startWebhook(props: Record<string, unknown>, extra: object[] = [], credentials: object = {}) {
  receiver = await new Receiver({ ...serverTls('server'), requestCert: true, rejectUnauthorized: true, ca: fixture('ca', 'pem') }).start();
  await helper.startServer();
  await helper.load(
    NODES,
    [
      {
        id: 'w1',
        type: 'jellynext-webhook',
        wires: [['ok'], ['failed']],
        movieUrl: `${receiver.url}/movie`,
        showUrl: `${receiver.url}/show`,
        retries: 0,
        ...props,
      },
      { id: 'ok', type: 'helper' },
      { id: 'failed', type: 'helper' },
      ...extra,
    ],
    credentials,
  );
  const out = {
    ok: [] as Array<{ statusCode: number; webhook: Record<string, unknown> }>,
    failed: [] as Array<{ webhook: Record<string, unknown> }>,
  };
  helper.getNode('ok').on('input', (msg: never) => out.ok.push(msg));
  helper.getNode('failed').on('input', (msg: never) => out.failed.push(msg));
  return out;
}

/** A tls-config with the CA, client certificate and key uploaded (kept in its credentials). */
const CLIENT_TLS = { t1: { cadata: fixture('ca', 'pem'), certdata: fixture('client', 'pem'), keydata: fixture('client', 'key') } };

describe('jellynext-webhook with a tls-config node', () => {
  // This receiver sends its CA along with its certificate (it trusts that CA for client certificates), as home proxies often do.
  it('sends to an https receiver with the home CA and a client certificate; without them it fails on output 2 saying what to do', async () => {
    const out = await startWebhook({ tls: 't1' }, [tlsConfig('t1')], CLIENT_TLS);
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => out.ok.length === 1, 8000, 'output 1');
    expect(out.ok[0]).toMatchObject({ statusCode: 200, webhook: { ok: true } });
    expect(receiver!.requests[0]).toMatchObject({ method: 'POST', url: '/movie' });
    await helper.unload();
    await until(() => receiver!.openSockets === 0, 5000, 'sockets released on close');

    const bare = await startWebhookAgain({});
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => bare.failed.length === 1, 8000, 'output 2');
    expect(bare.failed[0].webhook).toMatchObject({
      ok: false,
      errorCode: 'SELF_SIGNED_CERT_IN_CHAIN',
      error: expect.stringContaining(`(SELF_SIGNED_CERT_IN_CHAIN): ${ASK_FOR_CA}`),
    });
    expect(texts('w1', 'warn').join('\n')).toContain(ASK_FOR_CA);
  });

  it('a CA without the client certificate is refused by a receiver that asks for one, with the hint', async () => {
    const out = await startWebhook({ tls: 't1' }, [tlsConfig('t1')], { t1: { cadata: fixture('ca', 'pem') } });
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => out.failed.length === 1, 8000, 'output 2');
    expect(out.failed[0].webhook.error).toContain(
      'if it asks for a client certificate, add your certificate and key to the TLS configuration',
    );
    expect(receiver!.requests).toHaveLength(0);
  });

  it('"Verify server certificate" off sends without the CA; status and log say the certificate is not verified', async () => {
    const out = await startWebhook({ tls: 't1' }, [tlsConfig('t1', { verifyservercert: false })], {
      t1: { certdata: fixture('client', 'pem'), keydata: fixture('client', 'key') },
    });
    expect(texts('w1', 'status')[0]).toBe('certificate not verified');
    expect(texts('w1', 'warn')[0]).toContain(
      'certificates are not verified (TLS configuration tls t1 has "Verify server certificate" off)',
    );
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => out.ok.length === 1, 8000, 'output 1');
    await until(() => texts('w1', 'status').at(-1) === '200 Fight Club · certificate not verified', 5000, 'the ok status with the note');
  });

  it('a missing tls-config node: every message fails on output 2 instead of going out without it', async () => {
    const out = await startWebhook({ tls: 'gone' });
    expect(texts('w1', 'error')).toEqual([
      'the TLS configuration gone was not found (deleted?): choose another in the node; nothing is sent until then',
    ]);
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => out.failed.length === 1, 8000, 'output 2');
    expect(out.failed[0].webhook).toMatchObject({ ok: false, attempts: 0, errorCode: 'CONFIG' });
    expect(receiver!.connectionsAccepted).toBe(0);
  });

  it('a tls-config that could not read its files (a certificate without its key) stops the node the same way', async () => {
    const out = await startWebhook({ tls: 't1' }, [tlsConfig('t1', { cert: fixturePath('client', 'pem') })]);
    expect(texts('w1', 'error')).toEqual([
      'the TLS configuration tls t1 could not read its certificate or key: see its error in the log; nothing is sent until then',
    ]);
    helper.getNode('w1').receive({ payload: MOVIE });
    await until(() => out.failed.length === 1, 8000, 'output 2');
    expect(out.failed[0].webhook).toMatchObject({ ok: false, attempts: 0, errorCode: 'CONFIG' });
    expect(receiver!.connectionsAccepted).toBe(0);
  });

  it('"Send test" uses the chosen tls-config node, and says when it is not deployed', async () => {
    await startWebhook({ tls: 't1' }, [tlsConfig('t1')], CLIENT_TLS);
    const test = async (tls: string | undefined) =>
      (
        await helper
          .request()
          .post('/jellynext-webhook/test')
          .send({ id: 'w1', mediaType: 'movie', config: { movieUrl: `${receiver!.url}/movie`, showUrl: `${receiver!.url}/show` }, tls })
          .expect(200)
      ).body as Record<string, unknown>;
    expect(await test('t1')).toMatchObject({ ok: true, statusCode: 200 });
    expect(await test(undefined)).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining(ASK_FOR_CA) });
    expect(await test('not-deployed')).toEqual({
      ok: false,
      error: 'the chosen TLS configuration is not deployed yet: deploy it, then test again',
    });
    expect(receiver!.requests).toHaveLength(1);
  });
});

/** The same receiver, a new flow with these webhook properties and no TLS configuration. */
async function startWebhookAgain(props: Record<string, unknown>) {
  await helper.load(NODES, [
    {
      id: 'w1',
      type: 'jellynext-webhook',
      wires: [['ok'], ['failed']],
      movieUrl: `${receiver!.url}/movie`,
      showUrl: `${receiver!.url}/show`,
      retries: 0,
      ...props,
    },
    { id: 'ok', type: 'helper' },
    { id: 'failed', type: 'helper' },
  ]);
  const out = { failed: [] as Array<{ webhook: Record<string, unknown> }> };
  helper.getNode('failed').on('input', (msg: never) => out.failed.push(msg));
  return out;
}
