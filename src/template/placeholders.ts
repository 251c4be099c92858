/**
 * The placeholder vocabulary shared by every template: JellyNext's eight names plus the extra
 * fields this package's messages carry. The order fixes each name's slot in a values array, so a
 * compiled template looks values up by index instead of by name on every render.
 */
export const PLACEHOLDER_NAMES = [
  'tmdbId',
  'imdbId',
  'tvdbId',
  'title',
  'year',
  'seasonNumber',
  'isAnime',
  'jellyfinUserId',
  'userName',
  'deviceName',
  'sessionId',
  'itemId',
  'mediaType',
  'timestamp',
] as const;

export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** Raw values, one slot per entry of PLACEHOLDER_NAMES. */
export type PlaceholderValues = readonly unknown[];

const SLOT_BY_LOWER_NAME = new Map<string, number>(PLACEHOLDER_NAMES.map((name, slot) => [name.toLowerCase(), slot]));

/** Slot of a placeholder name, matched case-insensitively (JellyNext accepts `{TMDBID}`); -1 when unknown. */
export function placeholderSlot(name: string): number {
  return SLOT_BY_LOWER_NAME.get(name.toLowerCase()) ?? -1;
}

export const TIMESTAMP_SLOT = placeholderSlot('timestamp');
export const MEDIA_TYPE_SLOT = placeholderSlot('mediaType');

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects the values for one request. `primary` is `msg.payload`, `fallback` is `msg.media`
 * (which survives nodes that replace the payload); `{timestamp}` is the request time.
 */
export function collectValues(primary: unknown, fallback: unknown, mediaType: string, now: Date): unknown[] {
  const first = isFields(primary) ? primary : undefined;
  const second = isFields(fallback) ? fallback : undefined;
  const values = new Array<unknown>(PLACEHOLDER_NAMES.length);
  for (let slot = 0; slot < PLACEHOLDER_NAMES.length; slot++) {
    const name = PLACEHOLDER_NAMES[slot];
    let value = first?.[name];
    if (value === undefined || value === null || value === '') {
      const other = second?.[name];
      if (other !== undefined && other !== null) value = other;
    }
    values[slot] = value;
  }
  values[TIMESTAMP_SLOT] = now.toISOString();
  if (values[MEDIA_TYPE_SLOT] === undefined || values[MEDIA_TYPE_SLOT] === null || values[MEDIA_TYPE_SLOT] === '') {
    values[MEDIA_TYPE_SLOT] = mediaType;
  }
  return values;
}
