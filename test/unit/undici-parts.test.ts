// The webhook loads undici part by part (src/http/undici.ts); a future undici that moves a file must cost
// memory, never a working node.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as whole from 'undici';
import { loadUndiciParts, UNDICI_FILES, type UndiciLoader } from '../../src/http/undici';

const realRequire = createRequire(import.meta.url);
const moved = (id: string) => () => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('loading undici part by part', () => {
  it('finds every part in the installed undici (so the fallback is not what runs)', () => {
    const parts = loadUndiciParts(UNDICI_FILES);
    expect(parts.loaded).toBe('parts');
    expect(parts.Agent).toBe(realRequire('undici/lib/dispatcher/agent.js'));
    // The same classes undici's index hands out.
    expect(parts.Agent).toBe(whole.Agent);
    expect(parts.EnvHttpProxyAgent()).toBe(whole.EnvHttpProxyAgent);
  });

  it('falls back to the whole package when the agent has moved', () => {
    const parts = loadUndiciParts({ ...UNDICI_FILES, agent: moved('undici/lib/dispatcher/agent.js') });
    expect(parts.loaded).toBe('whole');
    expect(parts.Agent).toBe(whole.Agent);
    expect(parts.EnvHttpProxyAgent()).toBe(whole.EnvHttpProxyAgent);
  });

  it('falls back when a part is there but no longer what it was', () => {
    const changed: UndiciLoader = { ...UNDICI_FILES, agent: () => ({ Agent: class {} }) };
    expect(loadUndiciParts(changed).loaded).toBe('whole');
  });
});
