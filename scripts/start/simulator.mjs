// The Jellyfin simulator for `npm start` without a real server. It is TypeScript under tools/jellyfin-simulator,
// so it is bundled on the fly with esbuild and imported; its packages (ws) stay external.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** What the "Simulate Play" buttons can play: a movie and a show season placeholder of the built-in catalogue. */
const ITEMS = {
  fightClub: { label: 'Fight Club (1999)', catalogueKey: 'fightClub' },
  breakingBad: { label: 'Breaking Bad – Season 2', catalogueKey: 'breakingBadS02E01' },
};

const VIEWER = { client: 'Jellyfin Web', deviceName: 'Living-room TV', deviceId: 'jellynext-npm-start-tv' };

/**
 * Bundles tools/jellyfin-simulator into <checkout>/.node-red/.demo/ (always there, whatever the user
 * directory: the external `ws` import must resolve from this checkout's node_modules). Written to a
 * temporary name and renamed, so two starts at once never import half a file.
 */
async function loadSimulator(root) {
  const outDir = join(root, '.node-red', '.demo');
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'tools/jellyfin-simulator/src/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const file = join(outDir, 'jellyfin-simulator.mjs');
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, file);
  return import(pathToFileURL(file).href);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the simulator on `port` with one viewer session (alice on the living-room TV) and prints what
 * the viewer would see: `say(kind, text)`.
 */
export async function startSimulator({ root, port, say }) {
  const { JellyfinSimulator } = await loadSimulator(root);
  const sim = await JellyfinSimulator.start({ port, serverName: 'jellyfin-sim (npm start)' });
  const viewer = sim.addSession({ userId: sim.defaultUserId, ...VIEWER });
  const userName = 'alice';
  const deviceOf = (sessionId) => sim.sessionInfo(sessionId)?.DeviceName ?? sessionId;

  sim.on('inbox', (sessionId, entry) => {
    const data = entry.data ?? {};
    if (entry.messageType === 'GeneralCommand' && data.Name === 'DisplayMessage') {
      const args = data.Arguments ?? {};
      const seconds = Number(args.TimeoutMs) > 0 ? ` (${Number(args.TimeoutMs) / 1000} s)` : '';
      say('viewer', `${deviceOf(sessionId)} shows: "${[args.Header, args.Text].filter(Boolean).join(': ')}"${seconds}`);
    } else if (entry.messageType === 'Playstate' && data.Command === 'Stop') {
      say('viewer', `${deviceOf(sessionId)}: playback stopped by Node-RED`);
    }
  });
  sim.on('request', (request) => {
    if (request.method === 'DELETE' && /\/UserPlayedItems\//i.test(request.path) && (request.status ?? 0) < 300) {
      say('jellyfin', 'the placeholder was marked unplayed again (it stays out of "Next Up")');
    }
  });

  let playing = Promise.resolve();
  /** The viewer presses Play; a new press while something plays stops that first, as a real player does. */
  function play(key) {
    const spec = ITEMS[key];
    const run = playing.then(async () => {
      const itemId = sim.catalogue[spec.catalogueKey];
      if (sim.sessionInfo(viewer)?.NowPlayingItem) {
        sim.stop(viewer);
        await sleep(300); // let the stop reach Node-RED before the next start
      }
      sim.play(viewer, itemId);
      say('jellyfin', `${userName} pressed Play on "${spec.label}" on ${VIEWER.deviceName} (simulated)`);
      return { ok: true, played: spec.label, user: userName, device: VIEWER.deviceName, sessionId: viewer, itemId };
    });
    playing = run.catch(() => undefined);
    return run;
  }

  return {
    url: sim.url,
    port: sim.port,
    version: sim.version,
    apiKey: sim.apiKey,
    userName,
    deviceName: VIEWER.deviceName,
    items: Object.fromEntries(Object.entries(ITEMS).map(([key, spec]) => [key, spec.label])),
    play,
    /** True once Node-RED's session watcher has subscribed to session pushes. */
    get watched() {
      return sim.subscriptions > 0;
    },
    close: () => sim.close(),
  };
}
