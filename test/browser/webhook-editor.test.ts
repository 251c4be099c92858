// The jellynext-webhook editor in a real browser against a real Node-RED: dialog, live validation,
// placeholder buttons, "Send test", secret headers kept out of the flow, and the deployed node.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MOVIE_PAYLOAD, DEFAULT_SHOW_PAYLOAD } from '../../src/template/defaults';
import { WEBHOOK_CREDENTIALS } from '../../src/webhook/credentials';
import { installPayloadEditorLookup, openWebhookDialog, reportOnFailure } from '../support/editor-browser';
import { NodeRedRuntime, PACKAGE_ROOT, type FlowNode } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';

// `window as any` below: the editor's globals (RED, JellyNextWebhookEditor, …) exist only in the page and have no types here.

const SECRET = 'Bearer s3cret-token-xyz';
const SCREENSHOT = join(PACKAGE_ROOT, 'docs/images/webhook-editor.png');
const PALETTE_ENTRY = '#red-ui-palette .red-ui-palette-node[data-palette-type="jellynext-webhook"]';
// A title that breaks naive templating: quotes and a backslash.
const TRICKY_TITLE = 'Say "Hi" to C:\\Users\\Tyler';
const INJECTED = {
  mediaType: 'movie',
  tmdbId: '603',
  imdbId: 'tt0133093',
  title: TRICKY_TITLE,
  year: 1999,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
  userName: 'bob',
};
// The default movie payload with a bare {year} and an empty property to insert a placeholder into.
const EDITED_PAYLOAD = DEFAULT_MOVIE_PAYLOAD.replace('"year": "{year}",', '"year": {year},\n  "requestedBy": "",');

const UI_TIMEOUT = 15_000;
const SECOND_SECRET = 'key-2-9f31c7d2';
const URL_SECRET = 'ha-webhook-id-58d1e0';
const LEGACY_SECRET = 'legacy-key-0c4e2b';

let red: NodeRedRuntime;
let receiver: Receiver;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let bundleStatus = 0;

function dumpOnFailure(): void {
  reportOnFailure(() => red?.logs(), pageErrors);
}

/** Puts the movie editor's cursor at a line and column and focuses it. */
function placeCursor(lineNumber: number, column: number): Promise<void> {
  return page.evaluate(
    ([l, c]) => {
      const editor = (window as any).payloadEditor('movie');
      editor.setPosition({ lineNumber: l, column: c });
      editor.focus();
    },
    [lineNumber, column] as const,
  );
}

const moviePayload = (): Promise<string> => page.evaluate(() => (window as any).payloadEditor('movie').getValue() as string);
const headerType = (): Promise<string> =>
  page.evaluate(() => (window as any).$('#jellynext-movie-headers input.jellynext-header-value').typedInput('type') as string);

const text = (selector: string): Promise<string> => page.locator(selector).innerText();

/** Done, Deploy, and wait until the runtime holds the node as `until` expects it. */
async function saveAndDeploy(until: (node: FlowNode) => boolean, id = 'w1'): Promise<FlowNode> {
  const starts = red.flowStarts();
  await page.click('#node-dialog-ok');
  await page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
  await page.click('#red-ui-header-button-deploy');
  await expect.poll(async () => until((await red.getFlows()).find((n) => n.id === id)!), { timeout: UI_TIMEOUT }).toBe(true);
  // Otherwise an inject may still find the stopped flows (404) or the old ones.
  await expect.poll(() => red.flowStarts(), { timeout: UI_TIMEOUT }).toBeGreaterThan(starts);
  // The editor forgets typed credentials after a deploy; wait for that so the next dialog loads them from the runtime.
  await page.waitForFunction((nodeId) => !(window as any).RED.nodes.node(nodeId).credentials, id, { timeout: UI_TIMEOUT });
  return (await red.getFlows()).find((n) => n.id === id)!;
}

/** What the editor API tells about the node's credentials (only has_… flags for password credentials). */
async function credentialsSeen(id = 'w1'): Promise<Record<string, unknown>> {
  return (await red.request<Record<string, unknown>>('GET', `credentials/jellynext-webhook/${id}`)).body;
}

async function injectAndReceive(inject: string) {
  receiver.reset();
  expect((await red.request('POST', `inject/${inject}`)).status).toBe(200);
  await receiver.waitFor(1, UI_TIMEOUT);
  return receiver.requests[0];
}

async function openDialog(id = 'w1'): Promise<void> {
  await openWebhookDialog(page, id);
}

describe('jellynext-webhook editor in Chromium', () => {
  beforeAll(async () => {
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    const flows: FlowNode[] = [
      { id: 'f1', type: 'tab', label: 'JellyNext' },
      {
        id: 'w1',
        type: 'jellynext-webhook',
        z: 'f1',
        x: 380,
        y: 120,
        name: '',
        method: 'POST',
        timeout: 10,
        retries: 0,
        movieUrl: '',
        movieHeaders: [],
        moviePayload: DEFAULT_MOVIE_PAYLOAD,
        showUrl: `${receiver.url}/show`,
        showHeaders: [],
        showPayload: DEFAULT_SHOW_PAYLOAD,
        extraLogging: false,
        wires: [[], []],
      },
      {
        id: 'i1',
        type: 'inject',
        z: 'f1',
        x: 150,
        y: 120,
        name: 'tricky title',
        props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
        repeat: '',
        once: false,
        topic: 'movie',
        payload: JSON.stringify(INJECTED),
        payloadType: 'json',
        wires: [['w1']],
      },
      {
        id: 'i2',
        type: 'inject',
        z: 'f1',
        x: 150,
        y: 180,
        name: 'a show',
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        payload: JSON.stringify({ mediaType: 'show', tvdbId: '81189', title: 'Breaking Bad', seasonNumber: 2 }),
        payloadType: 'json',
        wires: [['w1']],
      },
      // Saved by an earlier version: a secret row without a slot, its value by name in the `secretHeaders` credential.
      {
        id: 'w2',
        type: 'jellynext-webhook',
        z: 'f1',
        x: 380,
        y: 240,
        name: 'older',
        movieUrl: `${receiver.url}/older`,
        movieHeaders: [{ name: 'X-Legacy', value: '__PWRD__', type: 'cred' }],
        showUrl: `${receiver.url}/older`,
        credentials: { secretHeaders: JSON.stringify({ movie: { 'X-Legacy': LEGACY_SECRET }, show: {} }) },
        wires: [[], []],
      },
      {
        id: 'i3',
        type: 'inject',
        z: 'f1',
        x: 150,
        y: 240,
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        payload: JSON.stringify(INJECTED),
        payloadType: 'json',
        wires: [['w2']],
      },
    ];
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
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.addInitScript(installPayloadEditorLookup);
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    page.on('response', (res) => {
      if (res.url().endsWith('/resources/node-red-contrib-jellynext/jellynext-webhook.js')) bundleStatus = res.status();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await receiver?.stop();
  }, 60_000);

  it('loads the node with its dialog bundle into the editor', async () => {
    dumpOnFailure();
    await page.goto(red.url);
    await page.waitForFunction(() => typeof (window as any).RED?.nodes?.node === 'function', undefined, { timeout: 60_000 });
    await page.locator(PALETTE_ENTRY).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !!(window as any).RED.nodes.node('w1'), undefined, { timeout: 30_000 });

    expect(bundleStatus).toBe(200);
    const facts = await page.evaluate(() => {
      const w = window as any;
      const type = w.RED.nodes.getType('jellynext-webhook');
      return {
        bundle: typeof w.JellyNextWebhookEditor?.open,
        movieDefault: type.defaults.moviePayload.value,
        showDefault: type.defaults.showPayload.value,
        category: type.category,
        credentials: type.credentials,
        // Node-RED takes a returned string as the reason only from two-argument validators.
        validatorArity: ['method', 'timeout', 'retries', 'movieUrl', 'showUrl'].map((p) => type.defaults[p].validate.length),
        badUrl: type.defaults.movieUrl.validate.call({}, 'ftp://example.com', {}),
        badRetries: type.defaults.retries.validate.call({}, '11', {}),
        goodUrl: type.defaults.movieUrl.validate.call({}, 'https://example.com/{tmdbId}', {}),
        nodeFlagged: (() => {
          const node = w.RED.nodes.node('w1');
          const before = node.movieUrl;
          node.movieUrl = 'ftp://example.com';
          w.RED.editor.validateNode(node);
          const flagged = node.valid === false && JSON.stringify(node.validationErrors ?? []).includes('https://');
          node.movieUrl = 'https://example.com/{tmdbId}';
          w.RED.editor.validateNode(node);
          const fixed = node.valid === true;
          node.movieUrl = before;
          w.RED.editor.validateNode(node);
          return flagged && fixed;
        })(),
      };
    });
    expect(facts.bundle).toBe('function');
    expect(facts.movieDefault).toBe(DEFAULT_MOVIE_PAYLOAD);
    expect(facts.showDefault).toBe(DEFAULT_SHOW_PAYLOAD);
    expect(facts.category).toBe('jellyfin');
    // The editor's literal list must be the runtime's: a credential missing on one side would be dropped or sent in clear.
    expect(facts.credentials).toEqual(WEBHOOK_CREDENTIALS);
    expect(facts.validatorArity).toEqual([2, 2, 2, 2, 2]);
    expect(facts.nodeFlagged).toBe(true);
    expect(facts.badUrl).toMatch(/http:\/\/ or https:\/\//);
    expect(facts.badRetries).toMatch(/0 to 10/);
    expect(facts.goodUrl).toBe(true);
  }, 120_000);

  it('edits the movie endpoint: warnings, secret header, placeholder button, live validation', async () => {
    dumpOnFailure();
    await openDialog();
    await expect.poll(() => text('#jellynext-movie-validation')).toContain('✓ valid JSON');
    // Only a show URL: fine, and the dialog says what happens to movies (issue 13.5).
    await expect
      .poll(() => text('#jellynext-warnings'))
      .toContain('This node sends shows only: it has no movie URL, so a movie goes to output 2.');

    await page.fill('#node-input-movieUrl', `${receiver.url}/movie?t={tmdbId}`);
    await expect.poll(() => text('#jellynext-warnings')).not.toContain('sends shows only');

    // A header row, marked secret through the typedInput's type menu.
    await page.click('#jellynext-tab-movie .red-ui-editableList-addButton');
    const row = page.locator('#jellynext-movie-headers li').first();
    await row.waitFor({ state: 'attached' });
    await row.locator('input.jellynext-header-name').fill('Authorization');
    await row.locator('.red-ui-typedInput-type-select').click();
    await page.locator('.red-ui-typedInput-options a[value="cred"]:visible').click();
    const secretInput = row.locator('input.red-ui-typedInput-input');
    await expect.poll(() => secretInput.getAttribute('type')).toBe('password');
    await secretInput.fill(SECRET);
    expect(await headerType()).toBe('cred');
    await expect.poll(() => text('#jellynext-movie-preview')).toContain('Authorization: ***');
    expect(await text('#jellynext-movie-preview')).not.toContain('s3cret');

    // A secret over plain http:// to another host is warned about; localhost is fine.
    await page.fill('#node-input-movieUrl', 'http://example.com/movie');
    await expect
      .poll(() => text('#jellynext-warnings'))
      .toContain('The movie URL sends secret header (Authorization) over plain http:// to example.com');
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie?t={tmdbId}`);
    await expect.poll(() => text('#jellynext-warnings')).toBe('');

    // A placeholder that decides the host is warned about.
    await page.fill('#node-input-movieUrl', 'https://{userName}.example.com/movie');
    await expect.poll(() => text('#jellynext-warnings')).toContain('A placeholder decides the host of the movie URL');
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie?t={tmdbId}`);
    await expect.poll(() => text('#jellynext-warnings')).toBe('');

    // GET sends no body: the payload row goes away and comes back.
    await page.selectOption('#node-input-method', 'GET');
    await expect.poll(() => page.locator('#jellynext-tab-movie .jellynext-payload-row').isVisible()).toBe(false);
    await expect.poll(() => text('#jellynext-movie-preview')).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/movie\?t=550\n[\s\S]*\(no body\)$/);
    await page.selectOption('#node-input-method', 'POST');
    await expect.poll(() => page.locator('#jellynext-tab-movie .jellynext-payload-row').isVisible()).toBe(true);

    // Placeholder button → inserted at the payload editor's cursor.
    await page.evaluate((value) => (window as any).payloadEditor('movie').setValue(value), EDITED_PAYLOAD);
    const target = EDITED_PAYLOAD.split('\n').findIndex((l) => l.includes('"requestedBy"'));
    await placeCursor(target + 1, EDITED_PAYLOAD.split('\n')[target].indexOf('""') + 2);
    await page.click('#jellynext-movie-placeholders button[data-placeholder="userName"]');
    const inserted = await moviePayload();
    expect(inserted).toContain('"requestedBy": "{userName}",');
    expect(inserted).toBe(EDITED_PAYLOAD.replace('"requestedBy": ""', '"requestedBy": "{userName}"'));
    await expect.poll(() => text('#jellynext-movie-validation')).toContain('✓ valid JSON');

    // Typing that breaks the JSON shows where; deleting it makes it valid again.
    await placeCursor(2, 1);
    await page.keyboard.type('x');
    await expect.poll(() => text('#jellynext-movie-validation')).toMatch(/✗ line 2, column 1: expected a quoted property name, found 'x'/);
    await page.keyboard.press('Backspace');
    await expect.poll(() => text('#jellynext-movie-validation')).toContain('✓ valid JSON');
    expect(await moviePayload()).toBe(inserted);

    // An unknown placeholder inside a string is a warning, not an error.
    await page.evaluate(
      (value) => (window as any).payloadEditor('movie').setValue(value),
      inserted.replace('{\n', '{\n  "note": "{nope}",\n'),
    );
    await expect
      .poll(() => text('#jellynext-movie-validation'))
      .toMatch(/✓ valid JSON\s*⚠ line 2, column 12: \{nope\} is not a built-in placeholder/);
    await page.evaluate((value) => (window as any).payloadEditor('movie').setValue(value), inserted);
    await expect.poll(() => text('#jellynext-movie-validation')).toBe('✓ valid JSON');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('"Send test" calls the receiver with the secret header and shows the answer', async () => {
    dumpOnFailure();
    receiver.reset();
    await page.click('#jellynext-movie-send');
    await receiver.waitFor(1, UI_TIMEOUT);
    const request = receiver.requests[0];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/movie?t=550');
    expect(request.headers.authorization).toBe(SECRET);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({ tmdbId: '550', title: 'Fight Club', year: 1999, requestedBy: 'alice' });
    await expect.poll(() => text('#jellynext-movie-test-result')).toMatch(/✓ HTTP 200 in \d+ ms/);

    // The README picture: the whole dialog, tall enough to show it all.
    await page.setViewportSize({ width: 1280, height: 1900 });
    await page.locator('#jellynext-movie-send').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    // The picture is committed; it is rewritten only on request, so test runs leave the tree clean.
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(SCREENSHOT)) {
      mkdirSync(join(PACKAGE_ROOT, 'docs/images'), { recursive: true });
      await page.locator('.red-ui-tray').first().screenshot({ path: SCREENSHOT });
    }
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 120_000);

  it('deploys with the secret in a password credential only; reopened, the dialog learns only that it exists', async () => {
    dumpOnFailure();
    const node = await saveAndDeploy((n) => n.movieUrl === `${receiver.url}/movie?t={tmdbId}`);
    const flows = await red.getFlows();
    expect(JSON.stringify(flows)).not.toContain('s3cret');
    expect(node.movieHeaders).toEqual([{ name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 0 }]);
    expect(node.moviePayload).toContain('"requestedBy": "{userName}"');
    expect(node).not.toHaveProperty('credentials');
    const flowFile = readFileSync(join(red.userDir, 'flows.json'), 'utf8');
    expect(flowFile).not.toContain('s3cret');
    expect(flowFile).toContain('__PWRD__');
    expect(readFileSync(join(red.userDir, 'flows_cred.json'), 'utf8')).not.toContain('s3cret');
    const seen = await credentialsSeen();
    expect(seen).toMatchObject({ has_secretHeader0: true });
    expect(JSON.stringify(seen)).not.toContain('s3cret');

    // Reopened: the secret row is back, typed as a credential, holding only the marker of a saved value.
    await openDialog();
    const restored = page.locator('#jellynext-movie-headers li').first();
    await restored.waitFor({ state: 'attached' });
    expect(await restored.locator('input.jellynext-header-name').inputValue()).toBe('Authorization');
    expect(await restored.locator('input.red-ui-typedInput-input').getAttribute('type')).toBe('password');
    expect(await restored.locator('input.red-ui-typedInput-input').inputValue()).toBe('__PWRD__');
    expect(await headerType()).toBe('cred');
    await expect.poll(() => text('#jellynext-movie-preview')).toContain('Authorization: ***');
    expect(await text('#jellynext-warnings')).not.toContain('missing');
    // Done without changes keeps the secret.
    await page.click('#node-dialog-ok');
    await page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
    const kept = await page.evaluate(() => (window as any).RED.nodes.node('w1').credentials as Record<string, unknown>);
    expect(kept.has_secretHeader0).toBe(true);
    expect(JSON.stringify(kept)).not.toContain('s3cret');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('the deployed node sends the secret header and a correctly escaped body', async () => {
    dumpOnFailure();
    receiver.reset();
    const injected = await red.request('POST', 'inject/i1');
    expect(injected.status).toBe(200);
    await receiver.waitFor(1, UI_TIMEOUT);
    const request = receiver.requests[0];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/movie?t=603');
    expect(request.headers.authorization).toBe(SECRET);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.body).toContain(String.raw`"title": "Say \"Hi\" to C:\\Users\\Tyler"`);
    expect(JSON.parse(request.body)).toEqual({
      tmdbId: '603',
      imdbId: 'tt0133093',
      title: TRICKY_TITLE,
      year: 1999,
      requestedBy: 'bob',
      jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
    });
    expect(red.logs()).not.toContain('s3cret');
  }, 60_000);

  it('burst settings: defaults shown, bad values flagged, saved values deployed (issue 9.13)', async () => {
    dumpOnFailure();
    const validators = await page.evaluate(() => {
      const defaults = (window as any).RED.nodes.getType('jellynext-webhook').defaults;
      const check = (name: string, value: unknown) => defaults[name].validate.call({}, value, {});
      return {
        arity: ['parallel', 'queueSize', 'rateLimit'].map((p) => defaults[p].validate.length),
        defaults: ['parallel', 'queueSize', 'rateLimit'].map((p) => defaults[p].value),
        good: [
          check('parallel', '1'),
          check('parallel', 256),
          check('queueSize', '0'),
          check('rateLimit', '0.5'),
          check('rateLimit', undefined),
        ],
        bad: [
          check('parallel', '0'),
          check('parallel', '257'),
          check('queueSize', '100001'),
          check('queueSize', '1.5'),
          check('rateLimit', '-1'),
          check('rateLimit', 'x'),
        ],
      };
    });
    expect(validators.arity).toEqual([2, 2, 2]);
    expect(validators.defaults).toEqual([16, 1000, 0]);
    expect(validators.good).toEqual([true, true, true, true, true]);
    expect(validators.bad).toEqual([
      expect.stringContaining('1 to 256'),
      expect.stringContaining('1 to 256'),
      expect.stringContaining('0 to 100000'),
      expect.stringContaining('0 to 100000'),
      expect.stringContaining('per minute'),
      expect.stringContaining('per minute'),
    ]);

    await openDialog();
    expect(await page.inputValue('#node-input-parallel')).toBe('16');
    expect(await page.inputValue('#node-input-queueSize')).toBe('1000');
    expect(await page.inputValue('#node-input-rateLimit')).toBe('0');
    expect(await text('label[for="node-input-parallel"]')).toContain('Parallel requests');
    await page.fill('#node-input-parallel', '4');
    await page.fill('#node-input-queueSize', '50');
    await page.fill('#node-input-rateLimit', '30');
    await page.click('#node-dialog-ok');
    await page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
    await page.click('#red-ui-header-button-deploy');
    await expect
      .poll(
        async () => {
          const node = (await red.getFlows()).find((n) => n.id === 'w1');
          return [node?.parallel, node?.queueSize, node?.rateLimit].map(String);
        },
        { timeout: UI_TIMEOUT },
      )
      .toEqual(['4', '50', '30']);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('re-saving without retyping keeps saved secrets, also when rows are added and reordered; a removed row loses its secret', async () => {
    dumpOnFailure();
    await openDialog();
    // A second secret row, typed, then moved above the saved one.
    await page.click('#jellynext-tab-movie .red-ui-editableList-addButton');
    const added = page.locator('#jellynext-movie-headers li').nth(1);
    await added.locator('input.jellynext-header-name').fill('X-Api-Key');
    await added.locator('.red-ui-typedInput-type-select').click();
    await page.locator('.red-ui-typedInput-options a[value="cred"]:visible').click();
    await added.locator('input.red-ui-typedInput-input').fill(SECOND_SECRET);
    await page.evaluate(() => {
      const items = (window as any).$('#jellynext-movie-headers > li');
      items.last().insertBefore(items.first());
    });
    await expect.poll(() => text('#jellynext-movie-preview')).toMatch(/X-Api-Key: \*\*\*\nAuthorization: \*\*\*/);
    let node = await saveAndDeploy((n) => Array.isArray(n.movieHeaders) && n.movieHeaders.length === 2);
    expect(node.movieHeaders).toEqual([
      { name: 'X-Api-Key', value: '__PWRD__', type: 'cred', slot: 1 },
      { name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 0 },
    ]);
    expect(await credentialsSeen()).toMatchObject({ has_secretHeader0: true, has_secretHeader1: true });
    let request = await injectAndReceive('i1');
    expect(request.headers.authorization).toBe(SECRET);
    expect(request.headers['x-api-key']).toBe(SECOND_SECRET);

    // Removing the saved row (the first one now) deletes its credential; the other keeps its value.
    await openDialog();
    await page.locator('#jellynext-movie-headers li').nth(1).locator('.red-ui-editableList-item-remove').click();
    await expect.poll(() => page.locator('#jellynext-movie-headers li').count()).toBe(1);
    node = await saveAndDeploy((n) => Array.isArray(n.movieHeaders) && n.movieHeaders.length === 1);
    expect(node.movieHeaders).toEqual([{ name: 'X-Api-Key', value: '__PWRD__', type: 'cred', slot: 1 }]);
    const seen = await credentialsSeen();
    expect(seen.has_secretHeader1).toBe(true);
    expect(seen.has_secretHeader0).not.toBe(true);
    request = await injectAndReceive('i1');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-api-key']).toBe(SECOND_SECRET);
    expect(red.logs()).not.toContain(SECOND_SECRET);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a secret URL lives in credentials: the flow, the preview and the log never show it', async () => {
    dumpOnFailure();
    await openDialog();
    await page.click('#red-ui-tab-jellynext-tab-show');
    await page.check('#node-input-showUrlSecret');
    await expect.poll(() => page.locator('#node-input-showUrl').getAttribute('type')).toBe('password');
    await page.fill('#node-input-showUrl', `${receiver.url}/api/webhook/${URL_SECRET}`);
    await expect.poll(() => text('#jellynext-show-preview')).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/\*\*\*\n/);
    expect(await text('#jellynext-show-preview')).not.toContain(URL_SECRET);
    let node = await saveAndDeploy((n) => n.showUrlSecret === true);
    expect(node.showUrl).toBe('');
    expect(JSON.stringify(await red.getFlows())).not.toContain(URL_SECRET);
    expect(readFileSync(join(red.userDir, 'flows.json'), 'utf8')).not.toContain(URL_SECRET);
    const seen = await credentialsSeen();
    expect(seen.has_showSecretUrl).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(URL_SECRET);
    expect((await injectAndReceive('i2')).url).toBe(`/api/webhook/${URL_SECRET}`);

    // Reopened: the URL field holds only the marker; saving with another change keeps the URL.
    await openDialog();
    await page.click('#red-ui-tab-jellynext-tab-show');
    expect(await page.locator('#node-input-showUrl').inputValue()).toBe('__PWRD__');
    expect(await page.locator('#node-input-showUrl').getAttribute('type')).toBe('password');
    await expect.poll(() => text('#jellynext-show-preview')).toMatch(/^POST \(the saved secret URL\)\n/);
    expect(await text('#jellynext-warnings')).toBe('');
    await page.fill('#node-input-timeout', '9');
    node = await saveAndDeploy((n) => Number(n.timeout) === 9);
    expect(node.showUrl).toBe('');
    expect((await injectAndReceive('i2')).url).toBe(`/api/webhook/${URL_SECRET}`);
    expect(red.logs()).not.toContain(URL_SECRET);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a row saved by an earlier version keeps its value until retyped, then moves to a slot of its own', async () => {
    dumpOnFailure();
    expect(await credentialsSeen('w2')).toMatchObject({ has_secretHeaders: true });
    await openDialog('w2');
    const row = page.locator('#jellynext-movie-headers li').first();
    expect(await row.locator('input.red-ui-typedInput-input').inputValue()).toBe('__PWRD__');
    await expect.poll(() => text('#jellynext-movie-preview')).toContain('X-Legacy: ***');
    expect(await text('#jellynext-warnings')).toBe('');
    await page.fill('#node-input-timeout', '8');
    let node = await saveAndDeploy((n) => Number(n.timeout) === 8, 'w2');
    expect(node.movieHeaders).toEqual([{ name: 'X-Legacy', value: '__PWRD__', type: 'cred' }]);
    expect((await injectAndReceive('i3')).headers['x-legacy']).toBe(LEGACY_SECRET);

    // Retyped: the value goes to a slot and the old by-name credential is deleted.
    await openDialog('w2');
    // The typedInput shows a saved credential as ***** with a pencil to replace it, as Node-RED's own nodes do.
    await page.locator('#jellynext-movie-headers li').first().locator('button:has(i.fa-pencil)').click();
    await page.locator('#jellynext-movie-headers li').first().locator('input.red-ui-typedInput-input').fill('retyped-key-7d1f');
    node = await saveAndDeploy((n) => JSON.stringify(n.movieHeaders).includes('"slot"'), 'w2');
    expect(node.movieHeaders).toEqual([{ name: 'X-Legacy', value: '__PWRD__', type: 'cred', slot: 0 }]);
    const seen = await credentialsSeen('w2');
    expect(seen).toMatchObject({ has_secretHeader0: true });
    expect(seen.has_secretHeaders).not.toBe(true);
    expect((await injectAndReceive('i3')).headers['x-legacy']).toBe('retyped-key-7d1f');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a secret Content-Type row is warned about: it decides the escaping and is not a secret', async () => {
    dumpOnFailure();
    await openDialog('w2');
    await page.click('#red-ui-tab-jellynext-tab-show');
    await page.click('#jellynext-tab-show .red-ui-editableList-addButton');
    const row = page.locator('#jellynext-show-headers li').first();
    await row.locator('input.jellynext-header-name').fill('Content-Type');
    await row.locator('.red-ui-typedInput-type-select').click();
    await page.locator('.red-ui-typedInput-options a[value="cred"]:visible').click();
    await row.locator('input.red-ui-typedInput-input').fill('application/json');
    await expect.poll(() => text('#jellynext-warnings')).toContain('The show header Content-Type is marked secret');
    await page.click('#node-dialog-cancel');
    await page.locator('#node-dialog-cancel').waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
