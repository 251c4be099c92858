// Child process for bench/detect.ts, part 1 (latency): the baseline, a bare client doing the least a
// Play → request bridge can do. It runs in its own process, as Node-RED does, so both paths cross the
// same process boundaries (simulator → client process → receiver).
//
//   - an undici WebSocket to /socket with the same `Authorization: MediaBrowser …` header our client sends
//   - `SessionsStart "0,1000"`, and a KeepAlive every 30 s so the server keeps the socket
//   - JSON.parse of each frame; in a `Sessions` frame, every session whose NowPlayingItem.Id is new
//   - one undici `request` POST with a small JSON body per new playback, keep-alive connection pool
//   - once that POST has answered, POST /Sessions/{id}/Message to tell the viewer (what the stop node does first)
// No seed, no validation, no path matching, no metadata, no templating, no retries.
//
// IPC: parent → { type: 'connect', socketUrl, authorization, postUrl, serverUrl }  child → { type: 'subscribed' }
//      parent → { type: 'close' }                                         child closes and exits
import { Agent, request, WebSocket } from 'undici';

interface ConnectMessage {
  readonly type: 'connect';
  readonly socketUrl: string;
  readonly authorization: string;
  /** The request goes to `${postUrl}/${sessionId}`. */
  readonly postUrl: string;
  /** The Jellyfin server's base URL, for the viewer's message. */
  readonly serverUrl: string;
}
type ParentMessage = ConnectMessage | { readonly type: 'close' };

interface Frame {
  readonly MessageType?: string;
  readonly Data?: unknown;
}
interface Session {
  readonly Id: string;
  readonly NowPlayingItem?: { readonly Id: string; readonly Name?: string; readonly ProviderIds?: Record<string, string> };
}

// The same keep-alive settings as the webhook node's dispatcher.
const agent = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 10_000 } });
let socket: WebSocket | undefined;
let keepAlive: NodeJS.Timeout | undefined;
let playing = new Map<string, string>();
let closing = false;

function send(message: Record<string, unknown>): void {
  if (process.connected) process.send!(message);
}

async function post(message: ConnectMessage, session: Session): Promise<void> {
  const item = session.NowPlayingItem!;
  try {
    const res = await request(`${message.postUrl}/${session.Id}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tmdbId: item.ProviderIds?.Tmdb ?? '', title: item.Name ?? '', sessionId: session.Id }),
    });
    await res.body.dump();
    const told = await request(`${message.serverUrl}/Sessions/${encodeURIComponent(session.Id)}/Message`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', authorization: message.authorization },
      body: JSON.stringify({ Header: 'JellyNext', Text: `${item.Name ?? ''} has been requested.`, TimeoutMs: 5000 }),
    });
    await told.body.dump();
    if (told.statusCode !== 204) send({ type: 'error', error: `Message: HTTP ${told.statusCode}` });
  } catch (err) {
    send({ type: 'error', error: String((err as Error)?.message ?? err) });
  }
}

function connect(message: ConnectMessage): void {
  const ws = new WebSocket(message.socketUrl, { headers: { Authorization: message.authorization } });
  socket = ws;
  ws.addEventListener('open', () => {
    ws.send(JSON.stringify({ MessageType: 'SessionsStart', Data: '0,1000' }));
    keepAlive = setInterval(() => ws.send(JSON.stringify({ MessageType: 'KeepAlive' })), 30_000);
    send({ type: 'subscribed' });
  });
  ws.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data as string) as Frame;
    if (frame.MessageType !== 'Sessions' || !Array.isArray(frame.Data)) return;
    const next = new Map<string, string>();
    for (const session of frame.Data as Session[]) {
      const item = session.NowPlayingItem;
      if (!item) continue;
      next.set(session.Id, item.Id);
      if (playing.get(session.Id) !== item.Id) void post(message, session);
    }
    playing = next;
  });
  ws.addEventListener('error', () => undefined);
  ws.addEventListener('close', () => {
    if (!closing) send({ type: 'error', error: 'the socket closed' });
  });
}

async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  clearInterval(keepAlive);
  try {
    socket?.close();
  } catch {
    // already closing
  }
  await agent.close().catch(() => undefined);
  if (process.connected) process.disconnect();
  process.exit(0);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'connect') connect(message);
  else if (message.type === 'close') void shutdown();
});
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
