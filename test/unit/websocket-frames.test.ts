// The session socket's frame layer (src/http/websocket): the reader against hand-built server frames,
// fed whole, byte by byte and in random pieces; the writer's frames decoded by the test's own decoder.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameReader, OPCODE, WebSocketProtocolError, type ReceivedFrame } from '../../src/http/websocket/frame-reader';
import { closeFrame, encodeFrame, textFrame } from '../../src/http/websocket/frame-writer';
import { expectedAccept, refusedUpgrade, upgradeHeaders } from '../../src/http/websocket/handshake';
import { seededRandom } from '../support/random';
import { closePayload, decodeClientFrame, serverFrame } from '../support/websocket-frames';

const CAP = 1024 * 1024;

function readAll(bytes: Buffer, pieces: 'whole' | 'bytes' | number = 'whole', cap = CAP): ReceivedFrame[] {
  const reader = new FrameReader(cap);
  const frames: ReceivedFrame[] = [];
  if (pieces === 'whole') {
    reader.push(bytes, (frame) => frames.push(frame));
    return frames;
  }
  const random = seededRandom(typeof pieces === 'number' ? pieces : 1);
  for (let at = 0; at < bytes.length;) {
    const size = pieces === 'bytes' ? 1 : 1 + Math.floor(random() * 40);
    reader.push(bytes.subarray(at, at + size), (frame) => frames.push(frame));
    at += size;
  }
  return frames;
}

/** The protocol error reading `bytes` throws, whole and byte by byte alike. */
function violation(bytes: Buffer, cap = CAP): WebSocketProtocolError {
  const errors = (['whole', 'bytes'] as const).map((pieces) => {
    try {
      readAll(bytes, pieces, cap);
    } catch (err) {
      return err;
    }
    return undefined;
  });
  expect(errors[0]).toBeInstanceOf(WebSocketProtocolError);
  expect((errors[1] as WebSocketProtocolError).closeCode).toBe((errors[0] as WebSocketProtocolError).closeCode);
  return errors[0] as WebSocketProtocolError;
}

const text = (payload: string, fin = true) => serverFrame({ opcode: OPCODE.text, payload, fin });
const continuation = (payload: Buffer | string, fin = true) => serverFrame({ opcode: OPCODE.continuation, payload, fin });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FrameReader: what a server may send', () => {
  it('reads text frames with 7-, 16- and 64-bit lengths, however the bytes are cut', () => {
    const long = 'x'.repeat(70_000);
    const bytes = Buffer.concat([
      text('{"MessageType":"KeepAlive"}'),
      serverFrame({ opcode: OPCODE.text, payload: 'é'.repeat(200) }),
      serverFrame({ opcode: OPCODE.text, payload: 'short in 64 bits', lengthBits: 64 }),
      text(long),
    ]);
    const expected = ['{"MessageType":"KeepAlive"}', 'é'.repeat(200), 'short in 64 bits', long].map((t) => ({ kind: 'text', text: t }));
    for (const pieces of ['whole', 'bytes', 7, 8, 9] as const) expect(readAll(bytes, pieces), String(pieces)).toEqual(expected);
  });

  it('reassembles a fragmented message, with control frames between its fragments, at every cut', () => {
    const bytes = Buffer.concat([
      text('{"Messa', false),
      serverFrame({ opcode: OPCODE.ping, payload: 'p1' }),
      continuation('geType":', false),
      serverFrame({ opcode: OPCODE.pong, payload: '' }),
      continuation('"Sessions"}'),
      serverFrame({ opcode: OPCODE.binary, payload: Buffer.from([0, 1, 2]), fin: false }),
      continuation(Buffer.from([3])),
    ]);
    const expected: ReceivedFrame[] = [
      { kind: 'ping', payload: Buffer.from('p1') },
      { kind: 'pong', payload: Buffer.alloc(0) },
      { kind: 'text', text: '{"MessageType":"Sessions"}' },
      { kind: 'binary', data: Buffer.from([0, 1, 2, 3]) },
    ];
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new FrameReader(CAP);
      const frames: ReceivedFrame[] = [];
      reader.push(bytes.subarray(0, cut), (frame) => frames.push(frame));
      reader.push(bytes.subarray(cut), (frame) => frames.push(frame));
      expect(frames, `cut at ${cut}`).toEqual(expected);
    }
    expect(readAll(bytes, 'bytes')).toEqual(expected);
  });

  it('decodes a character split between two fragments', () => {
    const euro = Buffer.from('€', 'utf8');
    const bytes = Buffer.concat([
      serverFrame({ opcode: OPCODE.text, payload: euro.subarray(0, 1), fin: false }),
      continuation(euro.subarray(1)),
    ]);
    expect(readAll(bytes, 'bytes')).toEqual([{ kind: 'text', text: '€' }]);
  });

  it('joins the pieces of a message once, however many chunks and fragments it came in', () => {
    const parts = Array.from({ length: 50 }, (_, i) => `part ${i};`);
    const bytes = Buffer.concat(parts.map((part, i) => (i === 0 ? text(part, false) : continuation(part, i === parts.length - 1))));
    const concat = vi.spyOn(Buffer, 'concat');
    expect(readAll(bytes, 'bytes')).toEqual([{ kind: 'text', text: parts.join('') }]);
    expect(concat).toHaveBeenCalledTimes(1);
  });

  it('reads close frames: code and reason, no code (1005)', () => {
    expect(readAll(serverFrame({ opcode: OPCODE.close, payload: closePayload(1001, 'going away') }), 'bytes')).toEqual([
      { kind: 'close', code: 1001, reason: 'going away' },
    ]);
    expect(readAll(serverFrame({ opcode: OPCODE.close }))).toEqual([{ kind: 'close', code: 1005, reason: '' }]);
  });
});

describe('FrameReader: protocol errors close with 1002', () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['a masked frame', serverFrame({ opcode: OPCODE.text, payload: 'hi', mask: Buffer.from([1, 2, 3, 4]) }), /masked frame/],
    ['RSV1 set', serverFrame({ opcode: OPCODE.text, payload: 'hi', rsv: 4 }), /reserved bits/],
    ['RSV3 set', serverFrame({ opcode: OPCODE.ping, rsv: 1 }), /reserved bits/],
    ['unknown data opcode 3', serverFrame({ opcode: 0x3, payload: 'hi' }), /unknown opcode 3/],
    ['unknown control opcode 0xB', serverFrame({ opcode: 0xb }), /unknown opcode 11/],
    ['a ping of 126 bytes', serverFrame({ opcode: OPCODE.ping, payload: Buffer.alloc(126) }), /control frame of 126 bytes/],
    ['a fragmented ping', serverFrame({ opcode: OPCODE.ping, payload: 'p', fin: false }), /fragmented control frame/],
    ['a continuation without a message', continuation('orphan'), /continuation frame without a message/],
    ['a new message inside a fragmented one', Buffer.concat([text('a', false), text('b')]), /before the fragmented one was finished/],
    ['a close frame with one byte', serverFrame({ opcode: OPCODE.close, payload: Buffer.from([3]) }), /one-byte payload/],
    ['a close frame with code 1005', serverFrame({ opcode: OPCODE.close, payload: closePayload(1005) }), /code 1005/],
    ['a close frame with code 999', serverFrame({ opcode: OPCODE.close, payload: closePayload(999) }), /code 999/],
    ['a 64-bit length with its top bit set', serverFrame({ opcode: OPCODE.text, announcedLength: 1n << 63n }), /most significant bit/],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const err = violation(bytes);
      expect(err.closeCode).toBe(1002);
      expect(err.message).toMatch(message);
    });
  }

  it('hands on the frames before a violation in the same chunk, then stays failed', () => {
    const reader = new FrameReader(CAP);
    const frames: ReceivedFrame[] = [];
    const keep = (frame: ReceivedFrame) => frames.push(frame);
    expect(() => reader.push(Buffer.concat([text('before'), serverFrame({ opcode: 0x3 }), text('after')]), keep)).toThrow(
      WebSocketProtocolError,
    );
    expect(frames).toEqual([{ kind: 'text', text: 'before' }]);
    expect(() => reader.push(text('fine'), keep)).toThrow(/unknown opcode 3/);
    expect(frames).toHaveLength(1);
  });

  it('an exception of the frame callback is not taken for a protocol error', () => {
    const reader = new FrameReader(CAP);
    expect(() =>
      reader.push(text('x'), () => {
        throw new RangeError('the caller failed');
      }),
    ).toThrow(RangeError);
    const frames: ReceivedFrame[] = [];
    reader.push(text('y'), (frame) => frames.push(frame));
    expect(frames).toEqual([{ kind: 'text', text: 'y' }]);
  });
});

describe('FrameReader: bad text closes with 1007, too much with 1009', () => {
  it('invalid UTF-8 in a text message or a close reason', () => {
    const bad = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]);
    expect(violation(serverFrame({ opcode: OPCODE.text, payload: bad })).closeCode).toBe(1007);
    const split = Buffer.concat([serverFrame({ opcode: OPCODE.text, payload: Buffer.from([0xe2, 0x82]), fin: false }), continuation('x')]);
    expect(violation(split).closeCode).toBe(1007);
    expect(violation(serverFrame({ opcode: OPCODE.close, payload: closePayload(1000, Buffer.from([0xff])) })).closeCode).toBe(1007);
  });

  it('a binary message is not checked as text', () => {
    expect(readAll(serverFrame({ opcode: OPCODE.binary, payload: Buffer.from([0xff, 0xfe]) }))).toEqual([
      { kind: 'binary', data: Buffer.from([0xff, 0xfe]) },
    ]);
  });

  it('refuses a message over the cap as soon as its header says so, before the payload arrives', () => {
    const reader = new FrameReader(1000);
    const header = serverFrame({ opcode: OPCODE.text, announcedLength: 1001n, lengthBits: 16 });
    const err = (() => {
      try {
        reader.push(header, () => undefined);
      } catch (e) {
        return e as WebSocketProtocolError;
      }
    })();
    expect(err?.closeCode).toBe(1009);
    expect(err?.message).toBe('the server sent a message larger than 1000 bytes, the most this client takes');
    expect(readAll(text('y'.repeat(1000)), 'whole', 1000)).toEqual([{ kind: 'text', text: 'y'.repeat(1000) }]);
  });

  it('counts every fragment of a message against the cap', () => {
    const bytes = Buffer.concat([text('a'.repeat(600), false), continuation('b'.repeat(600))]);
    expect(violation(bytes, 1000).closeCode).toBe(1009);
    expect(violation(bytes, 1000).message).toMatch(/larger than 1000 bytes/);
  });

  it('a 64-bit length beyond Number.MAX_SAFE_INTEGER is too big, not a wrong number', () => {
    const huge = serverFrame({ opcode: OPCODE.binary, announcedLength: 2n ** 53n });
    const err = violation(huge, Number.MAX_SAFE_INTEGER);
    expect(err.closeCode).toBe(1009);
    expect(err.message).toMatch(/larger than 8589934592 MB/);
  });
});

describe('frame writer: masked client frames', () => {
  it('masks every frame with the given key and encodes 7-, 16- and 64-bit lengths', () => {
    const mask = Buffer.from([0xa1, 0xb2, 0xc3, 0xd4]);
    for (const size of [0, 1, 125, 126, 65_535, 65_536]) {
      const payload = Buffer.alloc(size, 'z');
      const frame = encodeFrame(OPCODE.binary, payload, mask);
      const decoded = decodeClientFrame(frame)!;
      expect(decoded, `size ${size}`).toMatchObject({ fin: true, opcode: OPCODE.binary, masked: true, mask, size: frame.length });
      expect(decoded.payload.equals(payload), `size ${size}`).toBe(true);
      expect(frame.length - size, `header of size ${size}`).toBe(size < 126 ? 6 : size < 65_536 ? 8 : 14);
    }
  });

  it('text frames carry UTF-8 under a fresh random mask each time', () => {
    const first = decodeClientFrame(textFrame('{"MessageType":"KeepAlive","Data":"é€"}'))!;
    const second = decodeClientFrame(textFrame('{"MessageType":"KeepAlive","Data":"é€"}'))!;
    expect(first.payload.toString('utf8')).toBe('{"MessageType":"KeepAlive","Data":"é€"}');
    expect(first.opcode).toBe(OPCODE.text);
    expect(first.mask.equals(second.mask)).toBe(false);
  });

  it('close frames carry the code and a reason cut to 123 bytes on a character boundary', () => {
    const decoded = decodeClientFrame(closeFrame(1009, '€'.repeat(60)))!;
    expect(decoded.opcode).toBe(OPCODE.close);
    expect(decoded.payload.readUInt16BE(0)).toBe(1009);
    expect(decoded.payload.subarray(2).toString('utf8')).toBe('€'.repeat(41));
    expect(decoded.payload.length).toBeLessThanOrEqual(125);
  });
});

describe('handshake', () => {
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  const accept = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

  it('computes the accept value of RFC 6455 §1.3', () => {
    expect(expectedAccept(key)).toBe(accept);
  });

  it('takes a proper 101 and refuses a wrong accept, a missing upgrade, an extension or a subprotocol', () => {
    const ok = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': accept };
    expect(refusedUpgrade(ok, key)).toBeUndefined();
    expect(refusedUpgrade({ ...ok, connection: 'keep-alive, upgrade' }, key)).toBeUndefined();
    expect(refusedUpgrade({ ...ok, 'sec-websocket-accept': expectedAccept('other') }, key)).toMatch(/wrong Sec-WebSocket-Accept/);
    expect(refusedUpgrade({ ...ok, upgrade: 'h2c' }, key)).toMatch(/another protocol/);
    expect(refusedUpgrade({ ...ok, connection: 'close' }, key)).toMatch(/Connection: Upgrade/);
    expect(refusedUpgrade({ ...ok, 'sec-websocket-extensions': 'permessage-deflate' }, key)).toMatch(/extension/);
    expect(refusedUpgrade({ ...ok, 'sec-websocket-protocol': 'chat' }, key)).toMatch(/subprotocol/);
  });

  it('given headers cannot replace the handshake headers', () => {
    const headers = upgradeHeaders(key, { Authorization: 'MediaBrowser Token="k"', Upgrade: 'h2c', 'Sec-WebSocket-Key': 'mine' });
    expect(headers).toEqual({
      authorization: 'MediaBrowser Token="k"',
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-version': '13',
      'sec-websocket-key': key,
    });
  });
});
