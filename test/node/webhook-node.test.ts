import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answer, hang, Receiver } from '../support/receiver';
import { callsOf, helper, nodeInit } from '../support/test-helper';
import { until } from '../support/wait';
import { BREAKING_BAD_S2 } from '../support/expected-media';

const webhookNode = nodeInit('jellynext-webhook');

interface SentMessage {
  payload: unknown;
  statusCode: number | null;
  headers: Record<string, unknown>;
  media: Record<string, unknown>;
  webhook: Record<string, unknown> & { ok: boolean };
  [key: string]: unknown;
}

/** The texts of the webhook node's status calls. */
const statusTexts = () => helper.getNode('w1').status.args.map((a) => (a[0] as { text?: string }).text);

const MOVIE = {
  mediaType: 'movie',
  tmdbId: '550',
  imdbId: 'tt0137523',
  title: 'Fight Club',
  year: 1999,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
  userName: 'alice',
};
const SHOW = {
  ...BREAKING_BAD_S2,
  jellyfinUserId: 'a1b2c3d4-e5f6-7890-1234-567890abcdef',
};

let receiver: Receiver;

beforeAll(async () => {
  receiver = await new Receiver().start();
  await helper.startServer();
});
afterAll(async () => {
  await helper.stopServer();
  await receiver.stop();
});
afterEach(async () => {
  await helper.unload();
  receiver.reset();
});

function flow(props: Record<string, unknown>) {
  return [
    {
      id: 'w1',
      type: 'jellynext-webhook',
      name: 'hook',
      wires: [['ok'], ['failed']],
      movieUrl: `${receiver.url}/movie`,
      showUrl: `${receiver.url}/show`,
      ...props,
    },
    { id: 'ok', type: 'helper' },
    { id: 'failed', type: 'helper' },
  ];
}

/** The next message on output 1 ('ok') or 2 ('failed'), whichever comes first. */
function nextOutput(): Promise<{ port: 'ok' | 'failed'; msg: SentMessage }> {
  return new Promise((resolve) => {
    helper.getNode('ok').on('input', (msg: never) => resolve({ port: 'ok', msg }));
    helper.getNode('failed').on('input', (msg: never) => resolve({ port: 'failed', msg }));
  });
}

/** Calls the dialog's "Send test" admin endpoint as the editor does. */
function postTest(body: object): Promise<{ body: unknown }> {
  return helper.request().post('/jellynext-webhook/test').send(body).expect(200);
}

async function send(msg: object): Promise<{ port: 'ok' | 'failed'; msg: SentMessage }> {
  const out = nextOutput();
  helper.getNode('w1').receive(msg);
  return out;
}

describe('jellynext-webhook node', () => {
  it('sends the default movie template with exactly the guide wire format', async () => {
    await helper.load(webhookNode, flow({}));
    const { port, msg } = await send({ payload: MOVIE, topic: 'movie' });
    expect(port).toBe('ok');
    const request = receiver.requests[0];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/movie');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.body).toBe(
      '{\n  "tmdbId": "550",\n  "imdbId": "tt0137523",\n  "title": "Fight Club",\n  "year": "1999",\n  "jellyfinUserId": "a1b2c3d4-e5f6-7890-1234-567890abcdef"\n}',
    );
    expect(msg.statusCode).toBe(200);
    expect(msg.payload).toEqual({ ok: true });
    expect(msg.media).toEqual(MOVIE);
    expect(msg.webhook).toMatchObject({
      ok: true,
      statusCode: 200,
      method: 'POST',
      url: `${receiver.url}/movie`,
      attempts: 1,
      mediaType: 'movie',
    });
    expect(typeof msg.webhook.durationMs).toBe('number');
  });

  it('sends the default show template with a bare season number and anime flag', async () => {
    await helper.load(webhookNode, flow({}));
    await send({ payload: SHOW });
    const request = receiver.requests[0];
    expect(request.url).toBe('/show');
    expect(request.body).toContain('"seasonNumber": 2,\n  "isAnime": false,');
    expect(JSON.parse(request.body)).toMatchObject({ tvdbId: '81189', seasonNumber: 2, isAnime: false, year: '2008' });
  });

  it('keeps a title with quotes, backslashes and newlines intact', async () => {
    await helper.load(webhookNode, flow({}));
    const title = 'The "Quoted" \\ Back\nslash {tmdbId} $&';
    await send({ payload: { ...MOVIE, title } });
    expect(JSON.parse(receiver.requests[0].body).title).toBe(title);
  });

  it('GET with URL parameters and headers with placeholders, for every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH']) {
      await helper.load(
        webhookNode,
        flow({
          method,
          movieUrl: `${receiver.url}/request?tmdb={tmdbId}&title={title}`,
          movieHeaders: [
            { name: 'X-User-Id', value: '{jellyfinUserId}' },
            { name: 'X-{mediaType}', value: '{title} ({year})' },
          ],
        }),
      );
      const { port } = await send({ payload: { ...MOVIE, title: 'Amélie & Co' } });
      expect(port).toBe('ok');
      await helper.unload();
    }
    expect(receiver.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH']);
    for (const request of receiver.requests) {
      expect(request.url).toBe('/request?tmdb=550&title=Am%C3%A9lie%20%26%20Co');
      expect(request.headers['x-user-id']).toBe('a1b2c3d4-e5f6-7890-1234-567890abcdef');
      expect(request.headers['x-movie']).toBe('Amélie & Co (1999)');
      expect(request.body === '').toBe(request.method === 'GET');
    }
  });

  it('retries 503 then succeeds, with attempts reported', async () => {
    receiver.respondWith(answer(503));
    await helper.load(webhookNode, flow({ retries: 2 }));
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('ok');
    expect(msg.webhook.attempts).toBe(2);
    expect(receiver.requests).toHaveLength(2);
  });

  it('honours Retry-After on 429', async () => {
    receiver.respondWith(answer(429, '{"retry_after":0.4}', { 'retry-after': '0.4', 'content-type': 'application/json' }));
    await helper.load(webhookNode, flow({ retries: 1 }));
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('ok');
    expect(msg.webhook.attempts).toBe(2);
    expect(msg.webhook.durationMs).toBeGreaterThanOrEqual(390);
  });

  it('a non-2xx after retries goes to output 2 with the response', async () => {
    receiver.respondWith(answer(500, 'boom'), answer(500, 'boom'));
    await helper.load(webhookNode, flow({ retries: 1 }));
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('failed');
    expect(msg).toMatchObject({
      statusCode: 500,
      payload: 'boom',
      webhook: { ok: false, statusCode: 500, attempts: 2, errorCode: 'HTTP', error: 'HTTP 500 Internal Server Error' },
    });
    // The status is worded a moment after the message leaves (off the message's path).
    await until(() => statusTexts().at(-1) === 'HTTP 500 (Fight Club)', 5000, 'the failure status');
    expect(helper.getNode('w1').status.args.at(-1)?.[0]).toEqual({ fill: 'red', shape: 'ring', text: 'HTTP 500 (Fight Club)' });
  });

  it('a timeout goes to output 2 and says so in the status', async () => {
    receiver.respondWith(hang);
    await helper.load(webhookNode, flow({ timeout: 0.2, retries: 0 }));
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('failed');
    expect(msg.webhook).toMatchObject({ ok: false, statusCode: null, errorCode: 'TIMEOUT' });
    await until(() => statusTexts().at(-1) === 'timeout (Fight Club)', 5000, 'the timeout status');
    expect(helper.getNode('w1').status.args.at(-1)?.[0]).toMatchObject({ fill: 'red', text: 'timeout (Fight Club)' });
  });

  it('a refused connection goes to output 2 with a plain message', async () => {
    const gone = await new Receiver().start();
    const url = gone.url;
    await gone.stop();
    await helper.load(webhookNode, flow({ movieUrl: url, retries: 0 }));
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('failed');
    expect(msg.webhook.error).toMatch(/^connection refused by 127\.0\.0\.1:\d+/);
    expect(msg.webhook.errorCode).toBe('ECONNREFUSED');
    expect(helper.getNode('w1').warn.args.flat().join('\n')).toContain('connection refused');
  });

  it('bad input never throws: a string payload goes to output 2 with the reason', async () => {
    await helper.load(webhookNode, flow({}));
    const { port, msg } = await send({ payload: 'play' });
    expect(port).toBe('failed');
    expect(msg.webhook).toMatchObject({
      ok: false,
      errorCode: 'CONFIG',
      error: expect.stringContaining('msg.payload should be an object'),
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it('a broken template is reported at deploy with its line and column, and only that media type fails', async () => {
    await helper.load(webhookNode, flow({ showPayload: '{\n  "a": 1,\n  "b": }' }));
    const node = helper.getNode('w1');
    expect(node.error.args.flat().join('\n')).toMatch(/show payload is not valid JSON: line 3, column 8/);
    expect(node.status.args[0][0]).toMatchObject({ fill: 'red' });
    const show = await send({ payload: SHOW });
    expect(show.port).toBe('failed');
    expect(show.msg.webhook.error).toMatch(/line 3, column 8/);
    const movie = await send({ payload: MOVIE });
    expect(movie.port).toBe('ok');
  });

  it('secret headers come from credentials; extra logging masks them', async () => {
    const secret = 'Bearer s3cret-token-xyz';
    await helper.load(
      webhookNode,
      flow({ extraLogging: true, movieHeaders: [{ name: 'Authorization', value: '__PWRD__', type: 'cred' }] }),
      { w1: { secretHeaders: JSON.stringify({ movie: { Authorization: secret }, show: {} }) } },
    );
    const { port, msg } = await send({ payload: MOVIE });
    expect(port).toBe('ok');
    expect(receiver.requests[0].headers.authorization).toBe(secret);
    const node = helper.getNode('w1');
    const logged = node.log.args.flat().join('\n');
    expect(logged).toContain('Authorization: ***');
    expect(logged).toContain('"title": "Fight Club"');
    expect(logged).not.toContain('s3cret');
    expect(JSON.stringify(msg)).not.toContain('s3cret');
  });

  it('signs requests with the signing secret', async () => {
    await helper.load(webhookNode, flow({}), { w1: { signingSecret: 'sign-me-please' } });
    await send({ payload: MOVIE });
    const request = receiver.requests[0];
    const timestamp = String(request.headers['x-jellynext-timestamp']);
    const expected = createHmac('sha256', 'sign-me-please').update(`${timestamp}.${request.body}`).digest('hex');
    expect(request.headers['x-jellynext-signature']).toBe(`sha256=${expected}`);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('shows "sending n" while requests are in flight, then the result; a burst costs one status update', async () => {
    receiver.respondWith(
      (_r, res) => void setTimeout(() => res.end('a'), 150),
      (_r, res) => void setTimeout(() => res.end('b'), 300),
    );
    await helper.load(webhookNode, flow({}));
    const statusCalls = statusTexts;
    const before = statusCalls().length;
    helper.getNode('w1').receive({ payload: MOVIE });
    helper.getNode('w1').receive({ payload: SHOW });
    await new Promise((r) => setTimeout(r, 50));
    // Two messages in one turn of the event loop: one status update.
    expect(statusCalls().slice(before)).toEqual(['sending 2']);
    await new Promise((r) => setTimeout(r, 400));
    const texts = statusCalls().slice(before);
    expect(texts).toEqual(['sending 2', 'sending 1', '200 Breaking Bad S2']);
  });

  it('a redeploy with requests in flight aborts them, completes every message and frees the sockets', async () => {
    receiver.defaultResponder = hang;
    try {
      await helper.load(webhookNode, flow({ timeout: 30 }));
      const node = helper.getNode('w1') as unknown as { _complete: (msg: unknown, err?: unknown) => void };
      const completions: unknown[] = [];
      const original = node._complete;
      node._complete = function (this: unknown, msg: unknown, err?: unknown) {
        completions.push(err ?? 'ok');
        return original.call(this, msg, err);
      };
      let sent = 0;
      helper.getNode('ok').on('input', () => sent++);
      helper.getNode('failed').on('input', () => sent++);
      for (let i = 0; i < 5; i++) helper.getNode('w1').receive({ payload: { ...MOVIE, tmdbId: String(i) } });
      await receiver.waitFor(5);
      expect(receiver.openSockets).toBeGreaterThan(0);
      const started = performance.now();
      await helper.unload();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(completions).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(sent).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.openSockets).toBe(0);
    } finally {
      receiver.defaultResponder = answer(200, '{"ok":true}', { 'content-type': 'application/json' });
    }
  });

  it('the admin test endpoint sends the sample request with secrets typed in the dialog', async () => {
    await helper.load(webhookNode, flow({}));
    const res = await postTest({
      id: 'w1',
      mediaType: 'show',
      config: {
        method: 'POST',
        showUrl: `${receiver.url}/show-test?s={seasonNumber}`,
        showHeaders: [{ name: 'X-Api-Key', value: '__PWRD__', type: 'cred' }],
      },
      secretHeaders: { movie: {}, show: { 'X-Api-Key': 'typed-secret-123' } },
    });
    expect(res.body).toMatchObject({ ok: true, statusCode: 200, request: { method: 'POST', url: `${receiver.url}/show-test?s=2` } });
    expect(JSON.stringify(res.body)).not.toContain('typed-secret-123');
    expect(receiver.requests[0].headers['x-api-key']).toBe('typed-secret-123');
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ title: 'Breaking Bad', seasonNumber: 2 });
  });
});

// Issue 9: attacks through metadata, endpoint answers and settings, against the loaded node.
describe('jellynext-webhook node under attack', () => {
  const FORGED = 'Fight Club\n2 Dec 07:00:00 - [error] [jellynext-webhook:w1] forged line\r\u001b[2K';

  it('a title with a line break writes no fake line into the log or the status (9.8)', async () => {
    receiver.respondWith(answer(500, 'nope'));
    await helper.load(
      webhookNode,
      flow({
        extraLogging: true,
        retries: 1,
        movieUrl: `${receiver.url}/movie/{title}`,
        movieHeaders: [
          { name: 'Content-Type', value: 'text/plain' },
          { name: 'X-Title', value: '{title}' },
        ],
        moviePayload: 'Play {title}',
      }),
    );
    const { port } = await send({ payload: { ...MOVIE, title: FORGED } });
    expect(port).toBe('ok');
    expect(receiver.requests[1].body).toBe(`Play ${FORGED}`);
    receiver.respondWith(answer(500, 'nope'), answer(500, 'nope'));
    expect((await send({ payload: { ...MOVIE, title: FORGED } })).port).toBe('failed');
    await new Promise((r) => setTimeout(r, 20));
    const node = helper.getNode('w1');
    const written = [...callsOf(node.log, 'w1'), ...callsOf(node.warn, 'w1'), ...callsOf(node.error, 'w1')].flat().map(String);
    expect(written.join('\n')).toContain('forged line');
    for (const line of [...written, ...statusTexts().map(String)]) expect(line).not.toMatch(/[\n\r\u001b]/);
  });

  it("webhook → webhook: the first endpoint's answer does not choose the second request (9.9)", async () => {
    receiver.respondWith(answer(200, '{"mediaType":"show","tmdbId":"666","tvdbId":"666"}', { 'content-type': 'application/json' }));
    await helper.load(webhookNode, [
      { id: 'w0', type: 'jellynext-webhook', wires: [['w1'], []], movieUrl: `${receiver.url}/first`, showUrl: `${receiver.url}/first` },
      ...flow({}),
    ]);
    const out = nextOutput();
    helper.getNode('w0').receive({ payload: MOVIE, media: MOVIE, topic: 'movie' });
    const { port, msg } = await out;
    expect(port).toBe('ok');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/first', '/movie']);
    expect(JSON.parse(receiver.requests[1].body)).toMatchObject({ tmdbId: '550', title: 'Fight Club' });
    expect(msg.media).toEqual(MOVIE);
  });

  it.each(['Host', 'Content-Length', 'Transfer-Encoding', 'Connection'])(
    'a header name that renders to %s goes to output 2 at once, without a request or a retry (9.10)',
    async (name) => {
      await helper.load(webhookNode, flow({ retries: 2, movieHeaders: [{ name: '{userName}', value: '0' }] }));
      const { port, msg } = await send({ payload: { ...MOVIE, userName: name } });
      expect(port).toBe('failed');
      expect(msg.webhook).toMatchObject({ ok: false, errorCode: 'CONFIG', attempts: 0, error: expect.stringContaining(`"${name}"`) });
      expect(receiver.requests).toHaveLength(0);
    },
  );

  it('a secret Content-Type: application/json row still JSON-escapes the title (9.2)', async () => {
    const title = 'Fight Club", "userId": 1, "x": "';
    await helper.load(webhookNode, flow({ movieHeaders: [{ name: 'Content-Type', value: '__PWRD__', type: 'cred' }] }), {
      w1: { secretHeaders: JSON.stringify({ movie: { 'Content-Type': 'application/json' }, show: {} }) },
    });
    expect((await send({ payload: { ...MOVIE, title } })).port).toBe('ok');
    const body = JSON.parse(receiver.requests[0].body) as Record<string, unknown>;
    expect(body).not.toHaveProperty('userId');
    expect(body.title).toBe(title);
  });
});

describe('jellynext-webhook node: secrets in credentials (issue 9.1, 9.5)', () => {
  const TOKEN = '7100:AAHsecretTelegramToken';

  it('a secret URL comes from credentials; msg.webhook.url, logs, warnings and status show only its origin', async () => {
    receiver.respondWith(answer(500, 'nope'));
    await helper.load(webhookNode, flow({ extraLogging: true, retries: 0, showUrl: '', showUrlSecret: true }), {
      w1: { showSecretUrl: `${receiver.url}/bot${TOKEN}/sendMessage?chat_id=1` },
    });
    const { port, msg } = await send({ payload: SHOW });
    expect(port).toBe('failed');
    expect(receiver.requests[0].url).toBe(`/bot${TOKEN}/sendMessage?chat_id=1`);
    expect(msg.webhook.url).toBe(`${receiver.url}/***`);
    const node = helper.getNode('w1');
    const written = [...node.log.args, ...node.warn.args, ...node.error.args, ...node.status.args]
      .flat()
      .map((a) => JSON.stringify(a))
      .join('\n');
    expect(written).toContain(`${receiver.url}/***`);
    expect(written).not.toContain('secretTelegramToken');
    expect(JSON.stringify(msg)).not.toContain('secretTelegramToken');
  });

  it('a secret URL missing from credentials (an import) is a clear problem for that media type', async () => {
    await helper.load(webhookNode, flow({ showUrl: '', showUrlSecret: true }));
    expect(helper.getNode('w1').error.args.flat().join('\n')).toMatch(/secret show URL is missing/);
    expect((await send({ payload: SHOW })).msg.webhook).toMatchObject({
      ok: false,
      errorCode: 'CONFIG',
      error: expect.stringContaining('secret show URL is missing'),
    });
    expect((await send({ payload: MOVIE })).port).toBe('ok');
  });

  it('a token in a plain URL is masked in msg.webhook.url and in extra logging', async () => {
    await helper.load(webhookNode, flow({ extraLogging: true, movieUrl: `${receiver.url}/api/webhooks/42/discordToken123?wait=true` }));
    const { msg } = await send({ payload: MOVIE });
    expect(msg.webhook.url).toBe(`${receiver.url}/api/webhooks/42/***?wait=true`);
    expect(helper.getNode('w1').log.args.flat().join('\n')).not.toContain('discordToken123');
  });

  it('secret header rows read the credential of their slot, whatever their order', async () => {
    await helper.load(
      webhookNode,
      flow({
        movieHeaders: [
          { name: 'X-Second', value: '__PWRD__', type: 'cred', slot: 5 },
          { name: 'Authorization', value: '__PWRD__', type: 'cred', slot: 0 },
        ],
      }),
      { w1: { secretHeader0: 'Bearer slot-zero', secretHeader5: 'slot-five' } },
    );
    await send({ payload: MOVIE });
    expect(receiver.requests[0].headers).toMatchObject({ authorization: 'Bearer slot-zero', 'x-second': 'slot-five' });
  });

  it('the test endpoint uses typed secrets, and the deployed ones only where the dialog asks for them', async () => {
    await helper.load(webhookNode, flow({}), {
      w1: { secretHeader1: 'stored-slot-one', secretHeader2: 'stored-slot-two', showSecretUrl: `${receiver.url}/stored-url` },
    });
    const res = await postTest({
      id: 'w1',
      mediaType: 'show',
      config: {
        showUrl: '',
        showUrlSecret: true,
        showHeaders: [
          { name: 'X-One', value: '__PWRD__', type: 'cred', slot: 1 },
          { name: 'X-Three', value: '__PWRD__', type: 'cred', slot: 3 },
        ],
      },
      secretSlots: { 1: null, 3: 'typed-slot-three' },
      secretUrls: { show: null },
    });
    expect(res.body).toMatchObject({ ok: true, request: { url: `${receiver.url}/***` } });
    expect(receiver.requests[0].url).toBe('/stored-url');
    expect(receiver.requests[0].headers).toMatchObject({ 'x-one': 'stored-slot-one', 'x-three': 'typed-slot-three' });
    expect(JSON.stringify(res.body)).not.toMatch(/stored-slot|typed-slot|stored-url/);
  });
});

// Issue 13: the flow's own logic shapes the request; a node may serve one media type.
describe('jellynext-webhook node: custom placeholders and one media type (issue 13)', () => {
  it('a field a function node put in msg.media, a msg path and a default shape URL, header and payload (13.1-13.3)', async () => {
    await helper.load(
      webhookNode,
      flow({
        customFields: 'category=anime, msg.quota.left=3',
        showUrl: `${receiver.url}/{category}/{msg.approvedBy|nobody}`,
        showHeaders: [{ name: 'X-Quota-Left', value: '{msg.quota.left}', type: 'str' }],
        showPayload:
          '{"category": "{Category}", "left": {msg.quota.left}, "quota": {msg.quota}, "imdb": "{imdbId|unknown}", "by": "{msg.approvedBy}"}',
      }),
    );
    const node = helper.getNode('w1');
    // Declared: no warning for {category} or the msg paths, whatever their case.
    expect(node.warn.args.flat()).toEqual([]);
    const { port } = await send({ payload: SHOW, media: { ...SHOW, imdbId: '', category: 'anime & co' }, quota: { left: 2, limit: 3 } });
    expect(port).toBe('ok');
    const request = receiver.requests[0];
    expect(request.url).toBe('/anime%20%26%20co/nobody');
    expect(request.headers['x-quota-left']).toBe('2');
    expect(JSON.parse(request.body)).toEqual({ category: 'anime & co', left: 2, quota: { left: 2, limit: 3 }, imdb: 'unknown', by: '' });
  });

  it('an undeclared name is warned about at deploy, and still read from msg.media', async () => {
    await helper.load(webhookNode, flow({ moviePayload: '{"c": "{categry}"}' }));
    expect(helper.getNode('w1').warn.args.flat().join('\n')).toMatch(
      /movie \{categry\} is not a built-in placeholder or a declared custom field/,
    );
    await send({ payload: MOVIE, media: { ...MOVIE, categry: 'x' } });
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ c: 'x' });
  });

  it('a node with only a show URL deploys cleanly; a movie goes to output 2 naming the missing movie URL (13.5)', async () => {
    await helper.load(webhookNode, flow({ movieUrl: '' }));
    const node = helper.getNode('w1');
    expect(node.error.args).toEqual([]);
    expect(node.warn.args).toEqual([]);
    expect(node.status.args[0][0]).toEqual({});
    expect((await send({ payload: SHOW })).port).toBe('ok');
    const movie = await send({ payload: MOVIE });
    expect(movie.port).toBe('failed');
    expect(movie.msg.webhook).toMatchObject({
      ok: false,
      errorCode: 'CONFIG',
      error: 'this node has no movie URL, so it does not send movies: set the movie URL, or send movies to another node',
    });
    expect(receiver.requests.map((r) => r.url)).toEqual(['/show']);
  });

  it('a node with only a movie URL sends movies; a node with neither URL is invalid at deploy (13.5)', async () => {
    await helper.load(webhookNode, flow({ showUrl: '' }));
    expect(helper.getNode('w1').error.args).toEqual([]);
    expect((await send({ payload: MOVIE })).port).toBe('ok');
    expect((await send({ payload: SHOW })).msg.webhook.error).toMatch(/no show URL/);
    await helper.unload();
    await helper.load(webhookNode, flow({ movieUrl: '', showUrl: '' }));
    const node = helper.getNode('w1');
    expect(node.error.args.flat()).toEqual(['this node has neither a movie nor a show URL: set at least one']);
    expect(node.status.args[0][0]).toMatchObject({ fill: 'red' });
  });

  it('"send test" uses the samples of the declared custom fields', async () => {
    await helper.load(webhookNode, flow({}));
    const res = await postTest({
      id: 'w1',
      mediaType: 'movie',
      config: {
        method: 'POST',
        customFields: 'category=cult, msg.approvedBy=alice',
        movieUrl: `${receiver.url}/t/{category}`,
        moviePayload: '{"by": "{msg.approvedBy}"}',
      },
    });
    expect(res.body).toMatchObject({ ok: true, request: { url: `${receiver.url}/t/cult` } });
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ by: 'alice' });
  });
});
