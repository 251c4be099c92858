import type { MediaType } from '../../src/media';
import { SECRET_HEADER_SLOTS, SECRET_MARKER } from '../../src/webhook/config';
import { secretHeaderCredential } from '../../src/webhook/credentials';
import { looksSecretHeaderName } from '../../src/webhook/header-names';
import { t, type HeaderRow } from './model';
import { headerRowNotes, type Note } from './notes';
import type { SecretStore } from './secrets';

/**
 * One media type's header rows: an editable list of name and value, the value a typedInput that is plain
 * text or a credential. A new row whose name looks secret (Authorization, X-Api-Key, …) starts as a
 * credential; a plain one of such a name gets a warning with a "make secret" button.
 */
export class HeaderList {
  private list: JQueryLike | undefined;

  constructor(
    private readonly media: MediaType,
    private readonly secrets: SecretStore,
    private readonly changed: () => void,
  ) {}

  prepare(saved: unknown): void {
    // No min-height on the list itself: editableList would take it as a fixed height and stop growing with the rows.
    const list = $(`#jellynext-${this.media}-headers`)
      .css('min-width', '360px')
      .editableList({
        addButton: t('label.addHeader'),
        removable: true,
        sortable: true,
        height: 'auto',
        scrollOnAdd: false,
        addItem: (row, _index, data) => this.addRow(row, data),
        removeItem: this.changed,
        sortItems: this.changed,
      });
    list.parent().css('min-height', '34px');
    list.on('input keyup', this.changed);
    this.list = list;
    for (const row of Array.isArray(saved) ? (saved as unknown[]) : []) {
      if (row && typeof row === 'object') {
        const { name, value, type, slot } = row as HeaderRowData;
        list.editableList('addItem', { name, value, type, slot, fromFlow: true });
      }
    }
  }

  /** The value a secret row starts with: from its slot, or by name for a row of an earlier version. */
  private initialSecretValue(item: JQueryLike, data: HeaderRowData): string {
    const value = typeof data.value === 'string' ? data.value : '';
    const slot = typeof data.slot === 'number' && data.slot >= 0 && data.slot < SECRET_HEADER_SLOTS ? data.slot : undefined;
    const name = typeof data.name === 'string' ? data.name : '';
    const legacy = this.secrets.legacy[this.media];
    if (slot !== undefined) {
      item.data('slot', slot);
      return this.secrets.initialSecret(secretHeaderCredential(slot));
    }
    if (Object.prototype.hasOwnProperty.call(legacy, name)) return legacy[name];
    if (this.secrets.hasLegacy && value === SECRET_MARKER) {
      item.data('legacyName', name);
      return value;
    }
    return value === SECRET_MARKER ? '' : value;
  }

  private addRow(item: JQueryLike, data: HeaderRowData): void {
    const secret = data.type === 'cred';
    const value = secret ? this.initialSecretValue(item, data) : typeof data.value === 'string' ? data.value : '';
    // A row from the flow keeps its type; a new one follows its name until the user picks a type.
    item.data('typeChosen', data.fromFlow === true);
    item.data('type', secret ? 'cred' : 'str');
    const container = $('<div>').addClass('jellynext-header-row').appendTo(item);
    const nameInput = $('<input type="text" class="jellynext-header-name">')
      .attr('placeholder', t('placeholder.headerName'))
      .val(typeof data.name === 'string' ? data.name : '')
      .appendTo(container);
    const cell = $('<div class="jellynext-header-value-cell">').appendTo(container);
    const valueInput = $('<input type="text" class="jellynext-header-value" style="width: 100%;">')
      .attr('placeholder', t('placeholder.headerValue'))
      .val(value)
      .appendTo(cell);
    valueInput.typedInput({ default: secret ? 'cred' : 'str', types: ['str', 'cred'] });
    valueInput.typedInput('type', secret ? 'cred' : 'str');
    valueInput.typedInput('value', value);
    $('<div class="jellynext-row-notes">').appendTo(item);
    valueInput.on('change', () => {
      const type = valueInput.typedInput('type');
      // A type the code did not set was picked in the type menu: from then on the row keeps it.
      if (type !== item.data('type')) item.data('typeChosen', true).data('type', type);
      // A saved secret made a plain value: the marker is not a value to send.
      if (type !== 'cred' && valueInput.typedInput('value') === SECRET_MARKER) valueInput.typedInput('value', '');
      this.changed();
    });
    nameInput.on('input change', () => {
      if (item.data('typeChosen') !== true) setRowType(item, looksSecretHeaderName(String(nameInput.val() ?? '')) ? 'cred' : 'str');
    });
    if (data.fromFlow !== true && looksSecretHeaderName(String(nameInput.val() ?? ''))) setRowType(item, 'cred');
    this.changed();
  }

  /** The rows as they are now; rows with neither name nor value are left out, as the runtime does. */
  rows(): HeaderRow[] {
    const rows: HeaderRow[] = [];
    const media = this.media;
    this.list?.editableList('items').each(function () {
      const item = $(this);
      const name = String(item.find('.jellynext-header-name').val() ?? '').trim();
      const input = item.find('input.jellynext-header-value');
      const type = input.typedInput('type') === 'cred' ? 'cred' : 'str';
      const value = input.typedInput('value') ?? '';
      if (name === '' && value === '') return;
      const slot = item.data('slot');
      const row: HeaderRow = { media, name, value, type, item, slot: typeof slot === 'number' ? slot : undefined };
      if (type === 'cred') {
        // A saved value stays with its slot whatever the row is called; an old by-name value only under its name.
        const stored = value === SECRET_MARKER && (row.slot !== undefined || item.data('legacyName') === name);
        row.state = value === '' || (value === SECRET_MARKER && !stored) ? 'missing' : stored ? 'stored' : 'typed';
        if (row.state === 'stored' && row.slot === undefined) row.legacy = true;
      }
      rows.push(row);
    });
    return rows;
  }

  /** Under each row: placeholder typos in its name or value, an invalid name, a plain value of a secret-looking name. */
  showNotes(declared: readonly string[]): void {
    for (const row of this.rows()) {
      const box = row.item.find('.jellynext-row-notes').empty();
      for (const note of headerRowNotes(row, declared)) box.append(noteLine(note, row.item));
    }
  }
}

/** Switches a row between plain and secret, carrying over what was typed. */
function setRowType(item: JQueryLike, type: 'str' | 'cred'): void {
  const input = item.find('input.jellynext-header-value');
  if (input.typedInput('type') === type) return;
  const value = input.typedInput('value');
  item.data('type', type);
  input.typedInput('type', type);
  input.typedInput('value', value);
}

function noteLine(note: Note, item: JQueryLike): JQueryLike {
  const line = $('<div>').addClass(`jellynext-${note.level}`).text(note.text);
  if (note.makeSecret) {
    $('<button type="button" class="red-ui-button red-ui-button-small jellynext-make-secret">')
      .text(t('notes.makeSecret'))
      .on('click', (event) => {
        event.preventDefault();
        item.data('typeChosen', true);
        setRowType(item, 'cred');
      })
      .appendTo(line);
  }
  return line;
}
