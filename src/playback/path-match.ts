/** Which item paths count as JellyNext placeholders: a case-insensitive substring, or `/regex/flags`. */
export interface PathMatcher {
  readonly description: string;
  test(path: string): boolean;
}

export const DEFAULT_PATH_MATCH = 'jellynext-virtual';

export class PathMatchError extends Error {
  override readonly name = 'PathMatchError';
}

export function createPathMatcher(pattern: string | undefined): PathMatcher {
  const source = (pattern ?? '').trim() || DEFAULT_PATH_MATCH;
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(source);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1], regex[2].replace(/[gy]/g, ''));
    } catch (err) {
      throw new PathMatchError(`path match ${source} is not a valid regular expression: ${(err as Error).message}`);
    }
    return { description: source, test: (path) => compiled.test(path) };
  }
  const needle = source.toLowerCase();
  return { description: source, test: (path) => path.toLowerCase().includes(needle) };
}
