// Prints the median time of each stage of a Play, from the files bench/detect-trace-preload.cjs wrote:
//   node bench/detect-trace.mjs <file> [skip]
// (<file> from Node-RED, <file>.baseline from the bare client when present). Each stage: the median over
// plays of its time since the frame arrived (µs), and the median step from the stage before; `skip`
// (default 20) leaves out the first records, the warm-up plays.
import { existsSync, readFileSync } from 'node:fs';

const [file, skipText = '20'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/detect-trace.mjs <file> [skip]');
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

function print(path, title) {
  const records = JSON.parse(readFileSync(path, 'utf8'))
    .filter((record) => record.requestCreated !== undefined)
    .slice(Number(skipText));
  const stages = new Map();
  for (const record of records) {
    for (const [stage, at] of Object.entries(record)) {
      if (!stages.has(stage)) stages.set(stage, []);
      stages.get(stage).push((at - record.frame) * 1000);
    }
  }
  const rows = [...stages].map(([stage, times]) => ({ stage, at: median(times), seen: times.length })).sort((a, b) => a.at - b.at);
  console.log(`${title}: ${records.length} plays; median µs since the frame arrived, and the step from the row above`);
  let previous = 0;
  for (const { stage, at, seen } of rows) {
    const note = seen < records.length ? `   (in ${seen} plays)` : '';
    console.log(`  ${stage.padEnd(34)} ${at.toFixed(0).padStart(6)}  +${(at - previous).toFixed(0).padStart(5)}${note}`);
    previous = at;
  }
}

print(file, 'ours (Node-RED)');
if (existsSync(`${file}.baseline`)) print(`${file}.baseline`, 'baseline (bare client)');
