import { describe, expect, it } from 'vitest';
import { SAMPLE_MOVIE, SAMPLE_SHOW } from '../../src/template';
import {
  createSigner,
  normalizeConfig,
  parseSecretHeaders,
  redactUrl,
  resolveMediaType,
  secretsFromCredentials,
  secretValues,
  WEBHOOK_CREDENTIALS,
  signature,
  WebhookRequestBuilder,
  type RawWebhookProperties,
  type WebhookSecrets,
} from '../../src/webhook';

const NOW = new Date('2026-03-01T20:15:31.000Z');
const NO_SECRETS: WebhookSecrets = { movie: {}, show: {} };

function builder(props: RawWebhookProperties, secrets = NO_SECRETS) {
  return new WebhookRequestBuilder(normalizeConfig({ movieUrl: 'http://h.test/m', showUrl: 'http://h.test/s', ...props }), secrets);
}

function build(props: RawWebhookProperties, payload: unknown, topic?: unknown, secrets = NO_SECRETS) {
  const outcome = builder(props, secrets).build(payload, undefined, topic, NOW);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.request;
}

describe('config defaults', () => {
  it('omitted properties take their documented defaults', () => {
    const config = normalizeConfig({});
    expect(config).toMatchObject({ method: 'POST', timeoutMs: 10_000, retries: 2 });
    expect(config.movie.payload).toContain('"tmdbId": "{tmdbId}"');
    expect(config.show.payload).toContain('"seasonNumber": {seasonNumber}');
  });

  it('bad values fall back or are clamped', () => {
    expect(normalizeConfig({ method: 'DELETE', timeout: 'abc', retries: 99 })).toMatchObject({
      method: 'POST',
      timeoutMs: 10_000,
      retries: 10,
    });
    expect(normalizeConfig({ method: 'put', timeout: '2.5', retries: '0' })).toMatchObject({ method: 'PUT', timeoutMs: 2500, retries: 0 });
  });

  it('an unreadable secretHeaders credential counts as none', () => {
    expect(parseSecretHeaders('{oops')).toEqual(NO_SECRETS);
    expect(parseSecretHeaders('{"movie":{"A":"b","n":1}}')).toEqual({ movie: { A: 'b' }, show: {} });
  });
});

describe('media type', () => {
  it('payload.mediaType, then topic, then show when tvdbId or season is present', () => {
    expect(resolveMediaType({ mediaType: 'show' }, 'movie')).toBe('show');
    expect(resolveMediaType({ mediaType: 'TV' }, undefined)).toBe('show');
    expect(resolveMediaType({}, 'movie')).toBe('movie');
    expect(resolveMediaType({ tvdbId: '81189' }, undefined)).toBe('show');
    expect(resolveMediaType({ seasonNumber: 0 }, undefined)).toBe('show');
    expect(resolveMediaType({ tmdbId: '550' }, 'something')).toBe('movie');
  });
});

describe('request building', () => {
  it('uses the movie or show endpoint and renders URL, headers and body', () => {
    const props = {
      movieUrl: 'https://api.test/movie/{tmdbId}?t={title}',
      movieHeaders: [{ name: 'X-User-{userName}', value: 'id={jellyfinUserId}' }],
    };
    const movie = build(props, SAMPLE_MOVIE);
    expect(movie.url).toBe('https://api.test/movie/550?t=Fight%20Club');
    expect(movie.headers).toContainEqual(['X-User-alice', 'id=a1b2c3d4-e5f6-7890-1234-567890abcdef']);
    expect(movie.headers).toContainEqual(['Content-Type', 'application/json; charset=utf-8']);
    expect(JSON.parse(movie.body!)).toMatchObject({ tmdbId: '550', title: 'Fight Club' });
    const show = build(props, SAMPLE_SHOW);
    expect(show.url).toBe('http://h.test/s');
    expect(JSON.parse(show.body!)).toMatchObject({ tvdbId: '81189', seasonNumber: 2, isAnime: false });
  });

  it('GET sends no body and no Content-Type', () => {
    const request = build({ method: 'GET' }, SAMPLE_MOVIE);
    expect(request.body).toBeUndefined();
    expect(request.headers.some(([name]) => name.toLowerCase() === 'content-type')).toBe(false);
  });

  it('an empty payload template sends no body', () => {
    expect(build({ moviePayload: '' }, SAMPLE_MOVIE).body).toBeUndefined();
  });

  it('a user Content-Type wins and a text type means plain substitution', () => {
    const request = build(
      { movieHeaders: [{ name: 'content-type', value: 'text/plain' }], moviePayload: 'Play: {title} "{year}"' },
      SAMPLE_MOVIE,
    );
    expect(request.body).toBe('Play: Fight Club "1999"');
    expect(request.headers.filter(([name]) => name.toLowerCase() === 'content-type')).toEqual([['content-type', 'text/plain']]);
  });

  it('secret headers take their value from credentials and are masked in safeHeaders', () => {
    const secrets = parseSecretHeaders(JSON.stringify({ movie: { Authorization: 'Bearer s3cret' }, show: {} }));
    const request = build({ movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred' }] }, SAMPLE_MOVIE, undefined, secrets);
    expect(request.headers).toContainEqual(['Authorization', 'Bearer s3cret']);
    expect(request.safeHeaders).toContainEqual(['Authorization', '***']);
    expect(request.secrets).toEqual(['Bearer s3cret']);
  });

  it('a secret header without a stored value is a clear problem for that media type only', () => {
    const b = builder({ movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred' }] });
    expect(b.problems).toEqual([{ mediaType: 'movie', message: expect.stringContaining('"Authorization" is missing') }]);
    expect(b.build(SAMPLE_SHOW, undefined, undefined, NOW).ok).toBe(true);
  });

  it('reports problems per media type: a broken payload; a missing URL only when both are missing', () => {
    const b = new WebhookRequestBuilder(normalizeConfig({ movieUrl: '', showUrl: 'http://x.test', showPayload: '{"a": }' }), NO_SECRETS);
    expect(b.problems.map((p) => p.mediaType)).toEqual(['show']);
    expect(b.problems[0].message).toMatch(/line 1, column 7/);
    const outcome = b.build(SAMPLE_MOVIE, undefined, undefined, NOW);
    expect(outcome).toMatchObject({ ok: false, mediaType: 'movie', error: expect.stringContaining('this node has no movie URL') });
    const neither = new WebhookRequestBuilder(normalizeConfig({ movieUrl: '', showUrl: ' ' }), NO_SECRETS);
    expect(neither.problems.map((p) => p.message)).toEqual(['this node has neither a movie nor a show URL: set at least one']);
  });

  it('one media type per node: a show-only node builds shows and names the missing movie URL for movies (issue 13.5)', () => {
    const b = new WebhookRequestBuilder(normalizeConfig({ showUrl: 'http://x.test/tv/{tvdbId}' }), NO_SECRETS);
    expect(b.problems).toEqual([]);
    expect(b.warnings).toEqual([]);
    expect(b.build(SAMPLE_SHOW, undefined, undefined, NOW)).toMatchObject({ ok: true, request: { url: 'http://x.test/tv/81189' } });
    expect(b.build(SAMPLE_MOVIE, undefined, undefined, NOW)).toEqual({
      ok: false,
      mediaType: 'movie',
      error: 'this node has no movie URL, so it does not send movies: set the movie URL, or send movies to another node',
    });
    const movieOnly = new WebhookRequestBuilder(normalizeConfig({ movieUrl: 'http://x.test/m' }), NO_SECRETS);
    expect(movieOnly.problems).toEqual([]);
    expect(movieOnly.build(SAMPLE_SHOW, undefined, undefined, NOW)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no show URL'),
    });
  });

  it('a header name that renders to an invalid token is an error, never a malformed request', () => {
    const outcome = builder({ movieHeaders: [{ name: 'X-{title}', value: 'v' }] }).build(SAMPLE_MOVIE, undefined, undefined, NOW);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('"X-Fight Club" is not a valid HTTP header name') });
  });

  it('a URL that is invalid after rendering, or not http(s), is an error', () => {
    expect(builder({ movieUrl: '{title}' }).build(SAMPLE_MOVIE, undefined, undefined, NOW)).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a valid URL'),
    });
    expect(builder({ movieUrl: 'ftp://x.test/{tmdbId}' }).build(SAMPLE_MOVIE, undefined, undefined, NOW)).toMatchObject({
      ok: false,
      error: expect.stringContaining('ftp:'),
    });
  });

  it('a payload that is not an object is an error unless msg.media carries the fields', () => {
    const b = builder({});
    expect(b.build('hello', undefined, undefined, NOW)).toMatchObject({ ok: false, error: expect.stringContaining('is a string') });
    expect(b.build('hello', SAMPLE_MOVIE, undefined, NOW).ok).toBe(true);
  });

  it('signs the final body', () => {
    const b = new WebhookRequestBuilder(
      normalizeConfig({ movieUrl: 'http://h.test' }),
      NO_SECRETS,
      createSigner('topsecret', () => 1_700_000_000_000),
    );
    const outcome = b.build(SAMPLE_MOVIE, undefined, undefined, NOW);
    if (!outcome.ok) throw new Error(outcome.error);
    const headers = Object.fromEntries(outcome.request.headers);
    expect(headers['X-JellyNext-Timestamp']).toBe('1700000000');
    expect(headers['X-JellyNext-Signature']).toBe(signature('topsecret', '1700000000', outcome.request.body!));
    expect(headers['X-JellyNext-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('URL redaction', () => {
  it('masks passwords, token-like query values, webhook tokens and known secrets', () => {
    expect(redactUrl('https://user:pw@h.test/a?apikey=K1&x=1&token=T')).toBe('https://***@h.test/a?apikey=***&x=1&token=***');
    expect(redactUrl('https://discord.com/api/webhooks/123/abcDEF-token')).toBe('https://discord.com/api/webhooks/123/***');
    expect(redactUrl('https://h.test/p/mysecretvalue', ['mysecretvalue'])).toBe('https://h.test/p/***');
    expect(redactUrl('not a url mysecretvalue', ['mysecretvalue'])).toBe('not a url ***');
  });

  it('a parsed URL gives the same result, and one without anything secret is kept as it is', () => {
    for (const url of [
      'https://user:pw@h.test/a?apikey=K1&x=1',
      'https://discord.com/api/webhooks/123/abc',
      'https://h.test/a?title=Fight%20Club&x=1',
    ]) {
      expect(redactUrl(new URL(url))).toBe(redactUrl(url));
    }
    expect(redactUrl(new URL('https://h.test/p/mysecretvalue?a=1'), ['mysecretvalue'])).toBe('https://h.test/p/***?a=1');
  });
});

describe('secrets in credentials', () => {
  it('every secret is a password credential: header slots, the old by-name set, secret URLs, the signing secret', () => {
    expect(Object.keys(WEBHOOK_CREDENTIALS).sort()).toEqual(
      [
        'movieSecretUrl',
        'secretHeaders',
        'showSecretUrl',
        'signingSecret',
        ...Array.from({ length: 8 }, (_, i) => `secretHeader${i}`),
      ].sort(),
    );
    expect(new Set(Object.values(WEBHOOK_CREDENTIALS).map((c) => c.type))).toEqual(new Set(['password']));
  });

  it('reads slots, by-name values and URLs; ignores empty and malformed ones', () => {
    const secrets = secretsFromCredentials({
      secretHeader0: 'zero',
      secretHeader7: 'seven',
      secretHeader8: 'out of range',
      secretHeader3: '',
      secretHeaders: '{"show":{"X-Api-Key":"named"}}',
      movieSecretUrl: 'https://h.test/hook/abc',
      showSecretUrl: 42,
    });
    expect(secrets).toEqual({
      movie: {},
      show: { 'X-Api-Key': 'named' },
      slots: { 0: 'zero', 7: 'seven' },
      urls: { movie: 'https://h.test/hook/abc' },
    });
    expect(secretValues(secrets).sort()).toEqual(['https://h.test/hook/abc', 'named', 'seven', 'zero']);
  });

  it('a row keeps its slot only when it is secret and the slot is a whole number in range', () => {
    const headers = normalizeConfig({
      movieHeaders: [
        { name: 'A', value: '__PWRD__', type: 'cred', slot: 2 },
        { name: 'B', value: 'x', type: 'str', slot: 2 },
        { name: 'C', value: '__PWRD__', type: 'cred', slot: 8 },
        { name: 'D', value: '__PWRD__', type: 'cred', slot: '1' },
      ],
    }).movie.headers;
    expect(headers).toEqual([
      { name: 'A', value: '__PWRD__', type: 'cred', slot: 2 },
      { name: 'B', value: 'x', type: 'str' },
      { name: 'C', value: '__PWRD__', type: 'cred' },
      { name: 'D', value: '__PWRD__', type: 'cred' },
    ]);
  });

  it('a URL without placeholders is parsed once and shared; a templated one per message', () => {
    const constant = builder({ movieUrl: 'http://h.test/hook?token=abc123' });
    const first = constant.build(SAMPLE_MOVIE, undefined, 'movie', NOW);
    const second = constant.build({ ...SAMPLE_MOVIE, title: 'Heat' }, undefined, 'movie', NOW);
    if (!first.ok || !second.ok) throw new Error('not built');
    expect(second.request.target).toBe(first.request.target);
    expect(second.request.target.href).toBe('http://h.test/hook?token=abc123');
    // Worded on demand, the same words: the token masked.
    expect(second.request.safeUrl).toBe(redactUrl('http://h.test/hook?token=abc123'));
    expect(second.request.safeUrl).not.toContain('abc123');
    const templated = builder({ movieUrl: 'http://h.test/movie/{tmdbId}' });
    const a = templated.build(SAMPLE_MOVIE, undefined, 'movie', NOW);
    const b = templated.build({ ...SAMPLE_MOVIE, tmdbId: '949' }, undefined, 'movie', NOW);
    if (!a.ok || !b.ok) throw new Error('not built');
    expect([a.request.target.pathname, b.request.target.pathname]).toEqual(['/movie/550', '/movie/949']);
  });

  it('a secret URL is used whole, shown as its origin only, and a broken one is not quoted', () => {
    const secretUrl = 'https://h.test/private/{tmdbId}/tok3n-value';
    const b = builder({ movieUrl: '', movieUrlSecret: true }, { ...NO_SECRETS, urls: { movie: secretUrl } });
    const outcome = b.build(SAMPLE_MOVIE, undefined, undefined, NOW);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.request.url).toBe('https://h.test/private/550/tok3n-value');
    expect(outcome.request.safeUrl).toBe('https://h.test/***');
    expect(outcome.request.secrets).toContain('https://h.test/private/550/tok3n-value');
    const broken = builder(
      { movieUrl: '', movieUrlSecret: true },
      { ...NO_SECRETS, urls: { movie: 'https://h.test:{title}/tok3n-value' } },
    ).build(SAMPLE_MOVIE, undefined, undefined, NOW);
    expect(broken).toMatchObject({ ok: false, error: 'the secret movie URL is not a valid URL' });
  });

  it('a slot row without its credential is a clear problem', () => {
    const b = builder(
      { movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 4 }] },
      { ...NO_SECRETS, slots: { 3: 'other' } },
    );
    expect(b.problems).toEqual([{ mediaType: 'movie', message: expect.stringContaining('"Authorization" is missing') }]);
  });
});
