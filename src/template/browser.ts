/**
 * What the editor loads as `window.JellyNextTemplate`: the runtime's own template engine and
 * request builder, so validation and preview in the dialog match what the node will send.
 */
export { checkTemplate, compileTemplate, DEFAULT_MOVIE_PAYLOAD, DEFAULT_SHOW_PAYLOAD, payloadContext, PLACEHOLDER_NAMES, SAMPLE_MOVIE, SAMPLE_SHOW } from './index';
export { normalizeConfig, parseSecretHeaders, SECRET_HEADER_SLOTS, SECRET_MARKER } from '../webhook/config';
export { secretHeaderCredential, SECRET_URL_CREDENTIAL } from '../webhook/credentials';
export { WebhookRequestBuilder } from '../webhook/request';
export { redactUrl } from '../webhook/redact';
export { placeholderInHost } from '../webhook/url-template';
