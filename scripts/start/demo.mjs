// `npm start` as a function: builds if needed, starts the Jellyfin simulator (or uses a real Jellyfin),
// the local receiver and a real Node-RED with this package, deploys the Getting-started flow when the
// user directory has none, and prints a banner. scripts/start.mjs wraps it in a command line.
import { relative, isAbsolute } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { buildStatus, runBuild } from './build-check.mjs';
import { IDS, startFlow } from './flow.mjs';
import { describeExit, NodeRedProcess } from './node-red.mjs';
import { exactPort, portFrom } from './ports.mjs';
import { maskTarget, startReceiver } from './receiver.mjs';
import { startSimulator } from './simulator.mjs';
import { FLOW_FILE, prepareUserDir } from './user-dir.mjs';

export const DEFAULT_SIM_PORT = 8096;
export const DEFAULT_RECEIVER_PORT = 5055;

/** Thrown inside `start()` when `stop()` was called meanwhile (Ctrl-C during start-up). */
export class Stopped extends Error {
  constructor() {
    super('stopped during start-up');
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A path as short as it can be said from the current directory. */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A URL fit to print: `https://user:pass@host/?api_key=…` → `https://***@host/?api_key=***`. */
function printable(url) {
  return maskTarget(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1***@'));
}

/**
 * Console output with a tag per source. `write(text)` defaults to stdout; colours only on a terminal.
 */
export function consoleOutput(write = (text) => process.stdout.write(text), colour = process.stdout.isTTY && !process.env.NO_COLOR) {
  const paint = (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const tags = { start: '36', 'node-red': '90', receiver: '33', viewer: '35', jellyfin: '34', warning: '31' };
  return {
    paint,
    /** One line per entry of `lines`, all tagged, continuation lines indented under the first. */
    tagged(tag, lines) {
      const list = Array.isArray(lines) ? lines : [lines];
      const head = paint(tags[tag] ?? '0', `[${tag}]`);
      const pad = ' '.repeat(tag.length + 3);
      const body = tag === 'node-red' ? (line) => paint('90', line) : (line) => line;
      write(list.map((line, i) => `${i === 0 ? head : pad}${i === 0 ? ' ' : ''}${body(line)}`.trimEnd()).join('\n') + '\n');
    },
    raw(text) {
      write(text);
    },
  };
}

export class Demo {
  /** `options` as `readOptions` makes them; `out` as `consoleOutput` makes it. */
  constructor(options, out = consoleOutput()) {
    this.options = options;
    this.out = out;
    this.closers = [];
    this.stopping = false;
    this.stopped = undefined;
    this.nodeRed = undefined;
    this.info = undefined;
  }

  /** Node-RED's exit, once it has exited (expected or not); undefined before it was started. */
  get nodeRedExited() {
    return this.nodeRed?.exited;
  }

  /** Whether `stop()` is under way (an exit of Node-RED is then expected). */
  get isStopping() {
    return this.stopping;
  }

  say(tag, lines) {
    this.out.tagged(tag, lines);
  }

  checkpoint() {
    if (this.stopping) throw new Stopped();
  }

  /** Registers a closer; answers a function that unregisters it. */
  onStop(closer) {
    this.closers.push(closer);
    return () => {
      const index = this.closers.indexOf(closer);
      if (index >= 0) this.closers.splice(index, 1);
    };
  }

  async start() {
    const { root, build, reset, jellyfin, webhookUrl } = this.options;

    if (build) {
      const status = buildStatus(root);
      if (status.needed) {
        this.say('start', `building the package (${status.reason}) …`);
        await runBuild(root, (closer) => this.onStop(closer));
        this.checkpoint();
      }
    }

    const port = await exactPort(
      this.options.port,
      'another Node-RED?',
      `Stop it, or choose another port: PORT=${this.options.port + 1} npm start`,
    );
    const userDir = prepareUserDir({ userDir: this.options.userDir, root, reset });
    for (const file of userDir.movedAside) this.say('start', `reset: your flows were moved to ${shown(file)}`);
    if (!userDir.readable)
      this.say('warning', `${shown(this.options.userDir)}/${FLOW_FILE} is not valid JSON; it is left as it is (Node-RED will complain)`);

    let target;
    let sim;
    if (jellyfin) {
      target = { url: jellyfin.url, apiKey: jellyfin.apiKey, name: 'Jellyfin' };
    } else {
      const simPort =
        this.options.simPort === undefined
          ? await portFrom(DEFAULT_SIM_PORT)
          : await exactPort(this.options.simPort, 'for the Jellyfin simulator', 'Choose another: --jellyfin-port N');
      sim = await startSimulator({ root, port: simPort, say: (tag, text) => this.say(tag, text) });
      this.onStop(() => sim.close());
      await stopEsbuild();
      this.checkpoint();
      target = { url: sim.url, apiKey: sim.apiKey, name: 'Jellyfin simulator' };
    }

    let receiver;
    if (sim || !webhookUrl) {
      const receiverPort =
        this.options.receiverPort === undefined
          ? await portFrom(DEFAULT_RECEIVER_PORT)
          : await exactPort(this.options.receiverPort, 'for the webhook receiver', 'Choose another: --receiver-port N');
      receiver = await startReceiver({
        port: receiverPort,
        print: (lines) => this.say('receiver', lines),
        control: sim && { items: sim.items, play: (item) => sim.play(item) },
      });
      this.onStop(() => receiver.close());
      this.checkpoint();
    }
    const movieUrl = webhookUrl ?? `${receiver.url}/jellynext/movie`;
    const showUrl = webhookUrl ?? `${receiver.url}/jellynext/show`;
    const controlUrl = sim ? `${receiver.url}/demo/play` : undefined;

    const nodeRed = new NodeRedProcess({
      root,
      userDir: this.options.userDir,
      settingsFile: userDir.settingsFile,
      port,
      onLine: (line) => line.trim() && this.say('node-red', line),
    });
    this.nodeRed = nodeRed;
    this.onStop(() => nodeRed.stop());
    nodeRed.start();
    await nodeRed.waitUntilReady();
    this.checkpoint();

    let flowsNote;
    let expectWatcher = Boolean(sim);
    if (userDir.deploy) {
      const flows = startFlow({ jellyfinUrl: target.url, serverName: target.name, movieUrl, showUrl, controlUrl });
      const server = flows.find((node) => node.id === IDS.server);
      server.credentials = { apiKey: target.apiKey };
      await nodeRed.deploy(flows);
      this.checkpoint();
      flowsNote = `Getting-started flow deployed (${shown(this.options.userDir)}/${FLOW_FILE})`;
    } else {
      flowsNote = 'yours, kept from an earlier run (--reset or JELLYNEXT_RESET=1 redeploys the demo)';
      const stale = this.staleFlows(userDir.flows, target.url, receiver);
      for (const warning of stale) this.say('warning', warning);
      if (stale.length > 0) expectWatcher = false;
    }

    if (sim && expectWatcher) {
      // Ready means ready to press Play: Node-RED's session watcher has subscribed to the simulator.
      const deadline = Date.now() + 20_000;
      while (!sim.watched && Date.now() < deadline && !nodeRed.exit) {
        await sleep(100);
        this.checkpoint();
      }
      if (!sim.watched && !nodeRed.exit)
        this.say('warning', 'Node-RED has not connected to the simulator yet; see its status under the virtual play node');
    }
    if (nodeRed.exit) throw new Error(`Node-RED exited during start-up (${describeExit(nodeRed.exit)})`);

    this.info = {
      editorUrl: nodeRed.url,
      nodeRedPid: nodeRed.pid,
      jellyfinUrl: target.url,
      simulator: Boolean(sim),
      receiverUrl: receiver?.url,
      controlUrl,
      movieUrl,
      showUrl,
      userDir: this.options.userDir,
      deployed: userDir.deploy,
    };
    this.printBanner({ nodeRed, target, sim, receiver, flowsNote });
    return this.info;
  }

  /** Warnings for kept flows that point at another Jellyfin or at a receiver port of an earlier run. */
  staleFlows(flows, jellyfinUrl, receiver) {
    const warnings = [];
    const servers = flows.filter((node) => node.type === 'jellyfin-server').map((node) => String(node.url ?? '').replace(/\/+$/, ''));
    const redeploy = 'JELLYNEXT_RESET=1 npm start (or npm run demo:reset) redeploys the demo; your flows move to flows.json.bak';
    if (servers.length > 0 && !servers.includes(jellyfinUrl)) {
      warnings.push(
        `your flows use Jellyfin at ${servers.map(printable).join(', ')}, but this run's Jellyfin is ${printable(jellyfinUrl)}.`,
        `  ${redeploy}`,
      );
    }
    if (receiver) {
      const text = JSON.stringify(flows);
      const ports = new Set([...text.matchAll(/http:\/\/127\.0\.0\.1:(\d+)\/(?:jellynext|demo)\//g)].map((m) => Number(m[1])));
      ports.delete(receiver.port);
      if (ports.size > 0)
        warnings.push(
          `your flows send to a local receiver on port ${[...ports].join(', ')}, but this run's is on ${receiver.port}.`,
          `  ${redeploy}`,
        );
    }
    return warnings;
  }

  printBanner({ nodeRed, target, sim, receiver, flowsNote }) {
    const { paint } = this.out;
    const row = (label, value) => `  ${label.padEnd(18)}${value}`;
    const lines = ['', paint('1', '  JellyNext for Node-RED is running'), ''];
    lines.push(row('Node-RED editor', paint('1', nodeRed.url)));
    if (sim)
      lines.push(row('Jellyfin', `simulator at ${sim.url} (Jellyfin ${sim.version}; viewer ${sim.userName} on "${sim.deviceName}")`));
    else lines.push(row('Jellyfin', `${printable(target.url)} (JELLYFIN_URL)`));
    if (this.options.webhookUrl) lines.push(row('Webhook', `${printable(this.options.webhookUrl)} (WEBHOOK_URL)`));
    if (receiver)
      lines.push(
        row('Webhook receiver', `${receiver.url}${this.options.webhookUrl ? ' (demo control only)' : ' (prints every request below)'}`),
      );
    lines.push(row('Flows', flowsNote), '');
    if (sim) {
      lines.push(
        '  Press Play: in the editor, click the button of "Simulate Play: Fight Club" or',
        '  "Simulate Play: Breaking Bad S2", or run',
        `    curl -X POST '${receiver.url}/demo/play?item=fightClub'`,
      );
    } else {
      lines.push('  Press Play on a JellyNext placeholder in any Jellyfin client.');
    }
    lines.push('', paint('1', '  Ctrl-C to stop.'), '');
    this.out.raw(`${lines.join('\n')}\n`);
  }

  /** Stops everything started so far, newest first (Node-RED, receiver, simulator). Safe to call twice. */
  stop() {
    this.stopping = true;
    this.stopped ??= (async () => {
      while (this.closers.length > 0) {
        const closer = this.closers.pop();
        try {
          await closer();
        } catch (err) {
          this.say('warning', `while stopping: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    return this.stopped;
  }

  /** Forces Node-RED down at once (a second Ctrl-C). */
  kill() {
    this.nodeRed?.child?.kill('SIGKILL');
  }
}
