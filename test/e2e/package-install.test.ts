import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeRedRuntime, PACKAGE_NAME, PACKAGE_ROOT } from '../support/node-red-runtime';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  'node-red': { nodes: Record<string, string> };
  dependencies: Record<string, string>;
};

/** Module names a built file loads: `require("x")`, `import("x")`, `from "x"`. */
function loadedModules(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']/g)) names.push(match[1]!);
  for (const match of source.matchAll(/\bfrom\s*["']([^"']+)["']/g)) names.push(match[1]!);
  return names;
}

/** `mustache/x` and `@scope/name/x` belong to `mustache` and `@scope/name`. */
function packageOf(name: string): string {
  return name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');
}

describe('npm pack', () => {
  it('the packed code loads only Node built-ins, its own files and its runtime dependencies (the Jellyfin SDK is types only)', () => {
    // The SDK is a devDependency whose types are erased at build time; mustache and undici are all a user installs.
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['mustache', 'undici']);
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>;
    const scripts = packed[0].files.map((f) => f.path).filter((path) => path.endsWith('.js'));
    expect(scripts).toContain('dist/src/jellyfin/dto.js');
    const loaded = new Set(scripts.flatMap((path) => loadedModules(readFileSync(join(PACKAGE_ROOT, path), 'utf8'))));
    expect([...loaded].some((name) => name.includes('@jellyfin/sdk'))).toBe(false);
    const foreign = [...loaded].filter(
      (name) => !name.startsWith('.') && !name.startsWith('node:') && !(packageOf(name) in manifest.dependencies),
    );
    expect(foreign).toEqual([]);
    // The scan itself must see requires: the webhook loads undici (part by part, or whole as a fallback).
    expect(loaded).toContain('undici');
  });

  const packDir = mkdtempSync(join(tmpdir(), 'jellynext-pack-'));
  let red: NodeRedRuntime | undefined;
  afterAll(async () => {
    await red?.stop();
    rmSync(packDir, { recursive: true, force: true });
  });

  it('the tarball installs into a fresh Node-RED user directory and registers every node type', async () => {
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' }),
    ) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0].files.map((f) => f.path);
    for (const entry of Object.values(manifest['node-red'].nodes)) {
      expect(files).toContain(entry);
      expect(files).toContain(entry.replace(/\.js$/, '.html'));
    }
    for (const bundle of [
      'jellynext-webhook.js',
      'jellynext-server.js',
      'jellynext-virtual-play.js',
      'jellynext-stop-playback.js',
      'jellynext-dialogs.css',
    ]) {
      expect(files).toContain(`resources/${bundle}`);
    }
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.ts'))).toBe(false);

    const tarball = join(packDir, packed[0].filename);
    red = new NodeRedRuntime({
      prepareUserDir: async (userDir) => {
        writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-user', private: true }));
        // Dependencies come from npm's cache when `npm ci` has run; the registry otherwise.
        execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
          cwd: userDir,
          stdio: 'pipe',
        });
      },
    });
    await red.start();
    const nodes = await red.request<Array<{ module: string; types: string[]; enabled: boolean }>>('GET', 'nodes');
    const ours = nodes.body.filter((set) => set.module === PACKAGE_NAME);
    expect(ours.flatMap((set) => set.types).sort()).toEqual(Object.keys(manifest['node-red'].nodes).sort());
    expect(ours.every((set) => set.enabled)).toBe(true);
    const editor = await fetch(new URL('resources/node-red-contrib-jellynext/jellynext-webhook.js', red.url));
    expect(editor.status).toBe(200);
  }, 180_000);
});
