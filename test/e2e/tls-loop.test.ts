import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';
import { fixture, fixturePath, serverTls } from '../support/tls-fixtures';
import { until } from '../support/wait';

/**
 * Issue 14 in a real Node-RED process: a home Jellyfin on https with a self-signed certificate (trusted
 * through a tls-config that reads the certificate file) and a webhook endpoint on https that wants a
 * client certificate (a tls-config with the CA, certificate and key uploaded as credentials). A Play
 * goes all the way: socket push, the request with the client certificate, the message and Stop.
 */
describe('the whole loop over https with tls-config nodes, in a real Node-RED', () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let receiver: Receiver;
  const clientKey = fixture('client', 'key');

  beforeAll(async () => {
    sim = await JellyfinSimulator.start({ tls: serverTls('self-signed') });
    receiver = await new Receiver({
      ...serverTls('server'),
      requestCert: true,
      rejectUnauthorized: true,
      ca: fixture('ca', 'pem'),
    }).start();
    red = await new NodeRedRuntime().start();
    const tls = { cert: '', key: '', ca: '', certname: '', keyname: '', caname: '', servername: '', verifyservercert: true };
    await red.deploy([
      { id: 'f1', type: 'tab', label: 'JellyNext over https' },
      { id: 'tls-jf', type: 'tls-config', name: 'home Jellyfin', ...tls, ca: fixturePath('self-signed', 'pem') },
      {
        id: 'tls-hook',
        type: 'tls-config',
        name: 'requests',
        ...tls,
        credentials: { cadata: fixture('ca', 'pem'), certdata: fixture('client', 'pem'), keydata: clientKey },
      },
      { id: 's1', type: 'jellyfin-server', url: sim.url, mode: 'push', tls: 'tls-jf', credentials: { apiKey: sim.apiKey } },
      { id: 'vp', type: 'jellyfin-virtual-play', z: 'f1', server: 's1', wires: [['wh']] },
      {
        id: 'wh',
        type: 'jellynext-webhook',
        z: 'f1',
        tls: 'tls-hook',
        movieUrl: `${receiver.url}/movie/{tmdbId}`,
        showUrl: `${receiver.url}/show/{tvdbId}`,
        retries: 0,
        wires: [['stop'], ['stop']],
      },
      { id: 'stop', type: 'jellyfin-stop-playback', z: 'f1', server: 's1', delay: 0.2, markUnplayed: false, wires: [[]] },
    ]);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  it('a Play on the https server becomes a request with the client certificate, then a message and Stop', async () => {
    // Subscribed over wss: the REST seed and the socket both passed the home certificate.
    await until(() => sim.subscriptions > 0, 20_000, `the wss subscription\n${red.logs()}`);
    const session = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
    sim.play(session, sim.catalogue!.fightClub);
    await receiver.waitFor(1, 15_000);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', url: '/movie/550' });
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ tmdbId: '550', title: 'Fight Club' });
    await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 15_000);
    expect(sim.inbox(session).some((entry) => entry.messageType === 'GeneralCommand')).toBe(true);
    expect(red.logs()).not.toMatch(/certificate not verified|TLS:/);
  }, 60_000);

  it('the client key stays in the credentials: not in the flows the editor and exports see', async () => {
    const flows = await red.getFlows();
    expect(flows.find((n) => n.id === 'tls-hook')).toMatchObject({ type: 'tls-config', name: 'requests' });
    expect(JSON.stringify(flows)).not.toContain(clientKey.split('\n')[1]);
  });
});
