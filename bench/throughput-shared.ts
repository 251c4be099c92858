// Shared by bench/throughput.ts and its receiver child (bench/throughput-receiver.ts). No side effects.

/** The media the source emits as its i-th message of a run (ids start at the run's base). */
export function mediaFor(
  base: number,
  i: number,
  user: string,
): { mediaType: 'movie'; tmdbId: string; imdbId: string; title: string; year: number; jellyfinUserId: string } {
  return {
    mediaType: 'movie',
    tmdbId: String(base + i),
    imdbId: `tt${String(i).padStart(7, '0')}`,
    title: `Fight Club ${i}`,
    year: 1999,
    jellyfinUserId: user,
  };
}

/**
 * The body the i-th media must arrive as: JellyNext's default movie payload rendered for it. That
 * template is 2-space indented with every value quoted (`"year": "{year}"`), so it is exactly
 * JSON.stringify of the five fields, in its order, with an indent of 2.
 */
export function expectedBody(base: number, i: number, user: string): string {
  const media = mediaFor(base, i, user);
  return JSON.stringify(
    { tmdbId: media.tmdbId, imdbId: media.imdbId, title: media.title, year: String(media.year), jellyfinUserId: media.jellyfinUserId },
    null,
    2,
  );
}
