import { STOP_TEXT_VOCABULARY } from '../src/stop/stop-messages';
import { catalog, numberIn, showOmittedDefaults } from './shared';
import { textProblems, validateText } from './stop-playback';

/**
 * The `jellyfin-notify` dialog's logic, bundled as `window.JellyfinNotifyEditor`. Its text is read like
 * the stop node's (the same parser and names), so the dialog warns about exactly what will not be filled in.
 */

const t = catalog('jellyfin-notify');

function showProblems(which: 'header' | 'text'): void {
  const list = $(`#jellyfin-notify-${which}-problems`).empty();
  for (const problem of textProblems(String($(`#node-input-${which}`).val() ?? ''))) {
    list.append($('<div class="jellynext-warning"></div>').text(`! ${problem}`));
  }
}

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-input');
  for (const which of ['header', 'text'] as const) {
    $(`#node-input-${which}`).on('input change', () => showProblems(which));
    showProblems(which);
  }
  $('#jellyfin-notify-names').text(STOP_TEXT_VOCABULARY.map((name) => `{${name}}`).join(' '));
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt),
// so the .html passes both.
export function validateMessageTime(value: unknown): true | string {
  return numberIn(value, 0.5, 600) || t('errors.messageTime');
}

export { validateText };
