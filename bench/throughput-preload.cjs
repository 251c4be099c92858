// Preload for the Node-RED process of bench/throughput.ts (NODE_OPTIONS="--require <this file>"):
//
//   - SIGWINCH runs a full garbage collection, then prints `[throughput-preload] gc <n> rss <bytes> …`
//     to stdout (with heapUsed, the number of loaded CommonJS files and how many of them are undici's:
//     bench/footprint.ts reads them), so the bench can start each variant from a collected heap and knows when it is done.
//     (SIGUSR2 would be the usual choice, but red.js exits on it; SIGWINCH is ignored by default and
//     Node only handles it for TTYs, which this process has none of.)
//   - PRELOAD_TIME_LOADS_OF=<text> (bench/footprint.ts): times every outermost require() whose request
//     contains <text> (Node-RED requires each node file of a package by a path with the package's name),
//     wall and CPU time, nested requires included; printed with the GC line as `loads <n> load_ms <ms>
//     load_cpu_ms <ms>`. A direct measure of what loading the package costs Node-RED's start-up.
//   - THROUGHPUT_PROFILE_DIR=<dir>: V8's sampling CPU profiler starts at the first of those collections
//     (right before the first timed run, so start-up and the first warm-up are left out) and writes
//     <dir>/node-red-<pid>.cpuprofile at exit (Node refuses --cpu-prof in NODE_OPTIONS). The in-process
//     inspector session answers synchronously, so writing inside the 'exit' event works. Processes
//     Node-RED starts (npm) inherit NODE_OPTIONS but never get the signal, so they write nothing.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const dir = process.env.THROUGHPUT_PROFILE_DIR;
let collections = 0;
const timed = { loads: 0, ms: 0, cpuMs: 0 };
const loadsOf = process.env.PRELOAD_TIME_LOADS_OF;
if (loadsOf) {
  const Module = require('node:module');
  const original = Module._load;
  let depth = 0;
  Module._load = function timedLoad(request) {
    if (depth > 0 || typeof request !== 'string' || !request.includes(loadsOf)) return original.apply(this, arguments);
    depth++;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    try {
      return original.apply(this, arguments);
    } finally {
      depth--;
      const used = process.cpuUsage(cpu);
      timed.loads++;
      timed.ms += Number(process.hrtime.bigint() - started) / 1e6;
      timed.cpuMs += (used.user + used.system) / 1000;
    }
  };
}
let profiling = false;

process.on('SIGWINCH', () => {
  gc();
  gc();
  collections++;
  if (dir && !profiling) startProfiler();
  const { rss, heapUsed } = process.memoryUsage();
  // undici's code files, whether loaded whole (its index) or part by part (the webhook's way); Node-RED itself
  // reads undici/package.json.
  const undici = Object.keys(require.cache).filter((file) => file.includes('/node_modules/undici/') && file.endsWith('.js')).length;
  const modules = Object.keys(require.cache).length;
  const loads = `loads ${timed.loads} load_ms ${timed.ms.toFixed(2)} load_cpu_ms ${timed.cpuMs.toFixed(2)}`;
  process.stdout.write(`[throughput-preload] gc ${collections} rss ${rss} heap ${heapUsed} modules ${modules} undici ${undici} ${loads}\n`);
});

/** From the first collection (just before the first timed run) to exit: start-up and the first warm-up stay out. */
function startProfiler() {
  profiling = true;
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      writeFileSync(join(dir, `node-red-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
