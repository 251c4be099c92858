// Builds the package: TypeScript → CommonJS in dist/, each node's editor .html (plus icons and
// locales) copied beside its .js (Node-RED looks for them there), and the template engine bundled
// for the browser so the editor validates payloads with exactly the code the runtime uses.
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
    else if (entry.name.endsWith('.js') && !existsSync(join(root, relative(join(root, 'dist'), path)).replace(/\.js$/, '.ts'))) rmSync(path);
  }
}
prune(join(root, 'dist/src'));
prune(join(root, 'dist/nodes'));

for (const type of readdirSync(join(root, 'nodes'))) {
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
// Browser bundles: the runtime's template engine for the webhook dialog, and the typed dialog modules
// (editor/<node>.ts); each is a global that the node's .html calls into.
const BUNDLES = [
  { entry: 'src/template/browser.ts', file: 'jellynext-template.js', global: 'JellyNextTemplate' },
  { entry: 'editor/server.ts', file: 'jellynext-server.js', global: 'JellyfinServerEditor' },
  { entry: 'editor/virtual-play.ts', file: 'jellynext-virtual-play.js', global: 'JellyfinVirtualPlayEditor' },
  { entry: 'editor/stop-playback.ts', file: 'jellynext-stop-playback.js', global: 'JellyfinStopPlaybackEditor' },
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
// Bundles of earlier builds that no longer exist would be packed too.
for (const file of readdirSync(join(root, 'resources'))) {
  if (!BUNDLES.some((bundle) => bundle.file === file)) rmSync(join(root, 'resources', file));
}
