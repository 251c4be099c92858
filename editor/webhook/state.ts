import type { MediaType } from '../../src/media';
import { parseCustomFields } from '../../src/template/custom-fields';
import { SECRET_MARKER, type HeaderEntry } from '../../src/webhook/config';
import { MASK } from '../../src/webhook/redact';
import type { HeaderList } from './headers';
import { MEDIA_TYPES, type DialogState, type EndpointProperties, type HeaderRow, type TypedSecrets } from './model';
import type { SecretStore } from './secrets';

// A saved secret URL is unknown here: the preview renders this stand-in and shows no address.
const SAVED_URL_STAND_IN = 'https://secret-url.invalid/';

/** Reads the whole form: flow properties as they would be saved, and what the preview may show of the secrets. */
export function readState(
  lists: Readonly<Record<MediaType, HeaderList>>,
  secrets: SecretStore,
  editors: Readonly<Record<MediaType, CodeEditor>>,
): DialogState {
  const rows = { movie: lists.movie.rows(), show: lists.show.rows() };
  const secretRows = secrets.assignSlots(MEDIA_TYPES.flatMap((media) => rows[media].filter((row) => row.type === 'cred')));
  const preview = {
    movie: {} as Record<string, string>,
    show: {} as Record<string, string>,
    slots: {} as Record<number, string>,
    urls: {} as Partial<Record<MediaType, string>>,
  };
  const typed: TypedSecrets = { movie: {}, show: {}, slots: {}, urls: {} };

  const entry = (row: HeaderRow): HeaderEntry => {
    if (row.type !== 'cred') return { name: row.name, value: row.value, type: 'str' };
    const shown = row.state === 'typed' ? row.value : MASK;
    if (row.slot !== undefined) {
      preview.slots[row.slot] = shown;
      if (row.state === 'typed') typed.slots[row.slot] = row.value;
      return { name: row.name, value: SECRET_MARKER, type: 'cred', slot: row.slot };
    }
    preview[row.media][row.name] = shown;
    if (row.state === 'typed') typed[row.media][row.name] = row.value;
    return { name: row.name, value: SECRET_MARKER, type: 'cred' };
  };

  const urls = { movie: secrets.urlState('movie'), show: secrets.urlState('show') };
  const endpoint = (media: MediaType): EndpointProperties => {
    const url = urls[media];
    if (url.secret && url.text !== '') {
      preview.urls[media] = url.text ?? SAVED_URL_STAND_IN;
      if (url.text !== undefined) typed.urls[media] = url.text;
    }
    return {
      url: url.secret ? '' : (url.text ?? ''),
      urlSecret: url.secret,
      headers: rows[media].map(entry),
      payload: editors[media].getValue(),
    };
  };
  const endpoints = { movie: endpoint('movie'), show: endpoint('show') };
  const customFieldsText = String($('#node-input-customFields').val() ?? '');
  return {
    customFieldsText,
    customFields: parseCustomFields(customFieldsText),
    method: String($('#node-input-method').val() ?? ''),
    timeout: String($('#node-input-timeout').val() ?? ''),
    retries: String($('#node-input-retries').val() ?? ''),
    endpoints,
    rows,
    secretRows,
    urls,
    preview,
    typed,
  };
}
