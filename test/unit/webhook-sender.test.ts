import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_MOVIE } from '../../src/template';
import {
  createDispatcher,
  normalizeConfig,
  sendWebhook,
  WebhookRequestBuilder,
  type ConnectionPool,
  type PreparedRequest,
} from '../../src/webhook';
import { answer, hang, Receiver, type Responder } from '../support/receiver';

const FAST = { baseDelayMs: 5, maxDelayMs: 2_000 };
let receiver: Receiver;
let dispatcher: ConnectionPool;

function prepared(url: string, method = 'POST'): PreparedRequest {
  const outcome = new WebhookRequestBuilder(normalizeConfig({ movieUrl: url, method }), { movie: {}, show: {} }).build(
    SAMPLE_MOVIE,
    undefined,
    undefined,
    new Date(),
  );
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.request;
}

beforeAll(async () => {
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await receiver.stop();
});
afterEach(async () => {
  await dispatcher?.destroy();
  receiver.reset();
});

function agent(connections?: number): ConnectionPool {
  dispatcher = createDispatcher(connections);
  return dispatcher;
}

describe('the connection pool', () => {
  it('opens nothing until the first request, then keeps its socket open for the next ones', async () => {
    const pool = agent(1);
    expect(pool.stats).toEqual({});
    for (let i = 0; i < 3; i++)
      expect(await sendWebhook(prepared(receiver.url), { dispatcher: pool, timeoutMs: 2000, retries: 0 })).toMatchObject({ ok: true });
    expect(receiver.requests).toHaveLength(3);
    expect({ accepted: receiver.connectionsAccepted, peak: receiver.peakSockets }).toEqual({ accepted: 1, peak: 1 });
  });

  it('a request that times out while queued for a connection is never sent', async () => {
    const pool = agent(1);
    receiver.respondWith(async (_request, res) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      res.end('late');
    });
    const first = sendWebhook(prepared(`${receiver.url}/first`), { dispatcher: pool, timeoutMs: 5000, retries: 0 });
    await receiver.waitFor(1);
    const queued = await sendWebhook(prepared(`${receiver.url}/queued`), { dispatcher: pool, timeoutMs: 50, retries: 0 });
    expect(queued).toMatchObject({ ok: false, errorCode: 'TIMEOUT' });
    expect(await first).toMatchObject({ ok: true, body: 'late' });
    const after = await sendWebhook(prepared(`${receiver.url}/after`), { dispatcher: pool, timeoutMs: 2000, retries: 0 });
    expect(after).toMatchObject({ ok: true });
    expect(receiver.requests.map((r) => r.url)).toEqual(['/first', '/after']);
  });

  it('once destroyed, refuses requests with a clear error and opens no socket', async () => {
    const pool = agent();
    await pool.destroy();
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: pool, timeoutMs: 2000, retries: 0 });
    expect(result).toMatchObject({ ok: false, statusCode: null, errorCode: 'UND_ERR_DESTROYED', error: 'the connection pool was closed' });
    expect(receiver.requests).toHaveLength(0);
    expect(pool.stats).toEqual({});
  });
});

describe('sendWebhook', () => {
  it('each method reaches the receiver; body only for POST/PUT/PATCH', async () => {
    const d = agent();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH']) {
      const result = await sendWebhook(prepared(`${receiver.url}/x?m=${method}`, method), { dispatcher: d, timeoutMs: 2000, retries: 0 });
      expect(result).toMatchObject({ ok: true, statusCode: 200, attempts: 1, body: { ok: true } });
    }
    expect(receiver.requests.map((r) => [r.method, r.body === '' ? 'no body' : 'body'])).toEqual([
      ['GET', 'no body'],
      ['POST', 'body'],
      ['PUT', 'body'],
      ['PATCH', 'body'],
    ]);
  });

  it('retries 503 then succeeds', async () => {
    receiver.respondWith(answer(503, 'busy'), answer(503, 'busy'));
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 2, backoff: FAST });
    expect(result).toMatchObject({ ok: true, statusCode: 200, attempts: 3 });
    expect(receiver.requests).toHaveLength(3);
  });

  it('gives up after the configured retries and reports the last status', async () => {
    receiver.respondWith(answer(500), answer(502), answer(500));
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 1, backoff: FAST });
    expect(result).toMatchObject({ ok: false, statusCode: 502, attempts: 2, errorCode: 'HTTP', error: 'HTTP 502 Bad Gateway' });
  });

  it('does not retry a 4xx other than 429', async () => {
    receiver.respondWith(answer(404, 'no'));
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 3, backoff: FAST });
    expect(result).toMatchObject({ ok: false, statusCode: 404, attempts: 1, body: 'no' });
  });

  it('honours Retry-After on 429 (seconds)', async () => {
    receiver.respondWith(answer(429, '{"retry_after":0.3}', { 'retry-after': '0.3', 'content-type': 'application/json' }));
    const retries: number[] = [];
    const result = await sendWebhook(prepared(receiver.url), {
      dispatcher: agent(),
      timeoutMs: 2000,
      retries: 1,
      backoff: FAST,
      onRetry: (info) => retries.push(info.delayMs),
    });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(retries).toEqual([300]);
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('caps a huge Retry-After', async () => {
    receiver.respondWith(answer(429, '', { 'retry-after': '86400' }));
    const delays: number[] = [];
    await sendWebhook(prepared(receiver.url), {
      dispatcher: agent(),
      timeoutMs: 2000,
      retries: 1,
      backoff: { baseDelayMs: 5, maxDelayMs: 50 },
      onRetry: (i) => delays.push(i.delayMs),
    });
    expect(delays).toEqual([50]);
  });

  it('times out a hanging endpoint per attempt', async () => {
    receiver.respondWith(hang, hang);
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 150, retries: 1, backoff: FAST });
    expect(result).toMatchObject({ ok: false, statusCode: null, errorCode: 'TIMEOUT', attempts: 2 });
    expect(result.error).toMatch(/timeout: no complete answer from 127\.0\.0\.1:\d+ within 0\.15 s/);
  });

  it('reports a refused connection in plain words', async () => {
    const closed = await new Receiver().start();
    const url = closed.url;
    await closed.stop();
    const result = await sendWebhook(prepared(url), { dispatcher: agent(), timeoutMs: 2000, retries: 1, backoff: FAST });
    expect(result).toMatchObject({ ok: false, statusCode: null, errorCode: 'ECONNREFUSED', attempts: 2 });
    expect(result.error).toMatch(/connection refused by 127\.0\.0\.1:\d+/);
  });

  it('reads at most the body limit and flags the rest as dropped', async () => {
    receiver.respondWith(answer(200, 'x'.repeat(5000), { 'content-type': 'text/plain' }));
    const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 0, maxBodyBytes: 1000 });
    expect(result).toMatchObject({ ok: true, truncated: true });
    expect(result.body).toBe('x'.repeat(1000));
  });

  it('an abort (node closing) ends the request and any backoff wait at once', async () => {
    receiver.respondWith(hang);
    const closing = new AbortController();
    const pending = sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 10_000, retries: 2, signal: closing.signal });
    await receiver.waitFor(1);
    const started = performance.now();
    closing.abort();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, errorCode: 'CANCELLED', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  describe('a status line that arrived is final (issue 9.7: no duplicate request after a 2xx)', () => {
    /** Sends the status line, headers and part of the body, then resets the connection. */
    const cutOff =
      (status: number): Responder =>
      (_request, res) => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"id":');
        setTimeout(() => res.socket?.destroy(), 20);
      };
    /** Sends the status line and part of the body, then nothing more. */
    const stall: Responder = (_request, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":');
      return new Promise<void>(() => undefined);
    };

    it('201 and then a reset body: one request, reported as 201 with the body marked incomplete', async () => {
      receiver.respondWith(cutOff(201), cutOff(201), cutOff(201));
      const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 2, backoff: FAST });
      expect(receiver.requests).toHaveLength(1);
      expect(result).toMatchObject({ ok: true, statusCode: 201, attempts: 1, bodyIncomplete: true, body: '' });
      expect(result.error).toBeUndefined();
      expect(result.warning).toMatch(
        /^HTTP 201 Created arrived, but its body did not arrive in full: connection to 127\.0\.0\.1:\d+ was closed/,
      );
    });

    it('201 and then a body that stalls past the timeout: one request, 201, body incomplete', async () => {
      receiver.respondWith(stall, stall, stall);
      const result = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 200, retries: 2, backoff: FAST });
      expect(receiver.requests).toHaveLength(1);
      expect(result).toMatchObject({ ok: true, statusCode: 201, attempts: 1, bodyIncomplete: true });
      expect(result.warning).toMatch(/timeout: no complete answer from 127\.0\.0\.1:\d+ within 0\.2 s/);
    });

    it('a 4xx with a reset body is final too; a 5xx with a reset body is retried like any 5xx', async () => {
      receiver.respondWith(cutOff(404));
      const final = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 2, backoff: FAST });
      expect(final).toMatchObject({ ok: false, statusCode: 404, attempts: 1, bodyIncomplete: true, errorCode: 'HTTP' });
      receiver.respondWith(cutOff(503));
      const retried = await sendWebhook(prepared(receiver.url), { dispatcher: agent(), timeoutMs: 2000, retries: 2, backoff: FAST });
      expect(retried).toMatchObject({ ok: true, statusCode: 200, attempts: 2 });
      expect(retried.bodyIncomplete).toBeUndefined();
      expect(receiver.requests).toHaveLength(3);
    });
  });
});
