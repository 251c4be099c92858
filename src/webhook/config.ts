import { parseCustomFields, type CustomFields } from '../template/custom-fields';
import { DEFAULT_MOVIE_PAYLOAD, DEFAULT_SHOW_PAYLOAD } from '../template/defaults';
import type { MediaType } from '../media';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const;
export type Method = (typeof METHODS)[number];

/** What the flow stores for a header row; a secret row keeps only this marker, its value is in credentials. */
export const SECRET_MARKER = '__PWRD__';

/** How many secret header values a node can keep (each in its own credential, see credentials.ts). */
export const SECRET_HEADER_SLOTS = 8;

export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
  /** 'cred' = the value is secret and lives in the node's credentials. */
  readonly type?: 'str' | 'cred';
  /** For a secret row: the number of the credential that holds its value; without it the value is looked up by name (older flows). */
  readonly slot?: number;
}

/** Secret header values by media type and header name, as held in the `secretHeaders` credential. */
export type SecretHeaders = Readonly<Record<MediaType, Readonly<Record<string, string>>>>;

/** Everything secret the builder may need: header values by name (older flows) and by slot, and secret URLs. */
export interface WebhookSecrets extends SecretHeaders {
  readonly slots?: Readonly<Record<number, string>>;
  readonly urls?: Readonly<Partial<Record<MediaType, string>>>;
}

export interface EndpointConfig {
  /** The URL template of the flow; not used when `secretUrl` is set (the URL is then in credentials). */
  readonly url: string;
  readonly secretUrl: boolean;
  readonly headers: readonly HeaderEntry[];
  readonly payload: string;
}

export interface WebhookConfig {
  readonly method: Method;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Requests in flight at once, and so sockets per endpoint host. */
  readonly parallel: number;
  /** Messages that may wait behind them; a message beyond goes to output 2. */
  readonly queueSize: number;
  /** Request starts per minute; 0 = no limit. */
  readonly rateLimit: number;
  readonly movie: EndpointConfig;
  readonly show: EndpointConfig;
  /** Names and `msg.` paths the flow adds to the message, declared so they are not warned about. */
  readonly customFields: CustomFields;
}

export const DEFAULTS = Object.freeze({ method: 'POST' as Method, timeout: 10, retries: 2, parallel: 16, queueSize: 1000, rateLimit: 0 });
export const MAX_RETRIES = 10;
/** Upper bounds of the burst settings: beyond them a setting would no longer bound anything useful. */
export const LIMITS = Object.freeze({ parallel: 256, queueSize: 100_000, rateLimit: 60_000 });

/** The node's flow properties as they may arrive: any of them omitted or of the wrong type. */
export interface RawWebhookProperties {
  readonly method?: unknown;
  readonly timeout?: unknown;
  readonly retries?: unknown;
  readonly parallel?: unknown;
  readonly queueSize?: unknown;
  readonly rateLimit?: unknown;
  readonly movieUrl?: unknown;
  readonly movieUrlSecret?: unknown;
  readonly movieHeaders?: unknown;
  readonly moviePayload?: unknown;
  readonly showUrl?: unknown;
  readonly showUrlSecret?: unknown;
  readonly showHeaders?: unknown;
  readonly showPayload?: unknown;
  readonly customFields?: unknown;
}

function numberOr(value: unknown, fallback: number, min: number, max: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return fallback;
  return Math.min(max, Math.max(min, number));
}

function slotOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < SECRET_HEADER_SLOTS ? value : undefined;
}

function headersFrom(value: unknown): HeaderEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: HeaderEntry[] = [];
  for (const raw of value as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const row = raw as Record<string, unknown>;
    const name = typeof row.name === 'string' ? row.name : '';
    const value = typeof row.value === 'string' ? row.value : row.value === undefined ? '' : String(row.value);
    if (name.trim() === '' && value.trim() === '') continue;
    const secret = row.type === 'cred';
    const slot = secret ? slotOf(row.slot) : undefined;
    entries.push(slot === undefined ? { name, value, type: secret ? 'cred' : 'str' } : { name, value, type: 'cred', slot });
  }
  return entries;
}

/** Applies the documented default of every omitted property. */
export function normalizeConfig(raw: RawWebhookProperties): WebhookConfig {
  const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
  return {
    method: (METHODS as readonly string[]).includes(method) ? (method as Method) : DEFAULTS.method,
    timeoutMs: Math.round(numberOr(raw.timeout, DEFAULTS.timeout, 0.1, 3600) * 1000),
    retries: Math.round(numberOr(raw.retries, DEFAULTS.retries, 0, MAX_RETRIES)),
    parallel: Math.round(numberOr(raw.parallel, DEFAULTS.parallel, 1, LIMITS.parallel)),
    queueSize: Math.round(numberOr(raw.queueSize, DEFAULTS.queueSize, 0, LIMITS.queueSize)),
    rateLimit: numberOr(raw.rateLimit, DEFAULTS.rateLimit, 0, LIMITS.rateLimit),
    movie: {
      url: typeof raw.movieUrl === 'string' ? raw.movieUrl.trim() : '',
      secretUrl: raw.movieUrlSecret === true,
      headers: headersFrom(raw.movieHeaders),
      payload: typeof raw.moviePayload === 'string' ? raw.moviePayload : DEFAULT_MOVIE_PAYLOAD,
    },
    show: {
      url: typeof raw.showUrl === 'string' ? raw.showUrl.trim() : '',
      secretUrl: raw.showUrlSecret === true,
      headers: headersFrom(raw.showHeaders),
      payload: typeof raw.showPayload === 'string' ? raw.showPayload : DEFAULT_SHOW_PAYLOAD,
    },
    customFields: parseCustomFields(raw.customFields),
  };
}

/** Parses the `secretHeaders` credential; anything unreadable counts as no secrets. */
export function parseSecretHeaders(value: unknown): SecretHeaders {
  const empty: SecretHeaders = { movie: {}, show: {} };
  if (typeof value !== 'string' || value.trim() === '') return empty;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const pick = (side: unknown): Record<string, string> => {
      const out: Record<string, string> = {};
      if (typeof side === 'object' && side !== null) {
        for (const [name, secret] of Object.entries(side)) if (typeof secret === 'string') out[name] = secret;
      }
      return out;
    };
    return { movie: pick(parsed.movie), show: pick(parsed.show) };
  } catch {
    return empty;
  }
}
