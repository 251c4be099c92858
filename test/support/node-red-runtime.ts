import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseNodeRed, type NodeRedChoice } from '../../scripts/node-red-choice.mjs';

/** The repository root: Node-RED loads the package from here, through its `node-red.nodes` entries. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE_NAME = 'node-red-contrib-jellynext';

/** The Node-RED under test: 4.1 by default, 5 with `JELLYNEXT_NODE_RED=5` (`npm run test:node-red-5`). */
export const NODE_RED: NodeRedChoice = chooseNodeRed(PACKAGE_ROOT);

/** Files `npm run build` writes (every `node-red.nodes` entry, its editor HTML, the editor bundle); without them Node-RED would start without our nodes. */
function buildOutputs(): string[] {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    'node-red'?: { nodes?: Record<string, string> };
  };
  const scripts = Object.values(manifest['node-red']?.nodes ?? {});
  return [...scripts, ...scripts.map((file) => file.replace(/\.js$/, '.html')), 'resources/jellynext-webhook.js'];
}

export type FlowNode = Record<string, unknown> & { readonly id: string; readonly type: string };

export interface NodeRedRuntimeOptions {
  /** Merged over the test settings (JSON-serialisable values only). */
  readonly settings?: Record<string, unknown>;
  /** Extra environment variables for the Node-RED process. */
  readonly env?: Record<string, string>;
  /** How long start() waits for the admin API and the package's nodes; default 60 s. */
  readonly startTimeoutMs?: number;
  /**
   * Prepares the fresh user directory instead of linking this checkout into it, e.g. by installing
   * the packed tarball as a user would (`npm install <tgz>`).
   */
  readonly prepareUserDir?: (userDir: string) => Promise<void>;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** The package's node sets as GET /nodes lists them. */
interface NodeSetInfo {
  readonly id: string;
  readonly module: string;
  readonly types?: readonly string[];
  readonly enabled?: boolean;
  readonly err?: unknown;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * A real Node-RED (the one NODE_RED names) in a child process, with this package linked into a temporary
 * user directory, listening on 127.0.0.1. Used by the browser and end-to-end tests.
 *
 * ```ts
 * const red = await new NodeRedRuntime().start();
 * await red.deploy([{ id: 'w1', type: 'jellynext-webhook', … }]);
 * await red.stop();
 * ```
 */
export class NodeRedRuntime {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private port = 0;
  private dir = '';
  /** Sent as `Authorization` with every admin API call, once logIn() got a token (Node-RED with `adminAuth`). */
  private authorization: string | undefined;

  constructor(private readonly options: NodeRedRuntimeOptions = {}) {}

  /** Base URL of the editor and admin API, with a trailing slash: `http://127.0.0.1:<port>/`. */
  get url(): string {
    if (!this.port) throw new Error('Node-RED is not started');
    return `http://127.0.0.1:${this.port}/`;
  }

  /** The temporary user directory (flows.json, flows_cred.json, settings.js). */
  get userDir(): string {
    if (!this.dir) throw new Error('Node-RED is not started');
    return this.dir;
  }

  /** Everything Node-RED wrote to stdout and stderr so far. */
  logs(): string {
    return this.output;
  }

  /**
   * How many times the flows have (re)started. Node-RED answers a deploy before it starts the new flows
   * (and GET /flows shows them already), so a test that triggers a node right after a deploy waits for this to grow.
   * Read from the log: needs the default `info` log level.
   */
  flowStarts(): number {
    return this.output.split('[info] Started flows').length - 1;
  }

  async start(): Promise<this> {
    if (this.child) throw new Error('Node-RED is already started');
    const missing = this.options.prepareUserDir ? [] : buildOutputs().filter((file) => !existsSync(join(PACKAGE_ROOT, file)));
    if (missing.length > 0) {
      throw new Error(`the package is not built (missing ${missing.join(', ')}): run \`npm run build\` first (\`npm test\` does)`);
    }
    this.dir = await mkdtemp(join(tmpdir(), 'jellynext-node-red-'));
    if (this.options.prepareUserDir) {
      await this.options.prepareUserDir(this.dir);
    } else {
      await mkdir(join(this.dir, 'node_modules'));
      await symlink(PACKAGE_ROOT, join(this.dir, 'node_modules', PACKAGE_NAME), 'dir');
    }
    this.port = await freePort();
    await this.launch();
    return this;
  }

  /**
   * Stops Node-RED and starts it again on the same port and user directory, as after a host reboot:
   * the deployed flows, their credentials and file-backed context are read back from disk.
   */
  async restart(): Promise<void> {
    await this.terminate();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const settings = {
      uiHost: '127.0.0.1',
      uiPort: this.port,
      flowFile: 'flows.json',
      credentialSecret: 'jellynext-test-credential-secret',
      telemetry: { enabled: false },
      diagnostics: { enabled: false },
      editorTheme: { tours: false, palette: { catalogues: [] } },
      logging: { console: { level: 'info', metrics: false, audit: false } },
      ...this.options.settings,
    };
    const settingsFile = join(this.dir, 'settings.js');
    await writeFile(settingsFile, `module.exports = ${JSON.stringify(settings, null, 2)};\n`);

    const child = spawn(NODE_RED.node, [NODE_RED.redJs, '-u', this.dir, '-s', settingsFile, '-p', String(this.port)], {
      cwd: this.dir,
      env: { ...process.env, NODE_RED_ENABLE_PROJECTS: '', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (this.output += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.output += text));
    let exitCode: number | null | undefined;
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        exitCode = code ?? (signal ? -1 : null);
        done();
      });
      child.once('error', (err) => {
        this.output += `\n[spawn error] ${err.message}\n`;
        exitCode = -1;
        done();
      });
    });

    try {
      await this.waitUntilReady(this.options.startTimeoutMs ?? 60_000, () => exitCode);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async waitUntilReady(timeoutMs: number, exitCode: () => number | null | undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const fail = (why: string): never => {
      throw new Error(`Node-RED did not start: ${why}\n--- Node-RED output ---\n${this.output}`);
    };
    let version: unknown;
    for (;;) {
      if (exitCode() !== undefined) fail(`the process exited with code ${exitCode()}`);
      if (Date.now() > deadline) fail(`no answer from ${this.url}settings within ${timeoutMs} ms`);
      try {
        const res = await fetch(`${this.url}settings`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) {
          version = ((await res.json()) as { version?: unknown }).version;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    // A run that quietly fell back to the other Node-RED would test nothing new.
    if (typeof version !== 'string' || !version.startsWith(`${NODE_RED.major}.`))
      fail(`expected Node-RED ${NODE_RED.major}.x, got ${String(version)}`);
    const nodes = await this.request<NodeSetInfo[]>('GET', 'nodes');
    const ours = Array.isArray(nodes.body) ? nodes.body.filter((set) => set.module === PACKAGE_NAME) : [];
    if (ours.length === 0) fail(`${PACKAGE_NAME} is not among the loaded modules`);
    const broken = ours.filter((set) => set.enabled === false || set.err);
    if (broken.length > 0) fail(`node set(s) failed to load: ${JSON.stringify(broken)}`);
  }

  /**
   * Asks `adminAuth` for a token (`POST /auth/token`, as the editor's login does) and returns the
   * `Authorization` header value. With `use`, every later admin call of this runtime sends it.
   */
  async logIn(username: string, password: string, scope: string, use = false): Promise<string> {
    const res = await this.request<{ access_token?: string }>('POST', 'auth/token', {
      client_id: 'node-red-admin',
      grant_type: 'password',
      scope,
      username,
      password,
    });
    if (res.status !== 200 || !res.body?.access_token)
      throw new Error(`login of ${username} failed with HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const authorization = `Bearer ${res.body.access_token}`;
    if (use) this.authorization = authorization;
    return authorization;
  }

  /** Calls the admin API; `path` is relative to the root (`'flows'`, `'inject/i1'`). JSON in, JSON (or text) out. */
  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(new URL(path.replace(/^\//, ''), this.url), {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.authorization ? { Authorization: this.authorization } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  /** Replaces all flows (a full deploy). Nodes may carry `credentials: {…}`, as in the editor's deploy. */
  async deploy(flows: readonly FlowNode[]): Promise<string> {
    const res = await this.request<{ rev?: string }>(
      'POST',
      'flows',
      { flows },
      { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
    );
    if (res.status !== 200) {
      throw new Error(`deploy failed with HTTP ${res.status}: ${JSON.stringify(res.body)}\n--- Node-RED output ---\n${this.output}`);
    }
    return res.body?.rev ?? '';
  }

  /** The deployed flows as the runtime holds them (secret credentials are never part of them). */
  async getFlows(): Promise<FlowNode[]> {
    const res = await this.request<{ flows?: FlowNode[] }>('GET', 'flows', undefined, { 'Node-RED-API-Version': 'v2' });
    if (res.status !== 200 || !Array.isArray(res.body?.flows))
      throw new Error(`GET /flows failed with HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.flows;
  }

  /** Stops Node-RED (SIGTERM, then SIGKILL after 10 s) and removes the user directory. Safe to call twice. */
  async stop(): Promise<void> {
    await this.terminate();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** Ends the process (SIGTERM, then SIGKILL after 10 s), keeping the user directory. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
    this.child = undefined;
  }
}
