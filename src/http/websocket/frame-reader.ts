/**
 * Reads the frames a WebSocket server sends (RFC 6455 §5) from socket chunks of any size: a frame may
 * arrive a byte at a time or many frames in one chunk. Payload bytes are kept as the chunks' slices and
 * joined once per message, so the work stays linear in the bytes received.
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Close codes this side sends when the server breaks the protocol (RFC 6455 §7.4.1). */
export const CLOSE_CODE = { normal: 1000, protocolError: 1002, noStatus: 1005, abnormal: 1006, invalidData: 1007, tooBig: 1009 } as const;

export type ReceivedFrame =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly data: Buffer }
  | { readonly kind: 'ping'; readonly payload: Buffer }
  | { readonly kind: 'pong'; readonly payload: Buffer }
  /** `code` 1005 when the close frame carried none. */
  | { readonly kind: 'close'; readonly code: number; readonly reason: string };

/** The server broke the protocol: the connection is to be closed with `closeCode`. */
export class WebSocketProtocolError extends Error {
  override readonly name = 'WebSocketProtocolError';

  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_CONTROL_PAYLOAD = 125;
const WAIT = Symbol('wait for more bytes');
/** 2^53 / 2^32: a 64-bit length whose high word reaches this is beyond Number.MAX_SAFE_INTEGER. */
const SAFE_HIGH_WORD = 0x200000;

interface FrameHeader {
  readonly fin: boolean;
  readonly opcode: number;
  readonly length: number;
}

export class FrameReader {
  /** Received bytes not read yet: whole chunks, the first possibly partly read (`offset`). */
  private chunks: Buffer[] = [];
  private offset = 0;
  private buffered = 0;
  /** The frame whose payload is being read, and how much of it is still to come. */
  private header: FrameHeader | undefined;
  private remaining = 0;
  private payload: Buffer[] = [];
  /** The data message being reassembled from fragments, if any. */
  private messageOpcode: number | undefined;
  private messageParts: Buffer[] = [];
  private messageBytes = 0;
  private failed: WebSocketProtocolError | undefined;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  /** `maxMessageBytes`: the largest message taken; a larger one fails with close code 1009 before its payload is read. */
  constructor(private readonly maxMessageBytes: number) {}

  /**
   * Reads `chunk`, handing each frame it completes to `onFrame` in order. On a violation, throws a
   * WebSocketProtocolError after the frames before it were handed on (and on every later call).
   */
  push(chunk: Buffer, onFrame: (frame: ReceivedFrame) => void): void {
    if (this.failed) throw this.failed;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    for (;;) {
      let frame: ReceivedFrame | undefined | typeof WAIT;
      try {
        frame = this.next();
      } catch (err) {
        this.failed = err instanceof WebSocketProtocolError ? err : new WebSocketProtocolError(CLOSE_CODE.protocolError, String(err));
        this.chunks = [];
        this.payload = [];
        this.messageParts = [];
        throw this.failed;
      }
      if (frame === WAIT) return;
      if (frame) onFrame(frame);
    }
  }

  /** The next frame, undefined for a fragment that does not finish its message, WAIT until more bytes come. */
  private next(): ReceivedFrame | undefined | typeof WAIT {
    if (!this.header) {
      this.header = this.readHeader();
      if (!this.header) return WAIT;
      this.remaining = this.header.length;
    }
    this.readPayload();
    if (this.remaining > 0) return WAIT;
    const header = this.header;
    this.header = undefined;
    return this.finishFrame(header);
  }

  /** The next frame header once all of its 2–10 bytes are here (server frames carry no mask). */
  private readHeader(): FrameHeader | undefined {
    if (this.buffered < 2) return undefined;
    const start = this.peek(2);
    const lengthCode = start[1]! & 0x7f;
    const size = lengthCode === 127 ? 10 : lengthCode === 126 ? 4 : 2;
    if (this.buffered < size) return undefined;
    const bytes = size === 2 ? start : this.peek(size);
    this.skip(size);
    const first = bytes[0]!;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) throw protocolError('a frame with reserved bits set (no extension was agreed)');
    if ((bytes[1]! & 0x80) !== 0) throw protocolError('a masked frame from the server');
    let length = lengthCode;
    if (lengthCode === 126) length = bytes.readUInt16BE(2);
    else if (lengthCode === 127) {
      const high = bytes.readUInt32BE(2);
      if (high >= 0x80000000) throw protocolError('a frame length with its most significant bit set');
      // Beyond 2^53 the length is not even a safe number; no cap lets it through.
      if (high >= SAFE_HIGH_WORD) throw this.tooBig();
      length = high * 0x100000000 + bytes.readUInt32BE(6);
    }
    this.checkFrame(fin, opcode, length);
    return { fin, opcode, length };
  }

  private checkFrame(fin: boolean, opcode: number, length: number): void {
    switch (opcode) {
      case OPCODE.close:
      case OPCODE.ping:
      case OPCODE.pong:
        if (!fin) throw protocolError('a fragmented control frame');
        if (length > MAX_CONTROL_PAYLOAD) throw protocolError(`a control frame of ${length} bytes (at most 125 allowed)`);
        return;
      case OPCODE.continuation:
        if (this.messageOpcode === undefined) throw protocolError('a continuation frame without a message to continue');
        break;
      case OPCODE.text:
      case OPCODE.binary:
        if (this.messageOpcode !== undefined) throw protocolError('a new message before the fragmented one was finished');
        break;
      default:
        throw protocolError(`a frame with the unknown opcode ${opcode}`);
    }
    if (this.messageBytes + length > this.maxMessageBytes) throw this.tooBig();
  }

  private tooBig(): WebSocketProtocolError {
    return new WebSocketProtocolError(
      CLOSE_CODE.tooBig,
      `the server sent a message larger than ${formatBytes(this.maxMessageBytes)}, the most this client takes`,
    );
  }

  /** Moves what is here of the current payload into `payload`, as slices of the chunks. */
  private readPayload(): void {
    while (this.remaining > 0 && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const available = chunk.length - this.offset;
      const taken = Math.min(available, this.remaining);
      this.payload.push(chunk.subarray(this.offset, this.offset + taken));
      this.remaining -= taken;
      this.skip(taken);
    }
  }

  private finishFrame(header: FrameHeader): ReceivedFrame | undefined {
    const parts = this.payload;
    this.payload = [];
    switch (header.opcode) {
      case OPCODE.ping:
        return { kind: 'ping', payload: join(parts, header.length) };
      case OPCODE.pong:
        return { kind: 'pong', payload: join(parts, header.length) };
      case OPCODE.close:
        return this.closeFrame(join(parts, header.length));
      default:
        break;
    }
    if (header.opcode !== OPCODE.continuation) this.messageOpcode = header.opcode;
    for (const part of parts) this.messageParts.push(part);
    this.messageBytes += header.length;
    if (!header.fin) return undefined;
    const data = join(this.messageParts, this.messageBytes);
    const opcode = this.messageOpcode;
    this.messageOpcode = undefined;
    this.messageParts = [];
    this.messageBytes = 0;
    return opcode === OPCODE.text ? { kind: 'text', text: this.decode(data, 'a text message') } : { kind: 'binary', data };
  }

  private closeFrame(payload: Buffer): ReceivedFrame {
    if (payload.length === 0) return { kind: 'close', code: CLOSE_CODE.noStatus, reason: '' };
    if (payload.length === 1) throw protocolError('a close frame with a one-byte payload');
    const code = payload.readUInt16BE(0);
    if (!isValidCloseCode(code)) throw protocolError(`a close frame with the code ${code}, which may not be sent`);
    return { kind: 'close', code, reason: this.decode(payload.subarray(2), 'the close reason') };
  }

  private decode(data: Buffer, what: string): string {
    try {
      return this.utf8.decode(data);
    } catch {
      throw new WebSocketProtocolError(CLOSE_CODE.invalidData, `the server sent ${what} that is not valid UTF-8`);
    }
  }

  /** The next `size` bytes (all buffered) without reading them; copies only when they span chunks. */
  private peek(size: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length - this.offset >= size) return first.subarray(this.offset, this.offset + size);
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    let offset = this.offset;
    for (const chunk of this.chunks) {
      filled += chunk.copy(bytes, filled, offset, Math.min(chunk.length, offset + size - filled));
      offset = 0;
      if (filled === size) break;
    }
    return bytes;
  }

  private skip(size: number): void {
    this.buffered -= size;
    let left = size;
    while (left > 0) {
      const available = this.chunks[0]!.length - this.offset;
      if (left < available) {
        this.offset += left;
        return;
      }
      left -= available;
      this.chunks.shift();
      this.offset = 0;
    }
  }
}

function protocolError(what: string): WebSocketProtocolError {
  return new WebSocketProtocolError(CLOSE_CODE.protocolError, `the server broke the WebSocket protocol: ${what}`);
}

/** RFC 6455 §7.4: codes an endpoint may put in a close frame (1004–1006 and 1015 are reserved for reports). */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

function join(parts: Buffer[], length: number): Buffer {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${bytes} bytes`;
}
