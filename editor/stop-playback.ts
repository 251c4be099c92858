import { compileStopText, STOP_TEXT_VOCABULARY } from '../src/stop/stop-messages';
import { catalog, numberIn, showOmittedDefaults } from './shared';

/**
 * The `jellyfin-stop-playback` dialog's logic, bundled as `window.JellyfinStopPlaybackEditor`. It reads
 * the texts with the runtime's own parser, so the dialog warns about exactly what the node will not fill in.
 */

const t = catalog('jellyfin-stop-playback');

function toggleRows(): void {
  $('.jellyfin-stop-playback-message-rows').toggle($('#node-input-notify').prop('checked'));
  $('.jellyfin-stop-playback-delay-row').toggle($('#node-input-stop').prop('checked'));
}

/** The warnings of one text, or why it cannot be read at all. */
export function textProblems(source: string): string[] {
  try {
    return [...compileStopText(source).warnings];
  } catch (err) {
    return [(err as Error).message];
  }
}

function showProblems(which: 'successMessage' | 'failureMessage'): void {
  const list = $(`#jellyfin-stop-playback-${which}-problems`).empty();
  for (const problem of textProblems(String($(`#node-input-${which}`).val() ?? ''))) {
    list.append($('<div class="jellynext-warning"></div>').text(`! ${problem}`));
  }
}

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-input');
  // Flows from before 0.2 hold the message time in milliseconds.
  if (node.messageTime === undefined && typeof node.messageTimeout === 'number')
    $('#node-input-messageTime').val(node.messageTimeout / 1000);
  $('#node-input-notify, #node-input-stop').on('change', toggleRows);
  toggleRows();
  for (const which of ['successMessage', 'failureMessage'] as const) {
    $(`#node-input-${which}`).on('input change', () => showProblems(which));
    showProblems(which);
  }
  $('#jellyfin-stop-playback-names').text(STOP_TEXT_VOCABULARY.map((name) => `{${name}}`).join(' '));
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt),
// so the .html passes both; a one-parameter validator's string would count as valid.
export function validateDelay(value: unknown): true | string {
  return numberIn(value, 0, 30) || t('errors.delay');
}

export function validateMessageTime(value: unknown): true | string {
  return numberIn(value, 0.5, 600) || t('errors.messageTime');
}

/** A text that cannot be read is an error (red triangle); unknown names are only warnings in the dialog. */
export function validateText(value: unknown): true | string {
  if (typeof value !== 'string') return true;
  try {
    compileStopText(value);
    return true;
  } catch (err) {
    return (err as Error).message;
  }
}
