// Child process for bench/throughput.ts: the webhook receiver, a plain node:http server on 127.0.0.1.
// It runs in its own process so parsing and checking 20,000 requests per run costs neither the
// Node-RED process (whose CPU and memory are measured) nor the bench process (which runs the bare
// undici baseline).
//
// Every request is answered at once: 200 with `{"ok":true}` (application/json), keep-alive. Requests
// belong to the armed run when their path starts with its prefix (`/a/`, `/b/`, `/c/`); the run's
// query `?id=<tmdbId>` must be in [base, base + count) and the body must be exactly the JSON the
// source's media should render to (JellyNext's default movie payload, 2-space indented), so every
// body of every run is checked, not a sample. `POST /done` is the flow's own end-of-run signal.
//
// IPC (process.send / 'message'):
//   child → { type: 'ready', port }
//   parent → { type: 'arm', run, prefix, base, count, user }   child → { type: 'armed', run }
//   child → { type: 'reached', run }       the run's count-th request has fully arrived
//   child → { type: 'done', run, body }    POST /done arrived (body: the flow counter's JSON)
//   parent → { type: 'stats', run }        child → { type: 'stats', run, stats }
//   parent → { type: 'close' }             child closes the server and exits (also on IPC disconnect)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { expectedBody } from './throughput-shared';

interface ArmMessage {
  readonly type: 'arm';
  readonly run: string;
  readonly prefix: string;
  readonly base: number;
  readonly count: number;
  readonly user: string;
}
type ParentMessage = ArmMessage | { readonly type: 'stats'; readonly run: string } | { readonly type: 'close' };

/** What one run saw; sent back on request. */
interface RunStats {
  received: number;
  validJson: number;
  exactBody: number;
  jsonContentType: number;
  inRange: number;
  duplicates: number;
  /** A body that differs from the expected text, for the report. */
  firstMismatch: string | undefined;
  /** Connections accepted while the run was armed, and the most open at once. */
  connectionsOpened: number;
  peakOpenConnections: number;
  /** Distinct connections that carried at least one of the run's requests: how many the client used in parallel. */
  connectionsUsed: number;
  /**
   * The most connections of this client (those that carried a request under the run's path prefix, in
   * this run or before) open at once during the run: what a limit on sockets per node must keep down.
   * Unlike peakOpenConnections, the flow's own POST /done connection is not counted.
   */
  peakClientConnections: number;
  /** CPU this process spent from arming the run to its count-th request (ms). */
  cpuMs: number;
  /** Requests that matched neither the run nor /done. */
  unexpected: number;
  unexpectedSample: string[];
}

const ANSWER = '{"ok":true}';
const ANSWER_HEADERS = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(ANSWER)) };

let current: ArmMessage | undefined;
let stats: RunStats = emptyStats();
const finished = new Map<string, RunStats>();
let seen = new Uint8Array(0);
let openConnections = 0;
/** The path prefix (client) a connection carried requests for, and how many such connections are open per prefix. */
const prefixOf = new WeakMap<Socket, string>();
const openPerPrefix = new Map<string, number>();
/** The run each connection last carried a request of. */
const lastRunOf = new WeakMap<Socket, string>();
let cpuAtArm = process.cpuUsage();
let closing = false;

function emptyStats(): RunStats {
  return {
    received: 0,
    validJson: 0,
    exactBody: 0,
    jsonContentType: 0,
    inRange: 0,
    duplicates: 0,
    firstMismatch: undefined,
    connectionsOpened: 0,
    peakOpenConnections: 0,
    connectionsUsed: 0,
    peakClientConnections: 0,
    cpuMs: 0,
    unexpected: 0,
    unexpectedSample: [],
  };
}

function send(message: Record<string, unknown>): void {
  if (process.connected) process.send!(message);
}

function idOf(url: string): number {
  const at = url.indexOf('?id=');
  if (at < 0) return Number.NaN;
  const text = url.slice(at + 4);
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

function record(req: IncomingMessage, body: string): void {
  const url = req.url ?? '';
  if (url === '/done') {
    send({ type: 'done', run: current?.run, body });
    return;
  }
  const run = current;
  if (!run || req.method !== 'POST' || !url.startsWith(run.prefix)) {
    stats.unexpected++;
    if (stats.unexpectedSample.length < 3) stats.unexpectedSample.push(`${req.method} ${url}`);
    return;
  }
  stats.received++;
  if (!prefixOf.has(req.socket)) {
    prefixOf.set(req.socket, run.prefix);
    const open = (openPerPrefix.get(run.prefix) ?? 0) + 1;
    openPerPrefix.set(run.prefix, open);
    if (open > stats.peakClientConnections) stats.peakClientConnections = open;
  }
  if (lastRunOf.get(req.socket) !== run.run) {
    lastRunOf.set(req.socket, run.run);
    stats.connectionsUsed++;
  }
  const type = req.headers['content-type'] ?? '';
  if (/^application\/json\b/i.test(type)) stats.jsonContentType++;
  try {
    JSON.parse(body);
    stats.validJson++;
  } catch {
    // counted as invalid
  }
  const i = idOf(url) - run.base;
  if (Number.isInteger(i) && i >= 0 && i < run.count) {
    stats.inRange++;
    if (seen[i]) stats.duplicates++;
    seen[i] = 1;
    if (body === expectedBody(run.base, i, run.user)) stats.exactBody++;
    else stats.firstMismatch ??= `${url}: ${body.slice(0, 300)}`;
  }
  if (stats.received === run.count) {
    const cpu = process.cpuUsage(cpuAtArm);
    stats.cpuMs = (cpu.user + cpu.system) / 1000;
    send({ type: 'reached', run: run.run });
  }
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    record(req, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, ANSWER_HEADERS);
    res.end(ANSWER);
  });
});
// Idle keep-alive connections may stay longer than the clients' own pools keep them (undici: 4 s).
server.keepAliveTimeout = 120_000; // longer than a run: an idle socket closed mid-run races a request sent on it (ECONNRESET under load)
const sockets = new Set<Socket>();
server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  openConnections++;
  stats.connectionsOpened++;
  if (openConnections > stats.peakOpenConnections) stats.peakOpenConnections = openConnections;
  socket.once('close', () => {
    sockets.delete(socket);
    openConnections--;
    const prefix = prefixOf.get(socket);
    if (prefix !== undefined) openPerPrefix.set(prefix, (openPerPrefix.get(prefix) ?? 1) - 1);
  });
});

function arm(message: ArmMessage): void {
  if (current) finished.set(current.run, stats);
  current = message;
  stats = emptyStats();
  stats.peakOpenConnections = openConnections; // connections kept alive from before count as open
  stats.peakClientConnections = openPerPrefix.get(message.prefix) ?? 0;
  seen = new Uint8Array(message.count);
  cpuAtArm = process.cpuUsage();
  send({ type: 'armed', run: message.run });
}

function statsOf(run: string): RunStats | undefined {
  return current?.run === run ? stats : finished.get(run);
}

function shutdown(code: number): void {
  if (closing) return;
  closing = true;
  for (const socket of sockets) socket.destroy();
  server.close(() => {
    if (process.connected) process.disconnect();
    process.exit(code);
  });
  setTimeout(() => process.exit(code), 2_000).unref();
}

process.on('message', (message: ParentMessage) => {
  try {
    switch (message.type) {
      case 'arm':
        arm(message);
        break;
      case 'stats':
        send({ type: 'stats', run: message.run, stats: statsOf(message.run) ?? null });
        break;
      case 'close':
        shutdown(0);
        break;
    }
  } catch (err) {
    send({ type: 'error', error: String((err as Error)?.stack ?? err) });
  }
});
process.on('disconnect', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

// A large backlog: a client that opens hundreds of connections in one burst must not hit SYN drops
// (a dropped SYN is retried after a second, which would be measured as slowness of that client).
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
