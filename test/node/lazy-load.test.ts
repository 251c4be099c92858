// Loading the package (what Node-RED does at start-up, used or not) must not load undici or mustache:
// they are loaded when a node first sends a request, opens a socket or renders an old-syntax text
// (src/http/undici.ts; bench/footprint.ts measures what this saves). A fresh process, so no other
// test has loaded them already.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../support/node-red-runtime';

const nodeFiles = Object.values(
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red']
    .nodes,
).map((file) => join(PACKAGE_ROOT, file));

/** The files under node_modules a fresh Node process has loaded after running `script` (awaited), relative to it. */
function modulesLoadedBy(script: string): string[] {
  const probe = `(async () => { ${script} })().then(() => {
  const files = Object.keys(require.cache).map((file) => file.slice(${JSON.stringify(PACKAGE_ROOT.length)}).replaceAll('\\\\', '/'));
  process.stdout.write(JSON.stringify(files.filter((file) => file.includes('/node_modules/'))));
});`;
  return JSON.parse(execFileSync(process.execPath, ['-e', probe], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as string[];
}

/** The npm packages among them. */
function packagesLoadedBy(script: string): string[] {
  const names = new Set<string>();
  for (const file of modulesLoadedBy(script)) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

const sender = JSON.stringify(join(PACKAGE_ROOT, 'dist/src/webhook/index.js'));

describe('loading the package', () => {
  it('registers the nodes without loading undici or mustache', () => {
    const loaded = packagesLoadedBy(`for (const file of ${JSON.stringify(nodeFiles)}) require(file);`);
    expect(loaded).not.toContain('undici');
    expect(loaded).not.toContain('mustache');
  });

  it("a webhook node's connection pool loads nothing until its first request", () => {
    const loaded = packagesLoadedBy(`await require(${sender}).createDispatcher(2).destroy();`);
    expect(loaded).not.toContain('undici');
  });

  it('the first request loads only the parts of undici it uses, not its index (fetch, WebSocket, caches…)', () => {
    const loaded = modulesLoadedBy(`
      const server = require('node:http').createServer((req, res) => res.end('ok'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const pool = require(${sender}).createDispatcher(2);
      const answer = await pool.exchange({ origin: 'http://127.0.0.1:' + server.address().port, path: '/', method: 'GET', headers: [] }, 100).answer;
      if (answer.text !== 'ok') throw new Error('no answer');
      await pool.destroy();
      server.close();`);
    const undiciFiles = loaded.filter((file) => file.includes('/node_modules/undici/'));
    expect(undiciFiles).toContain('/node_modules/undici/lib/dispatcher/agent.js');
    expect(undiciFiles.filter((file) => file.includes('/lib/api/'))).toEqual([]);
    expect(undiciFiles).not.toContain('/node_modules/undici/index.js');
    expect(undiciFiles.filter((file) => /\/lib\/web\/(?:fetch|websocket|cache)\//.test(file))).toEqual([]);
  });
});
