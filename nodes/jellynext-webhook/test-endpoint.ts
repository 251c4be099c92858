import type { NodeAPI } from 'node-red';
import { sampleMessage } from '../../src/template';
import type { MediaType } from '../../src/media';
import { verifiesCertificate } from '../../src/http/tls';
import { catalog } from '../shared/catalog';
import { tlsChoice, tlsProblemText } from '../shared/tls';
import {
  createDispatcher,
  createSigner,
  maskUrlSecrets,
  normalizeConfig,
  overlaySecrets,
  parseSecretHeaders,
  scrub,
  secretsFromCredentials,
  secretValues,
  sendWebhook,
  WebhookRequestBuilder,
  type RawWebhookProperties,
  type WebhookSecrets,
} from '../../src/webhook';

/** What the editor posts: the dialog's current (maybe unsaved) settings. */
interface TestRequestBody {
  readonly id?: unknown;
  readonly mediaType?: unknown;
  readonly config?: RawWebhookProperties;
  /** Secret values typed in the dialog for rows without a slot, `{ movie: {name: value}, show: {…} }`. */
  readonly secretHeaders?: unknown;
  /** Secret values by slot: a string is typed in the dialog, null means "the deployed node's value". */
  readonly secretSlots?: unknown;
  /** Secret URLs by media type, the same way. */
  readonly secretUrls?: unknown;
  readonly signingSecret?: unknown;
  /** Id of the `tls-config` node chosen in the dialog (only a deployed one can be used). */
  readonly tls?: unknown;
}

const PREVIEW_LIMIT = 4000;

function preview(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text !== undefined && text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}…` : body;
}

function entries(value: unknown): Array<[string, unknown]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

/**
 * The secrets the test request uses: typed ones, and the deployed node's only where the dialog asks
 * for them (a slot the dialog does not mention may belong to a row that was removed).
 */
function secretsForTest(input: TestRequestBody, stored: WebhookSecrets): WebhookSecrets {
  const slots: Record<number, string> = {};
  for (const [key, value] of entries(input.secretSlots)) {
    const slot = Number(key);
    const chosen = typeof value === 'string' ? value : stored.slots?.[slot];
    if (chosen !== undefined) slots[slot] = chosen;
  }
  const urls: Partial<Record<MediaType, string>> = {};
  for (const mediaType of ['movie', 'show'] as const) {
    const value = entries(input.secretUrls).find(([key]) => key === mediaType)?.[1];
    const chosen = typeof value === 'string' ? value : value === null ? stored.urls?.[mediaType] : undefined;
    if (chosen !== undefined) urls[mediaType] = chosen;
  }
  const byName = parseSecretHeaders(
    typeof input.secretHeaders === 'string' ? input.secretHeaders : JSON.stringify(input.secretHeaders ?? {}),
  );
  return overlaySecrets({ movie: stored.movie, show: stored.show }, { ...byName, slots, urls });
}

/**
 * `POST /jellynext-webhook/test`: sends the sample movie or show request from the dialog, so users
 * see what their endpoint answers before deploying. Guarded by the same permission scheme core nodes use.
 */
export function registerTestEndpoint(RED: NodeAPI): void {
  const t = catalog(RED, 'jellynext-webhook');
  RED.httpAdmin.post('/jellynext-webhook/test', RED.auth.needsPermission('jellynext-webhook.write'), (req, res) => {
    const input = (req.body ?? {}) as TestRequestBody;
    const mediaType = input.mediaType === 'show' ? 'show' : 'movie';
    const stored = typeof input.id === 'string' ? (RED.nodes.getCredentials(input.id) as Record<string, unknown> | undefined) : undefined;
    const secrets = secretsForTest(input, secretsFromCredentials(stored));
    const signingSecret =
      typeof input.signingSecret === 'string' && input.signingSecret !== ''
        ? input.signingSecret
        : typeof stored?.signingSecret === 'string'
          ? stored.signingSecret
          : '';
    const config = normalizeConfig(input.config ?? {});
    const builder = new WebhookRequestBuilder(config, secrets, signingSecret ? createSigner(signingSecret) : undefined);
    // The sample media with the samples of the declared custom fields, as the dialog's preview shows it.
    const message = sampleMessage(mediaType, config.customFields.fields);
    const outcome = builder.build(message.payload, message.media, mediaType, new Date(), message);
    if (!outcome.ok) {
      res.json({ ok: false, error: scrub(outcome.error, secretValues(secrets)) });
      return;
    }
    const tls = tlsChoice(RED, input.tls);
    if (!tls.ok) {
      res.json({ ok: false, error: tlsProblemText(t, tls, true) });
      return;
    }
    const request = outcome.request;
    const hidden = [signingSecret, ...secretValues(secrets), ...request.secrets].filter((s) => s !== '');
    const dispatcher = createDispatcher(1, process.env, tls.tls);
    sendWebhook(request, { dispatcher, timeoutMs: config.timeoutMs, retries: 0 })
      .then((result) => {
        res.json({
          ok: result.ok,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          ...(verifiesCertificate(tls.tls) ? {} : { unverified: true }),
          ...(result.error ? { error: maskUrlSecrets(scrub(result.error, hidden)) } : {}),
          request: {
            method: request.method,
            url: request.safeUrl,
            headers: request.safeHeaders,
            body: request.body === undefined ? undefined : scrub(request.body, hidden),
          },
          response: { headers: result.headers, body: preview(result.body) },
        });
      })
      .catch((err: unknown) => {
        res.status(500).json({ ok: false, error: scrub(String(err), hidden) });
      })
      .finally(() => {
        dispatcher.destroy().catch(() => undefined);
      });
  });
}
