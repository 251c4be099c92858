import { createHash } from 'node:crypto';
import type { OutboundWebSocketMessage } from '@jellyfin/sdk/lib/generated-client/models';

/**
 * Jellyfin's JSON conventions (docs/jellyfin-api.md §0.1): PascalCase names, nulls omitted, Guids in "N" format,
 * UTC dates with 7 fractional digits, enums as strings, durations in 100 ns ticks.
 *
 * DTO builders in this folder never put `null` into an object: an absent value is `undefined`, which
 * `JSON.stringify` drops — that is how "nulls are omitted" is honoured without a replacer pass.
 */

export const ZERO_GUID = '00000000000000000000000000000000';
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MS = 10_000;
/** How .NET writes `DateTime.MinValue` (an unset, non-nullable date). */
export const UNSET_DATE = '0001-01-01T00:00:00.0000000Z';

/** `new Guid(byte[16])` keeps the first three fields little-endian; "N" prints them big-endian. */
const DOTNET_GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function guidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('a Guid has 16 bytes');
  let out = '';
  for (const index of DOTNET_GUID_BYTE_ORDER) out += bytes[index]!.toString(16).padStart(2, '0');
  return out;
}

/** Jellyfin's `string.GetMD5()`: MD5 over the UTF-16LE bytes, read as a .NET Guid (session and item ids). */
export function md5Guid(text: string): string {
  return guidFromBytes(createHash('md5').update(Buffer.from(text, 'utf16le')).digest());
}

const N_FORMAT = /^[0-9a-f]{32}$/i;
const D_FORMAT = /^([{(]?)([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})([})]?)$/i;

/** Reads a Guid the way `Guid.Parse` does for the N, D, B and P formats; answers lowercase "N" or undefined. */
export function parseGuid(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (N_FORMAT.test(trimmed)) return trimmed.toLowerCase();
  const match = D_FORMAT.exec(trimmed);
  if (!match) return undefined;
  const open = match[1]!;
  const close = match[7]!;
  const paired = (open === '' && close === '') || (open === '{' && close === '}') || (open === '(' && close === ')');
  return paired ? match.slice(2, 7).join('').toLowerCase() : undefined;
}

/** "N" → "D" (`Guid.ToString()`), the form JellyNext uses in its folder names. */
export function dashedGuid(n: string): string {
  return `${n.slice(0, 8)}-${n.slice(8, 12)}-${n.slice(12, 16)}-${n.slice(16, 20)}-${n.slice(20)}`;
}

/** Wall-clock milliseconds with a sub-millisecond fraction, so dates carry real 7-digit fractions. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * `JsonDateTimeConverter` output: `yyyy-MM-ddTHH:mm:ss.fffffffZ` (§0.1). `ms` may carry a fraction
 * below the millisecond (100 ns resolution is kept). 0 or less means "unset".
 */
export function jsonDate(ms: number): string {
  if (!(ms > 0)) return UNSET_DATE;
  const whole = Math.floor(ms);
  const belowMs = Math.min(9_999, Math.floor((ms - whole) * TICKS_PER_MS));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(belowMs).padStart(4, '0')}Z`;
}

/** A date-only value as Jellyfin stores premiere dates (midnight UTC). */
export function dateOnly(isoDay: string): number {
  const ms = Date.parse(`${isoDay}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${isoDay}`);
  return ms;
}

export type FrameLayout = 'messageType-first' | 'messageId-first';

/** A server→client message type of Jellyfin 12.0's OpenAPI (§4). */
export type OutboundType = OutboundWebSocketMessage['MessageType'];

type DataOf<M> = 'Data' extends keyof M ? M['Data' & keyof M] : undefined;

/** The `Data` that OpenAPI declares for a message type (`undefined` for those without). */
export type OutboundData<T extends OutboundType> = DataOf<Extract<OutboundWebSocketMessage, { MessageType: T }>>;

/** Serializes one outbound frame in a version's layout, its `Data` typed by message type. */
export type FrameWriter = <T extends OutboundType>(messageType: T, messageId: string, data?: OutboundData<T>) => string;

/**
 * One server→client WebSocket text frame (§2.1). 10.9+ serialize `OutboundWebSocketMessage<T>`:
 * `MessageId, Data, MessageType`; 10.8 had one class `WebSocketMessage<T>` with
 * `MessageType, MessageId, ServerId, Data` (ServerId null → omitted). `Data` is omitted when absent.
 */
export function frame(layout: FrameLayout, messageType: string, messageId: string, data?: unknown): string {
  if (data !== undefined && data !== null) return frameWithRawData(layout, messageType, messageId, JSON.stringify(data));
  const type = JSON.stringify(messageType);
  const id = JSON.stringify(messageId);
  return layout === 'messageType-first' ? `{"MessageType":${type},"MessageId":${id}}` : `{"MessageId":${id},"MessageType":${type}}`;
}

/** `frame` with `Data` already serialized (used to share one serialized session list between sockets). */
export function frameWithRawData(layout: FrameLayout, messageType: string, messageId: string, dataJson: string): string {
  const type = JSON.stringify(messageType);
  const id = JSON.stringify(messageId);
  return layout === 'messageType-first'
    ? `{"MessageType":${type},"MessageId":${id},"Data":${dataJson}}`
    : `{"MessageId":${id},"Data":${dataJson},"MessageType":${type}}`;
}
