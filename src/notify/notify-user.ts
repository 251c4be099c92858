import { isJellyfinError } from '../jellyfin/errors';
import type { DisplayMessage } from '../jellyfin/rest-client';
import type { JellyfinConnection } from '../playback/connection';
import { isApiKeyBug, UPGRADE_10_9_3, withRetries } from '../stop/stop-playback';
import { errorText } from '../util/guards';
import { printable } from '../util/printable';
import { userScreens, type Screen } from './screens';
import { findUserByName, type TargetUser } from './target-user';

/** The node's texts when the flow sets none: the arrival, said on the screen the requester watches. */
export const DEFAULT_NOTIFY_HEADER = 'Now available';
export const DEFAULT_NOTIFY_TEXT = '{displayTitle} is ready to watch.';

/** What `jellyfin-notify` puts in `msg.notified`. */
export interface NotifyOutcome {
  /** How many screens were told. 0 with no `error`: the user has no screen open that shows messages. */
  count: number;
  sessions: Screen[];
  /** The user told, in Jellyfin's form (32 hex digits); "" when not known. */
  userId: string;
  /** The user's Jellyfin name: found by name, or as one of their sessions gives it; absent when neither. */
  userName?: string;
  /** The user's sessions that cannot show a message (a DLNA renderer, a music player). */
  silent: number;
  error?: string;
  /** Jellyfin 10.9.0–10.9.2 refuse messages sent with an API key: upgrading is the fix. */
  upgradeNeeded?: boolean;
}

async function resolve(connection: JellyfinConnection, target: TargetUser): Promise<{ id: string; name?: string } | string> {
  if (target.kind === 'id') return { id: target.id };
  const user = findUserByName(await connection.client.users(), target.name);
  if (!user) return `Jellyfin has no user named "${printable(target.name, 60)}"`;
  return { id: user.Id.replaceAll('-', '').toLowerCase(), name: user.Name };
}

/**
 * Puts the message on every screen of the user that can show one, all at once. Never throws: a
 * user without such a screen is `count: 0`, and problems (Jellyfin unreachable, an unknown user) end
 * up in `error`. A session that ended between the list and the message is not counted and not an error.
 */
export async function notifyUser(
  connection: JellyfinConnection,
  target: TargetUser,
  message: DisplayMessage,
  signal: AbortSignal,
): Promise<NotifyOutcome> {
  const outcome: NotifyOutcome = { count: 0, sessions: [], userId: target.kind === 'id' ? target.id : '', silent: 0 };
  let screens: readonly Screen[];
  try {
    const user = await resolve(connection, target);
    if (typeof user === 'string') return { ...outcome, error: user };
    outcome.userId = user.id;
    if (user.name !== undefined) outcome.userName = user.name;
    const found = userScreens(await withRetries(() => connection.client.sessions(), signal), user.id);
    screens = found.screens;
    outcome.silent = found.silent;
    if (outcome.userName === undefined && found.userName !== undefined) outcome.userName = found.userName;
  } catch (err) {
    return { ...outcome, error: errorText(err) };
  }
  const errors = new Set<string>();
  const told = await Promise.all(
    screens.map(async (screen) => {
      try {
        await withRetries(() => connection.client.sendMessage(screen.id, message), signal);
        return true;
      } catch (err) {
        if (isJellyfinError(err, 'not-found')) return false;
        if (await isApiKeyBug(err, connection)) {
          outcome.upgradeNeeded = true;
          errors.add(UPGRADE_10_9_3);
        } else {
          errors.add(errorText(err));
        }
        return false;
      }
    }),
  );
  // In the order Jellyfin listed them, whichever answered first.
  outcome.sessions = screens.filter((_, i) => told[i]);
  outcome.count = outcome.sessions.length;
  if (errors.size > 0) outcome.error = [...errors].join('; ');
  return outcome;
}
