import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  /** Header names lower-cased, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** Header lines exactly as they arrived (name, value, name, value …). */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** Decides the answer to one request; return nothing to send 200 with `{"ok":true}`. */
export type Responder = (request: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 (HTTPS with `tls`: certificate, key, and for client certificates
 * `requestCert` and `ca`) that records every request. Answers come from a queue of
 * responders (one per request), then from the default responder.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly queue: Responder[] = [];
  private readonly sockets = new Set<Socket>();
  /** Connections accepted since start (or the last reset). */
  connectionsAccepted = 0;
  /** The most connections that were open at once since start (or the last reset). */
  peakSockets = 0;
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private server: Server | undefined;
  defaultResponder: Responder = (_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };

  constructor(private readonly tls?: HttpsOptions) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('receiver is not listening');
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = this.tls ? createHttpsServer(this.tls, handler) : createServer(handler);
    // A refused TLS handshake is what some tests want; it must not become an unhandled error.
    this.server.on('tlsClientError', () => undefined);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      this.connectionsAccepted++;
      this.peakSockets = Math.max(this.peakSockets, this.sockets.size);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The next requests get these answers, in order. */
  respondWith(...responders: Responder[]): void {
    this.queue.push(...responders);
  }

  /** Forgets recorded requests and unused answers (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.connectionsAccepted = 0;
    this.peakSockets = this.sockets.size;
  }

  /** Resolves once at least `count` requests have arrived in total. */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver got ${this.requests.length} of ${count} requests`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    for (const waiter of [...this.waiters]) {
      if (this.requests.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    const responder = this.queue.shift() ?? this.defaultResponder;
    try {
      await responder(request, res);
    } catch {
      res.destroy();
    }
  }
}

export const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Responder =>
  (_request, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Holds the answer back (for timeouts and in-flight redeploys); the socket is destroyed when the receiver stops. */
export const hang: Responder = () => new Promise<void>(() => undefined);
