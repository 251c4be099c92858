import { describe, expect, it } from 'vitest';
import { collectValues, compileTemplate } from '../../src/template';
import { hostileString, seededRandom } from '../support/random';

const NOW = new Date('2026-03-01T20:15:31.000Z');
const ITERATIONS = 5_000;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const PAYLOAD = compileTemplate(
  `{
  "tmdbId": "{tmdbId}", "imdbId": "{imdbId}", "tvdbId": "{tvdbId}", "title": "{title}",
  "label": "{title} ({year}) S{seasonNumber}", "user": "{jellyfinUserId}", "who": "{userName}@{deviceName}",
  "year": {year}, "seasonNumber": {seasonNumber}, "isAnime": {isAnime}, "bareTitle": {title}
}`,
  'json',
);
const URL_TEMPLATE = compileTemplate('https://example.test/r/{title}?id={tmdbId}&u={userName}', 'url');
const HEADER_TEMPLATE = compileTemplate('{title} / {userName}', 'header');

function randomMedia(random: () => number) {
  const pick = <T>(...options: T[]) => options[Math.floor(random() * options.length)];
  return {
    tmdbId: hostileString(random),
    imdbId: hostileString(random),
    tvdbId: hostileString(random),
    title: hostileString(random),
    jellyfinUserId: hostileString(random),
    userName: hostileString(random),
    deviceName: hostileString(random),
    year: pick<number | null>(null, Math.floor(random() * 3000), -1 - Math.floor(random() * 10)),
    seasonNumber: pick<number | null>(null, Math.floor(random() * 100), random() * 100),
    isAnime: pick(true, false),
  };
}

describe('template fuzz (seeded)', () => {
  it(`${ITERATIONS} random media: the payload always parses and every value round-trips exactly`, () => {
    const random = seededRandom(0x5eed);
    for (let i = 0; i < ITERATIONS; i++) {
      const media = randomMedia(random);
      const body = PAYLOAD.render(collectValues(media, undefined, 'show', NOW));
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`iteration ${i}: invalid JSON ${JSON.stringify(body).slice(0, 300)}: ${String(err)}`);
      }
      expect(parsed.tmdbId).toBe(media.tmdbId);
      expect(parsed.imdbId).toBe(media.imdbId);
      expect(parsed.tvdbId).toBe(media.tvdbId);
      expect(parsed.title).toBe(media.title);
      expect(parsed.user).toBe(media.jellyfinUserId);
      expect(parsed.who).toBe(`${media.userName}@${media.deviceName}`);
      expect(parsed.label).toBe(`${media.title} (${media.year ?? ''}) S${media.seasonNumber ?? ''}`);
      expect(parsed.year).toBe(media.year);
      expect(parsed.seasonNumber).toBe(media.seasonNumber);
      expect(parsed.isAnime).toBe(media.isAnime);
      // A bare string placeholder becomes the JSON literal a reader would expect.
      const bare = media.title;
      if (bare === '') expect(parsed.bareTitle).toBeNull();
      else if (bare === 'true' || bare === 'false') expect(parsed.bareTitle).toBe(bare === 'true');
      else if (typeof parsed.bareTitle === 'number') expect(String(parsed.bareTitle)).toBe(bare);
      else expect(parsed.bareTitle).toBe(bare);
    }
  });

  it(`${ITERATIONS} random values: URLs decode back to the values and header values never add a line`, () => {
    const random = seededRandom(0xbead);
    for (let i = 0; i < ITERATIONS; i++) {
      const media = randomMedia(random);
      const values = collectValues(media, undefined, 'movie', NOW);
      const url = new URL(URL_TEMPLATE.render(values));
      expect(url.host).toBe('example.test');
      expect(decodeURIComponent(url.pathname.slice(3))).toBe(media.title.replace(LONE_SURROGATE, '\ufffd'));
      expect(url.searchParams.get('id')).toBe(media.tmdbId.replace(LONE_SURROGATE, '\ufffd'));
      expect(url.searchParams.get('u')).toBe(media.userName.replace(LONE_SURROGATE, '\ufffd'));

      const header = HEADER_TEMPLATE.render(values);
      expect(header).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
      expect(header).toMatch(/^[\u0000-\u00ff]*$/);
      expect(() => new Headers([['x-media', header]])).not.toThrow();
    }
  });
});
