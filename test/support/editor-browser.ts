import { chromium, type Browser, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

/** Headless Debian Chromium, as every browser test drives the Node-RED editor. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
    timeout: 30_000,
  });
}

/** Opens the editor and waits until it has loaded the flows and the palette shows `paletteType`. */
export async function loadEditor(page: Page, url: string, paletteType: string): Promise<void> {
  await page.goto(url);
  // `window as any`: the editor's globals exist only in the page and have no types here.
  await page.waitForFunction(() => typeof (window as any).RED?.nodes?.node === 'function', undefined, { timeout: 60_000 });
  await page.locator(`#red-ui-palette .red-ui-palette-node[data-palette-type="${paletteType}"]`).waitFor({ timeout: 60_000 });
}

/**
 * Run in the page before Node-RED's scripts (`page.addInitScript`): `window.payloadEditor(media)` finds the
 * Monaco payload editor of a webhook dialog tab, the way a test reaches into a widget it cannot drive with
 * the keyboard alone (setting the cursor or the whole text).
 */
export function installPayloadEditorLookup(): void {
  (window as any).payloadEditor = (media: string) => {
    const host = document.getElementById(`jellynext-${media}-payload`);
    const editor = (window as any).monaco.editor.getEditors().find((e: any) => host?.contains(e.getDomNode()));
    if (!editor) throw new Error(`no payload editor in the ${media} tab`);
    return editor;
  };
}

/** On a failing test, prints what Node-RED logged and the errors the page threw. */
export function reportOnFailure(logs: () => string | undefined, pageErrors: readonly string[]): void {
  onTestFailed(() => {
    console.log(`--- Node-RED output ---\n${logs() ?? '(not started)'}\n--- page errors ---\n${pageErrors.join('\n') || '(none)'}`);
  });
}

/** Opens a jellynext-webhook node's dialog and waits until it has checked the movie payload once. */
export async function openWebhookDialog(page: Page, id: string): Promise<void> {
  await page.evaluate((nodeId) => (window as any).RED.editor.edit((window as any).RED.nodes.node(nodeId)), id);
  await page.locator('#jellynext-movie-validation div').first().waitFor({ timeout: 15_000 });
}
