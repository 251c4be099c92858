import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { NodeRedRuntime, PACKAGE_ROOT, type FlowNode } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';
import { IDS, startFlow } from '../../scripts/start/flow.mjs';

// `window as any` below: the editor's globals (RED, the dialog bundles, …) exist only in the page and have no types here.

const SCREENSHOT = join(PACKAGE_ROOT, 'docs/images/getting-started-flow.png');

/**
 * The flow `npm start` deploys (the Getting started flow and the Simulate-Play buttons), against the
 * simulator and shown in the real editor: the package's nodes render with their palette look and live
 * status after a Play went through. The README's first picture is taken here, so it shows what
 * `npm start` shows.
 */
describe('Getting started flow in the editor', () => {
  let sim: JellyfinSimulator;
  let receiver: Receiver;
  let red: NodeRedRuntime;
  let browser: Browser;

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    const flows = startFlow({
      jellyfinUrl: sim.url,
      serverName: 'Jellyfin simulator',
      movieUrl: `${receiver.url}/movie`,
      showUrl: `${receiver.url}/show`,
      controlUrl: `${receiver.url}/demo/play`,
    }).map((node) => (node.id === IDS.server ? { ...node, credentials: { apiKey: sim.apiKey } } : node)) as FlowNode[];
    await red.deploy(flows);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  it('renders the three nodes with live status after a Play', async () => {
    while (sim.subscriptions === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const session = sim.addSession({ userId: sim.defaultUserId, client: 'Jellyfin Web', deviceName: 'Living room TV', deviceId: 'tv' });
    const page = await browser.newPage({ viewport: { width: 1900, height: 700 } });
    await page.goto(red.url);
    await page.waitForFunction(() => typeof (window as any).RED?.nodes?.node === 'function', undefined, { timeout: 60_000 });
    await page.locator('#red-ui-workspace-chart .red-ui-flow-node-group').first().waitFor({ timeout: 60_000 });
    sim.play(session, sim.catalogue!.fightClub);
    await receiver.waitFor(1, 15_000);
    await sim.waitForInbox(session, (entry) => entry.messageType === 'Playstate', 15_000);
    // Statuses reach the editor over its comms socket.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.red-ui-flow-node-status-label')]
          .map((e) => e.textContent ?? '')
          .some((t) => /^200 Fight Club/.test(t)),
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(
      () => [...document.querySelectorAll('.red-ui-flow-node-status-label')].some((e) => (e.textContent ?? '').startsWith('told, stopped')),
      undefined,
      { timeout: 20_000 },
    );
    const labels = await page.$$eval('.red-ui-flow-node-status-label', (els) => els.map((e) => e.textContent ?? ''));
    expect(labels.some((t) => /^connected: .* · 1 play$/.test(t))).toBe(true);
    expect(labels.some((t) => /^200 Fight Club/.test(t))).toBe(true);
    const types = await page.evaluate((tab) => {
      const out: string[] = [];
      (window as any).RED.nodes.eachNode((n: { type: string; z: string }) => void (n.z === tab && out.push(n.type)));
      return out;
    }, IDS.tab);
    expect(types).toEqual(expect.arrayContaining(['jellyfin-virtual-play', 'jellynext-webhook', 'jellyfin-stop-playback', 'inject']));

    // The README picture is committed; it is rewritten only on request, so test runs leave the tree clean.
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(SCREENSHOT)) {
      mkdirSync(join(PACKAGE_ROOT, 'docs/images'), { recursive: true });
      const box = await page.evaluate(() => {
        const groups = [...document.querySelectorAll('#red-ui-workspace-chart .red-ui-flow-node-group')].map((g) =>
          (g as SVGGraphicsElement).getBoundingClientRect(),
        );
        const left = Math.min(...groups.map((r) => r.left));
        const top = Math.min(...groups.map((r) => r.top));
        const right = Math.max(...groups.map((r) => r.right));
        const bottom = Math.max(...groups.map((r) => r.bottom));
        const chartTop = document.querySelector('#red-ui-workspace-chart')!.getBoundingClientRect().top;
        const y = Math.max(chartTop + 2, top - 30);
        return { x: Math.max(0, left - 30), y, width: right - left + 60, height: bottom - y + 30 };
      });
      await page.screenshot({ path: SCREENSHOT, clip: box });
    }
    await page.close();
  }, 90_000);
});
