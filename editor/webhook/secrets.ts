import type { MediaType } from '../../src/media';
import { parseSecretHeaders, SECRET_HEADER_SLOTS, SECRET_MARKER, type SecretHeaders } from '../../src/webhook/config';
import {
  LEGACY_SECRET_HEADERS,
  SECRET_HEADER_CREDENTIALS,
  SECRET_URL_CREDENTIAL,
  secretHeaderCredential,
} from '../../src/webhook/credentials';
import { MEDIA_TYPES, type DialogState, type HeaderRow, type UrlState } from './model';

/**
 * The node's secrets while its dialog is open. They are `password` credentials: the editor learns only
 * `has_<name>` for saved ones (an input then holds the marker), and knows a value only while it was typed
 * in this editor session, before a deploy.
 */
export class SecretStore {
  /** Header values of rows without a slot (flows saved by earlier versions), by media type and name. */
  readonly legacy: SecretHeaders;
  readonly hasLegacy: boolean;

  constructor(private readonly node: EditorNode) {
    const legacy = this.credential(LEGACY_SECRET_HEADERS);
    this.legacy = parseSecretHeaders(legacy.value);
    this.hasLegacy = legacy.exists;
  }

  /** Whether a credential exists, and its value when typed in this session. */
  credential(name: string): { exists: boolean; value: string | undefined } {
    const credentials = (this.node.credentials ?? {}) as Record<string, unknown>;
    const value = credentials[name];
    if (typeof value === 'string' && value !== '' && value !== SECRET_MARKER) return { exists: true, value };
    return { exists: credentials[`has_${name}`] === true, value: undefined };
  }

  /** The value a secret input starts with: the known value, the marker for a saved one, or empty. */
  initialSecret(name: string): string {
    const credential = this.credential(name);
    return credential.value ?? (credential.exists ? SECRET_MARKER : '');
  }

  /** Hidden inputs Node-RED reads the secret credentials from when the dialog is saved. */
  prepareInputs(): void {
    const box = $('#jellynext-secret-inputs').empty();
    for (const name of [LEGACY_SECRET_HEADERS, ...MEDIA_TYPES.map((media) => SECRET_URL_CREDENTIAL[media]), ...SECRET_HEADER_CREDENTIALS]) {
      $('<input type="hidden">').attr('id', `node-input-${name}`).val(this.initialSecret(name)).appendTo(box);
    }
  }

  /** A secret URL is typed into the URL field, hidden like a password; its flow property stays empty. */
  prepareSecretUrl(media: MediaType, onChange: () => void): void {
    const input = $(`#node-input-${media}Url`);
    const box = $(`#node-input-${media}UrlSecret`);
    if (box.prop('checked')) input.attr('type', 'password').val(this.initialSecret(SECRET_URL_CREDENTIAL[media]));
    box.on('change', () => {
      const secret = box.prop('checked');
      input.attr('type', secret ? 'password' : 'text');
      // The saved secret cannot be shown: unchecking asks for the URL again instead of showing the marker.
      if (!secret && input.val() === SECRET_MARKER) input.val('');
      onChange();
    });
  }

  urlState(media: MediaType): UrlState {
    const secret = $(`#node-input-${media}UrlSecret`).prop('checked') === true;
    const value = String($(`#node-input-${media}Url`).val() ?? '');
    const stored = secret && value === SECRET_MARKER;
    return { secret, stored, text: stored ? undefined : value };
  }

  /**
   * Gives every secret row with a value its own credential slot. Slots stay with their rows (saved rows
   * first), so reordering, adding or removing rows never moves a value to another header; a new row takes
   * a never-used slot before one a removed row left behind.
   */
  assignSlots(secretRows: HeaderRow[]): HeaderRow[] {
    const taken = new Set<number>();
    const claim = (row: HeaderRow): void => {
      if (row.slot !== undefined && !taken.has(row.slot)) {
        taken.add(row.slot);
        return;
      }
      if (row.state === 'stored' && !row.legacy) row.state = 'missing'; // two rows claimed one saved value
      row.slot = undefined;
    };
    secretRows.filter((row) => row.state === 'stored' && !row.legacy).forEach(claim);
    secretRows.filter((row) => row.state === 'typed').forEach(claim);
    for (const row of secretRows.filter((r) => r.state === 'typed' && r.slot === undefined)) {
      const free = Array.from({ length: SECRET_HEADER_SLOTS }, (_, slot) => slot).filter((slot) => !taken.has(slot));
      const chosen = free.find((slot) => !this.credential(secretHeaderCredential(slot)).exists) ?? free[0];
      if (chosen === undefined) continue;
      taken.add(chosen);
      row.slot = chosen;
    }
    for (const row of secretRows) if (row.state !== 'stored' || row.legacy) row.item.data('slot', row.slot);
    return secretRows;
  }

  /** Fills the hidden credential inputs Node-RED saves: a value replaces, the marker keeps, empty deletes. */
  writeInputs(state: DialogState): void {
    const slots = new Map<number, string>();
    for (const row of state.secretRows) {
      if (row.slot !== undefined && row.state !== 'missing') slots.set(row.slot, row.state === 'typed' ? row.value : SECRET_MARKER);
    }
    SECRET_HEADER_CREDENTIALS.forEach((name, slot) => $(`#node-input-${name}`).val(slots.get(slot) ?? ''));
    const keepLegacy = state.secretRows.some((row) => row.state === 'stored' && row.legacy);
    $(`#node-input-${LEGACY_SECRET_HEADERS}`).val(keepLegacy ? SECRET_MARKER : '');
    for (const media of MEDIA_TYPES) {
      const url = state.urls[media];
      $(`#node-input-${SECRET_URL_CREDENTIAL[media]}`).val(url.secret ? (url.stored ? SECRET_MARKER : (url.text ?? '')) : '');
      // Node-RED reads the URL field after this: a secret URL must not reach the flow.
      if (url.secret) $(`#node-input-${media}Url`).val('');
    }
  }
}
