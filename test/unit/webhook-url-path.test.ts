// Issue 9.4: a placeholder value must never change which path the request reaches. WHATWG URL parsing
// collapses "." and ".." segments, also written as %2E, so a tmdb id of ".." taken from a path such as
// "[tmdbid-..]" would turn /api/v1/movie/{tmdbId}/request into /api/v1/request.
import { describe, expect, it } from 'vitest';
import { normalizeConfig, WebhookRequestBuilder, type RawWebhookProperties } from '../../src/webhook';
import { placeholderInHost } from '../../src/webhook/url-template';

const NOW = new Date('2026-03-01T20:15:31.000Z');

function build(props: RawWebhookProperties, media: Record<string, unknown>, message?: Record<string, unknown>) {
  const builder = new WebhookRequestBuilder(normalizeConfig({ movieUrl: 'http://h.test/m', showUrl: 'http://h.test/s', ...props }), {
    movie: {},
    show: {},
  });
  return builder.build({ mediaType: 'movie', ...media }, undefined, undefined, NOW, message);
}

describe('placeholder values cannot change the URL path', () => {
  const jellyseerr = 'http://h.test/api/v1/movie/{tmdbId}/request';

  it.each(['..', '.'])('refuses a value %j that is a whole path segment', (tmdbId) => {
    const outcome = build({ movieUrl: jellyseerr }, { tmdbId });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatch(/movie URL: a placeholder value makes the path segment "\.{1,2}"/);
  });

  it.each([
    ['a literal dot before the value', 'http://h.test/api/.{tmdbId}/request', '.'],
    ['a literal dot after an empty value', 'http://h.test/api/{tmdbId}./request', ''],
    ['a percent-encoded dot around the value', 'http://h.test/api/%2E{tmdbId}/request', '.'],
    ['two values in one segment', 'http://h.test/api/{tmdbId}{imdbId}/request', '.'],
    ['the last segment', 'http://h.test/api/movie/{tmdbId}', '..'],
    ['a backslash-separated segment', 'http://h.test/api\\{tmdbId}\\request', '..'],
  ])('refuses %s', (_what, movieUrl, tmdbId) => {
    const outcome = build({ movieUrl }, { tmdbId, imdbId: '.' });
    expect(outcome.ok).toBe(false);
  });

  it('the rendered path is exactly what the template says for ordinary and dotted values', () => {
    for (const tmdbId of ['550', '...', '.hidden', 'a.b', '..x']) {
      const outcome = build({ movieUrl: jellyseerr }, { tmdbId });
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect(outcome.request.target.pathname).toBe(`/api/v1/movie/${tmdbId}/request`);
    }
  });

  it('dots in the query, the fragment or a literal segment are left alone', () => {
    const outcome = build({ movieUrl: 'http://h.test/./x?id={tmdbId}&y=..#{tmdbId}' }, { tmdbId: '..' });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.request.target.search).toBe('?id=..&y=..');
  });

  it('custom fields, msg paths and defaults are guarded the same way (issue 13)', () => {
    expect(build({ movieUrl: 'http://h.test/api/{category}/x' }, { category: '..' }).ok).toBe(false);
    expect(build({ movieUrl: 'http://h.test/api/{msg.dir}/x' }, {}, { dir: '..' }).ok).toBe(false);
    expect(build({ movieUrl: 'http://h.test/api/{msg.dir|..}/x' }, {}, {}).ok).toBe(false);
    // A "/" in a default is percent-encoded like a value: the segments stay where the template has them.
    expect(build({ movieUrl: 'http://h.test/api/{msg.dir|a/b}/{tmdbId}' }, { tmdbId: '..' }, {}).ok).toBe(false);
    const fine = build({ movieUrl: 'http://h.test/api/{msg.dir|a/b}/{tmdbId}' }, { tmdbId: '550' }, {});
    expect(fine.ok && fine.request.target.pathname).toBe('/api/a%2Fb/550');
  });

  it('a custom field, a msg path or a default in the host counts as a placeholder deciding the host', () => {
    expect(placeholderInHost('https://{msg.host}/x')).toBe(true);
    expect(placeholderInHost('https://{base|h.test}/x')).toBe(true);
    expect(placeholderInHost('{base|https://h.test}/x')).toBe(true);
    expect(placeholderInHost('https://h.test/{msg.a|b/c}')).toBe(false);
  });
});
