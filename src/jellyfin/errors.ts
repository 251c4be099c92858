/** What went wrong talking to Jellyfin, in words a Node-RED user can act on. */
export type JellyfinErrorKind =
  | 'unauthorized'
  | 'not-found'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'not-jellyfin'
  | 'too-large'
  | 'cancelled'
  /** An id that cannot be one path segment (".", "..", a "/"…): refused before sending. */
  | 'invalid-id';

export class JellyfinError extends Error {
  override readonly name = 'JellyfinError';

  constructor(
    readonly kind: JellyfinErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function isJellyfinError(err: unknown, kind?: JellyfinErrorKind): err is JellyfinError {
  return err instanceof JellyfinError && (kind === undefined || err.kind === kind);
}
