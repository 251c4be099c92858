/**
 * The built-in placeholder vocabulary, one row per name: JellyNext's eight names plus the extra fields
 * this package's messages carry. Everything else derives from this table: the names and their slots,
 * the sample media of the editor's preview, deploy check and "send test", the editor's buttons (their
 * description is `placeholders.<name>` in the webhook node's catalog), the "did you mean" suggestions.
 * A row's position is its slot in a values array, so a compiled template reads built-ins by index.
 */
const BUILT_IN_PLACEHOLDERS = [
  { name: 'tmdbId', movie: '550', show: '1396' },
  { name: 'imdbId', movie: 'tt0137523', show: 'tt0903747' },
  { name: 'tvdbId', movie: '', show: '81189' },
  { name: 'title', movie: 'Fight Club', show: 'Breaking Bad' },
  { name: 'year', movie: 1999, show: 2008 },
  { name: 'seasonNumber', movie: null, show: 2 },
  { name: 'isAnime', movie: false, show: false },
  { name: 'jellyfinUserId', movie: 'a1b2c3d4-e5f6-7890-1234-567890abcdef', show: 'a1b2c3d4-e5f6-7890-1234-567890abcdef' },
  { name: 'userName', movie: 'alice', show: 'alice' },
  { name: 'deviceName', movie: 'Living room TV', show: 'Living room TV' },
  { name: 'client', movie: 'Jellyfin Web', show: 'Jellyfin Web' },
  { name: 'sessionId', movie: '3c9a6b1e0f2d4c8a9b7e6d5c4b3a2f10', show: '3c9a6b1e0f2d4c8a9b7e6d5c4b3a2f10' },
  { name: 'itemId', movie: '8d1e4f2a6b3c4d5e9f0a1b2c3d4e5f60', show: '5f0e1d2c3b4a49586776655443322110' },
  { name: 'mediaType', movie: 'movie', show: 'show' },
  // Not a field of the media: the time of the request, set by collectValues.
  { name: 'timestamp', movie: undefined, show: undefined },
] as const;

export type PlaceholderName = (typeof BUILT_IN_PLACEHOLDERS)[number]['name'];

/** A built-in name and the value it has in the sample movie and show. */
export interface BuiltInPlaceholder {
  readonly name: PlaceholderName;
  readonly movie: unknown;
  readonly show: unknown;
}

export const BUILT_INS: readonly BuiltInPlaceholder[] = BUILT_IN_PLACEHOLDERS;

export const PLACEHOLDER_NAMES: readonly PlaceholderName[] = BUILT_INS.map((row) => row.name);

type Fields = Readonly<Record<string, unknown>>;

/**
 * Raw values for one render: one slot per built-in name (a node's extra names follow), plus where custom
 * names and `{msg.…}` paths are read: `fields` (msg.media, or msg.payload) and `message` (the whole msg).
 */
export type PlaceholderValues = readonly unknown[] & { readonly fields?: Fields; readonly message?: unknown };

/** What collectValues returns: a node may append the values of its extra names. */
export type CollectedValues = unknown[] & { fields: Fields; message: unknown };

const SLOT_BY_LOWER_NAME = new Map<string, number>(PLACEHOLDER_NAMES.map((name, slot) => [name.toLowerCase(), slot]));

/** Slot of a built-in name, matched case-insensitively (JellyNext accepts `{TMDBID}`); -1 when it is not built in. */
export function placeholderSlot(name: string): number {
  return SLOT_BY_LOWER_NAME.get(name.toLowerCase()) ?? -1;
}

export const TIMESTAMP_SLOT = placeholderSlot('timestamp');
export const MEDIA_TYPE_SLOT = placeholderSlot('mediaType');
if (TIMESTAMP_SLOT !== PLACEHOLDER_NAMES.length - 1) throw new Error('timestamp must be the last built-in placeholder');

/**
 * The one speed trick of the vocabulary: every media field of the table, read by name in table order.
 * A loop reading `fields[name]` sees fourteen keys at one site, so V8 falls back to generic lookups: ten
 * times slower here, about 40% of a whole render in `npm run bench:template`. The check below ties it to
 * the table at load time, so a new row without its line here fails every test at once.
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
    fields.client,
    fields.sessionId,
    fields.itemId,
    fields.mediaType,
    undefined,
  ];
}

{
  const probe = Object.fromEntries(PLACEHOLDER_NAMES.map((name) => [name, name]));
  const read = readSlots(probe);
  const misplaced = PLACEHOLDER_NAMES.find((name, slot) => slot !== TIMESTAMP_SLOT && read[slot] !== name);
  if (read.length !== PLACEHOLDER_NAMES.length || misplaced !== undefined) {
    throw new Error(
      `readSlots in src/template/placeholders.ts is out of step with the built-in table${misplaced ? ` at {${misplaced}}` : ''}`,
    );
  }
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NO_FIELDS: Fields = Object.freeze(Object.create(null) as Fields);

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
 * must not choose or fill in what the next request is about. `{timestamp}` is the request time;
 * `message` (the whole msg) is where `{msg.…}` paths are read.
 */
export function collectValues(media: unknown, payload: unknown, mediaType: string, now: Date, message?: unknown): CollectedValues {
  const fields = isFields(media) ? media : isFields(payload) ? payload : NO_FIELDS;
  const values = readSlots(fields) as CollectedValues;
  values[TIMESTAMP_SLOT] = isoTimestamp(now);
  const type = values[MEDIA_TYPE_SLOT];
  if (type === undefined || type === null || type === '') values[MEDIA_TYPE_SLOT] = mediaType;
  values.fields = fields;
  values.message = message;
  return values;
}
