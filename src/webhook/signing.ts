import { createHmac } from 'node:crypto';
import type { Signer } from './request';

export const TIMESTAMP_HEADER = 'X-JellyNext-Timestamp';
export const SIGNATURE_HEADER = 'X-JellyNext-Signature';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: receivers recompute it to trust the request and reject replays. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createSigner(secret: string, clock: () => number = Date.now): Signer {
  return (body) => {
    const timestamp = String(Math.floor(clock() / 1000));
    return [
      [TIMESTAMP_HEADER, timestamp],
      [SIGNATURE_HEADER, signature(secret, timestamp, body)],
    ];
  };
}
