import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

/**
 * undici, loaded the first time a node sends a request rather than when Node-RED
 * loads the package at start-up: most of the RSS and start-up time the package would add to a Node-RED
 * that does not use it yet is undici's (bench/footprint.ts). Types come from `import type`, which
 * costs nothing at run time. The session socket does not use it (src/http/websocket/).
 */
export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load is the point; `import` would load it at start-up
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}
