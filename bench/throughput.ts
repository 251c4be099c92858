// Webhook throughput benchmark (issues 5 and 12). One run, one real Node-RED (a child process with
// this package linked; redeployed between variants), one receiver (a child process), three variants
// pushing the same messages to the same receiver, interleaved in changing order so machine load hits all
// (A C H B, C A B H, B H A C, H B C A: A and C always next to each other, each variant once in each place):
//
//   A  ours       inject → function source → jellynext-webhook (POST, default movie payload, retries 0,
//                 parallel = THROUGHPUT_CONCURRENCY, the same as C, a queue that holds a whole run)
//   B  core       inject → the same source → function (the same JSON body) → core `http request`
//                 (POST, mustache URL, Content-Type header, keep-alive, ret 'txt')
//   C  undici     no Node-RED: a loop in this process, undici `request` through an Agent with the same
//                 number of requests in flight (and connections) as A: the practical limit for sending these
//   H  harness    (information, no goal) inject → the same source → the counter, no HTTP at all: what
//                 Node-RED and the bench's own function nodes cost per message, a ceiling for A and B
//
// A run: the source emits N messages (THROUGHPUT_MESSAGES, default 10,000), THROUGHPUT_BATCH (100) per
// timer turn, so the burst is fast but not one synchronous loop. Timing starts just before the bench
// asks Node-RED to fire the inject node (admin API) and ends at the later of (1) the receiver having the
// run's N-th request in full and (2) the flow's counter (a function node wired to every output of the
// request node) having seen N outputs, which it reports with one POST /done. For C it ends when the N-th
// response body has been read here. Each deploy (and each C agent) is warmed up with THROUGHPUT_WARMUP
// (1,000) messages first. Before each timed A or B run Node-RED is garbage-collected (through the
// preload, bench/throughput-preload.cjs) and its peak-RSS mark is reset (/proc/<pid>/clear_refs), so
// the peak RSS reported is that run's own (VmHWM; VmRSS is also sampled every 50 ms).
//
// Ratios (A÷B, A÷C) are taken per round from runs seconds apart, then their median is compared with the
// goals; the spread (quartiles and extremes of the per-round ratios) says how steady the machine was.
// Many short rounds rather than a few long ones: load from other processes comes and goes in seconds.
//
// Then the burst part (issue 12, point 1): the webhook node with its defaults (parallel 16, queue 1,000)
// gets 1,000 messages in one synchronous loop; every one must arrive, with at most 16 connections open at
// the receiver at any time; Node-RED's peak RSS is reported. The core flow (B) gets the same burst as a
// baseline (no limit of its own). THROUGHPUT_BURST=0 leaves the part out.
//
// Run: npm run bench:throughput   (builds first: Node-RED loads the package from dist/)
// Env: THROUGHPUT_MESSAGES (10000), THROUGHPUT_WARMUP (1000), THROUGHPUT_ROUNDS (8: each order twice), THROUGHPUT_BATCH (100),
// THROUGHPUT_CONCURRENCY (A's parallel and C's requests in flight, 16: the node's default), THROUGHPUT_VARIANTS
// ("A,B,C,H"), THROUGHPUT_BURST (1000 messages; 0 = no burst part), THROUGHPUT_RESULTS (1 = write this run into
// bench/RESULTS.md; 0 = don't), THROUGHPUT_PROFILE_DIR (Node-RED writes a V8 CPU profile there, from the first
// timed run to its exit; the bench prints where the time went: run it with THROUGHPUT_VARIANTS=A
// THROUGHPUT_ROUNDS=1 THROUGHPUT_BURST=0 to see A alone; such a run goes to its own RESULTS.md section,
// "bench/throughput profile").
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { NodeRedRuntime, PACKAGE_ROOT, type FlowNode } from '../test/support/node-red-runtime';
import { expectedBody, mediaFor } from './throughput-shared';
import { DEFAULTS } from '../src/webhook/config';
import { summarizeProfile } from './throughput-profile';
import { type Check, check, checks, onCleanup, recordResults, runBench, runCommand, sleep, until, withTimeout } from './plumbing';

// ---------------------------------------------------------------------------------------------
// Settings.

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}

const MESSAGES = intFromEnv('THROUGHPUT_MESSAGES', 10_000, 10);
const WARMUP = intFromEnv('THROUGHPUT_WARMUP', 1_000, 0);
const ROUNDS = intFromEnv('THROUGHPUT_ROUNDS', 8, 1);
const BATCH = intFromEnv('THROUGHPUT_BATCH', 100, 1);
/** A's `parallel` and C's requests in flight; the node's default (DEFAULTS.parallel). */
const CONCURRENCY = intFromEnv('THROUGHPUT_CONCURRENCY', 16, 1);
const BURST = intFromEnv('THROUGHPUT_BURST', 1_000, 0);

const VARIANTS = [
  ...new Set(
    (process.env.THROUGHPUT_VARIANTS ?? 'A,B,C,H')
      .split(',')
      .map((v) => v.trim().toUpperCase())
      .filter((v): v is Variant => v === 'A' || v === 'B' || v === 'C' || v === 'H'),
  ),
];
const WRITE_RESULTS = process.env.THROUGHPUT_RESULTS !== '0';
const PROFILE_DIR = process.env.THROUGHPUT_PROFILE_DIR ?? '';
const SAMPLE_MS = 50;
const RUN_TIMEOUT_MS = Math.max(120_000, MESSAGES * 15);
const GOALS = { vsCore: 4, vsUndici: 0.6, cpuVsUndici: 1.5 };
/** The viewer of every message (the shape of a Jellyfin user id). */
const USER = '4b1f8a1c-5d2e-4c3b-9a7f-0e6d5c4b3a21';
const CONTENT_TYPE = 'application/json; charset=utf-8';

type Variant = 'A' | 'B' | 'C' | 'H';
type FlowVariant = Exclude<Variant, 'C'>;
const NAMES: Record<Variant, string> = {
  A: 'A ours: jellynext-webhook',
  B: 'B core: function + http request',
  C: `C bare undici loop, ${CONCURRENCY} in flight`,
  H: 'H harness only: source → counter, no HTTP',
};

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

function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
/** The q-quantile (0…1) by linear interpolation between the sorted values. */
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const low = Math.floor(at);
  return s[low]! + (s[Math.min(low + 1, s.length - 1)]! - s[low]!) * (at - low);
}
/** "p25–p75 x–y, min–max x–y" of per-round values. */
function spreadOf(xs: readonly number[], fmt: (x: number) => string): string {
  if (xs.length < 2) return 'one round, no spread';
  return `p25–p75 ${fmt(quantile(xs, 0.25))}–${fmt(quantile(xs, 0.75))}, min–max ${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
}
const fmtRate = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const fmtRatio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 1 ? 3 : 2)}×` : 'n/a');
const fmtMb = (kb: number) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');
const fmtMs = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : 'n/a');

// ---------------------------------------------------------------------------------------------
// Plumbing: sanity checks, cleanup, timeouts.

// (sanity checks, cleanups, timeouts and polling live in bench/plumbing.ts)

// ---------------------------------------------------------------------------------------------
// The receiver child (bench/throughput-receiver.ts).

interface ReceiverStats {
  readonly received: number;
  readonly validJson: number;
  readonly exactBody: number;
  readonly jsonContentType: number;
  readonly inRange: number;
  readonly duplicates: number;
  readonly firstMismatch?: string;
  readonly connectionsOpened: number;
  readonly peakOpenConnections: number;
  readonly connectionsUsed: number;
  readonly peakClientConnections: number;
  readonly cpuMs: number;
  readonly unexpected: number;
  readonly unexpectedSample: readonly string[];
}

type ChildMessage = { readonly type: string; readonly run?: string } & Record<string, unknown>;

class ReceiverChild {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly waiters: Array<{ type: string; run: string | undefined; resolve: (message: ChildMessage, at: number) => void }> = [];
  private readonly inbox: Array<{ message: ChildMessage; at: number }> = [];
  readonly errors: string[] = [];
  port = 0;

  async start(): Promise<this> {
    const child = fork(join(OUT_DIR, 'throughput-receiver.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.on('message', (message: ChildMessage) => {
      const at = performance.now();
      if (message.type === 'error') {
        this.errors.push(String(message.error));
        return;
      }
      const i = this.waiters.findIndex((w) => w.type === message.type && (w.run === undefined || w.run === message.run));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(message, at);
      else this.inbox.push({ message, at });
    });
    const ready = await this.next('ready', undefined, 20_000);
    this.port = Number(ready.message.port);
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next message of this type (and run), with the time it arrived here. */
  next(type: string, run: string | undefined, timeoutMs: number): Promise<{ message: ChildMessage; at: number }> {
    const i = this.inbox.findIndex((m) => m.message.type === type && (run === undefined || m.message.run === run));
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]!);
    let entry: (typeof this.waiters)[number] | undefined;
    const wait = new Promise<{ message: ChildMessage; at: number }>((resolve) => {
      entry = { type, run, resolve: (message, at) => resolve({ message, at }) };
      this.waiters.push(entry);
    });
    return withTimeout(wait, timeoutMs, `receiver: "${type}"${run ? ` of run ${run}` : ''}`).catch((err: unknown) => {
      const at = this.waiters.indexOf(entry!);
      if (at >= 0) this.waiters.splice(at, 1);
      throw err;
    });
  }

  async arm(run: string, prefix: string, base: number, count: number): Promise<void> {
    this.child!.send({ type: 'arm', run, prefix, base, count, user: USER });
    await this.next('armed', run, 10_000);
  }

  async stats(run: string): Promise<ReceiverStats> {
    this.child!.send({ type: 'stats', run });
    const { message } = await this.next('stats', run, 10_000);
    if (!message.stats) throw new Error(`receiver has no stats for run ${run}`);
    return message.stats as ReceiverStats;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'close' });
    const gone = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The Node-RED process: its pid, memory and CPU from /proc.

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The Node-RED child: a child of this process whose working directory is its unique user directory
 * (NodeRedRuntime spawns it there). Its command line cannot be used: red.js sets process.title, which
 * overwrites it with "node-red".
 */
function findNodeRedPid(userDir: string): number {
  const found: number[] = [];
  const want = realpathSync(userDir);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(ppid) !== process.pid) continue;
      if (readlinkSync(`/proc/${entry}/cwd`) === want) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  if (found.length !== 1) throw new Error(`expected one Node-RED child working in ${userDir}, found ${found.length}`);
  return found[0]!;
}

/** VmRSS and VmHWM in kB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN), hwm: Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) };
}

/** User + system CPU of the process in ms (clock-tick resolution, 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false when the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples VmRSS every SAMPLE_MS; stop() gives the sampled maximum and the kernel's VmHWM. */
function sampleMemory(pid: number): { stop: () => { sampledPeak: number; hwm: number; samples: number } } {
  let sampledPeak = 0;
  let samples = 0;
  const take = () => {
    try {
      const { rss } = memoryOf(pid);
      samples++;
      if (rss > sampledPeak) sampledPeak = rss;
    } catch {
      // the process is gone; the run will fail on its own
    }
  };
  take();
  const timer = setInterval(take, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { sampledPeak, hwm: memoryOf(pid).hwm, samples };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The flows. The source and the counter are the same for A and B.

/** Emits msg.payload.count media, msg.payload.batch per timer turn; each message carries its run and count. */
const SOURCE = `const p = msg.payload;
let i = 0;
const emit = () => {
  const end = Math.min(p.count, i + p.batch);
  for (; i < end; i++) {
    node.send({
      run: p.run,
      count: p.count,
      payload: { mediaType: 'movie', tmdbId: String(p.base + i), imdbId: 'tt' + String(i).padStart(7, '0'), title: 'Fight Club ' + i, year: 1999, jellyfinUserId: p.user },
    }, false);
  }
  if (i < p.count) setTimeout(emit, 0);
};
emit();
return null;`;

/** B's body: JellyNext's default movie payload built as JSON (same text as A renders); the media kept for the URL. */
const BODY = `const p = msg.payload;
msg.media = p;
msg.payload = JSON.stringify({
  tmdbId: p.tmdbId == null ? '' : String(p.tmdbId),
  imdbId: p.imdbId == null ? '' : String(p.imdbId),
  title: p.title == null ? '' : String(p.title),
  year: p.year == null ? '' : String(p.year),
  jellyfinUserId: p.jellyfinUserId == null ? '' : String(p.jellyfinUserId),
}, null, 2);
return msg;`;

/** Counts the request node's outputs of the current run; at the run's count, one message for POST /done. */
const COUNTER = `let s = context.get('s');
if (s === undefined || s.run !== msg.run) {
  s = { run: msg.run, seen: 0, ok: 0 };
  context.set('s', s);
}
s.seen++;
if (msg.statusCode === 200) s.ok++;
if (s.seen === msg.count) return { payload: JSON.stringify(s) };
return null;`;

/**
 * The order of a round's runs. A and C always run next to each other (their ratio is the noisiest: B's
 * long run between them let the load change), and over four rounds every variant runs once in every
 * position. Variants left out by THROUGHPUT_VARIANTS are skipped.
 */
const ORDERS: ReadonlyArray<readonly Variant[]> = [
  ['A', 'C', 'H', 'B'],
  ['C', 'A', 'B', 'H'],
  ['B', 'H', 'A', 'C'],
  ['H', 'B', 'C', 'A'],
];
function orderOf(round: number): Variant[] {
  return ORDERS[round % ORDERS.length]!.filter((v) => VARIANTS.includes(v));
}

/** `nodeDefaults`: the webhook node as dropped from the palette (its parallel and queue size not set). */
function flowFor(variant: FlowVariant, receiverUrl: string, nodeDefaults = false): FlowNode[] {
  const common: FlowNode[] = [
    { id: 'tp_tab', type: 'tab', label: `throughput ${variant}` },
    {
      id: 'tp_inject',
      type: 'inject',
      z: 'tp_tab',
      name: 'start',
      props: [{ p: 'payload', v: '{}', vt: 'json' }],
      repeat: '',
      once: false,
      wires: [['tp_source']],
    },
    {
      id: 'tp_source',
      type: 'function',
      z: 'tp_tab',
      name: 'source',
      func: SOURCE,
      outputs: 1,
      wires: [[{ A: 'tp_ours', B: 'tp_body', H: 'tp_counter' }[variant]]],
    },
    { id: 'tp_counter', type: 'function', z: 'tp_tab', name: 'counter', func: COUNTER, outputs: 1, wires: [['tp_signal']] },
    {
      id: 'tp_signal',
      type: 'http request',
      z: 'tp_tab',
      name: 'POST /done',
      method: 'POST',
      ret: 'txt',
      url: `${receiverUrl}/done`,
      persist: false,
      wires: [[]],
    },
  ];
  if (variant === 'H') return common;
  if (variant === 'A') {
    return [
      ...common,
      {
        id: 'tp_ours',
        type: 'jellynext-webhook',
        z: 'tp_tab',
        name: 'jellynext-webhook',
        method: 'POST',
        timeout: 60, // seconds per attempt; generous so a queued burst is never cut short
        retries: 0,
        // The same concurrency as C; the source outruns any endpoint, so the queue must hold the whole run.
        ...(nodeDefaults ? {} : { parallel: CONCURRENCY, queueSize: Math.min(Math.max(MESSAGES, WARMUP), 100_000) }),
        movieUrl: `${receiverUrl}/a/movie?id={tmdbId}`,
        showUrl: `${receiverUrl}/a/show?id={tmdbId}`,
        wires: [['tp_counter'], ['tp_counter']],
      },
    ];
  }
  return [
    ...common,
    { id: 'tp_body', type: 'function', z: 'tp_tab', name: 'JSON body', func: BODY, outputs: 1, wires: [['tp_core']] },
    {
      id: 'tp_core',
      type: 'http request',
      z: 'tp_tab',
      name: 'http request',
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: `${receiverUrl}/b/movie?id={{{media.tmdbId}}}`,
      persist: true,
      senderr: false,
      headers: [{ keyType: 'Content-Type', keyValue: '', valueType: 'other', valueValue: CONTENT_TYPE }],
      wires: [['tp_counter']],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Runs.

interface RunResult {
  readonly variant: Variant;
  readonly run: string;
  readonly count: number;
  readonly seconds: number;
  readonly rate: number;
  /** CPU ms of Node-RED (A, B) or of this process (C) during the run. */
  readonly cpuMs: number;
  readonly rssBeforeKb?: number;
  readonly peakKb?: number;
  readonly sampledPeakKb?: number;
  readonly samples?: number;
  readonly receiver: ReceiverStats;
  /** The flow counter's report (A, B): outputs seen, and how many had status 200. */
  readonly flow?: { seen: number; ok: number };
  /** C: responses read here with status 200. */
  readonly okHere?: number;
}

let nextBase = 1_000_000;
function baseFor(count: number): number {
  const base = nextBase;
  nextBase += Math.ceil((count + 1) / 1_000_000) * 1_000_000;
  return base;
}

interface Context {
  readonly red: NodeRedRuntime;
  readonly pid: number;
  readonly receiver: ReceiverChild;
  readonly canResetPeak: boolean;
  gcCount: number;
}

/** A full GC in Node-RED (through the preload); resolves once it has printed its marker. */
async function collectNodeRed(ctx: Context): Promise<void> {
  const marker = `[throughput-preload] gc ${ctx.gcCount + 1} `;
  process.kill(ctx.pid, 'SIGWINCH');
  await until(() => ctx.red.logs().includes(marker), 10_000, 'Node-RED garbage collection (preload marker)');
  ctx.gcCount++;
}

async function flowRun(
  ctx: Context,
  variant: FlowVariant,
  label: string,
  count: number,
  measured: boolean,
  batch = BATCH,
): Promise<RunResult> {
  const run = `${label}`;
  const base = baseFor(count);
  await ctx.receiver.arm(run, `/${variant.toLowerCase()}/`, base, count);
  // H sends no request: its end is the counter's signal alone.
  const noRequests = { message: { type: 'reached', run }, at: 0 };
  const reached = variant === 'H' ? Promise.resolve(noRequests) : ctx.receiver.next('reached', run, RUN_TIMEOUT_MS);
  const done = ctx.receiver.next('done', run, RUN_TIMEOUT_MS);
  // Unhandled-rejection guards: a failure is rethrown where they are awaited.
  reached.catch(() => undefined);
  done.catch(() => undefined);

  let rssBeforeKb: number | undefined;
  let sampler: ReturnType<typeof sampleMemory> | undefined;
  if (measured) {
    await collectNodeRed(ctx);
    await sleep(100);
    if (ctx.canResetPeak) resetPeak(ctx.pid);
    rssBeforeKb = memoryOf(ctx.pid).rss;
    sampler = sampleMemory(ctx.pid);
  }
  const cpu0 = cpuMsOf(ctx.pid);
  const t0 = performance.now();
  const inject = await ctx.red.request('POST', 'inject/tp_inject', {
    __user_inject_props__: [{ p: 'payload', v: JSON.stringify({ run, count, base, batch, user: USER }), vt: 'json' }],
  });
  if (inject.status !== 200) throw new Error(`inject failed with HTTP ${inject.status}`);
  let r: Awaited<typeof reached>;
  let d: Awaited<typeof done>;
  try {
    [r, d] = await Promise.all([reached, done]);
  } catch (err) {
    const seen = await ctx.receiver.stats(run).catch(() => undefined);
    const tail = ctx.red.logs().split('\n').slice(-15).join('\n    ');
    throw new Error(`${(err as Error).message}\n  receiver: ${JSON.stringify(seen)}\n  Node-RED log tail:\n    ${tail}`);
  }
  const t1 = Math.max(r.at, d.at);
  const cpuMs = cpuMsOf(ctx.pid) - cpu0;
  const memory = sampler?.stop();
  await sleep(200); // late or duplicate requests would arrive now
  const receiver = await ctx.receiver.stats(run);
  let flow: { seen: number; ok: number } | undefined;
  try {
    const parsed = JSON.parse(String(d.message.body)) as { seen?: unknown; ok?: unknown };
    flow = { seen: Number(parsed.seen), ok: Number(parsed.ok) };
  } catch {
    flow = undefined;
  }
  const seconds = (t1 - t0) / 1000;
  return {
    variant,
    run,
    count,
    seconds,
    rate: count / seconds,
    cpuMs,
    rssBeforeKb,
    peakKb: memory && ctx.canResetPeak ? memory.hwm : memory?.sampledPeak,
    sampledPeakKb: memory?.sampledPeak,
    samples: memory?.samples,
    receiver,
    flow,
  };
}

async function undiciRun(receiver: ReceiverChild, agent: Agent, label: string, count: number): Promise<RunResult> {
  const run = label;
  const base = baseFor(count);
  await receiver.arm(run, '/c/', base, count);
  const reached = receiver.next('reached', run, RUN_TIMEOUT_MS);
  reached.catch(() => undefined);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const origin = receiver.url;
  let next = 0;
  let ok = 0;
  // The same work per message as the flows: a media object, the same JSON body, a URL with its id.
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const p = mediaFor(base, i, USER);
      const body = JSON.stringify(
        {
          tmdbId: String(p.tmdbId),
          imdbId: String(p.imdbId),
          title: String(p.title),
          year: String(p.year),
          jellyfinUserId: String(p.jellyfinUserId),
        },
        null,
        2,
      );
      const res = await request(`${origin}/c/movie?id=${encodeURIComponent(p.tmdbId)}`, {
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE },
        body,
        dispatcher: agent,
      });
      await res.body.text();
      if (res.statusCode === 200) ok++;
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  await reached;
  await sleep(200);
  const stats = await receiver.stats(run);
  const seconds = (t1 - t0) / 1000;
  return { variant: 'C', run, count, seconds, rate: count / seconds, cpuMs: (cpu.user + cpu.system) / 1000, receiver: stats, okHere: ok };
}

/** One line per timed run, for the log: the medians in the tables hide how runs differ. */
function describeRun(r: RunResult, round: number): string {
  const parts = [
    `  round ${round + 1} ${r.variant}: ${fmtRate(r.rate).padStart(6)} msgs/s`,
    `${fmtMs((r.cpuMs / r.count) * 1000).padStart(5)} µs/msg CPU`,
  ];
  if (r.variant !== 'H') parts.push(`${r.receiver.connectionsUsed} conns used, ${r.receiver.connectionsOpened} new`);
  if (r.peakKb !== undefined) parts.push(`peak RSS ${fmtMb(r.peakKb)} MB (from ${fmtMb(r.rssBeforeKb ?? Number.NaN)})`);
  return parts.join(', ');
}

function checkRun(result: RunResult, what: string): void {
  const s = result.receiver;
  const n = result.count;
  const part = result.variant;
  if (result.variant === 'H') {
    runChecks.push({
      part,
      ok: s.received === 0 && s.unexpected === 0 && result.flow?.seen === n,
      detail: `${what}: flow counter saw ${result.flow?.seen ?? '?'}/${n} messages, receiver got ${s.received + s.unexpected} requests (none expected)`,
    });
    return;
  }
  const allGood =
    s.received === n &&
    s.inRange === n &&
    s.duplicates === 0 &&
    s.validJson === n &&
    s.exactBody === n &&
    s.jsonContentType === n &&
    s.unexpected === 0;
  const flowGood = result.variant === 'C' ? result.okHere === n : result.flow?.seen === n && result.flow.ok === n;
  const detail =
    `${what}: receiver got ${s.received}/${n} requests, ids in range ${s.inRange}, duplicates ${s.duplicates}, valid JSON ${s.validJson}, ` +
    `body = expected JSON ${s.exactBody}, JSON content-type ${s.jsonContentType}, unexpected ${s.unexpected}` +
    (result.variant === 'C'
      ? `; 200s read here ${result.okHere}`
      : `; flow counter saw ${result.flow?.seen ?? '?'} outputs, ${result.flow?.ok ?? '?'} with status 200`) +
    (s.firstMismatch ? `; first mismatch ${s.firstMismatch}` : '') +
    (s.unexpectedSample.length ? `; unexpected ${s.unexpectedSample.join(', ')}` : '');
  runChecks.push({ part, ok: allGood && flowGood, detail });
}
const runChecks: Check[] = [];

// ---------------------------------------------------------------------------------------------
// The burst part: BURST messages in one synchronous loop, the node with its defaults.

async function burstPart(ctx: Context): Promise<string[]> {
  const lines: string[] = [];
  const rows: Array<Array<string | number>> = [
    [
      'burst of ' + BURST.toLocaleString('en-US'),
      'delivered',
      'to output 1 (200)',
      'peak client conns',
      'peak open conns (all)',
      'new conns',
      'peak RSS MB',
      'RSS before MB',
      'ms',
    ],
  ];
  for (const variant of ['A', 'B'] as const) {
    await ctx.red.deploy(flowFor(variant, ctx.receiver.url, true));
    await sleep(300);
    // One message first so the deploy is warm; its connection stays open and counts as open in the burst.
    checkRun(await flowRun(ctx, variant, `${variant}burst-w`, 1, false), 'burst warm-up');
    const r = await flowRun(ctx, variant, `${variant}burst`, BURST, true, BURST);
    const s = r.receiver;
    const delivered = s.received === BURST && s.exactBody === BURST && s.duplicates === 0 && s.unexpected === 0;
    if (variant === 'A') {
      check(
        'burst',
        delivered && r.flow?.seen === BURST && r.flow.ok === BURST,
        `A: all ${BURST} delivered once with the expected body (${s.exactBody}/${BURST}) and counted at output 1 with 200 (${r.flow?.ok ?? '?'})`,
      );
      check(
        'burst',
        s.peakClientConnections <= DEFAULTS.parallel,
        `A: at most ${DEFAULTS.parallel} of the node's connections open at the receiver at any time (peak ${s.peakClientConnections})`,
      );
      check(
        'burst',
        BURST - DEFAULTS.parallel <= DEFAULTS.queueSize,
        `A: the burst fits the default queue (${DEFAULTS.queueSize}) behind ${DEFAULTS.parallel} in flight, so none went to output 2`,
      );
    } else {
      check('burst', delivered, `B: all ${BURST} delivered once with the expected body (${s.exactBody}/${BURST})`);
    }
    rows.push([
      variant === 'A'
        ? `A jellynext-webhook, defaults (parallel ${DEFAULTS.parallel}, queue ${DEFAULTS.queueSize})`
        : 'B core http request (no limit)',
      s.received,
      r.flow?.ok ?? '?',
      s.peakClientConnections,
      s.peakOpenConnections,
      s.connectionsOpened,
      fmtMb(r.peakKb ?? Number.NaN),
      fmtMb(r.rssBeforeKb ?? Number.NaN),
      Math.round(r.seconds * 1000),
    ]);
  }
  lines.push(
    `Burst: ${BURST.toLocaleString('en-US')} messages sent by the source in one synchronous loop, the webhook node as dropped from the palette`,
  );
  lines.push(table(rows));
  lines.push(
    "  peak client conns: most of the request node's connections open at the receiver at once (kept-alive ones from the warm-up message included);",
  );
  lines.push(
    "  peak open conns (all): the same with every connection, the flow's POST /done included; peak RSS: Node-RED VmHWM during the burst",
  );
  lines.push('');
  return lines;
}

// ---------------------------------------------------------------------------------------------
// bench/RESULTS.md

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (VARIANTS.length === 0) throw new Error('THROUGHPUT_VARIANTS names no variant (A, B, C)');
  const cpus = os.cpus();
  const machine = `node ${process.version} | ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores) | ${os.platform()} ${os.arch()} | load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
  console.log('Webhook throughput benchmark (bench/throughput.ts)');
  console.log(machine);
  const versions = `node-red ${(require('node-red/package.json') as { version: string }).version} | undici ${(require('undici/package.json') as { version: string }).version}`;
  log(
    `${versions} | ${MESSAGES.toLocaleString('en-US')} messages per run (+${WARMUP.toLocaleString('en-US')} warm-up per deploy) | ${ROUNDS} round(s), order changing, A next to C | source batch ${BATCH} per timer turn | variants ${VARIANTS.join(',')}`,
  );
  log('');

  const receiver = await new ReceiverChild().start();
  onCleanup('receiver child', () => receiver.stop());

  const preload = join(PACKAGE_ROOT, 'bench/throughput-preload.cjs');
  const env: Record<string, string> = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${preload}"`.trim() };
  if (PROFILE_DIR) env.THROUGHPUT_PROFILE_DIR = PROFILE_DIR;
  const red = new NodeRedRuntime({ env });
  const stopRed = onCleanup('Node-RED', () => red.stop());
  await red.start();
  const pid = findNodeRedPid(red.userDir);
  const canResetPeak = resetPeak(pid);
  check(
    'setup',
    true,
    `Node-RED pid ${pid} found by its user directory; peak RSS ${canResetPeak ? 'reset per run through /proc/<pid>/clear_refs (VmHWM)' : 'NOT resettable: sampled VmRSS maximum used'}`,
  );
  const ctx: Context = { red, pid, receiver, canResetPeak, gcCount: 0 };
  const logsFrom = red.logs().length; // start-up warnings (projects disabled, no credentials file) are not ours

  const results: RunResult[] = [];
  const runLines: string[] = [];
  const roundOf = new Map<RunResult, number>();
  const started = performance.now();

  for (let round = 0; round < ROUNDS; round++) {
    const order = orderOf(round);
    for (const variant of order) {
      if (variant === 'C') {
        // The same pool settings as the webhook node's dispatcher, plus the limit on connections.
        const agent = new Agent({ keepAliveTimeout: 4_000, connections: CONCURRENCY, connect: { timeout: 10_000 } });
        const closeAgent = onCleanup('undici agent', () => agent.close());
        if (WARMUP > 0) checkRun(await undiciRun(receiver, agent, `C${round}w`, WARMUP), `round ${round + 1} warm-up`);
        const result = await undiciRun(receiver, agent, `C${round}`, MESSAGES);
        checkRun(result, `round ${round + 1}`);
        results.push(result);
        roundOf.set(result, round);
        await closeAgent();
      } else {
        await red.deploy(flowFor(variant, receiver.url));
        await sleep(300);
        if (WARMUP > 0) {
          const warm = await flowRun(ctx, variant, `${variant}${round}w`, WARMUP, false);
          checkRun(warm, `round ${round + 1} warm-up`);
        }
        const result = await flowRun(ctx, variant, `${variant}${round}`, MESSAGES, true);
        checkRun(result, `round ${round + 1}`);
        results.push(result);
        roundOf.set(result, round);
      }
      runLines.push(describeRun(results.at(-1)!, round));
      console.error(runLines.at(-1)); // progress; the report repeats it
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  const burstLines = BURST > 0 ? await burstPart(ctx) : [];

  const complaints = red
    .logs()
    .slice(logsFrom)
    .split('\n')
    .filter((line) => /\[(error|warn)\]/.test(line));
  check(
    'node-red',
    complaints.length === 0,
    `Node-RED logged no error or warning after start-up${complaints.length ? `:\n    ${complaints.slice(0, 5).join('\n    ')}` : ''}`,
  );
  await stopRed();

  // ----- report
  const byVariant = (v: Variant) => results.filter((r) => r.variant === v);
  const rows: Array<Array<string | number>> = [
    [
      'variant',
      'runs',
      'msgs/s (median)',
      'min',
      'max',
      'CPU µs/msg',
      'peak RSS MB',
      'max',
      'RSS before MB',
      'conns used',
      'new conns',
      'receiver µs/msg',
    ],
  ];
  for (const v of VARIANTS) {
    const rs = byVariant(v);
    const rates = rs.map((r) => r.rate);
    const peaks = rs.map((r) => r.peakKb ?? Number.NaN);
    const inNodeRed = v !== 'C';
    rows.push([
      NAMES[v],
      rs.length,
      fmtRate(median(rates)),
      fmtRate(Math.min(...rates)),
      fmtRate(Math.max(...rates)),
      fmtMs(median(rs.map((r) => (r.cpuMs / r.count) * 1000))),
      inNodeRed ? fmtMb(median(peaks)) : 'n/a',
      inNodeRed ? fmtMb(Math.max(...peaks)) : 'n/a',
      inNodeRed ? fmtMb(median(rs.map((r) => r.rssBeforeKb ?? Number.NaN))) : 'n/a',
      v === 'H' ? '' : median(rs.map((r) => r.receiver.connectionsUsed)),
      v === 'H' ? '' : median(rs.map((r) => r.receiver.connectionsOpened)),
      v === 'H' ? '' : fmtMs(median(rs.map((r) => (r.receiver.cpuMs / r.count) * 1000))),
    ]);
  }
  log(
    `Throughput: ${MESSAGES.toLocaleString('en-US')} POSTs per run to a node:http receiver (child process; 200 with {"ok":true}, keep-alive); medians over rounds`,
  );
  log(table(rows));
  log(
    '  msgs/s: inject (A, B, H) or first request (C) → the N-th request in full at the receiver and the N-th output counted by the flow (H: counted; C: N-th response read)',
  );
  log(
    '  CPU µs/msg: Node-RED process (A, B, H; /proc, 10 ms ticks) or this process (C); receiver µs/msg: the receiver child (parsing and checking every body)',
  );
  log('  peak RSS: Node-RED VmHWM during the timed run, reset after a forced GC (RSS before = right after that GC)');
  log(
    "  conns used: distinct connections that carried the run's requests (the client's effective concurrency); new conns: opened during the run",
  );
  log('');

  const ratioRows: Array<Array<string | number>> = [['round (order)', ...VARIANTS.map((v) => `${v} msgs/s`), 'A÷B', 'A÷C', 'CPU A÷C']];
  const aOverB: number[] = [];
  const aOverC: number[] = [];
  const cpuAOverC: number[] = [];
  const cpuPerMsg = (r: RunResult) => (r.cpuMs / r.count) * 1000;
  for (let round = 0; round < ROUNDS; round++) {
    const inRound = (v: Variant) => results.find((r) => r.variant === v && roundOf.get(r) === round);
    const a = inRound('A');
    const b = inRound('B');
    const c = inRound('C');
    const ab = a && b ? a.rate / b.rate : Number.NaN;
    const ac = a && c ? a.rate / c.rate : Number.NaN;
    const cpuAc = a && c ? cpuPerMsg(a) / cpuPerMsg(c) : Number.NaN;
    if (Number.isFinite(ab)) aOverB.push(ab);
    if (Number.isFinite(ac)) aOverC.push(ac);
    if (Number.isFinite(cpuAc)) cpuAOverC.push(cpuAc);
    ratioRows.push([
      `${round + 1} (${orderOf(round).join(' ')})`,
      ...VARIANTS.map((v) => fmtRate(inRound(v)?.rate ?? Number.NaN)),
      fmtRatio(ab),
      fmtRatio(ac),
      fmtRatio(cpuAc),
    ]);
  }
  ratioRows.push([
    'median',
    ...VARIANTS.map((v) => fmtRate(median(byVariant(v).map((r) => r.rate)))),
    fmtRatio(median(aOverB)),
    fmtRatio(median(aOverC)),
    fmtRatio(median(cpuAOverC)),
  ]);
  log('Per round (the variants of a round run back to back):');
  log(table(ratioRows));
  log(
    `  spread of the per-round ratios: A÷B ${spreadOf(aOverB, fmtRatio)}; A÷C ${spreadOf(aOverC, fmtRatio)}; CPU A÷C ${spreadOf(cpuAOverC, fmtRatio)}`,
  );
  log(
    `  concurrency: A's parallel = C's requests in flight = ${CONCURRENCY}${CONCURRENCY === DEFAULTS.parallel ? " (the node's default)" : ''}; B has no limit of its own`,
  );
  for (const line of runLines) log(line);
  log(
    `  timed part ${elapsedS.toFixed(0)} s including deploys and warm-ups; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log('');

  for (const line of burstLines) log(line);
  for (const error of receiver.errors) check('receiver', false, error);
  log('sanity:');
  const runsOk = runChecks.every((c) => c.ok);
  for (const { part, ok, detail } of checks) log(`  ${ok ? 'ok  ' : 'FAIL'} ${part.padEnd(8)} ${detail}`);
  // Every run is checked; print failures in full and one line per variant when all passed.
  for (const v of VARIANTS) {
    const mine = runChecks.filter((c) => c.part === v);
    const failed = mine.filter((c) => !c.ok);
    for (const c of failed) log(`  FAIL ${v.padEnd(8)} ${c.detail}`);
    if (failed.length === 0 && mine.length > 0)
      log(`  ok   ${v.padEnd(8)} all ${mine.length} runs (warm-ups included); last: ${mine.at(-1)!.detail}`);
  }
  if (VARIANTS.some((v) => v === 'A' || v === 'B' || v === 'C')) {
    log(
      `  info          each body was compared with its own expected text, e.g. media #7 of a run with base 0: ${JSON.stringify(expectedBody(0, 7, USER))}`,
    );
  }
  log('');

  log('goals:');
  if (aOverB.length) {
    const met = median(aOverB) >= GOALS.vsCore;
    log(
      `  A ≥ ${GOALS.vsCore}× B (core http request flow): ${fmtRatio(median(aOverB))} (per round ${aOverB.map(fmtRatio).join(' ')}) ${met ? 'met' : 'NOT met'}`,
    );
  }
  if (aOverC.length) {
    const met = median(aOverC) >= GOALS.vsUndici;
    log(
      `  A ≥ ${GOALS.vsUndici}× C (bare undici, ${CONCURRENCY} in flight): ${fmtRatio(median(aOverC))} (per round ${aOverC.map(fmtRatio).join(' ')}) ${met ? 'met' : 'NOT met'}`,
    );
  }
  if (cpuAOverC.length) {
    const met = median(cpuAOverC) <= GOALS.cpuVsUndici;
    const a = median(byVariant('A').map(cpuPerMsg));
    const c = median(byVariant('C').map(cpuPerMsg));
    log(
      `  CPU per message A ≤ ${GOALS.cpuVsUndici}× C: ${fmtRatio(median(cpuAOverC))} (${fmtMs(a)} vs ${fmtMs(c)} µs/msg, medians; per round ${cpuAOverC.map(fmtRatio).join(' ')}) ${met ? 'met' : 'NOT met'}`,
    );
  }
  const peakOf = (v: Variant) => fmtMb(median(byVariant(v).map((r) => r.peakKb ?? Number.NaN)));
  const shown = VARIANTS.filter((v) => v !== 'C');
  if (shown.length) log(`  peak RSS of Node-RED (median; reported, no goal): ${shown.map((v) => `${v} ${peakOf(v)} MB`).join(', ')}`);
  const h = byVariant('H');
  if (h.length && byVariant('A').length) {
    const hRate = median(h.map((r) => r.rate));
    const hCpu = median(h.map((r) => (r.cpuMs / r.count) * 1000));
    const aCpu = median(byVariant('A').map((r) => (r.cpuMs / r.count) * 1000));
    const cCpu = median(byVariant('C').map((r) => (r.cpuMs / r.count) * 1000));
    const net = Number.isFinite(cCpu) ? ` (${fmtRatio((aCpu - hCpu) / cCpu)} C's)` : '';
    log(
      `  info: the harness alone (H) runs at ${fmtRate(hRate)} msgs/s and ${fmtMs(hCpu)} µs/msg of Node-RED CPU; A adds ${fmtMs(aCpu - hCpu)} µs/msg${net} for the webhook node and its HTTP`,
    );
  }

  if (PROFILE_DIR) {
    const profiles = readdirSync(PROFILE_DIR)
      .filter((f) => f.startsWith(`node-red-${pid}`) && f.endsWith('.cpuprofile'))
      .map((f) => join(PROFILE_DIR, f))
      .sort((x, y) => statSync(y).mtimeMs - statSync(x).mtimeMs);
    log('');
    if (profiles[0]) {
      log(
        `CPU profile of Node-RED from the first timed run to exit (variants ${VARIANTS.filter((v) => v !== 'C').join(',')}, later warm-ups included): ${profiles[0]}`,
      );
      for (const line of summarizeProfile(readFileSync(profiles[0], 'utf8'), PACKAGE_ROOT)) log(line);
    } else {
      log(`no CPU profile of Node-RED pid ${pid} found in ${PROFILE_DIR}`);
    }
  }

  // A profiled run is slower and usually of one variant: it gets a section of its own.
  if (WRITE_RESULTS)
    recordResults(
      join(PACKAGE_ROOT, 'bench/RESULTS.md'),
      PROFILE_DIR ? 'bench/throughput profile' : 'bench/throughput',
      [`command: \`${runCommand('THROUGHPUT_', 'bench/throughput.ts')}\``, `machine: ${machine}`],
      report,
    );
  if (!checks.every((c) => c.ok) || !runsOk) process.exitCode = 1;
}

runBench(main);
