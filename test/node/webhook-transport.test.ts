// The webhook node under hostile values, broken answers and bursts (issue 9.4, 9.7, 9.13 and 12.1):
// a value cannot move the request to another path, a 2xx is never sent twice, and a burst is bounded
// (requests in flight, sockets, queue, rate) and fully released on close.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answer, Receiver, type Responder } from '../support/receiver';
import { callsOf, helper, nodeInit } from '../support/test-helper';
import { until } from '../support/wait';

const webhookNode = nodeInit('jellynext-webhook');

interface SentMessage {
  payload: unknown;
  statusCode: number | null;
  webhook: Record<string, unknown> & { ok: boolean };
}

const MOVIE = {
  mediaType: 'movie',
  tmdbId: '550',
  imdbId: 'tt0137523',
  title: 'Fight Club',
  year: 1999,
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
  receiver.defaultResponder = answer(200, '{"ok":true}', { 'content-type': 'application/json' });
});

/** Loads one webhook node; every message it sends is collected per output. */
async function load(props: Record<string, unknown>) {
  await helper.load(webhookNode, [
    {
      id: 'w1',
      type: 'jellynext-webhook',
      wires: [['ok'], ['failed']],
      movieUrl: `${receiver.url}/movie/{tmdbId}`,
      showUrl: `${receiver.url}/show`,
      ...props,
    },
    { id: 'ok', type: 'helper' },
    { id: 'failed', type: 'helper' },
  ]);
  const out = { ok: [] as SentMessage[], failed: [] as SentMessage[] };
  helper.getNode('ok').on('input', (msg: never) => out.ok.push(msg));
  helper.getNode('failed').on('input', (msg: never) => out.failed.push(msg));
  return out;
}

const send = (tmdbId: string) => helper.getNode('w1').receive({ payload: { ...MOVIE, tmdbId } });
const statusTexts = () => callsOf(helper.getNode('w1').status, 'w1').map((a) => (a[0] as { text?: string }).text ?? '');

/** Requests whose answers wait until `release()`; the receiver holds them open meanwhile. */
function heldAnswers() {
  const held: ServerResponse[] = [];
  const responder: Responder = (_request, res) => void held.push(res);
  return {
    responder,
    held,
    release: () => held.splice(0).forEach((res) => res.end('{}')),
  };
}

describe('hostile values and broken answers', () => {
  it('a tmdb id ".." goes to output 2 unsent instead of reaching another path (9.4)', async () => {
    const out = await load({ movieUrl: `${receiver.url}/api/v1/movie/{tmdbId}/request`, retries: 2 });
    send('..');
    await until(() => out.failed.length === 1, 5000, 'output 2');
    expect(out.failed[0].webhook).toMatchObject({
      ok: false,
      statusCode: null,
      attempts: 0,
      error: expect.stringContaining('path segment "..", which URL parsers collapse'),
    });
    send('550');
    await until(() => out.ok.length === 1, 5000, 'output 1');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/api/v1/movie/550/request']);
  });

  it('a 201 whose body is cut off is sent once and reported on output 1 with the body marked incomplete (9.7)', async () => {
    const cutOff: Responder = (_request, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    receiver.defaultResponder = cutOff;
    const out = await load({ retries: 2 });
    send('550');
    await until(() => out.ok.length + out.failed.length === 1, 5000, 'an output');
    expect(out.ok).toHaveLength(1);
    expect(out.ok[0]).toMatchObject({
      statusCode: 201,
      payload: '',
      webhook: { ok: true, statusCode: 201, attempts: 1, bodyIncomplete: true },
    });
    expect(receiver.requests).toHaveLength(1);
    expect(callsOf(helper.getNode('w1').warn, 'w1').flat().join('\n')).toMatch(
      /HTTP 201 Created arrived, but its body did not arrive in full/,
    );
  });
});

describe('bursts are bounded and polite (9.13, 12.1)', () => {
  it('1,000 messages at once: all delivered, never more than 16 sockets (the default)', async () => {
    // A short think time per request, so an unbounded client would have every request open at once.
    receiver.defaultResponder = (_request, res) => void setTimeout(() => res.end('{}'), 5);
    const out = await load({ timeout: 60 });
    for (let i = 0; i < 1000; i++) send(String(i));
    await until(() => out.ok.length + out.failed.length === 1000, 60_000, '1,000 outputs');
    expect(out.failed.map((m) => m.webhook.error)).toEqual([]);
    expect(new Set(receiver.requests.map((r) => r.url)).size).toBe(1000);
    expect(receiver.peakSockets).toBeGreaterThan(0);
    expect(receiver.peakSockets).toBeLessThanOrEqual(16);
  }, 90_000);

  it('"Parallel requests" bounds requests in flight and sockets; the status shows the queue', async () => {
    const answers = heldAnswers();
    receiver.defaultResponder = answers.responder;
    const out = await load({ parallel: 3, timeout: 60 });
    for (let i = 0; i < 10; i++) send(String(i));
    await receiver.waitFor(3);
    await until(() => statusTexts().includes('sending 3 · 7 queued'), 5000, 'queue status');
    expect(receiver.requests).toHaveLength(3);
    while (out.ok.length < 10) {
      answers.release();
      await until(() => answers.held.length > 0 || out.ok.length === 10, 5000, 'next requests');
      expect(answers.held.length).toBeLessThanOrEqual(3);
    }
    expect(receiver.peakSockets).toBeLessThanOrEqual(3);
    expect(receiver.requests.map((r) => r.url)).toEqual(Array.from({ length: 10 }, (_, i) => `/movie/${i}`));
    await until(() => statusTexts().at(-1) === '200 Fight Club', 5000, 'final status');
  });

  it('a full queue sends the message to output 2 with a clear error; nothing is dropped silently', async () => {
    const answers = heldAnswers();
    receiver.defaultResponder = answers.responder;
    const out = await load({ parallel: 1, queueSize: 2, timeout: 60 });
    for (let i = 0; i < 5; i++) send(String(i));
    await until(() => out.failed.length === 2, 5000, 'two refusals');
    for (const msg of out.failed) {
      expect(msg.webhook).toMatchObject({
        ok: false,
        statusCode: null,
        attempts: 0,
        errorCode: 'QUEUE_FULL',
        error: expect.stringContaining('queue is full (1 in flight, 2 waiting)'),
      });
    }
    const warnings = callsOf(helper.getNode('w1').warn, 'w1').flat().join('\n');
    expect(warnings).toContain('queue is full');
    await until(() => answers.held.length === 1, 5000, 'first request');
    while (out.ok.length < 3) {
      answers.release();
      await until(() => answers.held.length === 1 || out.ok.length === 3, 5000, 'next request');
    }
    expect(receiver.requests.map((r) => r.url)).toEqual(['/movie/0', '/movie/1', '/movie/2']);
  });

  it('a rate limit spaces the requests: at 60 per minute, 3 messages start one at a time', async () => {
    const out = await load({ rateLimit: 60 });
    for (let i = 0; i < 3; i++) send(String(i));
    await new Promise((r) => setTimeout(r, 400));
    // Within the first second at most the first request may have gone out, whatever the machine's speed.
    expect(receiver.requests.length).toBeLessThanOrEqual(1);
    expect(out.failed).toEqual([]);
    await until(() => out.ok.length === 3, 10_000, 'three outputs');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/movie/0', '/movie/1', '/movie/2']);
    expect(statusTexts().some((text) => /^(sending 1 · )?[12] queued$/.test(text))).toBe(true);
  });

  it('close releases queued messages with a clear error, and every socket', async () => {
    const answers = heldAnswers();
    receiver.defaultResponder = answers.responder;
    const out = await load({ parallel: 1, timeout: 60 });
    const node = helper.getNode('w1') as unknown as { _complete: (msg: unknown, err?: unknown) => void };
    const completions: string[] = [];
    const original = node._complete;
    node._complete = function (this: unknown, msg: unknown, err?: unknown) {
      completions.push(err instanceof Error ? err.message : 'done');
      return original.call(this, msg, err);
    };
    for (let i = 0; i < 5; i++) send(String(i));
    await receiver.waitFor(1);
    expect(receiver.openSockets).toBe(1);
    await helper.unload();
    // The one in flight is aborted (its outcome is unknown); the four that waited were never sent.
    expect(completions.filter((c) => c === 'done')).toHaveLength(1);
    expect(completions.filter((c) => c !== 'done')).toEqual(
      Array(4).fill(expect.stringMatching(/^not sent: the node was stopped or redeployed while the message waited/)),
    );
    expect(out.ok.length + out.failed.length).toBe(0);
    await until(() => receiver.openSockets === 0, 2000, 'sockets closed');
    expect(receiver.requests).toHaveLength(1);
  });
});
