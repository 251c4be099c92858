import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeferredLatest } from '../../src/util/deferred-latest';

// nodes/shared/status-later.ts is this with Node-RED's status and a 10 ms wait.
describe('DeferredLatest: a node status shown off the message path', () => {
  const WAIT_MS = 10;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the latest text once per wait, and a steady stream of updates cannot postpone it', () => {
    const shown: string[] = [];
    const status = new DeferredLatest<string>((text) => shown.push(text), WAIT_MS);
    // An update every half wait for five waits: each wait ends with its latest text.
    for (let i = 0; i < 10; i++) {
      status.show(() => `#${i}`);
      vi.advanceTimersByTime(WAIT_MS / 2);
    }
    expect(shown).toEqual(['#1', '#3', '#5', '#7', '#9']);
  });

  it('makes only the text it shows, and shows nothing after cancel (the node closed)', () => {
    const made: string[] = [];
    const shown: string[] = [];
    const status = new DeferredLatest<string>((text) => shown.push(text), WAIT_MS);
    const make = (text: string) => () => (made.push(text), text);
    status.show(make('working'));
    status.show(make('done'));
    vi.advanceTimersByTime(WAIT_MS);
    expect(made).toEqual(['done']);
    expect(shown).toEqual(['done']);
    status.show(make('again'));
    status.cancel();
    vi.advanceTimersByTime(WAIT_MS * 3);
    expect(shown).toEqual(['done']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
