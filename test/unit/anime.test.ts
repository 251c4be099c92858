import { describe, expect, it } from 'vitest';
import type { ItemDto } from '../../src/jellyfin/dto';
import { animeVerdict, DEFAULT_ANIME_RULE, type AnimeRule } from '../../src/playback/anime';
import { parseAnimeRule } from '../../src/playback/virtual-play';

/** Series items shaped as Jellyfin's providers write them (TMDb TV genres, TMDb keywords as tags, TVDB genres). */
const series = (fields: Partial<ItemDto>): ItemDto => ({ Id: 's', Type: 'Series', ...fields });
const NO_FALLBACK: AnimeRule = { words: ['anime'], fallback: false };

describe('anime: the words over Genres and Tags', () => {
  it('a genre named like a word (TVDB writes "Anime") wins, and says which', () => {
    expect(animeVerdict(series({ Genres: ['Animation', 'Anime', 'Fantasy'] }))).toEqual({ isAnime: true, reason: 'genre: Anime' });
  });

  it('a tag (TMDb keyword "anime") counts when no genre does', () => {
    expect(animeVerdict(series({ Genres: ['Animation', 'Drama'], Tags: ['based on manga', ' anime '] }))).toEqual({
      isAnime: true,
      reason: 'tag: anime',
    });
  });

  it('words are compared trimmed and case-insensitively; several words are allowed', () => {
    expect(animeVerdict(series({ Tags: ['ANIME'] }), NO_FALLBACK)).toEqual({ isAnime: true, reason: 'tag: ANIME' });
    expect(animeVerdict(series({ Genres: ['Donghua'] }), { words: ['anime', 'donghua'], fallback: false })).toEqual({
      isAnime: true,
      reason: 'genre: Donghua',
    });
    expect(animeVerdict(series({ Genres: ['Animation'] }), NO_FALLBACK)).toEqual({ isAnime: false, reason: '' });
  });

  it('no series, or no matching label and no fallback: not anime, empty reason', () => {
    expect(animeVerdict(undefined)).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict(series({ Genres: ['Drama', 'Crime'], Tags: ['chemistry teacher'] }))).toEqual({ isAnime: false, reason: '' });
  });
});

describe('anime fallback: "Animation" plus a sign of Japanese origin', () => {
  it('TMDb without keywords: Animation + an original title in kana', () => {
    const frieren = series({ Genres: ['Animation', 'Action & Adventure', 'Sci-Fi & Fantasy'], OriginalTitle: '葬送のフリーレン' });
    expect(animeVerdict(frieren)).toEqual({ isAnime: true, reason: 'Animation + Japanese title' });
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: 'ｶｳﾎﾞｰｲﾋﾞﾊﾞｯﾌﾟ' }))).toEqual({
      isAnime: true,
      reason: 'Animation + Japanese title',
    });
  });

  it('Animation + production location Japan (an NFO <country>), even with a kanji-only title', () => {
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: '呪術廻戦', ProductionLocations: ['Japan'] }))).toEqual({
      isAnime: true,
      reason: 'Animation + Japan',
    });
  });

  it('Animation + the tag "Japan" (TVDB plugin with the original country in tags)', () => {
    expect(animeVerdict(series({ Genres: ['Animation'], Tags: ['Japan'] }))).toEqual({ isAnime: true, reason: 'Animation + Japan' });
  });

  it('Animation + original language Japanese (Jellyfin 12 TMDb "ja", OMDb "Japanese")', () => {
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: '呪術廻戦', OriginalLanguage: 'ja' }))).toEqual({
      isAnime: true,
      reason: 'Animation + Japanese language',
    });
    expect(animeVerdict(series({ Genres: ['animation'], OriginalLanguage: 'Japanese' }))).toEqual({
      isAnime: true,
      reason: 'Animation + Japanese language',
    });
  });

  it('western animation is not anime', () => {
    const invincible = series({
      Genres: ['Animation', 'Action & Adventure', 'Drama'],
      Tags: ['superhero'],
      OriginalTitle: 'Invincible',
      ProductionLocations: ['United States of America'],
    });
    expect(animeVerdict(invincible)).toEqual({ isAnime: false, reason: '' });
  });

  it('Chinese animation (kanji only, language zh) and Japanese live action are not anime', () => {
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: '魔道祖师', OriginalLanguage: 'zh' }))).toEqual({
      isAnime: false,
      reason: '',
    });
    expect(
      animeVerdict(series({ Genres: ['Drama'], OriginalTitle: 'おしん', ProductionLocations: ['Japan'], OriginalLanguage: 'ja' })),
    ).toEqual({ isAnime: false, reason: '' });
    // Punctuation that Chinese text borrows from katakana is not kana.
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: '哪吒・魔童ー' }))).toEqual({ isAnime: false, reason: '' });
  });

  it('switched off: only the words decide', () => {
    const japan = series({
      Genres: ['Animation'],
      ProductionLocations: ['Japan'],
      OriginalTitle: '葬送のフリーレン',
      OriginalLanguage: 'ja',
    });
    expect(animeVerdict(japan, NO_FALLBACK)).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict({ ...japan, Tags: ['anime'] }, NO_FALLBACK)).toEqual({ isAnime: true, reason: 'tag: anime' });
  });

  it('with no words, the fallback still applies', () => {
    expect(animeVerdict(series({ Genres: ['Anime'] }), { words: [], fallback: true })).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict(series({ Genres: ['Animation'], Tags: ['Japan'] }), { words: [' '], fallback: true })).toEqual({
      isAnime: true,
      reason: 'Animation + Japan',
    });
  });
});

describe('anime: hostile metadata loses the field, not the Play', () => {
  it('non-arrays, non-strings and over-long labels are ignored', () => {
    const hostile = {
      Id: 's',
      Genres: 'Anime',
      Tags: [42, null, { Name: 'anime' }, `anime${' '.repeat(300)}`],
      ProductionLocations: 'Japan',
      OriginalTitle: 7,
      OriginalLanguage: ['ja'],
    } as unknown as ItemDto;
    expect(animeVerdict(hostile)).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict({ ...hostile, Genres: ['Animation', 5, 'Anime'] } as unknown as ItemDto)).toEqual({
      isAnime: true,
      reason: 'genre: Anime',
    });
  });

  it('only the first 100 labels of a list are read', () => {
    const filler = Array.from({ length: 100 }, (_, i) => `keyword ${i}`);
    expect(animeVerdict(series({ Tags: [...filler, 'anime'] }))).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict(series({ Tags: [...filler.slice(1), 'anime'] }))).toEqual({ isAnime: true, reason: 'tag: anime' });
  });

  it('a huge original title is scanned only at its start', () => {
    const latinThenKana = `${'a'.repeat(1_000_000)}の`;
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: latinThenKana }))).toEqual({ isAnime: false, reason: '' });
    expect(animeVerdict(series({ Genres: ['Animation'], OriginalTitle: `の${'a'.repeat(1_000_000)}` }))).toEqual({
      isAnime: true,
      reason: 'Animation + Japanese title',
    });
  });
});

describe('anime settings of the node', () => {
  it('a flow that omits them gets words "anime" and the fallback on', () => {
    expect(parseAnimeRule(undefined, undefined)).toEqual(DEFAULT_ANIME_RULE);
  });

  it('the fallback is off only when switched off', () => {
    expect(parseAnimeRule('anime, donghua', false)).toEqual({ words: ['anime', 'donghua'], fallback: false });
    expect(parseAnimeRule('anime', 'false').fallback).toBe(false);
    expect(parseAnimeRule('anime', true).fallback).toBe(true);
    expect(parseAnimeRule('', true)).toEqual({ words: [], fallback: true });
  });
});
