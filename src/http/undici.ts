import type * as Undici from 'undici';

/** The parts of undici the webhook uses. */
export interface UndiciParts {
  readonly Agent: typeof Undici.Agent;
  /** A getter: the proxy agent is loaded only for a node that runs behind HTTP(S)_PROXY. */
  readonly EnvHttpProxyAgent: () => typeof Undici.EnvHttpProxyAgent;
  /** 'parts' when loaded file by file, 'whole' when the fallback loaded undici's index. */
  readonly loaded: 'parts' | 'whole';
}

type Require = (id: string) => unknown;

/**
 * Where undici 7 keeps each part (its package.json has no `exports` map, so these paths resolve). undici's
 * index loads everything it offers — fetch, WebSocket, caches, mocks, cookies, which wake Node's own
 * bundled undici through `globalThis.Headers` — about 15.7 MB of RSS in a fresh Node against 6.8 MB for the
 * agent alone (bench/footprint.ts, docs in bench/README.md).
 */
export const UNDICI_PART_PATHS = {
  agent: 'undici/lib/dispatcher/agent.js',
  proxyAgent: 'undici/lib/dispatcher/env-http-proxy-agent.js',
} as const;

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/**
 * Loads the parts, or undici's index when a future undici moved them: a moved file costs memory, never a
 * working node. Exported with its `require` as a parameter so the fallback can be tested.
 */
export function loadUndiciParts(load: Require): UndiciParts {
  try {
    const Agent = load(UNDICI_PART_PATHS.agent);
    if (isFunction(Agent)) {
      return {
        Agent: Agent as unknown as typeof Undici.Agent,
        EnvHttpProxyAgent: () => {
          const ProxyAgent = load(UNDICI_PART_PATHS.proxyAgent);
          return isFunction(ProxyAgent) ? (ProxyAgent as unknown as typeof Undici.EnvHttpProxyAgent) : whole(load).EnvHttpProxyAgent;
        },
        loaded: 'parts',
      };
    }
  } catch {
    // Fall through to the whole package.
  }
  const all = whole(load);
  return { Agent: all.Agent, EnvHttpProxyAgent: () => all.EnvHttpProxyAgent, loaded: 'whole' };
}

function whole(load: Require): typeof Undici {
  return load('undici') as typeof Undici;
}

let parts: UndiciParts | undefined;

/**
 * undici, loaded the first time a webhook node sends a request rather than when Node-RED loads the
 * package at start-up, and only the parts it uses: a Node-RED that has the package but sends nothing
 * pays nothing for it (bench/footprint.ts). Types come from `import type`, which costs nothing at run time.
 */
export function undiciParts(): UndiciParts {
  // `require` handed over, not called: the deferred load is the point; `import` would load it at start-up.
  parts ??= loadUndiciParts(require);
  return parts;
}
