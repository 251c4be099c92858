import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  collectValues,
  compileTemplate,
  DEFAULT_MOVIE_PAYLOAD,
  DEFAULT_SHOW_PAYLOAD,
  payloadContext,
  SAMPLE_MOVIE,
  SAMPLE_SHOW,
  TemplateError,
} from '../../src/template';

const NOW = new Date('2026-03-01T20:15:31.000Z');
const values = (fields: Record<string, unknown>, type = 'movie') => collectValues(fields, undefined, type, NOW);

describe('default templates (JellyNext guide)', () => {
  it('renders the movie template with every value quoted', () => {
    const body = compileTemplate(DEFAULT_MOVIE_PAYLOAD, 'json').render(values(SAMPLE_MOVIE));
    expect(JSON.parse(body)).toEqual({
      tmdbId: '550',
      imdbId: 'tt0137523',
      title: 'Fight Club',
      year: '1999',
      jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
    });
  });

  it('renders the show template with seasonNumber a number and isAnime a boolean', () => {
    const body = compileTemplate(DEFAULT_SHOW_PAYLOAD, 'json').render(values(SAMPLE_SHOW, 'show'));
    expect(body).toContain('"seasonNumber": 2,');
    expect(body).toContain('"isAnime": false,');
    expect(JSON.parse(body)).toEqual({
      tvdbId: '81189',
      tmdbId: '1396',
      imdbId: 'tt0903747',
      title: 'Breaking Bad',
      year: '2008',
      seasonNumber: 2,
      isAnime: false,
      jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
    });
  });

  it('keeps the JSON valid when numbers are unknown (JellyNext would send "year": ,)', () => {
    const body = compileTemplate('{"year": {year}, "season": {seasonNumber}}', 'json').render(values({ title: 'x' }));
    expect(JSON.parse(body)).toEqual({ year: null, season: null });
  });
});

describe('escaping by context', () => {
  const hostile = 'He said "hi" \\ {tmdbId} $& $1 \n\u0000 end';

  it('JSON string: quotes, backslashes and control characters are escaped, placeholders in values are not expanded', () => {
    const body = compileTemplate('{"title":"{title}","id":"{tmdbId}"}', 'json').render(values({ title: hostile, tmdbId: '550' }));
    expect(JSON.parse(body)).toEqual({ title: hostile, id: '550' });
  });

  it('JSON bare: numbers, booleans, null and quoted strings', () => {
    const tpl = compileTemplate('[{tmdbId},{year},{isAnime},{title},{imdbId},{seasonNumber}]', 'json');
    expect(
      JSON.parse(tpl.render(values({ tmdbId: '550', year: 1999, isAnime: true, title: 'A "b"', imdbId: '', seasonNumber: '007' }))),
    ).toEqual([550, 1999, true, 'A "b"', null, '007']);
  });

  it('JSON bare: a huge numeric string stays a string so no digit is lost', () => {
    const body = compileTemplate('{"id": {tmdbId}}', 'json').render(values({ tmdbId: '123456789012345678901234' }));
    expect(JSON.parse(body)).toEqual({ id: '123456789012345678901234' });
  });

  it('URL: values are percent-encoded, the template is not', () => {
    const url = compileTemplate('https://x.test/a?t={title}&id={TMDBID}#frag', 'url').render(
      values({ title: 'a&b=c #d/é', tmdbId: '550' }),
    );
    expect(url).toBe('https://x.test/a?t=a%26b%3Dc%20%23d%2F%C3%A9&id=550#frag');
    expect(new URL(url).searchParams.get('t')).toBe('a&b=c #d/é');
  });

  it('URL: a lone surrogate cannot throw', () => {
    expect(compileTemplate('/{title}', 'url').render(values({ title: 'x\ud800y' }))).toBe('/x%EF%BF%BDy');
  });

  it('header: CR, LF and NUL are removed so no header can be injected', () => {
    const value = compileTemplate('Bearer {title}', 'header').render(values({ title: 'a\r\nX-Evil: 1\u0000' }));
    expect(value).toBe('Bearer aX-Evil: 1');
    expect(value).not.toMatch(/[\r\n\0]/);
  });

  it('header: characters beyond Latin-1 are percent-encoded, Latin-1 kept', () => {
    expect(compileTemplate('{title}', 'header').render(values({ title: 'Amélie 🎬' }))).toBe('Amélie %F0%9F%8E%AC');
  });

  it('text: plain substitution', () => {
    expect(compileTemplate('title={title}', 'text').render(values({ title: 'a "b"' }))).toBe('title=a "b"');
  });

  it('form: values URL-encoded', () => {
    expect(compileTemplate('title={title}&id={tmdbId}', 'form').render(values({ title: 'a&b', tmdbId: 5 }))).toBe('title=a%26b&id=5');
  });
});

describe('placeholders', () => {
  it('names are case-insensitive', () => {
    expect(compileTemplate('{TMDBID}-{TmdbId}-{tmdbid}', 'text').render(values({ tmdbId: '7' }))).toBe('7-7-7');
  });

  it('a {word} that is not built in is read from msg.media (empty when missing) and reported', () => {
    const tpl = compileTemplate('a {foo} b {title}', 'text');
    expect(tpl.render(values({ title: 'T' }))).toBe('a  b T');
    expect(tpl.render(values({ title: 'T', foo: 'F' }))).toBe('a F b T');
    expect(tpl.warnings).toEqual([expect.objectContaining({ line: 1, column: 3, message: expect.stringContaining('{foo}') })]);
  });

  it('values come from msg.media alone when it is an object, else from msg.payload; mediaType/timestamp are filled', () => {
    const tpl = compileTemplate('{title}|{year}|{mediaType}|{timestamp}', 'text');
    expect(tpl.render(collectValues({ title: 'From media' }, { title: 'From payload', year: 1999 }, 'show', NOW))).toBe(
      'From media||show|2026-03-01T20:15:31.000Z',
    );
    expect(tpl.render(collectValues(undefined, { title: 'From payload', year: 1999 }, 'show', NOW))).toBe(
      'From payload|1999|show|2026-03-01T20:15:31.000Z',
    );
  });

  it('non-primitive values become JSON text inside strings and JSON values outside', () => {
    const inString = compileTemplate('{"t":"{title}"}', 'json').render(values({ title: { a: [1, 'x'] } }));
    expect(JSON.parse(inString)).toEqual({ t: '{"a":[1,"x"]}' });
    const bare = compileTemplate('{"t":{title}}', 'json').render(values({ title: { a: [1, 'x'] } }));
    expect(JSON.parse(bare)).toEqual({ t: { a: [1, 'x'] } });
  });
});

describe('JSON template validation', () => {
  const errorOf = (source: string) => {
    try {
      compileTemplate(source, 'json');
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      return (err as TemplateError).location;
    }
    throw new Error('expected a TemplateError');
  };

  it('reports line and column of a missing comma', () => {
    const loc = errorOf('{\n  "a": "{title}"\n  "b": 1\n}');
    expect(loc).toMatchObject({ line: 3, column: 3 });
    expect(loc.near).toContain('"b"');
  });

  it('reports a trailing comma at the comma', () => {
    expect(errorOf('{"a": 1,\n}')).toMatchObject({ line: 1, column: 8 });
  });

  it('reports an unclosed string at its opening quote', () => {
    expect(errorOf('{"a": "x}')).toMatchObject({ line: 1, column: 7 });
  });

  it('a custom name outside quotes is a value (null when missing), with a warning at its place', () => {
    const tpl = compileTemplate('{"a": {nope}}', 'json');
    expect(tpl.render(values({}))).toBe('{"a": null}');
    expect(tpl.warnings).toEqual([expect.objectContaining({ line: 1, column: 7 })]);
    expect(errorOf('{"a": {no-pe}}')).toMatchObject({ line: 1, column: 8 });
  });

  it('refuses a raw newline inside a string', () => {
    expect(errorOf('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9 });
  });

  it('accepts nested structures, escapes and placeholders as keys', () => {
    const tpl = compileTemplate('{"{title}": [1, -2.5e3, true, null, {"x": "\\u0041\\n"}], "n": {seasonNumber}}', 'json');
    expect(JSON.parse(tpl.render(values({ title: 'k"ey', seasonNumber: 3 })))).toEqual({
      'k"ey': [1, -2500, true, null, { x: 'A\n' }],
      n: 3,
    });
  });

  it('an empty template is valid and means no body', () => {
    expect(compileTemplate('  \n', 'json').isEmpty).toBe(true);
    expect(checkTemplate('', 'json').ok).toBe(true);
  });

  it('checkTemplate gives the error and hints for a quoted season number', () => {
    const bad = checkTemplate('{"a": 1 "b": 2}', 'json');
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ line: 1, column: 9, message: expect.stringContaining("expected ',' or '}'") });
    const hinted = checkTemplate('{"season": "{seasonNumber}", "anime": "{ISANIME}"}', 'json');
    expect(hinted.ok).toBe(true);
    expect(hinted.hints.map((h) => h.message)).toEqual([expect.stringContaining('number'), expect.stringContaining('boolean')]);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => compileTemplate('['.repeat(10_000), 'json')).toThrow(/nested too deeply/);
  });
});

describe('payload context from headers', () => {
  it('JSON by default and for JSON types, form and text otherwise', () => {
    expect(payloadContext([])).toBe('json');
    expect(payloadContext([{ name: 'content-type', value: 'application/vnd.api+json' }])).toBe('json');
    expect(payloadContext([{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }])).toBe('form');
    expect(payloadContext([{ name: 'Content-Type', value: 'text/plain' }])).toBe('text');
  });
});

describe('timestamp', () => {
  it('is the ISO-8601 time of each request, also when requests follow each other quickly', () => {
    const tpl = compileTemplate('{timestamp}', 'text');
    const first = new Date('2026-03-01T23:59:59.999Z');
    const second = new Date('2026-03-02T00:00:00.000Z');
    expect(tpl.render(collectValues({}, undefined, 'movie', first))).toBe('2026-03-01T23:59:59.999Z');
    expect(tpl.render(collectValues({}, undefined, 'movie', second))).toBe('2026-03-02T00:00:00.000Z');
    expect(tpl.render(collectValues({}, undefined, 'movie', first))).toBe('2026-03-01T23:59:59.999Z');
  });
});
