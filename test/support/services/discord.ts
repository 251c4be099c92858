import type { ReceivedRequest } from '../receiver';
import { FakeService, isJsonContent, isRecord, parseJson, target, type FakeAnswer } from './fake-service';

/**
 * Discord's "Execute Webhook" `POST /api/webhooks/{id}/{token}` (discord/discord-api-docs c98d64b:
 * `developers/resources/webhook.mdx`, `developers/resources/message.mdx` "Embed Limits",
 * `developers/reference.mdx` error format, `developers/topics/opcodes-and-status-codes.mdx`):
 *
 * - Unknown webhook id → 404 code 10015; wrong token → 401 code 50027 (the token is in the path, no header).
 * - JSON body; at least one of `content`, `embeds`, `components`, `file`, `poll` → else 400 code 50006.
 * - `content` ≤ 2000; `username` 1–80 without "clyde"/"discord"; `embeds` ≤ 10; per embed `title` ≤ 256,
 *   `description` ≤ 4096, ≤ 25 `fields` each with a non-empty `name` ≤ 256 and `value` ≤ 1024,
 *   `footer.text` ≤ 2048, `author.name` ≤ 256, and all those texts of all embeds together ≤ 6000.
 *   Lengths are characters (code points) after trimming leading and trailing whitespace. `color` an
 *   integer, `url` an http(s) URL, `timestamp` ISO-8601 → else 400 code 50035 "Invalid Form Body" with
 *   the failing keys under `errors`.
 * - Success → 204 No Content (200 with the message when `?wait=true`).
 */

type FormErrors = Record<string, unknown>;

const LIMITS = {
  content: 2000,
  username: 80,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
};

/** Characters as Discord counts them: code points of the trimmed text. */
export function discordLength(text: string): number {
  return Array.from(text.trim()).length;
}

function put(errors: FormErrors, path: readonly string[], code: string, message: string): void {
  let node = errors;
  for (const key of path) {
    const next = isRecord(node[key]) ? (node[key] as FormErrors) : {};
    node[key] = next;
    node = next;
  }
  const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
  list.push({ code, message });
  node._errors = list;
}

/** Checks an optional text against its limit; answers the characters it counts towards the 6000. */
function text(errors: FormErrors, path: readonly string[], value: unknown, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) put(errors, path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof value !== 'string') {
    put(errors, path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  const length = discordLength(value);
  if (required && length === 0) put(errors, path, 'BASE_TYPE_REQUIRED', 'This field is required');
  if (length > max) put(errors, path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return length;
}

const isWebUrl = (value: unknown): boolean => typeof value === 'string' && /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value);
const isColor = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffff;
const isIsoTime = (value: unknown): boolean =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));

function checkEmbed(errors: FormErrors, embed: unknown, at: readonly string[]): number {
  if (!isRecord(embed)) {
    put(errors, at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  let total =
    text(errors, [...at, 'title'], embed.title, LIMITS.title) + text(errors, [...at, 'description'], embed.description, LIMITS.description);
  if (embed.url !== undefined && !isWebUrl(embed.url)) put(errors, [...at, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  if (embed.color !== undefined && !isColor(embed.color))
    put(errors, [...at, 'color'], 'NUMBER_TYPE_MAX', 'int value should be <= 16777215.');
  if (embed.timestamp !== undefined && !isIsoTime(embed.timestamp))
    put(errors, [...at, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp.');
  if (isRecord(embed.footer)) total += text(errors, [...at, 'footer', 'text'], embed.footer.text, LIMITS.footer, true);
  if (isRecord(embed.author)) total += text(errors, [...at, 'author', 'name'], embed.author.name, LIMITS.author, true);
  const fields = embed.fields === undefined ? [] : embed.fields;
  if (!Array.isArray(fields)) put(errors, [...at, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  else if (fields.length > LIMITS.fields)
    put(errors, [...at, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.fields} or fewer in length.`);
  else {
    fields.forEach((field: unknown, index) => {
      const where = [...at, 'fields', String(index)];
      const entry = isRecord(field) ? field : {};
      total +=
        text(errors, [...where, 'name'], entry.name, LIMITS.fieldName, true) +
        text(errors, [...where, 'value'], entry.value, LIMITS.fieldValue, true);
    });
  }
  return total;
}

/** The form errors of a webhook body (empty when Discord takes it), and whether it has something to send. */
export function checkWebhookBody(body: Record<string, unknown>): { readonly errors: FormErrors; readonly empty: boolean } {
  const errors: FormErrors = {};
  const content = text(errors, ['content'], body.content, LIMITS.content);
  if (body.username !== undefined) {
    const name = typeof body.username === 'string' ? body.username : '';
    if (discordLength(name) < 1 || discordLength(name) > LIMITS.username)
      put(errors, ['username'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.');
    if (/clyde|discord/i.test(name)) put(errors, ['username'], 'USERNAME_INVALID_CONTAINS', 'Username cannot contain "discord"');
  }
  const embeds = body.embeds === undefined || body.embeds === null ? [] : body.embeds;
  let total = 0;
  if (!Array.isArray(embeds)) put(errors, ['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  else if (embeds.length > LIMITS.embeds) put(errors, ['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embeds} or fewer in length.`);
  else embeds.forEach((embed: unknown, index) => (total += checkEmbed(errors, embed, ['embeds', String(index)])));
  if (total > LIMITS.total) put(errors, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.total}`);
  const empty = content === 0 && !(Array.isArray(embeds) && embeds.length > 0) && body.components === undefined && body.poll === undefined;
  return { errors, empty };
}

const invalidForm = (errors: FormErrors): FakeAnswer => ({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } });

export class DiscordFake extends FakeService {
  constructor(
    readonly webhookId: string,
    private readonly webhookToken: string,
  ) {
    super();
  }

  /** The URL Discord shows under "Copy Webhook URL", pointing at this fake. */
  get webhookUrl(): string {
    return `${this.url}/api/webhooks/${this.webhookId}/${this.webhookToken}`;
  }

  protected answer(request: ReceivedRequest): FakeAnswer {
    const { path, query } = target(request);
    const route = /^\/api(?:\/v\d+)?\/webhooks\/([^/]+)\/([^/]+)$/.exec(path);
    if (!route || route[1] !== this.webhookId) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (route[2] !== this.webhookToken) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    if (request.method !== 'POST') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
    const parsed = isJsonContent(request) ? parseJson(request.body) : undefined;
    if (!parsed?.ok || !isRecord(parsed.value)) {
      return invalidForm({
        _errors: [{ code: 'CONTENT_TYPE_INVALID', message: 'Expected "Content-Type" header to be one of {\'application/json\'}.' }],
      });
    }
    const { errors, empty } = checkWebhookBody(parsed.value);
    if (Object.keys(errors).length > 0) return invalidForm(errors);
    if (empty) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    return query.get('wait') === 'true'
      ? { status: 200, body: { id: String(this.exchanges.length + 1), ...parsed.value } }
      : { status: 204 };
  }
}
