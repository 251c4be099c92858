import type { MediaType } from '../media';
import { sampleFor } from './samples';

/**
 * The custom fields a node declares (its `customFields` property): names its flow puts in msg.media, or
 * `msg.` paths, each with a sample value for the editor's preview, e.g. `category=anime, msg.quota.left=3`.
 * Declared names are not warned about and get a button above the payload; they change nothing at run time.
 */
export interface CustomField {
  readonly name: string;
  readonly sample: string;
}

export interface CustomFields {
  readonly fields: readonly CustomField[];
  /** Entries that are not a name or a `msg.` path, as the user wrote them. */
  readonly invalid: readonly string[];
}

const MAX_FIELDS = 50;
const ENTRY = /^(msg(?:\.[A-Za-z0-9_]{1,64}){1,8}|[A-Za-z_][A-Za-z0-9_]{0,63})\s*(?:=\s*([^]*))?$/;
const FORBIDDEN_STEP = /(?:^|\.)(?:__proto__|constructor|prototype)(?:\.|$)/i;

/** Reads the property: entries separated by commas or line breaks, `name` or `name=sample`; blanks are skipped. */
export function parseCustomFields(text: unknown): CustomFields {
  const fields: CustomField[] = [];
  const invalid: string[] = [];
  if (typeof text !== 'string') return { fields, invalid };
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = ENTRY.exec(entry);
    if (!match || FORBIDDEN_STEP.test(match[1]) || fields.length >= MAX_FIELDS) invalid.push(entry);
    else fields.push({ name: match[1], sample: (match[2] ?? '').trim() });
  }
  return { fields, invalid };
}

/** Sets `value` at a dotted path of own plain objects, creating the steps that are missing. */
function setPath(target: Record<string, unknown>, steps: readonly string[], value: unknown): void {
  let node = target;
  for (const step of steps.slice(0, -1)) {
    const next = node[step];
    if (typeof next !== 'object' || next === null) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  node[steps[steps.length - 1]] = value;
}

/**
 * The message the editor previews with: the sample media plus the declared fields' samples, in
 * msg.media and msg.payload as jellyfin-virtual-play sends them, and each `msg.` path set on the message.
 */
export function sampleMessage(mediaType: MediaType, custom: readonly CustomField[]): Record<string, unknown> {
  const media: Record<string, unknown> = { ...sampleFor(mediaType) };
  const message: Record<string, unknown> = { topic: mediaType };
  for (const field of custom) if (!field.name.startsWith('msg.')) media[field.name] = field.sample;
  message.media = media;
  message.payload = media;
  for (const field of custom) if (field.name.startsWith('msg.')) setPath(message, field.name.slice(4).split('.'), field.sample);
  return message;
}
