#!/usr/bin/env node
// `npm start`: a real Node-RED on http://127.0.0.1:1880 with this checkout's nodes and the
// Getting-started flow, against a real Jellyfin (JELLYFIN_URL + JELLYFIN_API_KEY) or the simulator.
// Ctrl-C stops everything it started and exits 0; if Node-RED dies, this exits non-zero.
// `node scripts/start.mjs --help` lists the options; scripts/start/demo.mjs has the logic.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleOutput, Demo, Stopped } from './start/demo.mjs';
import { describeExit } from './start/node-red.mjs';
import { readOptions, USAGE, UsageError } from './start/options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = consoleOutput();

let options;
try {
  options = readOptions(process.argv.slice(2), process.env, root);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`npm start: ${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const demo = new Demo(options, out);
let finishing = false;

/** Stops everything, then exits with `code`. */
async function finish(code) {
  if (finishing) return;
  finishing = true;
  await demo.stop();
  process.exit(code);
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signals += 1;
    if (signals === 1) {
      out.tagged('start', `stopping (${signal}) … press Ctrl-C again to force`);
      void finish(0).catch(() => process.exit(1));
    } else {
      out.tagged('warning', 'forced stop');
      demo.kill();
      process.exit(130);
    }
  });
}
process.on('unhandledRejection', (err) => {
  out.tagged('warning', `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void finish(1);
});

try {
  await demo.start();
} catch (err) {
  if (err instanceof Stopped || demo.isStopping) {
    // A signal arrived during start-up; finish() is already on its way.
  } else {
    out.tagged('warning', `npm start failed: ${err instanceof Error ? err.message : String(err)}`);
    await finish(1);
  }
}

// From here on, Node-RED exiting on its own is a failure; its output is above, tagged [node-red].
const exit = await demo.nodeRedExited;
if (exit && !demo.isStopping) {
  out.tagged('warning', `Node-RED stopped unexpectedly (${describeExit(exit)}); its output is above`);
  await finish(typeof exit.code === 'number' && exit.code > 0 ? exit.code : 1);
}
