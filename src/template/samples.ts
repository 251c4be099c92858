import type { MediaType } from '../media';
import { BUILT_INS } from './placeholders';

/** The sample media of one type, from the built-in table: every field a Play carries, none for `{timestamp}`. */
function sample(mediaType: MediaType): Readonly<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  for (const row of BUILT_INS) if (row.name !== 'timestamp') fields[row.name] = row[mediaType];
  return Object.freeze(fields);
}

/**
 * The sample media used to validate templates at deploy and to preview or test-send them from the
 * editor. Shaped exactly like `msg.payload` from jellyfin-virtual-play.
 */
export const SAMPLE_MOVIE = sample('movie');

export const SAMPLE_SHOW = sample('show');

export function sampleFor(mediaType: MediaType): Readonly<Record<string, unknown>> {
  return mediaType === 'show' ? SAMPLE_SHOW : SAMPLE_MOVIE;
}
