import { compileTemplate } from '../../src/template/compile';
import type { HeaderLike } from '../../src/template/payload-context';
import type { MediaType } from '../../src/media';
import { LIMITS, MAX_RETRIES, METHODS, SECRET_MARKER } from '../../src/webhook/config';
import { SECRET_URL_CREDENTIAL } from '../../src/webhook/credentials';
import { headerNameProblem, isContentType } from '../../src/webhook/header-names';
import { t } from './model';
import { checkPayload } from './payload-check';

/**
 * The node's property validators, with the runtime's own rules: what makes deploy fail (an empty URL, a
 * payload that is not valid JSON, a header name HTTP does not allow) marks the node invalid in the editor,
 * with the reason. Node-RED takes a returned reason only from validators declared with two parameters
 * (value, opt): the .html declares them so and passes the node where the rule needs its other properties.
 * undefined or null means the flow omits the property and the runtime uses its default.
 */

const omitted = (value: unknown): boolean => value === undefined || value === null;

function wholeNumber(value: unknown, min: number, max: number): boolean {
  return omitted(value) || (/^\s*\d+\s*$/.test(String(value)) && Number(value) >= min && Number(value) <= max);
}

function numberFrom(value: unknown, min: number, max: number): boolean {
  const number = Number(value);
  return omitted(value) || (String(value).trim() !== '' && Number.isFinite(number) && number >= min && number <= max);
}

export function validateMethod(value: unknown): true | string {
  return omitted(value) || (METHODS as readonly unknown[]).includes(value) || t('errors.method');
}

export function validateTimeout(value: unknown): true | string {
  const seconds = Number(value);
  return omitted(value) || (String(value).trim() !== '' && Number.isFinite(seconds) && seconds > 0) || t('errors.timeout');
}

export function validateRetries(value: unknown): true | string {
  return wholeNumber(value, 0, MAX_RETRIES) || t('errors.retries');
}

export function validateParallel(value: unknown): true | string {
  return wholeNumber(value, 1, LIMITS.parallel) || t('errors.parallel');
}

export function validateQueueSize(value: unknown): true | string {
  return wholeNumber(value, 0, LIMITS.queueSize) || t('errors.queueSize');
}

export function validateRateLimit(value: unknown): true | string {
  return numberFrom(value, 0, LIMITS.rateLimit) || t('errors.rateLimit');
}

/** A secret URL lives in credentials; the editor knows them only once loaded, and then whether it is saved or typed. */
function secretUrlKnownMissing(node: EditorNode, media: MediaType): boolean {
  const credentials = node.credentials;
  if (credentials === null || typeof credentials !== 'object') return false;
  const record = credentials as Record<string, unknown>;
  const name = SECRET_URL_CREDENTIAL[media];
  const typed = record[name];
  return record[`has_${name}`] !== true && !(typeof typed === 'string' && typed !== '');
}

/** Whether the node has a URL for this media type: typed, the marker of a saved secret one, or a secret one not known to be missing. */
function hasUrl(node: EditorNode, media: MediaType, value: unknown = node[`${media}Url`]): boolean {
  const url = String(value ?? '').trim();
  return url !== '' || (node[`${media}UrlSecret`] === true && !secretUrlKnownMissing(node, media));
}

/**
 * One URL is enough: a node may serve one media type and send the other to output 2 (the runtime says so
 * per message). Only a node with neither URL is invalid. A secret URL's flow property is empty on purpose;
 * the marker stands for a saved one while the dialog is open.
 */
export function validateUrl(value: unknown, node: EditorNode, media: MediaType): true | string {
  const url = String(value ?? '').trim();
  if (url === SECRET_MARKER) return true;
  if (url === '') return hasUrl(node, media, value) || hasUrl(node, media === 'movie' ? 'show' : 'movie') || t('errors.urlEmpty');
  return /^https?:\/\/\S+$/i.test(url) || t('errors.url');
}

function headerRows(value: unknown): Array<HeaderLike & { readonly type?: unknown }> {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).flatMap((row) => {
    if (row === null || typeof row !== 'object') return [];
    const { name, value: text, type } = row as Record<string, unknown>;
    return [{ name: typeof name === 'string' ? name.trim() : '', value: typeof text === 'string' ? text : '', type }];
  });
}

/** A header name without placeholders is checked at deploy, with the rule the node sends by; one with them once rendered. */
export function validateHeaders(value: unknown, media: MediaType): true | string {
  for (const row of headerRows(value)) {
    if (row.name === '' || !compileTemplate(row.name, 'header').isConstant) continue;
    const problem = headerNameProblem(row.name);
    if (problem) return t('errors.header', { media: t(`media.${media}`), problem });
  }
  return true;
}

/** The payload must compile as deploy compiles it, escaped as the media type's Content-Type row says. */
export function validatePayload(value: unknown, node: EditorNode, media: MediaType): true | string {
  const headers = headerRows(node[`${media}Headers`]);
  // Escaped as a saved secret Content-Type says, which the editor cannot read: the node checks it at deploy.
  if (typeof value !== 'string' || headers.some((row) => row.type === 'cred' && isContentType(row.name))) return true;
  const { check } = checkPayload(value, headers);
  if (!check.error) return true;
  const { line, column, message } = check.error;
  return t('errors.payload', { media: t(`media.${media}`), line, column, message });
}
