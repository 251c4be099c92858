import { SECRET_HEADER_SLOTS } from '../../src/webhook/config';
import { isContentType } from '../../src/webhook/header-names';
import { placeholderInHost } from '../../src/webhook/url-template';
import { PLACEHOLDER_ANYWHERE } from '../../src/template/placeholder-syntax';
import { MEDIA_TYPES, t, type DialogState } from './model';

/** The box above the tabs: what would make requests fail or leak, for both media types at once. */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host a plain http:// URL goes to, unless it stays on this machine. */
function plainHttpHost(url: string): string | undefined {
  if (!/^\s*http:\/\//i.test(url)) return undefined;
  try {
    const host = new URL(url.trim().replace(PLACEHOLDER_ANYWHERE, 'x')).hostname.toLowerCase();
    return LOCAL_HOSTS.has(host) ? undefined : host;
  } catch {
    return undefined;
  }
}

export function showWarnings(state: DialogState, signed: boolean): void {
  const box = $('#jellynext-warnings').empty();
  const say = (key: string, values?: Record<string, unknown>): void => void box.append($('<div>').text(t(key, values)));
  const empty = MEDIA_TYPES.filter((media) => !state.urls[media].stored && (state.urls[media].text ?? '').trim() === '');
  if (empty.length > 0) say(`warnings.emptyUrl.${empty.length > 1 ? 'both' : empty[0]}`);
  for (const entry of state.customFields.invalid) say('notes.customFields', { entry });
  for (const media of MEDIA_TYPES) {
    const noun = t(`media.${media}`);
    const secretRows = state.secretRows.filter((row) => row.media === media);
    for (const row of secretRows) {
      if (row.state === 'missing') say('warnings.missingSecret', { media: noun, name: row.name });
      else if (row.state === 'typed' && row.slot === undefined)
        say('warnings.tooManySecrets', { media: noun, name: row.name, count: SECRET_HEADER_SLOTS });
      if (isContentType(row.name)) say('warnings.secretContentType', { media: noun });
    }
    const url = state.urls[media];
    if (url.secret && empty.includes(media)) say('warnings.missingSecretUrl', { media: noun });
    const known = url.text ?? '';
    if (placeholderInHost(known)) say('warnings.placeholderInHost', { media: noun });
    const host = plainHttpHost(known);
    const names = secretRows.map((row) => row.name);
    if (host && (names.length > 0 || signed || url.secret)) {
      const key =
        names.length > 1
          ? 'plainHttpSecrets'
          : names.length === 1
            ? 'plainHttpSecret'
            : url.secret
              ? 'plainHttpSecretUrl'
              : 'plainHttpSigned';
      say(`warnings.${key}`, { media: noun, names: names.join(', '), host });
    }
  }
}
