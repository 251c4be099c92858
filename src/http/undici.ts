import type * as Undici from 'undici';

/** The parts of undici the webhook uses. */
export interface UndiciParts {
  readonly Agent: typeof Undici.Agent;
  /**
   * A getter: the proxy agent is loaded only for a node that runs behind HTTP(S)_PROXY, and with undici's
   * index: it tunnels through `Dispatcher.prototype.connect`, which only the index installs.
   */
  readonly EnvHttpProxyAgent: () => typeof Undici.EnvHttpProxyAgent;
  /** 'parts' when loaded file by file, 'whole' when the fallback loaded undici's index. */
  readonly loaded: 'parts' | 'whole';
}

/** How each part is loaded; tests hand in their own to see the fallback work. */
export interface UndiciLoader {
  readonly agent: () => unknown;
  readonly whole: () => unknown;
}

/**
 * Where undici 7 keeps each part (its package.json has no `exports` map, so these paths resolve). undici's
 * index loads everything it offers — fetch, WebSocket, caches, mocks, cookies, which wake Node's own
 * bundled undici through `globalThis.Headers` — about 15.8 MB of RSS in a fresh Node against 6.9 MB for the
 * agent alone (bench/footprint.ts). Literal `require` calls, so that tools reading the package (and
 * test/e2e/package-install.test.ts) see what it loads.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deferred loads are the point; `import` would load them at start-up */
export const UNDICI_FILES: UndiciLoader = {
  agent: () => require('undici/lib/dispatcher/agent.js'),
  whole: () => require('undici'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/** The loaded value when it is a class (a function), else undefined; a missing file is undefined too. */
function tryClass(load: () => unknown): unknown {
  try {
    const loaded = load();
    return isFunction(loaded) ? loaded : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the parts, or undici's index when a future undici moved them: a moved file costs memory, never a working node. */
export function loadUndiciParts(loader: UndiciLoader): UndiciParts {
  const whole = () => loader.whole() as typeof Undici;
  const Agent = tryClass(loader.agent);
  if (Agent) {
    return {
      Agent: Agent as typeof Undici.Agent,
      EnvHttpProxyAgent: () => whole().EnvHttpProxyAgent,
      loaded: 'parts',
    };
  }
  const all = whole();
  return { Agent: all.Agent, EnvHttpProxyAgent: () => all.EnvHttpProxyAgent, loaded: 'whole' };
}

let parts: UndiciParts | undefined;

/**
 * undici, loaded the first time a webhook node sends a request rather than when Node-RED loads the
 * package at start-up, and only the parts it uses: a Node-RED that has the package but sends nothing
 * pays nothing for it (bench/footprint.ts). Types come from `import type`, which costs nothing at run time.
 */
export function undiciParts(): UndiciParts {
  parts ??= loadUndiciParts(UNDICI_FILES);
  return parts;
}
