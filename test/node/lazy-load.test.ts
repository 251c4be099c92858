// Loading the package (what Node-RED does at start-up, used or not) must not load undici or mustache:
// they are loaded when a node first sends a request or renders an old-syntax text
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

/** The npm packages among the files a fresh Node process has loaded after running `script`. */
function packagesLoadedBy(script: string): string[] {
  const probe = `${script}
const names = new Set();
for (const file of Object.keys(require.cache)) {
  const m = /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file.slice(${JSON.stringify(PACKAGE_ROOT.length)}));
  if (m) names.add(m[1]);
}
process.stdout.write(JSON.stringify([...names].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', probe], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as string[];
}

describe('loading the package', () => {
  it('registers the nodes without loading undici or mustache', () => {
    const loaded = packagesLoadedBy(`for (const file of ${JSON.stringify(nodeFiles)}) require(file);`);
    expect(loaded).not.toContain('undici');
    expect(loaded).not.toContain('mustache');
  });

  it("the session socket's WebSocket client loads no npm package (it is built on node:http/https, not undici)", () => {
    const client = join(PACKAGE_ROOT, 'dist/src/http/websocket/websocket-client.js');
    const session = join(PACKAGE_ROOT, 'dist/src/jellyfin/socket-errors.js');
    expect(packagesLoadedBy(`require(${JSON.stringify(client)}); require(${JSON.stringify(session)});`)).toEqual([]);
  });

  it('loads undici once a webhook node makes its connection pool', () => {
    const sender = join(PACKAGE_ROOT, 'dist/src/webhook/sender.js');
    const loaded = packagesLoadedBy(`require(${JSON.stringify(sender)}).createDispatcher(2).close();`);
    expect(loaded).toContain('undici');
  });
});
