import { STOP_TEXT_VOCABULARY } from '../src/stop/stop-messages';
import { catalog, numberIn, showOmittedDefaults } from './shared';
import { validateText, watchTexts } from './viewer-texts';

/** The `jellyfin-notify` dialog's logic, bundled as `window.JellyfinNotifyEditor`. */

const t = catalog('jellyfin-notify');

// {error} and {statusCode} describe a webhook's outcome: an arrival has none, so the list leaves them out.
const NOTIFY_NAMES = STOP_TEXT_VOCABULARY.filter((name) => name !== 'error' && name !== 'statusCode');

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-input');
  watchTexts('jellyfin-notify', ['header', 'text'], NOTIFY_NAMES);
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt),
// so the .html passes both.
export function validateMessageTime(value: unknown): true | string {
  return numberIn(value, 0.5, 600) || t('errors.messageTime');
}

export { validateText };
