import type { CustomField } from '../../src/template/custom-fields';
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

/** A button that inserts `{name}` at the payload editor's cursor. */
function placeholderButton(name: string, help: string, editor: () => CodeEditor | undefined): JQueryLike {
  const token = `{${name}}`;
  return (
    $('<button type="button" class="red-ui-button red-ui-button-small jellynext-placeholder">')
      .text(token)
      .attr('data-placeholder', name)
      .attr('title', t('placeholders.insert', { token, help }))
      // Keeps the editor's cursor where it is: the button never takes the focus.
      .on('mousedown', (event) => event.preventDefault())
      .on('click', (event) => {
        event.preventDefault();
        const target = editor();
        if (target) insertAtCursor(target, token);
      })
  );
}

/** A button per built-in placeholder above the payload, then one per declared custom field (see showCustomButtons). */
export function preparePlaceholderBar(media: MediaType, editor: () => CodeEditor | undefined): void {
  const bar = $(`#jellynext-${media}-placeholders`);
  for (const name of PLACEHOLDER_NAMES) placeholderButton(name, placeholderHelp(name), editor).appendTo(bar);
  $('<span class="jellynext-custom-placeholders">').appendTo(bar);
}

/** The buttons of the declared custom fields, after the built-ins; rebuilt when the list changes. */
export function showCustomButtons(media: MediaType, fields: readonly CustomField[], editor: () => CodeEditor | undefined): void {
  const group = $(`#jellynext-${media}-placeholders .jellynext-custom-placeholders`).empty();
  for (const field of fields)
    placeholderButton(field.name, t('placeholders.custom', { sample: field.sample }), editor)
      .addClass('jellynext-placeholder-custom')
      .appendTo(group);
}
