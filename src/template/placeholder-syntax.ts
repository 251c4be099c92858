import { locate } from './location';
import { didYouMean, type TemplateNotice } from './notices';
import { PLACEHOLDER_NAMES, placeholderSlot, type PlaceholderValues } from './placeholders';

/**
 * The placeholder syntax: `{name}` (a built-in, a node's own name, or any field of msg.media), `{msg.a.b}`
 * (any property of the message), each optionally followed by `|default`, used when the value is empty.
 * Every part is bounded (names 64 characters, paths 8 steps of 64, defaults 200 characters) and ends at a
 * character it cannot contain, so a failed match gives up at once and matching stays linear. A default holds
 * no brace, quote, backslash or line break, so it can never run past a JSON string or another placeholder.
 */
const BODY = '(msg(?:\\.[A-Za-z0-9_]{1,64}){1,8}|[A-Za-z_][A-Za-z0-9_]{0,63})(?:\\|([^{}"\\\\\\u0000-\\u001f]{0,200}))?\\}';
export const PLACEHOLDER_ANYWHERE = new RegExp(`\\{${BODY}`, 'g');
export const PLACEHOLDER_HERE = new RegExp(`\\{${BODY}`, 'y');
/** One placeholder, for the payload editor's colours. */
export const PLACEHOLDER_TOKEN = new RegExp(`\\{${BODY}`);

/** What maskPlaceholders puts where a placeholder stands: no URL delimiter (a literal `{}` in a template only counts as one more value). */
export const PLACEHOLDER_MARK = '{}';

/**
 * The template with each placeholder replaced by PLACEHOLDER_MARK, for reading its structure (host, path
 * segments): a default may hold "/", "?" or "#", which the rendered URL has percent-encoded.
 */
export function maskPlaceholders(template: string): string {
  return template.replace(PLACEHOLDER_ANYWHERE, PLACEHOLDER_MARK);
}

// Reading these could reach an object's prototype; a template never follows them.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MESSAGE_PREFIX = 'msg.';

type Reader = (values: PlaceholderValues) => unknown;

/** One placeholder in a template: where it is and how its value is found. */
export interface Occurrence {
  readonly start: number;
  readonly end: number;
  /** Index of a built-in (or node's own) value in the values array; -1 when `read` finds the value. */
  readonly slot: number;
  readonly read?: Reader;
  /** Used instead of an empty value (undefined, null or ""). */
  readonly fallback?: string;
  readonly inString: boolean;
}

/** The names a template is compiled against, beyond the built-ins. */
export interface Vocabulary {
  /** A node's own names (lower case → slot after the built-ins), whose values the node appends. */
  readonly extras: ReadonlyMap<string, number>;
  /** Custom fields the user declared (lower case): expected in msg.media, so not warned about. */
  readonly declared: ReadonlySet<string>;
  /** Every name a typo could have meant. */
  readonly known: readonly string[];
  /** The node lets the user declare custom fields, so its warnings point there. */
  readonly declarable: boolean;
}

/** `declared` undefined: the node has no list of custom fields (the stop and notify texts). */
export function vocabulary(extraNames: readonly string[], declared: readonly string[] | undefined): Vocabulary {
  const fields = (declared ?? []).filter((name) => !name.startsWith(MESSAGE_PREFIX));
  return {
    declarable: declared !== undefined,
    extras: new Map(extraNames.map((name, index) => [name.toLowerCase(), PLACEHOLDER_NAMES.length + index])),
    declared: new Set(fields.map((name) => name.toLowerCase())),
    known: [...PLACEHOLDER_NAMES, ...extraNames, ...fields],
  };
}

/** An own property of `fields` by name, else the first own property whose name differs only in case. */
function ownField(fields: Readonly<Record<string, unknown>> | undefined, name: string, lower: string): unknown {
  if (fields === undefined) return undefined;
  if (Object.hasOwn(fields, name)) return fields[name];
  for (const key of Object.keys(fields)) if (key.toLowerCase() === lower) return fields[key];
  return undefined;
}

/** A property of the message along own properties only; undefined as soon as a step is missing. */
function ownPath(message: unknown, steps: readonly string[]): unknown {
  let value = message;
  for (const step of steps) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

const NOTHING: Reader = () => undefined;

export interface Resolved {
  readonly slot: number;
  readonly read?: Reader;
  /** Where the value comes from when it is not built in: `msg.media.category`, `msg.quota.left`. */
  readonly messageRead?: string;
  readonly warning?: string;
}

/** How a name or `msg.` path is read, and what the user should hear about it. */
export function resolvePlaceholder(token: string, names: Vocabulary): Resolved {
  if (token.startsWith(MESSAGE_PREFIX)) {
    const steps = token.slice(MESSAGE_PREFIX.length).split('.');
    const blocked = steps.find((step) => FORBIDDEN.has(step.toLowerCase()));
    if (blocked) return { slot: -1, read: NOTHING, warning: forbiddenText(token, blocked) };
    return { slot: -1, read: (values) => ownPath(values.message, steps), messageRead: token };
  }
  const lower = token.toLowerCase();
  const slot = names.extras.get(lower) ?? placeholderSlot(token);
  if (slot >= 0) return { slot };
  if (FORBIDDEN.has(lower)) return { slot: -1, read: NOTHING, warning: forbiddenText(token, token) };
  const read: Reader = (values) => ownField(values.fields, token, lower);
  const messageRead = `msg.media.${token}`;
  if (names.declared.has(lower)) return { slot: -1, read, messageRead };
  const what = names.declarable ? 'a built-in placeholder or a declared custom field' : 'a known placeholder';
  const warning = `{${token}} is not ${what}${didYouMean(token, names.known)}, so it is read from ${messageRead} and empty when the message has none`;
  return { slot: -1, read, messageRead, warning };
}

function forbiddenText(token: string, step: string): string {
  return `{${token}} is always empty: a placeholder never reads "${step}"`;
}

/** Turns a match of the placeholder pattern into an occurrence, recording the notice it deserves. */
export function occurrenceOf(
  source: string,
  match: RegExpExecArray,
  inString: boolean,
  names: Vocabulary,
  warnings: TemplateNotice[],
  messageReads: Set<string>,
): Occurrence {
  const start = match.index;
  const resolved = resolvePlaceholder(match[1], names);
  if (resolved.warning) warnings.push({ ...locate(source, start), message: resolved.warning });
  if (resolved.messageRead) messageReads.add(resolved.messageRead);
  const occurrence = { start, end: start + match[0].length, slot: resolved.slot, inString };
  const fallback = match[2];
  return {
    ...occurrence,
    ...(resolved.read ? { read: resolved.read } : {}),
    ...(fallback !== undefined ? { fallback } : {}),
  };
}
