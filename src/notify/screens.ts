import type { SessionDto } from '../jellyfin/dto';

/** One screen a message went to (or would go to), as `msg.notified.sessions` lists it. */
export interface Screen {
  readonly id: string;
  readonly deviceName: string;
  readonly client: string;
}

export interface UserScreens {
  /** Sessions of the user that show messages. */
  readonly screens: readonly Screen[];
  /** Sessions of the user that cannot: no `DisplayMessage` among their commands, or no open connection. */
  readonly silent: number;
  /** The user's name as one of their own sessions gives it. */
  readonly userName?: string;
}

/** The user watches this session: its user, or one of its additional users (`SessionInfo.ContainsUser`). */
function belongsTo(session: SessionDto, userId: string): boolean {
  if (session.UserId?.toLowerCase() === userId) return true;
  return (session.AdditionalUsers ?? []).some((other) => other.UserId?.toLowerCase() === userId);
}

/**
 * The user's sessions that can show a message (fact sheet §6.3.1): `DisplayMessage` among their
 * `SupportedCommands` (a DLNA renderer or a music player has none) and active, i.e. an open
 * connection — Jellyfin accepts a message for any session but only such a client shows it.
 */
export function userScreens(sessions: readonly SessionDto[], userId: string): UserScreens {
  const screens: Screen[] = [];
  let silent = 0;
  let userName: string | undefined;
  for (const session of sessions) {
    if (!belongsTo(session, userId)) continue;
    if (session.UserId?.toLowerCase() === userId) userName ??= session.UserName ?? undefined;
    if (session.IsActive === false || !(session.SupportedCommands ?? []).includes('DisplayMessage')) {
      silent++;
      continue;
    }
    screens.push({ id: session.Id, deviceName: session.DeviceName ?? '', client: session.Client ?? '' });
  }
  return userName === undefined ? { screens, silent } : { screens, silent, userName };
}
