import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TokenSource } from './auth';
import type { VersionTraits } from './versions';

/** Request recording and the few response shapes Jellyfin uses (docs/jellyfin-api.md §1.3, §6). */

export interface RecordedRequest {
  /** Wall-clock ms when the request arrived. */
  readonly at: number;
  readonly method: string;
  /** The request target exactly as sent (path and query). */
  readonly url: string;
  /** Percent-decoded path, base path included. */
  readonly path: string;
  /** Query parameters as sent (first value per name; names keep their case). */
  readonly query: Readonly<Record<string, string>>;
  /** Header names lower-cased, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** A WebSocket upgrade request (answered 101, 403 or 404). */
  readonly upgrade: boolean;
  /** Where the token was taken from (§1.2), when one was found. */
  tokenSource?: TokenSource;
  /** The token was found and valid (only set on endpoints that check it). */
  authorized?: boolean;
  /** Status code of the answer (101 for an accepted upgrade). */
  status?: number;
}

export interface SimResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body?: string;
}

/** The body `ExceptionMiddleware` writes for SecurityException/ResourceNotFound/ArgumentException (§1.3, §6). */
export const ERROR_TEXT = 'Error processing request.';

export function jsonResponse(value: unknown, status = 200): SimResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

export function rawJsonResponse(json: string, status = 200): SimResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: json };
}

export function emptyResponse(status: number): SimResponse {
  return { status };
}

/** 403 (SecurityException), 404 (ResourceNotFoundException), 400 (ArgumentException), 500: `text/plain`. */
export function errorResponse(status: number): SimResponse {
  return { status, contentType: 'text/plain', body: ERROR_TEXT };
}

/** `[ApiController]` model-binding / validation failure (§6): `application/problem+json`. */
export function problemResponse(traits: VersionTraits, status: 400 | 415, errors?: Record<string, string[]>): SimResponse {
  const modern = traits.badRequestType.includes('rfc9110');
  const type =
    status === 400
      ? traits.badRequestType
      : modern
        ? 'https://tools.ietf.org/html/rfc9110#section-15.5.16'
        : 'https://tools.ietf.org/html/rfc7231#section-6.5.13';
  const body = {
    type,
    title: status === 400 ? 'One or more validation errors occurred.' : 'Unsupported Media Type',
    status,
    errors: status === 400 ? (errors ?? {}) : undefined,
    traceId: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`,
  };
  return { status, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body) };
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string | number> = { server: 'Kestrel' };
  if (response.contentType !== undefined) headers['content-type'] = response.contentType;
  const body = response.body === undefined ? undefined : Buffer.from(response.body, 'utf8');
  headers['content-length'] = body?.length ?? 0;
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Reads a request body (up to `limit` bytes; more is cut off). */
export async function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The raw HTTP answer for a refused upgrade: nothing of the WebSocket handshake is sent. */
export function rawHttpResponse(response: SimResponse): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    503: 'Service Unavailable',
  };
  const body = Buffer.from(response.body ?? '', 'utf8');
  const lines = [
    `HTTP/1.1 ${response.status} ${reasons[response.status] ?? 'Error'}`,
    'Server: Kestrel',
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  if (response.contentType !== undefined) lines.push(`Content-Type: ${response.contentType}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.toString('utf8')}`;
}

/** `System.Text.Json` input formatter media types: `application/json`, `text/json`, `application/*+json`. */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'text/json' || /^application\/[^/]+\+json$/.test(type);
}
