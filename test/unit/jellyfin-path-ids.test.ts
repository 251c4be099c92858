// Issue 9.4 (stop side): ids from a message go into REST paths. "." or ".." would collapse a segment
// (POST /Sessions/../Playing/Stop reaches POST /Playing/Stop), and anything but an id's characters has
// no business there, so such ids are refused before a request is made.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import { isJellyfinError } from '../../src/jellyfin/errors';
import { Receiver } from '../support/receiver';

const IDENTITY = { client: 'Node-RED', device: 'test', deviceId: 'test-device', version: '0.0.0' };
const USER = '5e1b2c3d4e5f40718293a4b5c6d7e8f9';
const ITEM = '3b0f2c6d9e8a4b7c9d1e2f3a4b5c6d7e';

let receiver: Receiver;
let client: JellyfinClient;

beforeAll(async () => {
  receiver = await new Receiver().start();
  client = new JellyfinClient({ url: receiver.url, apiKey: 'k', identity: IDENTITY, timeoutMs: 2000 });
});
afterAll(async () => {
  await client.close();
  await receiver.stop();
});
afterEach(() => receiver.reset());

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('ids in Jellyfin REST paths', () => {
  const calls: Array<[string, (id: string) => Promise<unknown>]> = [
    ['message', (id) => client.sendMessage(id, { header: 'h', text: 't', timeoutMs: 1000 })],
    ['stop', (id) => client.stopPlayback(id)],
    ['mark unplayed', (id) => client.markUnplayed(id, USER)],
    ['item', (id) => client.item(id, USER)],
  ];

  for (const [name, call] of calls) {
    it(`${name}: ".", "..", "%2E%2E" and ids with other characters are refused without a request`, async () => {
      for (const id of ['.', '..', '%2E%2E', 'a/b', 'a?b', '', 'x'.repeat(200)]) {
        const err = await refusal(() => call(id));
        expect(isJellyfinError(err, 'invalid-id'), `${name} ${JSON.stringify(id)}`).toBe(true);
        expect((err as Error).message).toContain('not a Jellyfin id');
      }
      expect(receiver.requests).toEqual([]);
    });
  }

  it('plain ids (Jellyfin "N" and dashed Guids) are sent as they are', async () => {
    await client.stopPlayback(ITEM);
    await client.markUnplayed('5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9', USER);
    expect(receiver.requests.map((r) => r.url)).toEqual([
      `/Sessions/${ITEM}/Playing/Stop`,
      `/UserPlayedItems/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9?userId=${USER}`,
    ]);
  });
});
