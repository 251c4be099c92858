import type { ItemDto } from '../jellyfin/dto';

/**
 * Whether a series is anime, and why. JellyNext takes the flag from Trakt's "anime" genre; Jellyfin
 * has no such genre from TMDb, so the words are looked up in the series' Genres (TVDB writes
 * "Anime") and Tags (TMDb keywords, only when the TMDb plugin imports them). The fallback covers a
 * series with neither: the genre "Animation" plus a sign of Japanese origin, read only from fields
 * that Jellyfin's providers really fill on a series:
 *   - `ProductionLocations` "Japan" (a series gets it only from an NFO `<country>`; TMDb fills it for movies only),
 *   - the tag "Japan" (TVDB plugin with "include original country in tags"),
 *   - `OriginalLanguage` "ja" (12.0's TMDb provider; OMDb writes the language name, "Japanese"),
 *   - kana in `OriginalTitle` (TMDb's original name, TVDB's series name). Kanji alone is not
 *     enough: Chinese titles use the same characters.
 */
export interface AnimeRule {
  /** Genre or tag names that make a series anime, compared trimmed and case-insensitively. */
  readonly words: readonly string[];
  /** Also count "Animation" plus a sign of Japanese origin. */
  readonly fallback: boolean;
}

export interface AnimeVerdict {
  readonly isAnime: boolean;
  /** `genre: <name>`, `tag: <name>`, `Animation + Japan`, `Animation + Japanese language`, `Animation + Japanese title`, or `""`. */
  readonly reason: string;
}

export const DEFAULT_ANIME_WORDS: readonly string[] = ['anime'];
export const DEFAULT_ANIME_RULE: AnimeRule = { words: DEFAULT_ANIME_WORDS, fallback: true };

const NOT_ANIME: AnimeVerdict = { isAnime: false, reason: '' };
// Metadata is hostile: only this many entries of a list, and labels up to this length, are read.
const MAX_LABELS = 100;
const MAX_LABEL_LENGTH = 200;
const MAX_TITLE_SCAN = 300;
const ANIMATION = 'animation';
const JAPAN = 'japan';
const JAPANESE_LANGUAGE = new Set(['ja', 'jpn', 'japanese']);
// Hiragana, katakana (without the middle dot U+30FB and the long-vowel mark, which Chinese text
// borrows), katakana extensions and half-width katakana: one character class, linear time.
const KANA = /[\u3041-\u3096\u309D-\u309F\u30A1-\u30FA\u30FD-\u30FF\u31F0-\u31FF\uFF66-\uFF9D]/;

/** The usable labels of a list field: strings only, trimmed, the list and each label capped. */
function labels(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value.slice(0, MAX_LABELS)) {
    if (typeof entry !== 'string' || entry.length > MAX_LABEL_LENGTH) continue;
    const label = entry.trim();
    if (label !== '') out.push(label);
  }
  return out;
}

function findLabel(list: readonly string[], wanted: ReadonlySet<string>): string | undefined {
  return list.find((label) => wanted.has(label.toLowerCase()));
}

function hasLabel(list: readonly string[], wanted: string): boolean {
  return list.some((label) => label.toLowerCase() === wanted);
}

function japaneseOrigin(series: ItemDto, tags: readonly string[]): string | undefined {
  if (hasLabel(labels(series.ProductionLocations), JAPAN) || hasLabel(tags, JAPAN)) return 'Animation + Japan';
  const language = series.OriginalLanguage;
  if (typeof language === 'string' && language.length <= MAX_LABEL_LENGTH && JAPANESE_LANGUAGE.has(language.trim().toLowerCase())) {
    return 'Animation + Japanese language';
  }
  const title = series.OriginalTitle;
  if (typeof title === 'string' && KANA.test(title.slice(0, MAX_TITLE_SCAN))) return 'Animation + Japanese title';
  return undefined;
}

export function animeVerdict(series: ItemDto | undefined, rule: AnimeRule = DEFAULT_ANIME_RULE): AnimeVerdict {
  if (!series) return NOT_ANIME;
  const genres = labels(series.Genres);
  const tags = labels(series.Tags);
  const words = new Set(rule.words.map((word) => word.trim().toLowerCase()).filter((word) => word !== ''));
  if (words.size > 0) {
    const genre = findLabel(genres, words);
    if (genre !== undefined) return { isAnime: true, reason: `genre: ${genre}` };
    const tag = findLabel(tags, words);
    if (tag !== undefined) return { isAnime: true, reason: `tag: ${tag}` };
  }
  if (!rule.fallback || !hasLabel(genres, ANIMATION)) return NOT_ANIME;
  const origin = japaneseOrigin(series, tags);
  return origin === undefined ? NOT_ANIME : { isAnime: true, reason: origin };
}
