import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILT_INS,
  collectValues,
  compileTemplate,
  parseCustomFields,
  PLACEHOLDER_NAMES,
  SAMPLE_MOVIE,
  sampleMessage,
} from '../../src/template';
import { compileStopText } from '../../src/stop/stop-messages';

const NOW = new Date('2026-03-01T20:15:31.000Z');

/** Values of a message as the webhook node collects them: msg.media, msg.payload and the whole msg. */
const valuesOf = (msg: Record<string, unknown>) => collectValues(msg.media, msg.payload, 'movie', NOW, msg);

describe('custom fields of msg.media are placeholders by their name (issue 13.1)', () => {
  const msg = { media: { ...SAMPLE_MOVIE, category: 'anime & "friends"', quotaLeft: 3, Tags: ['a', 'b'] } };

  it('in a URL, URL-encoded; in a header, header-safe; any case of the name', () => {
    expect(compileTemplate('https://x.test/{category}?c={CATEGORY}', 'url').render(valuesOf(msg))).toBe(
      'https://x.test/anime%20%26%20%22friends%22?c=anime%20%26%20%22friends%22',
    );
    const header = { media: { category: 'a\r\nX-Evil: 1 é🎬' } };
    expect(compileTemplate('X-{category}', 'header').render(valuesOf(header))).toBe('X-aX-Evil: 1 é%F0%9F%8E%AC');
  });

  it('in a JSON payload: escaped inside a string, a typed literal when bare', () => {
    const body = compileTemplate('{"c": "{category}", "left": {quotaLeft}, "tags": {tags}, "missing": {nope}}', 'json').render(
      valuesOf(msg),
    );
    expect(JSON.parse(body)).toEqual({ c: 'anime & "friends"', left: 3, tags: ['a', 'b'], missing: null });
  });

  it('reads own fields only: the prototype is never reached', () => {
    const media = Object.create({ inherited: 'from the prototype' }) as Record<string, unknown>;
    media.title = 'T';
    expect(compileTemplate('[{inherited}][{toString}][{hasOwnProperty}]', 'text').render(valuesOf({ media }))).toBe('[][][]');
    const constructor = compileTemplate('[{constructor}][{__proto__}]', 'text');
    expect(constructor.render(valuesOf({ media: JSON.parse('{"constructor": "c", "__proto__": "p"}') }))).toBe('[][]');
    expect(constructor.warnings.map((w) => w.message)).toEqual([
      '{constructor} is always empty: a placeholder never reads "constructor"',
      '{__proto__} is always empty: a placeholder never reads "__proto__"',
    ]);
  });

  it('works in the stop node texts too', () => {
    const text = compileStopText('{displayTitle} for {category|everyone}, approved by {msg.approvedBy}');
    expect(text.render({ media: { title: 'Akira', category: 'anime' }, approvedBy: 'bob' })).toBe('Akira for anime, approved by bob');
    expect(text.render({ media: { title: 'Akira' } })).toBe('Akira for everyone, approved by ');
  });
});

describe('{msg.<path>} reaches any message property (issue 13.2)', () => {
  const msg = { media: SAMPLE_MOVIE, approvedBy: 'Zoë "admin"', quota: { left: 2, used: [1, 2] }, topic: 'movie' };

  it('escaped per context; a bare number stays a number, an object becomes its JSON; missing is empty', () => {
    expect(compileTemplate('https://x.test/?by={msg.approvedBy}&left={msg.quota.left}', 'url').render(valuesOf(msg))).toBe(
      'https://x.test/?by=Zo%C3%AB%20%22admin%22&left=2',
    );
    const body = compileTemplate(
      '{"by": "{msg.approvedBy}", "left": {msg.quota.left}, "quota": {msg.quota}, "x": {msg.no.such}, "s": "{msg.nope}"}',
      'json',
    );
    expect(JSON.parse(body.render(valuesOf(msg)))).toEqual({
      by: 'Zoë "admin"',
      left: 2,
      quota: { left: 2, used: [1, 2] },
      x: null,
      s: '',
    });
    expect(body.warnings).toEqual([]);
    expect(body.messageReads).toEqual(['msg.approvedBy', 'msg.quota.left', 'msg.quota', 'msg.no.such', 'msg.nope']);
  });

  it('follows own properties only and never __proto__, constructor or prototype', () => {
    const tpl = compileTemplate('[{msg.__proto__.polluted}][{msg.a.constructor.name}][{msg.toString}][{msg.a.prototype}]', 'text');
    expect(tpl.render(valuesOf({ a: { constructor: { name: 'x' } } }))).toBe('[][][][]');
    expect(tpl.warnings).toHaveLength(3);
  });

  it('bounds a path: 8 steps of 64 characters at most, otherwise it is not a placeholder', () => {
    expect(
      compileTemplate('{msg.a.b.c.d.e.f.g.h}', 'text').render(valuesOf({ a: { b: { c: { d: { e: { f: { g: { h: 'deep' } } } } } } } })),
    ).toBe('deep');
    expect(compileTemplate('{msg.a.b.c.d.e.f.g.h.i}', 'text').isConstant).toBe(true);
    expect(compileTemplate(`{msg.${'a'.repeat(65)}}`, 'text').isConstant).toBe(true);
  });

  it('parses in linear time: a long run of near-placeholders is handled at once', () => {
    const hostile = `{msg.${'a.'.repeat(50_000)}` + '{a|'.repeat(50_000) + '{msg.a|'.repeat(50_000);
    const tpl = compileTemplate(hostile, 'text');
    expect(tpl.render(valuesOf({ a: 'x' })).length).toBeGreaterThan(0);
  });
});

describe('a default for empty values (issue 13.3)', () => {
  it('is used for undefined, null and "", in every context, escaped like a value', () => {
    const media = { ...SAMPLE_MOVIE, imdbId: '', tmdbId: null };
    const body = compileTemplate(
      '{"imdb": "{imdbId|unknown}", "tmdb": {tmdbId|0}, "season": {seasonNumber|1}, "anime": {isAnime|true}, "t": "{title|none}", "q": {msg.quota|unlimited}}',
      'json',
    );
    expect(JSON.parse(body.render(valuesOf({ media })))).toEqual({
      imdb: 'unknown',
      tmdb: 0,
      season: 1,
      anime: false,
      t: 'Fight Club',
      q: 'unlimited',
    });
    expect(compileTemplate('https://x.test/{imdbId|no id}', 'url').render(valuesOf({ media }))).toBe('https://x.test/no%20id');
    expect(compileTemplate('{imdbId|-}', 'header').render(valuesOf({ media }))).toBe('-');
  });

  it('cannot hold braces, quotes, backslashes or line breaks: such text is not a placeholder', () => {
    for (const source of ['{title|a"b}', '{title|a\\\\b}', '{title|a\nb}', '{title|a{b}']) {
      expect(compileTemplate(source, 'text').render(valuesOf({ media: { title: 'T' } }))).not.toBe('T');
    }
  });
});

describe('declared custom fields (issue 13.4)', () => {
  it('parses names and msg paths with samples; rejects what is neither', () => {
    expect(
      parseCustomFields('category=anime, quotaLeft = 3\nmsg.approvedBy=alice, plain, , bad-name=1, msg.__proto__.x, constructor'),
    ).toEqual({
      fields: [
        { name: 'category', sample: 'anime' },
        { name: 'quotaLeft', sample: '3' },
        { name: 'msg.approvedBy', sample: 'alice' },
        { name: 'plain', sample: '' },
      ],
      invalid: ['bad-name=1', 'msg.__proto__.x', 'constructor'],
    });
    expect(parseCustomFields(undefined)).toEqual({ fields: [], invalid: [] });
  });

  it('a sample message carries the samples in msg.media, msg.payload and at msg paths', () => {
    const message = sampleMessage('show', parseCustomFields('category=anime, msg.quota.left=3').fields);
    expect(message).toMatchObject({ media: { title: 'Breaking Bad', category: 'anime' }, quota: { left: '3' }, topic: 'show' });
    expect(message.payload).toBe(message.media);
  });
});

describe('the built-in table is the one list (restructuring leftover)', () => {
  it('every built-in has a description in the catalog and a row in the README table', () => {
    const catalog = JSON.parse(readFileSync('nodes/jellynext-webhook/locales/en-US/jellynext-webhook.json', 'utf8')) as Record<
      string,
      { placeholders: Record<string, string> }
    >;
    const readme = readFileSync('README.md', 'utf8');
    for (const name of PLACEHOLDER_NAMES) {
      expect(catalog['jellynext-webhook'].placeholders[name], name).toBeTruthy();
      expect(readme, name).toMatch(new RegExp(`^\\| \`\\{${name}\\}\``, 'm'));
    }
  });

  it('the sample media follow the table, and collectValues reads every row into its slot', () => {
    for (const row of BUILT_INS) {
      if (row.name !== 'timestamp') expect(SAMPLE_MOVIE[row.name]).toEqual(row.movie);
    }
    const values = collectValues(SAMPLE_MOVIE, undefined, 'movie', NOW);
    expect(PLACEHOLDER_NAMES.map((name, slot) => (name === 'timestamp' ? values[slot] : values[slot] === SAMPLE_MOVIE[name]))).toEqual(
      PLACEHOLDER_NAMES.map((name) => (name === 'timestamp' ? '2026-03-01T20:15:31.000Z' : true)),
    );
  });
});
