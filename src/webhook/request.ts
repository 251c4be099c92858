import { compileTemplate, TemplateError, type CompiledTemplate, type TemplateContext } from '../template/compile';
import { payloadContext } from '../template/payload-context';
import { collectValues } from '../template/placeholders';
import type { MediaType } from '../template/samples';
import { type EndpointConfig, type Method, type SecretHeaders, type WebhookConfig } from './config';
import { resolveMediaType } from './media-type';
import { MASK, redactUrl } from './redact';
import { compilePathGuard, type PathGuard } from './url-path';

/** RFC 9110 token: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
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

export type BuildOutcome =
  | { readonly ok: true; readonly request: PreparedRequest }
  | { readonly ok: false; readonly mediaType: MediaType; readonly error: string };

/** Adds signature headers computed over the final body; injected so this file stays free of Node APIs. */
export type Signer = (body: string) => ReadonlyArray<readonly [string, string]>;

interface CompiledHeader {
  readonly name: CompiledTemplate;
  readonly value: CompiledTemplate;
  readonly secret: boolean;
}

interface CompiledEndpoint {
  readonly url: CompiledTemplate;
  readonly pathGuard: PathGuard;
  readonly headers: readonly CompiledHeader[];
  readonly payload: CompiledTemplate | undefined;
  readonly hasContentType: boolean;
  readonly payloadContext: TemplateContext;
}

type EndpointState = { readonly ok: true; readonly endpoint: CompiledEndpoint } | { readonly ok: false; readonly error: string };

export interface BuilderIssue {
  readonly mediaType: MediaType;
  readonly message: string;
}

function label(mediaType: MediaType): string {
  return mediaType === 'show' ? 'show' : 'movie';
}

function compileEndpoint(mediaType: MediaType, config: EndpointConfig, secrets: Readonly<Record<string, string>>, warnings: BuilderIssue[]): EndpointState {
  const which = label(mediaType);
  if (config.url === '') {
    return { ok: false, error: `the ${which} URL is empty: set it in the node (JellyNext needs both the movie and the show URL)` };
  }
  const headers: CompiledHeader[] = [];
  for (const entry of config.headers) {
    const secret = entry.type === 'cred';
    let value = entry.value;
    if (secret) {
      const stored = secrets[entry.name];
      if (stored === undefined) {
        return { ok: false, error: `the secret value of the ${which} header "${entry.name}" is missing: open the node and enter it again` };
      }
      value = stored;
    }
    headers.push({ name: compileTemplate(entry.name, 'header'), value: compileTemplate(value, 'header'), secret });
  }
  const context = payloadContext(config.headers);
  let payload: CompiledTemplate | undefined;
  try {
    payload = compileTemplate(config.payload, context);
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, error: `the ${which} payload is not valid JSON: ${err.message}` };
    throw err;
  }
  const url = compileTemplate(config.url, 'url');
  for (const template of [url, payload, ...headers.flatMap((h) => [h.name, h.value])]) {
    for (const warning of template.warnings) warnings.push({ mediaType, message: `${which} ${warning.message}` });
  }
  for (const hint of payload.hints) warnings.push({ mediaType, message: `${which} payload line ${hint.line}: ${hint.message}` });
  return {
    ok: true,
    endpoint: {
      url,
      pathGuard: compilePathGuard(config.url),
      headers,
      payload: payload.isEmpty ? undefined : payload,
      hasContentType: config.headers.some((h) => h.name.trim().toLowerCase() === 'content-type'),
      payloadContext: context,
    },
  };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    secrets: SecretHeaders,
    private readonly signer?: Signer,
  ) {
    const warnings: BuilderIssue[] = [];
    this.endpoints = {
      movie: compileEndpoint('movie', config.movie, secrets.movie, warnings),
      show: compileEndpoint('show', config.show, secrets.show, warnings),
    };
    this.warnings = warnings;
    this.problems = (['movie', 'show'] as const).flatMap((mediaType) => {
      const state = this.endpoints[mediaType];
      return state.ok ? [] : [{ mediaType, message: state.error }];
    });
  }

  build(payload: unknown, media: unknown, topic: unknown, now: Date): BuildOutcome {
    const fields = isObject(payload) ? payload : isObject(media) ? media : undefined;
    if (!fields) {
      return { ok: false, mediaType: 'movie', error: `msg.payload should be an object with the media's fields (tmdbId, title, …) but is ${describeValue(payload)}` };
    }
    const mediaType = resolveMediaType(fields, topic);
    const state = this.endpoints[mediaType];
    if (!state.ok) return { ok: false, mediaType, error: state.error };
    const endpoint = state.endpoint;
    const values = collectValues(payload, media, mediaType, now);

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
      parsed = new URL(url);
    } catch {
      return { ok: false, mediaType, error: `the ${label(mediaType)} URL is not a valid URL: "${redactUrl(url)}"` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { ok: false, mediaType, error: `only http:// and https:// URLs can be called, not ${parsed.protocol}//` };
    }

    const headers: Array<readonly [string, string]> = [];
    const safeHeaders: Array<readonly [string, string]> = [];
    const secrets: string[] = [];
    for (const header of endpoint.headers) {
      const name = header.name.render(values).trim();
      if (name === '') continue;
      if (!HEADER_NAME.test(name)) {
        return { ok: false, mediaType, error: `the header name "${name}" is not a valid HTTP header name` };
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
      request: { mediaType, method: this.config.method, url, target: parsed, safeUrl: redactUrl(parsed, secrets), headers, safeHeaders, body, secrets },
    };
  }
}
