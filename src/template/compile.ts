import {
  type Escaper,
  escapeForForm,
  escapeForHeader,
  escapeForJsonString,
  escapeForJsonValue,
  escapeForText,
  escapeForUrl,
} from './escape';
import { JsonTemplateScanner, type Occurrence } from './json-scanner';
import { unknownPlaceholder, type TemplateNotice } from './notices';
import { PLACEHOLDER_NAMES, placeholderSlot, type PlaceholderValues } from './placeholders';

export { TemplateError } from './notices';
export type { TemplateNotice } from './notices';

/** Where a template is used; it decides how each value is escaped. */
export type TemplateContext = 'url' | 'header' | 'json' | 'text' | 'form';

export interface CompiledTemplate {
  readonly source: string;
  readonly context: TemplateContext;
  /** `{word}`s that are not placeholders: they stay as written. */
  readonly warnings: readonly TemplateNotice[];
  /** Advice that does not stop the template, e.g. a quoted `{seasonNumber}` sends a string. */
  readonly hints: readonly TemplateNotice[];
  readonly isEmpty: boolean;
  /** No placeholder in it: it always renders to its source. */
  readonly isConstant: boolean;
  render(values: PlaceholderValues): string;
}

const PLACEHOLDER_ANYWHERE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const ESCAPER_BY_CONTEXT: Record<Exclude<TemplateContext, 'json'>, Escaper> = {
  url: escapeForUrl,
  header: escapeForHeader,
  text: escapeForText,
  form: escapeForForm,
};

/**
 * Parses a template once; the result renders by concatenation. Throws TemplateError for broken JSON templates.
 * `extraNames` (plain-text contexts only) are names a node adds to the shared vocabulary, matched the same
 * way; their values follow the shared slots in the values array, in this order.
 */
export function compileTemplate(source: string, context: TemplateContext, extraNames: readonly string[] = []): CompiledTemplate {
  const warnings: TemplateNotice[] = [];
  const hints: TemplateNotice[] = [];
  let occurrences: Occurrence[];
  let escaperFor: (occurrence: Occurrence) => Escaper;
  if (context === 'json') {
    const scanner = new JsonTemplateScanner(source, warnings, hints);
    scanner.scan();
    occurrences = scanner.occurrences;
    escaperFor = (occurrence) => (occurrence.inString ? escapeForJsonString : escapeForJsonValue);
  } else {
    occurrences = findPlaceholders(source, warnings, extraNames);
    const escaper = ESCAPER_BY_CONTEXT[context];
    escaperFor = () => escaper;
  }
  return {
    source,
    context,
    warnings,
    hints,
    isEmpty: source.trim() === '',
    isConstant: occurrences.length === 0,
    render: assemble(source, occurrences, escaperFor),
  };
}

/** Slots of a node's extra names, after the shared ones, by lower-case name. */
function extraSlots(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((name, index) => [name.toLowerCase(), PLACEHOLDER_NAMES.length + index]));
}

function findPlaceholders(source: string, warnings: TemplateNotice[], extraNames: readonly string[]): Occurrence[] {
  const extras = extraSlots(extraNames);
  const known = extras.size > 0 ? [...PLACEHOLDER_NAMES, ...extraNames] : PLACEHOLDER_NAMES;
  const found: Occurrence[] = [];
  for (const match of source.matchAll(PLACEHOLDER_ANYWHERE)) {
    const slot = extras.size > 0 ? (extras.get(match[1].toLowerCase()) ?? placeholderSlot(match[1])) : placeholderSlot(match[1]);
    const start = match.index;
    if (slot < 0) warnings.push(unknownPlaceholder(source, start, match[1], known));
    else found.push({ start, end: start + match[0].length, slot, inString: false });
  }
  return found;
}

function assemble(
  source: string,
  occurrences: readonly Occurrence[],
  escaperFor: (occurrence: Occurrence) => Escaper,
): (values: PlaceholderValues) => string {
  const parts: string[] = [];
  const slots: number[] = [];
  const escapers: Escaper[] = [];
  let cursor = 0;
  for (const occurrence of occurrences) {
    parts.push(source.slice(cursor, occurrence.start));
    slots.push(occurrence.slot);
    escapers.push(escaperFor(occurrence));
    cursor = occurrence.end;
  }
  parts.push(source.slice(cursor));
  const count = slots.length;
  if (count === 0) {
    const constant = parts[0];
    return () => constant;
  }
  return (values) => {
    let out = parts[0];
    for (let i = 0; i < count; i++) out += escapers[i](values[slots[i]]) + parts[i + 1];
    return out;
  };
}
