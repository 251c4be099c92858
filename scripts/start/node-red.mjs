// The real Node-RED of `npm start` in a child process, on 127.0.0.1: the devDependency's red.js, or
// Node-RED 5 with JELLYNEXT_NODE_RED=5 (see ../node-red-choice.mjs).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chooseNodeRed } from '../node-red-choice.mjs';
import { PACKAGE_NAME } from './user-dir.mjs';

const GUARD = fileURLToPath(new URL('./exit-with-parent.cjs', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class NodeRedProcess {
  /** `onLine(text)` gets each line Node-RED writes (stdout and stderr). */
  constructor({ root, userDir, settingsFile, port, onLine }) {
    this.options = { root, userDir, settingsFile, port, onLine };
    this.child = undefined;
    this.exit = undefined; // { code, signal } once exited
    this.exited = Promise.resolve();
    this.stopping = false;
  }

  get url() {
    return `http://127.0.0.1:${this.options.port}/`;
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    const { root, userDir, settingsFile, port, onLine } = this.options;
    const env = { ...process.env, NODE_RED_ENABLE_PROJECTS: '' };
    delete env.JELLYFIN_API_KEY; // it reaches Node-RED as an encrypted credential, not through the environment
    delete env.PORT;
    // Its own process group, so a Ctrl-C in the terminal reaches only us and we stop it in order; the
    // IPC channel lets it notice if we die without doing so (exit-with-parent.cjs).
    const { node, redJs } = chooseNodeRed(root);
    const child = spawn(node, ['-r', GUARD, redJs, '-u', userDir, '-s', settingsFile, '-p', String(port)], {
      cwd: userDir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        pending += text;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop();
        for (const line of lines) onLine(line);
      });
      stream.on('end', () => {
        if (pending) onLine(pending);
        pending = '';
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        onLine(`[could not start Node-RED: ${err.message}]`);
        this.exit ??= { code: -1, signal: null };
        resolve(this.exit);
      });
      child.once('exit', (code, signal) => {
        this.exit ??= { code, signal };
        // Let the last output through before anyone reports the exit.
        setImmediate(() => resolve(this.exit));
      });
    });
    return this;
  }

  /** Waits for the admin API and for this package's node sets, loaded without error. */
  async waitUntilReady(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit) throw new Error(`Node-RED exited during start-up (${describeExit(this.exit)})`);
      if (Date.now() > deadline) throw new Error(`Node-RED did not answer on ${this.url} within ${timeoutMs / 1000} s`);
      try {
        const res = await fetch(`${this.url}settings`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    const { body } = await this.request('GET', 'nodes');
    const ours = Array.isArray(body) ? body.filter((set) => set.module === PACKAGE_NAME) : [];
    if (ours.length === 0)
      throw new Error(`Node-RED started without ${PACKAGE_NAME} (is the link in ${this.options.userDir}/node_modules right?)`);
    const broken = ours.filter((set) => set.enabled === false || set.err);
    if (broken.length > 0)
      throw new Error(`${PACKAGE_NAME} failed to load: ${broken.map((set) => `${set.name}: ${set.err ?? 'disabled'}`).join('; ')}`);
  }

  /** Calls the admin API (`path` relative to the root). */
  async request(method, path, body, headers = {}) {
    const res = await fetch(new URL(path, this.url), {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** A full deploy, as the editor does it; nodes may carry `credentials`. */
  async deploy(flows) {
    const res = await this.request('POST', 'flows', { flows }, { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' });
    if (res.status !== 200) throw new Error(`deploying the flow failed with HTTP ${res.status}: ${JSON.stringify(res.body)}`);
  }

  /** SIGTERM (Node-RED stops its flows and exits), SIGKILL after `graceMs`. Safe to call twice. */
  async stop(graceMs = 10_000) {
    this.stopping = true;
    const child = this.child;
    if (!child || this.exit) return this.exited;
    child.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await this.exited;
    }
    return this.exit;
  }
}

export function describeExit(exit) {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
