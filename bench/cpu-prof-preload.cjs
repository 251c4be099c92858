// Preload for bench/detect.ts with DETECT_PROFILE_DIR: Node refuses --cpu-prof in NODE_OPTIONS, so the
// Node-RED child gets `--require` of this file instead. It starts V8's sampling profiler at once and
// writes <dir>/<title>-<pid>.cpuprofile when the process exits (the in-process inspector session answers
// synchronously, so this works inside the 'exit' event).
'use strict';
const { writeFileSync } = require('node:fs');
const inspector = require('node:inspector');
const { join } = require('node:path');

const dir = process.env.DETECT_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const name = String(process.title || 'node').replace(/[^\w.-]+/g, '_');
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
