import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime } from '../support/node-red-runtime';
import { answer, Receiver } from '../support/receiver';

const HEADER_SECRET = 'Bearer hdr-secret-7f3a9c2e';
const SIGNING_SECRET = 'signing-secret-b81d44f0';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Every node type, with extra logging and debug output to the console, through success and failure:
 * the API key, a secret header value and the signing secret appear in no flow, file, log or debug line.
 */
describe('secrets stay secret', () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let receiver: Receiver;
  let apiKey: string;

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    apiKey = sim.apiKey;
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    const debug = (id: string, wires: string[][] = []) => ({
      id,
      type: 'debug',
      z: 'f1',
      active: true,
      tosidebar: true,
      console: true,
      complete: 'true',
      wires,
    });
    await red.deploy([
      { id: 'f1', type: 'tab', label: 'secrets' },
      { id: 's1', type: 'jellyfin-server', url: sim.url, credentials: { apiKey } },
      { id: 'vp', type: 'jellyfin-virtual-play', z: 'f1', server: 's1', wires: [['wh', 'd0']] },
      {
        id: 'wh',
        type: 'jellynext-webhook',
        z: 'f1',
        extraLogging: true,
        retries: 1,
        movieUrl: `${receiver.url}/movie`,
        showUrl: `${receiver.url}/show`,
        movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred' }],
        showHeaders: [{ name: 'X-Api-Key', value: '__PWRD__', type: 'cred' }],
        credentials: {
          secretHeaders: JSON.stringify({ movie: { Authorization: HEADER_SECRET }, show: { 'X-Api-Key': HEADER_SECRET } }),
          signingSecret: SIGNING_SECRET,
        },
        wires: [
          ['stop', 'd1'],
          ['stop', 'd2'],
        ],
      },
      { id: 'stop', type: 'jellyfin-stop-playback', z: 'f1', server: 's1', delay: 0, wires: [['d3']] },
      debug('d0'),
      debug('d1'),
      debug('d2'),
      debug('d3'),
    ]);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  it('nowhere in flows, exports, files, logs or debug output', async () => {
    while (sim.subscriptions === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    // One success, one failure after a retry (the error text and the response body must not leak either).
    receiver.respondWith(answer(200, '{"ok":true}', { 'content-type': 'application/json' }));
    receiver.respondWith(answer(500, 'nope'), answer(500, 'nope'));
    const a = sim.addSession({ userId: sim.defaultUserId, client: 'Web', deviceName: 'A', deviceId: 'a' });
    sim.play(a, sim.catalogue!.fightClub);
    await receiver.waitFor(1, 15_000);
    const b = sim.addSession({ userId: sim.defaultUserId, client: 'Web', deviceName: 'B', deviceId: 'b' });
    sim.play(b, sim.catalogue!.breakingBadS02E01);
    await receiver.waitFor(3, 15_000);
    await sim.waitForInbox(b, (e) => e.messageType === 'Playstate', 15_000);
    await new Promise((r) => setTimeout(r, 500));

    // The secrets were really used…
    expect(receiver.requests[0].headers.authorization).toBe(HEADER_SECRET);
    expect(receiver.requests[1].headers['x-api-key']).toBe(HEADER_SECRET);
    expect(receiver.requests[0].headers['x-jellynext-signature']).toMatch(/^sha256=/);
    // …and the log shows extra logging and debug output happened.
    const logs = red.logs();
    expect(logs).toContain('Authorization: ***');
    expect(logs).toMatch(/\[debug:d1\]/);

    const flows = JSON.stringify(await red.getFlows());
    const files = filesUnder(red.userDir)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const exported = JSON.stringify((await red.request('GET', 'flows')).body);
    for (const secret of [apiKey, HEADER_SECRET, 'hdr-secret-7f3a9c2e', SIGNING_SECRET]) {
      expect(flows, 'GET /flows').not.toContain(secret);
      expect(exported, 'export').not.toContain(secret);
      expect(files, 'user directory files').not.toContain(secret);
      expect(logs, 'log and debug output').not.toContain(secret);
    }
  }, 90_000);
});

// Issue 9.1: Node-RED hands `text` credentials to any editor user; every webhook secret is a `password` credential.
describe('a read-only editor user learns only that webhook secrets exist', () => {
  const SLOT_SECRET = 'Bearer slot-secret-51c0de';
  const NAMED_SECRET = 'named-secret-90ab7e';
  const URL_TOKEN = 'url-token-5ab1c0ffee';
  const SIGNING = 'signing-secret-77aa01';
  const ALL = [SLOT_SECRET, 'slot-secret-51c0de', NAMED_SECRET, URL_TOKEN, SIGNING];
  // bcrypt hashes of 'admin-pass-1' and 'viewer-pass-1'
  const adminAuth = {
    type: 'credentials',
    users: [
      { username: 'admin', password: '$2b$08$NgzK.d6PW/qXa3my.f7fsOr3Sg.8GBAJF/LWpgqcBj3Sgh.iGM862', permissions: '*' },
      { username: 'viewer', password: '$2b$08$kSRC0hMmWHrlqCWTHGuHS.tSFkFmkIjOUlJsXSr0tR2vcp5pUR2S6', permissions: 'read' },
    ],
    default: { permissions: 'read' },
  };
  let red: NodeRedRuntime;
  let receiver: Receiver;
  let viewer: string;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime({ settings: { adminAuth } }).start();
    await red.logIn('admin', 'admin-pass-1', '*', true);
    viewer = await red.logIn('viewer', 'viewer-pass-1', 'read');
    await red.deploy([
      { id: 'f1', type: 'tab', label: 'read-only' },
      {
        id: 'im',
        type: 'inject',
        z: 'f1',
        props: [{ p: 'payload' }],
        payload: '{"mediaType":"movie","tmdbId":"550","title":"Fight Club"}',
        payloadType: 'json',
        wires: [['wh']],
      },
      {
        id: 'is',
        type: 'inject',
        z: 'f1',
        props: [{ p: 'payload' }],
        payload: '{"mediaType":"show","tvdbId":"81189","seasonNumber":2}',
        payloadType: 'json',
        wires: [['wh']],
      },
      {
        id: 'wh',
        type: 'jellynext-webhook',
        z: 'f1',
        extraLogging: true,
        retries: 0,
        movieUrl: `${receiver.url}/movie`,
        movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 3 }],
        showUrl: '',
        showUrlSecret: true,
        // A row saved before slots existed: its value is looked up by name in `secretHeaders`.
        showHeaders: [{ name: 'X-Api-Key', value: '__PWRD__', type: 'cred' }],
        credentials: {
          secretHeader3: SLOT_SECRET,
          secretHeaders: JSON.stringify({ movie: {}, show: { 'X-Api-Key': NAMED_SECRET } }),
          showSecretUrl: `${receiver.url}/api/webhooks/123/${URL_TOKEN}`,
          signingSecret: SIGNING,
        },
        wires: [[], []],
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
  }, 60_000);

  it('GET /credentials answers has_… flags, never a value; the secrets still reach the endpoint', async () => {
    for (const who of [{ Authorization: viewer }, { Authorization: '' }]) {
      const res = await red.request<Record<string, unknown>>('GET', 'credentials/jellynext-webhook/wh', undefined, who);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        has_secretHeader3: true,
        has_secretHeaders: true,
        has_showSecretUrl: true,
        has_signingSecret: true,
      });
      for (const secret of ALL) expect(JSON.stringify(res.body)).not.toContain(secret);
      const flows = await red.request('GET', 'flows', undefined, who);
      for (const secret of ALL) expect(JSON.stringify(flows.body)).not.toContain(secret);
    }
    // Read-only users cannot make the node send its stored secrets anywhere either.
    const test = await red.request(
      'POST',
      'jellynext-webhook/test',
      { id: 'wh', mediaType: 'movie', config: { movieUrl: 'http://127.0.0.1:9/x' } },
      { Authorization: viewer },
    );
    expect(test.status).toBe(401);

    expect((await red.request('POST', 'inject/im')).status).toBe(200);
    expect((await red.request('POST', 'inject/is')).status).toBe(200);
    await receiver.waitFor(2, 15_000);
    const movie = receiver.requests.find((r) => r.url === '/movie');
    const show = receiver.requests.find((r) => r.url.startsWith('/api/webhooks/'));
    expect(movie?.headers.authorization).toBe(SLOT_SECRET);
    expect(show?.url).toBe(`/api/webhooks/123/${URL_TOKEN}`);
    expect(show?.headers['x-api-key']).toBe(NAMED_SECRET);
    await new Promise((r) => setTimeout(r, 300));
    const logs = red.logs();
    expect(logs).toContain('Authorization: ***');
    for (const secret of ALL) expect(logs).not.toContain(secret);
  }, 60_000);
});
