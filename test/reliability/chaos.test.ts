import { afterAll, describe, expect, it } from 'vitest';
import { ALL_NODES, helper } from '../support/test-helper';
import { JELLYNEXT_ROOT } from '../../tools/jellyfin-simulator/src/library';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { Receiver, type Responder } from '../support/receiver';
import { seededRandom } from '../support/random';

const NODES = ALL_NODES;

const PLAYS = 300;
const SEED = 0xc4a05;

interface Outcome {
  media: { tmdbId: string };
  webhook: { ok: boolean };
  stopped: { notified: boolean; stopped: boolean; error?: string };
}

/**
 * 300 plays while Jellyfin drops sockets, restarts and delays pushes, and the endpoint answers
 * slowly, with 500 or 429, or hangs up. Every play gets exactly one webhook outcome, none twice,
 * every failure is told to the viewer, and the flow keeps running.
 */
describe('chaos (seeded)', () => {
  let sim: JellyfinSimulator | undefined;
  let receiver: Receiver | undefined;
  afterAll(async () => {
    await helper.unload().catch(() => undefined);
    await helper.stopServer();
    await sim?.close();
    await receiver?.stop();
  });

  it(`${PLAYS} plays through socket drops, restarts, delayed pushes and a flaky endpoint`, async () => {
    const random = seededRandom(SEED);
    sim = await JellyfinSimulator.start({ catalogue: false, stopDelayMs: 20 });
    const s = sim;
    const user = s.addUser('chaos');
    const flaky: Responder = (_request, res) => {
      const roll = random();
      if (roll < 0.1) return void setTimeout(() => res.end('{"slow":true}'), 150);
      if (roll < 0.2) return void res.writeHead(500).end('boom');
      if (roll < 0.27) return void res.writeHead(429, { 'retry-after': '0' }).end();
      if (roll < 0.32) return void res.socket?.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    };
    receiver = await new Receiver().start();
    receiver.defaultResponder = flaky;
    await helper.startServer();
    await helper.load(
      NODES,
      [
        { id: 's1', type: 'jellyfin-server', url: s.url },
        { id: 'vp', type: 'jellyfin-virtual-play', server: 's1', wires: [['wh']] },
        {
          id: 'wh',
          type: 'jellynext-webhook',
          movieUrl: `${receiver.url}/m`,
          showUrl: `${receiver.url}/s`,
          retries: 1,
          timeout: 1,
          wires: [['st'], ['st']],
        },
        { id: 'st', type: 'jellyfin-stop-playback', server: 's1', delay: 0, markUnplayed: false, wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      { s1: { apiKey: s.apiKey } },
    );
    const outcomes: Outcome[] = [];
    helper.getNode('out').on('input', (msg: never) => outcomes.push(msg));
    while (s.subscriptions === 0) await new Promise((r) => setTimeout(r, 20));

    // One placeholder movie per play, so each request names its play.
    const items = Array.from({ length: PLAYS }, (_, i) =>
      s.addItem({
        type: 'Movie',
        name: `Chaos ${i}`,
        productionYear: 2000,
        path: `${JELLYNEXT_ROOT}/${user}/movies_recommendations/Chaos ${i} (2000) [tmdbid-${700000 + i}].strm`,
      }),
    );
    const sessions = Array.from({ length: 20 }, (_, i) =>
      s.addSession({ userId: user, client: 'Chaos', deviceName: `TV ${i}`, deviceId: `chaos-${i}` }),
    );

    // Connection storms come every 2–4 s: a connection that outlives its reconnect wait is not
    // flapping, so the watcher comes back at once. (A server that drops every socket within a second
    // is flapping, and is rightly backed off up to 30 s: test/integration/session-watcher.test.ts.)
    let chaosEvents = 0;
    let storms = 0;
    let nextStormAt = Date.now() + 2_000 + random() * 2_000;
    for (let i = 0; i < PLAYS; i++) {
      if (Date.now() >= nextStormAt) {
        if (random() < 0.35) await s.restart({ downtimeMs: 100 + Math.floor(random() * 200) });
        else await s.dropSockets();
        storms++;
        chaosEvents++;
        nextStormAt = Date.now() + 2_000 + random() * 2_000;
      }
      if (random() < 0.05) {
        s.setPushDelay(Math.floor(random() * 150));
        chaosEvents++;
      }
      // A session plays the next placeholder only once its last one has been stopped.
      const session = sessions[i % sessions.length];
      const deadline = Date.now() + 20_000;
      while (s.sessionInfo(session)?.NowPlayingItem !== undefined) {
        if (Date.now() > deadline) {
          const stuck = s.sessionInfo(session)?.NowPlayingItem as { Id?: string } | undefined;
          const index = items.indexOf(stuck?.Id ?? '');
          const outcome = outcomes.find((o) => o.media.tmdbId === String(700000 + index));
          throw new Error(
            `session ${session} still plays item #${index} after 20 s (play ${i}); outcome: ${JSON.stringify(outcome?.stopped ?? 'none')}, inbox: ${JSON.stringify(s.inbox(session).slice(-3))}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      s.play(session, items[i]);
      await new Promise((r) => setTimeout(r, 20 + Math.floor(random() * 40)));
    }
    s.setPushDelay(0);
    const deadline = Date.now() + 60_000;
    while (outcomes.length < PLAYS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000));

    expect(chaosEvents).toBeGreaterThan(10);
    expect(storms).toBeGreaterThanOrEqual(3);
    const byId = new Map<string, number>();
    for (const outcome of outcomes) byId.set(outcome.media.tmdbId, (byId.get(outcome.media.tmdbId) ?? 0) + 1);
    const missing = items.map((_, i) => String(700000 + i)).filter((id) => !byId.has(id));
    const twice = [...byId].filter(([, count]) => count > 1).map(([id]) => id);
    expect({ missing, twice }).toEqual({ missing: [], twice: [] });
    expect(outcomes).toHaveLength(PLAYS);

    // Every failure reached the viewer as a message, and every viewer was stopped.
    const failures = outcomes.filter((o) => !o.webhook.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.stopped.notified || !o.stopped.stopped).map((o) => o.stopped.error)).toEqual([]);
    const failureTexts = sessions
      .flatMap((id) => s.inbox(id))
      .filter((e) => e.messageType === 'GeneralCommand' && JSON.stringify(e.data).includes('Could not request'));
    expect(failureTexts.length).toBeGreaterThanOrEqual(failures.length);

    // The flow still runs: one more play after the storm is handled normally.
    receiver.defaultResponder = (_r, res) => void res.end('{}');
    const last = s.addItem({
      type: 'Movie',
      name: 'After',
      path: `${JELLYNEXT_ROOT}/${user}/movies_recommendations/After (2001) [tmdbid-799999].strm`,
    });
    s.play(sessions[0], last);
    while (!outcomes.some((o) => o.media.tmdbId === '799999')) await new Promise((r) => setTimeout(r, 20));
  }, 150_000);
});
