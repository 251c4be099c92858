import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinSimulator, type SimulatorOptions } from '../../tools/jellyfin-simulator/src';
import { callsOf, helper, nodeInit, tearDown } from '../support/test-helper';
import { until } from '../support/wait';
import { BREAKING_BAD_S2 } from '../support/expected-media';

/**
 * One movie Play and one show Play through a real Node-RED (virtual play → stop playback) on every
 * Jellyfin the simulator plays, plus a fork that reports 10.11.7 and never pushes (issue 8, point 9).
 */

const NODES = (['jellyfin-server', 'jellyfin-virtual-play', 'jellyfin-stop-playback'] as const).map(nodeInit);

interface Case {
  readonly label: string;
  readonly options: SimulatorOptions;
  /** The virtual-play status once connected. */
  readonly status: RegExp;
  /** 10.9.0–10.9.2 refuse Message and Stop from an API key. */
  readonly remoteControl: boolean;
}

const CASES: readonly Case[] = [
  { label: '10.8.13', options: { version: '10.8.13' }, status: /^connected: jellyfin-sim 10\.8\.13/, remoteControl: true },
  { label: '10.9.1', options: { version: '10.9.1' }, status: /^polling: jellyfin-sim 10\.9\.1/, remoteControl: false },
  { label: '10.10.5', options: { version: '10.10.5' }, status: /^polling: jellyfin-sim 10\.10\.5/, remoteControl: true },
  { label: '10.10.7', options: { version: '10.10.7' }, status: /^polling: jellyfin-sim 10\.10\.7/, remoteControl: true },
  { label: '10.11.7', options: { version: '10.11.7' }, status: /^connected: jellyfin-sim 10\.11\.7/, remoteControl: true },
  { label: '12.0.0', options: { version: '12.0.0' }, status: /^connected: jellyfin-sim 12\.0\.0/, remoteControl: true },
  {
    label: 'a fork reporting 10.11.7 that never pushes',
    options: { version: '10.11.7', ignoresSubscriptions: true },
    status: /^polling: this server ignores socket subscriptions/,
    remoteControl: true,
  },
];

type Msg = Record<string, unknown> & { payload: Record<string, unknown>; stopped: Record<string, unknown> };

let sim: JellyfinSimulator | undefined;

afterEach(async () => {
  await tearDown(sim);
  sim = undefined;
});

const texts = (id: string): string[] => callsOf(helper.getNode(id).status, id).map((args) => (args[0] as { text?: string }).text ?? '');

describe('version matrix: a movie and a show Play through a real Node-RED', () => {
  for (const c of CASES) {
    it(`Jellyfin ${c.label}`, async () => {
      const s = (sim = await JellyfinSimulator.start(c.options));
      await helper.startServer();
      await helper.load(
        NODES,
        [
          { id: 's1', type: 'jellyfin-server', url: s.url, mode: 'auto', pollInterval: 0.3 },
          { id: 'vp', type: 'jellyfin-virtual-play', server: 's1', wires: [['played', 'stop']] },
          { id: 'stop', type: 'jellyfin-stop-playback', server: 's1', delay: 0.2, wires: [['out']] },
          { id: 'played', type: 'helper' },
          { id: 'out', type: 'helper' },
        ],
        { s1: { apiKey: s.apiKey } },
      );
      const played: Msg[] = [];
      const out: Msg[] = [];
      helper.getNode('played').on('input', (msg: never) => played.push(msg));
      helper.getNode('out').on('input', (msg: never) => out.push(msg));
      // The fork is found out by the one-off check (5 s), well inside the 60 s the issue allows.
      await until(() => texts('vp').some((t) => c.status.test(t)), 15_000, `status ${c.status}`);

      const tv = s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv' });
      const phone = s.addSession({ userId: s.defaultUserId, client: 'Jellyfin Android', deviceName: 'Phone', deviceId: 'phone' });
      const { fightClub, breakingBadS02E01, breakingBad } = s.catalogue!;
      s.play(tv, fightClub);
      s.play(phone, breakingBadS02E01);
      await until(() => played.length === 2, 10_000, 'two plays');
      const movie = played.find((m) => m.topic === 'movie')!;
      const show = played.find((m) => m.topic === 'show')!;
      expect(movie.payload).toMatchObject({ mediaType: 'movie', tmdbId: '550', title: 'Fight Club', year: 1999, sessionId: tv });
      // tmdb and imdb ids exist only on the series: on 10.8 they arrive through the 405 → /Users/{id}/Items fallback.
      expect(show.payload).toMatchObject(BREAKING_BAD_S2);

      if (!c.remoteControl) {
        // The 2 s dummy videos end by themselves, since the Stop cannot reach them.
        await new Promise((r) => setTimeout(r, 300));
        s.stop(tv);
        s.stop(phone);
      }
      await until(() => out.length === 2, 15_000, 'both stop outcomes');
      const byItem = (id: string) => out.find((m) => m.payload.itemId === id)!.stopped;
      if (c.remoteControl) {
        expect(byItem(fightClub)).toEqual({ stopped: true, notified: true, unplayed: true, parentUnplayed: false });
        expect(byItem(breakingBadS02E01)).toEqual({ stopped: true, notified: true, unplayed: true, parentUnplayed: true });
        expect(s.inbox(tv).map((e) => e.messageType)).toEqual(['GeneralCommand', 'Playstate']);
      } else {
        for (const id of [fightClub, breakingBadS02E01]) {
          expect(byItem(id)).toMatchObject({
            stopped: false,
            notified: false,
            unplayed: true,
            upgradeNeeded: true,
            error: expect.stringContaining('upgrade to 10.9.3 or newer'),
          });
        }
        expect(byItem(breakingBadS02E01).parentUnplayed).toBe(true);
        // The status is worded a moment after the message leaves.
        await until(
          () => texts('stop').at(-1) === 'Jellyfin 10.9.0–10.9.2 refuse this API key: upgrade to 10.9.3+',
          5000,
          'upgrade status',
        );
        // One Message and no Stop per play: a refusal that cannot change is not retried.
        const remote = s.requests.filter((r) => r.method === 'POST' && /\/Sessions\/[0-9a-f]{32}\/(Message|Playing)/.test(r.path));
        expect(remote.map((r) => r.path.split('/').pop())).toEqual(['Message', 'Message']);
      }
      // The series is a placeholder folder, so its episodes are swept unplayed; the movie's folder is never touched.
      expect(s.userData(s.defaultUserId, breakingBadS02E01)).toMatchObject({ Played: false });
      const resets = s.requests.filter((r) => r.method === 'DELETE' && r.status === 200).map((r) => r.path.split('/').pop());
      expect(resets.sort()).toEqual([breakingBad, breakingBadS02E01, fightClub].sort());
    });
  }
});
