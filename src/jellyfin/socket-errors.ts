import { describeNetworkError, isTlsCode } from '../http/network-error';
import { WebSocketProtocolError } from '../http/websocket/frame-reader';
import { WebSocketHandshakeError } from '../http/websocket/handshake';
import type { WebSocketCloseEvent } from '../http/websocket/websocket-client';
import { JellyfinError } from './errors';
import type { ServerUrl } from './server-url';

/**
 * Why the session socket ended, in the words the watcher's state shows: `failure` is what the client
 * reported before its close (none for a plain close), `opened` whether the upgrade had succeeded.
 */
export function socketClosedError(event: WebSocketCloseEvent, failure: Error | undefined, opened: boolean, server: ServerUrl): Error {
  if (failure instanceof WebSocketProtocolError) {
    return new JellyfinError('network', `closed the connection to Jellyfin (code ${failure.closeCode}): ${failure.message}`);
  }
  if (!opened && failure) return upgradeError(failure, server);
  if (!opened) return new JellyfinError('network', `the socket connection to ${new URL(server.base).host} ended before the handshake`);
  return new JellyfinError(
    'network',
    event.code === 1006 ? 'the connection to Jellyfin was lost' : `Jellyfin closed the connection (code ${event.code})`,
  );
}

/** The upgrade of `GET /socket` failed: a refused key, a wrong path, a network or TLS error. */
function upgradeError(err: Error, server: ServerUrl): JellyfinError {
  if (err instanceof WebSocketHandshakeError) {
    switch (err.status) {
      case 401:
      case 403:
        return new JellyfinError('unauthorized', 'Jellyfin refused the API key for its socket (wrong or deleted key?)', err.status);
      case 404:
        return new JellyfinError(
          'not-found',
          `Jellyfin has no socket at ${server.socket} (HTTP 404): check the URL and its base path`,
          404,
        );
      case 101:
      case undefined:
        return new JellyfinError('network', `Jellyfin's socket handshake failed: ${err.message}`);
      default:
        return new JellyfinError(
          err.status >= 500 ? 'server' : 'network',
          `Jellyfin answered the socket upgrade with HTTP ${err.status} instead of switching to WebSocket`,
          err.status,
        );
    }
  }
  const url = new URL(server.base);
  const described = describeNetworkError(err, url.host, url.protocol === 'https:');
  return new JellyfinError(isTlsCode(described.code) ? 'tls' : 'network', described.message);
}
