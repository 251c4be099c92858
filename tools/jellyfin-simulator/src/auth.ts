import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceRecord, Directory, SimUser } from './directory';
import type { VersionTraits } from './versions';

/**
 * Finding and checking the token, for REST and the WebSocket upgrade alike (docs/jellyfin-api.md §1.2, the
 * `AuthorizationContext.GetAuthorizationInfoFromDictionary` rules).
 */

export type TokenSource = 'Authorization' | 'X-Emby-Authorization' | 'X-Emby-Token' | 'X-MediaBrowser-Token' | 'ApiKey' | 'api_key';

export interface Credentials {
  readonly token?: string;
  readonly source?: TokenSource;
  /** Which header was parsed as the authorization header (whether or not it held the token). */
  readonly headerName?: 'Authorization' | 'X-Emby-Authorization';
  readonly client?: string;
  readonly device?: string;
  readonly deviceId?: string;
  readonly version?: string;
}

/** Who made the request, after the token was checked. */
export interface Caller {
  readonly kind: 'apiKey' | 'user';
  readonly token: string;
  readonly source: TokenSource;
  /** API key name, for `kind: 'apiKey'`. */
  readonly keyName?: string;
  readonly user?: SimUser;
  /** The Devices row behind a user access token. */
  readonly deviceRecord?: DeviceRecord;
  /** API keys get the Administrator role (§1.2). */
  readonly isAdmin: boolean;
  readonly client: string;
  readonly device: string;
  readonly deviceId: string;
  readonly version: string;
}

export type AuthResult =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'disabled' };

export interface ServerIdentity {
  readonly id: string;
  readonly name: string;
  readonly version: string;
}

/** Case-insensitive query lookup (ASP.NET query keys are case-insensitive, §6); first value wins. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** `WebUtility.UrlDecode`: `+` is a space, `%XX` are UTF-8 bytes, malformed escapes stay as written. */
export function urlDecode(text: string): string {
  const bytes: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '+') {
      bytes.push(0x20);
      i += 1;
    } else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
      i += char.length;
    }
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

/**
 * `GetParts`: comma-separated `key=value` pairs after the scheme, quotes optional, values URL-decoded.
 * Keys are compared case-insensitively here (the sheet does not say; see the report).
 */
export function parseAuthorizationParts(value: string, allowEmbyScheme: boolean): Map<string, string> | undefined {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  if (scheme !== 'mediabrowser' && !(allowEmbyScheme && scheme === 'emby')) return undefined;
  const parts = new Map<string, string>();
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  let segment = '';
  let inQuotes = false;
  const flush = () => {
    const eq = segment.indexOf('=');
    if (eq > 0) {
      const key = segment.slice(0, eq).trim().toLowerCase();
      let raw = segment.slice(eq + 1).trim();
      if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
      if (key !== '' && !parts.has(key)) parts.set(key, urlDecode(raw));
    }
    segment = '';
  };
  for (const ch of rest) {
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === ',' && !inQuotes) flush();
    else segment += ch;
  }
  flush();
  return parts;
}

/** Picks the authorization header and the token, in the §1.2 order of precedence. */
export function readCredentials(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  traits: VersionTraits,
  legacyAuth: boolean,
): Credentials {
  let headerName: Credentials['headerName'];
  let raw: string | undefined;
  if (traits.authorizationHeaderFirst) {
    // 10.11+: `Authorization`; `X-Emby-Authorization` only when `Authorization` is absent and legacy is on.
    raw = headerValue(headers, 'authorization');
    if (raw !== undefined) headerName = 'Authorization';
    else if (legacyAuth) {
      raw = headerValue(headers, 'x-emby-authorization');
      if (raw !== undefined) headerName = 'X-Emby-Authorization';
    }
  } else {
    // 10.8–10.10: `X-Emby-Authorization` if present, else `Authorization`.
    raw = headerValue(headers, 'x-emby-authorization');
    if (raw !== undefined) headerName = 'X-Emby-Authorization';
    else {
      raw = headerValue(headers, 'authorization');
      if (raw !== undefined) headerName = 'Authorization';
    }
  }
  const allowEmby = traits.hasLegacyAuthSwitch ? legacyAuth : true;
  const parts = raw === undefined ? undefined : parseAuthorizationParts(raw, allowEmby);
  const fromParts = (key: string) => {
    const value = parts?.get(key);
    return value === undefined || value === '' ? undefined : value;
  };
  const candidates: Array<[TokenSource, string | undefined]> = [
    [headerName ?? 'Authorization', fromParts('token')],
    ['X-Emby-Token', legacyAuth ? headerValue(headers, 'x-emby-token') : undefined],
    ['X-MediaBrowser-Token', legacyAuth ? headerValue(headers, 'x-mediabrowser-token') : undefined],
    ['ApiKey', queryValue(query, 'ApiKey')],
    ['api_key', legacyAuth ? queryValue(query, 'api_key') : undefined],
  ];
  const found = candidates.find(([, token]) => token !== undefined && token !== '');
  return {
    token: found?.[1],
    source: found?.[0],
    headerName: parts ? headerName : undefined,
    client: fromParts('client'),
    device: fromParts('device'),
    deviceId: fromParts('deviceid'),
    version: fromParts('version'),
  };
}

/** Checks the token: an API key (Client = key name, §1.2) or a user access token (a Devices row). */
export function authenticate(credentials: Credentials, directory: Directory, server: ServerIdentity): AuthResult {
  const token = credentials.token;
  if (token === undefined || credentials.source === undefined) return { ok: false, reason: 'missing' };
  const keyName = directory.apiKeys.get(token);
  if (keyName !== undefined) {
    return {
      ok: true,
      caller: {
        kind: 'apiKey',
        token,
        source: credentials.source,
        keyName,
        isAdmin: true,
        client: keyName,
        device: credentials.device ?? server.name,
        deviceId: credentials.deviceId ?? server.id,
        version: credentials.version ?? server.version,
      },
    };
  }
  const device = directory.accessTokens.get(token);
  const user = device ? directory.user(device.userId) : undefined;
  if (!device || !user) return { ok: false, reason: 'invalid' };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  return {
    ok: true,
    caller: {
      kind: 'user',
      token,
      source: credentials.source,
      user,
      deviceRecord: device,
      isAdmin: user.admin,
      client: credentials.client ?? device.client,
      device: credentials.device ?? device.deviceName,
      deviceId: credentials.deviceId ?? device.deviceId,
      version: credentials.version ?? device.version,
    },
  };
}
