import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InboxEntry, JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { PACKAGE_ROOT, type FlowNode, type NodeRedRuntime } from './node-red-runtime';

/**
 * Runs the importable example flows from `examples/` in a real Node-RED against the Jellyfin
 * simulator, with each webhook pointed where a test wants it (a fake of the service the example
 * addresses), the secrets entered as a user would after the import, and a Play that ends in what
 * the viewer reads.
 */

export interface ExampleFlow {
  readonly file: string;
  readonly label: string;
  readonly nodes: readonly FlowNode[];
}

/** The example whose file name starts with `"<prefix> "` (e.g. `"10"`). */
export function exampleFlow(prefix: string): ExampleFlow {
  const dir = join(PACKAGE_ROOT, 'examples');
  const file = readdirSync(dir).find((name) => name.startsWith(`${prefix} `) && name.endsWith('.json'));
  if (!file) throw new Error(`no example file starting with "${prefix} " in ${dir}`);
  return { file, label: file.replace(/\.json$/, ''), nodes: JSON.parse(readFileSync(join(dir, file), 'utf8')) as FlowNode[] };
}

/** Where one side (movie or show) of an example's webhook sends to: a new origin keeps the example's path and query. */
export type Endpoint = { readonly origin: string } | { readonly url: string };

type Side = 'movie' | 'show';

export interface ExampleSetup {
  readonly endpoints: Readonly<Record<Side, Endpoint>>;
  /** Other endpoints for single webhook nodes, by node id (an example that posts to two services). */
  readonly nodeEndpoints?: Readonly<Record<string, Readonly<Record<Side, Endpoint>>>>;
  /** Secret header values by side and header name, as a user enters them after the import. */
  readonly secrets?: Partial<Readonly<Record<Side, Readonly<Record<string, string>>>>>;
  /** Seconds before Stop (the examples use JellyNext's 2 s). */
  readonly stopDelay?: number;
}

/** What the viewer saw: the one on-screen message sent before the Stop. */
export interface ViewerOutcome {
  readonly session: string;
  readonly header: string;
  readonly text: string;
}

function retarget(url: unknown, endpoint: Endpoint): string {
  if ('url' in endpoint) return endpoint.url;
  const text = String(url);
  const moved = text.replace(/^https?:\/\/[^/?#]+/i, endpoint.origin);
  if (moved === text) throw new Error(`not an absolute http(s) URL: ${text}`);
  return moved;
}

/** The example as a full deploy on one tab, with the simulator's URL and key and the test's endpoints and secrets. */
function deployable(example: ExampleFlow, sim: JellyfinSimulator, setup: ExampleSetup): FlowNode[] {
  const tab = `tab-${example.file.slice(0, 2)}`;
  const flows: FlowNode[] = [{ id: tab, type: 'tab', label: example.label }];
  for (const original of example.nodes) {
    if (original.type === 'tab') continue; // deployed on the tab above
    const node = structuredClone(original) as Record<string, unknown> & FlowNode;
    if (node.type === 'jellyfin-server') {
      flows.push({ ...node, url: sim.url, credentials: { apiKey: sim.apiKey } });
      continue;
    }
    node.z = tab;
    if (node.type === 'jellynext-webhook') {
      const endpoints = setup.nodeEndpoints?.[node.id] ?? setup.endpoints;
      node.movieUrl = retarget(node.movieUrl, endpoints.movie);
      node.showUrl = retarget(node.showUrl, endpoints.show);
      node.credentials = { secretHeaders: JSON.stringify({ movie: setup.secrets?.movie ?? {}, show: setup.secrets?.show ?? {} }) };
    }
    if (node.type === 'jellyfin-stop-playback' && setup.stopDelay !== undefined) node.delay = setup.stopDelay;
    flows.push(node);
  }
  return flows;
}

export class ExampleStage {
  private viewers = 0;
  private readonly sessions: string[] = [];

  constructor(
    private readonly sim: JellyfinSimulator,
    private readonly red: NodeRedRuntime,
  ) {}

  private async until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n--- Node-RED output ---\n${this.red.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Deploys the example once the previous one has let go of Jellyfin, and waits until it watches
   * sessions. Answers what Node-RED logged from the deploy on.
   */
  async deploy(example: ExampleFlow, setup: ExampleSetup): Promise<string> {
    await this.red.deploy([{ id: 'services-idle', type: 'tab', label: 'idle' }]);
    await this.until('the previous example let go of Jellyfin', () => this.sim.subscriptions === 0 && this.sim.sockets === 0);
    const open = new Set(this.sim.sessionIds());
    for (const session of this.sessions.splice(0)) if (open.has(session)) this.sim.endSession(session);
    const from = this.red.logs().length;
    const mark = this.sim.requests.length;
    await this.red.deploy(deployable(example, this.sim, setup));
    // Watching means subscribed and seeded with the sessions as they are (GET /Sessions).
    const seeded = (): boolean =>
      this.sim.requests.slice(mark).some((request) => request.method === 'GET' && /\/Sessions$/i.test(request.path));
    await this.until(`"${example.label}" watches Jellyfin sessions`, () => this.sim.subscriptions > 0 && seeded());
    return this.red.logs().slice(from);
  }

  /** Presses Play on the item in a new session of the default user; answers the message shown before the Stop. */
  async play(itemId: string): Promise<ViewerOutcome> {
    this.viewers++;
    const session = this.sim.addSession({
      userId: this.sim.defaultUserId,
      client: 'Jellyfin Web',
      deviceName: `Services TV ${this.viewers}`,
      deviceId: `services-${this.viewers}`,
    });
    this.sessions.push(session);
    this.sim.play(session, itemId);
    await this.sim.waitForInbox(
      session,
      (entry) => entry.messageType === 'Playstate' && (entry.data as { Command?: string }).Command === 'Stop',
      15_000,
    );
    const shown = this.sim.inbox(session).filter((entry: InboxEntry) => entry.messageType === 'GeneralCommand');
    if (shown.length !== 1) throw new Error(`expected one on-screen message before the Stop, got ${JSON.stringify(shown)}`);
    const command = shown[0].data as { Name?: string; Arguments?: { Header?: string; Text?: string } };
    if (command.Name !== 'DisplayMessage') throw new Error(`expected DisplayMessage, got ${JSON.stringify(command)}`);
    return { session, header: command.Arguments?.Header ?? '', text: command.Arguments?.Text ?? '' };
  }
}
