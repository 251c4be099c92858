import type { MediaType } from '../media';
import { parseSecretHeaders, SECRET_HEADER_SLOTS, type WebhookSecrets } from './config';

/**
 * How the node keeps its secrets in Node-RED credentials. All are `password` credentials, so the
 * editor API answers only `has_<name>` for them, never the value (a `text` credential is sent to any
 * editor user, read-only ones included).
 *
 * Node-RED keeps, replaces or deletes each credential on its own when a dialog is saved, so every
 * secret header value has its own credential: `secretHeader0` … `secretHeader7`. A secret header row
 * in the flow names its credential by number (`slot`), which stays with the row when rows are
 * reordered, added or removed. `secretHeaders` is the JSON by media type and header name that rows
 * without a slot (flows saved by earlier versions, hand-written flows) still read.
 */
export const LEGACY_SECRET_HEADERS = 'secretHeaders';
export const SIGNING_SECRET = 'signingSecret';
export const SECRET_URL_CREDENTIAL: Readonly<Record<MediaType, string>> = { movie: 'movieSecretUrl', show: 'showSecretUrl' };

export function secretHeaderCredential(slot: number): string {
  return `secretHeader${slot}`;
}

export const SECRET_HEADER_CREDENTIALS: readonly string[] = Array.from({ length: SECRET_HEADER_SLOTS }, (_, slot) =>
  secretHeaderCredential(slot),
);

/** The node's credential definitions, as `RED.nodes.registerType` takes them. */
export const WEBHOOK_CREDENTIALS: Readonly<Record<string, { readonly type: 'password' }>> = Object.fromEntries(
  [LEGACY_SECRET_HEADERS, SIGNING_SECRET, SECRET_URL_CREDENTIAL.movie, SECRET_URL_CREDENTIAL.show, ...SECRET_HEADER_CREDENTIALS].map(
    (name) => [name, { type: 'password' as const }],
  ),
);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The secrets held in a node's credentials object; missing or malformed entries count as absent. */
export function secretsFromCredentials(credentials: Readonly<Record<string, unknown>> | undefined): WebhookSecrets {
  const creds = credentials ?? {};
  const legacy = parseSecretHeaders(creds[LEGACY_SECRET_HEADERS]);
  const slots: Record<number, string> = {};
  SECRET_HEADER_CREDENTIALS.forEach((name, slot) => {
    const value = text(creds[name]);
    if (value !== undefined) slots[slot] = value;
  });
  const urls: Partial<Record<MediaType, string>> = {};
  for (const mediaType of ['movie', 'show'] as const) {
    const url = text(creds[SECRET_URL_CREDENTIAL[mediaType]]);
    if (url !== undefined) urls[mediaType] = url;
  }
  return { movie: legacy.movie, show: legacy.show, slots, urls };
}

/** Values typed in the dialog (`typed`) over the stored ones, per slot, name and URL. */
export function overlaySecrets(stored: WebhookSecrets, typed: WebhookSecrets): WebhookSecrets {
  return {
    movie: { ...stored.movie, ...typed.movie },
    show: { ...stored.show, ...typed.show },
    slots: { ...stored.slots, ...typed.slots },
    urls: { ...stored.urls, ...typed.urls },
  };
}

/** Every secret value, so any text that is logged can be scrubbed of them. */
export function secretValues(secrets: WebhookSecrets): string[] {
  return [
    ...Object.values(secrets.movie),
    ...Object.values(secrets.show),
    ...Object.values(secrets.slots ?? {}),
    ...Object.values(secrets.urls ?? {}),
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}
