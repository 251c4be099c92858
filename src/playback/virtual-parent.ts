import type { PathMatcher } from './path-match';

/** Separators unified and trailing ones dropped, so Windows and POSIX paths compare alike. */
function normalized(path: string): string {
  return path.replace(/[\\/]+/g, '/').replace(/\/$/, '');
}

/**
 * Whether a parent (the series of a played episode) may have its played state reset with the item:
 * only when it is itself a placeholder — its path matches like the item's did — and it really
 * contains the played file. Nothing outside the virtual library is ever touched.
 */
export function isVirtualParent(parentPath: string | null | undefined, itemPath: string | null | undefined, matcher: PathMatcher): boolean {
  if (!parentPath || !itemPath) return false;
  const parent = normalized(parentPath);
  if (parent === '' || !matcher.test(parentPath)) return false;
  return normalized(itemPath).startsWith(`${parent}/`);
}
