import { WebSocket as UndiciWebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { md5Guid } from '../src';
import { harness, http, mediaBrowser, sleep, tryUpgrade } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

describe('base path (§1.1)', () => {
  it('serves REST and the socket under the base path only (case-insensitive)', async () => {
    const sim = await h.start({ basePath: '/jellyfin/' });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/jellyfin`);
    const info = await http('GET', `${sim.url}/System/Info/Public`);
    expect(info.status).toBe(200);
    expect(info.json().LocalAddress).toBe(sim.url);
    expect((await http('GET', `http://127.0.0.1:${sim.port}/JellyFin/System/Info/Public`)).status).toBe(200);
    expect((await http('GET', `http://127.0.0.1:${sim.port}/System/Info/Public`)).status).toBe(404);
    const headers = { authorization: mediaBrowser(sim.apiKey) };
    expect((await tryUpgrade(`ws://127.0.0.1:${sim.port}/jellyfin/socket`, headers)).status).toBe(101);
    expect((await tryUpgrade(`ws://127.0.0.1:${sim.port}/socket`, headers)).status).toBe(404);
    expect(sim.requests.map((r) => r.path)).toContain('/jellyfin/socket');
  });
});

describe('restarts and dropped connections', () => {
  it('restart(): ServerRestarting, sockets cut, connections refused, then back on the same port', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const port = sim.port;
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.fightClub);
    const socket = await h.connect(sim);
    await socket.next('ForceKeepAlive');
    socket.send({ MessageType: 'SessionsStart', Data: '0,1000' });

    const restarting = sim.restart({ downtimeMs: 400 });
    const announcement = await socket.next('ServerRestarting');
    expect(announcement.raw).toMatch(/^\{"MessageId":"[0-9a-f]{32}","MessageType":"ServerRestarting"\}$/);
    expect((await socket.closed).code).toBe(1006);
    await sleep(100);
    await expect(http('GET', `http://127.0.0.1:${port}/System/Info/Public`)).rejects.toThrow();
    await restarting;

    expect(sim.port).toBe(port);
    expect((await http('GET', `${sim.url}/System/Info/Public`)).status).toBe(200);
    expect(sim.sessionIds()).toEqual([player]); // the player came back playing; the socket's session did not
    expect(sim.inbox(player).map((e) => e.messageType)).toContain('ServerRestarting');
    const again = await h.connect(sim);
    await again.next('ForceKeepAlive');
    expect(sim.sessionIds()).toContain(md5Guid('Node-RED JellyNext' + 'nr-test-1'));
    expect(sim.subscriptions).toBe(0);
  });

  it('sends no ServerRestarting to an API-key socket on 10.10 (it has no session, §1.4)', async () => {
    const sim = await h.start({ version: '10.10.7' });
    const socket = await h.connect(sim);
    await sim.restart({ downtimeMs: 50 });
    await socket.closed;
    expect(socket.frames).toEqual([]);
  });

  it('stopServer(): ServerShuttingDown and no listener until startServer()', async () => {
    const sim = await h.start();
    const socket = await h.connect(sim);
    await socket.next('ForceKeepAlive');
    await sim.stopServer();
    expect((await socket.next('ServerShuttingDown')).json).not.toHaveProperty('Data');
    expect(sim.listening).toBe(false);
    await expect(http('GET', `${sim.url}/System/Info/Public`)).rejects.toThrow();
    await sim.startServer();
    expect((await http('GET', `${sim.url}/System/Info/Public`)).status).toBe(200);
  });

  it('dropSockets(): every socket is destroyed without a close frame and its session ends', async () => {
    const sim = await h.start();
    const a = await h.connect(sim, sim.apiKey, { deviceId: 'a' });
    const b = await h.connect(sim, sim.apiKey, { deviceId: 'b' });
    expect(sim.sockets).toBe(2);
    await sim.dropSockets();
    expect(sim.sockets).toBe(0);
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    expect(sim.sessionIds()).toEqual([]);
    const c = await h.connect(sim, sim.apiKey, { deviceId: 'a' });
    await c.next('ForceKeepAlive');
  });

  it("works with undici's WebSocket client and ?ApiKey=", async () => {
    const sim = await h.start({ version: '12.0.0' });
    const ws = new UndiciWebSocket(`${sim.socketUrl}?ApiKey=${sim.apiKey}`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => reject(new Error('socket error'));
    });
    expect(JSON.parse(first)).toMatchObject({ MessageType: 'ForceKeepAlive', Data: 60 });
    const closed = new Promise((resolve) => (ws.onclose = resolve));
    ws.close();
    await closed;
  });
});
