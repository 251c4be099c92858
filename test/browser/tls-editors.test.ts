// Issue 14 in a real Node-RED and headless Chromium: the TLS picker of the jellyfin-server and
// jellynext-webhook dialogs is core's tls-config picker, and "Test connection" and "Send test" use the
// chosen configuration against an https Jellyfin simulator and an https receiver. A configuration that
// is not deployed yet is named as such: the test runs on the runtime, which only has deployed ones.
// Set JELLYNEXT_SCREENSHOTS=<dir> to keep a PNG of each dialog.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { launchChromium, loadEditor, openWebhookDialog, reportOnFailure } from '../support/editor-browser';
import { NodeRedRuntime, type FlowNode } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';
import { fixture, serverTls } from '../support/tls-fixtures';

// `window as any` below: the editor's globals exist only in the page and have no types here.

const SCREENSHOTS = process.env.JELLYNEXT_SCREENSHOTS;
const ASK_FOR_CA = 'choose a TLS configuration with your CA in the node';
const TAB = { id: 'tls-tab', type: 'tab', label: 'TLS' };

/** A core tls-config node with uploaded certificates (its credentials), as the editor deploys it. */
function tlsConfig(id: string, name: string, credentials: Record<string, string>): FlowNode {
  return {
    id,
    type: 'tls-config',
    name,
    cert: '',
    key: '',
    ca: '',
    certname: '',
    keyname: '',
    caname: 'ca.pem',
    servername: '',
    verifyservercert: true,
    credentials,
  };
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

function poll<T>(read: () => Promise<T>, timeout = 15_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

describe('TLS configuration in the dialogs of a real Node-RED', () => {
  let red: NodeRedRuntime | undefined;
  let browser: Browser | undefined;
  let sim: JellyfinSimulator | undefined;
  let receiver: Receiver | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const posted: Array<{ path: string; body: Record<string, unknown> }> = [];
  const dumpOnFailure = () => reportOnFailure(() => red?.logs(), pageErrors);

  beforeAll(async () => {
    sim = await JellyfinSimulator.start({ tls: serverTls('self-signed') });
    receiver = await new Receiver(serverTls('server')).start();
    red = await new NodeRedRuntime().start();
    await red.deploy([
      TAB,
      tlsConfig('tls-home', 'home server', { cadata: fixture('self-signed', 'pem') }),
      tlsConfig('tls-ca', 'home CA', { cadata: fixture('ca', 'pem') }),
      {
        id: 'srv',
        type: 'jellyfin-server',
        name: 'home',
        url: sim.url,
        mode: 'auto',
        pollInterval: 1,
        credentials: { apiKey: sim.apiKey },
      },
      {
        id: 'hook',
        type: 'jellynext-webhook',
        z: 'tls-tab',
        x: 200,
        y: 100,
        movieUrl: `${receiver.url}/movie`,
        showUrl: `${receiver.url}/show`,
        wires: [[], []],
      },
    ]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    page.on('request', (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.endsWith('/test'))
        posted.push({ path, body: request.postDataJSON() as Record<string, unknown> });
    });
    await loadEditor(page, red.url, 'jellynext-webhook');
    await page.waitForFunction(() => !!(window as any).RED.nodes.node('srv'), undefined, { timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  it('"Test connection" of jellyfin-server connects through the chosen tls-config, and is refused without it', async () => {
    dumpOnFailure();
    await page.evaluate(() => (window as any).RED.editor.editConfig('', 'jellyfin-server', 'srv'));
    await page.waitForSelector('#node-config-input-url');
    // Core's config-node picker: the deployed tls-config nodes by name, nothing chosen yet.
    const choices = await page.locator('#node-config-input-tls option').allInnerTexts();
    expect(choices).toEqual(expect.arrayContaining(['home server', 'home CA']));
    expect(await page.locator('#node-config-input-tls').inputValue()).toBe('_ADD_');
    const result = page.locator('#jellyfin-server-test-result');

    await page.click('#jellyfin-server-test');
    await poll(() => result.innerText()).toBe(
      `✗ TLS: self-signed certificate at 127.0.0.1:${sim!.port} (DEPTH_ZERO_SELF_SIGNED_CERT): ${ASK_FOR_CA}`,
    );

    await page.selectOption('#node-config-input-tls', 'tls-home');
    await page.click('#jellyfin-server-test');
    await poll(() => result.innerText()).toBe('✓ Connected to jellyfin-sim (Jellyfin 10.11.7)');
    expect(posted.at(-1)).toEqual({ path: '/jellyfin-server/test', body: { id: 'srv', url: sim!.url, tls: 'tls-home' } });
    expect(await page.locator('#jellyfin-server-test-note').innerText()).toBe('');
    await shoot(page, 'server-tls');

    await page.click('#node-config-dialog-ok');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
    await page.click('#red-ui-header-button-deploy');
    await page.waitForFunction(() => !(window as any).RED.nodes.dirty(), undefined, { timeout: 20_000 });
    expect((await red!.getFlows()).find((n) => n.id === 'srv')).toMatchObject({ tls: 'tls-home' });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('a tls-config that is not deployed yet: the test says to deploy it, and the dialog says the test uses deployed ones', async () => {
    dumpOnFailure();
    await page.evaluate(() => {
      const RED = (window as any).RED;
      RED.view.importNodes([
        { id: 'tls-new', type: 'tls-config', name: 'not deployed', cert: '', key: '', ca: '', servername: '', verifyservercert: true },
      ]);
    });
    await page.waitForFunction(() => (window as any).RED.nodes.node('tls-new')?.changed === true, undefined, { timeout: 15_000 });
    await page.evaluate(() => (window as any).RED.editor.editConfig('', 'jellyfin-server', 'srv'));
    await page.waitForSelector('#node-config-input-url');
    await page.selectOption('#node-config-input-tls', 'tls-new');
    await page.click('#jellyfin-server-test');
    await poll(() => page.locator('#jellyfin-server-test-result').innerText()).toBe(
      '✗ the chosen TLS configuration is not deployed yet: deploy it, then test again',
    );
    expect(await page.locator('#jellyfin-server-test-note').innerText()).toBe(
      'The chosen TLS configuration is new or changed and not deployed yet: tests use TLS configurations as deployed.',
    );
    await shoot(page, 'server-tls-not-deployed');
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('"Send test" of jellynext-webhook sends through the chosen tls-config, and is refused without it', async () => {
    dumpOnFailure();
    await openWebhookDialog(page, 'hook');
    expect(await page.locator('#node-input-tls').inputValue()).toBe('_ADD_');
    const result = page.locator('#jellynext-movie-test-result');

    await page.click('#jellynext-movie-send');
    await poll(() => result.innerText()).toBe(
      `✗ TLS: the certificate of ${new URL(receiver!.url).host} is signed by a CA this machine does not know (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ${ASK_FOR_CA}`,
    );
    expect(receiver!.requests).toHaveLength(0);

    await page.selectOption('#node-input-tls', 'tls-ca');
    await page.click('#jellynext-movie-send');
    await poll(() => result.innerText()).toMatch(/^✓ HTTP 200 in \d+ ms$/);
    expect(receiver!.requests).toHaveLength(1);
    expect(posted.at(-1)).toMatchObject({ path: '/jellynext-webhook/test', body: { id: 'hook', mediaType: 'movie', tls: 'tls-ca' } });
    await shoot(page, 'webhook-tls');

    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-tls', { state: 'detached' });
    await page.click('#red-ui-header-button-deploy');
    await page.waitForFunction(() => !(window as any).RED.nodes.dirty(), undefined, { timeout: 20_000 });
    expect((await red!.getFlows()).find((n) => n.id === 'hook')).toMatchObject({ tls: 'tls-ca' });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
