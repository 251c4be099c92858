import type { MediaType } from '../media';

/**
 * The sample media used to validate templates at deploy and to preview or test-send them from the
 * editor. Shaped exactly like `msg.payload` from jellyfin-virtual-play.
 */
export const SAMPLE_MOVIE = Object.freeze({
  mediaType: 'movie',
  tmdbId: '550',
  imdbId: 'tt0137523',
  tvdbId: '',
  title: 'Fight Club',
  year: 1999,
  seasonNumber: null,
  isAnime: false,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
  userName: 'alice',
  deviceName: 'Living room TV',
  client: 'Jellyfin Web',
  sessionId: '3c9a6b1e0f2d4c8a9b7e6d5c4b3a2f10',
  itemId: '8d1e4f2a6b3c4d5e9f0a1b2c3d4e5f60',
});

export const SAMPLE_SHOW = Object.freeze({
  mediaType: 'show',
  tvdbId: '81189',
  tmdbId: '1396',
  imdbId: 'tt0903747',
  title: 'Breaking Bad',
  year: 2008,
  seasonNumber: 2,
  isAnime: false,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
  userName: 'alice',
  deviceName: 'Living room TV',
  client: 'Jellyfin Web',
  sessionId: '3c9a6b1e0f2d4c8a9b7e6d5c4b3a2f10',
  itemId: '5f0e1d2c3b4a49586776655443322110',
});

export function sampleFor(mediaType: MediaType): Readonly<Record<string, unknown>> {
  return mediaType === 'show' ? SAMPLE_SHOW : SAMPLE_MOVIE;
}
