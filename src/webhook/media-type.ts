import type { MediaType } from '../media';

const SHOW_WORDS = new Set(['show', 'tv', 'series', 'episode', 'season']);
const MOVIE_WORDS = new Set(['movie', 'film']);

function fromWord(value: unknown): MediaType | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (SHOW_WORDS.has(word)) return 'show';
  if (MOVIE_WORDS.has(word)) return 'movie';
  return undefined;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** `payload.mediaType`, else `msg.topic`, else a show when it has a TVDB id or a season, else a movie. */
export function resolveMediaType(fields: Readonly<Record<string, unknown>>, topic: unknown): MediaType {
  return fromWord(fields.mediaType) ?? fromWord(topic) ?? (present(fields.tvdbId) || present(fields.seasonNumber) ? 'show' : 'movie');
}
