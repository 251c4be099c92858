/**
 * Text from metadata or from a server, made safe to log or show in a node status: control characters
 * (C0, DEL, C1), line and paragraph separators and bidirectional overrides are written as escapes, so a
 * title can neither start a fake log line nor reorder what a reader sees. One pass, linear in the length.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every unprintable character escaped; cut to `max` characters (code points, with "…") when given. */
export function printable(text: string, max?: number): string {
  const safe = text.replace(UNPRINTABLE, escape);
  if (max === undefined || safe.length <= max) return safe;
  const points = Array.from(safe);
  return points.length <= max ? safe : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}
