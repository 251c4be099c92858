// The jellynext-webhook dialog stops mistakes before deploy (issue 10, points 1, 2 and 5), in real
// Chromium against a real Node-RED: placeholder typos outside the payload, tokens typed as plain headers,
// and nodes that cannot work marked invalid, also fresh from the palette.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MOVIE_PAYLOAD } from '../../src/template/defaults';
import { PLACEHOLDER_NAMES } from '../../src/template/placeholders';
import { DEFAULTS } from '../../src/webhook/config';
import { installPayloadEditorLookup, launchChromium, loadEditor, openWebhookDialog, reportOnFailure } from '../support/editor-browser';
import { NodeRedRuntime, type FlowNode } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';

// `window as any` below: the editor's globals (RED, JellyNextWebhookEditor, …) exist only in the page and have no types here.

const UI_TIMEOUT = 15_000;
const PLAIN_TOKEN = 'Bearer abc123-plain-token';
const API_KEY = 'api-key-7f3e9a';
const WEBHOOK = 'jellynext-webhook';

let red: NodeRedRuntime;
let receiver: Receiver;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function dumpOnFailure(): void {
  reportOnFailure(() => red?.logs(), pageErrors);
}

const text = (selector: string | Locator): Promise<string> =>
  (typeof selector === 'string' ? page.locator(selector) : selector).innerText();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: UI_TIMEOUT, interval: 100 });
const rowType = (row: number): Promise<string> =>
  page.evaluate(
    (index) =>
      (window as any).$('#jellynext-movie-headers > li').eq(index).find('input.jellynext-header-value').typedInput('type') as string,
    row,
  );
const headerRow = (index: number): Locator => page.locator('#jellynext-movie-headers > li').nth(index);

/** With JELLYNEXT_SCREENSHOTS=<dir>, keeps a PNG of the open dialog there, to look at the warnings as a user sees them. */
async function shoot(name: string): Promise<void> {
  const dir = process.env.JELLYNEXT_SCREENSHOTS;
  if (dir)
    await page
      .locator('.red-ui-tray')
      .first()
      .screenshot({ path: join(dir, `${name}.png`) });
}

async function openDialog(id = 'w1'): Promise<void> {
  await openWebhookDialog(page, id);
}

async function closeDialog(button: 'ok' | 'cancel'): Promise<void> {
  await page.click(`#node-dialog-${button}`);
  await page.locator(`#node-dialog-${button}`).waitFor({ state: 'detached' });
}

async function addRow(name: string): Promise<Locator> {
  const count = await page.locator('#jellynext-movie-headers > li').count();
  await page.click('#jellynext-tab-movie .red-ui-editableList-addButton');
  const row = headerRow(count);
  await row.locator('input.jellynext-header-name').fill(name);
  return row;
}

/** Whether the node carries the red triangle on the canvas and what its validation errors say. */
function validity(id: string): Promise<{ valid: boolean; errors: string[]; triangle: boolean }> {
  return page.evaluate((nodeId) => {
    const w = window as any;
    const node = w.RED.nodes.node(nodeId);
    const badge = document.getElementById(nodeId)?.querySelector('.red-ui-flow-node-error');
    return {
      valid: node.valid === true,
      errors: (node.validationErrors ?? []).map(String),
      triangle: !!badge && getComputedStyle(badge).display !== 'none',
    };
  }, id);
}

describe('jellynext-webhook dialog stops mistakes before deploy', () => {
  beforeAll(async () => {
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    const flows: FlowNode[] = [
      { id: 'f1', type: 'tab', label: 'Checks' },
      // Saved before this release: a token in a plain header row.
      {
        id: 'w1',
        type: WEBHOOK,
        z: 'f1',
        x: 380,
        y: 100,
        name: 'plain token',
        movieUrl: `${receiver.url}/movie`,
        movieHeaders: [{ name: 'Authorization', value: PLAIN_TOKEN, type: 'str' }],
        showUrl: `${receiver.url}/show`,
        wires: [[], []],
      },
      {
        id: 'i1',
        type: 'inject',
        z: 'f1',
        x: 150,
        y: 100,
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        payload: '{"tmdbId":"603","title":"The Matrix"}',
        payloadType: 'json',
        wires: [['w1']],
      },
    ];
    await red.deploy(flows);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.addInitScript(installPayloadEditorLookup);
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await loadEditor(page, red.url, WEBHOOK);
    await page.waitForFunction(() => !!(window as any).RED.nodes.node('w1'), undefined, { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await receiver?.stop();
  }, 60_000);

  it('warns about placeholder typos in the URL, header names and header values, with "did you mean"', async () => {
    dumpOnFailure();
    await openDialog('w1');
    expect(await text('#jellynext-movie-url-notes')).toBe('');
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{tmbdId}`);
    await poll(() => text('#jellynext-movie-url-notes')).toBe(
      '⚠ {tmbdId} is not a built-in placeholder or a declared custom field (did you mean {tmdbId}?), so it is read from msg.media.tmbdId and empty when the message has none',
    );
    // A word nothing like a placeholder gets the warning without a guess; case does not matter, as in the runtime.
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{TMDBID}?x={nothingLikeIt}`);
    await poll(() => text('#jellynext-movie-url-notes')).toBe(
      '⚠ {nothingLikeIt} is not a built-in placeholder or a declared custom field, so it is read from msg.media.nothingLikeIt and empty when the message has none',
    );
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{tmdbId}`);
    await poll(() => text('#jellynext-movie-url-notes')).toBe('');

    const value = await addRow('X-Requested-By');
    await value.locator('input.red-ui-typedInput-input').fill('{usrName}');
    await poll(() => text(value.locator('.jellynext-row-notes'))).toMatch(
      /^⚠ value: \{usrName\} is not a built-in placeholder or a declared custom field \(did you mean \{userName\}\?\)/,
    );
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{tmbdId}`);
    await poll(() => text('#jellynext-movie-url-notes')).toContain('did you mean {tmdbId}?');
    await shoot('webhook-placeholder-typos');
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{tmdbId}`);
    await value.locator('input.red-ui-typedInput-input').fill('{userName}');
    await poll(() => text(value.locator('.jellynext-row-notes'))).toBe('');

    // A name with a placeholder that is not built in is warned about (it is checked once rendered, by the node).
    const name = await addRow('X-{usrName}');
    await poll(() => text(name.locator('.jellynext-row-notes'))).toContain('did you mean {userName}?');
    await name.locator('input.jellynext-header-name').fill('X-{userName}');
    await poll(() => text(name.locator('.jellynext-row-notes'))).toBe('');

    // The payload has always warned; now it guesses too.
    await page.evaluate(
      (payload) => (window as any).payloadEditor('movie').setValue(payload),
      DEFAULT_MOVIE_PAYLOAD.replace('{title}', '{titel}'),
    );
    await poll(() => text('#jellynext-movie-validation')).toContain(
      '{titel} is not a built-in placeholder or a declared custom field (did you mean {title}?)',
    );
    await closeDialog('cancel');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a header whose name looks secret starts secret; a plain one is warned about and made secret in one click', async () => {
    dumpOnFailure();
    await openDialog('w1');
    // Saved as plain: it stays plain until asked, with a visible warning and the button.
    const saved = headerRow(0);
    expect(await rowType(0)).toBe('str');
    await poll(() => text(saved.locator('.jellynext-row-notes'))).toContain(
      '"Authorization" usually carries a secret, but this value is plain',
    );
    expect(await saved.locator('button.jellynext-make-secret').isVisible()).toBe(true);

    // New rows: the type follows the name while the user has not picked one.
    const apiKey = await addRow('X-Api-Key');
    await poll(() => rowType(1)).toBe('cred');
    await poll(() => apiKey.locator('input.red-ui-typedInput-input').getAttribute('type')).toBe('password');
    await apiKey.locator('input.red-ui-typedInput-input').fill(API_KEY);
    for (const [index, secretName] of [
      [2, 'Cookie'],
      [3, 'api-key'],
      [4, 'X-Auth-Token'],
      [5, 'X-Client-Secret'],
      [6, 'X-Password'],
    ] as const) {
      await addRow(secretName);
      await poll(() => rowType(index)).toBe('cred');
    }
    const plain = await addRow('X-Request-Source');
    await poll(() => text(plain.locator('.jellynext-row-notes'))).toBe('');
    expect(await rowType(7)).toBe('str');
    for (let i = 7; i >= 2; i--) await headerRow(i).locator('.red-ui-editableList-item-remove').click();
    await poll(() => page.locator('#jellynext-movie-headers > li').count()).toBe(2);

    // A type picked in the menu wins over the name: a plain Cookie row is kept, and warned about.
    const cookie = await addRow('Cookie');
    await poll(() => rowType(2)).toBe('cred');
    await cookie.locator('.red-ui-typedInput-type-select').click();
    await page.locator('.red-ui-typedInput-options a[value="str"]:visible').click();
    await cookie.locator('input.red-ui-typedInput-input').fill('session=plain');
    await cookie.locator('input.jellynext-header-name').fill('Cookie ');
    await poll(() => text(cookie.locator('.jellynext-row-notes'))).toContain('"Cookie" usually carries a secret');
    expect(await rowType(2)).toBe('str');
    await shoot('webhook-header-warnings');
    await cookie.locator('.red-ui-editableList-item-remove').click();
    // The list removes a row with an animation; under load the dialog could be saved before it was gone.
    await poll(() => page.locator('#jellynext-movie-headers > li').count()).toBe(2);

    // One click: the saved row becomes secret with the value it had; the warning goes.
    await saved.locator('button.jellynext-make-secret').click();
    await poll(() => rowType(0)).toBe('cred');
    expect(await saved.locator('input.red-ui-typedInput-input').inputValue()).toBe(PLAIN_TOKEN);
    await poll(() => text(saved.locator('.jellynext-row-notes'))).toBe('');
    await poll(() => text('#jellynext-movie-preview')).toContain('Authorization: ***');

    await closeDialog('ok');
    await page.click('#red-ui-header-button-deploy');
    await poll(async () => JSON.stringify((await red.getFlows()).find((n) => n.id === 'w1')?.movieHeaders)).toContain('"slot"');
    const node = (await red.getFlows()).find((n) => n.id === 'w1')!;
    // X-Api-Key was typed first, so it took the first free slot.
    expect(node.movieHeaders).toEqual([
      { name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 1 },
      { name: 'X-Api-Key', value: '__PWRD__', type: 'cred', slot: 0 },
    ]);
    expect(readFileSync(join(red.userDir, 'flows.json'), 'utf8')).not.toContain('abc123');
    receiver.reset();
    expect((await red.request('POST', 'inject/i1')).status).toBe(200);
    await receiver.waitFor(1, UI_TIMEOUT);
    expect(receiver.requests[0].headers.authorization).toBe(PLAIN_TOKEN);
    expect(receiver.requests[0].headers['x-api-key']).toBe(API_KEY);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('validators share the runtime rules and defaults, and take two parameters so their reasons count', async () => {
    dumpOnFailure();
    const facts = await page.evaluate(() => {
      const defaults = (window as any).RED.nodes.getType('jellynext-webhook').defaults;
      const check = (property: string, value: unknown, node: Record<string, unknown> = {}) =>
        defaults[property].validate.call(node, value, {});
      return {
        arity: Object.keys(defaults)
          .filter((property) => defaults[property].validate)
          .map((property) => [property, defaults[property].validate.length]),
        values: Object.fromEntries(
          ['method', 'timeout', 'retries', 'parallel', 'queueSize', 'rateLimit'].map((p) => [p, defaults[p].value]),
        ),
        emptyUrl: check('movieUrl', ''),
        showOnly: check('movieUrl', '', { showUrl: 'https://a.example/s' }),
        movieOnly: check('showUrl', '', { movieUrl: 'https://a.example/m' }),
        secretShowOnly: check('movieUrl', '', { showUrlSecret: true, credentials: { has_showSecretUrl: true } }),
        secretUrl: check('showUrl', '', { showUrlSecret: true }),
        secretUrlGone: check('showUrl', '', { showUrlSecret: true, credentials: { has_showSecretUrl: false } }),
        secretUrlSaved: check('showUrl', '', { showUrlSecret: true, credentials: { has_showSecretUrl: true } }),
        badPayload: check('moviePayload', '{"tmdbId": {tmdbId}, }'),
        textPayload: check('moviePayload', 'plain {title}', { movieHeaders: [{ name: 'Content-Type', value: 'text/plain', type: 'str' }] }),
        secretTypePayload: check('moviePayload', 'plain {title}', {
          movieHeaders: [{ name: 'Content-Type', value: '__PWRD__', type: 'cred', slot: 0 }],
        }),
        badHeader: check('showHeaders', [{ name: 'X Bad', value: '1', type: 'str' }]),
        ownedHeader: check('showHeaders', [{ name: 'Host', value: 'x', type: 'str' }]),
        templatedHeader: check('showHeaders', [{ name: 'X-{userName}', value: '1', type: 'str' }]),
      };
    });
    expect(facts.arity.every(([, length]) => length === 2)).toBe(true);
    expect(facts.arity.map(([property]) => property)).toEqual(
      expect.arrayContaining(['movieUrl', 'showUrl', 'movieHeaders', 'showHeaders', 'moviePayload', 'showPayload']),
    );
    expect(facts.values).toEqual(DEFAULTS);
    expect(facts.emptyUrl).toBe('the node has neither a movie nor a show URL: set at least one');
    // One media type per node is fine (issue 13.5).
    expect(facts.showOnly).toBe(true);
    expect(facts.movieOnly).toBe(true);
    expect(facts.secretShowOnly).toBe(true);
    expect(facts.secretUrl).toBe(true);
    expect(facts.secretUrlGone).toBe('the node has neither a movie nor a show URL: set at least one');
    expect(facts.secretUrlSaved).toBe(true);
    expect(facts.badPayload).toBe("the movie payload is not valid: line 1, column 20: a trailing ',' before '}' is not allowed in JSON");
    expect(facts.textPayload).toBe(true);
    expect(facts.secretTypePayload).toBe(true);
    expect(facts.badHeader).toBe('show headers: the header name "X Bad" is not a valid HTTP header name');
    expect(facts.ownedHeader).toBe('show headers: the header "Host" cannot be set: the HTTP client sets it itself');
    expect(facts.templatedHeader).toBe(true);
  }, 60_000);

  it('a broken node gets the red triangle and the deploy prompt, also fresh from the palette, until it is fixed', async () => {
    dumpOnFailure();
    const broken = [
      { id: 'b1', type: WEBHOOK, x: 380, y: 200, name: 'no urls', movieUrl: '', showUrl: '', wires: [[], []] },
      {
        id: 'b2',
        type: WEBHOOK,
        x: 380,
        y: 260,
        name: 'bad json',
        movieUrl: 'https://a.example/m',
        showUrl: 'https://a.example/s',
        moviePayload: '{"title": "{title}",}',
        wires: [[], []],
      },
      {
        id: 'b3',
        type: WEBHOOK,
        x: 380,
        y: 320,
        name: 'bad header',
        movieUrl: 'https://a.example/m',
        showUrl: 'https://a.example/s',
        showHeaders: [{ name: 'X Api Key', value: 'x', type: 'str' }],
        wires: [[], []],
      },
      { id: 'b4', type: WEBHOOK, x: 380, y: 380, name: 'shows only', movieUrl: '', showUrl: 'https://a.example/s', wires: [[], []] },
    ];
    await page.evaluate((nodes) => (window as any).RED.view.importNodes(nodes, { generateIds: false }), broken);
    await poll(async () => (await validity('b1')).triangle).toBe(true);
    // The reasons are what the triangle's tooltip lists.
    expect(await validity('b1')).toEqual({
      valid: false,
      triangle: true,
      errors: [
        'the node has neither a movie nor a show URL: set at least one',
        'the node has neither a movie nor a show URL: set at least one',
      ],
    });
    // A node with only a show URL is fine (issue 13.5).
    expect(await validity('b4')).toEqual({ valid: true, triangle: false, errors: [] });
    expect(await validity('b2')).toEqual({
      valid: false,
      triangle: true,
      errors: ["the movie payload is not valid: line 1, column 20: a trailing ',' before '}' is not allowed in JSON"],
    });
    expect(await validity('b3')).toEqual({
      valid: false,
      triangle: true,
      errors: ['show headers: the header name "X Api Key" is not a valid HTTP header name'],
    });

    // Dragged from the palette: invalid until a URL is set.
    const before = await page.evaluate(() => (window as any).RED.nodes.filterNodes({ type: 'jellynext-webhook' }).length as number);
    await page.dragAndDrop(`#red-ui-palette .red-ui-palette-node[data-palette-type="${WEBHOOK}"]`, '#red-ui-workspace-chart', {
      targetPosition: { x: 700, y: 420 },
    });
    await poll(() => page.evaluate(() => (window as any).RED.nodes.filterNodes({ type: 'jellynext-webhook' }).length as number)).toBe(
      before + 1,
    );
    const fresh = await page.evaluate(() => {
      const nodes = (window as any).RED.nodes.filterNodes({ type: 'jellynext-webhook' });
      return nodes[nodes.length - 1].id as string;
    });
    await poll(async () => (await validity(fresh)).triangle).toBe(true);
    expect((await validity(fresh)).errors.join(' ')).toContain('neither a movie nor a show URL');

    // Deploy asks first, naming the broken nodes.
    await page.click('#red-ui-header-button-deploy');
    const prompt = page.locator('.red-ui-notification:has-text("not properly configured")');
    await prompt.waitFor({ timeout: UI_TIMEOUT });
    for (const name of ['no urls', 'bad json', 'bad header']) expect(await prompt.innerText()).toContain(name);
    await prompt.locator('button:has-text("Cancel")').click();
    await prompt.waitFor({ state: 'detached' });

    // One URL set in the dialog: the node is valid and the triangle goes; the dialog says what happens to shows.
    await openDialog(fresh);
    await page.fill('#node-input-movieUrl', 'https://a.example/movie');
    await poll(() => text('#jellynext-warnings')).toBe(
      'ℹ This node sends movies only: it has no show URL, so a show goes to output 2. JellyNext plays both; send shows to another node or set the show URL.',
    );
    await closeDialog('ok');
    await poll(() => validity(fresh)).toMatchObject({ valid: true, triangle: false });
    expect(pageErrors).toEqual([]);
  }, 120_000);
  it('custom fields: declared names get buttons and sample values in the preview, msg paths are known, the rest is warned about (issue 13.4)', async () => {
    dumpOnFailure();
    await openDialog('w1');
    await page.fill('#node-input-customFields', 'category=anime, msg.approvedBy=Zoë, bad-name');
    await page.fill('#node-input-movieUrl', `${receiver.url}/movie/{category}?by={msg.approvedBy}&left={msg.quota.left|0}`);
    await page.evaluate(() =>
      (window as any).payloadEditor('movie').setValue('{"c": "{Category}", "t": "{categry}", "imdb": "{imdbId|none}"}'),
    );
    // Declared names and msg paths are not unknown; a typo of a declared name is, with the guess.
    await poll(() => text('#jellynext-movie-url-notes')).toBe('');
    await poll(() => text('#jellynext-movie-validation')).toContain(
      '{categry} is not a built-in placeholder or a declared custom field (did you mean {category}?)',
    );
    // The editor says what it takes from the message.
    expect(await text('#jellynext-movie-validation .jellynext-from-message')).toBe(
      'ℹ taken from the message (empty when missing): msg.media.category, msg.approvedBy, msg.quota.left, msg.media.Category, msg.media.categry',
    );
    // The preview renders the samples, escaped where they stand.
    await poll(() => text('#jellynext-movie-preview')).toContain(`/movie/anime?by=Zo%C3%AB&left=0`);
    expect(await text('#jellynext-movie-preview')).toContain('{"c": "anime", "t": "", "imdb": "tt0137523"}');
    expect(await text('#jellynext-warnings')).toContain('"bad-name" is not a name or a msg. path');

    // The buttons above both payloads: the built-ins, then the custom fields in the order declared.
    const buttons = (media: string) =>
      page.locator(`#jellynext-${media}-placeholders button`).evaluateAll((all) => all.map((b) => b.getAttribute('data-placeholder')));
    expect(await buttons('movie')).toEqual([...PLACEHOLDER_NAMES, 'category', 'msg.approvedBy']);
    expect(await buttons('show')).toEqual([...PLACEHOLDER_NAMES, 'category', 'msg.approvedBy']);
    await page.evaluate(() => (window as any).payloadEditor('movie').setValue(''));
    await page.click('#jellynext-movie-placeholders button[data-placeholder="msg.approvedBy"]');
    await poll(() => page.evaluate(() => (window as any).payloadEditor('movie').getValue() as string)).toBe('{msg.approvedBy}');
    await page.fill('#node-input-customFields', 'category=anime');
    await poll(() => buttons('movie')).toEqual([...PLACEHOLDER_NAMES, 'category']);
    await shoot('webhook-custom-fields');
    await closeDialog('cancel');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
