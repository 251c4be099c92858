import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeRedRuntime, PACKAGE_NAME, PACKAGE_ROOT } from '../support/node-red-runtime';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };

describe('npm pack', () => {
  const packDir = mkdtempSync(join(tmpdir(), 'jellynext-pack-'));
  let red: NodeRedRuntime | undefined;
  afterAll(async () => {
    await red?.stop();
    rmSync(packDir, { recursive: true, force: true });
  });

  it('the tarball installs into a fresh Node-RED user directory and registers every node type', async () => {
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0].files.map((f) => f.path);
    for (const entry of Object.values(manifest['node-red'].nodes)) {
      expect(files).toContain(entry);
      expect(files).toContain(entry.replace(/\.js$/, '.html'));
    }
    expect(files).toContain('resources/jellynext-template.js');
    expect(files).toContain('resources/jellynext-editor.js');
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.ts'))).toBe(false);

    const tarball = join(packDir, packed[0].filename);
    red = new NodeRedRuntime({
      prepareUserDir: async (userDir) => {
        writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-user', private: true }));
        // Dependencies come from npm's cache when `npm ci` has run; the registry otherwise.
        execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: userDir, stdio: 'pipe' });
      },
    });
    await red.start();
    const nodes = await red.request<Array<{ module: string; types: string[]; enabled: boolean }>>('GET', 'nodes');
    const ours = nodes.body.filter((set) => set.module === PACKAGE_NAME);
    expect(ours.flatMap((set) => set.types).sort()).toEqual(Object.keys(manifest['node-red'].nodes).sort());
    expect(ours.every((set) => set.enabled)).toBe(true);
    const editor = await fetch(new URL('resources/node-red-contrib-jellynext/jellynext-template.js', red.url));
    expect(editor.status).toBe(200);
  }, 180_000);
});
