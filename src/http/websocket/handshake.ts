import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** RFC 6455 §1.3: the server proves it read the key by hashing it with this GUID. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The server did not switch to WebSocket: `status` is its HTTP status when it answered with one. */
export class WebSocketHandshakeError extends Error {
  override readonly name = 'WebSocketHandshakeError';

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function handshakeKey(): string {
  return randomBytes(16).toString('base64');
}

export function expectedAccept(key: string): string {
  return createHash('sha1')
    .update(key + ACCEPT_GUID)
    .digest('base64');
}

/** The headers of the upgrade request; `extra` (e.g. Authorization) cannot replace the handshake's own. */
export function upgradeHeaders(key: string, extra: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return {
    ...headers,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': key,
  };
}

/** Why a 101 answer cannot be taken (RFC 6455 §4.1, the client's checks), or undefined when it can. */
export function refusedUpgrade(headers: IncomingHttpHeaders, key: string): string | undefined {
  if (headers.upgrade?.toLowerCase() !== 'websocket') return 'the server switched to another protocol than WebSocket';
  if (!/(?:^|,)\s*upgrade\s*(?:,|$)/i.test(headers.connection ?? '')) return 'the server answered without "Connection: Upgrade"';
  if (headers['sec-websocket-accept'] !== expectedAccept(key)) return 'the server answered with a wrong Sec-WebSocket-Accept';
  // Neither was asked for, so the server may not pick one (§4.1, points 5 and 6).
  if (headers['sec-websocket-extensions']) return 'the server chose a WebSocket extension that was not offered';
  if (headers['sec-websocket-protocol']) return 'the server chose a WebSocket subprotocol that was not offered';
  return undefined;
}

export function statusText(status: number, message: string | undefined): string {
  return message ? `HTTP ${status} ${message}` : `HTTP ${status}`;
}
