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

const NO_FIELDS: Fields = Object.freeze(Object.create(null) as Fields);

/**
 * Every slot's field of one object, in PLACEHOLDER_NAMES order. Written out as named reads because
 * reading fourteen names through a loop variable makes V8 fall back to slow generic lookups, which
 * cost more than rendering the template. `timestamp` is never read: collectValues always sets it.
 */
function readSlots(fields: Fields): unknown[] {
  return [
    fields.tmdbId,
    fields.imdbId,
    fields.tvdbId,
    fields.title,
    fields.year,
    fields.seasonNumber,
    fields.isAnime,
    fields.jellyfinUserId,
    fields.userName,
    fields.deviceName,
    fields.sessionId,
    fields.itemId,
    fields.mediaType,
    undefined,
  ];
}

// readSlots must follow PLACEHOLDER_NAMES exactly; a mismatch would put values in the wrong place.
{
  const probe = Object.fromEntries(PLACEHOLDER_NAMES.map((name) => [name, name]));
  const read = readSlots(probe);
  const inStep =
    read.length === PLACEHOLDER_NAMES.length && PLACEHOLDER_NAMES.every((name, slot) => slot === TIMESTAMP_SLOT || read[slot] === name);
  if (!inStep) throw new Error('readSlots is out of step with PLACEHOLDER_NAMES');
}

let lastTime = Number.NaN;
let lastIso = '';

/**
 * `now.toISOString()`, remembered for the current millisecond: the builtin costs more than a whole
 * render on some machines, and a burst of messages shares the same millisecond.
 */
function isoTimestamp(now: Date): string {
  const time = now.getTime();
  if (time !== lastTime) {
    lastIso = now.toISOString();
    lastTime = time;
  }
  return lastIso;
}

/**
 * Collects the values for one request from the media: `msg.media` when it is an object (what
 * virtual-play sends, and what survives nodes that replace the payload), else `msg.payload`. The two
 * are never mixed: after another webhook node `msg.payload` is that endpoint's answer, and an answer
 * must not choose or fill in what the next request is about. `{timestamp}` is the request time.
 */
export function collectValues(media: unknown, payload: unknown, mediaType: string, now: Date): unknown[] {
  const values = readSlots(isFields(media) ? media : isFields(payload) ? payload : NO_FIELDS);
  values[TIMESTAMP_SLOT] = isoTimestamp(now);
  if (values[MEDIA_TYPE_SLOT] === undefined || values[MEDIA_TYPE_SLOT] === null || values[MEDIA_TYPE_SLOT] === '') {
    values[MEDIA_TYPE_SLOT] = mediaType;
  }
  return values;
}
