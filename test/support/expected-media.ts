/**
 * The show most tests play: Breaking Bad season 2 as the simulator's catalogue and the unit fixtures hold
 * it, with its ids, title and year from the series (never the episode).
 */
export const BREAKING_BAD_S2 = {
  mediaType: 'show',
  tvdbId: '81189',
  tmdbId: '1396',
  imdbId: 'tt0903747',
  title: 'Breaking Bad',
  year: 2008,
  seasonNumber: 2,
  isAnime: false,
} as const;
