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

export function describeNetworkError(err: unknown, host: string): DescribedError {
  const code = codeOf(err) ?? 'ERROR';
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
      if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
        return { code, message: `TLS certificate problem with ${host} (${code})` };
      }
      return { code, message: err instanceof Error && err.message ? err.message : String(err) };
  }
}
