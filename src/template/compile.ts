import {
  type Escaper,
  escapeForForm,
  escapeForHeader,
  escapeForJsonString,
  escapeForJsonValue,
  escapeForText,
  escapeForUrl,
} from './escape';
import { JsonTemplateScanner } from './json-scanner';
import type { TemplateNotice } from './notices';
import { occurrenceOf, PLACEHOLDER_ANYWHERE, vocabulary, type Occurrence, type Vocabulary } from './placeholder-syntax';
import type { PlaceholderValues } from './placeholders';

export { TemplateError } from './notices';
export type { TemplateNotice } from './notices';

/** Where a template is used; it decides how each value is escaped. */
export type TemplateContext = 'url' | 'header' | 'json' | 'text' | 'form';

export interface CompiledTemplate {
  readonly source: string;
  readonly context: TemplateContext;
  /** Names that are neither built in, a node's own nor declared (read from msg.media anyway), and paths that can never be read. */
  readonly warnings: readonly TemplateNotice[];
  /** Advice that does not stop the template, e.g. a quoted `{seasonNumber}` sends a string. */
  readonly hints: readonly TemplateNotice[];
  /** What it takes from the message beyond the built-ins: `msg.media.category`, `msg.approvedBy`, in order of appearance. */
  readonly messageReads: readonly string[];
  readonly isEmpty: boolean;
  /** No placeholder in it: it always renders to its source. */
  readonly isConstant: boolean;
  render(values: PlaceholderValues): string;
}

const ESCAPER_BY_CONTEXT: Record<Exclude<TemplateContext, 'json'>, Escaper> = {
  url: escapeForUrl,
  header: escapeForHeader,
  text: escapeForText,
  form: escapeForForm,
};

/**
 * Parses a template once; the result renders by concatenation. Throws TemplateError for broken JSON templates.
 * `extraNames` are names a node adds to the shared vocabulary, matched the same way; their values follow
 * the built-in slots in the values array, in this order. `declared` are the custom fields the user listed
 * (names in msg.media, or `msg.` paths): they are expected, so they are not warned about; without it the
 * node has no such list, and its warnings do not mention one.
 */
export function compileTemplate(
  source: string,
  context: TemplateContext,
  extraNames: readonly string[] = [],
  declared?: readonly string[],
): CompiledTemplate {
  const warnings: TemplateNotice[] = [];
  const hints: TemplateNotice[] = [];
  const messageReads = new Set<string>();
  const names = vocabulary(extraNames, declared);
  let occurrences: Occurrence[];
  let escaperFor: (occurrence: Occurrence) => Escaper;
  if (context === 'json') {
    const scanner = new JsonTemplateScanner(source, names, warnings, hints, messageReads);
    scanner.scan();
    occurrences = scanner.occurrences;
    escaperFor = (occurrence) => (occurrence.inString ? escapeForJsonString : escapeForJsonValue);
  } else {
    occurrences = findPlaceholders(source, names, warnings, messageReads);
    const escaper = ESCAPER_BY_CONTEXT[context];
    escaperFor = () => escaper;
  }
  return {
    source,
    context,
    warnings,
    hints,
    messageReads: [...messageReads],
    isEmpty: source.trim() === '',
    isConstant: occurrences.length === 0,
    render: assemble(source, occurrences, escaperFor),
  };
}

function findPlaceholders(source: string, names: Vocabulary, warnings: TemplateNotice[], messageReads: Set<string>): Occurrence[] {
  const found: Occurrence[] = [];
  for (const match of source.matchAll(PLACEHOLDER_ANYWHERE)) found.push(occurrenceOf(source, match, false, names, warnings, messageReads));
  return found;
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function assemble(
  source: string,
  occurrences: readonly Occurrence[],
  escaperFor: (occurrence: Occurrence) => Escaper,
): (values: PlaceholderValues) => string {
  const parts: string[] = [];
  const escapers: Escaper[] = [];
  let cursor = 0;
  for (const occurrence of occurrences) {
    parts.push(source.slice(cursor, occurrence.start));
    escapers.push(escaperFor(occurrence));
    cursor = occurrence.end;
  }
  parts.push(source.slice(cursor));
  const count = occurrences.length;
  if (count === 0) {
    const constant = parts[0];
    return () => constant;
  }
  const slots = occurrences.map((occurrence) => occurrence.slot);
  // Built-in names without a default are nearly every placeholder: they keep the plain indexed loop.
  if (occurrences.every((occurrence) => occurrence.slot >= 0 && occurrence.fallback === undefined)) {
    return (values) => {
      let out = parts[0];
      for (let i = 0; i < count; i++) out += escapers[i](values[slots[i]]) + parts[i + 1];
      return out;
    };
  }
  const readers = occurrences.map((occurrence) => occurrence.read);
  const fallbacks = occurrences.map((occurrence) => occurrence.fallback);
  return (values) => {
    let out = parts[0];
    for (let i = 0; i < count; i++) {
      const read = readers[i];
      let value = read ? read(values) : values[slots[i]];
      if (isEmptyValue(value) && fallbacks[i] !== undefined) value = fallbacks[i];
      out += escapers[i](value) + parts[i + 1];
    }
    return out;
  };
}
