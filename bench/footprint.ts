// Footprint benchmark (issue 12, point 4): what installing this package costs a Node-RED that does not
// use it yet, and one that runs the Getting-started flow, against a bare Node-RED in the same run.
//
//   bare      Node-RED with an empty user directory (no package), no flows
//   idle      the package linked into the user directory (as `npm install` leaves it), no flows
//   deployed  the package, and examples/01 Getting started.json deployed against the Jellyfin simulator
//             (in this process), connected and subscribed to Sessions; nothing played
//   played    the same, after one Play of a placeholder movie: the webhook's request reached a receiver
//             in this process, the viewer was told and the playback stopped (its 2 s delay) — what a flow
//             that has done its job once carries (the webhook's HTTP client is loaded by then)
//
// After one uncounted start of each (the first start reads every file from disk), each round starts the three, one after another, in rotating order (FOOTPRINT_ROUNDS, default 7), so a
// busy spell of the machine hits all of them; deltas are taken within a round, then their median is
// compared with the goals (RSS < 8 MB, start-up < 50 ms).
//
// Start-up: from spawning `node red.js` to Node-RED's "Started flows" log line (nodes loaded, flows
// started; for `deployed` that is the start with no flows, the deploy follows), and, inside it, the time
// Node-RED spends in require() of the package's node files (timed by the preload, nested requires
// included): on a busy machine the whole start-up varies by hundreds of ms from one start to the next,
// so the goal is judged on the load itself and the whole start-up's difference is printed beside it. Memory: 1 s after that
// (after the deploy and the Sessions subscription for `deployed`) a full garbage collection through the
// preload bench/throughput-preload.cjs (SIGWINCH), which then prints RSS, heapUsed, how many CommonJS
// files are loaded and whether undici is among them.
//
// Run: npm run bench:footprint (builds first). Env: FOOTPRINT_ROUNDS (7), FOOTPRINT_RESULTS (1 = write this
// run into bench/RESULTS.md; 0 = don't).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JellyfinSimulator } from '../tools/jellyfin-simulator/src';
import { NODE_RED, PACKAGE_NAME, PACKAGE_ROOT, type FlowNode } from '../test/support/node-red-runtime';
import { check, checks, onCleanup, recordResults, runBench, runCommand, sleep, until } from './plumbing';

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}

/** The part of undici the webhook loads (src/http/undici.ts). */
const AGENT_FILE = 'undici/lib/dispatcher/agent.js';
const ROUNDS = intFromEnv('FOOTPRINT_ROUNDS', 7, 1);
const WRITE_RESULTS = process.env.FOOTPRINT_RESULTS !== '0';
const SETTLE_MS = 1_000;
const GOALS = { rssMb: 8, startupMs: 50 };
const VARIANTS = ['bare', 'idle', 'deployed', 'played'] as const;
type Variant = (typeof VARIANTS)[number];
/** Every node type the package registers: Node-RED loads each node file, used or not. */
const OUR_TYPES = Object.keys(
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red']
    .nodes,
);
const require = createRequire(import.meta.url);

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

function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const low = Math.floor(at);
  return s[low]! + (s[Math.min(low + 1, s.length - 1)]! - s[low]!) * (at - low);
}
const median = (xs: readonly number[]) => quantile(xs, 0.5);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const msText = (x: number) => x.toFixed(0);
const spread = (xs: readonly number[], fmt: (x: number) => string) =>
  xs.length < 2
    ? ''
    : `p25–p75 ${fmt(quantile(xs, 0.25))}…${fmt(quantile(xs, 0.75))}, min–max ${fmt(Math.min(...xs))}…${fmt(Math.max(...xs))}`;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface Measurement {
  readonly variant: Variant;
  readonly startupMs: number;
  readonly rss: number;
  readonly heap: number;
  readonly modules: number;
  /** How many of undici's files Node-RED has loaded. */
  readonly undiciFiles: number;
  /** Requires of the package's files by Node-RED (outermost ones), and their wall and CPU time in ms. */
  readonly loads: number;
  readonly loadMs: number;
  readonly loadCpuMs: number;
}

/** One Node-RED start: spawned directly (test/support's runtime insists on the package being loaded). */
async function measure(
  variant: Variant,
  sim: JellyfinSimulator,
  flow: readonly FlowNode[],
  receiver: WebhookReceiver,
): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), `jellynext-footprint-${variant}-`));
  await mkdir(join(dir, 'node_modules'));
  if (variant !== 'bare') await symlink(PACKAGE_ROOT, join(dir, 'node_modules', PACKAGE_NAME), 'dir');
  const port = await freePort();
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: 'jellynext-footprint-secret',
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    editorTheme: { tours: false, palette: { catalogues: [] } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  const settingsFile = join(dir, 'settings.js');
  await writeFile(settingsFile, `module.exports = ${JSON.stringify(settings)};\n`);
  const preload = join(PACKAGE_ROOT, 'bench/throughput-preload.cjs');
  let output = '';
  let startedAt = Number.NaN;
  const t0 = performance.now();
  const child: ChildProcess = spawn(NODE_RED.node, [NODE_RED.redJs, '-u', dir, '-s', settingsFile, '-p', String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_RED_ENABLE_PROJECTS: '', NODE_OPTIONS: `--require "${preload}"`, PRELOAD_TIME_LOADS_OF: PACKAGE_NAME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = onCleanup(`Node-RED (${variant})`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!gone) child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  const onText = (text: string) => {
    output += text;
    if (Number.isNaN(startedAt) && output.includes('[info] Started flows')) startedAt = performance.now();
  };
  child.stdout!.setEncoding('utf8').on('data', onText);
  child.stderr!.setEncoding('utf8').on('data', onText);
  try {
    await until(() => !Number.isNaN(startedAt) || child.exitCode !== null, 60_000, `Node-RED (${variant}) "Started flows"`);
    if (child.exitCode !== null) throw new Error(`Node-RED (${variant}) exited:\n${output}`);
    const base = `http://127.0.0.1:${port}/`;
    const nodes = (await (await fetch(`${base}nodes`, { headers: { accept: 'application/json' } })).json()) as Array<{
      module: string;
      types?: string[];
      err?: unknown;
    }>;
    const ours = nodes.filter((set) => set.module === PACKAGE_NAME);
    if (variant === 'bare') check(variant, ours.length === 0, 'bare: the package is not loaded');
    else {
      const types = ours.flatMap((set) => set.types ?? []);
      check(
        variant,
        OUR_TYPES.every((type) => types.includes(type)) && ours.every((set) => !set.err),
        `${variant}: the package's ${OUR_TYPES.length} node types loaded without error`,
      );
    }
    if (variant === 'deployed' || variant === 'played') {
      const subscribed = sim.subscriptions;
      const res = await fetch(`${base}flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
        body: JSON.stringify({ flows: flow }),
      });
      check(variant, res.ok, `${variant}: the Getting-started flow was deployed (HTTP ${res.status})`);
      await until(() => sim.subscriptions > subscribed, 20_000, 'the Getting-started flow subscribing to Sessions');
    }
    if (variant === 'played') {
      const requestsBefore = receiver.requests;
      const session = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: `tv-${port}` });
      sim.play(session, sim.catalogue!.fightClub);
      await until(() => receiver.requests > requestsBefore, 20_000, 'the webhook request of the Play');
      const stop = await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 20_000);
      const told = sim.inbox(session).some((entry) => entry.messageType === 'GeneralCommand');
      check(variant, told && stop !== undefined, 'played: one Play → the webhook request, the viewer told, the playback stopped');
    }
    await sleep(SETTLE_MS);
    const marker = '[throughput-preload] gc 1 ';
    process.kill(child.pid!, 'SIGWINCH');
    await until(() => output.includes(marker), 10_000, `Node-RED (${variant}) garbage collection`);
    const line = output.slice(output.indexOf(marker)).split('\n')[0]!;
    const field = (name: string) => Number(new RegExp(`\\b${name} ([\\d.]+)`).exec(line)?.[1] ?? Number.NaN);
    const complaints = output
      .split('\n')
      .filter((l) => /\[(error|warn)\]/.test(l) && !/Projects disabled|credentials file|Encrypted credentials not found/i.test(l));
    if (complaints.length) check(variant, false, `${variant}: Node-RED logged ${complaints.slice(0, 3).join(' | ')}`);
    return {
      variant,
      startupMs: startedAt - t0,
      rss: field('rss'),
      heap: field('heap'),
      modules: field('modules'),
      undiciFiles: field('undici'),
      loads: field('loads'),
      loadMs: field('load_ms'),
      loadCpuMs: field('load_cpu_ms'),
    };
  } finally {
    await stop();
  }
}

/**
 * What undici alone costs a fresh Node process (RSS and heapUsed after a full GC, before and after
 * require('undici')): most of what the deployed flow adds, as its nodes need undici's HTTP client and
 * WebSocket. Median of `runs` processes.
 */
function undiciAlone(runs: number, id: string): { rss: number; heap: number } {
  // Node-RED has node:http and node:https loaded anyway.
  const script = `require('node:http'); require('node:https');
const m = () => { gc(); gc(); return process.memoryUsage(); };
const a = m(); require(${JSON.stringify(id)}); const b = m();
process.stdout.write(JSON.stringify({ rss: b.rss - a.rss, heap: b.heapUsed - a.heapUsed }));`;
  const samples = Array.from(
    { length: runs },
    () =>
      JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as {
        rss: number;
        heap: number;
      },
  );
  return { rss: median(samples.map((x) => x.rss)), heap: median(samples.map((x) => x.heap)) };
}

/** Where the flow's webhook sends: counts the requests, answers 200. */
interface WebhookReceiver {
  readonly url: string;
  readonly requests: number;
}

async function startReceiver(): Promise<WebhookReceiver> {
  const state = { url: '', requests: 0 };
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  onCleanup('webhook receiver', () => new Promise<void>((closed) => server.close(() => closed())));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return state;
}

/** examples/01 Getting started.json pointed at the simulator (its API key as the credential) and the receiver. */
function gettingStarted(sim: JellyfinSimulator, receiver: WebhookReceiver): FlowNode[] {
  const flow = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples/01 Getting started.json'), 'utf8')) as FlowNode[];
  return flow.map((node) => {
    if (node.type === 'jellyfin-server') return { ...node, url: sim.url, credentials: { apiKey: sim.apiKey } };
    if (node.type === 'jellynext-webhook')
      return { ...node, movieUrl: `${receiver.url}/webhook/movie`, showUrl: `${receiver.url}/webhook/show` };
    return node;
  });
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const loadNow = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  const machine = `node ${process.version} | ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores) | ${os.platform()} ${os.arch()} | load ${loadNow()}`;
  console.log('Footprint benchmark (bench/footprint.ts)');
  console.log(machine);
  const nodeRedVersion = (require(join(NODE_RED.redJs, '../package.json')) as { version: string }).version;
  log(`node-red ${nodeRedVersion} | ${ROUNDS} rounds, order rotated | memory ${SETTLE_MS} ms after start (and deploy), after a full GC`);
  log('');

  const sim = await JellyfinSimulator.start({ autoProgressMs: 0 });
  onCleanup('simulator', () => sim.close());
  const receiver = await startReceiver();
  const flow = gettingStarted(sim, receiver);

  // One start of each first, not counted: the first Node-RED start reads every file from disk.
  for (const variant of VARIANTS) await measure(variant, sim, flow, receiver);
  const results: Measurement[] = [];
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const k = round % VARIANTS.length;
    for (const variant of [...VARIANTS.slice(k), ...VARIANTS.slice(0, k)]) {
      const m = await measure(variant, sim, flow, receiver);
      results.push(m);
      console.error(
        `  round ${round + 1} ${variant}: start-up ${msText(m.startupMs)} ms, RSS ${mb(m.rss)} MB, heap ${mb(m.heap)} MB, ${m.modules} modules, ${m.undiciFiles} files of undici`,
      );
    }
  }
  const elapsedS = (performance.now() - started) / 1000;

  const of = (v: Variant) => results.filter((r) => r.variant === v);
  const rows: Array<Array<string | number>> = [
    [
      'Node-RED',
      'runs',
      'start-up ms (median)',
      'package load ms',
      'its CPU ms',
      'RSS MB (median)',
      'heapUsed MB',
      'CommonJS files',
      'undici files',
    ],
  ];
  for (const v of VARIANTS) {
    const rs = of(v);
    rows.push([
      {
        bare: 'bare (no package)',
        idle: 'idle (package installed, no flows)',
        deployed: 'Getting-started flow deployed, connected',
        played: 'the same after one Play (request sent, viewer told)',
      }[v],
      rs.length,
      msText(median(rs.map((r) => r.startupMs))),
      median(rs.map((r) => r.loadMs)).toFixed(1),
      median(rs.map((r) => r.loadCpuMs)).toFixed(1),
      mb(median(rs.map((r) => r.rss))),
      mb(median(rs.map((r) => r.heap))),
      median(rs.map((r) => r.modules)),
      median(rs.map((r) => r.undiciFiles)),
    ]);
  }
  log('Footprint: each Node-RED started fresh; start-up = spawn → "Started flows"; memory after a full GC');
  log(table(rows));
  log(
    "  package load: Node-RED's require() of the package's package.json and node files, nested requires included (wall and CPU time, timed in Node-RED by the preload)",
  );
  log('');

  // Deltas within each round against that round's bare Node-RED.
  const deltas = (v: Variant, pick: (m: Measurement) => number) => of('bare').map((bare, round) => pick(of(v)[round]!) - pick(bare));
  const idleRss = deltas('idle', (m) => m.rss);
  const deployedRss = deltas('deployed', (m) => m.rss);
  const idleHeap = deltas('idle', (m) => m.heap);
  const deployedHeap = deltas('deployed', (m) => m.heap);
  const playedRss = deltas('played', (m) => m.rss);
  const playedHeap = deltas('played', (m) => m.heap);
  const idleStart = deltas('idle', (m) => m.startupMs);
  const idleLoad = of('idle').map((m) => m.loadMs);
  const mbSigned = (x: number) => `${x >= 0 ? '+' : ''}${mb(x)}`;
  const msSigned = (x: number) => `${x >= 0 ? '+' : ''}${msText(x)}`;
  log("Added by the package, per round against that round's bare Node-RED (median; spread over rounds)");
  log(
    table([
      ['what', 'median', 'spread'],
      ['idle: RSS MB', mbSigned(median(idleRss)), spread(idleRss, mbSigned)],
      ['idle: heapUsed MB', mbSigned(median(idleHeap)), spread(idleHeap, mbSigned)],
      ['idle: start-up ms (spawn → Started flows)', msSigned(median(idleStart)), spread(idleStart, msSigned)],
      ['idle: package load ms (inside that start-up)', msSigned(median(idleLoad)), spread(idleLoad, msSigned)],
      ['Getting-started deployed: RSS MB', mbSigned(median(deployedRss)), spread(deployedRss, mbSigned)],
      ['Getting-started deployed: heapUsed MB', mbSigned(median(deployedHeap)), spread(deployedHeap, mbSigned)],
      ['after one Play: RSS MB (no goal)', mbSigned(median(playedRss)), spread(playedRss, mbSigned)],
      ['after one Play: heapUsed MB', mbSigned(median(playedHeap)), spread(playedHeap, mbSigned)],
    ]),
  );
  const whole = undiciAlone(5, 'undici');
  const parts = undiciAlone(5, AGENT_FILE);
  log(
    `  for comparison, in a fresh Node process with node:http and node:https loaded (median of 5): require('undici') RSS +${mb(whole.rss)} MB, heapUsed +${mb(whole.heap)} MB; the part the webhook loads (${AGENT_FILE}) RSS +${mb(parts.rss)} MB, heapUsed +${mb(parts.heap)} MB`,
  );
  log(`  timed part ${elapsedS.toFixed(0)} s; load at the end ${loadNow()}`);
  log('');

  check(
    'bare',
    of('bare').every((r) => r.undiciFiles === 0 && r.loads === 0),
    'bare: no code of undici (the npm package) is loaded, nor any file of the package',
  );
  check(
    'idle',
    // Node-RED's registry require()s the package's package.json too, before its node files.
    [...of('idle'), ...of('deployed'), ...of('played')].every((r) => r.loads === OUR_TYPES.length + 1),
    `the preload timed Node-RED's require() of the package's package.json and ${OUR_TYPES.length} node files in every start (counted: ${[
      ...new Set([...of('idle'), ...of('deployed'), ...of('played')].map((r) => r.loads)),
    ].join(', ')})`,
  );
  check(
    'idle',
    of('idle').every((r) => Number.isFinite(r.rss) && Number.isFinite(r.heap)),
    'every run reported its memory after the GC',
  );
  log('sanity:');
  // Every start checks the same things: one line per distinct check, with how many starts it held for.
  const counted = new Map<string, number>();
  for (const { part, ok, detail } of checks) {
    const key = `  ${ok ? 'ok  ' : 'FAIL'} ${part.padEnd(8)} ${detail}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  for (const [line, n] of counted) log(n > 1 ? `${line} (×${n})` : line);
  log('');
  log('goals:');
  const rssIdle = median(idleRss) / 1024 / 1024;
  const rssDeployed = median(deployedRss) / 1024 / 1024;
  log(`  RSS added to an idle Node-RED < ${GOALS.rssMb} MB: ${mbSigned(median(idleRss))} MB ${rssIdle < GOALS.rssMb ? 'met' : 'NOT met'}`);
  log(
    `  RSS added with the Getting-started flow deployed < ${GOALS.rssMb} MB: ${mbSigned(median(deployedRss))} MB ${rssDeployed < GOALS.rssMb ? 'met' : 'NOT met'}`,
  );
  // Judged on the load itself: the whole start-up's per-round difference swings by hundreds of ms on a busy machine.
  log(
    `  start-up time added < ${GOALS.startupMs} ms: package load ${median(idleLoad).toFixed(1)} ms (CPU ${median(of('idle').map((m) => m.loadCpuMs)).toFixed(1)} ms) ${median(idleLoad) < GOALS.startupMs ? 'met' : 'NOT met'}; whole start-up ${msSigned(median(idleStart))} ms (${spread(idleStart, msSigned)})`,
  );

  if (WRITE_RESULTS)
    recordResults(
      join(PACKAGE_ROOT, 'bench/RESULTS.md'),
      'bench/footprint',
      [`command: \`${runCommand('FOOTPRINT_', 'bench/footprint.ts')}\``, `machine: ${machine}`],
      report,
    );
  if (!checks.every((c) => c.ok)) process.exitCode = 1;
}

runBench(main);
