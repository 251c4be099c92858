import { randomFillSync } from 'node:crypto';
import { OPCODE } from './frame-reader';

/** A 4-byte masking key: random for every frame, as RFC 6455 §5.3 asks of clients. */
export function randomMask(): Buffer {
  return randomFillSync(Buffer.allocUnsafe(4));
}

/** One final, masked client frame (RFC 6455 §5.2): every frame a client sends must be masked. */
export function encodeFrame(opcode: number, payload: Buffer, mask: Buffer = randomMask()): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const headerSize = 2 + lengthBytes + 4;
  const frame = Buffer.allocUnsafe(headerSize + length);
  frame[0] = 0x80 | opcode;
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  mask.copy(frame, headerSize - 4, 0, 4);
  for (let i = 0; i < length; i++) frame[headerSize + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

export function textFrame(text: string, mask?: Buffer): Buffer {
  return encodeFrame(OPCODE.text, Buffer.from(text, 'utf8'), mask);
}

/** A close frame with `code` and a reason cut to fit the 125-byte control payload. */
export function closeFrame(code: number, reason = '', mask?: Buffer): Buffer {
  const reasonBytes = truncateUtf8(reason, 123);
  const payload = Buffer.allocUnsafe(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return encodeFrame(OPCODE.close, payload, mask);
}

/** At most `max` bytes of `text` in UTF-8, never ending inside a character. */
function truncateUtf8(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  // Continuation bytes are 10xxxxxx: step back to the start of the character that did not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
