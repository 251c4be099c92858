import { expect } from 'vitest';
import { JellyfinError } from '../../src/jellyfin/errors';

/** The JellyfinError a call fails with; the test fails if the call succeeds or throws anything else. */
export async function jellyfinFailure(call: Promise<unknown>): Promise<JellyfinError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JellyfinError);
  return err as JellyfinError;
}
