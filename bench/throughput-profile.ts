// Summary of a V8 .cpuprofile for bench/throughput.ts: where the Node-RED process spent its time, by
// area (this package, undici, Node-RED, got, Node's own code, GC, idle), then the functions of this
// package by self and by inclusive time. No side effects; also usable on its own:
//
//   node bench/out/throughput-profile.mjs <file.cpuprofile>     (after any bench/run-ts.mjs build)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** The area a frame belongs to; `ours` for the package's built files. */
function areaOf(frame: CallFrame, packageRoot: string): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8/native (program)';
  if (functionName === '(root)') return 'root';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (path.startsWith(`${packageRoot}/dist/`) || path.includes('/node-red-contrib-jellynext/dist/')) return 'ours (dist/)';
  const inModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (inModules) {
    const name = inModules[1]!;
    if (name === 'undici') return 'undici';
    if (name.startsWith('@node-red/') || name === 'node-red') return `Node-RED (${name})`;
    if (
      [
        'got',
        '@szmarczak/http-timer',
        'cacheable-request',
        'cacheable-lookup',
        'http2-wrapper',
        'tough-cookie',
        'form-data-encoder',
        'responselike',
        'lowercase-keys',
        'p-cancelable',
        'decompress-response',
        'mimic-response',
        'keyv',
        'normalize-url',
        'get-stream',
        '@sindresorhus/is',
      ].includes(name)
    )
      return 'got and its modules';
    if (name === 'mustache') return 'mustache';
    return `other modules (${name})`;
  }
  // Checked before Node's own code: a function node's script is named "Function node:<id>", no path.
  if (path.startsWith('Function node')) return "function nodes (the bench's source and counter)";
  if (path.startsWith('node:') || (!path.startsWith('/') && path !== '')) return "Node's own JS (node:*)";
  if (path === '') return 'native/builtin (no url)';
  return `other (${path})`;
}

/** Lines to print. */
export function summarizeProfile(text: string, packageRoot: string, topN = 15): string[] {
  const profile = JSON.parse(text) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Time per sample: V8 gives the delta before each sample; the sample's node gets it.
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + dt);
    totalUs += dt;
  }
  const busyUs = totalUs - [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);

  const areas = new Map<string, number>();
  const ownSelf = new Map<string, number>();
  const anySelf = new Map<string, number>();
  const ownTotal = new Map<string, number>();
  const keyOf = (frame: CallFrame) => {
    const path = frame.url.startsWith('file://') ? decodeURIComponent(frame.url.slice(7)) : frame.url;
    const modules = path.lastIndexOf('/node_modules/');
    const short = modules >= 0 ? path.slice(modules + 14) : path.includes('/dist/') ? path.slice(path.indexOf('/dist/') + 1) : path;
    return `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
  };
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame, packageRoot);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area === 'ours (dist/)') ownSelf.set(keyOf(frame), (ownSelf.get(keyOf(frame)) ?? 0) + us);
    if (area !== 'idle') anySelf.set(`${keyOf(frame)} [${area}]`, (anySelf.get(`${keyOf(frame)} [${area}]`) ?? 0) + us);
    // Inclusive: every distinct function of ours on this sample's stack gets the sample once.
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (areaOf(f, packageRoot) === 'ours (dist/)') onStack.add(keyOf(f));
    }
    for (const key of onStack) ownTotal.set(key, (ownTotal.get(key) ?? 0) + us);
  }

  const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1)}%`;
  const msText = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const lines: string[] = [];
  lines.push(`  profiled ${msText(totalUs)}, busy (not idle) ${msText(busyUs)}; self time by area, share of busy time:`);
  // Areas under 0.5 % of busy time are summed into one line.
  let small = 0;
  let smallCount = 0;
  for (const [area, us] of [...areas].sort((x, y) => y[1] - x[1])) {
    if (area === 'idle') continue;
    if (us < busyUs * 0.005) {
      small += us;
      smallCount++;
      continue;
    }
    lines.push(`    ${pct(us, busyUs).padStart(6)}  ${msText(us).padStart(8)}  ${area}`);
  }
  if (smallCount)
    lines.push(`    ${pct(small, busyUs).padStart(6)}  ${msText(small).padStart(8)}  ${smallCount} other areas under 0.5 % each`);
  lines.push(`  every area, self time (top ${topN}):`);
  for (const [key, us] of [...anySelf].sort((x, y) => y[1] - x[1]).slice(0, topN))
    lines.push(`    ${pct(us, busyUs).padStart(6)}  ${msText(us).padStart(8)}  ${key}`);
  lines.push(`  this package, self time (top ${topN}):`);
  for (const [key, us] of [...ownSelf].sort((x, y) => y[1] - x[1]).slice(0, topN))
    lines.push(`    ${pct(us, busyUs).padStart(6)}  ${msText(us).padStart(8)}  ${key}`);
  lines.push(`  this package, inclusive time (callees of any area included; top ${topN}):`);
  for (const [key, us] of [...ownTotal].sort((x, y) => y[1] - x[1]).slice(0, topN))
    lines.push(`    ${pct(us, busyUs).padStart(6)}  ${msText(us).padStart(8)}  ${key}`);
  return lines;
}

// Standalone: node bench/out/throughput-profile.mjs <file.cpuprofile> [packageRoot]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2]) {
  const root = resolve(process.argv[3] ?? resolve(fileURLToPath(import.meta.url), '../../..'));
  for (const line of summarizeProfile(readFileSync(process.argv[2], 'utf8'), root, 25)) console.log(line);
}
