import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';

/**
 * The whole loop in a real Node-RED: a Play on a placeholder in the simulated Jellyfin becomes one
 * request at a real HTTP receiver, then the viewer gets a message and the dummy video is stopped.
 */
describe('Play → request → message and Stop, in a real Node-RED', () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let receiver: Receiver;
  const SECRET = 'Bearer e2e-secret-value-42';

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    await red.deploy([
      { id: 'f1', type: 'tab', label: 'JellyNext' },
      { id: 's1', type: 'jellyfin-server', url: sim.url, mode: 'auto', credentials: { apiKey: sim.apiKey } },
      { id: 'vp', type: 'jellyfin-virtual-play', z: 'f1', server: 's1', wires: [['wh']] },
      {
        id: 'wh',
        type: 'jellynext-webhook',
        z: 'f1',
        movieUrl: `${receiver.url}/movie?title={title}`,
        showUrl: `${receiver.url}/show/{tvdbId}`,
        movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred' }],
        retries: 0,
        credentials: { secretHeaders: JSON.stringify({ movie: { Authorization: SECRET }, show: {} }) },
        wires: [['stop'], ['stop']],
      },
      { id: 'stop', type: 'jellyfin-stop-playback', z: 'f1', server: 's1', delay: 0.2, wires: [[]] },
    ]);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  async function waitUntilWatching(): Promise<void> {
    // The Node-RED session appears once the watcher's socket is bound (Jellyfin 10.11: Client + DeviceId).
    const deadline = Date.now() + 20_000;
    while (sim.subscriptions === 0) {
      if (Date.now() > deadline) throw new Error(`the flow never subscribed\n${red.logs()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  it('a movie with quotes and a backslash in its title arrives intact, once, and the viewer is told and stopped', async () => {
    await waitUntilWatching();
    const session = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
    sim.play(session, sim.catalogue!.quotedTitle);
    await receiver.waitFor(1, 15_000);
    const request = receiver.requests[0];
    expect(request.method).toBe('POST');
    expect(new URL(request.url, 'http://x').searchParams.get('title')).toBe('The "Backslash \\ Quote" Test');
    expect(request.headers.authorization).toBe(SECRET);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toEqual({
      tmdbId: '999001',
      imdbId: '',
      title: 'The "Backslash \\ Quote" Test',
      year: '2020',
      jellyfinUserId: sim.defaultUserId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    });

    const stop = await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 15_000);
    const message = sim.inbox(session).find((entry) => entry.messageType === 'GeneralCommand');
    expect((message?.data as { Arguments: Record<string, string> }).Arguments).toMatchObject({
      Header: 'JellyNext Download',
      Text: 'The "Backslash \\ Quote" Test has been requested and will appear in your library soon.',
    });
    expect((stop.data as { Command: string }).Command).toBe('Stop');
    await sim.waitForRequest((r) => r.method === 'DELETE' && r.path.includes('/UserPlayedItems/'), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests).toHaveLength(1);
  }, 60_000);

  it('a show season placeholder sends the series ids with a bare season number and anime flag', async () => {
    const session = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Android', deviceName: 'Phone', deviceId: 'phone-1' });
    sim.play(session, sim.catalogue!.breakingBadS02E01);
    await receiver.waitFor(2, 15_000);
    const request = receiver.requests[1];
    expect(request.url).toBe('/show/81189');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toContain('"seasonNumber": 2,\n  "isAnime": false,');
    expect(JSON.parse(request.body)).toMatchObject({
      tvdbId: '81189',
      tmdbId: '1396',
      imdbId: 'tt0903747',
      title: 'Breaking Bad',
      year: '2008',
    });
    await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 15_000);
  }, 60_000);

  it('keeps the API key and the secret header out of flows, files and logs', async () => {
    const flows = JSON.stringify(await red.getFlows());
    const files = ['flows.json', 'flows_cred.json'].map((file) => readFileSync(join(red.userDir, file), 'utf8')).join('\n');
    for (const secret of [sim.apiKey, SECRET]) {
      expect(flows).not.toContain(secret);
      expect(files).not.toContain(secret);
      expect(red.logs()).not.toContain(secret);
    }
  });
});
