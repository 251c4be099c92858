import { describe, expect, it } from 'vitest';
import { collectValues, compileTemplate } from '../../src/template';
import { normalizeConfig, WebhookRequestBuilder } from '../../src/webhook';
import { hostileString, seededRandom } from '../support/random';

const VALUES = 100_000;
const NOW = new Date('2026-03-01T20:15:31.000Z');

/**
 * 100,000 random metadata and header values through the real request builder: every body parses
 * with exact values, and no header value can carry a line break (no header injection).
 */
describe('fuzz at scale (seeded)', () => {
  it(`${VALUES} random values: valid JSON with exact round trip, no header injection`, () => {
    const random = seededRandom(20261128);
    const builder = new WebhookRequestBuilder(
      normalizeConfig({
        movieUrl: 'https://example.test/m/{title}?u={userName}',
        movieHeaders: [
          { name: 'X-Title', value: '{title}' },
          { name: 'X-User', value: '{userName} on {deviceName}' },
        ],
        moviePayload: '{"t":"{title}","u":"{userName}","d":"{deviceName}","i":"{imdbId}","y":{year},"raw":{tmdbId}}',
        showUrl: 'https://example.test/s',
      }),
      { movie: {}, show: {} },
    );
    let checked = 0;
    const problems: string[] = [];
    for (let i = 0; checked < VALUES; i++) {
      const media = {
        mediaType: 'movie',
        title: hostileString(random),
        userName: hostileString(random),
        deviceName: hostileString(random),
        imdbId: hostileString(random),
        tmdbId: hostileString(random, 3),
        year: random() < 0.5 ? null : Math.floor(random() * 3000),
      };
      checked += 5;
      const outcome = builder.build(media, undefined, 'movie', NOW);
      if (!outcome.ok) {
        problems.push(`#${i}: ${outcome.error}`);
        continue;
      }
      const { body, headers, url } = outcome.request;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body!) as Record<string, unknown>;
      } catch {
        problems.push(`#${i}: invalid JSON ${JSON.stringify(body).slice(0, 200)}`);
        continue;
      }
      if (
        parsed.t !== media.title ||
        parsed.u !== media.userName ||
        parsed.d !== media.deviceName ||
        parsed.i !== media.imdbId ||
        parsed.y !== media.year
      ) {
        problems.push(`#${i}: values changed ${JSON.stringify(parsed).slice(0, 200)}`);
      }
      const raw = parsed.raw;
      const tmdb = media.tmdbId;
      const rawOk =
        tmdb === ''
          ? raw === null
          : tmdb === 'true' || tmdb === 'false'
            ? raw === (tmdb === 'true')
            : typeof raw === 'number'
              ? String(raw) === tmdb
              : raw === tmdb;
      if (!rawOk) problems.push(`#${i}: bare value ${JSON.stringify(tmdb)} became ${JSON.stringify(raw)}`);
      for (const [name, value] of headers) {
        if (/[\r\n\0]/.test(value) || /[^\u0000-\u00ff]/.test(value))
          problems.push(`#${i}: header ${name} carries ${JSON.stringify(value)}`);
      }
      if (new URL(url).host !== 'example.test') problems.push(`#${i}: URL host changed: ${url}`);
      if (problems.length > 10) break;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(VALUES);
  }, 120_000);

  it('a header template can never produce a value that Node would refuse or split', () => {
    const random = seededRandom(42);
    const template = compileTemplate('{title}', 'header');
    for (let i = 0; i < 20_000; i++) {
      const value = template.render(collectValues({ title: hostileString(random) }, undefined, 'movie', NOW)).trim();
      expect(() => new Headers([['x', value]])).not.toThrow();
    }
  });
});
