import { describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../src';
import { api, sleep, TestSocket } from './helpers';

// In a file of its own, so that handles of other tests do not blur the before/after comparison.
describe('close()', () => {
  it('leaves no open handles behind', async () => {
    const watched = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'];
    const count = () => {
      const counts: Record<string, number> = {};
      for (const type of process.getActiveResourcesInfo()) if (watched.includes(type)) counts[type] = (counts[type] ?? 0) + 1;
      return counts;
    };
    // Baseline: the fewest of each kind over a few samples (the test runner has short-lived timers of its own).
    const before = count();
    for (let i = 0; i < 3; i++) {
      await sleep(100);
      const sample = count();
      for (const type of watched) before[type] = Math.min(before[type] ?? 0, sample[type] ?? 0);
    }
    const sim = await JellyfinSimulator.start({ autoProgressMs: 50, keepAlive: { checkIntervalMs: 100, lostAfterMs: 60_000 } });
    const socket = await TestSocket.connect(sim);
    await socket.next('ForceKeepAlive');
    socket.send({ MessageType: 'SessionsStart', Data: '0,100' });
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.matrix);
    await api(sim, 'POST', `/Sessions/${player}/Message`, { Text: 'hi' });
    await api(sim, 'DELETE', `/UserPlayedItems/${sim.catalogue!.matrix}?userId=${sim.defaultUserId}`);
    await api(sim, 'POST', `/Sessions/${player}/Playing/Pause`);
    await socket.next('Sessions');
    expect(Object.values(count()).reduce((a, b) => a + b, 0)).toBeGreaterThan(Object.values(before).reduce((a, b) => a + b, 0));

    await sim.close();
    expect(process.getActiveResourcesInfo()).not.toContain('TCPServerWrap');
    await socket.closed;
    await sim.close(); // idempotent
    // Client-side keep-alive sockets see the server's close a moment later; give them that moment.
    const leaked = () => watched.filter((type) => (count()[type] ?? 0) > (before[type] ?? 0));
    for (let i = 0; i < 40 && leaked().length > 0; i++) await sleep(50);
    expect(leaked()).toEqual([]);
  });
});
