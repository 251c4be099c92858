// Builds the package: TypeScript → CommonJS in dist/, each node's editor .html (plus icons and
// locales) copied beside its .js (Node-RED looks for them there), and the dialogs' logic bundled for the
// browser with the runtime code it uses, so the editor validates with exactly the code the node runs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// dist/ is compiled over in place rather than deleted first, so tests or benchmarks running at the
// same time never find it missing; output whose source is gone is pruned afterwards.
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});
function prune(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) prune(path);
    else if (entry.name.endsWith('.js') && !existsSync(join(root, relative(join(root, 'dist'), path)).replace(/\.js$/, '.ts')))
      rmSync(path);
  }
}
prune(join(root, 'dist/src'));
prune(join(root, 'dist/nodes'));

// nodes/shared holds code the nodes share, not a node: it has no editor files.
for (const type of readdirSync(join(root, 'nodes')).filter((name) => name !== 'shared')) {
  const from = join(root, 'nodes', type);
  const to = join(root, 'dist/nodes', type);
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry.endsWith('.html') || entry === 'icons' || entry === 'locales') {
      cpSync(join(from, entry), join(to, entry), { recursive: true });
    }
  }
}

mkdirSync(join(root, 'resources'), { recursive: true });
// Browser bundles: the typed dialog modules (editor/<node>.ts, editor/webhook/), each with the runtime code
// it checks and previews by; each is a global that the node's .html calls into.
const BUNDLES = [
  { entry: 'editor/webhook/index.ts', file: 'jellynext-webhook.js', global: 'JellyNextWebhookEditor' },
  { entry: 'editor/server.ts', file: 'jellynext-server.js', global: 'JellyfinServerEditor' },
  { entry: 'editor/virtual-play.ts', file: 'jellynext-virtual-play.js', global: 'JellyfinVirtualPlayEditor' },
  { entry: 'editor/stop-playback.ts', file: 'jellynext-stop-playback.js', global: 'JellyfinStopPlaybackEditor' },
  { entry: 'editor/notify.ts', file: 'jellynext-notify.js', global: 'JellyfinNotifyEditor' },
];
for (const bundle of BUNDLES) {
  await build({
    entryPoints: [join(root, bundle.entry)],
    outfile: join(root, 'resources', bundle.file),
    bundle: true,
    format: 'iife',
    globalName: bundle.global,
    platform: 'browser',
    target: 'es2019',
    logLevel: 'warning',
  });
  if (!existsSync(join(root, 'resources', bundle.file))) throw new Error(`browser bundle ${bundle.file} missing`);
}
// The stylesheet every dialog links.
const STYLESHEET = 'jellynext-dialogs.css';
cpSync(join(root, 'editor/dialogs.css'), join(root, 'resources', STYLESHEET));
// Bundles of earlier builds that no longer exist would be packed too.
for (const file of readdirSync(join(root, 'resources'))) {
  if (file !== STYLESHEET && !BUNDLES.some((bundle) => bundle.file === file)) rmSync(join(root, 'resources', file));
}
