import type MustacheModule from 'mustache';
import { collectValues, compileTemplate, PLACEHOLDER_NAMES, placeholderSlot } from '../template';
import { valueToText } from '../template/escape';

/**
 * The on-screen texts of `jellyfin-stop-playback`. They take the webhook's `{placeholder}` names (same
 * case rules) plus a few of their own; a text written in the older mustache syntax (`{{media.title}}`)
 * still renders as before. The failure text is friendly: the technical detail goes to the status, the
 * log and `msg`, and onto the screen only when the node is told to add it.
 */
export const DEFAULT_HEADER = 'JellyNext Download';
export const DEFAULT_SUCCESS_MESSAGE = '{displayTitle} has been requested and will appear in your library soon.';
export const DEFAULT_FAILURE_MESSAGE = 'Could not request {displayTitle}. Please try again later.';

/** Names the stop texts add to the webhook's: the title with the season for shows, and the webhook's outcome. */
export const STOP_TEXT_NAMES = ['displayTitle', 'error', 'statusCode'] as const;

/** What a stop text reads from `msg`. */
export interface StopTextInput {
  readonly media?: unknown;
  readonly payload?: unknown;
  readonly webhook?: unknown;
  readonly [key: string]: unknown;
}

export interface StopText {
  readonly syntax: 'placeholders' | 'mustache';
  /** Names that are neither built in nor the stop texts' own (read from msg.media anyway), or never readable. */
  readonly warnings: readonly string[];
  render(input: StopTextInput): string;
}

const TITLE = placeholderSlot('title');
const SEASON = placeholderSlot('seasonNumber');
const MEDIA_TYPE = placeholderSlot('mediaType');
// Only the older syntax has double braces; one tag is enough to tell.
const MUSTACHE_TAG = /\{\{/;
const MUSTACHE_TAG_BODY = /\{\{\{?([^{}]*)\}/g;
const LEGACY_ROOTS = new Set(['media', 'payload', 'webhook', 'session', 'item', 'topic', 'statuscode', 'stopped', '.']);

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** "Fight Club", or "Breaking Bad – Season 2" for a show with a season; "this title" when none is known. */
export function displayTitle(values: readonly unknown[]): string {
  const title = valueToText(values[TITLE]) || 'this title';
  const season = valueToText(values[SEASON]);
  const isShow = values[MEDIA_TYPE] === 'show' || season !== '';
  return isShow && season !== '' ? `${title} – Season ${season}` : title;
}

function placeholderText(source: string): StopText {
  const compiled = compileTemplate(source, 'text', STOP_TEXT_NAMES);
  return {
    syntax: 'placeholders',
    warnings: compiled.warnings.map((warning) => warning.message),
    render(input) {
      // The played media first: an endpoint's answer in msg.payload never renames what was requested.
      const values = collectValues(input.media ?? input.payload, input.payload, '', new Date(), input);
      const webhook = record(input.webhook);
      values.push(displayTitle(values), webhook.error, webhook.statusCode);
      return compiled.render(values);
    },
  };
}

// On-screen text is plain text, not HTML: values are inserted as they are.
const PLAIN = { escape: (value: unknown) => String(value) };

/** Loaded only for a text in the older syntax: most flows never need it. */
function mustache(): typeof MustacheModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load; `import` would load it at Node-RED start-up
  return require('mustache') as typeof MustacheModule;
}

function mustacheText(source: string): StopText {
  const Mustache = mustache();
  Mustache.parse(source); // throws for a broken template, at deploy
  const warnings: string[] = [];
  for (const match of source.matchAll(MUSTACHE_TAG_BODY)) {
    const name = match[1].trim().replace(/^[#^/&]\s*/, '');
    const root = name.split('.')[0].toLowerCase();
    if (name !== '' && !LEGACY_ROOTS.has(root)) warnings.push(`{{${name}}} is not a field of the message, so it shows nothing`);
  }
  return {
    syntax: 'mustache',
    warnings,
    render(input) {
      try {
        return Mustache.render(source, input, {}, PLAIN);
      } catch {
        return source;
      }
    },
  };
}

/** A stop text, parsed once; throws for a broken mustache text (the older syntax). */
export function compileStopText(source: string): StopText {
  return MUSTACHE_TAG.test(source) ? mustacheText(source) : placeholderText(source);
}

/** Every name a stop text knows, for the editor's buttons and messages. */
export const STOP_TEXT_VOCABULARY: readonly string[] = [...STOP_TEXT_NAMES, ...PLACEHOLDER_NAMES];
