// Issue 9.4 (stop side): a session or item id of "." or ".." from a message must not turn
// POST /Sessions/{id}/Playing/Stop into POST /Playing/Stop, or DELETE /UserPlayedItems/{id} into DELETE /.
import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { callsOf, helper, nodeInit, tearDown } from '../support/test-helper';
import { until } from '../support/wait';

const NODES = (['jellyfin-server', 'jellyfin-stop-playback'] as const).map(nodeInit);

let sim: JellyfinSimulator | undefined;

afterEach(async () => {
  await tearDown(sim);
  sim = undefined;
});

async function startStop() {
  sim = await JellyfinSimulator.start();
  await helper.startServer();
  await helper.load(
    NODES,
    [
      { id: 's1', type: 'jellyfin-server', url: sim.url },
      { id: 'stop', type: 'jellyfin-stop-playback', server: 's1', delay: 0, wires: [['out']] },
      { id: 'out', type: 'helper' },
    ],
    { s1: { apiKey: sim.apiKey } },
  );
  const out: Array<{ stopped: Record<string, unknown> }> = [];
  helper.getNode('out').on('input', (msg: never) => out.push(msg));
  return { s: sim, out };
}

/**
 * Requests outside the routes the server and stop nodes use. A collapsed path shows up here:
 * /Sessions/../Message arrives as /Message, /UserPlayedItems/.. as /.
 */
const strayRequests = (s: JellyfinSimulator) =>
  s.requests.filter((r) => !/^\/(?:Sessions|System|socket|Items\/|UserPlayedItems\/[0-9a-f]{32}$)/.test(r.path));

describe('jellyfin-stop-playback with hostile ids', () => {
  it('a session id ".." is refused in msg.stopped.error, and no request leaves its path', async () => {
    const { s, out } = await startStop();
    for (const id of ['..', '.', '%2e%2E']) {
      helper.getNode('stop').receive({
        media: { title: 'Fight Club', itemId: s.catalogue!.fightClub },
        session: { id, userId: s.defaultUserId },
        webhook: { ok: true },
      });
    }
    await until(() => out.length === 3, 10_000, 'stop outputs');
    for (const msg of out)
      expect(msg.stopped).toMatchObject({
        stopped: false,
        notified: false,
        error: expect.stringMatching(/session id ".*" is not a Jellyfin id/),
      });
    expect(strayRequests(s)).toEqual([]);
    expect(callsOf(helper.getNode('stop').warn, 'stop').flat().join('\n')).toContain('is not a Jellyfin id');
  });

  it('an item id ".." is refused for "mark unplayed"; the viewer is still told and stopped', async () => {
    const { s, out } = await startStop();
    const session = s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'dev-tv' });
    helper
      .getNode('stop')
      .receive({ media: { title: 'Fight Club', itemId: '..' }, session: { id: session, userId: s.defaultUserId }, webhook: { ok: true } });
    await until(() => out.length === 1, 20_000, 'stop output');
    expect(out[0].stopped).toMatchObject({
      stopped: true,
      notified: true,
      unplayed: false,
      error: expect.stringContaining('item id ".." is not a Jellyfin id'),
    });
    expect(strayRequests(s)).toEqual([]);
  });
});
