import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, mediaBrowser } from './helpers';

// The package's test certificates (scripts/tls-fixtures.sh): a self-signed one for 127.0.0.1.
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/tls/${name}`, import.meta.url), 'utf8');
const CERT = fixture('self-signed.pem');
const KEY = fixture('self-signed.key');

const h = harness();
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  await h.cleanup();
});

function trusting(ca?: string): Agent {
  const agent = new Agent({ connect: ca ? { ca } : {} });
  agents.push(agent);
  return agent;
}

function openSocket(url: string, token: string, ca?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: mediaBrowser(token) }, ...(ca ? { ca } : {}) });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('https front (a home server behind a TLS reverse proxy)', () => {
  it('serves REST over https and /socket over wss with its certificate', async () => {
    const sim = await h.start({ tls: { cert: CERT, key: KEY } });
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.socketUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/socket$/);
    const answer = await request(`${sim.url}/System/Info`, {
      headers: { authorization: mediaBrowser(sim.apiKey) },
      dispatcher: trusting(CERT),
    });
    expect(answer.statusCode).toBe(200);
    expect((await answer.body.json()) as object).toMatchObject({ ServerName: 'jellyfin-sim' });
    const ws = await openSocket(sim.socketUrl, sim.apiKey, CERT);
    const first = await new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    expect(JSON.parse(first)).toMatchObject({ MessageType: 'ForceKeepAlive' });
    ws.terminate();
  });

  it('is refused by a client that does not trust the certificate, and stays up', async () => {
    const sim = await h.start({ tls: { cert: CERT, key: KEY } });
    await expect(request(`${sim.url}/System/Ping`, { dispatcher: trusting() })).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    await expect(openSocket(sim.socketUrl, sim.apiKey)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const answer = await request(`${sim.url}/System/Ping`, { dispatcher: trusting(CERT) });
    expect(answer.statusCode).toBe(200);
    await answer.body.dump();
  });
});
