import { afterAll, describe, expect, it } from 'vitest';
import { ALL_NODES, helper } from '../support/test-helper';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { Receiver } from '../support/receiver';

const NODES = ALL_NODES;

const REDEPLOYS = 50;

/** Handles that belong to sockets and timers; the number of each kind, ignoring the rest. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (/TCP|Timeout|Immediate|Pipe/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function settle(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

describe('redeploy under load', () => {
  let sim: JellyfinSimulator;
  let receiver: Receiver;
  afterAll(async () => {
    await helper.stopServer();
    await sim?.close();
    await receiver?.stop();
  });

  it(`${REDEPLOYS} redeploys with requests in flight: sockets and timers return to the baseline, memory stays flat`, async () => {
    // The simulator shares this process; a short keep-alive check lets its watchdog timer end soon after the last socket.
    sim = await JellyfinSimulator.start({ keepAlive: { checkIntervalMs: 100 } });
    receiver = await new Receiver().start();
    // The receiver answers slowly, so every redeploy finds requests in flight.
    receiver.defaultResponder = (_request, res) => void setTimeout(() => res.end('{}'), 300);
    await helper.startServer();
    const session = sim.addSession({ userId: sim.defaultUserId, client: 'Web', deviceName: 'TV', deviceId: 'tv' });
    const flow = [
      { id: 's1', type: 'jellyfin-server', url: sim.url },
      { id: 'vp', type: 'jellyfin-virtual-play', server: 's1', wires: [['wh']] },
      {
        id: 'wh',
        type: 'jellynext-webhook',
        movieUrl: `${receiver.url}/m`,
        showUrl: `${receiver.url}/s`,
        retries: 2,
        wires: [['st'], ['st']],
      },
      // One request at a time, paced: every redeploy finds messages queued and the pacing timer set.
      {
        id: 'paced',
        type: 'jellynext-webhook',
        movieUrl: `${receiver.url}/p`,
        showUrl: `${receiver.url}/p`,
        parallel: 1,
        rateLimit: 600,
        wires: [[], []],
      },
      { id: 'st', type: 'jellyfin-stop-playback', server: 's1', delay: 5, wires: [[]] },
    ];
    const credentials = { s1: { apiKey: sim.apiKey } };

    // One warm-up round first: loading the message catalogs and the first deploy create a few
    // process-wide timers once; the baseline is what remains after that.
    await helper.load(NODES, flow, credentials);
    await helper.unload();
    await new Promise((r) => setTimeout(r, 500));
    const baseline = resources();
    const heaps: number[] = [];
    for (let round = 0; round < REDEPLOYS; round++) {
      await helper.load(NODES, flow, credentials);
      for (let i = 0; i < 5; i++) {
        helper.getNode('wh').receive({ payload: { mediaType: 'movie', tmdbId: String(i), title: `Load ${round}.${i}` } });
        helper.getNode('paced').receive({ payload: { mediaType: 'movie', tmdbId: String(i), title: `Paced ${round}.${i}` } });
      }
      helper.getNode('st').receive({ session: { id: session }, media: { title: 'x' }, webhook: { ok: true } });
      if (round % 10 === 0) sim.play(session, round % 20 === 0 ? sim.catalogue!.fightClub : sim.catalogue!.fightClubMp4);
      await new Promise((r) => setTimeout(r, 40));
      await helper.unload();
      if (round === 9 || round === REDEPLOYS - 1) {
        global.gc?.();
        heaps.push(process.memoryUsage().heapUsed);
      }
    }

    // The simulator runs in this process: end its playback (its progress timer) and let every socket close first.
    sim.stop(session);
    expect(await settle(() => receiver.openSockets === 0, 5000)).toBe(true);
    expect(await settle(() => sim.sockets === 0, 5000)).toBe(true);
    // Closed sockets leave the handle list on the next turns of the event loop.
    const back = await settle(() => {
      const now = resources();
      return Object.keys({ ...now, ...baseline }).every((kind) => (now[kind] ?? 0) <= (baseline[kind] ?? 0));
    }, 5000);
    expect(back ? baseline : resources()).toEqual(baseline);
    expect(typeof global.gc).toBe('function');
    expect(heaps[1] - heaps[0]).toBeLessThan(10 * 1024 * 1024);
  }, 120_000);
});
