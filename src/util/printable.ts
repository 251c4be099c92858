/**
 * Text from metadata or from a server, made safe to log or show in a node status: control characters
 * (C0, DEL, C1), line and paragraph separators and bidirectional overrides are written as escapes, so a
 * title can neither start a fake log line nor reorder what a reader sees. One pass, linear in the length.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** How far back a cut may move to end at a word, rather than in the middle of one. */
const WORD_BACKOFF = 12;

/**
 * `text` with every unprintable character escaped; cut to `max` characters (code points) when given,
 * at the end of a word when one ends close enough, with "…".
 */
export function printable(text: string, max?: number): string {
  const safe = text.replace(UNPRINTABLE, escape);
  if (max === undefined || safe.length <= max) return safe;
  const points = Array.from(safe);
  if (points.length <= max) return safe;
  let end = Math.max(0, max - 1);
  if (points[end] !== ' ') {
    const space = points.lastIndexOf(' ', end - 1);
    if (space > 0 && end - space <= WORD_BACKOFF) end = space;
  }
  return `${points.slice(0, end).join('').trimEnd()}…`;
}
