// Port helpers for `npm start`: probe a port on 127.0.0.1, ask the OS for a free one, or take a
// preferred port and fall back to the next free ones.
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

/** Resolves with the port actually bound, or rejects with the listen error (EADDRINUSE, EACCES …). */
function bind(port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  });
}

/** True when nothing listens on 127.0.0.1:`port` (and we may bind it). */
export async function isPortFree(port) {
  try {
    await bind(port);
    return true;
  } catch {
    return false;
  }
}

/** A port the OS says is free right now. */
export function freePort() {
  return bind(0);
}

/**
 * `preferred` when it is free, else the next free one within `tries` (used for the simulator and the
 * receiver, whose default ports are only a convenience). 0 means any free port.
 */
export async function portFrom(preferred, tries = 20) {
  if (preferred === 0) return freePort();
  for (let port = preferred; port < preferred + tries && port <= 65535; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port in ${preferred}–${preferred + tries - 1} on ${HOST}`);
}

/** `port` itself, or an error that says who to blame. 0 means any free port. */
export async function exactPort(port, what, hint) {
  if (port === 0) return freePort();
  if (await isPortFree(port)) return port;
  throw new Error(`port ${port} on ${HOST} is already in use (${what}). ${hint}`);
}
