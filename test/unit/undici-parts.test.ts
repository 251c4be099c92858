// The webhook loads undici part by part (src/http/undici.ts); a future undici that moves a file must cost
// memory, never a working node.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as whole from 'undici';
import { loadUndiciParts, UNDICI_PART_PATHS } from '../../src/http/undici';

const realRequire = createRequire(import.meta.url);

describe('loading undici part by part', () => {
  it('finds every part in the installed undici (so the fallback is not what runs)', () => {
    const parts = loadUndiciParts(realRequire);
    expect(parts.loaded).toBe('parts');
    expect(parts.Agent).toBe(realRequire(UNDICI_PART_PATHS.agent));
    expect(parts.EnvHttpProxyAgent()).toBe(realRequire(UNDICI_PART_PATHS.proxyAgent));
  });

  it('falls back to the whole package when a part has moved', () => {
    const missing = (id: string): unknown => {
      if (id === UNDICI_PART_PATHS.agent) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return realRequire(id);
    };
    const parts = loadUndiciParts(missing);
    expect(parts.loaded).toBe('whole');
    expect(parts.Agent).toBe(whole.Agent);
    expect(parts.EnvHttpProxyAgent()).toBe(whole.EnvHttpProxyAgent);
  });

  it('falls back when a part is there but no longer what it was', () => {
    const changed = (id: string): unknown => (id === UNDICI_PART_PATHS.agent ? { Agent: class {} } : realRequire(id));
    expect(loadUndiciParts(changed).loaded).toBe('whole');
  });
});
