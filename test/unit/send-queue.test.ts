// The webhook node's burst control (issue 9.13 / 12.1): requests in flight, the queue behind them and
// the rate limit, on a fake clock so the spacing is exact and nothing depends on the machine's speed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/webhook';
import { Pacer } from '../../src/webhook/pacer';
import { SendQueue } from '../../src/webhook/send-queue';

/** Jobs that end when the test says so, with a log of which started. */
function jobs() {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const run = (job: number) =>
    new Promise<void>((resolve) => {
      started.push(job);
      finish.set(job, resolve);
    });
  const end = async (job: number) => {
    finish.get(job)!();
    // Let the queue see the settled promise and start the next job.
    await Promise.resolve();
    await Promise.resolve();
  };
  return { started, run, end };
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('Pacer', () => {
  it('spaces starts 60 s / perMinute apart and books them in turn', () => {
    const pacer = new Pacer(60, () => Date.now());
    expect(pacer.waitMs()).toBe(0);
    expect(pacer.reserve()).toBe(0);
    expect(pacer.waitMs()).toBe(1000);
    expect(pacer.reserve()).toBe(1000);
    expect(pacer.reserve(5000)).toBe(5000);
    expect(pacer.waitMs()).toBe(6000);
    vi.advanceTimersByTime(6000);
    expect(pacer.waitMs()).toBe(0);
  });

  it('0 per minute paces nothing', () => {
    const pacer = new Pacer(0, () => Date.now());
    for (let i = 0; i < 5; i++) expect(pacer.reserve()).toBe(0);
    expect(pacer.reserve(700)).toBe(700);
    expect(pacer.waitMs()).toBe(0);
  });
});

describe('SendQueue', () => {
  it('runs at most `parallel` jobs, first in first out, and refuses beyond the queue size', async () => {
    const { started, run, end } = jobs();
    const queue = new SendQueue({ parallel: 2, queueSize: 3, perMinute: 0 }, run, () => Date.now());
    expect([1, 2, 3, 4, 5, 6].map((job) => queue.offer(job))).toEqual(['started', 'started', 'queued', 'queued', 'queued', 'full']);
    expect(started).toEqual([1, 2]);
    expect([queue.inFlight, queue.queued]).toEqual([2, 3]);
    await end(2);
    expect(started).toEqual([1, 2, 3]);
    expect(queue.offer(7)).toBe('queued');
    expect(queue.offer(8)).toBe('full');
    for (const job of [1, 3, 4, 5]) await end(job);
    expect(started).toEqual([1, 2, 3, 4, 5, 7]);
    expect([queue.inFlight, queue.queued]).toEqual([1, 0]);
  });

  it('a new job waits behind queued ones even when a slot is free', async () => {
    const { started, run } = jobs();
    const queue = new SendQueue({ parallel: 4, queueSize: 10, perMinute: 60 }, run, () => Date.now());
    expect([1, 2, 3].map((job) => queue.offer(job))).toEqual(['started', 'queued', 'queued']);
    vi.advanceTimersByTime(999);
    expect(started).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([1, 2]);
    expect(queue.offer(4)).toBe('queued');
    vi.advanceTimersByTime(1000);
    expect(started).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(1000);
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('a queue size of 0 refuses whatever cannot start at once', () => {
    const { run } = jobs();
    const queue = new SendQueue({ parallel: 1, queueSize: 0, perMinute: 0 }, run, () => Date.now());
    expect([queue.offer(1), queue.offer(2)]).toEqual(['started', 'full']);
  });

  it('close hands back the waiting jobs, clears its timer and starts nothing more', async () => {
    const { started, run, end } = jobs();
    const queue = new SendQueue({ parallel: 1, queueSize: 10, perMinute: 600 }, run, () => Date.now());
    for (const job of [1, 2, 3, 4]) queue.offer(job);
    expect(vi.getTimerCount()).toBe(0);
    await end(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(queue.close()).toEqual([2, 3, 4]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(started).toEqual([1]);
    expect(queue.offer(5)).toBe('full');
    expect([queue.inFlight, queue.queued]).toEqual([0, 0]);
  });

  it('a long burst keeps its order through compaction of the waiting list', async () => {
    const { started, run, end } = jobs();
    const queue = new SendQueue({ parallel: 1, queueSize: 5000, perMinute: 0 }, run, () => Date.now());
    for (let job = 0; job < 3000; job++) queue.offer(job);
    for (let job = 0; job < 2500; job++) await end(job);
    for (let job = 3000; job < 3010; job++) queue.offer(job);
    for (let job = 2500; job < 3010; job++) await end(job);
    expect(started).toEqual(Array.from({ length: 3010 }, (_, i) => i));
  });
});

describe('burst settings', () => {
  it('default to 16 in flight, 1,000 queued and no rate limit, and are kept within bounds', () => {
    expect(normalizeConfig({})).toMatchObject({ parallel: 16, queueSize: 1000, rateLimit: 0 });
    expect(normalizeConfig({ parallel: '4', queueSize: '0', rateLimit: '0.5' })).toMatchObject({
      parallel: 4,
      queueSize: 0,
      rateLimit: 0.5,
    });
    expect(normalizeConfig({ parallel: 0, queueSize: 1e9, rateLimit: -5 })).toMatchObject({
      parallel: 1,
      queueSize: 100_000,
      rateLimit: 0,
    });
    expect(normalizeConfig({ parallel: 'many', queueSize: null, rateLimit: 'x' })).toMatchObject({
      parallel: 16,
      queueSize: 1000,
      rateLimit: 0,
    });
  });
});
