import { request } from 'undici';
import WebSocket from 'ws';
import { JellyfinSimulator, type SimulatorOptions } from '../src';

/** Shared client-side helpers: real HTTP (undici) and real WebSockets (`ws`) against the simulator. */

export interface Identity {
  readonly client?: string;
  readonly device?: string;
  readonly deviceId?: string;
  readonly version?: string;
}

/** `Authorization: MediaBrowser …, Token="…"` as the package's client writes it (values URL-encoded). */
export function mediaBrowser(token: string, identity: Identity = {}): string {
  const part = (key: string, value: string) => `${key}="${encodeURIComponent(value)}"`;
  return [
    `MediaBrowser ${part('Client', identity.client ?? 'Node-RED')}`,
    part('Device', identity.device ?? 'node-red'),
    part('DeviceId', identity.deviceId ?? 'nr-test-1'),
    part('Version', identity.version ?? '1.0.0'),
    part('Token', token),
  ].join(', ');
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
  json<T = any>(): T;
}

export async function http(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const response = await request(url, { method: method as 'GET', headers: options.headers, body: options.body });
  const text = await response.body.text();
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    text,
    json: () => JSON.parse(text),
  };
}

/** An authenticated call with the simulator's API key in the Authorization header. */
export function api(sim: JellyfinSimulator, method: string, path: string, body?: unknown, token = sim.apiKey): Promise<HttpAnswer> {
  const headers: Record<string, string> = { authorization: mediaBrowser(token) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return http(method, sim.url + path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export interface Frame {
  readonly raw: string;
  // `any`: frames carry many payload shapes; each test reads the fields it checks.
  readonly json: { MessageType: string; MessageId: string; Data?: any };
  readonly at: number;
}

/** A `ws` client that keeps every frame it receives and lets a test wait for the next matching one. */
export class TestSocket {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private listeners = new Set<() => void>();
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const raw = data.toString();
      this.frames.push({ raw, json: JSON.parse(raw), at: Date.now() });
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  static connect(sim: JellyfinSimulator, token = sim.apiKey, identity: Identity = {}, query = ''): Promise<TestSocket> {
    return TestSocket.open(`${sim.socketUrl}${query}`, { authorization: mediaBrowser(token, identity) });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next not-yet-consumed frame that matches (waits up to `timeoutMs`). */
  next(match: string | ((frame: Frame) => boolean), timeoutMs = 3_000): Promise<Frame> {
    const test = typeof match === 'string' ? (frame: Frame) => frame.json.MessageType === match : match;
    return new Promise((resolve, reject) => {
      const look = () => {
        for (let i = this.cursor; i < this.frames.length; i++) {
          if (test(this.frames[i]!)) {
            this.cursor = i + 1;
            done();
            resolve(this.frames[i]!);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no matching frame within ${timeoutMs} ms; got ${this.frames.map((f) => f.json.MessageType).join(', ') || 'nothing'}`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(look);
      };
      this.listeners.add(look);
      look();
    });
  }

  /** Frames of a type received after the cursor (without consuming them). */
  pending(type?: string): Frame[] {
    return this.frames.slice(this.cursor).filter((frame) => type === undefined || frame.json.MessageType === type);
  }

  /** Skips everything received so far. */
  skip(): void {
    this.cursor = this.frames.length;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}

/** Tries an upgrade and reports the HTTP answer when it is refused. */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const type = res.headers['content-type'];
        resolve({
          status: res.statusCode ?? 0,
          contentType: Array.isArray(type) ? type[0] : type,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        ws.terminate();
      });
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(String(err))) reject(err);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts simulators and closes them (and sockets) after each test. */
export function harness() {
  const sims: JellyfinSimulator[] = [];
  const sockets: TestSocket[] = [];
  return {
    async start(options: SimulatorOptions = {}): Promise<JellyfinSimulator> {
      const sim = await JellyfinSimulator.start(options);
      sims.push(sim);
      return sim;
    },
    async connect(sim: JellyfinSimulator, token = sim.apiKey, identity: Identity = {}, query = ''): Promise<TestSocket> {
      const socket = await TestSocket.connect(sim, token, identity, query);
      sockets.push(socket);
      return socket;
    },
    track(socket: TestSocket): TestSocket {
      sockets.push(socket);
      return socket;
    },
    async cleanup(): Promise<void> {
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
      await Promise.all(sims.splice(0).map((sim) => sim.close()));
    },
  };
}

/** Every object in a JSON value, recursively (to check naming and null rules everywhere). */
export function everyObject(value: unknown, visit: (object: Record<string, unknown>, path: string) => void, path = '$'): void {
  if (Array.isArray(value)) value.forEach((entry, index) => everyObject(entry, visit, `${path}[${index}]`));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>, path);
    for (const [key, entry] of Object.entries(value)) everyObject(entry, visit, `${path}.${key}`);
  }
}

/** Asserts the §0.1 wire rules on a parsed body: PascalCase names, no nulls, "N" ids, 7-digit UTC dates. */
export function wireProblems(value: unknown, options: { dictionaries?: readonly string[] } = {}): string[] {
  const problems: string[] = [];
  const dictionaries = new Set(options.dictionaries ?? ['ProviderIds', 'ImageTags', 'RequiredHttpHeaders', 'Arguments']);
  everyObject(value, (object, path) => {
    const inDictionary = dictionaries.has(path.replace(/^.*\./, '').replace(/\[\d+\]$/, ''));
    for (const [key, entry] of Object.entries(object)) {
      if (!inDictionary && !/^[A-Z]/.test(key)) problems.push(`${path}.${key}: not PascalCase`);
      if (entry === null) problems.push(`${path}.${key}: null`);
      if (/(^Id$|Id$)/.test(key) && typeof entry === 'string' && /^[0-9a-f-]{36}$/i.test(entry))
        problems.push(`${path}.${key}: dashed guid`);
      if (
        /(^Id$|[a-z]Id$)/.test(key) &&
        typeof entry === 'string' &&
        !['DeviceId', 'PlaySessionId'].includes(key) &&
        !/^[0-9a-f]{32}$/.test(entry)
      ) {
        problems.push(`${path}.${key}: not an "N" guid (${entry})`);
      }
      if (/Date|CheckIn/.test(key) && typeof entry === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/.test(entry)) {
        problems.push(`${path}.${key}: date not in 7-digit UTC form (${entry})`);
      }
    }
  });
  return problems;
}
