import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JellyfinClient } from '../../src/jellyfin/rest-client';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'limits-test', version: '0.0.0' };
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Streams a JSON list of sessions, 1 MB at a time, until `totalMb` or until the client hangs up. */
async function endlessSessions(totalMb: number): Promise<{ url: string; written: () => number }> {
  let written = 0;
  const chunk = Buffer.from(`${'{"Id":"0123456789abcdef0123456789abcdef"},'.repeat(Math.floor((1024 * 1024) / 42))}`);
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.write('[');
    const pump = () => {
      while (written < totalMb * 1024 * 1024 && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end('{"Id":"last"}]');
    };
    pump();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, written: () => written };
}

describe('Jellyfin answers are read up to a limit (issue 9, point 13)', () => {
  it('a 300 MB /Sessions answer is refused with a clear error once it passes 32 MB, without reading the rest', async () => {
    const { url, written } = await endlessSessions(300);
    const client = new JellyfinClient({ url, apiKey: 'k', identity: IDENTITY, timeoutMs: 20_000 });
    await expect(client.sessions()).rejects.toMatchObject({
      kind: 'too-large',
      message: "Jellyfin's answer to GET /Sessions is larger than 32 MB: refused",
    });
    await client.close();
    // The server stops at the hang-up, far short of 300 MB (what it had buffered towards the socket is all).
    expect(written()).toBeLessThan(100 * 1024 * 1024);
  });

  it('an answer under the limit is read whole', async () => {
    const { url } = await endlessSessions(3);
    const client = new JellyfinClient({ url, apiKey: 'k', identity: IDENTITY });
    const sessions = await client.sessions();
    expect(sessions.at(-1)?.Id).toBe('last');
    expect(sessions.length).toBeGreaterThan(70_000);
    await client.close();
  });
});
