import { PLACEHOLDER_NAMES } from '../../src/template/placeholders';
import type { MediaType } from '../../src/media';
import { t } from './model';
import { insertAtCursor } from './payload-editor';

/** What a placeholder stands for; its bare name when the catalog does not know it (i18next then answers the key). */
function placeholderHelp(name: string): string {
  const key = `placeholders.${name}`;
  const text = t(key);
  return text === `jellynext-webhook.${key}` ? name : text;
}

/** A button per placeholder above the payload: a click inserts it at the cursor. */
export function preparePlaceholderBar(media: MediaType, editor: () => CodeEditor | undefined): void {
  const bar = $(`#jellynext-${media}-placeholders`);
  for (const name of PLACEHOLDER_NAMES) {
    const token = `{${name}}`;
    $('<button type="button" class="red-ui-button red-ui-button-small jellynext-placeholder">')
      .text(token)
      .attr('data-placeholder', name)
      .attr('title', t('placeholders.insert', { token, help: placeholderHelp(name) }))
      // Keeps the editor's cursor where it is: the button never takes the focus.
      .on('mousedown', (event) => event.preventDefault())
      .on('click', (event) => {
        event.preventDefault();
        const target = editor();
        if (target) insertAtCursor(target, token);
      })
      .appendTo(bar);
  }
}
