// A webhook's header rows, compiled at deploy: real values from credentials, names checked once when they are literal.
import { compileTemplate, type CompiledTemplate } from '../template/compile';
import type { MediaType } from '../media';
import type { EndpointConfig, HeaderEntry, WebhookSecrets } from './config';
import { headerNameProblem, isContentType } from './header-names';

export interface BuilderIssue {
  readonly mediaType: MediaType;
  readonly message: string;
}

export interface CompiledHeader {
  readonly name: CompiledTemplate;
  /** The name has placeholders, so it is checked again once rendered. */
  readonly templatedName: boolean;
  readonly value: CompiledTemplate;
  readonly secret: boolean;
}

export function mediaLabel(mediaType: MediaType): string {
  return mediaType === 'show' ? 'show' : 'movie';
}

/** The value of a secret row: from its credential slot, or by name for rows saved before slots existed. */
function secretValue(entry: HeaderEntry, mediaType: MediaType, secrets: WebhookSecrets): string | undefined {
  return entry.slot === undefined ? secrets[mediaType][entry.name] : secrets.slots?.[entry.slot];
}

type HeadersState =
  | { readonly ok: true; readonly headers: CompiledHeader[]; readonly values: HeaderEntry[] }
  | { readonly ok: false; readonly error: string };

/**
 * Header rows with their real values (secret ones from credentials). Names without placeholders are
 * checked here, at deploy; only the first Content-Type row is kept, whatever its case.
 */
export function compileHeaders(
  mediaType: MediaType,
  config: EndpointConfig,
  secrets: WebhookSecrets,
  declared: readonly string[],
  warnings: BuilderIssue[],
): HeadersState {
  const which = mediaLabel(mediaType);
  const headers: CompiledHeader[] = [];
  const values: HeaderEntry[] = [];
  let contentType = false;
  for (const entry of config.headers) {
    const secret = entry.type === 'cred';
    const value = secret ? secretValue(entry, mediaType, secrets) : entry.value;
    if (value === undefined) {
      return { ok: false, error: `the secret value of the ${which} header "${entry.name}" is missing: open the node and enter it again` };
    }
    const name = compileTemplate(entry.name, 'header', [], declared);
    const templatedName = !name.isConstant;
    const literal = entry.name.trim();
    if (!templatedName && literal !== '') {
      const problem = headerNameProblem(literal);
      if (problem) return { ok: false, error: `${which}: ${problem}` };
    }
    if (isContentType(entry.name)) {
      if (contentType) {
        warnings.push({ mediaType, message: `${which} headers: Content-Type is set more than once; only the first is sent` });
        continue;
      }
      contentType = true;
    }
    headers.push({ name, templatedName, value: compileTemplate(value, 'header', [], declared), secret });
    values.push({ name: entry.name, value });
  }
  return { ok: true, headers, values };
}
