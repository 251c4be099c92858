// Loading the package (what Node-RED does at start-up, used or not) must not load undici or mustache:
// they are loaded when a node first sends a request or renders an old-syntax text
// (src/http/undici.ts; bench/footprint.ts measures what this saves). A fresh process, so no other
// test has loaded them already.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { PACKAGE_ROOT } from '../support/node-red-runtime';

const nodeFiles = Object.values(
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red']
    .nodes,
).map((file) => join(PACKAGE_ROOT, file));

/**
 * The files under node_modules a fresh Node process has loaded after running `script` (awaited), relative
 * to the package. Asynchronous: a simulator the script talks to answers from this process's event loop.
 */
async function modulesLoadedBy(script: string, onChild?: (child: ChildProcess) => void): Promise<string[]> {
  const probe = `(async () => { ${script} })().then(() => {
  const files = Object.keys(require.cache).map((file) => file.slice(${JSON.stringify(PACKAGE_ROOT.length)}).replaceAll('\\\\', '/'));
  process.stdout.write(JSON.stringify(files.filter((file) => file.includes('/node_modules/'))));
  process.disconnect?.();
});`;
  // An IPC channel, so the script can tell this process when to act (process.send).
  const child = spawn(process.execPath, ['-e', probe], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  onChild?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((exited) => child.on('exit', exited));
  if (code !== 0) throw new Error(`the probe exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as string[];
}

/** The npm packages among them. */
async function packagesLoadedBy(script: string): Promise<string[]> {
  const names = new Set<string>();
  for (const file of await modulesLoadedBy(script)) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

/** A simulator with one web session, closed after `use`. */
async function withSimulator(use: (sim: JellyfinSimulator, session: string) => Promise<void>): Promise<void> {
  const sim = await JellyfinSimulator.start();
  try {
    await use(sim, sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'TV', deviceId: 'tv-probe' }));
  } finally {
    await sim.close();
  }
}

const sender = JSON.stringify(join(PACKAGE_ROOT, 'dist/src/webhook/index.js'));

describe('loading the package', () => {
  it('registers the nodes without loading undici or mustache', async () => {
    const loaded = await packagesLoadedBy(`for (const file of ${JSON.stringify(nodeFiles)}) require(file);`);
    expect(loaded).not.toContain('undici');
    expect(loaded).not.toContain('mustache');
  });

  it("a webhook node's connection pool loads nothing until its first request", async () => {
    const loaded = await packagesLoadedBy(`await require(${sender}).createDispatcher(2).destroy();`);
    expect(loaded).not.toContain('undici');
  });

  it('the first request loads only the parts of undici it uses, not its index (fetch, WebSocket, caches…)', async () => {
    const loaded = await modulesLoadedBy(`
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

  it('the Jellyfin REST client talks to Jellyfin without loading undici (node:http is enough)', async () => {
    await withSimulator(async (sim, session) => {
      const restClient = join(PACKAGE_ROOT, 'dist/src/jellyfin/rest-client.js');
      const script = `const { JellyfinClient } = require(${JSON.stringify(restClient)});
const client = new JellyfinClient({ url: ${JSON.stringify(sim.url)}, apiKey: ${JSON.stringify(sim.apiKey)}, identity: { client: 'Node-RED', device: 'probe', deviceId: 'probe', version: '0' } });
const info = await client.systemInfo();
const sessions = await client.sessions();
await client.users();
await client.sendMessage(sessions[0].Id, { header: 'h', text: 't', timeoutMs: 1000 });
await client.close();
if (info.ServerName !== 'jellyfin-sim' || sessions.length !== 1) throw new Error('unexpected answers');`;
      const undiciFiles = (await modulesLoadedBy(script)).filter((file) => file.includes('/node_modules/undici/'));
      expect(undiciFiles).toEqual([]);
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toContain(`POST /Sessions/${session}/Message`);
    });
  });

  it('a connection watching Jellyfin over its socket sees a Play without loading any npm package', async () => {
    await withSimulator(async (sim, session) => {
      const connectionFile = join(PACKAGE_ROOT, 'dist/src/playback/connection.js');
      const script = `const { JellyfinConnection } = require(${JSON.stringify(connectionFile)});
const connection = new JellyfinConnection({ url: ${JSON.stringify(sim.url)}, apiKey: ${JSON.stringify(sim.apiKey)}, deviceId: 'probe', version: '0', mode: 'push' });
const played = new Promise((resolve) => connection.on('playback', resolve));
connection.watch();
await new Promise((resolve) => connection.on('state', (state) => state.kind === 'connected' && state.mode === 'push' && resolve()));
process.send('subscribed');
const start = await played;
connection.unwatch();
process.send('played ' + start.item.Id);`;
      const said: string[] = [];
      const files = await modulesLoadedBy(script, (child) =>
        child.on('message', (text) => {
          said.push(String(text));
          if (text === 'subscribed') sim.play(session, sim.catalogue!.fightClub);
        }),
      );
      expect(said).toEqual(['subscribed', `played ${sim.catalogue!.fightClub}`]);
      expect(files).toEqual([]);
    });
  });
});
