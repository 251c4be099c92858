/**
 * TLS settings for the connections this package opens (Jellyfin REST and socket, webhook requests):
 * a home CA, a client certificate, a server name. Plain values, so `src/` never needs to know where
 * they came from (in Node-RED: a core `tls-config` node).
 */

/** PEM text or bytes, as Node's `tls.connect` takes them. */
export type Pem = string | Buffer;

export interface TlsOptions {
  /** The certificate authorities to trust instead of the system's (a home or private CA). */
  readonly ca?: Pem;
  /** A client certificate and its key, for servers that ask for one. */
  readonly cert?: Pem;
  readonly key?: Pem;
  /** A PKCS#12 bundle (certificate and key in one file) instead of `cert` and `key`. */
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  /** The name to check the certificate against (and send as SNI) when it differs from the URL's host. */
  readonly servername?: string;
  /** False only when the user turned verification off; omitted means verified. */
  readonly rejectUnauthorized?: boolean;
}

/** What undici's `connect` (and `tls.connect`) take from a `TlsOptions`, without empty fields. */
export type TlsConnectOptions = {
  -readonly [K in keyof TlsOptions]?: TlsOptions[K];
};

/** True unless verification was turned off on purpose. */
export function verifiesCertificate(tls: TlsOptions | undefined): boolean {
  return tls?.rejectUnauthorized !== false;
}

function filled(value: Pem | undefined): boolean {
  return value !== undefined && value.length > 0;
}

/** The connect options of `tls`: only the fields that are set, so an empty value never replaces a default. */
export function tlsConnectOptions(tls: TlsOptions | undefined): TlsConnectOptions {
  if (!tls) return {};
  const options: TlsConnectOptions = {};
  if (filled(tls.ca)) options.ca = tls.ca;
  if (filled(tls.cert)) options.cert = tls.cert;
  if (filled(tls.key)) options.key = tls.key;
  if (filled(tls.pfx)) options.pfx = tls.pfx;
  if (tls.passphrase) options.passphrase = tls.passphrase;
  if (tls.servername) options.servername = tls.servername;
  if (tls.rejectUnauthorized === false) options.rejectUnauthorized = false;
  return options;
}
