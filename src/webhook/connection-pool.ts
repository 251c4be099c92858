import type { Dispatcher } from 'undici';
import { tlsConnectOptions, type TlsOptions } from '../http/tls';
import { undiciParts } from '../http/undici';
import { AnswerCollector, type Exchange } from './answer-collector';

/** A request as it goes on the wire: the URL already split, the headers as name, value, name, value… */
export interface OutgoingRequest {
  readonly origin: string;
  readonly path: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: string[];
  readonly body?: string | Buffer;
}

/** What sending needs of a connection pool. */
export interface RequestDispatcher {
  /** Starts the request; at most `limit` bytes of the answer's body are kept. */
  exchange(request: OutgoingRequest, limit: number): Exchange;
  destroy(): Promise<void>;
}

export interface PoolSettings {
  /** At most this many sockets per host; no limit when omitted. */
  readonly connections?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly tls?: TlsOptions;
}

/**
 * One keep-alive connection pool for all messages of a node, at most `connections` sockets per host,
 * with the node's TLS settings; honours HTTP(S)_PROXY / NO_PROXY when set. Nothing is loaded or opened
 * until the first request: a deployed flow that has sent nothing yet carries no HTTP client.
 */
export function createDispatcher(connections?: number, env: NodeJS.ProcessEnv = process.env, tls?: TlsOptions): ConnectionPool {
  return new ConnectionPool({ ...(connections === undefined ? {} : { connections }), env, ...(tls ? { tls } : {}) });
}

/** An environment variable by its lower-case name first, as curl and undici read them; '' when unset. */
function variable(env: NodeJS.ProcessEnv, lower: string, upper: string): string {
  return env[lower] || env[upper] || '';
}

function makeAgent(settings: PoolSettings): Dispatcher {
  const secure = tlsConnectOptions(settings.tls);
  const options = {
    keepAliveTimeout: 4_000,
    connect: { timeout: 10_000, ...secure },
    ...(settings.connections === undefined ? {} : { connections: settings.connections }),
  };
  const parts = undiciParts();
  const env = settings.env ?? {};
  const httpProxy = variable(env, 'http_proxy', 'HTTP_PROXY');
  const httpsProxy = variable(env, 'https_proxy', 'HTTPS_PROXY');
  if (httpProxy === '' && httpsProxy === '') return new parts.Agent(options);
  // Through a proxy, `connect` reaches the proxy (and hosts under NO_PROXY); `requestTls` the endpoint behind it.
  // The variables are handed over, '' for unset: left undefined, undici would read process.env instead
  // (an empty HTTPS proxy makes it use the HTTP one for https, as it does for the variables).
  return new (parts.EnvHttpProxyAgent())({
    ...options,
    requestTls: secure,
    httpProxy,
    httpsProxy,
    noProxy: variable(env, 'no_proxy', 'NO_PROXY'),
  });
}

export class ConnectionPool implements RequestDispatcher {
  private agent: Dispatcher | undefined;
  private destroyed = false;

  constructor(private readonly settings: PoolSettings) {}

  exchange(request: OutgoingRequest, limit: number): Exchange {
    const collector = new AnswerCollector(limit);
    if (this.destroyed)
      collector.onResponseError(undefined, Object.assign(new Error('the connection pool was closed'), { code: 'UND_ERR_DESTROYED' }));
    else {
      this.agent ??= makeAgent(this.settings);
      this.agent.dispatch(request, collector);
    }
    return collector;
  }

  /** undici's counts per origin (sockets connected, requests running and queued); empty before the first request. */
  get stats(): Readonly<Record<string, unknown>> {
    return (this.agent as { stats?: Record<string, unknown> } | undefined)?.stats ?? {};
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.agent?.destroy();
  }
}
