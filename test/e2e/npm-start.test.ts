import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_RED, PACKAGE_ROOT } from '../support/node-red-runtime';
import { buildStatus } from '../../scripts/start/build-check.mjs';

const START = join(PACKAGE_ROOT, 'scripts/start.mjs');
const FIGHT_CLUB_BUTTON = 'jellynext-start-play-fight-club';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `node scripts/start.mjs …` with the output collected; never the developer's Jellyfin or ports. */
class StartScript {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private text = '';

  constructor(args: string[], env: Record<string, string>) {
    const base = { ...process.env };
    for (const name of [
      'JELLYFIN_URL',
      'JELLYFIN_API_KEY',
      'WEBHOOK_URL',
      'PORT',
      'JELLYNEXT_RESET',
      'JELLYNEXT_SIM_PORT',
      'JELLYNEXT_RECEIVER_PORT',
    ])
      delete base[name];
    this.child = spawn(process.execPath, [START, ...args], {
      cwd: PACKAGE_ROOT,
      env: { ...base, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.text += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.text += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.text;
  }

  /** Resolves with the match once the output contains `pattern`; fails early if the script exits. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`npm start exited before printing ${pattern}\n--- output ---\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms\n--- output ---\n${this.text}`);
      await sleep(50);
    }
  }

  /** Ports from the banner. */
  async banner(): Promise<{ editor: number; jellyfin: number; receiver: number }> {
    await this.waitFor(/Ctrl-C to stop\./, 90_000);
    const port = (pattern: RegExp) => Number(pattern.exec(this.text)?.[1]);
    return {
      editor: port(/Node-RED editor +http:\/\/127\.0\.0\.1:(\d+)\//),
      jellyfin: port(/Jellyfin +simulator at http:\/\/127\.0\.0\.1:(\d+)/),
      receiver: port(/Webhook receiver +http:\/\/127\.0\.0\.1:(\d+)/),
    };
  }

  /** Sends `signal` and answers the exit and how long it took. */
  async signal(signal: NodeJS.Signals, timeoutMs = 15_000): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    this.child.kill(signal);
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => undefined)]);
    if (!exit) {
      this.child.kill('SIGKILL');
      throw new Error(`npm start did not exit within ${timeoutMs} ms of ${signal}\n--- output ---\n${this.text}`);
    }
    return { code: exit.code, ms: Date.now() - started };
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Node-RED processes (it titles itself `node-red`) whose parent is `pid` (Linux /proc). */
function nodeRedChildrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith('node-red')) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

const hasProc = existsSync('/proc/self/stat');

describe('npm start', () => {
  const userDir = mkdtempSync(join(tmpdir(), 'jellynext-npm-start-'));
  const running: StartScript[] = [];
  let ports = { editor: 0, jellyfin: 0, receiver: 0 };
  const start = (args: string[], env: Record<string, string> = {}) => {
    // --no-build: `npm test` has just built, and a build here would rewrite dist/ under other tests.
    const script = new StartScript(['--no-build', ...args], { JELLYNEXT_USER_DIR: userDir, ...env });
    running.push(script);
    return script;
  };

  afterAll(() => {
    for (const script of running) script.kill();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('runs the whole demo loop on free ports, and Ctrl-C stops everything and exits 0', async () => {
    const script = start(['--port', '0', '--jellyfin-port', '0', '--receiver-port', '0']);
    ports = await script.banner();
    expect(ports.editor).toBeGreaterThan(0);
    expect(ports.jellyfin).toBeGreaterThan(0);
    expect(ports.receiver).toBeGreaterThan(0);
    expect(script.output).toContain('Getting-started flow deployed');
    expect(script.output).not.toContain('[warning]');

    const editor = await fetch(`http://127.0.0.1:${ports.editor}/`);
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain('Node-RED');
    // JELLYNEXT_NODE_RED reaches npm start too: the Node-RED 5 run must not quietly start 4.1.
    const settings = (await (await fetch(`http://127.0.0.1:${ports.editor}/settings`)).json()) as { version?: string };
    expect(settings.version).toMatch(new RegExp(`^${NODE_RED.major}\\.`));
    const flows = readFileSync(join(userDir, 'flows.json'), 'utf8');
    expect(flows).toContain('"jellynext-webhook"');
    expect(flows).toContain(FIGHT_CLUB_BUTTON);
    expect(flows).not.toContain('apiKey');
    expect(existsSync(join(userDir, 'flows_cred.json'))).toBe(true);
    const nodeRedPids = hasProc ? nodeRedChildrenOf(script.child.pid!) : [];
    if (hasProc) expect(nodeRedPids).toHaveLength(1);

    // The inject button "Simulate Play: Fight Club", pressed as the editor does it.
    const inject = await fetch(`http://127.0.0.1:${ports.editor}/inject/${FIGHT_CLUB_BUTTON}`, { method: 'POST' });
    expect(inject.status).toBe(200);
    await script.waitFor(/\[jellyfin\] alice pressed Play on "Fight Club \(1999\)"/);
    const received = await script.waitFor(/\[receiver\] POST \/jellynext\/movie\n(?: {13}.*\n|\n)+/);
    expect(received[0]).toMatch(/content-type: application\/json/i);
    expect(received[0]).toContain('"tmdbId": "550"');
    expect(received[0]).toContain('"title": "Fight Club"');
    await script.waitFor(
      /\[viewer\] Living-room TV shows: "JellyNext Download: Fight Club has been requested and will appear in your library soon\."/,
    );
    await script.waitFor(/\[viewer\] Living-room TV: playback stopped by Node-RED/);

    // The control endpoint directly, as the banner's curl line does it.
    const play = await fetch(`http://127.0.0.1:${ports.receiver}/demo/play?item=breakingBad`, { method: 'POST' });
    expect(play.status).toBe(200);
    expect(await play.json()).toMatchObject({ ok: true, played: 'Breaking Bad – Season 2' });
    await script.waitFor(/\[receiver\] POST \/jellynext\/show\n(?: {13}.*\n|\n)+ {13}}/);
    expect(script.output).toContain('"seasonNumber": 2,');
    await script.waitFor(/Breaking Bad – Season 2 has been requested[^\n]*\n(?:.*\n)*?\[viewer\] Living-room TV: playback stopped/);

    const exit = await script.signal('SIGINT');
    expect(exit.code, script.output).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    for (const port of Object.values(ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);
    for (const pid of nodeRedPids) expect(alive(pid), `Node-RED (pid ${pid}) outlived npm start`).toBe(false);
  }, 120_000);

  it('keeps the user’s flows on the next start, and a reset moves them aside and redeploys the demo', async () => {
    const file = join(userDir, 'flows.json');
    const flows = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    flows.push({ id: 'my-own-comment', type: 'comment', z: flows[0].id, name: 'my own edit', info: '', x: 200, y: 460, wires: [] });
    writeFileSync(file, JSON.stringify(flows, null, 4));

    // The same ports as the first run: the kept flow points at them, and they must be free again.
    const portArgs = ['--port', String(ports.editor), '--jellyfin-port', String(ports.jellyfin), '--receiver-port', String(ports.receiver)];
    const kept = start(portArgs);
    await kept.banner();
    expect(kept.output).toContain('kept from an earlier run');
    expect(kept.output).not.toContain('[warning]');
    const deployed = await (await fetch(`http://127.0.0.1:${ports.editor}/flows`)).json();
    expect(JSON.stringify(deployed)).toContain('my own edit');
    expect((await kept.signal('SIGTERM')).code, kept.output).toBe(0);

    const reset = start(portArgs, { JELLYNEXT_RESET: '1' });
    await reset.banner();
    expect(reset.output).toContain('reset: your flows were moved to');
    expect(reset.output).toContain('Getting-started flow deployed');
    expect(readFileSync(`${file}.bak`, 'utf8')).toContain('my own edit');
    expect(readFileSync(file, 'utf8')).not.toContain('my own edit');

    // Node-RED dying is a failure: npm start stops the rest and exits non-zero.
    if (hasProc) {
      const [nodeRed] = nodeRedChildrenOf(reset.child.pid!);
      process.kill(nodeRed, 'SIGKILL');
      const exit = await Promise.race([reset.exited, sleep(15_000).then(() => undefined)]);
      expect(exit?.code, reset.output).toBe(1);
      expect(reset.output).toContain('Node-RED stopped unexpectedly (killed by SIGKILL)');
      expect(await portIsFree(ports.jellyfin)).toBe(true);
      expect(await portIsFree(ports.receiver)).toBe(true);
    } else {
      expect((await reset.signal('SIGINT')).code).toBe(0);
    }
  }, 120_000);

  it('refuses a Node-RED port that is taken, with a hint, before starting anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const script = start(['--port', String(port)]);
      const exit = await Promise.race([script.exited, sleep(15_000).then(() => undefined)]);
      expect(exit?.code, script.output).toBe(1);
      expect(script.output).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(script.output).not.toContain('[node-red]');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 30_000);
});

describe('npm start: the build check', () => {
  const root = mkdtempSync(join(tmpdir(), 'jellynext-build-check-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, secondsAgo: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, path), when, when);
  };

  it('builds when an output is missing or a source is newer than the oldest output, not otherwise', () => {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ 'node-red': { nodes: { a: 'dist/nodes/a/a.js' } } }));
    write('src/x.ts', 100);
    write('nodes/a/a.ts', 100);
    write('nodes/a/a.html', 100);
    expect(buildStatus(root)).toMatchObject({ needed: true, reason: 'dist/nodes/a/a.js is missing' });

    write('dist/nodes/a/a.js', 50);
    write('dist/nodes/a/a.html', 50);
    write('resources/jellynext-webhook.js', 50);
    expect(buildStatus(root)).toEqual({ needed: false });

    write('src/deep/er/y.ts', 10);
    expect(buildStatus(root)).toMatchObject({ needed: true, reason: join('src/deep/er/y.ts') + ' changed since the last build' });
    write('dist/nodes/a/a.js', 5);
    expect(buildStatus(root)).toMatchObject({ needed: true }); // a.html and the bundle are still older
    write('dist/nodes/a/a.html', 5);
    write('resources/jellynext-webhook.js', 5);
    expect(buildStatus(root)).toEqual({ needed: false });
  });
});
