export { DEFAULTS, LIMITS, METHODS, SECRET_HEADER_SLOTS, SECRET_MARKER, normalizeConfig, parseSecretHeaders } from './config';
export type { EndpointConfig, HeaderEntry, Method, RawWebhookProperties, SecretHeaders, WebhookConfig, WebhookSecrets } from './config';
export {
  LEGACY_SECRET_HEADERS,
  SECRET_HEADER_CREDENTIALS,
  SECRET_URL_CREDENTIAL,
  SIGNING_SECRET,
  WEBHOOK_CREDENTIALS,
  overlaySecrets,
  secretHeaderCredential,
  secretValues,
  secretsFromCredentials,
} from './credentials';
export { headerNameProblem } from './header-names';
export { resolveMediaType } from './media-type';
export { MASK, maskUrlSecrets, redactUrl, scrub } from './redact';
export { WebhookRequestBuilder } from './request';
export type { BuildOutcome, BuilderIssue, PreparedRequest, Signer } from './request';
export { backoffDelay, parseRetryAfter } from './retry';
export { ConnectionPool, createDispatcher } from './connection-pool';
export type { RequestDispatcher } from './connection-pool';
export { MAX_BODY_BYTES, sendWebhook } from './sender';
export type { RetryInfo, SendOptions, SendResult } from './sender';
export { SendQueue } from './send-queue';
export type { Admission, QueueLimits } from './send-queue';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, createSigner, signature } from './signing';
export { placeholderInHost } from './url-template';
