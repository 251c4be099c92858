/** A Jellyfin base URL, base path kept (`https://host/jellyfin`), in its REST and WebSocket forms. */
export interface ServerUrl {
  /** No trailing slash. */
  readonly base: string;
  readonly socket: string;
}

export class ServerUrlError extends Error {
  override readonly name = 'ServerUrlError';
}

export function parseServerUrl(input: string): ServerUrl {
  const trimmed = input.trim();
  if (trimmed === '') throw new ServerUrlError('the server URL is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServerUrlError(`"${input}" is not a valid URL (expected e.g. http://jellyfin:8096)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUrlError(`the server URL must start with http:// or https://, not ${url.protocol}//`);
  }
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/+$/, '');
  const socket = `${base.replace(/^http/, 'ws')}/socket`;
  return { base, socket };
}
