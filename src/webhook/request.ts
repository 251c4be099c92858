import { compileTemplate, TemplateError, type CompiledTemplate, type TemplateContext } from '../template/compile';
import { payloadContext } from '../template/payload-context';
import { collectValues } from '../template/placeholders';
import type { MediaType } from '../media';
import { type EndpointConfig, type Method, type WebhookConfig, type WebhookSecrets } from './config';
import { compileHeaders, mediaLabel as label, type BuilderIssue, type CompiledHeader } from './compile-headers';
import { headerNameProblem, isContentType } from './header-names';
import { resolveMediaType } from './media-type';
import { MASK, redactUrl, secretUrlLabel } from './redact';
import { compilePathGuard, type PathGuard } from './url-path';
import { placeholderInHost } from './url-template';
import { isObject } from '../util/guards';

export type { BuilderIssue } from './compile-headers';

const BODY_METHODS: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH']);

export interface PreparedRequest {
  readonly mediaType: MediaType;
  readonly method: Method;
  readonly url: string;
  /** The same URL, parsed once while building and handed to the HTTP client as it is. */
  readonly target: URL;
  /** For logs and `msg.webhook.url`. */
  readonly safeUrl: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The same headers with secret values masked, for logs. */
  readonly safeHeaders: ReadonlyArray<readonly [string, string]>;
  readonly body: string | undefined;
  /** Rendered secret values, so any text that is logged can be scrubbed of them. */
  readonly secrets: readonly string[];
}

/** A built request; its safe URL is worded when first read (the outcome, a log line), after the request has gone. */
class BuiltRequest implements PreparedRequest {
  private shownUrl: string | undefined;

  constructor(
    readonly mediaType: MediaType,
    readonly method: Method,
    readonly url: string,
    readonly target: URL,
    private readonly secretUrl: boolean,
    readonly headers: ReadonlyArray<readonly [string, string]>,
    readonly safeHeaders: ReadonlyArray<readonly [string, string]>,
    readonly body: string | undefined,
    readonly secrets: readonly string[],
  ) {}

  get safeUrl(): string {
    return (this.shownUrl ??= this.secretUrl ? secretUrlLabel(this.target) : redactUrl(this.target, this.secrets));
  }
}

export type BuildOutcome =
  { readonly ok: true; readonly request: PreparedRequest } | { readonly ok: false; readonly mediaType: MediaType; readonly error: string };

/** Adds signature headers computed over the final body; injected so this file stays free of Node APIs. */
export type Signer = (body: string) => ReadonlyArray<readonly [string, string]>;

interface CompiledEndpoint {
  readonly url: CompiledTemplate;
  /**
   * A URL without placeholders, parsed at deploy: parsing took about 50 µs of a Play's path (bench/README.md).
   * Only ever read, so messages share it. Undefined when the URL has placeholders or does not parse (each
   * message then reports it).
   */
  readonly constantTarget: URL | undefined;
  readonly pathGuard: PathGuard;
  /** The whole URL is a secret: logs and `msg.webhook.url` show only its origin. */
  readonly secretUrl: boolean;
  readonly headers: readonly CompiledHeader[];
  readonly payload: CompiledTemplate | undefined;
  readonly hasContentType: boolean;
  readonly payloadContext: TemplateContext;
}

/** `unset`: the node has no URL for this media type, which is fine as long as it has one for the other. */
type EndpointState =
  { readonly ok: true; readonly endpoint: CompiledEndpoint } | { readonly ok: false; readonly error: string; readonly unset?: boolean };

function compileEndpoint(
  mediaType: MediaType,
  config: EndpointConfig,
  secrets: WebhookSecrets,
  declared: readonly string[],
  warnings: BuilderIssue[],
): EndpointState {
  const which = label(mediaType);
  const urlSource = config.secretUrl ? secrets.urls?.[mediaType] : config.url;
  if (urlSource === undefined) {
    return {
      ok: false,
      error: `the secret ${which} URL is missing (flows are imported without credentials): open the node and enter it again`,
    };
  }
  if (urlSource.trim() === '') {
    return {
      ok: false,
      unset: true,
      error: `this node has no ${which} URL, so it does not send ${which}s: set the ${which} URL, or send ${which}s to another node`,
    };
  }
  const compiled = compileHeaders(mediaType, config, secrets, declared, warnings);
  if (!compiled.ok) return compiled;
  const { headers, values } = compiled;
  // Chosen from the real values: a secret Content-Type row escapes the payload as its value says.
  const context = payloadContext(values);
  let payload: CompiledTemplate | undefined;
  try {
    payload = compileTemplate(config.payload, context, [], declared);
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, error: `the ${which} payload is not valid JSON: ${err.message}` };
    throw err;
  }
  const url = compileTemplate(urlSource.trim(), 'url', [], declared);
  if (placeholderInHost(urlSource)) {
    warnings.push({
      mediaType,
      message: `${which} URL: a placeholder decides the host, so a value could send the request and its secrets to another server`,
    });
  }
  for (const template of [url, payload, ...headers.flatMap((h) => [h.name, h.value])]) {
    for (const warning of template.warnings) warnings.push({ mediaType, message: `${which} ${warning.message}` });
  }
  for (const hint of payload.hints) warnings.push({ mediaType, message: `${which} payload line ${hint.line}: ${hint.message}` });
  return {
    ok: true,
    endpoint: {
      url,
      constantTarget: url.isConstant ? parsedUrl(url.source) : undefined,
      pathGuard: compilePathGuard(urlSource),
      secretUrl: config.secretUrl,
      headers,
      payload: payload.isEmpty ? undefined : payload,
      hasContentType: values.some((h) => isContentType(h.name)),
      payloadContext: context,
    },
  };
}

function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Compiles the node's templates once, at deploy, and turns each message into a complete request.
 * A problem with one media type's settings is kept and reported per message of that type, so the
 * other type keeps working.
 */
export class WebhookRequestBuilder {
  readonly warnings: readonly BuilderIssue[];
  readonly problems: readonly BuilderIssue[];
  private readonly endpoints: Readonly<Record<MediaType, EndpointState>>;

  constructor(
    private readonly config: WebhookConfig,
    secrets: WebhookSecrets,
    private readonly signer?: Signer,
  ) {
    const warnings: BuilderIssue[] = [];
    const declared = config.customFields.fields.map((field) => field.name);
    for (const entry of config.customFields.invalid) {
      warnings.push({
        mediaType: 'movie',
        message: `custom fields: "${entry}" is not a name or a msg. path (letters, digits, _; no __proto__, constructor or prototype), so it is ignored`,
      });
    }
    this.endpoints = {
      movie: compileEndpoint('movie', config.movie, secrets, declared, warnings),
      show: compileEndpoint('show', config.show, secrets, declared, warnings),
    };
    this.warnings = warnings;
    const { movie, show } = this.endpoints;
    // One media type per node is fine; a node that can send neither is not.
    const neither = !movie.ok && movie.unset === true && !show.ok && show.unset === true;
    this.problems = neither
      ? [{ mediaType: 'movie', message: 'this node has neither a movie nor a show URL: set at least one' }]
      : (['movie', 'show'] as const).flatMap((mediaType) => {
          const state = this.endpoints[mediaType];
          return state.ok || state.unset === true ? [] : [{ mediaType, message: state.error }];
        });
  }

  /**
   * The request for one message; its fields come from `media` (msg.media) when that is an object, else from
   * `payload`. `message` (the whole msg) is where `{msg.…}` placeholders read.
   */
  build(payload: unknown, media: unknown, topic: unknown, now: Date, message?: unknown): BuildOutcome {
    const fields = isObject(media) ? media : isObject(payload) ? payload : undefined;
    if (!fields) {
      return {
        ok: false,
        mediaType: 'movie',
        error: `msg.payload should be an object with the media's fields (tmdbId, title, …) but is ${describeValue(payload)}`,
      };
    }
    const mediaType = resolveMediaType(fields, topic);
    const state = this.endpoints[mediaType];
    if (!state.ok) return { ok: false, mediaType, error: state.error };
    const endpoint = state.endpoint;
    const values = collectValues(media, payload, mediaType, now, message);
    const which = label(mediaType);

    const url = endpoint.url.render(values);
    const dotSegment = endpoint.pathGuard(url);
    if (dotSegment !== undefined) {
      return {
        ok: false,
        mediaType,
        error: `the ${label(mediaType)} URL: a placeholder value makes the path segment "${dotSegment}", which URL parsers collapse, so the request would reach another path; it was not sent`,
      };
    }
    let parsed: URL;
    try {
      parsed = endpoint.constantTarget ?? new URL(url);
    } catch {
      const shown = endpoint.secretUrl ? '' : `: "${redactUrl(url)}"`;
      return { ok: false, mediaType, error: `the ${endpoint.secretUrl ? 'secret ' : ''}${which} URL is not a valid URL${shown}` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { ok: false, mediaType, error: `only http:// and https:// URLs can be called, not ${parsed.protocol}//` };
    }

    const headers: Array<readonly [string, string]> = [];
    const safeHeaders: Array<readonly [string, string]> = [];
    const secrets: string[] = endpoint.secretUrl ? [url, parsed.href, `${parsed.pathname}${parsed.search}`] : [];
    for (const header of endpoint.headers) {
      const name = header.name.render(values).trim();
      if (name === '') continue;
      if (header.templatedName) {
        const problem = headerNameProblem(name);
        if (problem) return { ok: false, mediaType, error: `${which}: ${problem}` };
        // The payload's escaping was chosen at deploy from the literal Content-Type rows.
        if (isContentType(name)) {
          return {
            ok: false,
            mediaType,
            error: `${which}: the header name "${header.name.source}" became Content-Type; set Content-Type as a plain header name, it decides how the payload is escaped`,
          };
        }
      }
      const value = header.value.render(values).trim();
      headers.push([name, value]);
      safeHeaders.push([name, header.secret ? MASK : value]);
      if (header.secret) secrets.push(value);
    }

    let body: string | undefined;
    if (endpoint.payload && BODY_METHODS.has(this.config.method)) {
      body = endpoint.payload.render(values);
      if (!endpoint.hasContentType) {
        const type = endpoint.payloadContext === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
        headers.push(['Content-Type', type]);
        safeHeaders.push(['Content-Type', type]);
      }
    }
    if (this.signer) {
      for (const header of this.signer(body ?? '')) {
        headers.push(header);
        safeHeaders.push(header);
      }
    }
    return {
      ok: true,
      request: new BuiltRequest(mediaType, this.config.method, url, parsed, endpoint.secretUrl, headers, safeHeaders, body, secrets),
    };
  }
}
