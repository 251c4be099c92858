import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTemplate, parseCustomFields } from '../../src/template';
import { JellyfinSimulator, type InboxEntry } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime, PACKAGE_ROOT, type FlowNode } from '../support/node-red-runtime';
import { answer, Receiver } from '../support/receiver';

/**
 * The importable example flows (Import → Examples): each file is checked as a flow, deployed in a
 * real Node-RED against the Jellyfin simulator with no error in the log, and the ones with logic of
 * their own (1, 4, 7, 8, 9, 10, 11 and 12) are run from a Play in the simulator to the receiver and back to the
 * viewer's screen.
 */

const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');
const FILES = existsSync(EXAMPLES_DIR)
  ? readdirSync(EXAMPLES_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
  : [];
const OWN_TYPES = ['jellyfin-server', 'jellyfin-virtual-play', 'jellynext-webhook', 'jellyfin-stop-playback', 'jellyfin-notify'];
const SECRET_MARKER = '__PWRD__';

type HeaderRow = { name: string; value: string; type?: string };
type Example = { file: string; label: string; nodes: FlowNode[] };

function loadExample(file: string): Example {
  const nodes = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as FlowNode[];
  return { file, label: file.replace(/\.json$/, ''), nodes };
}

function example(prefix: string): Example {
  const file = FILES.find((name) => name.startsWith(`${prefix} `));
  if (!file) throw new Error(`no example file starting with "${prefix} " in ${EXAMPLES_DIR}`);
  return loadExample(file);
}

/** Node types and their editor category, read from the literal registerType calls (as the scorecard's N02 does). */
function editorCategories(): Map<string, string> {
  const categories = new Map<string, string>();
  const nodesDir = join(PACKAGE_ROOT, 'nodes');
  for (const dir of readdirSync(nodesDir)) {
    const html = join(nodesDir, dir, `${dir}.html`);
    if (!existsSync(html)) continue;
    const text = readFileSync(html, 'utf8');
    for (const match of text.matchAll(/RED\.nodes\.registerType\(\s*'([^']+)'\s*,\s*\{[\s\S]*?category:\s*'([^']+)'/g)) {
      categories.set(match[1], match[2]);
    }
  }
  return categories;
}

function headerRows(node: FlowNode, side: 'movie' | 'show'): HeaderRow[] {
  const rows = node[`${side}Headers`];
  return Array.isArray(rows) ? (rows as HeaderRow[]) : [];
}

/** Points a URL template at the receiver, keeping its path and query (placeholders included). */
/**
 * Issue 13, beyond the examples: a function node's fields and message properties shape the request through
 * custom placeholders and defaults, and a webhook with only a movie URL sends a show to output 2.
 */
const CUSTOM_PLACEHOLDERS: Example = {
  file: 'custom placeholders.json',
  label: 'custom placeholders',
  nodes: [
    { id: 'c1-server', type: 'jellyfin-server', name: 'Jellyfin', url: 'http://localhost:8096', mode: 'auto' },
    { id: 'c1-play', type: 'jellyfin-virtual-play', server: 'c1-server', wires: [['c1-logic']] },
    {
      id: 'c1-logic',
      type: 'function',
      name: 'approve',
      func: "msg.media = Object.assign({}, msg.media, { category: msg.media.mediaType === 'movie' ? 'films' : 'series' });\nmsg.approvedBy = 'Zoë';\nmsg.quota = { left: 2 };\nreturn msg;",
      outputs: 1,
      wires: [['c1-webhook']],
    },
    {
      id: 'c1-webhook',
      type: 'jellynext-webhook',
      name: 'movies only',
      retries: 0,
      customFields: 'category=films, msg.approvedBy=alice, msg.quota.left=3',
      movieUrl: 'http://localhost:8080/{category}/{msg.approvedBy}?lang={msg.language|en}',
      movieHeaders: [{ name: 'X-Quota-Left', value: '{msg.quota.left}', type: 'str' }],
      moviePayload:
        '{"title": "{title}", "imdbId": "{imdbId|unknown}", "category": "{category}", "left": {msg.quota.left}, "quota": {msg.quota}}',
      showUrl: '',
      wires: [['c1-stop'], ['c1-stop']],
    },
    {
      id: 'c1-stop',
      type: 'jellyfin-stop-playback',
      server: 'c1-server',
      stop: true,
      notify: true,
      successMessage: '{displayTitle} ({category}) was approved by {msg.approvedBy}; {msg.quota.left} left.',
      failureMessage: 'Not sent: {error|unknown reason}',
      wires: [[]],
    },
  ],
};

function toReceiver(url: unknown, receiverUrl: string): string {
  const text = String(url);
  if (text === '') return text; // a node that serves the other media type only
  const rewritten = text.replace(/^https?:\/\/[^/?#]+/i, receiverUrl);
  if (rewritten === text) throw new Error(`not an absolute http(s) URL: ${text}`);
  return rewritten;
}

interface DeployOptions {
  /** Changes a function node's code before the deploy (throws when `from` is not in it). */
  readonly editFunction?: { readonly id: string; readonly from: string; readonly to: string };
  /** Seconds before Stop (the examples use JellyNext's 2 s; the runs use less to stay fast). */
  readonly stopDelay?: number;
  /** Leave secret header rows without their credential, as an import does. */
  readonly withoutSecrets?: boolean;
}

describe('example flows', () => {
  let sim: JellyfinSimulator;
  let receiver: Receiver;
  let red: NodeRedRuntime;
  let sessionCount = 0;
  /** Sessions the runs created; ended before the next deploy, so a Play left hanging by a failed run is not picked up by the next example. */
  const viewers: string[] = [];

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n--- Node-RED output ---\n${red.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  /** The example as one full deploy: a tab, every flow node on it, the server and endpoints pointed at the simulator and the receiver. */
  function forDeploy(ex: Example, options: DeployOptions = {}): FlowNode[] {
    const tab = ex.nodes.find((node) => node.type === 'tab')?.id ?? `tab-${ex.label}`;
    const out: FlowNode[] = [{ id: tab, type: 'tab', label: ex.label }];
    let edited = false;
    for (const original of ex.nodes) {
      if (original.type === 'tab') continue;
      const node = JSON.parse(JSON.stringify(original)) as Record<string, unknown> & FlowNode;
      if (node.type === 'jellyfin-server') {
        node.url = sim.url;
        node.credentials = { apiKey: sim.apiKey };
        out.push(node);
        continue;
      }
      node.z = tab;
      if (node.type === 'jellynext-webhook') {
        node.movieUrl = toReceiver(node.movieUrl, receiver.url);
        node.showUrl = toReceiver(node.showUrl, receiver.url);
        const secrets = { movie: {} as Record<string, string>, show: {} as Record<string, string> };
        for (const side of ['movie', 'show'] as const) {
          for (const row of headerRows(node, side))
            if (row.type === 'cred') secrets[side][row.name] = `secret-${side}-${row.name}-${node.id}`;
        }
        if (!options.withoutSecrets) node.credentials = { secretHeaders: JSON.stringify(secrets) };
      }
      if (node.type === 'jellyfin-stop-playback' && options.stopDelay !== undefined) node.delay = options.stopDelay;
      if (options.editFunction && node.id === options.editFunction.id) {
        const code = String(node.func);
        if (!code.includes(options.editFunction.from)) throw new Error(`"${options.editFunction.from}" is not in the code of ${node.id}`);
        node.func = code.replace(options.editFunction.from, options.editFunction.to);
        edited = true;
      }
      out.push(node);
    }
    if (options.editFunction && !edited) throw new Error(`no function node ${options.editFunction.id} in ${ex.file}`);
    return out;
  }

  /**
   * Deploys an example and waits until its Play watcher is subscribed. Answers what Node-RED logged
   * from the deploy on. An empty deploy first lets the previous example's connection close, so the
   * subscription that is waited for is this example's.
   */
  async function deployExample(ex: Example, options: DeployOptions = {}): Promise<string> {
    await red.deploy([{ id: 'examples-idle', type: 'tab', label: 'idle' }]);
    await until('the previous example let go of Jellyfin', () => sim.subscriptions === 0 && sim.sockets === 0);
    const open = new Set(sim.sessionIds());
    for (const session of viewers.splice(0)) if (open.has(session)) sim.endSession(session);
    receiver.reset();
    const from = red.logs().length;
    const flows = forDeploy(ex, options);
    await red.deploy(flows);
    await until(`"${ex.label}" subscribed to Jellyfin sessions`, () => sim.subscriptions > 0);
    await sleep(300);
    const deployed = new Set((await red.getFlows()).map((node) => node.id));
    expect(flows.filter((node) => !deployed.has(node.id)).map((node) => node.id)).toEqual([]);
    return red.logs().slice(from);
  }

  const linesWith = (log: string, level: string): string[] => log.split('\n').filter((line) => line.includes(`[${level}]`));

  function newViewer(): string {
    sessionCount++;
    const session = sim.addSession({
      userId: sim.defaultUserId,
      client: 'Jellyfin Web',
      deviceName: `Examples TV ${sessionCount}`,
      deviceId: `examples-${sessionCount}`,
    });
    viewers.push(session);
    return session;
  }

  /** Presses Play on a fresh session of the default user; answers the on-screen text and checks the Stop that follows it. */
  async function playAndWatch(itemId: string): Promise<{ session: string; text: string }> {
    const session = newViewer();
    sim.play(session, itemId);
    const stop = await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 15_000);
    expect((stop.data as { Command?: string }).Command).toBe('Stop');
    const messages = sim.inbox(session).filter((entry: InboxEntry) => entry.messageType === 'GeneralCommand');
    expect(messages).toHaveLength(1);
    const args = messages[0].data as { Name?: string; Arguments?: Record<string, string> };
    expect(args.Name).toBe('DisplayMessage');
    expect(args.Arguments?.Header).toBe('JellyNext Download');
    return { session, text: args.Arguments?.Text ?? '' };
  }

  /** Lets any late request arrive before counting them. */
  const settle = (): Promise<void> => sleep(400);

  const dashed = (id: string): string => id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

  describe('as files', () => {
    it('there are the 12 examples of issue 4, numbered, each a flat flow array', () => {
      expect(FILES.length).toBeGreaterThanOrEqual(12);
      for (let n = 1; n <= 12; n++)
        expect(
          FILES.some((file) => file.startsWith(`${String(n).padStart(2, '0')} `)),
          `example ${n}`,
        ).toBe(true);
      for (const file of FILES) {
        const { nodes } = loadExample(file);
        expect(Array.isArray(nodes), file).toBe(true);
        expect(
          nodes.every((node) => typeof node.id === 'string' && node.id !== '' && typeof node.type === 'string'),
          file,
        ).toBe(true);
        expect(new Set(nodes.map((node) => node.id)).size, `${file}: duplicate ids`).toBe(nodes.length);
        // Each example arrives in a tab of its own, named after it; every flow node sits on it.
        const tabs = nodes.filter((node) => node.type === 'tab');
        expect(
          tabs.map((tab) => tab.label),
          file,
        ).toEqual([`JellyNext ${file.replace(/\.json$/, '').replace(' ', ': ')}`]);
        expect(
          nodes.filter((node) => node.type === 'subflow'),
          file,
        ).toEqual([]);
        for (const node of nodes) {
          if (node.type !== 'tab' && node.type !== 'jellyfin-server')
            expect(node.z, `${file}: ${node.id} on the example's tab`).toBe(tabs[0].id);
        }
      }
    });

    it('each has one comment that explains it and one jellyfin-server config node without credentials', () => {
      for (const file of FILES) {
        const { nodes } = loadExample(file);
        const comments = nodes.filter((node) => node.type === 'comment');
        expect(comments, file).toHaveLength(1);
        const info = String(comments[0].info ?? '');
        expect(info.length, `${file}: comment info`).toBeGreaterThan(200);
        expect(info, file).toMatch(/API key/);
        const servers = nodes.filter((node) => node.type === 'jellyfin-server');
        expect(servers, file).toHaveLength(1);
        // One shared server node: importing a second example reuses it instead of adding another "Jellyfin".
        expect(servers[0], file).toEqual({
          id: 'jellynext-examples-server',
          type: 'jellyfin-server',
          name: 'Jellyfin',
          url: 'http://localhost:8096',
          mode: 'auto',
          pollInterval: 1,
        });
        expect(servers[0].credentials, file).toBeUndefined();
        expect(servers[0].z, file).toBeUndefined();
        expect(String(servers[0].url), file).toMatch(/^https?:\/\//);
        expect(JSON.stringify(nodes), `${file}: nothing that looks like a stored secret`).not.toMatch(
          /"(apiKey|secretHeaders|signingSecret)"/,
        );
      }
    });

    it('wires and server references point at nodes of the same file, and flow nodes have a position', () => {
      for (const file of FILES) {
        const { nodes } = loadExample(file);
        const ids = new Set(nodes.map((node) => node.id));
        const serverId = nodes.find((node) => node.type === 'jellyfin-server')?.id;
        for (const node of nodes) {
          if (node.type === 'jellyfin-server' || node.type === 'tab') continue;
          expect(typeof node.x === 'number' && typeof node.y === 'number', `${file}: ${node.id} position`).toBe(true);
          const wires = (node.wires ?? []) as string[][];
          expect(Array.isArray(wires), `${file}: ${node.id} wires`).toBe(true);
          for (const target of wires.flat()) expect(ids.has(target), `${file}: ${node.id} → ${target}`).toBe(true);
          if ('server' in node) expect(node.server, `${file}: ${node.id} server`).toBe(serverId);
          if (node.type === 'function') expect(wires.length, `${file}: ${node.id} outputs`).toBe(Number(node.outputs));
          // Both outcomes of a request lead somewhere, so a failure is never silent.
          if (node.type === 'jellynext-webhook')
            expect(
              wires.map((targets) => targets.length > 0),
              `${file}: ${node.id} outputs wired`,
            ).toEqual([true, true]);
        }
        // Every flow node but the comment is connected to something.
        const targets = new Set(nodes.flatMap((node) => ((node.wires ?? []) as string[][]).flat()));
        for (const node of nodes) {
          if (node.type === 'comment' || node.type === 'jellyfin-server' || node.type === 'tab') continue;
          const wired = targets.has(node.id) || ((node.wires ?? []) as string[][]).flat().length > 0;
          expect(wired, `${file}: ${node.id} is connected`).toBe(true);
        }
      }
    });

    it('every webhook has both URLs, payload templates the node accepts, and secret rows holding only the marker', () => {
      let secretRows = 0;
      for (const file of FILES) {
        const { nodes } = loadExample(file);
        const comment = String(nodes.find((node) => node.type === 'comment')?.info ?? '');
        for (const node of nodes.filter((n) => n.type === 'jellynext-webhook')) {
          for (const side of ['movie', 'show'] as const) {
            expect(String(node[`${side}Url`] ?? ''), `${file}: ${node.id} ${side} URL`).toMatch(/^https?:\/\/[^\s/]+/);
            const payload = node[`${side}Payload`];
            expect(typeof payload, `${file}: ${node.id} ${side} payload is explicit`).toBe('string');
            // Checked as the node checks it: with the custom fields it declares (issue 13).
            const check = checkTemplate(
              String(payload),
              'json',
              parseCustomFields(node.customFields).fields.map((field) => field.name),
            );
            expect(check.ok, `${file}: ${node.id} ${side} payload: ${JSON.stringify(check.error)}`).toBe(true);
            expect([...check.warnings, ...check.hints], `${file}: ${node.id} ${side} payload notices`).toEqual([]);
            for (const row of headerRows(node, side)) {
              expect(row.name, `${file}: ${node.id} header name`).toMatch(/^[A-Za-z0-9-]+$/);
              if (row.type === 'cred') {
                secretRows++;
                expect(row.value, `${file}: ${node.id} secret ${row.name}`).toBe(SECRET_MARKER);
                expect(comment, `${file}: the comment tells to enter the secret`).toMatch(/secret/i);
              } else {
                expect(row.type ?? 'str').toBe('str');
              }
            }
          }
        }
      }
      expect(secretRows).toBeGreaterThanOrEqual(6); // examples 3, 10 and 11, movie and show
    });
  });

  describe('in a running Node-RED', () => {
    it('every node type of every example is registered, and together they use every non-config node of the package', async () => {
      const res = await red.request<Array<{ module: string; types?: string[]; enabled?: boolean }>>('GET', 'nodes');
      expect(res.status).toBe(200);
      const registered = new Set(res.body.filter((set) => set.enabled !== false).flatMap((set) => set.types ?? []));
      for (const type of OWN_TYPES) expect(registered.has(type), type).toBe(true);
      const used = new Set<string>();
      for (const file of FILES) {
        for (const node of loadExample(file).nodes) {
          if (node.type === 'tab') continue; // a workspace, not a node type
          expect(registered.has(node.type), `${file}: type ${node.type}`).toBe(true);
          used.add(node.type);
        }
      }
      const categories = editorCategories();
      expect([...categories.keys()].sort()).toEqual([...OWN_TYPES].sort());
      const nonConfig = [...categories].filter(([, category]) => category !== 'config').map(([type]) => type);
      expect(nonConfig.length).toBe(4);
      expect(nonConfig.filter((type) => !used.has(type))).toEqual([]);
      // Only core nodes besides the package's own.
      const ownModule = new Set(res.body.filter((set) => set.module === 'node-red-contrib-jellynext').flatMap((set) => set.types ?? []));
      const core = new Set(res.body.filter((set) => set.module === 'node-red').flatMap((set) => set.types ?? []));
      for (const type of used) expect(ownModule.has(type) || core.has(type), type).toBe(true);
    });

    it('Node-RED lists the examples under Import → Examples with the file names as labels', async () => {
      const res = await red.request<Array<{ fn?: string }>>('GET', 'library/examples/flows/node-red-contrib-jellynext/');
      expect(res.status).toBe(200);
      const labels = res.body
        .map((entry) => entry.fn)
        .filter(Boolean)
        .sort();
      expect(labels).toEqual(FILES.map((file) => file.replace(/\.json$/, '')).sort());
    });

    for (const file of FILES) {
      const label = file.replace(/\.json$/, '');
      it(`"${label}" deploys against Jellyfin with no error or warning`, async () => {
        const ex = loadExample(file);
        const log = await deployExample(ex);
        expect(linesWith(log, 'error'), log).toEqual([]);
        expect(linesWith(log, 'warn'), log).toEqual([]);
        expect(receiver.requests).toEqual([]);
      }, 60_000);
    }

    it('imported as is, an example with secret headers asks for them (as its comment says)', async () => {
      const log = await deployExample(example('03'), { withoutSecrets: true });
      expect(linesWith(log, 'error').join('\n')).toMatch(
        /secret value of the movie header "Authorization" is missing: open the node and enter it again/,
      );
    }, 60_000);
  });

  describe('running from a Play in Jellyfin', () => {
    it('01 Getting started: one request with the default payload, then the success text and a Stop; a failure is told too', async () => {
      await deployExample(example('01'), { stopDelay: 0.2 });
      const { text } = await playAndWatch(sim.catalogue!.fightClub);
      await settle();
      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0];
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/webhook/movie');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(request.body)).toEqual({
        tmdbId: '550',
        imdbId: 'tt0137523',
        title: 'Fight Club',
        year: '1999',
        jellyfinUserId: dashed(sim.defaultUserId),
      });
      expect(text).toBe('Fight Club has been requested and will appear in your library soon.');

      // Output 2 is wired too: a refused request still reaches the viewer (404 is not retried).
      receiver.respondWith(answer(404, 'no such endpoint'));
      const failed = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[1].url).toBe('/webhook/show');
      expect(failed.text).toBe('Could not request Breaking Bad \u2013 Season 2. Please try again later.');
    }, 60_000);

    it("04 Discord notification: the embed arrives as JSON, a 429 is waited out (Retry-After) and Discord's 204 counts as success", async () => {
      await deployExample(example('04'), { stopDelay: 0.2 });
      receiver.respondWith(
        answer(429, '{"message":"You are being rate limited.","retry_after":0.5,"global":false}', {
          'content-type': 'application/json',
          'retry-after': '1',
        }),
        answer(204),
      );
      const { text } = await playAndWatch(sim.catalogue!.fightClub);
      await settle();
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[0].url).toBe('/api/webhooks/WEBHOOK_ID/WEBHOOK_TOKEN');
      const body = JSON.parse(receiver.requests[0].body) as { allowed_mentions: unknown; embeds: Array<Record<string, unknown>> };
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.embeds).toHaveLength(1);
      const embed = body.embeds[0];
      expect(embed).toMatchObject({ title: 'Fight Club (1999)', color: 5814783, url: 'https://www.themoviedb.org/movie/550' });
      expect(embed.fields).toEqual([
        { name: 'IDs', value: 'TMDB 550 \u00b7 IMDb tt0137523', inline: true },
        { name: 'Requested by', value: expect.stringMatching(/^alice on Examples TV \d+$/), inline: true },
      ]);
      expect(Date.parse(String(embed.timestamp))).not.toBeNaN();
      expect(text).toBe('Fight Club (1999) has been requested: the admins were told on Discord.');

      receiver.respondWith(answer(204));
      await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      const show = JSON.parse(receiver.requests[2].body) as { embeds: Array<{ title: string; fields: Array<{ value: string }> }> };
      expect(show.embeds[0].title).toBe('Breaking Bad (2008) \u2013 Season 2');
      expect(show.embeds[0].fields.map((field) => field.value)).toContain('Season 2');
    }, 60_000);

    it('07 Anime routing: one webhook; {category} from a function node sends the anime season to /webhook/anime, Breaking Bad and movies to theirs', async () => {
      await deployExample(example('07'), { stopDelay: 0.2 });
      const anime = await playAndWatch(sim.catalogue!.animeS02E01);
      await settle();
      expect(receiver.requests.map((r) => r.url)).toEqual(['/webhook/anime']);
      expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
        tvdbId: '424536',
        tmdbId: '209867',
        seasonNumber: 2,
        isAnime: true,
        category: 'anime',
      });
      expect(anime.text).toMatch(/^Frieren: Beyond Journey's End \u2013 Season 2 has been requested/);

      const regular = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(receiver.requests.map((r) => r.url)).toEqual(['/webhook/anime', '/webhook/show']);
      expect(JSON.parse(receiver.requests[1].body)).toMatchObject({ tvdbId: '81189', seasonNumber: 2, isAnime: false, category: 'show' });
      expect(regular.text).toMatch(/^Breaking Bad \u2013 Season 2 has been requested/);

      await playAndWatch(sim.catalogue!.fightClub);
      await settle();
      expect(receiver.requests.map((r) => r.url)).toEqual(['/webhook/anime', '/webhook/show', '/webhook/movie']);
      expect(JSON.parse(receiver.requests[2].body)).toMatchObject({ tmdbId: '550', title: 'Fight Club', category: 'movie' });
    }, 60_000);

    it('08 Quota check: three requests a day go out with the count left ({msg.quota.left}), the fourth is not sent and the viewer reads "quota reached"', async () => {
      await deployExample(example('08'), { stopDelay: 0.2 });
      const items = [sim.catalogue!.fightClub, sim.catalogue!.breakingBadS02E01, sim.catalogue!.animeS02E01];
      for (const [index, item] of items.entries()) {
        const { text } = await playAndWatch(item);
        expect(text).toMatch(new RegExp(`has been requested; you can request ${2 - index} more today\\.$`));
        await settle();
        expect(receiver.requests).toHaveLength(index + 1);
        expect(JSON.parse(receiver.requests[index].body)).toMatchObject({ requestsLeftToday: 2 - index });
      }
      const over = await playAndWatch(sim.catalogue!.fightClubMp4);
      await settle();
      expect(receiver.requests).toHaveLength(3);
      expect(over.text).toBe('Could not request Fight Club: quota reached (3 requests per day)');
    }, 90_000);

    it('08 Quota check with the limit edited to 1: the second Play is refused at once', async () => {
      await deployExample(example('08'), {
        stopDelay: 0.2,
        editFunction: { id: 'ex08-quota', from: 'const LIMIT = 3;', to: 'const LIMIT = 1;' },
      });
      await playAndWatch(sim.catalogue!.trendingMovie);
      const over = await playAndWatch(sim.catalogue!.trendingMovie);
      await settle();
      expect(receiver.requests).toHaveLength(1);
      expect(over.text).toMatch(/quota reached \(1 request per day\)$/);
    }, 60_000);

    it('09 Duplicate guard: the same Play again is not sent and reads "already requested"; a failed request can be retried', async () => {
      await deployExample(example('09'), { stopDelay: 0.2 });
      const first = await playAndWatch(sim.catalogue!.fightClub);
      expect(first.text).toMatch(/^Fight Club has been requested/);
      const again = await playAndWatch(sim.catalogue!.fightClub);
      await settle();
      expect(receiver.requests).toHaveLength(1);
      expect(again.text).toBe('Fight Club was already requested in the last 24 hours.');

      // A failed request is forgotten, so the next Play sends it again.
      receiver.respondWith(answer(503, 'down'), answer(503, 'down'), answer(503, 'down'));
      const failed = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      expect(failed.text).toBe('Could not request Breaking Bad \u2013 Season 2. Please try again later.');
      const retried = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(retried.text).toMatch(/^Breaking Bad \u2013 Season 2 has been requested/);
      expect(receiver.requests.map((r) => r.url)).toEqual([
        '/webhook/movie',
        '/webhook/show',
        '/webhook/show',
        '/webhook/show',
        '/webhook/show',
      ]);
    }, 60_000);

    it('10 Forward to Jellyseerr: TMDB ids and seasons with the secret X-Api-Key; a 409 reads "already requested"', async () => {
      await deployExample(example('10'), { stopDelay: 0.2 });
      receiver.respondWith(answer(201, '{"id":1,"status":2}', { 'content-type': 'application/json' }));
      const movie = await playAndWatch(sim.catalogue!.fightClub);
      receiver.respondWith(answer(409, '{"message":"Request for this media already exists."}', { 'content-type': 'application/json' }));
      const show = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(receiver.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/request', 'POST /api/v1/request']);
      expect(receiver.requests[0].headers['x-api-key']).toBe('secret-movie-X-Api-Key-ex10-webhook');
      expect(receiver.requests[1].headers['x-api-key']).toBe('secret-show-X-Api-Key-ex10-webhook');
      expect(JSON.parse(receiver.requests[0].body)).toEqual({ mediaType: 'movie', mediaId: 550, is4k: false });
      expect(JSON.parse(receiver.requests[1].body)).toEqual({ mediaType: 'tv', mediaId: 1396, seasons: [2], is4k: false });
      expect(movie.text).toBe('Fight Club has been requested in Jellyseerr.');
      expect(show.text).toBe('Breaking Bad \u2013 Season 2: already requested');
    }, 60_000);

    it('11 Forward to Radarr and Sonarr: the add bodies with secret keys; "already added" is shown to the viewer', async () => {
      await deployExample(example('11'), { stopDelay: 0.2 });
      const refusal = [
        { propertyName: 'TmdbId', errorMessage: 'This movie has already been added', attemptedValue: 550, severity: 'error' },
      ];
      receiver.respondWith(answer(400, JSON.stringify(refusal), { 'content-type': 'application/json' }));
      const movie = await playAndWatch(sim.catalogue!.fightClub);
      receiver.respondWith(answer(201, '{"id":7}', { 'content-type': 'application/json' }));
      const show = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(receiver.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v3/movie', 'POST /api/v3/series']);
      expect(receiver.requests[0].headers['x-api-key']).toBe('secret-movie-X-Api-Key-ex11-webhook');
      expect(receiver.requests[1].headers['x-api-key']).toBe('secret-show-X-Api-Key-ex11-webhook');
      // No year: Radarr takes it from TMDB and refuses "year": null (examples-services.test.ts).
      const movieBody = JSON.parse(receiver.requests[0].body) as Record<string, unknown>;
      expect(movieBody).toMatchObject({
        tmdbId: 550,
        title: 'Fight Club',
        qualityProfileId: 1,
        rootFolderPath: '/movies',
        addOptions: { searchForMovie: true },
      });
      expect(movieBody).not.toHaveProperty('year');
      expect(JSON.parse(receiver.requests[1].body)).toMatchObject({
        tvdbId: 81189,
        title: 'Breaking Bad',
        languageProfileId: 1,
        rootFolderPath: '/tv',
        seriesType: 'standard',
      });
      // Every season up to 100 is listed, only the played one monitored: {msg.sonarrSeasons} arrives as a JSON array.
      const seasons = (JSON.parse(receiver.requests[1].body) as { seasons: Array<{ seasonNumber: number; monitored: boolean }> }).seasons;
      expect(seasons).toHaveLength(101);
      expect(seasons.filter((season) => season.monitored)).toEqual([{ seasonNumber: 2, monitored: true }]);
      expect(seasons[0]).toEqual({ seasonNumber: 0, monitored: false });
      expect(movie.text).toBe('Fight Club: This movie has already been added');
      expect(show.text).toBe('Breaking Bad \u2013 Season 2 has been added and is being searched for.');
    }, 60_000);

    it('custom fields, msg paths and defaults from a function node fill URL, header and payload; a movie-only webhook sends a show to output 2 (issue 13)', async () => {
      const logs = await deployExample(CUSTOM_PLACEHOLDERS, { stopDelay: 0.2 });
      // Declared fields are not warned about, and one URL is enough: nothing about the webhook in the log.
      expect(logs).not.toMatch(/\[(?:warn|error)\] \[jellynext-webhook/);

      const movie = await playAndWatch(sim.catalogue!.quotedTitle);
      await settle();
      expect(movie.text).toBe('The "Backslash \\ Quote" Test (films) was approved by Zoë; 2 left.');
      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0];
      expect(request.url).toBe('/films/Zo%C3%AB?lang=en');
      expect(request.headers['x-quota-left']).toBe('2');
      expect(JSON.parse(request.body)).toEqual({
        title: 'The "Backslash \\ Quote" Test',
        imdbId: 'unknown',
        category: 'films',
        left: 2,
        quota: { left: 2 },
      });

      const show = await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await settle();
      expect(show.text).toBe(
        'Not sent: this node has no show URL, so it does not send shows: set the show URL, or send shows to another node',
      );
      expect(receiver.requests).toHaveLength(1);
    }, 60_000);

    it('12 Audit log: one JSON line per request, whatever the outcome', async () => {
      await deployExample(example('12'), { stopDelay: 0.2 });
      const logFile = join(red.userDir, 'jellynext-audit.log');
      await playAndWatch(sim.catalogue!.fightClub);
      receiver.respondWith(answer(404));
      await playAndWatch(sim.catalogue!.breakingBadS02E01);
      await until(
        'two audit lines are written',
        () => existsSync(logFile) && readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length >= 2,
        10_000,
      );
      const lines = readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        user: 'alice',
        jellyfinUserId: dashed(sim.defaultUserId),
        media: 'movie',
        title: 'Fight Club',
        year: 1999,
        ids: { tmdb: '550', imdb: 'tt0137523' },
        ok: true,
        status: 200,
        error: null,
      });
      expect(lines[1]).toMatchObject({
        media: 'show',
        title: 'Breaking Bad',
        season: 2,
        ids: { tvdb: '81189' },
        ok: false,
        status: 404,
        error: 'HTTP 404 Not Found',
      });
      expect(Date.parse(String(lines[0].time))).not.toBeNaN();
    }, 60_000);
  });
});
