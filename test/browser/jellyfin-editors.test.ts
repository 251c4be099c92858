// The editors of jellyfin-server, jellyfin-virtual-play, jellyfin-stop-playback and jellyfin-notify in a real Node-RED,
// driven through headless Chromium: palette, dialogs, the config node's "Test connection" against an
// unreachable server, the API key kept out of the flow, the message fields of stop-playback, and help.
// Needs `npm run build` first. Set JELLYNEXT_SCREENSHOTS=<dir> to keep a PNG of each dialog.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_HEADER, DEFAULT_NOTIFY_TEXT } from '../../src/notify/notify-user';
import { DEFAULT_FAILURE_MESSAGE, DEFAULT_HEADER, DEFAULT_SUCCESS_MESSAGE } from '../../src/stop/stop-messages';
import { NodeRedRuntime, PACKAGE_NAME, PACKAGE_ROOT, type FlowNode } from '../support/node-red-runtime';

// `window as any` below: the editor's globals (RED, the dialog bundles, …) exist only in the page and have no types here.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = process.env.JELLYNEXT_SCREENSHOTS;
const TYPES = ['jellyfin-server', 'jellyfin-virtual-play', 'jellyfin-stop-playback', 'jellyfin-notify'] as const;
const TAB = { id: 'jn-tab', type: 'tab', label: 'Jellyfin editors' };
type Catalog = { [key: string]: string | Catalog };

/** A node set's en-US message catalog as the build ships it (`dist/nodes/<set>/locales/en-US/<set>.json`). */
function catalog(set: string): Catalog {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dist/nodes', set, 'locales/en-US', `${set}.json`), 'utf8')) as Catalog;
}

/** One text of a catalog by its dotted key. */
function textOf(tree: Catalog, key: string): string {
  const found = key.split('.').reduce<string | Catalog | undefined>((at, part) => (typeof at === 'object' ? at[part] : undefined), tree);
  if (typeof found !== 'string') throw new Error(`no text ${key} in the catalog`);
  return found;
}

const VIRTUAL_PLAY = {
  id: 'jn-play',
  type: 'jellyfin-virtual-play',
  z: 'jn-tab',
  x: 160,
  y: 100,
  name: '',
  pathMatch: 'jellynext-virtual',
  mediaTypes: 'both',
  animeWords: 'anime',
  wires: [[]],
};

/** A port on 127.0.0.1 that nothing listens on: bound once to learn a free number, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Every file under a directory, as text (the Node-RED user directory is small). */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, text: readFileSync(path, 'latin1') });
  }
  return out;
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The open tray once it has stopped sliding, cut just below its last visible row.
  const tray = page.locator('.red-ui-tray').last();
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = JSON.stringify(await tray.boundingBox());
    if (now === last) break;
    last = now;
    await page.waitForTimeout(100);
  }
  const clip = await page.evaluate(() => {
    const trays = document.querySelectorAll('.red-ui-tray');
    const tray = trays[trays.length - 1].getBoundingClientRect();
    let bottom = tray.top + 200;
    for (const row of Array.from(trays[trays.length - 1].querySelectorAll('.form-row'))) {
      const box = row.getBoundingClientRect();
      if (box.height > 0) bottom = Math.max(bottom, box.bottom);
    }
    return { x: tray.left, y: tray.top, width: tray.width, height: Math.min(tray.height, bottom - tray.top + 24) };
  });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip });
}

/** Retries a read until the assertion holds (playwright-core has no web-first assertions). */
function poll<T>(read: () => Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

/** Fills a field and fires the change event Node-RED validates on. */
async function fillField(page: Page, selector: string, value: string): Promise<void> {
  const field = page.locator(selector);
  await field.fill(value);
  await field.dispatchEvent('change');
}

describe('Jellyfin node editors in a real Node-RED', () => {
  let red: NodeRedRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const testRequests: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    red = await new NodeRedRuntime().start();
    await red.deploy([TAB, VIRTUAL_PLAY]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    page.on('request', (request: Request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/jellyfin-server/test')) {
        testRequests.push(request.postDataJSON() as Record<string, unknown>);
      }
    });
    await page.goto(red.url, { timeout: 30_000 });
    await page.waitForSelector('#red-ui-palette .red-ui-palette-node[data-palette-type="jellyfin-virtual-play"]', { timeout: 30_000 });
    await page.waitForFunction(() => !!(window as any).RED.nodes.node('jn-play'), undefined, { timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
  }, 60_000);

  it('registers the types with their category, colour and ports', async () => {
    for (const type of ['jellyfin-virtual-play', 'jellyfin-stop-playback', 'jellynext-webhook', 'jellyfin-notify']) {
      await poll(() => page.locator(`#red-ui-palette .red-ui-palette-node[data-palette-type="${type}"]`).count()).toBe(1);
    }
    const defs = await page.evaluate(
      (types) => {
        const RED = (window as any).RED;
        return types.map((type: string) => {
          const def = RED.nodes.getType(type);
          return (
            def && {
              type,
              category: def.category,
              color: def.color,
              inputs: def.inputs,
              outputs: def.outputs,
              apiKey: def.credentials?.apiKey?.type,
            }
          );
        });
      },
      [...TYPES],
    );
    expect(defs).toEqual([
      { type: 'jellyfin-server', category: 'config', color: '#C0A4E3', inputs: 0, outputs: 0, apiKey: 'password' },
      { type: 'jellyfin-virtual-play', category: 'jellyfin', color: '#C0A4E3', inputs: 0, outputs: 1, apiKey: undefined },
      { type: 'jellyfin-stop-playback', category: 'jellyfin', color: '#C0A4E3', inputs: 1, outputs: 1, apiKey: undefined },
      { type: 'jellyfin-notify', category: 'jellyfin', color: '#C0A4E3', inputs: 1, outputs: 2, apiKey: undefined },
    ]);
    // The editor's defaults are the runtime's, character for character.
    const stopDefaults = await page.evaluate(() => {
      const d = (window as any).RED.nodes.getType('jellyfin-stop-playback').defaults;
      return {
        header: d.header.value,
        success: d.successMessage.value,
        failure: d.failureMessage.value,
        delay: d.delay.value,
        seconds: d.messageTime.value,
        detail: d.failureDetail.value,
      };
    });
    expect(stopDefaults).toEqual({
      header: DEFAULT_HEADER,
      success: DEFAULT_SUCCESS_MESSAGE,
      failure: DEFAULT_FAILURE_MESSAGE,
      delay: 2,
      seconds: 5,
      detail: false,
    });
    const notifyDefaults = await page.evaluate(() => {
      const d = (window as any).RED.nodes.getType('jellyfin-notify').defaults;
      return { user: d.user.value, header: d.header.value, text: d.text.value, seconds: d.messageTime.value };
    });
    expect(notifyDefaults).toEqual({ user: '', header: DEFAULT_NOTIFY_HEADER, text: DEFAULT_NOTIFY_TEXT, seconds: 10 });
  }, 60_000);

  it('takes labels, palette names, validation and status texts from the en-US catalogs', async () => {
    const play = catalog('jellyfin-virtual-play');
    const namespace = `${PACKAGE_NAME}/jellyfin-virtual-play`;
    const key = 'jellyfin-virtual-play.label.pathMatch';
    // The editor resolves the set's namespace (module/set name) to the shipped text, not to the raw key.
    const resolved = await page.evaluate(([ns, k]) => (window as any).RED._(`${ns}:${k}`) as string, [namespace, key] as const);
    expect(resolved).toBe(textOf(play, key));
    expect(resolved).not.toBe(key);

    // Palette entries: paletteLabel() calls this._() with the set's namespace.
    for (const set of ['jellyfin-virtual-play', 'jellyfin-stop-playback', 'jellynext-webhook', 'jellyfin-notify']) {
      const label = page.locator(`#red-ui-palette .red-ui-palette-node[data-palette-type="${set}"] .red-ui-palette-label`);
      // The palette breaks long labels into lines.
      expect((await label.innerText()).replace(/\s+/g, ' ').trim(), set).toBe(textOf(catalog(set), `${set}.paletteLabel`));
    }

    // Validation messages (RED._ with the full namespace, so they work whatever `this` is).
    const invalid = await page.evaluate(
      () => (window as any).RED.nodes.getType('jellyfin-virtual-play').defaults.mediaTypes.validate.call({}, 'films', {}) as unknown,
    );
    expect(invalid).toBe(textOf(play, 'jellyfin-virtual-play.errors.mediaTypes'));

    // The runtime's RED._ in a real Node-RED: the node deployed without a server says so in the catalog's words.
    await poll(() => page.evaluate(() => (window as any).RED.nodes.node('jn-play').status?.text as string | undefined)).toBe(
      textOf(play, 'jellyfin-virtual-play.status.noServer'),
    );

    await page.evaluate(() => (window as any).RED.editor.edit((window as any).RED.nodes.node('jn-play')));
    await page.waitForSelector('#node-input-pathMatch');
    // data-i18n keys in the form get the node's namespace, and the label shows the catalog's text.
    const span = page.locator('label[for="node-input-pathMatch"] span[data-i18n]');
    expect(await span.getAttribute('data-i18n')).toBe(`${namespace}:${key}`);
    await poll(async () => (await page.locator('label[for="node-input-pathMatch"]').innerText()).trim()).toBe(textOf(play, key));
    expect(await page.locator('#node-input-pathMatch').getAttribute('placeholder')).toBe(
      textOf(play, 'jellyfin-virtual-play.placeholder.pathMatch'),
    );
    expect((await page.locator('#node-input-mediaTypes option[value="movie"]').innerText()).trim()).toBe(
      textOf(play, 'jellyfin-virtual-play.mediaTypes.movie'),
    );
    // The anime fallback: this flow omits the property, so the dialog shows its default (on).
    expect((await page.locator('label[for="node-input-animeFallback"]').innerText()).trim()).toBe(
      textOf(play, 'jellyfin-virtual-play.label.animeFallback'),
    );
    expect(await page.locator('#node-input-animeFallback').isChecked()).toBe(true);
    // Core's own strings where they fit.
    expect((await page.locator('label[for="node-input-name"]').innerText()).trim()).toBe('Name');
    // Dynamic texts (this._ / RED._ in the editor script) with values filled in.
    await poll(() => page.locator('#jellyfin-virtual-play-match-check').innerText()).toBe(
      textOf(play, 'jellyfin-virtual-play.check.all').replace('__how__', textOf(play, 'jellyfin-virtual-play.check.text')),
    );
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-pathMatch', { state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('adds a server from the virtual-play dialog, reports an unreachable URL, and keeps the API key out of the flow', async () => {
    if (!red) throw new Error('Node-RED did not start');
    const port = await closedPort();
    const unreachable = `http://127.0.0.1:${port}`;
    const apiKey = `jn-key-${randomUUID()}`;

    await page.evaluate(() => (window as any).RED.editor.edit((window as any).RED.nodes.node('jn-play')));
    await page.waitForSelector('#node-input-pathMatch');

    // A /regex/ that does not compile is flagged at once, like the runtime would refuse it.
    await fillField(page, '#node-input-pathMatch', '/[unclosed/');
    await poll(() => page.locator('#jellyfin-virtual-play-match-check').innerText()).toContain('not a valid regular expression');
    await poll(async () => (await page.locator('#node-input-pathMatch').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-pathMatch', 'jellynext-virtual');
    await poll(async () => (await page.locator('#node-input-pathMatch').getAttribute('class')) ?? '').not.toMatch(/input-error/);
    await poll(() => page.locator('#jellyfin-virtual-play-match-check').innerText()).toContain('matches JellyNext’s movie and show paths');

    // The config node's add button next to the server select.
    await page.click('#node-input-btn-server-add');
    await page.waitForSelector('#node-config-input-url');
    await poll(() => page.locator('#node-config-input-url').inputValue()).toBe('http://localhost:8096');
    await poll(() => page.locator('#node-config-input-mode').inputValue()).toBe('auto');
    await poll(() => page.locator('#node-config-input-pollInterval').isVisible()).toBe(true);

    await fillField(page, '#node-config-input-url', 'jellyfin:8096');
    await poll(async () => (await page.locator('#node-config-input-url').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-config-input-url', unreachable);
    await poll(async () => (await page.locator('#node-config-input-url').getAttribute('class')) ?? '').not.toMatch(/input-error/);
    await page.selectOption('#node-config-input-mode', 'push');
    await poll(() => page.locator('#node-config-input-pollInterval').isVisible()).toBe(false);
    await page.selectOption('#node-config-input-mode', 'poll');
    await poll(() => page.locator('#node-config-input-pollInterval').isVisible()).toBe(true);
    await page.selectOption('#node-config-input-mode', 'auto');
    await page.fill('#node-config-input-name', 'Test Jellyfin');
    await page.fill('#node-config-input-apiKey', apiKey);

    await page.click('#jellyfin-server-test');
    const result = page.locator('#jellyfin-server-test-result');
    await poll(() => result.innerText(), 20_000).toMatch(/^✗ .*connection refused/i);
    await poll(async () => (await result.getAttribute('class')) ?? '').toMatch(/jellynext-error/);
    expect(testRequests.at(-1)).toEqual({ id: expect.any(String), url: unreachable, apiKey });
    await shoot(page, 'server-editor');

    await page.click('#node-config-dialog-ok');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
    const serverId = await page.locator('#node-input-server').inputValue();
    expect(serverId).not.toBe('_ADD_');
    expect(await page.evaluate((id) => (window as any).RED.nodes.node(id)?.type, serverId)).toBe('jellyfin-server');
    await shoot(page, 'virtual-play-editor');
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-pathMatch', { state: 'detached' });

    await page.click('#red-ui-header-button-deploy');
    await page.waitForFunction(() => !(window as any).RED.nodes.dirty(), undefined, { timeout: 20_000 });

    const flows = await red.getFlows();
    const server = flows.find((n) => n.id === serverId) as FlowNode | undefined;
    expect(server).toMatchObject({ type: 'jellyfin-server', name: 'Test Jellyfin', url: unreachable, mode: 'auto', pollInterval: 1 });
    expect(flows.find((n) => n.id === 'jn-play')).toMatchObject({ server: serverId, pathMatch: 'jellynext-virtual', mediaTypes: 'both' });
    expect(JSON.stringify(flows)).not.toContain(apiKey);
    const creds = await red.request<Record<string, unknown>>('GET', `credentials/jellyfin-server/${serverId}`);
    expect(creds.body).toEqual({ has_apiKey: true });
    // Nowhere on disk in plain text either (flows_cred.json is encrypted with the credential secret).
    for (const file of filesUnder(red.userDir)) expect(file.text.includes(apiKey), file.path).toBe(false);

    // Editing the stored node again: the field holds Node-RED's marker, so the test sends no key and the stored one is used.
    await page.evaluate(() => (window as any).RED.editor.edit((window as any).RED.nodes.node('jn-play')));
    await page.waitForSelector('#node-input-pathMatch');
    await page.click('#node-input-btn-server-edit');
    await page.waitForSelector('#node-config-input-url');
    await poll(() => page.locator('#node-config-input-apiKey').inputValue()).toBe('__PWRD__');
    const before = testRequests.length;
    await page.click('#jellyfin-server-test');
    await poll(() => result.innerText(), 20_000).toMatch(/^✗ .*connection refused/i);
    expect(testRequests.length).toBe(before + 1);
    expect(testRequests.at(-1)).toEqual({ id: serverId, url: unreachable });
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-pathMatch', { state: 'detached' });
  }, 90_000);

  it('shows the stop-playback message fields only while notify is on, and the delay only while stop is on', async () => {
    await page.evaluate(() => {
      const RED = (window as any).RED;
      // Only the server is set: every other property is omitted, so the dialog must show the runtime's defaults.
      let server = '';
      RED.nodes.eachConfig((n: { type: string; id: string }) => {
        if (n.type === 'jellyfin-server' && !server) server = n.id;
      });
      RED.view.importNodes([{ id: 'jn-stop', type: 'jellyfin-stop-playback', z: 'jn-tab', x: 420, y: 100, server, wires: [[]] }], {
        notify: false,
      });
      RED.editor.edit(RED.nodes.node('jn-stop'));
    });
    await page.waitForSelector('#node-input-notify');
    const messageFields = [
      '#node-input-header',
      '#node-input-successMessage',
      '#node-input-failureMessage',
      '#node-input-messageTime',
      '#node-input-failureDetail',
    ];

    await poll(() => page.locator('#node-input-notify').isChecked()).toBe(true);
    await poll(() => page.locator('#node-input-stop').isChecked()).toBe(true);
    await poll(() => page.locator('#node-input-markUnplayed').isChecked()).toBe(true);
    await poll(() => page.locator('#node-input-successMessage').inputValue()).toBe(DEFAULT_SUCCESS_MESSAGE);
    await poll(() => page.locator('#node-input-failureMessage').inputValue()).toBe(DEFAULT_FAILURE_MESSAGE);
    await poll(() => page.locator('#node-input-header').inputValue()).toBe(DEFAULT_HEADER);
    await poll(() => page.locator('#node-input-delay').inputValue()).toBe('2');
    await poll(() => page.locator('#node-input-messageTime').inputValue()).toBe('5');
    for (const field of messageFields) await poll(() => page.locator(field).isVisible()).toBe(true);
    await poll(() => page.locator('#node-input-delay').isVisible()).toBe(true);
    await shoot(page, 'stop-playback-editor');

    await page.locator('#node-input-notify').uncheck();
    for (const field of messageFields) await poll(() => page.locator(field).isVisible()).toBe(false);
    await page.locator('#node-input-notify').check();
    for (const field of messageFields) await poll(() => page.locator(field).isVisible()).toBe(true);

    await page.locator('#node-input-stop').uncheck();
    await poll(() => page.locator('#node-input-delay').isVisible()).toBe(false);
    await page.locator('#node-input-stop').check();
    await poll(() => page.locator('#node-input-delay').isVisible()).toBe(true);

    // The texts use the webhook's names; a typo, in either syntax, is pointed out as it is typed.
    const successProblems = page.locator('#jellyfin-stop-playback-successMessage-problems');
    await poll(() => successProblems.innerText()).toBe('');
    await fillField(page, '#node-input-successMessage', '{Title} – {tmbdId} is on its way, {userName}');
    await poll(() => successProblems.innerText()).toMatch(/\{tmbdId\} is not a known placeholder/);
    await poll(() => successProblems.innerText()).not.toMatch(/Title/);
    await fillField(page, '#node-input-successMessage', '{{media.title}} for {{medai.userName}}');
    await poll(() => successProblems.innerText()).toMatch(/\{\{medai\.userName\}\} is not a field of the message/);
    await fillField(page, '#node-input-successMessage', '{{#media.title}');
    await poll(async () => (await page.locator('#node-input-successMessage').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-successMessage', DEFAULT_SUCCESS_MESSAGE);
    await poll(async () => (await page.locator('#node-input-successMessage').getAttribute('class')) ?? '').not.toMatch(/input-error/);
    await fillField(page, '#node-input-messageTime', '0.1');
    await poll(async () => (await page.locator('#node-input-messageTime').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-messageTime', '8');

    await fillField(page, '#node-input-delay', '31');
    await poll(async () => (await page.locator('#node-input-delay').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-delay', '0');
    await poll(async () => (await page.locator('#node-input-delay').getAttribute('class')) ?? '').not.toMatch(/input-error/);

    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-notify', { state: 'detached' });
  }, 60_000);

  it("the notify dialog shows the runtime's defaults, points out a typo in the text or header and refuses a display time out of range", async () => {
    await page.evaluate(() => {
      const RED = (window as any).RED;
      let server = '';
      RED.nodes.eachConfig((n: { type: string; id: string }) => {
        if (n.type === 'jellyfin-server' && !server) server = n.id;
      });
      RED.view.importNodes([{ id: 'jn-notify', type: 'jellyfin-notify', z: 'jn-tab', x: 420, y: 200, server, wires: [[], []] }], {
        notify: false,
      });
      RED.editor.edit(RED.nodes.node('jn-notify'));
    });
    await page.waitForSelector('#node-input-text');
    await poll(() => page.locator('#node-input-text').inputValue()).toBe(DEFAULT_NOTIFY_TEXT);
    await poll(() => page.locator('#node-input-header').inputValue()).toBe(DEFAULT_NOTIFY_HEADER);
    await poll(() => page.locator('#node-input-messageTime').inputValue()).toBe('10');
    await poll(() => page.locator('#node-input-user').inputValue()).toBe('');
    expect(await page.locator('#node-input-user').getAttribute('placeholder')).toBe(
      textOf(catalog('jellyfin-notify'), 'jellyfin-notify.placeholder.user'),
    );
    await poll(() => page.locator('#jellyfin-notify-names').innerText()).toContain('{displayTitle}');
    // An arrival has no webhook outcome, so the names of one are not offered.
    expect(await page.locator('#jellyfin-notify-names').innerText()).not.toMatch(/\{error\}|\{statusCode\}/);
    await shoot(page, 'notify-editor');
    const problems = page.locator('#jellyfin-notify-text-problems');
    await poll(() => problems.innerText()).toBe('');
    await fillField(page, '#node-input-text', '{Title} is here, {usrName}');
    await poll(() => problems.innerText()).toMatch(/\{usrName\} is not a known placeholder/);
    await poll(() => problems.innerText()).not.toMatch(/Title/);
    await fillField(page, '#node-input-text', '{{#media.title}');
    await poll(async () => (await page.locator('#node-input-text').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-text', DEFAULT_NOTIFY_TEXT);
    await poll(async () => (await page.locator('#node-input-text').getAttribute('class')) ?? '').not.toMatch(/input-error/);
    // The header takes the same names.
    await fillField(page, '#node-input-header', 'For {usrName}');
    await poll(() => page.locator('#jellyfin-notify-header-problems').innerText()).toMatch(/\{usrName\} is not a known placeholder/);
    await fillField(page, '#node-input-header', 'For {userName}');
    await poll(() => page.locator('#jellyfin-notify-header-problems').innerText()).toBe('');
    await fillField(page, '#node-input-messageTime', '601');
    await poll(async () => (await page.locator('#node-input-messageTime').getAttribute('class')) ?? '').toMatch(/input-error/);
    await fillField(page, '#node-input-messageTime', '30');
    await poll(async () => (await page.locator('#node-input-messageTime').getAttribute('class')) ?? '').not.toMatch(/input-error/);
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-text', { state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows each node’s help in the sidebar, from locales/en-US', async () => {
    const expected: Record<string, string[]> = {
      'jellyfin-server': ['Properties', 'Details', 'References'],
      'jellyfin-virtual-play': ['Outputs', 'Details', 'References'],
      'jellyfin-stop-playback': ['Inputs', 'Outputs', 'Details'],
      'jellyfin-notify': ['Inputs', 'Outputs', 'Details'],
      'jellynext-webhook': ['Inputs', 'Outputs', 'Details', 'Placeholders'],
    };
    for (const type of Object.keys(expected)) {
      // The help lives in the locale file Node-RED reads per language, no longer in the editor HTML.
      expect(readFileSync(join(PACKAGE_ROOT, 'dist/nodes', type, `${type}.html`), 'utf8'), type).not.toContain('data-help-name');
      expect(readFileSync(join(PACKAGE_ROOT, 'dist/nodes', type, 'locales/en-US', `${type}.html`), 'utf8'), type).toContain(
        `data-help-name="${type}"`,
      );
    }
    for (const type of Object.keys(expected)) {
      await page.evaluate((t) => (window as any).RED.sidebar.help.show(t), type);
      const help = page.locator('.red-ui-sidebar-help-stack .red-ui-help:has(> .red-ui-help-title)');
      await poll(() => help.locator('.red-ui-help-title').isVisible()).toBe(true);
      const headings = (await help.locator('h3').allTextContents()).map((h) => h.trim());
      expect(headings, type).toEqual(expected[type]);
      expect(await help.locator('dl.message-properties .property-type').count(), type).toBeGreaterThan(2);
      if (SCREENSHOTS) {
        // Tall enough for the whole text, then back to the normal size.
        await page.setViewportSize({ width: 1400, height: 4000 });
        await page.waitForTimeout(300);
        await page
          .locator('.red-ui-sidebar-help-stack .red-ui-help:has(> .red-ui-help-title)')
          .screenshot({ path: join(SCREENSHOTS, `${type}-help.png`) });
        await page.setViewportSize({ width: 1400, height: 1000 });
      }
      const text = await help.innerText();
      if (type === 'jellyfin-server') expect(text).toContain('Authorization: MediaBrowser');
      if (type === 'jellyfin-virtual-play')
        for (const field of ['seasonNumber', 'isAnime', 'jellyfinUserId', 'deviceId', 'NowPlayingItem']) expect(text).toContain(field);
      if (type === 'jellyfin-stop-playback') expect(text).toContain('DELETE /UserPlayedItems');
      if (type === 'jellyfin-notify')
        for (const words of ['SupportedCommands', 'DisplayMessage', 'requests.<movie|show>', 'localfilesystem', 'count: 0'])
          expect(text).toContain(words);
      if (type === 'jellynext-webhook') expect(text).toContain('X-JellyNext-Signature');
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
