/** Plain words for the errors a webhook call meets, instead of stack-trace jargon. */

function codeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface DescribedError {
  readonly code: string;
  readonly message: string;
}

/** Bytes the socket had read when it failed, where told: undici's SocketError carries its socket's, node-request's ConnectionFailure its own. */
function bytesRead(err: unknown): number | undefined {
  const failure = err as { bytesRead?: unknown; socket?: { bytesRead?: unknown } } | null;
  const read = failure?.bytesRead ?? failure?.socket?.bytesRead;
  return typeof read === 'number' ? read : undefined;
}

/** `secure`: the URL was https, so a silent close may be a refused client certificate. */
export function describeNetworkError(err: unknown, host: string, secure = false): DescribedError {
  const code = codeOf(err) ?? 'ERROR';
  // TLS 1.3 servers check the client certificate after the handshake and often just close: no alert arrives.
  if (secure && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') && !bytesRead(err)) {
    return {
      code,
      message: `TLS: ${host} closed the connection without answering (${code}): if it asks for a client certificate, add your certificate and key to the TLS configuration`,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { code, message: `connection refused by ${host}: is the service running on that port?` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code, message: `host not found: ${host}` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { code, message: `connection to ${host} was closed before the answer arrived` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code, message: `${host} cannot be reached from this machine` };
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 'TIMEOUT', message: `connecting to ${host} timed out` };
    default:
      if (isTlsCode(code)) return { code, message: `TLS: ${tlsAdvice(code, host)}` };
      return { code, message: err instanceof Error && err.message ? err.message : String(err) };
  }
}

/** Codes of Node's TLS layer and OpenSSL: certificate checks, alerts from the server, unusable keys. */
export function isTlsCode(code: string): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET_ISSUER)|OSSL/i.test(code);
}

const ASK_FOR_CA = 'choose a TLS configuration with your CA in the node';

/** What went wrong and what the user can do about it; every case names the code, for searching. */
function tlsAdvice(code: string, host: string): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `self-signed certificate at ${host} (${code}): ${ASK_FOR_CA}`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `self-signed CA in the certificate chain of ${host} (${code}): ${ASK_FOR_CA}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `the certificate of ${host} is signed by a CA this machine does not know (${code}): ${ASK_FOR_CA}`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the certificate of ${host} is made out to another name (${code}): use that name in the URL, or set it as the server name in the TLS configuration`;
    case 'CERT_HAS_EXPIRED':
      return `the certificate of ${host} has expired (${code}): renew it on the server`;
    case 'CERT_NOT_YET_VALID':
      return `the certificate of ${host} is not valid yet (${code}): check the clocks of both machines`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${host} does not answer https on that port (${code}): should the URL start with http://?`;
    default:
      if (/ALERT_(?:CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN)/i.test(code)) {
        return `${host} refused the connection without a client certificate it trusts (${code}): add your certificate and key to the TLS configuration`;
      }
      if (/OSSL|BAD_DECRYPT|KEY/i.test(code)) return `the TLS configuration's certificate, key or passphrase cannot be used (${code})`;
      return `certificate problem with ${host} (${code})`;
  }
}
