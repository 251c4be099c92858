// node-red-node-test-helper, typed for these tests, and this package's nodes loaded from dist/ with
// their message catalogs, as Node-RED loads them.
import { createRequire } from 'node:module';
import { withCatalog } from './node-red-i18n';

const require = createRequire(import.meta.url);

/** A sinon spy on Node.prototype: it holds the calls of every node, so pick one node's with callsOf. */
export interface Spy {
  readonly args: unknown[][];
  getCalls(): Array<{ thisValue: { id?: string }; args: unknown[] }>;
}

export interface TestNode {
  receive(msg: object): void;
  on(event: string, listener: (arg: never) => void): void;
  status: Spy;
  log: Spy;
  warn: Spy;
  error: Spy;
}

interface TestHelper {
  init(path: string, settings?: object): void;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  load(nodes: unknown, flow: object[], credentials?: object): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  /** supertest against the admin app (only the calls these tests make). */
  request(): { post(path: string): { send(body: object): { expect(status: number): Promise<{ body: unknown }> } } };
}

// The helper is CommonJS without types; its API is small and used as documented.
export const helper = require('node-red-node-test-helper') as TestHelper;
helper.init(require.resolve('node-red'));

export type NodeType = 'jellyfin-server' | 'jellyfin-virtual-play' | 'jellynext-webhook' | 'jellyfin-stop-playback' | 'jellyfin-notify';

/** A node type's init function from the build, with its texts from `locales/en-US`. */
export function nodeInit(type: NodeType): (RED: object) => unknown {
  return withCatalog(require(`../../dist/nodes/${type}/${type}.js`), type);
}

/** Node-RED's own `tls-config` node (core/network/05-tls.js), which the `tls` property of the server and webhook nodes points at. */
export const TLS_CONFIG_NODE = require('@node-red/nodes/core/network/05-tls.js') as (RED: object) => unknown;

export const ALL_NODES = (
  ['jellyfin-server', 'jellyfin-virtual-play', 'jellynext-webhook', 'jellyfin-stop-playback', 'jellyfin-notify'] as const
).map(nodeInit);

/** The arguments of each call a node made to a spied method. */
export function callsOf(spy: Spy, id: string): unknown[][] {
  return spy
    .getCalls()
    .filter((call) => call.thisValue?.id === id)
    .map((call) => call.args);
}

/** After a test that started the helper's server and a simulator: unload the flow, stop the server, close the simulator. */
export async function tearDown(sim: { close(): Promise<void> } | undefined): Promise<void> {
  await helper.unload();
  await helper.stopServer();
  await sim?.close();
}
