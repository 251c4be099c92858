import { setMaxListeners } from 'node:events';
import type { MessageCommand } from '@jellyfin/sdk/lib/generated-client/models';
import type { Dispatcher } from 'undici';
import { undici } from '../http/undici';
import { describeNetworkError, isTlsCode } from '../http/network-error';
import { tlsConnectOptions, type TlsConnectOptions, type TlsOptions } from '../http/tls';
import {
  isSystemInfo,
  readItem,
  sessionsFrom,
  usersFrom,
  type ItemDto,
  type MalformedField,
  type SessionDto,
  type SystemInfoDto,
  type UserDto,
} from './dto';
import { JellyfinError } from './errors';
import { authorizationHeader, type ClientIdentity } from './identity';
import { pathId } from './path-id';
import { parseServerUrl, type ServerUrl } from './server-url';

export interface JellyfinClientOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly identity: ClientIdentity;
  readonly timeoutMs?: number;
  /** A home CA, a client certificate: used for REST and the session watcher's socket alike. */
  readonly tls?: TlsOptions;
  /** Told each field of an answer that had the wrong type and was dropped. */
  readonly onMalformed?: MalformedField;
}

export interface DisplayMessage {
  readonly header: string;
  readonly text: string;
  readonly timeoutMs: number;
}

type Query = Readonly<Record<string, string | number | undefined>>;

/** The largest answer read: a `Sessions` list of a thousand busy sessions is a few MB, one item far less. */
const MAX_SESSIONS_BYTES = 32 * 1024 * 1024;
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Jellyfin's REST API, the few calls this package needs, over one keep-alive connection pool. */
export class JellyfinClient {
  readonly server: ServerUrl;
  readonly authorization: string;
  /** The connection pool of the REST calls, with the TLS settings. */
  readonly dispatcher: Dispatcher;
  /** The TLS settings of every connection to this server: the session watcher's socket uses them too. */
  readonly tls: TlsConnectOptions;
  private readonly timeoutMs: number;
  private readonly closing = new AbortController();
  /** Where malformed fields are reported; the session watcher reports its frames' here too. */
  readonly onMalformedField: MalformedField | undefined;

  constructor(options: JellyfinClientOptions) {
    this.onMalformedField = options.onMalformed;
    // Every call in flight listens to this one signal: many listeners are expected, not a leak.
    setMaxListeners(0, this.closing.signal);
    this.server = parseServerUrl(options.url);
    this.authorization = authorizationHeader(options.identity, options.apiKey);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.tls = tlsConnectOptions(options.tls);
    this.dispatcher = new (undici().Agent)({
      keepAliveTimeout: 10_000,
      connect: { timeout: this.timeoutMs, ...tlsConnectOptions(options.tls) },
    });
  }

  /** `GET /System/Info`: authenticated, so it proves the key (`/System/Info/Public` does not check it). */
  async systemInfo(): Promise<SystemInfoDto> {
    let body: unknown;
    try {
      body = await this.call('GET', '/System/Info');
    } catch (err) {
      // Every Jellyfin has this route: without it, the URL (or its base path) points at something else.
      if (isMissingRoute(err)) {
        throw new JellyfinError(
          'not-jellyfin',
          `${this.server.base} is not a Jellyfin server (it has no /System/Info): check the URL and its base path`,
          (err as JellyfinError).status,
        );
      }
      throw err;
    }
    if (!isSystemInfo(body)) throw new JellyfinError('not-jellyfin', `${this.server.base} answered, but not like a Jellyfin server`);
    return body;
  }

  async sessions(): Promise<SessionDto[]> {
    const sessions = sessionsFrom(await this.call('GET', '/Sessions', undefined, undefined, MAX_SESSIONS_BYTES), this.onMalformedField);
    if (!sessions) throw new JellyfinError('not-jellyfin', `${this.server.base}/Sessions did not answer with a list of sessions`);
    return sessions;
  }

  /** `GET /Users` (§6.8): every user, to find one's id by name. */
  async users(): Promise<UserDto[]> {
    const users = usersFrom(await this.call('GET', '/Users'));
    if (!users) throw new JellyfinError('not-jellyfin', `${this.server.base}/Users did not answer with a list of users`);
    return users;
  }

  /**
   * `GET /Items/{id}?userId=` (10.9+), falling back to 10.8's `/Users/{userId}/Items/{id}`. 10.8 answers
   * the first with 405, not 404: that path only has POST and DELETE routes there (docs/jellyfin-api.md §6.4).
   */
  async item(itemId: string, userId: string | undefined): Promise<ItemDto> {
    let body: unknown;
    try {
      body = await this.call('GET', `/Items/${pathId(itemId, 'item id')}`, userId ? { userId } : undefined);
    } catch (err) {
      if (!userId || !isMissingRoute(err)) throw err;
      body = await this.call('GET', `/Users/${pathId(userId, 'user id')}/Items/${pathId(itemId, 'item id')}`);
    }
    const item = readItem(body, 'item', this.onMalformedField);
    if (!item) throw new JellyfinError('not-jellyfin', `item ${itemId}: unexpected answer`);
    return item;
  }

  async sendMessage(sessionId: string, message: DisplayMessage): Promise<void> {
    await this.call('POST', `/Sessions/${pathId(sessionId, 'session id')}/Message`, undefined, {
      Header: message.header,
      Text: message.text,
      TimeoutMs: message.timeoutMs,
    } satisfies MessageCommand);
  }

  async stopPlayback(sessionId: string): Promise<void> {
    await this.call('POST', `/Sessions/${pathId(sessionId, 'session id')}/Playing/Stop`);
  }

  /** `DELETE /UserPlayedItems/{id}` (10.9+), falling back to the 10.8 route `/Users/{userId}/PlayedItems/{id}`. */
  async markUnplayed(itemId: string, userId: string): Promise<void> {
    try {
      await this.call('DELETE', `/UserPlayedItems/${pathId(itemId, 'item id')}`, { userId });
    } catch (err) {
      if (!isMissingRoute(err)) throw err;
      await this.call('DELETE', `/Users/${pathId(userId, 'user id')}/PlayedItems/${pathId(itemId, 'item id')}`);
    }
  }

  /**
   * `POST /Sessions/Capabilities`: declares that this client plays nothing and takes no commands. Jellyfin
   * raises `CapabilitiesChanged` on every such call, which forces a `Sessions` push to every working
   * subscription (docs/jellyfin-api.md §3.2) — so it proves, in one request, whether the server pushes.
   */
  async reportCapabilities(): Promise<void> {
    await this.call('POST', '/Sessions/Capabilities', { supportsMediaControl: 'false', supportsPersistentIdentifier: 'true' });
  }

  /** Aborts calls in flight and closes the connections. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.dispatcher.destroy().catch(() => undefined);
  }

  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query?: Query,
    json?: unknown,
    maxBytes = MAX_ANSWER_BYTES,
  ): Promise<unknown> {
    const url = new URL(this.server.base + path);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (json !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await undici().request(url, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        dispatcher: this.dispatcher,
        signal: AbortSignal.any([timeout.signal, this.closing.signal]),
      });
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump().catch(() => undefined);
        throw statusError(response.statusCode, method, path, this.server.base);
      }
      return parseJson(await readCapped(response.body, maxBytes, `${method} ${path}`));
    } catch (err) {
      if (err instanceof JellyfinError) throw err;
      if (this.closing.signal.aborted) throw new JellyfinError('cancelled', 'the connection to Jellyfin was closed');
      if (timeout.signal.aborted)
        throw new JellyfinError('timeout', `Jellyfin at ${this.server.base} did not answer within ${this.timeoutMs / 1000} s`);
      const described = describeNetworkError(err, url.host, url.protocol === 'https:');
      throw new JellyfinError(isTlsCode(described.code) ? 'tls' : 'network', described.message);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body as text, refused (and the connection dropped) as soon as it passes `maxBytes`. */
async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new JellyfinError('too-large', `Jellyfin's answer to ${what} is larger than ${maxBytes / 1024 / 1024} MB: refused`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** 404, or 405 where a path exists only for other methods (10.8's `/Items/{id}`). */
function isMissingRoute(err: unknown): boolean {
  return err instanceof JellyfinError && (err.kind === 'not-found' || err.status === 405);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function statusError(status: number, method: string, path: string, base: string): JellyfinError {
  if (status === 401 || status === 403)
    return new JellyfinError('unauthorized', 'Jellyfin refused the API key (wrong or deleted key?)', status);
  if (status === 404) return new JellyfinError('not-found', `${method} ${path}: not found`, status);
  if (status === 400) return new JellyfinError('bad-request', `${method} ${path}: Jellyfin refused the request (HTTP 400)`, status);
  if (status >= 500) return new JellyfinError('server', `Jellyfin at ${base} had an internal error (HTTP ${status})`, status);
  return new JellyfinError('not-jellyfin', `${method} ${path}: unexpected HTTP ${status} from ${base}`, status);
}
