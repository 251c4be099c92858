// The flow `npm start` deploys: the Getting-started flow (virtual play → webhook → stop playback, with
// debug nodes), and with the simulator two inject buttons that press Play for a simulated viewer.

/** Fixed ids, so tests and the console hints can name them (`POST /inject/<id>`). */
export const IDS = {
  tab: 'jellynext-start-tab',
  comment: 'jellynext-start-comment',
  server: 'jellynext-start-server',
  virtualPlay: 'jellynext-start-virtual-play',
  webhook: 'jellynext-start-webhook',
  stop: 'jellynext-start-stop',
  debugResponse: 'jellynext-start-debug-response',
  debugFailed: 'jellynext-start-debug-failed',
  debugStopped: 'jellynext-start-debug-stopped',
  demoComment: 'jellynext-start-demo-comment',
  playFightClub: 'jellynext-start-play-fight-club',
  playBreakingBad: 'jellynext-start-play-breaking-bad',
  demoRequest: 'jellynext-start-demo-request',
  demoDebug: 'jellynext-start-demo-debug',
};

const GETTING_STARTED_INFO = `When someone presses Play on a JellyNext placeholder in Jellyfin, **virtual play** sends the movie or show,
**jellynext webhook** sends JellyNext's default payload to your endpoint, and **stop playback** tells the viewer
the outcome on screen and stops the dummy video.

What to change:
- the **jellyfin server** (double-click virtual play, then the pencil): your Jellyfin URL and an API key
  (Dashboard → API Keys);
- the **webhook**: the movie and show URLs of your request system, headers (mark API keys as secret), payloads;
- anything in between: a switch, a function, a rate limit — the message carries \`msg.payload\` and \`msg.media\`.`;

const DEMO_INFO = `Only for \`npm start\` with the Jellyfin simulator: each button asks the demo process to make the simulated
viewer press Play (\`POST /demo/play\` on the local receiver). Watch the console: the webhook request arrives
at the receiver, then the viewer's message and the Stop.`;

function debug(id, name, x, y, complete) {
  return {
    id,
    type: 'debug',
    z: IDS.tab,
    name,
    active: true,
    tosidebar: true,
    console: false,
    tostatus: false,
    complete,
    targetType: complete === 'true' ? 'full' : 'msg',
    statusVal: '',
    statusType: 'auto',
    x,
    y,
    wires: [],
  };
}

function playButton(id, label, item, y) {
  return {
    id,
    type: 'inject',
    z: IDS.tab,
    name: `Simulate Play: ${label}`,
    props: [{ p: 'payload' }],
    repeat: '',
    crontab: '',
    once: false,
    onceDelay: 0.1,
    topic: '',
    payload: JSON.stringify({ item }),
    payloadType: 'json',
    x: 190,
    y,
    wires: [[IDS.demoRequest]],
  };
}

/**
 * The flow as `POST /flows` takes it (the server node's API key goes in separately, as credentials).
 * `controlUrl` (the simulator only) adds the "Simulate Play" buttons.
 */
export function startFlow({ jellyfinUrl, serverName, movieUrl, showUrl, controlUrl }) {
  const nodes = [
    { id: IDS.tab, type: 'tab', label: 'JellyNext: getting started', disabled: false, info: '' },
    {
      id: IDS.comment,
      type: 'comment',
      z: IDS.tab,
      name: 'Getting started: Play on a JellyNext placeholder → request → message and Stop',
      info: GETTING_STARTED_INFO,
      x: 390,
      y: 40,
      wires: [],
    },
    { id: IDS.server, type: 'jellyfin-server', name: serverName, url: jellyfinUrl, mode: 'auto', pollInterval: 1 },
    {
      id: IDS.virtualPlay,
      type: 'jellyfin-virtual-play',
      z: IDS.tab,
      name: '',
      server: IDS.server,
      pathMatch: 'jellynext-virtual',
      mediaTypes: 'both',
      animeWords: 'anime',
      x: 140,
      y: 120,
      wires: [[IDS.webhook]],
    },
    {
      id: IDS.webhook,
      type: 'jellynext-webhook',
      z: IDS.tab,
      name: '',
      method: 'POST',
      timeout: 10,
      retries: 2,
      movieUrl,
      movieHeaders: [],
      showUrl,
      showHeaders: [],
      extraLogging: false,
      x: 440,
      y: 120,
      wires: [
        [IDS.stop, IDS.debugResponse],
        [IDS.stop, IDS.debugFailed],
      ],
    },
    {
      id: IDS.stop,
      type: 'jellyfin-stop-playback',
      z: IDS.tab,
      name: '',
      server: IDS.server,
      stop: true,
      delay: 2,
      notify: true,
      markUnplayed: true,
      x: 700,
      y: 100,
      wires: [[IDS.debugStopped]],
    },
    debug(IDS.debugResponse, 'webhook answered', 710, 160, 'payload'),
    debug(IDS.debugFailed, 'webhook failed', 700, 200, 'webhook'),
    debug(IDS.debugStopped, 'viewer told and stopped', 930, 100, 'stopped'),
  ];
  if (controlUrl) {
    nodes.push(
      {
        id: IDS.demoComment,
        type: 'comment',
        z: IDS.tab,
        name: 'Demo: a simulated viewer presses Play (npm start with the Jellyfin simulator)',
        info: DEMO_INFO,
        x: 330,
        y: 280,
        wires: [],
      },
      playButton(IDS.playFightClub, 'Fight Club', 'fightClub', 340),
      playButton(IDS.playBreakingBad, 'Breaking Bad S2', 'breakingBad', 380),
      {
        id: IDS.demoRequest,
        type: 'http request',
        z: IDS.tab,
        name: 'press Play in the simulator',
        method: 'POST',
        ret: 'obj',
        paytoqs: 'ignore',
        url: controlUrl,
        tls: '',
        persist: false,
        proxy: '',
        insecureHTTPParser: false,
        authType: '',
        senderr: false,
        headers: [],
        x: 470,
        y: 360,
        wires: [[IDS.demoDebug]],
      },
      debug(IDS.demoDebug, 'simulated Play', 700, 360, 'payload'),
    );
  }
  return nodes;
}
