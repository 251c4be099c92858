// The local webhook receiver of `npm start`: prints every request it gets (secrets masked) and answers
// 200. With the simulator it also serves the demo control endpoint, `POST /demo/play`.
import { createServer } from 'node:http';
import { HOST } from './ports.mjs';

const SECRET_NAME = /auth|token|secret|key|signature|password|passwd|cookie/i;

/** `Bearer abc…` → `Bearer ***`; anything else → `***`. */
function maskValue(value) {
  const scheme = /^(Bearer|Basic|Token|MediaBrowser|Digest)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ***` : '***';
}

/** The request target with secret-looking query values masked. */
export function maskTarget(target) {
  const query = target.indexOf('?');
  if (query < 0) return target;
  const parts = target
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep it as sent
      }
      return SECRET_NAME.test(name) ? `${pair.slice(0, eq)}=***` : pair;
    });
  return `${target.slice(0, query)}?${parts.join('&')}`;
}

/** Header lines as they arrived, secret-looking values masked. */
export function maskHeaders(rawHeaders) {
  const lines = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const [name, value] = [rawHeaders[i], rawHeaders[i + 1]];
    lines.push(`${name}: ${SECRET_NAME.test(name) ? maskValue(value) : value}`);
  }
  return lines;
}

/** Control characters (terminal escapes included) shown as `?`, so a request cannot repaint the console. */
function visible(line) {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(value)}\n`);
}

/**
 * Starts the receiver on 127.0.0.1:`port`. `print(lines)` shows a received request; `control`
 * (simulator only) is `{ items, play(item) }` behind `/demo/play`.
 */
export async function startReceiver({ port, print, control }) {
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    let body;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname === '/demo' || url.pathname.startsWith('/demo/')) {
      await handleControl(req, res, url, body, control);
      return;
    }
    const lines = [`${req.method} ${maskTarget(req.url ?? '/')}`, ...maskHeaders(req.rawHeaders).map((line) => `  ${line}`)];
    if (body !== '') lines.push('', ...body.split(/\r?\n/).map((line) => `  ${line}`));
    print(lines.map(visible));
    send(res, 200, { ok: true });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address().port;
  return {
    port: bound,
    url: `http://${HOST}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handleControl(req, res, url, body, control) {
  if (!control) {
    send(res, 404, { error: 'the demo control endpoint exists only when npm start runs the Jellyfin simulator' });
    return;
  }
  if (url.pathname === '/demo' || url.pathname === '/demo/') {
    send(res, 200, { play: 'POST /demo/play?item=<name> (or a JSON body {"item":"<name>"})', items: Object.keys(control.items) });
    return;
  }
  if (url.pathname !== '/demo/play') {
    send(res, 404, { error: `no ${url.pathname}; try POST /demo/play?item=fightClub` });
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    send(res, 405, { error: 'use POST' });
    return;
  }
  let item = url.searchParams.get('item') ?? undefined;
  if (item === undefined && body.trim() !== '') {
    try {
      const parsed = JSON.parse(body);
      item = typeof parsed === 'string' ? parsed : parsed?.item;
    } catch {
      send(res, 400, { error: 'the body must be JSON such as {"item":"fightClub"}' });
      return;
    }
  }
  item ??= 'fightClub';
  if (typeof item !== 'string' || !Object.hasOwn(control.items, item)) {
    send(res, 400, { error: `unknown item ${JSON.stringify(item)}`, items: Object.keys(control.items) });
    return;
  }
  try {
    send(res, 200, await control.play(item));
  } catch (err) {
    send(res, 500, { error: err instanceof Error ? err.message : String(err) });
  }
}
