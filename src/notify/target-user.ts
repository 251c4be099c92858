import type { UserDto } from '../jellyfin/dto';
import { isObject } from '../util/guards';
import { printable } from '../util/printable';

/** Whom to tell: a user id ("N" form, as Jellyfin writes it), or a name still to be looked up (`GET /Users`). */
export type TargetUser = { readonly kind: 'id'; readonly id: string } | { readonly kind: 'name'; readonly name: string };

const N_GUID = /^[0-9a-f]{32}$/i;
const DASHED_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Jellyfin user id in the form Jellyfin writes (32 lowercase hex digits) from either form a flow may
 * hold: JellyNext and `jellyfin-virtual-play` write it dashed, Jellyfin without dashes. Undefined when
 * the text is not a Guid at all.
 */
export function userIdOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (N_GUID.test(trimmed)) return trimmed.toLowerCase();
  if (DASHED_GUID.test(trimmed)) return trimmed.replaceAll('-', '').toLowerCase();
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The user the node names (an id or a name) wins; else `msg.media.jellyfinUserId`, else
 * `msg.media.userName`. Answers the reason when there is none or the id is not one.
 */
export function targetUser(configured: string, media: unknown): TargetUser | { readonly problem: string } {
  const fromNode = nonEmpty(configured);
  if (fromNode !== undefined) {
    const id = userIdOf(fromNode);
    return id ? { kind: 'id', id } : { kind: 'name', name: fromNode };
  }
  const fields = isObject(media) ? media : {};
  const idText = nonEmpty(fields.jellyfinUserId);
  if (idText !== undefined) {
    const id = userIdOf(idText);
    return id ? { kind: 'id', id } : { problem: `msg.media.jellyfinUserId "${printable(idText, 40)}" is not a Jellyfin user id` };
  }
  const name = nonEmpty(fields.userName);
  if (name !== undefined) return { kind: 'name', name };
  return { problem: 'no user: set msg.media.jellyfinUserId (or msg.media.userName), or name a user in the node' };
}

/** The user of that name; Jellyfin's names are unique regardless of case (fact sheet §6.8). */
export function findUserByName(users: readonly UserDto[], name: string): UserDto | undefined {
  const wanted = name.toUpperCase();
  return users.find((user) => user.Name.toUpperCase() === wanted);
}
