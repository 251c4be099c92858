// A WebSocket server by hand on a real socket, for what the simulator cannot do: frames that break the
// protocol, a server that ignores a close. It answers the upgrade correctly (or as told) and then
// writes whatever bytes the test gives it, recording every byte the client sends.
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawConnection {
  readonly socket: Socket;
  /** The upgrade request's head, as sent. */
  readonly request: string;
  /** Every byte the client sent after the upgrade request. */
  received(): Buffer;
}

export interface RawServerOptions {
  /** The whole answer to the upgrade (default: a proper 101 with the right accept value). */
  readonly answer?: (key: string) => string;
  /** Bytes written in the same write as the 101 answer. */
  readonly withAnswer?: Buffer;
  readonly onUpgraded?: (connection: RawConnection) => void;
}

export function acceptOf(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

export function switchingProtocols(key: string): string {
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptOf(key)}\r\n\r\n`;
}

export class RawWebSocketServer {
  readonly connections: RawConnection[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly options: RawServerOptions = {}) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/socket`;
  }

  /** Sockets still open. */
  get open(): number {
    return [...this.sockets].filter((socket) => !socket.destroyed).length;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    let head = Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let connection: RawConnection | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (connection) {
        chunks.push(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const request = head.subarray(0, end).toString('latin1');
      if (head.length > end + 4) chunks.push(head.subarray(end + 4));
      const key = /^sec-websocket-key:\s*(\S+)/im.exec(request)?.[1] ?? '';
      const answer = Buffer.from((this.options.answer ?? switchingProtocols)(key), 'latin1');
      socket.write(this.options.withAnswer ? Buffer.concat([answer, this.options.withAnswer]) : answer);
      connection = { socket, request, received: () => Buffer.concat(chunks) };
      this.connections.push(connection);
      this.options.onUpgraded?.(connection);
    });
  }
}
