import { describe, expect, it } from 'vitest';
import { sessionsFrom, usersFrom } from '../../src/jellyfin/dto';
import { userScreens } from '../../src/notify/screens';
import { findUserByName, targetUser, userIdOf } from '../../src/notify/target-user';
import { DLNA_RENDERER_COMMANDS } from '../../tools/jellyfin-simulator/src';

const ALICE = '5e1b2c3d4e5f40718293a4b5c6d7e8f9';
const ALICE_DASHED = '5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const BOB = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const WEB_COMMANDS = ['MoveUp', 'DisplayMessage', 'SetVolume'];

describe('whom to tell', () => {
  it("a user id in either form becomes Jellyfin's 32 lowercase hex digits; anything else is not an id", () => {
    expect(userIdOf(ALICE_DASHED)).toBe(ALICE);
    expect(userIdOf(` ${ALICE.toUpperCase()} `)).toBe(ALICE);
    expect(userIdOf('alice')).toBeUndefined();
    expect(userIdOf(`${ALICE}0`)).toBeUndefined();
    expect(userIdOf('5e1b2c3d-4e5f40718293-a4b5c6d7e8f9')).toBeUndefined();
  });

  it("the node's user wins, then msg.media.jellyfinUserId, then msg.media.userName; a bad id or none is a reason, not a guess", () => {
    expect(targetUser('', { jellyfinUserId: ALICE_DASHED, userName: 'bob' })).toEqual({ kind: 'id', id: ALICE });
    expect(targetUser('Bob', { jellyfinUserId: ALICE_DASHED })).toEqual({ kind: 'name', name: 'Bob' });
    expect(targetUser(` ${BOB} `, { jellyfinUserId: ALICE })).toEqual({ kind: 'id', id: BOB });
    expect(targetUser('', { userName: 'alice' })).toEqual({ kind: 'name', name: 'alice' });
    expect(targetUser('  ', { jellyfinUserId: '../../Users', userName: 'alice' })).toEqual({
      problem: 'msg.media.jellyfinUserId "../../Users" is not a Jellyfin user id',
    });
    expect(targetUser('', undefined)).toMatchObject({ problem: expect.stringContaining('no user') });
    expect(targetUser('', { jellyfinUserId: 42 })).toMatchObject({ problem: expect.stringContaining('no user') });
  });

  it('a name matches regardless of case, as Jellyfin compares names; GET /Users entries without a name or id are skipped', () => {
    const users = usersFrom([{ Name: 'Alice', Id: ALICE }, { Name: 'bob', Id: BOB }, { Name: 'ghost' }, null, { Id: 'x' }]);
    expect(users?.map((user) => user.Name)).toEqual(['Alice', 'bob']);
    expect(findUserByName(users!, 'ALICE')?.Id).toBe(ALICE);
    expect(findUserByName(users!, 'Bob')?.Id).toBe(BOB);
    expect(findUserByName(users!, 'carol')).toBeUndefined();
    expect(usersFrom({ Items: [] })).toBeUndefined();
  });
});

describe('which screens of a user show a message (fact sheet §6.3.1)', () => {
  const session = (id: string, fields: Record<string, unknown>) => ({
    Id: id,
    Client: 'Jellyfin Web',
    DeviceName: id,
    IsActive: true,
    ...fields,
  });

  it("every active session of the user that lists DisplayMessage; not a DLNA renderer, not a closed one, not another user's, not a user-less one", () => {
    const sessions = sessionsFrom([
      session('tv', { UserId: ALICE, UserName: 'alice', SupportedCommands: WEB_COMMANDS }),
      session('phone', { UserId: ALICE.toUpperCase(), SupportedCommands: WEB_COMMANDS, Client: 'Jellyfin Android' }),
      session('renderer', { UserId: ALICE, SupportedCommands: DLNA_RENDERER_COMMANDS, Client: 'DLNA' }),
      session('closed', { UserId: ALICE, SupportedCommands: WEB_COMMANDS, IsActive: false }),
      session('no-capabilities', { UserId: ALICE }),
      session('bobs-tv', { UserId: BOB, SupportedCommands: WEB_COMMANDS }),
      session('node-red', { UserId: '00000000000000000000000000000000', SupportedCommands: [] }),
      session('shared', {
        UserId: BOB,
        UserName: 'bob',
        AdditionalUsers: [{ UserId: ALICE, UserName: 'alice' }],
        SupportedCommands: WEB_COMMANDS,
      }),
    ])!;
    const { screens, silent } = userScreens(sessions, ALICE);
    expect(screens).toEqual([
      { id: 'tv', deviceName: 'tv', client: 'Jellyfin Web' },
      { id: 'phone', deviceName: 'phone', client: 'Jellyfin Android' },
      { id: 'shared', deviceName: 'shared', client: 'Jellyfin Web' },
    ]);
    expect(silent).toBe(3);
    // Her name from her own session, never from a session she only joins.
    expect(userScreens(sessions, ALICE).userName).toBe('alice');
    expect(userScreens(sessions.slice(1), ALICE).userName).toBeUndefined();
    expect(userScreens(sessions, 'c'.repeat(32))).toEqual({ screens: [], silent: 0 });
  });

  it('a malformed SupportedCommands or AdditionalUsers loses that list (reported), not the session', () => {
    const reported: string[] = [];
    const sessions = sessionsFrom(
      [
        session('mixed', { UserId: ALICE, SupportedCommands: ['DisplayMessage', 7, null] }),
        session('broken', { UserId: ALICE, SupportedCommands: 'DisplayMessage' }),
        session('odd-guests', {
          UserId: BOB,
          AdditionalUsers: [{ UserId: ALICE }, { UserId: 5 }, 'alice'],
          SupportedCommands: WEB_COMMANDS,
        }),
      ],
      (field) => reported.push(field),
    )!;
    expect(sessions.map((s) => s.SupportedCommands)).toEqual([['DisplayMessage'], undefined, WEB_COMMANDS]);
    expect(sessions[2].AdditionalUsers).toEqual([{ UserId: ALICE }]);
    expect(reported).toEqual(['session.SupportedCommands', 'session.SupportedCommands', 'session.AdditionalUsers']);
    expect(userScreens(sessions, ALICE).screens.map((screen) => screen.id)).toEqual(['mixed', 'odd-guests']);
  });
});
