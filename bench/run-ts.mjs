// Runs a TypeScript bench: bundles every bench/*.ts (the entry and the child-process entries it
// forks) with esbuild into bench/out/ (git-ignored), then imports the requested one. Dependencies
// stay external, so undici, ws and node-red are the installed ones; the package itself is loaded
// from dist/, so build first (the npm scripts do).
//
//   node --expose-gc bench/run-ts.mjs bench/detect.ts
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, 'out');
const entry = process.argv[2];
if (!entry || !entry.endsWith('.ts')) {
  console.error('usage: node bench/run-ts.mjs bench/<name>.ts');
  process.exit(2);
}
const entryName = basename(entry, '.ts');
const entries = readdirSync(benchDir).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
if (!entries.includes(`${entryName}.ts`) || resolve(entry) !== join(benchDir, `${entryName}.ts`)) {
  console.error(`${entry} is not a bench/*.ts file`);
  process.exit(2);
}

await build({
  entryPoints: entries.map((file) => join(benchDir, file)),
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
stop(); // the esbuild service process is not needed while the bench runs

await import(pathToFileURL(join(outDir, `${entryName}.mjs`)).href);
