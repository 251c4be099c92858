// "Builds if needed": the package is rebuilt when an output Node-RED loads is missing, or when any
// file under src/, nodes/ or editor/ (or the TypeScript config) is newer than the oldest of those outputs.
// A walk over a few dozen files' mtimes — cheap enough to do on every start.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What Node-RED needs from the build: each `node-red.nodes` script, its editor HTML, the editor bundle. */
function buildOutputs(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const scripts = Object.values(manifest['node-red']?.nodes ?? {});
  return [...scripts, ...scripts.map((file) => file.replace(/\.js$/, '.html')), 'resources/jellynext-webhook.js'];
}

/** The newest modification time under `dir` (0 when it does not exist), and the file that has it. */
function newest(dir) {
  let best = { mtimeMs: 0, file: '' };
  if (!existsSync(dir)) return best;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = newest(path);
      if (inner.mtimeMs > best.mtimeMs) best = inner;
    } else if (entry.isFile()) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > best.mtimeMs) best = { mtimeMs, file: path };
    }
  }
  return best;
}

/** `{ needed: false }` or `{ needed: true, reason }`. */
export function buildStatus(root) {
  const outputs = buildOutputs(root);
  const missing = outputs.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) return { needed: true, reason: `${missing[0]} is missing` };
  const oldestOutput = Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));
  const sources = [newest(join(root, 'src')), newest(join(root, 'nodes')), newest(join(root, 'editor'))];
  for (const config of ['tsconfig.json', 'scripts/build.mjs']) {
    const path = join(root, config);
    if (existsSync(path)) sources.push({ mtimeMs: statSync(path).mtimeMs, file: path });
  }
  const changed = sources.reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  if (changed.mtimeMs > oldestOutput) return { needed: true, reason: `${relative(root, changed.file)} changed since the last build` };
  return { needed: false };
}

/** Runs `node scripts/build.mjs` (output to the console); rejects when it fails. */
export function runBuild(root, register) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    const unregister = register?.(() => child.kill('SIGTERM'));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      unregister?.();
      if (code === 0) resolve();
      else reject(new Error(`the build failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}
