import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { md5Guid, ZERO_GUID } from '../src';
import { frame, guidFromBytes, jsonDate, parseGuid } from '../src/wire';
import { api, harness, http, wireProblems } from './helpers';

const h = harness();
afterEach(() => h.cleanup());

describe('wire conventions (§0.1)', () => {
  it('writes PascalCase, omits nulls, "N" guids and 7-digit UTC dates in REST bodies', async () => {
    const sim = await h.start();
    const player = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' });
    sim.play(player, sim.catalogue!.breakingBadS02E01);

    const publicInfo = await http('GET', `${sim.url}/System/Info/Public`);
    const info = await api(sim, 'GET', '/System/Info');
    const sessions = await api(sim, 'GET', '/Sessions');
    const item = await api(sim, 'GET', `/Items/${sim.catalogue!.breakingBadS02E01}?userId=${sim.defaultUserId}`);
    for (const answer of [publicInfo, info, sessions, item]) {
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(answer.text).not.toContain('null');
      expect(wireProblems(answer.json())).toEqual([]);
    }
    const session = sessions.json<any[]>().find((s) => s.Id === player);
    expect(session.LastActivityDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(session.UserId).toMatch(/^[0-9a-f]{32}$/);
    expect(session.NowPlayingItem.Id).toBe(sim.catalogue!.breakingBadS02E01);
    expect(session.NowPlayingItem.PremiereDate).toBe('2009-03-08T00:00:00.0000000Z');
    expect(session.PlayState).toMatchObject({ IsPaused: false, PlayMethod: 'DirectPlay', RepeatMode: 'RepeatNone' });
  });

  it('derives session ids as Jellyfin does: MD5(Client + DeviceId) over UTF-16LE, read as a .NET Guid', async () => {
    // .NET: new Guid(new byte[] {0, 1, …, 15}).ToString("N") — the first three fields are little-endian.
    expect(guidFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i))).toBe('030201000504070608090a0b0c0d0e0f');
    const digest = createHash('md5').update(Buffer.from('ab', 'utf16le')).digest();
    expect(md5Guid('ab')).toBe(guidFromBytes(digest));
    const sim = await h.start();
    expect(sim.addSession({ client: 'Jellyfin Web', deviceName: 'Firefox', deviceId: 'web-1' })).toBe(md5Guid('Jellyfin Webweb-1'));
  });

  it('reads Guids in N, D, B and P formats and writes dates with 100 ns digits', () => {
    expect(parseGuid('A1B2C3D4-E5F6-7890-1234-567890ABCDEF')).toBe('a1b2c3d4e5f678901234567890abcdef');
    expect(parseGuid('{a1b2c3d4-e5f6-7890-1234-567890abcdef}')).toBe('a1b2c3d4e5f678901234567890abcdef');
    expect(parseGuid('(a1b2c3d4-e5f6-7890-1234-567890abcdef)')).toBe('a1b2c3d4e5f678901234567890abcdef');
    expect(parseGuid('{a1b2c3d4-e5f6-7890-1234-567890abcdef)')).toBeUndefined();
    expect(parseGuid('not-a-guid')).toBeUndefined();
    expect(jsonDate(Date.UTC(2026, 2, 1, 20, 15, 31, 123) + 0.4567)).toBe('2026-03-01T20:15:31.1234567Z');
    expect(jsonDate(Date.UTC(2026, 2, 1, 20, 15, 31, 0))).toBe('2026-03-01T20:15:31.0000000Z');
    expect(jsonDate(0)).toBe('0001-01-01T00:00:00.0000000Z');
  });

  it('orders frame properties MessageId, Data, MessageType (10.9+) and MessageType first on 10.8 (§2.1)', () => {
    expect(frame('messageId-first', 'ForceKeepAlive', 'ab', 60)).toBe('{"MessageId":"ab","Data":60,"MessageType":"ForceKeepAlive"}');
    expect(frame('messageId-first', 'KeepAlive', 'ab')).toBe('{"MessageId":"ab","MessageType":"KeepAlive"}');
    expect(frame('messageType-first', 'ForceKeepAlive', 'ab', 60)).toBe('{"MessageType":"ForceKeepAlive","MessageId":"ab","Data":60}');
  });

  it('gives a session without a user the all-zeros UserId and no UserName', async () => {
    const sim = await h.start();
    const id = sim.addSession({ client: 'DLNA', deviceName: 'TV', deviceId: 'tv-1', supportsRemoteControl: false });
    const session = sim.sessionInfo(id)!;
    expect(session.UserId).toBe(ZERO_GUID);
    expect(session).not.toHaveProperty('UserName');
    expect(session).not.toHaveProperty('NowPlayingItem');
    expect(session.PlayState).toEqual({
      CanSeek: false,
      IsPaused: false,
      IsMuted: false,
      RepeatMode: 'RepeatNone',
      PlaybackOrder: 'Default',
    });
    expect(session.Capabilities).toEqual({
      PlayableMediaTypes: [],
      SupportedCommands: [],
      SupportsMediaControl: false,
      SupportsPersistentIdentifier: true,
    });
    expect(session.SupportsRemoteControl).toBe(false);
    expect(session.LastPlaybackCheckIn).toBe('0001-01-01T00:00:00.0000000Z');
  });

  it('hands out the same ids for the same seed', async () => {
    const a = await h.start({ seed: 42 });
    const b = await h.start({ seed: 42 });
    const c = await h.start({ seed: 43 });
    expect(a.serverId).toBe(b.serverId);
    expect(a.apiKey).toBe(b.apiKey);
    expect(a.defaultUserId).toBe(b.defaultUserId);
    expect(a.addUser('bob')).toBe(b.addUser('bob'));
    expect(a.catalogue).toEqual(b.catalogue);
    expect(c.serverId).not.toBe(a.serverId);
    for (const id of [a.serverId, a.apiKey, a.defaultUserId]) expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });
});
