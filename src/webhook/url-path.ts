import { maskPlaceholders, PLACEHOLDER_MARK } from '../template/placeholder-syntax';

/**
 * Keeps placeholder values from changing which path a URL reaches. Every WHATWG URL parser (and so
 * every HTTP client) collapses "." and ".." path segments, also when written as %2E, so a value of
 * ".." in /api/movie/{tmdbId}/request would send the request to /api/request. Encoding cannot help;
 * such a request is refused instead.
 *
 * Values are percent-encoded in URLs, so they never add a "/", "\", "?" or "#": the rendered URL has
 * the template's delimiters at the same places, and its n-th path segment comes from the template's
 * n-th path segment.
 */

// Scheme, the slashes after it and the authority; both slashes count as "/" in http(s) URLs.
const BEFORE_PATH = /^[A-Za-z][A-Za-z0-9+.-]*:[/\\]*[^/\\?#]*/;
const SEGMENT_SEPARATOR = /[/\\]/;
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

function pathSegments(url: string): string[] {
  const afterAuthority = url.slice(BEFORE_PATH.exec(url)?.[0].length ?? 0);
  const end = afterAuthority.search(/[?#]/);
  return (end < 0 ? afterAuthority : afterAuthority.slice(0, end)).split(SEGMENT_SEPARATOR);
}

/** Finds the dot segment a value made in a rendered URL, if any. */
export type PathGuard = (rendered: string) => string | undefined;

const NO_VALUE_IN_PATH: PathGuard = () => undefined;

/** Looks at the template once: only path segments that hold a placeholder are checked per request. */
export function compilePathGuard(template: string): PathGuard {
  // Masked first: a default such as `{dir|a/b}` holds a "/" that the rendered URL has percent-encoded.
  const withValues = pathSegments(maskPlaceholders(template)).flatMap((segment, index) =>
    segment.includes(PLACEHOLDER_MARK) ? [index] : [],
  );
  if (withValues.length === 0) return NO_VALUE_IN_PATH;
  return (rendered) => {
    const segments = pathSegments(rendered);
    for (const index of withValues) {
      const segment = segments[index];
      if (segment !== undefined && DOT_SEGMENT.test(segment)) return segment;
    }
    return undefined;
  };
}
