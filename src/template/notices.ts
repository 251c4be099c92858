import type { SourceLocation } from './location';
import { closestName } from './suggest';

export interface TemplateNotice extends SourceLocation {
  readonly message: string;
}

/** A template that cannot render to valid output, with where and why. */
export class TemplateError extends Error {
  readonly location: SourceLocation;
  readonly reason: string;

  constructor(location: SourceLocation, reason: string) {
    super(`line ${location.line}, column ${location.column}: ${reason}${location.near ? ` (near "${location.near}")` : ''}`);
    this.name = 'TemplateError';
    this.location = location;
    this.reason = reason;
  }
}

/** ` (did you mean {tmdbId}?)` when a known name is close enough to be what was meant. */
export function didYouMean(name: string, known: readonly string[]): string {
  const meant = closestName(name, known);
  return meant === undefined ? '' : ` (did you mean {${meant}}?)`;
}
