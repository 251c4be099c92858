import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../support/jellyfin';
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
    const debug = (id: string, wires: string[][] = []) => ({ id, type: 'debug', z: 'f1', active: true, tosidebar: true, console: true, complete: 'true', wires });
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
        wires: [['stop', 'd1'], ['stop', 'd2']],
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
    const files = filesUnder(red.userDir).map((file) => readFileSync(file, 'utf8')).join('\n');
    const exported = JSON.stringify((await red.request('GET', 'flows')).body);
    for (const secret of [apiKey, HEADER_SECRET, 'hdr-secret-7f3a9c2e', SIGNING_SECRET]) {
      expect(flows, 'GET /flows').not.toContain(secret);
      expect(exported, 'export').not.toContain(secret);
      expect(files, 'user directory files').not.toContain(secret);
      expect(logs, 'log and debug output').not.toContain(secret);
    }
  }, 90_000);
});
