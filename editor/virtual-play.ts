import { createPathMatcher, PathMatchError, type PathMatcher } from '../src/playback/path-match';
import { pathHints } from '../src/playback/path-hints';
import { catalog, showOmittedDefaults } from './shared';

/**
 * The `jellyfin-virtual-play` dialog's logic, bundled as `window.JellyfinVirtualPlayEditor`. The path match
 * is read by the runtime's own matcher, and the sample paths' kinds by its own path reader.
 */

const t = catalog('jellyfin-virtual-play');

// The layouts JellyNext writes (user folder = the dashed user id; only movies_trending is global).
const SAMPLES = [
  '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/global/movies_trending/Fight Club (1999) [tmdbid-550].strm',
  '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9/shows_nextseasons/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm',
];

function matcherOf(pattern: unknown): PathMatcher | { error: string } {
  try {
    return createPathMatcher(typeof pattern === 'string' ? pattern : undefined);
  } catch (err) {
    // The runtime says "path match … is not a valid regular expression: <reason>"; the dialog names only the reason.
    const reason = err instanceof PathMatchError ? err.message.replace(/^.*? is not a valid regular expression: /s, '') : String(err);
    return { error: t('errors.invalidRegex', { error: reason }) };
  }
}

function isRegex(pattern: unknown): boolean {
  return typeof pattern === 'string' && /^\/.+\/[a-z]*$/s.test(pattern.trim());
}

function showCheck(): void {
  const pattern = $('#node-input-pathMatch').val();
  const check = $('#jellyfin-virtual-play-match-check').removeClass('jellynext-ok jellynext-error jellynext-warn');
  const matcher = matcherOf(pattern);
  if ('error' in matcher) {
    check.addClass('jellynext-error').text(t('check.invalid', { error: matcher.error }));
    return;
  }
  const caught = SAMPLES.filter((path) => matcher.test(path)).map((path) => pathHints(path).kind);
  const how = t(isRegex(pattern) ? 'check.regex' : 'check.text');
  if (caught.length === SAMPLES.length) check.addClass('jellynext-ok').text(t('check.all', { how }));
  // One of the two samples: its kind names the key (check.movie, check.show).
  else if (caught.length > 0) check.addClass('jellynext-warn').text(t(`check.${caught[0]}`, { how }));
  else check.addClass('jellynext-warn').text(t('check.none', { how }));
}

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-input');
  $('#node-input-pathMatch').on('input change', showCheck);
  showCheck();
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt).
export function validatePathMatch(value: unknown): true | string {
  const matcher = matcherOf(value);
  return !('error' in matcher) || t('errors.pathMatch', { error: matcher.error });
}

export function validateMediaTypes(value: unknown): true | string {
  return value === undefined || value === null || value === 'both' || value === 'movie' || value === 'show' || t('errors.mediaTypes');
}
