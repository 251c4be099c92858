import { describe, expect, it } from 'vitest';
import { compileTemplate, PLACEHOLDER_NAMES, TemplateError } from '../../src/template';
import { closestName } from '../../src/template/suggest';
import { looksSecretHeaderName } from '../../src/webhook/header-names';

describe('"did you mean" for unknown placeholders (issue 10.1)', () => {
  it('finds the placeholder a typo was meant to be: swapped, missing, extra or wrong letters, any case', () => {
    expect(closestName('tmbdId', PLACEHOLDER_NAMES)).toBe('tmdbId');
    expect(closestName('usrName', PLACEHOLDER_NAMES)).toBe('userName');
    expect(closestName('titel', PLACEHOLDER_NAMES)).toBe('title');
    expect(closestName('seasonNumbers', PLACEHOLDER_NAMES)).toBe('seasonNumber');
    expect(closestName('JELLYFINUSERID', [...PLACEHOLDER_NAMES, 'x'])).toBe('jellyfinUserId');
    expect(closestName('yaer', PLACEHOLDER_NAMES)).toBe('year');
    expect(closestName('imbdid', PLACEHOLDER_NAMES)).toBe('imdbId');
  });

  it('guesses nothing for words that are not near any name, nor for short names two edits away', () => {
    expect(closestName('nope', PLACEHOLDER_NAMES)).toBeUndefined();
    expect(closestName('id', PLACEHOLDER_NAMES)).toBeUndefined();
    expect(closestName('displayName', PLACEHOLDER_NAMES)).toBeUndefined();
    expect(closestName('yr', PLACEHOLDER_NAMES)).toBeUndefined();
  });

  it('stays bounded on a hostile word: words over 40 letters are not compared at all', () => {
    expect(closestName('a'.repeat(40), ['a'.repeat(39)])).toBe('a'.repeat(39));
    expect(closestName('a'.repeat(41), ['a'.repeat(40)])).toBeUndefined();
    expect(closestName('tmdbId'.repeat(20_000), PLACEHOLDER_NAMES)).toBeUndefined();
  });

  it('adds the guess to the warning in URL, header and JSON templates, quoted or bare', () => {
    // The webhook has a list of custom fields (an array, even empty), so its warnings point there.
    expect(compileTemplate('https://x.example/{tmbdId}', 'url', [], []).warnings.map((w) => w.message)).toEqual([
      '{tmbdId} is not a built-in placeholder or a declared custom field (did you mean {tmdbId}?), so it is read from msg.media.tmbdId and empty when the message has none',
    ]);
    // A node without such a list (the stop and notify texts) just says it is not known.
    expect(compileTemplate('{usrName}', 'header').warnings[0].message).toBe(
      '{usrName} is not a known placeholder (did you mean {userName}?), so it is read from msg.media.usrName and empty when the message has none',
    );
    expect(compileTemplate('{"a": "{titel}"}', 'json').warnings[0].message).toContain('(did you mean {title}?)');
    expect(compileTemplate('{"a": {titel}}', 'json').warnings[0].message).toContain('(did you mean {title}?)');
    expect(compileTemplate('{nothingLikeIt}', 'header', [], []).warnings[0].message).toBe(
      '{nothingLikeIt} is not a built-in placeholder or a declared custom field, so it is read from msg.media.nothingLikeIt and empty when the message has none',
    );
  });

  it('guesses among the declared custom fields, and does not warn about them', () => {
    expect(compileTemplate('{categry}', 'text', [], ['category']).warnings[0].message).toContain('(did you mean {category}?)');
    expect(compileTemplate('{Category}', 'text', [], ['category']).warnings).toEqual([]);
  });

  it("guesses among a node's extra names too", () => {
    expect(compileTemplate('{displayTitel}', 'text', ['displayTitle']).warnings[0].message).toContain('(did you mean {displayTitle}?)');
  });
});

describe('header names that usually carry a secret (issue 10.2)', () => {
  it('knows the common ones, in any case', () => {
    for (const name of [
      'Authorization',
      'authorization',
      'Proxy-Authorization',
      'X-Api-Key',
      'Api-Key',
      'apikey',
      'Cookie',
      'X-Auth-Token',
      'X-Client-Secret',
      'X-Password',
      'X-Emby-Token',
    ]) {
      expect(looksSecretHeaderName(name), name).toBe(true);
    }
  });

  it('leaves ordinary headers plain', () => {
    for (const name of ['Content-Type', 'Accept', 'User-Agent', 'X-Requested-By', 'X-Request-Source', 'Keep-Alive', '']) {
      expect(looksSecretHeaderName(name), name).toBe(false);
    }
  });
});
