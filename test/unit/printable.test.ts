import { describe, expect, it } from 'vitest';
import { printable } from '../../src/util/printable';

describe('printable: text safe for logs and statuses', () => {
  it('escapes line breaks, so a title cannot write a fake log line', () => {
    expect(printable('Fight Club\n2 Dec 07:00:00 - [error] [jellynext-webhook:x] fake')).toBe(
      'Fight Club\\n2 Dec 07:00:00 - [error] [jellynext-webhook:x] fake',
    );
    expect(printable('a\r\nb\tc')).toBe('a\\r\\nb\\tc');
  });

  it('escapes other control characters, DEL, C1, separators and bidi overrides; keeps everything else', () => {
    expect(printable('\u001b[31mred\u0000\u007f\u0085\u2028\u2029\u202etxt.exe\u2066')).toBe(
      '\\u001b[31mred\\u0000\\u007f\\u0085\\u2028\\u2029\\u202etxt.exe\\u2066',
    );
    expect(printable('Amélie – 呪術廻戦 🎬 "quotes" {braces}')).toBe('Amélie – 呪術廻戦 🎬 "quotes" {braces}');
  });

  it('cuts at the end of a word when one ends close enough', () => {
    expect(printable('reconnecting in 4 s: connection refused by 127.0.0.1:8096', 33)).toBe('reconnecting in 4 s: connection…');
    expect(printable('reconnecting in 4 s: connection refused by 127.0.0.1:8096', 30)).toBe('reconnecting in 4 s:…');
    expect(printable('one two', 6)).toBe('one…');
  });

  it('cuts to a number of code points with an ellipsis, never splitting a surrogate pair', () => {
    expect(printable('abcdef', 4)).toBe('abc…');
    expect(printable('abcd', 4)).toBe('abcd');
    expect(printable('🎬🎬🎬🎬🎬', 3)).toBe('🎬🎬…');
  });

  it('stays linear on a huge hostile value', () => {
    const huge = '\n'.repeat(200_000) + 'x'.repeat(200_000);
    const out = printable(huge, 60);
    expect(out.startsWith('\\n\\n')).toBe(true);
    expect(Array.from(out)).toHaveLength(60);
  });
});
