/** Shown instead of anything secret. */
export const MASK = '***';

const SECRET_QUERY_NAME = /key|token|secret|pass|auth|sig|session|code/i;
// Discord, Slack-style and similar services put the credential in the last path segment.
const WEBHOOK_TOKEN_PATH = /(\/webhooks?\/[^/]+\/)([^/?#]+)/i;

/** Replaces every occurrence of each secret in a text; short strings are left alone to keep text readable. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

function looksSecret(url: URL): boolean {
  if (url.password !== '' || WEBHOOK_TOKEN_PATH.test(url.pathname)) return true;
  if (url.search === '') return false;
  for (const name of url.searchParams.keys()) if (SECRET_QUERY_NAME.test(name)) return true;
  return false;
}

/** A URL fit for logs and `msg.webhook.url`: password, token-like query values and webhook tokens masked. */
export function redactUrl(url: string | URL, secrets: readonly string[] = []): string {
  let parsed: URL;
  try {
    // Most webhook URLs carry nothing secret: those are only scrubbed, not rebuilt.
    if (typeof url !== 'string' && !looksSecret(url)) return scrub(url.href, secrets);
    parsed = new URL(url);
  } catch {
    return scrub(String(url), secrets);
  }
  if (parsed.password) parsed.password = MASK;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_NAME.test(name)) parsed.searchParams.set(name, MASK);
  }
  parsed.pathname = parsed.pathname.replace(WEBHOOK_TOKEN_PATH, `$1${MASK}`);
  return scrub(parsed.toString().replace(/%2A%2A%2A/g, MASK), secrets);
}
