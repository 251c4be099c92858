/** RFC 9110 token: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Names the HTTP client owns: where the request goes (`Host`), how the body is framed and the connection
 * handled. Set from a template they would send the request elsewhere or desynchronise it; undici refuses
 * some of them only while sending, which would count as a network error and be retried.
 */
const CLIENT_OWNED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'expect',
  'http2-settings',
]);

export const CONTENT_TYPE = 'content-type';

export function isContentType(name: string): boolean {
  return name.trim().toLowerCase() === CONTENT_TYPE;
}

/** Why a (rendered) header name cannot be sent, or undefined when it can. `name` is shown quoted as given. */
export function headerNameProblem(name: string): string | undefined {
  if (!HEADER_NAME.test(name)) return `the header name "${name}" is not a valid HTTP header name`;
  if (CLIENT_OWNED.has(name.toLowerCase())) return `the header "${name}" cannot be set: the HTTP client sets it itself`;
  return undefined;
}

// Names that carry a credential by convention (Authorization, Cookie, X-Api-Key, X-Auth-Token, …).
// One alternation of literals: linear in the name.
const SECRET_LOOKING = /authorization|cookie|token|secret|key|passw/i;

/** True when a header of this name usually carries a credential, so its value belongs in credentials, not in the flow. */
export function looksSecretHeaderName(name: string): boolean {
  return SECRET_LOOKING.test(name);
}
