// Child process for bench/detect.ts, part 2 (scale): two identical Jellyfin simulators, "a" for our
// connection and "b" for the bare baseline client, each with the same sessions, so each client gets
// the same frames while only the one being measured gets a frame at a time. Running here keeps the
// simulators' own CPU (serialising 1,000 sessions) out of the measuring process.
//
// IPC protocol (process.send / 'message'):
//   parent → { type: 'setup', sessions, playing }      child → { type: 'ready', servers: { a, b }, playingIds, ... }
//   parent → { type: 'push', target: 'a' | 'b', seq }   child → { type: 'pushed', target, seq, count }
//   parent → { type: 'close' }                          child closes both simulators and exits
// The child also exits when the parent goes away (IPC disconnect).
import { JellyfinSimulator, TICKS_PER_SECOND } from '../tools/jellyfin-simulator/src';

type Target = 'a' | 'b';

interface SetupMessage {
  readonly type: 'setup';
  readonly sessions: number;
  readonly playing: number;
}
interface PushMessage {
  readonly type: 'push';
  readonly target: Target;
  readonly seq: number;
}
type ParentMessage = SetupMessage | PushMessage | { readonly type: 'close' };

const sims = new Map<Target, JellyfinSimulator>();
let playingIds: string[] = [];
const nextPlaying = new Map<Target, number>();
let closing = false;

function send(message: Record<string, unknown>): void {
  if (process.connected) process.send!(message);
}

/** The same sessions on both simulators: same seed, same order, same items → same ids and frames. */
function populate(sim: JellyfinSimulator, total: number, playing: number): string[] {
  const catalogue = sim.catalogue!;
  const items = [
    catalogue.fightClub,
    catalogue.trendingMovie,
    catalogue.breakingBadS02E01,
    catalogue.animeS02E01,
    catalogue.matrix,
    catalogue.quotedTitle,
  ];
  const users = [sim.defaultUserId, sim.addUser('bob'), sim.addUser('carol'), sim.addUser('dave')];
  const clients = ['Jellyfin Web', 'Jellyfin Android', 'Jellyfin iOS', 'Kodi', 'Infuse', 'Jellyfin Media Player'];
  const ids: string[] = [];
  const playingOnes: string[] = [];
  // Spread the playing sessions evenly through the list.
  const every = playing > 0 ? total / playing : Infinity;
  for (let i = 0; i < total; i++) {
    const id = sim.addSession({
      userId: i % 5 === 4 ? undefined : users[i % users.length],
      client: clients[i % clients.length]!,
      deviceName: `Device ${i}`,
      deviceId: `bench-device-${String(i).padStart(5, '0')}`,
      remoteEndPoint: `192.168.${(i >> 8) & 255}.${i & 255}`,
    });
    ids.push(id);
    if (playingOnes.length < playing && i >= Math.floor(playingOnes.length * every)) {
      sim.play(id, items[playingOnes.length % items.length]!, { positionTicks: (i % 600) * TICKS_PER_SECOND });
      playingOnes.push(id);
    }
  }
  return playingOnes;
}

async function setup(message: SetupMessage): Promise<void> {
  // autoProgressMs 0: no automatic progress pushes, so each frame is one the parent asked for.
  for (const target of ['a', 'b'] as const) {
    const sim = await JellyfinSimulator.start({ seed: 7, autoProgressMs: 0 });
    sims.set(target, sim);
    const playing = populate(sim, message.sessions, message.playing);
    if (target === 'a') playingIds = playing;
    else if (playing.join() !== playingIds.join()) throw new Error('the two simulators differ');
    nextPlaying.set(target, 0);
  }
  const a = sims.get('a')!;
  const b = sims.get('b')!;
  send({
    type: 'ready',
    servers: {
      a: { url: a.url, socketUrl: a.socketUrl, apiKey: a.apiKey },
      b: { url: b.url, socketUrl: b.socketUrl, apiKey: b.apiKey },
    },
    playingIds,
    sessions: a.sessionIds().length,
  });
}

/** A progress report from the next playing session: a forced push of the full list (§3.2). */
function push(message: PushMessage): void {
  const sim = sims.get(message.target);
  if (!sim) throw new Error(`no simulator ${message.target}`);
  const k = nextPlaying.get(message.target)!;
  nextPlaying.set(message.target, k + 1);
  const sessionId = playingIds[k % playingIds.length]!;
  const onPush = (count: number) => {
    sim.off('push', onPush);
    send({ type: 'pushed', target: message.target, seq: message.seq, count });
  };
  sim.on('push', onPush);
  // Positions advance by a second per report, like a real player's progress.
  sim.progress(sessionId, { positionTicks: (600 + k) * TICKS_PER_SECOND });
}

async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  for (const sim of sims.values()) await sim.close().catch(() => undefined);
  sims.clear();
  if (process.connected) process.disconnect();
  process.exit(code);
}

process.on('message', (message: ParentMessage) => {
  try {
    switch (message.type) {
      case 'setup':
        setup(message).catch((err: unknown) => {
          send({ type: 'error', error: String((err as Error)?.stack ?? err) });
          void shutdown(1);
        });
        break;
      case 'push':
        push(message);
        break;
      case 'close':
        void shutdown(0);
        break;
    }
  } catch (err) {
    send({ type: 'error', error: String((err as Error)?.stack ?? err) });
  }
});
process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
