import { STOP_TEXT_VOCABULARY } from '../src/stop/stop-messages';
import { catalog, numberIn, showOmittedDefaults } from './shared';
import { validateText, watchTexts } from './viewer-texts';

/**
 * The `jellyfin-stop-playback` dialog's logic, bundled as `window.JellyfinStopPlaybackEditor`; its texts
 * are checked as the runtime reads them (./viewer-texts).
 */

const t = catalog('jellyfin-stop-playback');

function toggleRows(): void {
  $('.jellyfin-stop-playback-message-rows').toggle($('#node-input-notify').prop('checked'));
  $('.jellyfin-stop-playback-delay-row').toggle($('#node-input-stop').prop('checked'));
}

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-input');
  // Flows from before 0.2 hold the message time in milliseconds.
  if (node.messageTime === undefined && typeof node.messageTimeout === 'number')
    $('#node-input-messageTime').val(node.messageTimeout / 1000);
  $('#node-input-notify, #node-input-stop').on('change', toggleRows);
  toggleRows();
  watchTexts('jellyfin-stop-playback', ['successMessage', 'failureMessage'], STOP_TEXT_VOCABULARY);
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt),
// so the .html passes both; a one-parameter validator's string would count as valid.
export function validateDelay(value: unknown): true | string {
  return numberIn(value, 0, 30) || t('errors.delay');
}

export function validateMessageTime(value: unknown): true | string {
  return numberIn(value, 0.5, 600) || t('errors.messageTime');
}

export { validateText };
