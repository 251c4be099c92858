/**
 * Hand-built WebSocket frames (RFC 6455 §5.2) for testing the client: what a server sends, built
 * byte by byte here rather than by the code under test, and a decoder for the client's masked frames.
 */

export interface FrameSpec {
  readonly opcode: number;
  readonly payload?: Buffer | string;
  /** Default true. */
  readonly fin?: boolean;
  /** RSV1–3 as a 3-bit number. */
  readonly rsv?: number;
  /** Mask the frame (servers must not). */
  readonly mask?: Buffer;
  /** Force a length encoding: 7, 16 or 64 bits (default: the smallest that fits). */
  readonly lengthBits?: 7 | 16 | 64;
  /** Announce this length instead of the payload's (for lengths no test can send). */
  readonly announcedLength?: bigint;
}

export function serverFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : (spec.payload ?? Buffer.alloc(0));
  const length = spec.announcedLength ?? BigInt(payload.length);
  const bits = spec.lengthBits ?? (length < 126n ? 7 : length < 65536n ? 16 : 64);
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode;
  const maskBit = spec.mask ? 0x80 : 0;
  let header: Buffer;
  if (bits === 7) header = Buffer.from([first, maskBit | Number(length)]);
  else if (bits === 16) {
    header = Buffer.from([first, maskBit | 126, 0, 0]);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!spec.mask) return Buffer.concat([header, payload]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ spec.mask![i % 4]!));
  return Buffer.concat([header, spec.mask, masked]);
}

export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const code2 = Buffer.alloc(2);
  code2.writeUInt16BE(code, 0);
  return Buffer.concat([code2, typeof reason === 'string' ? Buffer.from(reason, 'utf8') : reason]);
}

export interface DecodedClientFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly masked: boolean;
  readonly mask: Buffer;
  readonly payload: Buffer;
  /** Bytes the frame took. */
  readonly size: number;
}

/** Decodes one client frame from the start of `bytes` (undefined when it is not complete yet). */
export function decodeClientFrame(bytes: Buffer): DecodedClientFrame | undefined {
  if (bytes.length < 2) return undefined;
  let length = bytes[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = bytes.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(bytes.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (bytes[1]! & 0x80) !== 0;
  const mask = masked ? bytes.subarray(offset, offset + 4) : Buffer.alloc(4);
  if (masked) offset += 4;
  if (bytes.length < offset + length) return undefined;
  const payload = Buffer.from(bytes.subarray(offset, offset + length).map((byte, i) => byte ^ mask[i % 4]!));
  return { fin: (bytes[0]! & 0x80) !== 0, opcode: bytes[0]! & 0x0f, masked, mask: Buffer.from(mask), payload, size: offset + length };
}

/** Every complete client frame in `bytes`, in order. */
export function decodeClientFrames(bytes: Buffer): DecodedClientFrame[] {
  const frames: DecodedClientFrame[] = [];
  let rest = bytes;
  for (let frame = decodeClientFrame(rest); frame; frame = decodeClientFrame(rest)) {
    frames.push(frame);
    rest = rest.subarray(frame.size);
  }
  return frames;
}
