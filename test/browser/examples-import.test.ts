import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeRedRuntime, PACKAGE_NAME, PACKAGE_ROOT } from '../support/node-red-runtime';

// `window as any` below: the editor's globals (RED) exist only in the page and have no types here.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const EXAMPLES = readdirSync(join(PACKAGE_ROOT, 'examples'))
  .filter((file) => file.endsWith('.json'))
  .sort();

/**
 * Importing every example in the real editor, as Menu → Import → Examples does (issue 10, point 6): each
 * arrives in a tab named after it, and all share one "Jellyfin" server node instead of one each.
 */
describe('importing all the examples in the editor', () => {
  let red: NodeRedRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    red = await new NodeRedRuntime().start();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(red.url, { timeout: 30_000 });
    await page.waitForSelector('#red-ui-palette .red-ui-palette-node[data-palette-type="jellyfin-virtual-play"]', { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
  }, 60_000);

  it('a tab named after each example (fifteen), one shared server node', async () => {
    const outcome = await page.evaluate(
      async ({ module, files }) => {
        const RED = (window as any).RED;
        const conflicts: string[] = [];
        for (const file of files) {
          // The editor's Examples list reads each flow from the library, as here.
          const nodes = await (await fetch(`library/examples/flows/${module}/${encodeURIComponent(file.replace(/\.json$/, ''))}`)).json();
          try {
            RED.view.importNodes(nodes, { generateIds: false, addFlow: false });
          } catch (err) {
            if ((err as { code?: string }).code !== 'import_conflict') throw err;
            // What the notification's "Import copy" button does.
            conflicts.push(file);
            RED.view.importNodes(nodes, { generateIds: true, addFlow: false });
          }
        }
        const servers: string[] = [];
        RED.nodes.eachConfig((node: { type: string; id: string; name?: string }) => {
          if (node.type === 'jellyfin-server') servers.push(`${node.id}:${node.name}`);
        });
        const tabs: string[] = [];
        RED.nodes.eachWorkspace((tab: { label: string }) => tabs.push(tab.label));
        const serverRefs = new Set<string>();
        RED.nodes.eachNode((node: { server?: string }) => {
          if (node.server) serverRefs.add(node.server);
        });
        return { servers, tabs, serverRefs: [...serverRefs], conflicts };
      },
      { module: PACKAGE_NAME, files: EXAMPLES },
    );
    expect(EXAMPLES).toHaveLength(15);
    expect(outcome.servers).toEqual(['jellynext-examples-server:Jellyfin']);
    expect(outcome.serverRefs).toEqual(['jellynext-examples-server']);
    const expected = EXAMPLES.map((file) => `JellyNext ${file.replace(/\.json$/, '').replace(' ', ': ')}`);
    expect(outcome.tabs.filter((label) => label.startsWith('JellyNext '))).toEqual(expected);
    // Only the shared server already exists when the second and later examples come in.
    expect(outcome.conflicts).toEqual(EXAMPLES.slice(1));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
