import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TokenSource } from './auth';
import { emptyResponse, rawHttpResponse, readBody, writeResponse, type RecordedRequest, type SimResponse } from './http-io';
import type { RestRequest, RestResult } from './rest';

/**
 * The listening HTTP server: records every request, strips the base path (`app.Map(BaseUrl)`, §1.1)
 * and hands REST requests and upgrades on. Knows nothing about Jellyfin itself.
 */

/** What to do with an upgrade under the base path: refuse with an HTTP answer, or take the socket. */
export type UpgradeDecision =
  | { readonly refuse: SimResponse; readonly tokenSource?: TokenSource }
  | { readonly accept: () => void; readonly tokenSource?: TokenSource };

export interface HttpFrontDeps {
  readonly host: string;
  /** Serve https (REST and `wss:` upgrades alike) with this certificate and key, as a home reverse proxy does. */
  readonly tls?: HttpsOptions;
  readonly basePath: string;
  readonly rest: (call: RestRequest) => RestResult;
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => UpgradeDecision;
  /** Every request, once answered (upgrades included). */
  readonly answered: (request: RecordedRequest) => void;
  readonly requests: RecordedRequest[];
}

/** ASP.NET decodes the path but keeps `%2F` encoded so segments stay apart. */
export function decodePath(path: string): string {
  return path
    .split(/%2f/i)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    })
    .join('%2F');
}

export function normalizeBasePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export class HttpFront {
  private server: Server | undefined;
  private readonly tcpSockets = new Set<Socket>();
  private boundPort = 0;

  constructor(private readonly deps: HttpFrontDeps) {}

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res);
    const server = this.deps.tls ? createHttpsServer(this.deps.tls, handler) : createServer(handler);
    // A client that refuses the certificate ends the handshake; that is its business, not an error here.
    server.on('tlsClientError', (_err, socket) => socket.destroy());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    server.on('connection', (socket: Socket) => {
      this.tcpSockets.add(socket);
      socket.on('close', () => this.tcpSockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.deps.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and destroys every connection (keep-alive and upgraded ones included). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.tcpSockets) socket.destroy();
    await closed;
  }

  /** The part of the path below the base path (case-insensitive), or undefined. */
  private route(path: string): string | undefined {
    const basePath = this.deps.basePath;
    if (basePath === '') return path;
    const lower = path.toLowerCase();
    const base = basePath.toLowerCase();
    if (lower === base) return '/';
    return lower.startsWith(`${base}/`) ? path.slice(basePath.length) : undefined;
  }

  private record(req: IncomingMessage, url: URL, body: string, upgrade: boolean): RecordedRequest {
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
    const recorded: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: decodePath(url.pathname),
      query,
      headers: { ...req.headers },
      body,
      upgrade,
    };
    this.deps.requests.push(recorded);
    return recorded;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://simulator');
    const recorded = this.record(req, url, body, false);
    const route = this.route(decodePath(url.pathname));
    let response: SimResponse = emptyResponse(404);
    if (route !== undefined) {
      const outcome = this.deps.rest({
        method: (req.method ?? 'GET').toUpperCase(),
        route,
        query: url.searchParams,
        headers: req.headers,
        body,
        remoteEndPoint: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      });
      response = outcome.response;
      recorded.tokenSource = outcome.tokenSource;
      recorded.authorized = outcome.authorized;
    }
    recorded.status = response.status;
    writeResponse(res, response);
    this.deps.answered(recorded);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://simulator');
    const recorded = this.record(req, url, '', true);
    const decision: UpgradeDecision =
      this.route(decodePath(url.pathname)) === undefined ? { refuse: emptyResponse(404) } : this.deps.upgrade(req, socket, head, url);
    recorded.tokenSource = decision.tokenSource;
    if ('refuse' in decision) {
      recorded.authorized = decision.refuse.status === 404 ? undefined : false;
      recorded.status = decision.refuse.status;
      socket.end(rawHttpResponse(decision.refuse));
    } else {
      recorded.authorized = true;
      recorded.status = 101;
      decision.accept();
    }
    this.deps.answered(recorded);
  }
}
