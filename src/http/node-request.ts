import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { TlsConnectOptions } from './tls';

/**
 * One request over Node's own http/https keep-alive agents, its answer read up to a byte limit. Node-RED
 * has node:http loaded already, so a client built on it adds almost nothing to its memory, where undici
 * would add megabytes (bench/footprint.ts).
 */

/** How long an idle connection stays open for the next call. */
const IDLE_MS = 10_000;
/** Calls to one server at once; more wait for a free connection. */
const MAX_SOCKETS = 8;

export interface PlainRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Ends the request, wherever it is: connecting, sending, or reading the answer. */
  readonly signal: AbortSignal;
  /** The largest answer body read; past it the connection is dropped. */
  readonly maxBytes: number;
}

export interface PlainAnswer {
  readonly status: number;
  /** The body of a 2xx answer; empty for any other status (read and discarded, so the connection can be reused). */
  readonly body: string;
}

/** The answer's body passed `maxBytes` (or its Content-Length said it would). */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`answer larger than ${maxBytes} bytes`);
  }
}

/**
 * A failure of the connection, with its code at the top (for `describeNetworkError`) and how many bytes
 * of the answer had arrived: none on a fresh https connection is what a refused client certificate looks like.
 */
export class ConnectionFailure extends Error {
  override readonly name = 'ConnectionFailure';
  readonly code: string | undefined;

  constructor(
    cause: unknown,
    /** Over the connection's life: on a reused one, its earlier answers count too (it cannot be a handshake refusal). */
    readonly bytesRead: number | undefined,
    /** The connection was an idle one from the pool and failed before any answer: the server had closed it. */
    readonly staleConnection: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** A keep-alive connection pool for one server; `tls` applies to https only. */
export function keepAliveAgent(secure: boolean, tls: TlsConnectOptions): http.Agent {
  // `timeout` closes idle pooled connections; Node only applies it to sockets in the free list.
  const pool = { keepAlive: true, timeout: IDLE_MS, maxSockets: MAX_SOCKETS, scheduling: 'lifo' as const };
  return secure ? new https.Agent({ ...pool, ...tls }) : new http.Agent(pool);
}

/** Sends `request`, retrying once a GET or DELETE whose pooled connection turns out to be closed by the server. */
export async function plainRequest(agent: http.Agent, request: PlainRequest): Promise<PlainAnswer> {
  try {
    return await attempt(agent, request);
  } catch (err) {
    const idempotent = request.method === 'GET' || request.method === 'DELETE';
    if (!idempotent || !(err instanceof ConnectionFailure) || !err.staleConnection || request.signal.aborted) throw err;
    return attempt(agent, request);
  }
}

function attempt(agent: http.Agent, request: PlainRequest): Promise<PlainAnswer> {
  const { signal, maxBytes } = request;
  return new Promise<PlainAnswer>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    const transport = request.url.protocol === 'https:' ? https : http;
    const req = transport.request(request.url, { method: request.method, headers, agent });
    let socket: Socket | undefined;
    let answered = false;
    let settled = false;
    /** Ends the call once: with an error, or an answer; `drop` destroys the connection (otherwise it goes back to the pool). */
    const settle = (outcome: { error: unknown } | { answer: PlainAnswer }, drop: boolean): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (drop) req.destroy();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.answer);
    };
    const failed = (err: unknown): void => {
      settle({ error: new ConnectionFailure(err, socket?.bytesRead, req.reusedSocket && !answered) }, true);
    };
    const onAbort = (): void => settle({ error: signal.reason }, true);
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (s: Socket) => (socket = s));
    req.on('error', failed);
    req.on('response', (res: http.IncomingMessage) => {
      answered = true;
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const refuse = (): void => settle(ok ? { error: new AnswerTooLargeError(maxBytes) } : { answer: { status, body: '' } }, true);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('error', failed);
      // A server that closes mid-body: 'close' without the body complete (and sometimes no 'error').
      res.on('close', () => {
        if (!res.complete) failed(Object.assign(new Error('the connection closed in the middle of the answer'), { code: 'ECONNRESET' }));
      });
      if (Number(res.headers['content-length']) > maxBytes) return refuse();
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return refuse();
        if (ok) chunks.push(chunk);
      });
      res.on('end', () => settle({ answer: { status, body: ok ? Buffer.concat(chunks, size).toString('utf8') : '' } }, false));
    });
    req.end(request.body);
  });
}
