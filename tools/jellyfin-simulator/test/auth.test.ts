import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../src';
import { harness, http, mediaBrowser, tryUpgrade } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

describe('REST authentication (§1.2, §6)', () => {
  it('answers /System/Info/Public anonymously, ignoring a bad token (§6.6)', async () => {
    const sim = await h.start({ serverName: 'Living Room', version: '10.11.7' });
    const answer = await http('GET', `${sim.url}/System/Info/Public`, { headers: { authorization: mediaBrowser('wrong') } });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({
      LocalAddress: sim.url,
      ServerName: 'Living Room',
      Version: '10.11.7',
      ProductName: 'Jellyfin Server',
      OperatingSystem: '',
      Id: sim.serverId,
      StartupWizardCompleted: true,
    });
  });

  it('answers 401 with an empty body without a valid token on an authenticated endpoint', async () => {
    const sim = await h.start();
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: mediaBrowser('wrong') },
      { authorization: `Bearer ${sim.apiKey}` },
    ];
    for (const headers of attempts) {
      const answer = await http('GET', `${sim.url}/System/Info`, { headers });
      expect(answer.status).toBe(401);
      expect(answer.text).toBe('');
    }
    const ok = await http('GET', `${sim.url}/System/Info`, { headers: { authorization: mediaBrowser(sim.apiKey) } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ ServerName: 'jellyfin-sim', Version: '10.11.7', Id: sim.serverId, OperatingSystem: '' });
  });

  it('accepts the ApiKey query everywhere, and unquoted, URL-encoded header values', async () => {
    const sim = await h.start({ version: '12.0.0' });
    expect((await http('GET', `${sim.url}/Sessions?ApiKey=${sim.apiKey}`)).status).toBe(200);
    expect((await http('GET', `${sim.url}/Sessions?apikey=${sim.apiKey}`)).status).toBe(200);
    const unquoted = `MediaBrowser Client=Node-RED, Device=My+Box, DeviceId=a%2Cb, Version=1, Token=${sim.apiKey}`;
    expect((await http('GET', `${sim.url}/Sessions`, { headers: { authorization: unquoted } })).status).toBe(200);
  });

  it('refuses the legacy methods on 12.0 (legacyAuth off) and takes them on 10.11', async () => {
    const legacy = (token: string): Array<{ headers: Record<string, string>; query: string }> => [
      { headers: { 'x-emby-token': token }, query: '' },
      { headers: { 'x-mediabrowser-token': token }, query: '' },
      { headers: { 'x-emby-authorization': mediaBrowser(token) }, query: '' },
      { headers: { authorization: mediaBrowser(token).replace(/^MediaBrowser/, 'Emby') }, query: '' },
      { headers: {}, query: `?api_key=${token}` },
    ];
    const v12 = await h.start({ version: '12.0.0' });
    const v1011 = await h.start({ version: '10.11.7' });
    expect(v12.legacyAuth).toBe(false);
    expect(v1011.legacyAuth).toBe(true);
    for (const method of legacy(v12.apiKey))
      expect((await http('GET', `${v12.url}/Sessions${method.query}`, { headers: method.headers })).status).toBe(401);
    for (const method of legacy(v1011.apiKey))
      expect((await http('GET', `${v1011.url}/Sessions${method.query}`, { headers: method.headers })).status).toBe(200);
    const switchedOff = await h.start({ version: '10.11.7', legacyAuth: false });
    expect((await http('GET', `${switchedOff.url}/Sessions?api_key=${switchedOff.apiKey}`)).status).toBe(401);
  });

  it('picks the authorization header per version: X-Emby-Authorization first on 10.10, Authorization first on 10.11+', async () => {
    const old = await h.start({ version: '10.10.7' });
    const headersFor = (token: string) => ({ 'x-emby-authorization': mediaBrowser('wrong'), authorization: mediaBrowser(token) });
    expect((await http('GET', `${old.url}/Sessions`, { headers: headersFor(old.apiKey) })).status).toBe(401);
    const modern = await h.start({ version: '10.11.7' });
    expect((await http('GET', `${modern.url}/Sessions`, { headers: headersFor(modern.apiKey) })).status).toBe(200);
  });

  it('takes the first non-empty token in the order of precedence', async () => {
    const sim = await h.start({ version: '10.11.7' });
    // A wrong header token wins over a right ApiKey query: the request fails.
    expect(
      (await http('GET', `${sim.url}/Sessions?ApiKey=${sim.apiKey}`, { headers: { authorization: mediaBrowser('wrong') } })).status,
    ).toBe(401);
    // A header without Token falls through to the query.
    const noToken = 'MediaBrowser Client="Node-RED", Device="x", DeviceId="y", Version="1"';
    expect((await http('GET', `${sim.url}/Sessions?ApiKey=${sim.apiKey}`, { headers: { authorization: noToken } })).status).toBe(200);
  });

  it('records every request with the token source, so tests can check how a client authenticated', async () => {
    const sim = await h.start();
    await http('GET', `${sim.url}/Sessions?activeWithinSeconds=960`, { headers: { authorization: mediaBrowser(sim.apiKey) } });
    await http('GET', `${sim.url}/Sessions?ApiKey=${sim.apiKey}`);
    const [first, second] = sim.requests;
    expect(first).toMatchObject({
      method: 'GET',
      path: '/Sessions',
      query: { activeWithinSeconds: '960' },
      tokenSource: 'Authorization',
      authorized: true,
      status: 200,
      upgrade: false,
    });
    expect(first!.headers.authorization).toContain(`Token="${sim.apiKey}"`);
    expect(second).toMatchObject({ tokenSource: 'ApiKey', status: 200 });
    expect(sim.requests.some((r) => 'api_key' in r.query)).toBe(false);
  });
});

describe('WebSocket upgrade authentication (§1.3)', () => {
  it('refuses an upgrade without a token with 403 text/plain "Error processing request."', async () => {
    const sim = await h.start();
    const answer = await tryUpgrade(sim.socketUrl);
    expect(answer).toEqual({ status: 403, contentType: 'text/plain', body: ERROR_TEXT });
    expect(sim.sockets).toBe(0);
    expect(sim.requests.at(-1)).toMatchObject({ upgrade: true, status: 403, authorized: false });
  });

  it('refuses ?api_key= on 12.0 and accepts the Authorization header there (jellyfin-web #8450)', async () => {
    const sim = await h.start({ version: '12.0.0' });
    expect((await tryUpgrade(`${sim.socketUrl}?api_key=${sim.apiKey}`)).status).toBe(403);
    expect((await tryUpgrade(sim.socketUrl, { authorization: mediaBrowser('wrong') })).status).toBe(403);
    expect((await tryUpgrade(sim.socketUrl, { authorization: mediaBrowser(sim.apiKey) })).status).toBe(101);
    expect((await tryUpgrade(`${sim.socketUrl}?ApiKey=${sim.apiKey}`)).status).toBe(101);
  });

  it('accepts any path under the base path (§1.1) and refuses a revoked key', async () => {
    const sim = await h.start({ version: '10.11.7' });
    const headers = { authorization: mediaBrowser(sim.apiKey) };
    expect((await tryUpgrade(`ws://127.0.0.1:${sim.port}/websocket`, headers)).status).toBe(101);
    expect((await tryUpgrade(`${sim.socketUrl}?api_key=${sim.apiKey}`)).status).toBe(101);
    sim.revokeApiKey(sim.apiKey);
    expect((await tryUpgrade(sim.socketUrl, headers)).status).toBe(403);
  });

  it('refuses a disabled user token (403) and accepts an enabled one', async () => {
    const sim = await h.start();
    const bob = sim.addUser('bob');
    const carol = sim.addUser('carol', { disabled: true });
    expect((await tryUpgrade(sim.socketUrl, { authorization: mediaBrowser(sim.createAccessToken(bob)) })).status).toBe(101);
    expect((await tryUpgrade(sim.socketUrl, { authorization: mediaBrowser(sim.createAccessToken(carol)) })).status).toBe(403);
  });

  it('cannot be configured with legacyAuth off before 10.11, where no switch exists', async () => {
    await expect(h.start({ version: '10.10.7', legacyAuth: false })).rejects.toThrow(/no switch/);
  });
});
