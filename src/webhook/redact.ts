/** Shown instead of anything secret. */
export const MASK = '***';

const SECRET_QUERY_NAME = /key|token|secret|pass|pwd|auth|sig|session|code|credential|jwt/i;

/**
 * Where services put a credential in the URL, as text patterns so that a URL which does not parse is
 * masked too. Each starts with a literal and its quantifiers stop at a delimiter the following part
 * begins with, so every pattern runs in linear time on any text.
 */
const URL_SECRETS: ReadonlyArray<readonly [RegExp, string]> = [
  // userinfo (`user:password@`, or a token as the user name): all of it, up to the last @ of the authority
  [/(\/\/)[^/\\?#\s]*@/g, `$1${MASK}@`],
  // Slack incoming webhooks, workflows and triggers; Teams (`*.webhook.office.com/webhookb2/…`, `outlook.office.com/webhook/…`):
  // everything after the first path segment is the secret
  [/((?:hooks\.slack\.com|\.webhook\.office\.com|outlook\.office\.com)(?::\d+)?\/[^/?#\s]+\/)[^?#\s]+/gi, `$1${MASK}`],
  // Slack-style `/services/<team>/<bot>/<token>` on other hosts
  [/(\/services\/[^/?#\s]+\/[^/?#\s]+\/)[^/?#\s]+/gi, `$1${MASK}`],
  // Discord and similar: `/webhooks/<id>/<token>`
  [/(\/webhooks?\/[^/?#\s]+\/)[^/?#\s]+/gi, `$1${MASK}`],
  // Home Assistant: `/api/webhook/<webhook id>`, the id is the secret
  [/(\/api\/webhook\/)[^/?#\s]+/gi, `$1${MASK}`],
  // Mattermost, Rocket.Chat, Zapier: `/hooks/<key>…`
  [/(\/hooks\/)[^?#\s]+/gi, `$1${MASK}`],
  // Telegram: `/bot<id>:<token>/method`
  [/(\/bot)\d+:[^/?#\s]*/gi, `$1${MASK}`],
  // IFTTT: `/trigger/<event>/with/key/<key>` and `maker.ifttt.com/use/<key>`
  [/(\/with\/key\/)[^/?#\s]+/gi, `$1${MASK}`],
  [/(maker\.ifttt\.com(?::\d+)?\/use\/)[^/?#\s]+/gi, `$1${MASK}`],
];

// Matches wherever any URL_SECRETS pattern could (each pattern's literal, or `@` for userinfo): a URL
// with none of these skips them all, which is most URLs and saves nine scans per message. Literals only,
// so linear time.
const MAY_HOLD_PATH_SECRET = /@|hooks|webhook|office\.com|\/services\/|\/bot|\/with\/key\/|ifttt/i;

// A query parameter: the name stops at `?` too, so a run of `?` cannot make every start scan to the end.
const QUERY_PARAMETER = /([?&])([^=&#?\s]*)=([^&#\s]*)/g;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Replaces every occurrence of each secret in a text; short strings are left alone to keep text readable. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Masks userinfo, token-like query values and the known token-in-path shapes of every URL in a text. */
export function maskUrlSecrets(text: string): string {
  let out = text;
  if (MAY_HOLD_PATH_SECRET.test(text)) for (const [pattern, replacement] of URL_SECRETS) out = out.replace(pattern, replacement);
  // No parameter, or (nothing percent-encoded, so names read as written) no name that could be secret.
  if (!out.includes('=') || (!out.includes('%') && !SECRET_QUERY_NAME.test(out))) return out;
  return out.replace(QUERY_PARAMETER, (all: string, separator: string, name: string) =>
    SECRET_QUERY_NAME.test(decodedName(name)) ? `${separator}${name}=${MASK}` : all,
  );
}

/** A URL fit for logs, statuses and `msg.webhook.url`, also when it does not parse: see maskUrlSecrets, plus known secrets. */
export function redactUrl(url: string | URL, secrets: readonly string[] = []): string {
  return scrub(maskUrlSecrets(typeof url === 'string' ? url : url.href), secrets);
}

/** For a URL kept as a secret as a whole: only where it goes is shown. */
export function secretUrlLabel(url: URL): string {
  return `${url.protocol}//${url.host}/${MASK}`;
}
