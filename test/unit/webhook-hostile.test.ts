// Attacks on the request builder from issue 9: each case was sent by an attack review and got through before.
import { describe, expect, it } from 'vitest';
import { SAMPLE_MOVIE, SAMPLE_SHOW } from '../../src/template';
import { normalizeConfig, redactUrl, WebhookRequestBuilder, type RawWebhookProperties, type WebhookSecrets } from '../../src/webhook';

const NOW = new Date('2026-03-01T20:15:31.000Z');
const NO_SECRETS: WebhookSecrets = { movie: {}, show: {} };
const INJECTING_TITLE = 'Fight Club", "userId": 1, "x": "';

function builder(props: RawWebhookProperties, secrets: WebhookSecrets = NO_SECRETS) {
  return new WebhookRequestBuilder(normalizeConfig({ movieUrl: 'http://h.test/m', showUrl: 'http://h.test/s', ...props }), secrets);
}

function built(b: WebhookRequestBuilder, payload: unknown, media?: unknown) {
  const outcome = b.build(payload, media, undefined, NOW);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.request;
}

describe('a secret Content-Type still selects the escaping (issue 9.2)', () => {
  const jsonSecret: WebhookSecrets = { movie: { 'Content-Type': 'application/json' }, show: {} };
  const props = { movieHeaders: [{ name: 'Content-Type', value: '__PWRD__', type: 'cred' }] };

  it('a title cannot inject keys when Content-Type: application/json is a secret row', () => {
    const request = built(builder(props, jsonSecret), { ...SAMPLE_MOVIE, title: INJECTING_TITLE });
    const body = JSON.parse(request.body!) as Record<string, unknown>;
    expect(body.title).toBe(INJECTING_TITLE);
    expect(Object.keys(body)).toEqual(['tmdbId', 'imdbId', 'title', 'year', 'jellyfinUserId']);
    expect(request.headers).toContainEqual(['Content-Type', 'application/json']);
  });

  it('the deploy-time JSON check runs with a secret JSON Content-Type', () => {
    const b = builder({ ...props, moviePayload: '{"a": }' }, jsonSecret);
    expect(b.problems).toEqual([
      { mediaType: 'movie', message: expect.stringMatching(/movie payload is not valid JSON: line 1, column 7/) },
    ]);
  });

  it('a secret text/plain Content-Type still means plain substitution', () => {
    const b = builder({ ...props, moviePayload: 'Play {title}' }, { movie: { 'Content-Type': 'text/plain' }, show: {} });
    expect(built(b, SAMPLE_MOVIE).body).toBe('Play Fight Club');
  });
});

describe('placeholders come from msg.media, not from an endpoint answer (issue 9.9)', () => {
  it("a first endpoint's JSON answer in msg.payload does not switch the media type or the ids", () => {
    const answer = { mediaType: 'show', tmdbId: '666', tvdbId: '666', title: 'Injected' };
    const request = built(builder({}), answer, SAMPLE_MOVIE);
    expect(request.mediaType).toBe('movie');
    expect(request.url).toBe('http://h.test/m');
    expect(JSON.parse(request.body!)).toMatchObject({ tmdbId: '550', title: 'Fight Club' });
  });

  it('an answer cannot fill a value the media leaves empty', () => {
    const request = built(builder({}), { imdbId: 'tt6666666' }, { ...SAMPLE_MOVIE, imdbId: '' });
    expect(JSON.parse(request.body!)).toMatchObject({ imdbId: '' });
  });

  it('without msg.media, msg.payload still carries the fields', () => {
    expect(JSON.parse(built(builder({}), SAMPLE_SHOW).body!)).toMatchObject({ tvdbId: '81189', seasonNumber: 2 });
  });
});

describe('header names are checked after rendering (issue 9.10)', () => {
  const renderedName = (value: string) => ({ ...SAMPLE_MOVIE, userName: value });
  const refused = [
    'Host',
    'host',
    'Content-Length',
    'Transfer-Encoding',
    'Connection',
    'Keep-Alive',
    'Upgrade',
    'TE',
    'Trailer',
    'Proxy-Connection',
    'Expect',
  ];

  it.each(refused)('a name rendering to %s is refused with a clear error', (name) => {
    const outcome = builder({ movieHeaders: [{ name: '{userName}', value: 'x' }] }).build(renderedName(name), undefined, undefined, NOW);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining(`"${name}"`) });
    if (!outcome.ok) expect(outcome.error).toMatch(/cannot be set|not allowed/);
  });

  it.each(refused)('a literal %s header row is refused at deploy', (name) => {
    const b = builder({ movieHeaders: [{ name, value: 'x' }] });
    expect(b.problems).toEqual([{ mediaType: 'movie', message: expect.stringContaining(`"${name}"`) }]);
  });

  it('a name rendering to an invalid token is refused, also with a line break in it', () => {
    const outcome = builder({ movieHeaders: [{ name: 'X-{userName}', value: 'x' }] }).build(
      renderedName('a\r\nHost: evil'),
      undefined,
      undefined,
      NOW,
    );
    // Control characters are removed from header text, so the name is "X-aHost: evil": not a token.
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('not a valid HTTP header name') });
  });

  it('a name rendering to Content-Type is refused: the escaping was chosen at deploy', () => {
    const outcome = builder({ movieHeaders: [{ name: '{userName}', value: 'text/plain' }] }).build(
      renderedName('content-type'),
      undefined,
      undefined,
      NOW,
    );
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('Content-Type') });
  });

  it('Content-Type rows are de-duplicated case-insensitively: one Content-Type on the wire', () => {
    const b = builder({
      movieHeaders: [
        { name: 'content-type', value: 'application/json' },
        { name: 'CONTENT-TYPE', value: 'text/plain' },
      ],
    });
    const request = built(b, SAMPLE_MOVIE);
    expect(request.headers.filter(([name]) => name.toLowerCase() === 'content-type')).toEqual([['content-type', 'application/json']]);
    expect(b.warnings.map((w) => w.message).join('\n')).toMatch(/Content-Type/);
  });

  it('a placeholder in the URL host is warned about at deploy', () => {
    const warned = (url: string) => builder({ movieUrl: url }).warnings.some((w) => /host/i.test(w.message));
    expect(warned('https://{userName}.example.com/hook')).toBe(true);
    expect(warned('http://h.test:{year}/x')).toBe(true);
    expect(warned('https://api.example.com/movie/{tmdbId}?t={title}')).toBe(false);
  });
});

describe('token-in-URL shapes and userinfo are masked (issue 9.5)', () => {
  const cases: Array<[string, string, string]> = [
    ['Discord', 'https://discord.com/api/webhooks/1234567890/AbCdEf-ghIJ_token', 'AbCdEf-ghIJ_token'],
    ['Slack', 'https://hooks.slack.com/services/T0AAA/B0BBB/XyZslacksecret123', 'XyZslacksecret123'],
    ['Slack workflow', 'https://hooks.slack.com/triggers/T0AAA/123/abcdefsecret', 'abcdefsecret'],
    ['Home Assistant', 'http://ha.local:8123/api/webhook/jellynext-Zq81hA', 'jellynext-Zq81hA'],
    ['Telegram', 'https://api.telegram.org/bot123456:AAHtelegramSecret-x/sendMessage?chat_id=1', 'AAHtelegramSecret-x'],
    ['IFTTT', 'https://maker.ifttt.com/trigger/jellynext/with/key/iftttSecretKey9', 'iftttSecretKey9'],
    ['IFTTT JSON', 'https://maker.ifttt.com/trigger/jellynext/json/with/key/iftttSecretKey9', 'iftttSecretKey9'],
    ['Teams', 'https://contoso.webhook.office.com/webhookb2/0c1d@72f9/IncomingWebhook/teamsSecretHex/ab12', 'teamsSecretHex'],
    ['userinfo', 'https://alice:pa55word@h.test/x', 'pa55word'],
    ['user only', 'https://tokenuser123@h.test/x', 'tokenuser123'],
    ['query', 'https://h.test/x?api_key=k3y-value&title=Fight', 'k3y-value'],
    // Each literal of the quick pre-check (redact.ts MAY_HOLD_PATH_SECRET), also in capitals.
    ['Mattermost', 'https://chat.example/hooks/mattermostKey42', 'mattermostKey42'],
    ['Slack-style on another host', 'https://chat.example/services/T0/B0/servicesTok9', 'servicesTok9'],
    ['Discord in capitals', 'HTTPS://DISCORD.COM/API/WEBHOOKS/1/UpperSecret7', 'UpperSecret7'],
    ['Telegram in capitals', 'https://api.telegram.org/BOT42:UpperBotKey/x', 'UpperBotKey'],
    ['query name percent-encoded', 'https://h.test/x?%74oken=encodedTok5&id=1', 'encodedTok5'],
  ];

  it.each(cases)('%s', (_service, url, secret) => {
    expect(redactUrl(url)).not.toContain(secret);
    expect(redactUrl(new URL(url))).not.toContain(secret);
  });

  it('keeps what is not secret readable', () => {
    expect(redactUrl('https://discord.com/api/webhooks/1234567890/AbCdEf')).toBe('https://discord.com/api/webhooks/1234567890/***');
    expect(redactUrl('http://localhost:8080/webhook/movie?title=Fight%20Club')).toBe(
      'http://localhost:8080/webhook/movie?title=Fight%20Club',
    );
    expect(redactUrl('https://alice:pa55word@h.test/x')).toBe('https://***@h.test/x');
  });

  it('masks also a URL that does not parse', () => {
    const broken = 'https://alice:pa55word@h.test:99999/api/webhooks/1/AbCdEfTok';
    expect(() => new URL(broken)).toThrow();
    expect(redactUrl(broken)).toBe('https://***@h.test:99999/api/webhooks/1/***');
  });

  it('a rendered URL that does not parse is reported masked', () => {
    const outcome = builder({ movieUrl: 'https://alice:pa55word@h.test:{title}/api/webhooks/1/AbCdEfTok' }).build(
      SAMPLE_MOVIE,
      undefined,
      undefined,
      NOW,
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toContain('not a valid URL');
      expect(outcome.error).not.toContain('pa55word');
      expect(outcome.error).not.toContain('AbCdEfTok');
    }
  });

  // Quadratic patterns would take minutes on these; linear ones take milliseconds (the test timeout is the guard).
  it('stays linear on hostile text', () => {
    const shapes = ['?', '//', '/services/a', '?key', '/bot1', '&a', '/webhooks/x', '.webhook.office.com/', '/with/key/', '@'];
    for (const shape of shapes) {
      const hostile = `https://h.test/${shape.repeat(Math.ceil(200_000 / shape.length))}`;
      expect(redactUrl(hostile).length).toBeGreaterThan(0);
    }
  });
});
