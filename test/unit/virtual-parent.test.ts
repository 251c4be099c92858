import { describe, expect, it } from 'vitest';
import { createPathMatcher } from '../../src/playback/path-match';
import { isVirtualParent } from '../../src/playback/virtual-parent';

const ROOT = '/config/plugins/Jellyfin.Plugin.JellyNext/jellynext-virtual/5e1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9/shows_nextseasons';
const EPISODE = `${ROOT}/Breaking Bad (2008) [tvdbid-81189]/S02E01 - Download Season 2.strm`;
const defaults = createPathMatcher(undefined);

describe('which parent may be reset with the played item', () => {
  it('the placeholder series folder that holds the episode', () => {
    expect(isVirtualParent(`${ROOT}/Breaking Bad (2008) [tvdbid-81189]`, EPISODE, defaults)).toBe(true);
    expect(isVirtualParent(`${ROOT}/Breaking Bad (2008) [tvdbid-81189]/`, EPISODE, defaults)).toBe(true);
  });

  it('Windows paths, with either separator on either side', () => {
    const root = 'C:\\ProgramData\\Jellyfin\\Server\\plugins\\JellyNext\\jellynext-virtual\\global\\shows_recommendations';
    expect(
      isVirtualParent(
        `${root}\\Dark (2017) [tvdbid-334824]`,
        `${root}\\Dark (2017) [tvdbid-334824]\\S01E01 - Download Season 1.strm`,
        defaults,
      ),
    ).toBe(true);
    expect(isVirtualParent(`${root}/Dark (2017) [tvdbid-334824]`, `${root}\\Dark (2017) [tvdbid-334824]\\S01E01.mp4`, defaults)).toBe(true);
  });

  it('never a series of a real library, even when the played file sits below it', () => {
    expect(isVirtualParent('/media/tv/Breaking Bad', '/media/tv/Breaking Bad/jellynext-virtual-leftover/S02E01.strm', defaults)).toBe(
      false,
    );
  });

  it('never a folder that does not contain the played file, nor one with a name that merely starts the same', () => {
    expect(isVirtualParent(`${ROOT}/Better Call Saul (2015) [tvdbid-273181]`, EPISODE, defaults)).toBe(false);
    expect(isVirtualParent(`${ROOT}/Breaking Bad (2008)`, `${ROOT}/Breaking Bad (2008) [tvdbid-81189]/S02E01.strm`, defaults)).toBe(false);
    expect(isVirtualParent(EPISODE, EPISODE, defaults)).toBe(false);
  });

  it('follows the path match the play was detected with, and nothing without paths', () => {
    const strict = createPathMatcher('/\\.strm$/i');
    expect(isVirtualParent(`${ROOT}/Breaking Bad (2008) [tvdbid-81189]`, EPISODE, strict)).toBe(false);
    expect(isVirtualParent(undefined, EPISODE, defaults)).toBe(false);
    expect(isVirtualParent(null, EPISODE, defaults)).toBe(false);
    expect(isVirtualParent(`${ROOT}/x`, undefined, defaults)).toBe(false);
    expect(isVirtualParent('/', '/jellynext-virtual/a.strm', defaults)).toBe(false);
  });
});
