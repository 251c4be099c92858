/**
 * Escapers: each turns a raw value into text that is safe where its placeholder stands. A value
 * passes through exactly one escaper and is never scanned for placeholders again.
 */
export type Escaper = (value: unknown) => string;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// Header values may carry tab and visible characters only; CR/LF/NUL would split or end the header.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const HEADER_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
// HTTP sends header values as Latin-1 bytes: anything beyond U+00FF is percent-encoded as UTF-8 so it arrives intact.
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 to cover all of Latin-1
const BEYOND_LATIN1 = /[^\u0000-\u00ff]+/g;

/** The value as text, the way a person reads it: empty for missing, JSON for objects. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
      return safeJson(value) ?? '';
    default:
      return '';
  }
}

/** JSON of an object, or undefined when it has none (cycles, BigInts, functions). */
function safeJson(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

export const escapeForUrl: Escaper = (value) => encodeURIComponent(wellFormed(valueToText(value)));

export const escapeForHeader: Escaper = (value) =>
  valueToText(value)
    .replace(HEADER_CONTROL, '')
    .replace(BEYOND_LATIN1, (run) => encodeURIComponent(wellFormed(run)));

/** Inside a JSON string literal: the characters between the quotes. */
export const escapeForJsonString: Escaper = (value) => {
  // Strings first: nearly every value is one, and most need no escaping at all.
  if (typeof value === 'string') return NEEDS_JSON_ESCAPE.test(value) ? JSON.stringify(value).slice(1, -1) : value;
  // Numbers and booleans never contain a character JSON escapes.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = valueToText(value);
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text).slice(1, -1) : text;
};

/** A string a flow author would read as a number, and that survives the trip to a JSON number unchanged. */
function isCanonicalNumber(text: string): boolean {
  if (text.length === 0 || text.length > 16) return false;
  const number = Number(text);
  return Number.isFinite(number) && String(number) === text;
}

/** Outside any string literal: a complete JSON value. */
export const escapeForJsonValue: Escaper = (value) => {
  if (value === undefined || value === null || value === '') return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'string':
      if (value === 'true' || value === 'false') return value;
      if (isCanonicalNumber(value)) return value;
      return JSON.stringify(value);
    case 'object':
      if (value instanceof Date) return JSON.stringify(valueToText(value));
      return safeJson(value) ?? 'null';
    default:
      return 'null';
  }
};

export const escapeForText: Escaper = valueToText;

export const escapeForForm: Escaper = escapeForUrl;
