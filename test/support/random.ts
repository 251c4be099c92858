/** A small seeded PRNG (mulberry32) so fuzz runs are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that break naive templating: quotes, escapes, control characters, regex replacement patterns, placeholders, bidi marks, surrogates. */
export const HOSTILE_PIECES = [
  '"',
  '\\',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\u0000',
  '\u0007',
  '\u001f',
  '\u007f',
  '$&',
  '$1',
  "$'",
  '$`',
  '$$',
  '{tmdbId}',
  '{title}',
  '{TITLE}',
  '{',
  '}',
  '{}',
  '🎬',
  '👩‍👩‍👧',
  '\u202e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udc00',
  'é',
  'ß',
  '漢字',
  'a',
  'Z',
  ' ',
  '  ',
  '</script>',
  '%',
  '%20',
  '&',
  '=',
  '#',
  '?',
  '/',
  '+',
  ':',
  ',',
  'null',
  'true',
  '0',
  '-1',
  '1e5',
  '\ufeff',
  '\uffff',
] as const;

export function hostileString(random: () => number, maxPieces = 12): string {
  if (random() < 0.01) return 'x"\\\n'.repeat(2_500 + Math.floor(random() * 2_500));
  const count = Math.floor(random() * (maxPieces + 1));
  let out = '';
  for (let i = 0; i < count; i++) out += HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)];
  return out;
}
