import { compileStopText } from '../src/stop/stop-messages';

/**
 * The texts a viewer reads on screen (the stop node's message, the notify node's header and text), checked
 * in the dialog with the runtime's own parser, so the dialog warns about exactly what will not be filled in.
 */

/** The warnings of one text, or why it cannot be read at all. */
export function textProblems(source: string): string[] {
  try {
    return [...compileStopText(source).warnings];
  } catch (err) {
    return [(err as Error).message];
  }
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

/**
 * Keeps the problems of each text field under it (`#<type>-<field>-problems`) while the user types, and
 * lists the names the texts can use in `#<type>-names`.
 */
export function watchTexts(type: string, fields: readonly string[], names: readonly string[]): void {
  for (const field of fields) {
    const input = $(`#node-input-${field}`);
    const show = (): void => {
      const list = $(`#${type}-${field}-problems`).empty();
      for (const problem of textProblems(String(input.val() ?? '')))
        list.append($('<div class="jellynext-warning"></div>').text(`! ${problem}`));
    };
    input.on('input change', show);
    show();
  }
  $(`#${type}-names`).text(names.map((name) => `{${name}}`).join(' '));
}
