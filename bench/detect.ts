// Detection benchmark (issue 3 "bench/detect", issue 5 benchmarks 3 and 4). One run, two parts, each
// against a baseline measured in the same run, interleaved so machine load hits both alike.
//
// 1. latency  Play in the simulator → request at a local node:http receiver.
//      ours      a real Node-RED (child process) with jellyfin-server → jellyfin-virtual-play → jellynext-webhook
//      baseline  a bare client (child process, bench/detect-baseline.ts): undici WebSocket + JSON.parse +
//                "is this NowPlayingItem new?" + one undici POST
//    Each side has its own simulator (same seed, same pool of sessions), so a play reaches only the client
//    being measured. Plays alternate ours/baseline in ABBA order; each is a new playback (the pool session is
//    stopped first, and that push is let through before the play).
//    Play → viewer told, next to it: ours continues webhook → jellyfin-stop-playback (message on, Stop and
//    mark-unplayed off, so no Stop push disturbs the next play; the Stop comes after the message and its
//    configured delay anyway), the baseline POSTs /Sessions/{id}/Message once its webhook answered; the time
//    is from the Play to the DisplayMessage command reaching the session at the simulator ('inbox' event).
//
// 2. scale    CPU per `Sessions` frame and memory with 1,000 live sessions, in this process.
//      ours      JellyfinConnection (dist/) with a playback listener
//      baseline  an undici WebSocket that only receives and JSON.parses the frames
//    The simulators run in a child process (bench/sim-server.ts), so their CPU is not counted here. Two
//    identical simulators there, one per client; every 500 ms one of them pushes the full list (ABBA order),
//    so each client gets one frame per second. process.cpuUsage() is read at every slot boundary: each
//    frame is charged all CPU this process spent until the next frame was asked for. GC pauses make that
//    difference wide (±2 ms or more), so captured frames are then replayed without sockets, and our work
//    beyond JSON.parse (sessionsFrom + PlaybackTracker.update) is timed on its own: the CPU goal is
//    judged on that; the live numbers are printed beside it.
//
// Run: npm run bench:detect   (builds first; needs dist/). Env: DETECT_PLAYS (500), DETECT_WARMUP (20),
// DETECT_POOL (10), DETECT_SECONDS (60), DETECT_SESSIONS (1000), DETECT_PLAYING (100),
// DETECT_PARTS ("latency,scale"), DETECT_RESULTS (1 = write this run into bench/RESULTS.md; 0 = don't),
// DETECT_PROFILE_DIR (V8 CPU profiles of Node-RED, via bench/cpu-prof-preload.cjs, and of the child
// processes; for this process add --cpu-prof yourself).
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'undici';
import { JellyfinSimulator } from '../tools/jellyfin-simulator/src';
import { NodeRedRuntime, PACKAGE_ROOT } from '../test/support/node-red-runtime';
import { check, checks, onCleanup, recordResults, runBench, runCommand, sleep, until, withTimeout } from './plumbing';

// ---------------------------------------------------------------------------------------------
// Settings.

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}

const PLAYS = intFromEnv('DETECT_PLAYS', 500, 10);
const WARMUP_PLAYS = intFromEnv('DETECT_WARMUP', 20, 0);
const POOL = intFromEnv('DETECT_POOL', 10, 1);
const SECONDS = intFromEnv('DETECT_SECONDS', 60, 4);
const SESSIONS = intFromEnv('DETECT_SESSIONS', 1000, 10);
const PLAYING = intFromEnv('DETECT_PLAYING', 100, 1);
const WARMUP_FRAMES = 10;
const REPLAY_FRAMES = 5;
const REPLAY_BATCH = 5;
const REPLAY_ROUNDS = 31;
const DIRECT_BATCH = 100;
const SLOT_MS = 500;
const PARTS = new Set((process.env.DETECT_PARTS ?? 'latency,scale').split(',').map((part) => part.trim()));
const WRITE_RESULTS = process.env.DETECT_RESULTS !== '0';
/** DETECT_PROFILE_DIR=<dir>: Node-RED and the child processes write V8 CPU profiles there (--cpu-prof). */
const PROFILE_ARGS = process.env.DETECT_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DETECT_PROFILE_DIR}`] : [];
const GOALS = { p50Ratio: 1.2, p99Ratio: 1.5, msPerFrame: 2, growthMb: 20 };

const OUT_DIR = join(PACKAGE_ROOT, 'bench/out');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Output: printed and kept for bench/RESULTS.md.

const report: string[] = [];
function log(line = ''): void {
  console.log(line);
  report.push(line);
}

function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row: ReadonlyArray<string | number>) =>
    row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join(' | ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
function quantile(xs: readonly number[], q: number): number {
  const s = sorted(xs);
  if (s.length === 0) return Number.NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : 'n/a');
const ms3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const mb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------
// Plumbing: sanity checks, cleanup, timeouts, child processes.

// (sanity checks, cleanups, timeouts and polling live in bench/plumbing.ts)

type ChildMessage = { readonly type: string } & Record<string, unknown>;

/** Forks a bundled bench entry with IPC; its errors surface through `failures`, its exit is awaited on kill. */
function forkChild(
  entry: string,
  name: string,
): { child: ChildProcess; next: (type: string, timeoutMs: number) => Promise<ChildMessage>; stop: () => Promise<void> } {
  const child = fork(join(OUT_DIR, `${entry}.mjs`), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...PROFILE_ARGS],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const inbox: ChildMessage[] = [];
  const waiters: Array<{ type: string; resolve: (message: ChildMessage) => void }> = [];
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'error') {
      childErrors.push(`${name}: ${String(message.error)}`);
      return;
    }
    const at = waiters.findIndex((waiter) => waiter.type === message.type);
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
    else inbox.push(message);
  });
  const next = (type: string, timeoutMs: number): Promise<ChildMessage> => {
    const at = inbox.findIndex((message) => message.type === type);
    if (at >= 0) return Promise.resolve(inbox.splice(at, 1)[0]!);
    return withTimeout(new Promise<ChildMessage>((resolve) => waiters.push({ type, resolve })), timeoutMs, `${name}: "${type}"`);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'close' });
    const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { child, next, stop };
}
const childErrors: string[] = [];

/** `Authorization: MediaBrowser …` as src/jellyfin/identity.ts writes it (each value URL-encoded). */
function mediaBrowserAuthorization(client: string, device: string, deviceId: string, version: string, token: string): string {
  const part = (key: string, value: string) => `${key}="${encodeURIComponent(value)}"`;
  return `MediaBrowser ${[part('Client', client), part('Device', device), part('DeviceId', deviceId), part('Version', version), part('Token', token)].join(', ')}`;
}

/** Deterministic jitter, so plays never lock into step with a timer. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The receiver: node:http on 127.0.0.1. A request counts as received once its body has fully arrived.

interface Arrival {
  readonly at: number;
  readonly body: string;
}

class TimedReceiver {
  private server: Server | undefined;
  private readonly waiting = new Map<string, (arrival: Arrival) => void>();
  readonly unexpected: string[] = [];
  received = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        this.received++;
        const key = `${req.method} ${req.url}`;
        const waiter = this.waiting.get(key);
        if (waiter) {
          this.waiting.delete(key);
          waiter({ at, body: Buffer.concat(chunks).toString('utf8') });
        } else {
          this.unexpected.push(key);
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return this;
  }

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('receiver is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Resolves when `POST <path>` arrives. Register before causing the request. */
  expect(path: string, timeoutMs: number): Promise<Arrival> {
    const key = `POST ${path}`;
    return withTimeout(new Promise<Arrival>((resolve) => this.waiting.set(key, resolve)), timeoutMs, `request ${key}`).finally(() =>
      this.waiting.delete(key),
    );
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

// ---------------------------------------------------------------------------------------------
// Part 1: Play → request latency.

type Side = 'ours' | 'baseline';

interface LatencyResult {
  readonly samples: Record<Side, number[]>;
  /** Play → the viewer's message at the simulator. */
  readonly told: Record<Side, number[]>;
  readonly elapsedS: number;
}

async function latencyPart(): Promise<LatencyResult> {
  const simOptions = { autoProgressMs: 0 } as const; // no automatic progress pushes between plays
  const sims: Record<Side, JellyfinSimulator> = {
    ours: await JellyfinSimulator.start(simOptions),
    baseline: await JellyfinSimulator.start(simOptions),
  };
  const closeSims = [
    onCleanup('simulator (ours)', () => sims.ours.close()),
    onCleanup('simulator (baseline)', () => sims.baseline.close()),
  ];

  // The pool: viewers' sessions, added before anyone subscribes (no pushes yet). Same ids on both sides.
  const pools: Record<Side, string[]> = { ours: [], baseline: [] };
  for (const side of ['ours', 'baseline'] as const) {
    for (let i = 0; i < POOL; i++) {
      pools[side].push(
        sims[side].addSession({ userId: sims[side].defaultUserId, client: 'Jellyfin Web', deviceName: `TV ${i}`, deviceId: `pool-${i}` }),
      );
    }
  }
  const item = sims.ours.catalogue!.fightClub; // a JellyNext movie placeholder (.strm under jellynext-virtual)

  const receiver = await new TimedReceiver().start();
  const stopReceiver = onCleanup('receiver', () => receiver.stop());

  // Ours: a real Node-RED with the flow.
  // Node refuses --cpu-prof in NODE_OPTIONS, so Node-RED gets a preload that runs the same profiler.
  const red = new NodeRedRuntime(
    PROFILE_ARGS.length ? { env: { NODE_OPTIONS: `--require ${join(PACKAGE_ROOT, 'bench/cpu-prof-preload.cjs')}` } } : {},
  );
  const stopRed = onCleanup('Node-RED', () => red.stop());
  await red.start();
  await red.deploy([
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'srv', type: 'jellyfin-server', url: sims.ours.url, mode: 'auto', credentials: { apiKey: sims.ours.apiKey } },
    { id: 'play', type: 'jellyfin-virtual-play', z: 'tab', server: 'srv', wires: [['hook']] },
    // Tells the viewer; Stop and mark-unplayed off (see the header): the pool's playbacks are the bench's to end.
    { id: 'told', type: 'jellyfin-stop-playback', z: 'tab', server: 'srv', notify: true, stop: false, markUnplayed: false, wires: [[]] },
    {
      id: 'hook',
      type: 'jellynext-webhook',
      z: 'tab',
      method: 'POST',
      movieUrl: `${receiver.url}/ours/{sessionId}`,
      showUrl: `${receiver.url}/ours/{sessionId}`,
      retries: 0,
      wires: [['told'], ['told']],
    },
  ]);
  await until(() => sims.ours.subscriptions === 1, 20_000, 'the Node-RED flow subscribing to Sessions');
  const logsFrom = red.logs().length; // start-up warnings (projects disabled, no credentials file yet) are not ours

  // Baseline: the bare client in its own process.
  const baseline = forkChild('detect-baseline', 'baseline client');
  const stopBaseline = onCleanup('baseline client', baseline.stop);
  baseline.child.send({
    type: 'connect',
    socketUrl: sims.baseline.socketUrl,
    authorization: mediaBrowserAuthorization('Node-RED', 'bench baseline', 'bench-baseline', '0.1.0', sims.baseline.apiKey),
    postUrl: `${receiver.url}/baseline`,
    serverUrl: sims.baseline.url,
  });
  await baseline.next('subscribed', 20_000);
  await until(() => sims.baseline.subscriptions === 1, 20_000, 'the baseline client subscribing to Sessions');
  await sleep(500); // let our watcher finish its seed (GET /Sessions) and settle

  const random = prng(0xde7ec7);
  const playing: Record<Side, Set<string>> = { ours: new Set(), baseline: new Set() };
  const turn: Record<Side, number> = { ours: 0, baseline: 0 };
  let badBodies = 0;
  let badMessages = 0;

  /** Resolves with the time the viewer's DisplayMessage reaches the session at the side's simulator. Register before the play. */
  function toldAt(side: Side, session: string): Promise<number> {
    return withTimeout(
      new Promise<number>((done) => {
        const listener = (id: string, entry: { messageType: string; data?: unknown }) => {
          if (id !== session || entry.messageType !== 'GeneralCommand') return;
          const data = entry.data as { Name?: unknown; Arguments?: { Text?: unknown } } | undefined;
          if (data?.Name !== 'DisplayMessage') return;
          const at = performance.now();
          if (typeof data.Arguments?.Text !== 'string' || !data.Arguments.Text.includes('Fight Club')) badMessages++;
          sims[side].off('inbox', listener);
          done(at);
        };
        sims[side].on('inbox', listener);
      }),
      15_000,
      `${side}: the viewer's message for ${session}`,
    );
  }

  /** One new playback on the side's next pool session; answers Play → request and Play → viewer told in ms. */
  async function playOnce(side: Side): Promise<{ request: number; told: number }> {
    const sim = sims[side];
    const session = pools[side][turn[side]++ % POOL]!;
    if (playing[side].has(session)) {
      // Stop first, so the Play is a new playback; let that push through and be digested.
      const pushed = withTimeout(new Promise<void>((done) => sim.once('push', () => done())), 5_000, `${side}: stop push`);
      sim.stop(session);
      playing[side].delete(session);
      await pushed;
      await sleep(40);
    }
    const arrival = receiver.expect(`/${side}/${session}`, 15_000);
    const told = toldAt(side, session);
    told.catch(() => undefined); // awaited below
    const t0 = performance.now();
    sim.play(session, item);
    playing[side].add(session);
    const { at, body } = await arrival;
    const toldTime = await told;
    if (side === 'ours') {
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        if (parsed.tmdbId !== '550' || parsed.title !== 'Fight Club') badBodies++;
      } catch {
        badBodies++;
      }
    }
    await sleep(20 + random() * 30);
    return { request: at - t0, told: toldTime - t0 };
  }

  const started = performance.now();
  for (let i = 0; i < WARMUP_PLAYS; i++) {
    await playOnce(i % 2 === 0 ? 'ours' : 'baseline');
    await playOnce(i % 2 === 0 ? 'baseline' : 'ours');
  }
  const samples: Record<Side, number[]> = { ours: [], baseline: [] };
  const told: Record<Side, number[]> = { ours: [], baseline: [] };
  for (let i = 0; i < PLAYS; i++) {
    const order: Side[] = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    for (const side of order) {
      const play = await playOnce(side);
      samples[side].push(play.request);
      told[side].push(play.told);
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  await sleep(1_000); // late duplicates would arrive now

  const expected = 2 * (WARMUP_PLAYS + PLAYS);
  check(
    'latency',
    receiver.received === expected && receiver.unexpected.length === 0,
    `${receiver.received}/${expected} requests, one per play, none unexpected${receiver.unexpected.length ? ` (unexpected: ${receiver.unexpected.slice(0, 3).join(', ')})` : ''}`,
  );
  check(
    'latency',
    badBodies === 0,
    `ours: every request body is the JellyNext movie payload for Fight Club (tmdbId 550)${badBodies ? ` — ${badBodies} were not` : ''}`,
  );
  check(
    'latency',
    badMessages === 0,
    `both: one DisplayMessage per play reached the playing session, its text naming Fight Club${badMessages ? ` — ${badMessages} did not` : ''}`,
  );
  const complaints = red
    .logs()
    .slice(logsFrom)
    .split('\n')
    .filter((line) => /\[(error|warn)\]/.test(line));
  check(
    'latency',
    complaints.length === 0,
    `Node-RED logged no error or warning after the deploy${complaints.length ? `:\n    ${complaints.slice(0, 5).join('\n    ')}` : ''}`,
  );

  await stopBaseline();
  await stopRed();
  await stopReceiver();
  for (const close of closeSims) await close();
  return { samples, told, elapsedS };
}

function printLatency(result: LatencyResult): boolean {
  const { samples, told } = result;
  const row = (name: string, xs: number[]) => [
    name,
    xs.length,
    ms(quantile(xs, 0.5)),
    ms(quantile(xs, 0.9)),
    ms(quantile(xs, 0.99)),
    ms(Math.max(...xs)),
  ];
  const ratios = (label: string, of: Record<Side, number[]>) => {
    const at = (q: number) => ratio(quantile(of.ours, q) / quantile(of.baseline, q));
    return [label, '', at(0.5), at(0.9), at(0.99), ratio(Math.max(...of.ours) / Math.max(...of.baseline))];
  };
  log('1. Play → request latency (ms), interleaved ABBA, each play a new playback');
  log(
    table([
      ['path', 'plays', 'p50', 'p90', 'p99', 'max'],
      row('ours: Node-RED virtual-play → webhook', samples.ours),
      row('baseline: bare WebSocket + undici POST', samples.baseline),
      ratios('ours ÷ baseline', samples),
      ['Play → viewer told (Message at the server)', '', '', '', '', ''],
      row('ours: … → webhook → stop-playback message', told.ours),
      row('baseline: … → POST, then POST Message', told.baseline),
      ratios('ours ÷ baseline', told),
    ]),
  );
  // Stability: the p50 ratio in each quarter of the run (both sides' plays of the same quarter).
  const quarters: string[] = [];
  for (let k = 0; k < 4; k++) {
    const from = Math.floor((k * samples.ours.length) / 4);
    const to = Math.floor(((k + 1) * samples.ours.length) / 4);
    quarters.push(ratio(quantile(samples.ours.slice(from, to), 0.5) / quantile(samples.baseline.slice(from, to), 0.5)));
  }
  log(
    `p50 ratio by quarter of the run: ${quarters.join(' ')}   (similar values = a steady machine; timed part ${result.elapsedS.toFixed(0)} s)`,
  );
  log('');
  return (
    quantile(samples.ours, 0.99) / quantile(samples.baseline, 0.99) <= GOALS.p99Ratio &&
    quantile(samples.ours, 0.5) / quantile(samples.baseline, 0.5) <= GOALS.p50Ratio
  );
}

// ---------------------------------------------------------------------------------------------
// Part 2: CPU per Sessions frame and memory growth with 1,000 live sessions.

interface ScaleResult {
  readonly cpuMs: Record<Side, number[]>;
  readonly wallMs: Record<Side, number[]>;
  readonly frameBytes: number;
  readonly sessionsPerFrame: number;
  readonly rss: number;
  readonly heap: number;
  readonly heapTotal: number;
  readonly external: number;
  /** RSS every 10 s of the timed part, without gc (MB), to tell a plateau from a steady climb. */
  readonly rssTrail: number[];
  readonly gc: boolean;
  readonly elapsedS: number;
  readonly replay: ReplayResult | undefined;
}

interface ReplayResult {
  readonly cpuMs: Record<Side, number[]>;
  /** sessionsFrom + PlaybackTracker.update per frame, on parsed frames. */
  readonly directMs: number[];
  readonly rounds: number;
  readonly batch: number;
  readonly directBatch: number;
  readonly frames: number;
}

interface JellyfinConnectionLike {
  readonly state: { readonly kind: string };
  on(event: 'state', listener: (state: { kind: string }) => void): unknown;
  on(event: 'playback', listener: (start: unknown) => void): unknown;
  on(event: 'sessions', listener: (sessions: readonly unknown[]) => void): unknown;
  off(event: 'sessions', listener: (sessions: readonly unknown[]) => void): unknown;
  watch(): void;
  nowPlaying(sessionId: string): string | undefined;
  close(): Promise<void>;
}

async function scalePart(): Promise<ScaleResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collect = () => {
    if (!gc) return;
    gc();
    gc();
  };

  const server = forkChild('sim-server', 'simulator child');
  onCleanup('simulator child', server.stop);
  server.child.send({ type: 'setup', sessions: SESSIONS, playing: PLAYING });
  const ready = (await server.next('ready', 180_000)) as unknown as {
    servers: Record<'a' | 'b', { url: string; socketUrl: string; apiKey: string }>;
    playingIds: string[];
    sessions: number;
  };
  const expectedCount = ready.sessions + 1; // each client's own session joins the list

  // Frames: one waiter at a time (frames are asked for one by one).
  let waiting: { side: Side; resolve: () => void } | undefined;
  const frames: Record<Side, number> = { ours: 0, baseline: 0 };
  const strayFrames: Record<Side, number> = { ours: 0, baseline: 0 };
  const arrived = (side: Side) => {
    frames[side]++;
    if (waiting?.side === side) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    } else if (measuring) {
      strayFrames[side]++;
    }
  };
  let measuring = false;

  // Baseline: receive and JSON.parse, nothing else.
  let recordBytes = true;
  let frameBytes = 0;
  const captured: string[] = []; // warm-up frames, replayed in the last step
  const ws = new WebSocket(ready.servers.b.socketUrl, {
    headers: { Authorization: mediaBrowserAuthorization('Node-RED', 'bench baseline', 'bench-baseline', '0.1.0', ready.servers.b.apiKey) },
  });
  onCleanup('baseline socket', async () => ws.close());
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('baseline socket failed')));
  });
  let keepAlive: NodeJS.Timeout | undefined;
  onCleanup('baseline keep-alive', async () => clearInterval(keepAlive));
  ws.addEventListener('message', (event) => {
    const text = event.data as string;
    const frame = JSON.parse(text) as { MessageType?: string; Data?: unknown };
    if (frame.MessageType !== 'Sessions') return;
    if (recordBytes) {
      frameBytes = Math.max(frameBytes, Buffer.byteLength(text));
      if (captured.length < REPLAY_FRAMES) captured.push(text);
    }
    arrived('baseline');
  });
  await withTimeout(opened, 20_000, 'baseline socket open');
  ws.send(JSON.stringify({ MessageType: 'SessionsStart', Data: '0,1000' }));
  keepAlive = setInterval(() => ws.send(JSON.stringify({ MessageType: 'KeepAlive' })), 30_000);

  // Ours: the package's connection, as the jellyfin-server config node builds it.
  const { JellyfinConnection } = require(join(PACKAGE_ROOT, 'dist/src/playback/connection.js')) as {
    JellyfinConnection: new (options: Record<string, unknown>) => JellyfinConnectionLike;
  };
  const connection = new JellyfinConnection({
    url: ready.servers.a.url,
    apiKey: ready.servers.a.apiKey,
    deviceId: 'bench-ours',
    version: '0.1.0',
  });
  onCleanup('our connection', () => connection.close());
  let starts = 0;
  let lastCount = 0;
  connection.on('playback', () => starts++);
  connection.on('sessions', (sessions) => {
    lastCount = sessions.length;
    arrived('ours');
  });
  connection.watch();
  await until(() => connection.state.kind === 'connected', 30_000, 'our connection: connected (socket open, seeded)');
  const seedStarts = starts;
  check('scale', seedStarts === PLAYING, `ours: the seed reported the ${PLAYING} sessions already playing as starts (${seedStarts})`);

  let seq = 0;
  const pushAndWait = async (side: Side): Promise<number> => {
    const got = new Promise<void>((resolve) => (waiting = { side, resolve }));
    const t0 = performance.now();
    server.child.send({ type: 'push', target: side === 'ours' ? 'a' : 'b', seq: seq++ });
    await withTimeout(got, 20_000, `${side}: Sessions frame`);
    return performance.now() - t0;
  };

  // Warm-up: both clients see frames (JIT, buffers), and the frame size is recorded.
  for (let i = 0; i < WARMUP_FRAMES; i++) {
    await pushAndWait('ours');
    await pushAndWait('baseline');
    await sleep(100);
  }
  check('scale', lastCount === expectedCount, `ours: each frame lists all ${expectedCount} sessions (${lastCount})`);
  recordBytes = false;
  await sleep(300);
  collect();
  const before = process.memoryUsage();

  // Measured: 2 slots per second, ABBA; CPU read at each slot boundary and charged to that slot's frame.
  const cpuMs: Record<Side, number[]> = { ours: [], baseline: [] };
  const wallMs: Record<Side, number[]> = { ours: [], baseline: [] };
  const framesBefore = { ...frames };
  const rssTrail: number[] = [before.rss / 1024 / 1024];
  const slots: Side[] = [];
  for (let k = 0; k < SECONDS; k++) slots.push(...((k % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours']) as Side[]));
  measuring = true;
  const t0 = performance.now();
  let previous: { side: Side; cpu: NodeJS.CpuUsage } | undefined;
  /** Charges the CPU since the last boundary to the slot that started there. */
  const boundary = (next: Side | undefined) => {
    const cpu = process.cpuUsage();
    if (previous) cpuMs[previous.side].push((cpu.user - previous.cpu.user + cpu.system - previous.cpu.system) / 1000);
    previous = next === undefined ? undefined : { side: next, cpu };
  };
  for (let s = 0; s < slots.length; s++) {
    const wait = t0 + s * SLOT_MS - performance.now();
    if (wait > 0) await sleep(wait);
    boundary(slots[s]!);
    wallMs[slots[s]!].push(await pushAndWait(slots[s]!));
    if (s % 20 === 19) rssTrail.push(process.memoryUsage.rss() / 1024 / 1024);
  }
  const endWait = t0 + slots.length * SLOT_MS - performance.now();
  if (endWait > 0) await sleep(endWait);
  boundary(undefined);
  measuring = false;
  const elapsedS = (performance.now() - t0) / 1000;
  const startsDuring = starts - seedStarts;

  collect();
  const after = process.memoryUsage();

  const want = SECONDS;
  check(
    'scale',
    frames.ours - framesBefore.ours === want && frames.baseline - framesBefore.baseline === want,
    `one frame per push: ours ${frames.ours - framesBefore.ours}/${want}, baseline ${frames.baseline - framesBefore.baseline}/${want}, none stray (${strayFrames.ours + strayFrames.baseline})`,
  );
  check('scale', strayFrames.ours + strayFrames.baseline === 0, 'no frame arrived outside its own slot');
  check('scale', startsDuring === 0, `ours: progress frames report no new playback (${startsDuring})`);
  const sample = ready.playingIds[0]!;
  check('scale', connection.nowPlaying(sample) !== undefined, 'ours: the tracker still knows what the playing sessions play');

  const replay = await replayFrames(captured, ready.servers.a, sample, expectedCount);

  return {
    cpuMs,
    wallMs,
    frameBytes,
    sessionsPerFrame: lastCount,
    rss: after.rss - before.rss,
    heap: after.heapUsed - before.heapUsed,
    heapTotal: after.heapTotal - before.heapTotal,
    external: after.external - before.external,
    rssTrail,
    gc: gc !== undefined,
    elapsedS,
    replay,
  };
}

/**
 * The same per-frame work without sockets: captured frames handed straight to the frame handler of
 * a second, unconnected JellyfinConnection (SessionWatcher.onFrame → JSON.parse → sessionsFrom →
 * PlaybackTracker.update → events), against JSON.parse alone, in many short interleaved batches. The
 * live slots above carry the full cost (socket, GC) but GC pauses of 20-40 ms land in one slot or
 * another, which leaves their difference about ±2 ms wide; this isolates our part of it.
 */
async function replayFrames(
  frames: readonly string[],
  server: { url: string; apiKey: string },
  sampleSession: string,
  expectedCount: number,
): Promise<ReplayResult | undefined> {
  const { JellyfinConnection } = require(join(PACKAGE_ROOT, 'dist/src/playback/connection.js')) as {
    JellyfinConnection: new (options: Record<string, unknown>) => JellyfinConnectionLike;
  };
  const connection = new JellyfinConnection({ url: server.url, apiKey: server.apiKey, deviceId: 'bench-replay', version: '0.1.0' });
  const close = onCleanup('replay connection', () => connection.close());
  // Internal: the watcher's frame handler (TypeScript-private, plain JS at run time). Checked below.
  const watcher = (connection as unknown as { watcher?: { onFrame?: (data: unknown) => void } }).watcher;
  const onFrame = watcher?.onFrame?.bind(watcher);
  check(
    'scale',
    typeof onFrame === 'function' && frames.length > 0,
    `replay: found SessionWatcher.onFrame in dist and ${frames.length} captured frames`,
  );
  if (typeof onFrame !== 'function' || frames.length === 0) {
    await close();
    return undefined;
  }
  let starts = 0;
  let listed = 0;
  connection.on('playback', () => starts++);
  let sink = 0;
  const loops: Record<Side, (n: number) => void> = {
    ours(n) {
      for (let i = 0; i < n; i++) onFrame(frames[i % frames.length]);
    },
    baseline(n) {
      for (let i = 0; i < n; i++) {
        const frame = JSON.parse(frames[i % frames.length]!) as { MessageType?: string; Data?: unknown };
        if (frame.MessageType === 'Sessions' && Array.isArray(frame.Data)) sink += frame.Data.length;
      }
    },
  };
  const countListed = (sessions: readonly unknown[]) => (listed = sessions.length);
  connection.on('sessions', countListed);
  loops.ours(1);
  check(
    'scale',
    listed === expectedCount && starts === PLAYING && connection.nowPlaying(sampleSession) !== undefined,
    `replay: ours read all ${expectedCount} sessions (${listed}) and the ${PLAYING} playing as starts (${starts})`,
  );
  connection.off('sessions', countListed);
  for (let i = 0; i < 5; i++) {
    loops.ours(REPLAY_BATCH);
    loops.baseline(REPLAY_BATCH);
  }
  const cpuMs: Record<Side, number[]> = { ours: [], baseline: [] };
  for (let round = 0; round < REPLAY_ROUNDS; round++) {
    const order: Side[] = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    for (const side of order) {
      const before = process.cpuUsage();
      loops[side](REPLAY_BATCH);
      const used = process.cpuUsage(before);
      cpuMs[side].push((used.user + used.system) / 1000 / REPLAY_BATCH);
    }
    await sleep(5); // let timers and I/O run between rounds
  }
  check('scale', starts === PLAYING, `replay: repeated frames report no new playback (${starts - PLAYING})`);
  await close();

  // Our work beyond parsing, timed on its own (the differences above subtract two ~10 ms numbers):
  // the exported pieces onFrame runs after JSON.parse, on frames parsed beforehand.
  const { sessionsFrom } = require(join(PACKAGE_ROOT, 'dist/src/jellyfin/dto.js')) as {
    sessionsFrom: (value: unknown) => unknown[] | undefined;
  };
  const { PlaybackTracker } = require(join(PACKAGE_ROOT, 'dist/src/playback/playback-tracker.js')) as {
    PlaybackTracker: new () => { update: (sessions: readonly unknown[]) => unknown[] };
  };
  const parsed = frames.map((text) => (JSON.parse(text) as { Data: unknown }).Data);
  const tracker = new PlaybackTracker();
  const direct = (n: number) => {
    for (let i = 0; i < n; i++) {
      const sessions = sessionsFrom(parsed[i % parsed.length]) ?? [];
      sink += tracker.update(sessions).length + sessions.length;
    }
  };
  direct(200);
  const directMs: number[] = [];
  for (let round = 0; round < REPLAY_ROUNDS; round++) {
    const before = process.cpuUsage();
    direct(DIRECT_BATCH);
    const used = process.cpuUsage(before);
    directMs.push((used.user + used.system) / 1000 / DIRECT_BATCH);
  }
  check('scale', sink > 0, `replay: direct loop ran (sink ${sink % 997})`);
  return { cpuMs, directMs, rounds: REPLAY_ROUNDS, batch: REPLAY_BATCH, directBatch: DIRECT_BATCH, frames: frames.length };
}

function printScale(result: ScaleResult): { cpuMet: boolean; memoryMet: boolean; own: number; ownLive: number; ownLiveSpread: number } {
  const { cpuMs, wallMs } = result;
  const mean = (xs: number[]) => sum(xs) / xs.length;
  const variance = (xs: number[]) => sum(xs.map((x) => (x - mean(xs)) ** 2)) / Math.max(1, xs.length - 1);
  const oursMean = mean(cpuMs.ours);
  const baseMean = mean(cpuMs.baseline);
  const oursMedian = quantile(cpuMs.ours, 0.5);
  const baseMedian = quantile(cpuMs.baseline, 0.5);
  // Two standard errors of the difference of the means: how far the live difference can move by chance.
  const spread = 2 * Math.sqrt(variance(cpuMs.ours) / cpuMs.ours.length + variance(cpuMs.baseline) / cpuMs.baseline.length);
  log(
    `2. ${result.sessionsPerFrame.toLocaleString('en-US')} sessions (${PLAYING} playing) per Sessions frame, ${(result.frameBytes / 1024).toFixed(0)} KiB (${result.frameBytes.toLocaleString('en-US')} bytes) each; one frame per second per client for ${SECONDS} s, ABBA`,
  );
  log(
    table([
      ['live: CPU of this process per frame (ms)', 'frames', 'mean', 'p50', 'p90', 'max', 'wall p50'],
      [
        'baseline: receive + JSON.parse',
        cpuMs.baseline.length,
        ms(baseMean),
        ms(baseMedian),
        ms(quantile(cpuMs.baseline, 0.9)),
        ms(Math.max(...cpuMs.baseline)),
        ms(quantile(wallMs.baseline, 0.5)),
      ],
      [
        'ours: JellyfinConnection + playback listener',
        cpuMs.ours.length,
        ms(oursMean),
        ms(oursMedian),
        ms(quantile(cpuMs.ours, 0.9)),
        ms(Math.max(...cpuMs.ours)),
        ms(quantile(wallMs.ours, 0.5)),
      ],
      [
        'ours − baseline (our work beyond parsing)',
        '',
        `${ms(oursMean - baseMean)} ±${ms(spread)}`,
        ms(oursMedian - baseMedian),
        '',
        '',
        '',
      ],
      ['ours ÷ baseline', '', ratio(oursMean / baseMean), ratio(oursMedian / baseMedian), '', '', ''],
    ]),
  );
  log(
    `  mean ± 2 standard errors; each slot is charged all CPU until the next push, GC included. wall p50 = push asked → frame handled (includes the simulator child serialising the list)`,
  );
  let own = oursMean - baseMean;
  const replay = result.replay;
  if (replay) {
    const q = (xs: number[], p: number) => quantile(xs, p);
    const diffs = replay.cpuMs.ours.map((x, i) => x - replay.cpuMs.baseline[i]!);
    own = q(replay.directMs, 0.5);
    log(
      table([
        [`replay: CPU per frame (ms), ${replay.rounds} rounds × ${replay.batch} frames, no socket`, 'p25', 'p50', 'p75'],
        ['baseline: JSON.parse', ms(q(replay.cpuMs.baseline, 0.25)), ms(q(replay.cpuMs.baseline, 0.5)), ms(q(replay.cpuMs.baseline, 0.75))],
        [
          'ours: SessionWatcher.onFrame (parse, sessionsFrom, tracker, events)',
          ms(q(replay.cpuMs.ours, 0.25)),
          ms(q(replay.cpuMs.ours, 0.5)),
          ms(q(replay.cpuMs.ours, 0.75)),
        ],
        ['ours − baseline, per round', ms(q(diffs, 0.25)), ms(q(diffs, 0.5)), ms(q(diffs, 0.75))],
        [
          `ours beyond parsing, timed alone: sessionsFrom + PlaybackTracker.update (× ${replay.directBatch})`,
          ms3(q(replay.directMs, 0.25)),
          ms3(own),
          ms3(q(replay.directMs, 0.75)),
        ],
      ]),
    );
  }
  log(
    `memory growth from after warm-up to the end of the live part (${result.gc ? 'after global.gc()' : 'NO global.gc(): run with --expose-gc'}): RSS ${mb(result.rss)}, heapUsed ${mb(result.heap)} (both clients in this process)`,
  );
  log(
    `  heapTotal ${mb(result.heapTotal)}, external ${mb(result.external)}; RSS every 10 s (no gc): ${result.rssTrail.map((x) => x.toFixed(0)).join(' → ')} MB; timed part ${result.elapsedS.toFixed(0)} s`,
  );
  log('');
  return {
    cpuMet: own < GOALS.msPerFrame,
    memoryMet: result.rss < GOALS.growthMb * 1024 * 1024 && result.heap < GOALS.growthMb * 1024 * 1024,
    own,
    ownLive: oursMean - baseMean,
    ownLiveSpread: spread,
  };
}

// ---------------------------------------------------------------------------------------------
// bench/RESULTS.md

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = `node ${process.version} | ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores) | ${os.platform()} ${os.arch()} | load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
  const simulatorVersion = '10.11.7';
  console.log('Detection benchmark (bench/detect.ts)');
  console.log(machine);
  log(
    `Jellyfin simulator ${simulatorVersion} | node-red ${(require('node-red/package.json') as { version: string }).version} | undici ${(require('undici/package.json') as { version: string }).version} | plays ${PLAYS} per side (+${WARMUP_PLAYS} warm-up), pool ${POOL} | scale ${SESSIONS} sessions, ${PLAYING} playing, ${SECONDS} s`,
  );
  log('');

  const goals: string[] = [];
  let ran = 0;
  if (PARTS.has('latency')) {
    ran++;
    const latency = await latencyPart();
    const met = printLatency(latency);
    const at = (of: Record<Side, number[]>, q: number) => quantile(of.ours, q) / quantile(of.baseline, q);
    goals.push(
      `  Play → request p50 ≤ ${GOALS.p50Ratio}× and p99 ≤ ${GOALS.p99Ratio}× baseline: ${ratio(at(latency.samples, 0.5))} and ${ratio(at(latency.samples, 0.99))} ${met ? 'met' : 'NOT met'}`,
    );
    goals.push(
      `  info: Play → viewer told p50 ${ms(quantile(latency.told.ours, 0.5))} ms (baseline ${ms(quantile(latency.told.baseline, 0.5))} ms, ${ratio(at(latency.told, 0.5))}), p99 ${ratio(at(latency.told, 0.99))}; no fixed wait before the message (the Stop delay comes after it)`,
    );
  }
  if (PARTS.has('scale')) {
    ran++;
    const scale = await scalePart();
    const { cpuMet, memoryMet, own, ownLive, ownLiveSpread } = printScale(scale);
    const total = sum(scale.cpuMs.ours) / scale.cpuMs.ours.length;
    goals.push(
      `  our CPU per frame beyond parsing < ${GOALS.msPerFrame} ms: ${ms(own)} ms (${scale.replay ? 'timed alone, p50' : 'live mean'}; live ${ms(ownLive)} ±${ms(ownLiveSpread)} ms; total ours ${ms(total)} ms) ${cpuMet ? 'met' : 'NOT met'}`,
    );
    goals.push(`  memory growth < ${GOALS.growthMb} MB: RSS ${mb(scale.rss)}, heapUsed ${mb(scale.heap)} ${memoryMet ? 'met' : 'NOT met'}`);
  }
  if (ran === 0) throw new Error('DETECT_PARTS names no part (latency, scale)');

  for (const error of childErrors) check('children', false, error);
  log('sanity:');
  for (const { part, ok, detail } of checks) log(`  ${ok ? 'ok  ' : 'FAIL'} ${part.padEnd(8)} ${detail}`);
  log('');
  log('goals:');
  for (const line of goals) log(line);
  log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  if (WRITE_RESULTS)
    recordResults(
      join(PACKAGE_ROOT, 'bench/RESULTS.md'),
      'bench/detect',
      [`command: \`${runCommand('DETECT_', 'bench/detect.ts')}\``, `machine: ${machine}`],
      report,
    );
  if (!checks.every((c) => c.ok)) process.exitCode = 1;
}

runBench(main);
