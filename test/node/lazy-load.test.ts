// Loading the package (what Node-RED does at start-up, used or not) must not load undici or mustache:
// they are loaded when a node first sends a request, opens a socket or renders an old-syntax text
// (src/http/undici.ts; bench/footprint.ts measures what this saves). A fresh process, so no other
// test has loaded them already.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { PACKAGE_ROOT } from '../support/node-red-runtime';

const nodeFiles = Object.values(
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red']
    .nodes,
).map((file) => join(PACKAGE_ROOT, file));

/** `script`, then a line printing the npm packages among the files the process has loaded, as JSON. */
function probe(script: string): string {
  return `${script}
const names = new Set();
for (const file of Object.keys(require.cache)) {
  const m = /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file.slice(${JSON.stringify(PACKAGE_ROOT.length)}));
  if (m) names.add(m[1]);
}
process.stdout.write(JSON.stringify([...names].sort()));`;
}

/** The npm packages among the files a fresh Node process has loaded after running `script`. */
function packagesLoadedBy(script: string): string[] {
  return JSON.parse(execFileSync(process.execPath, ['-e', probe(script)], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as string[];
}

describe('loading the package', () => {
  it('registers the nodes without loading undici or mustache', () => {
    const loaded = packagesLoadedBy(`for (const file of ${JSON.stringify(nodeFiles)}) require(file);`);
    expect(loaded).not.toContain('undici');
    expect(loaded).not.toContain('mustache');
  });

  it('loads undici once a webhook node makes its connection pool', () => {
    const sender = join(PACKAGE_ROOT, 'dist/src/webhook/sender.js');
    const loaded = packagesLoadedBy(`require(${JSON.stringify(sender)}).createDispatcher(2).close();`);
    expect(loaded).toContain('undici');
  });

  it('the Jellyfin REST client talks to Jellyfin without loading undici (node:http is enough)', async () => {
    const sim = await JellyfinSimulator.start();
    try {
      const sessionId = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-1' });
      const restClient = join(PACKAGE_ROOT, 'dist/src/jellyfin/rest-client.js');
      // Asynchronous: the simulator answers from this process's event loop.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '-e',
          `(async () => {
const { JellyfinClient } = require(${JSON.stringify(restClient)});
const client = new JellyfinClient({ url: ${JSON.stringify(sim.url)}, apiKey: ${JSON.stringify(sim.apiKey)}, identity: { client: 'Node-RED', device: 'probe', deviceId: 'probe', version: '0' } });
const info = await client.systemInfo();
const sessions = await client.sessions();
await client.users();
await client.sendMessage(sessions[0].Id, { header: 'h', text: 't', timeoutMs: 1000 });
await client.close();
process.stdout.write(JSON.stringify({ server: info.ServerName, sessions: sessions.length }) + '\\n');
${probe('')}
})();`,
        ],
        { cwd: PACKAGE_ROOT, encoding: 'utf8' },
      );
      const [calls, packages] = stdout.split('\n');
      expect(JSON.parse(calls)).toEqual({ server: 'jellyfin-sim', sessions: 1 });
      expect(JSON.parse(packages)).not.toContain('undici');
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toContain(`POST /Sessions/${sessionId}/Message`);
    } finally {
      await sim.close();
    }
  });
});
