import { printable } from '../util/printable';
import { JellyfinError } from './errors';

// Jellyfin ids are Guids ("N" or dashed form); session ids are hex digests. Letters, digits, "-" and "_"
// cover them all and can neither collapse a path segment ("." / "..") nor add one.
const PLAIN_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Why an id from a message cannot go into a REST path, or undefined when it can. */
export function idProblem(id: string, what: string): string | undefined {
  return PLAIN_ID.test(id) ? undefined : `the ${what} "${printable(id, 40)}" is not a Jellyfin id, so no request was made`;
}

/** An id as one REST path segment; anything else is refused before a request is made. */
export function pathId(id: string, what: string): string {
  const problem = idProblem(id, what);
  if (problem !== undefined) throw new JellyfinError('invalid-id', problem);
  return id;
}
