import type { NodeAPI } from 'node-red';
import { Agent } from 'undici';
import { SAMPLE_MOVIE, SAMPLE_SHOW } from '../../src/template';
import {
  createSigner,
  normalizeConfig,
  parseSecretHeaders,
  scrub,
  sendWebhook,
  WebhookRequestBuilder,
  type RawWebhookProperties,
  type SecretHeaders,
} from '../../src/webhook';

/** What the editor posts: the dialog's current (maybe unsaved) settings. */
interface TestRequestBody {
  readonly id?: unknown;
  readonly mediaType?: unknown;
  readonly config?: RawWebhookProperties;
  /** Secret values typed in the dialog; rows left untouched fall back to the deployed node's credentials. */
  readonly secretHeaders?: unknown;
  readonly signingSecret?: unknown;
}

const PREVIEW_LIMIT = 4000;

function preview(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text !== undefined && text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}…` : body;
}

function mergeSecrets(stored: SecretHeaders, typed: SecretHeaders): SecretHeaders {
  return { movie: { ...stored.movie, ...typed.movie }, show: { ...stored.show, ...typed.show } };
}

/**
 * `POST /jellynext-webhook/test`: sends the sample movie or show request from the dialog, so users
 * see what their endpoint answers before deploying. Guarded by the same permission scheme core nodes use.
 */
export function registerTestEndpoint(RED: NodeAPI): void {
  RED.httpAdmin.post('/jellynext-webhook/test', RED.auth.needsPermission('jellynext-webhook.write'), (req, res) => {
    const input = (req.body ?? {}) as TestRequestBody;
    const mediaType = input.mediaType === 'show' ? 'show' : 'movie';
    const stored = typeof input.id === 'string' ? (RED.nodes.getCredentials(input.id) as Record<string, unknown> | undefined) : undefined;
    const secrets = mergeSecrets(
      parseSecretHeaders(stored?.secretHeaders),
      parseSecretHeaders(typeof input.secretHeaders === 'string' ? input.secretHeaders : JSON.stringify(input.secretHeaders ?? {})),
    );
    const signingSecret = typeof input.signingSecret === 'string' && input.signingSecret !== '' ? input.signingSecret : typeof stored?.signingSecret === 'string' ? stored.signingSecret : '';
    const config = normalizeConfig(input.config ?? {});
    const builder = new WebhookRequestBuilder(config, secrets, signingSecret ? createSigner(signingSecret) : undefined);
    const outcome = builder.build(mediaType === 'show' ? SAMPLE_SHOW : SAMPLE_MOVIE, undefined, mediaType, new Date());
    if (!outcome.ok) {
      res.json({ ok: false, error: outcome.error });
      return;
    }
    const request = outcome.request;
    const hidden = [signingSecret, ...request.secrets].filter((s) => s !== '');
    const dispatcher = new Agent({ connect: { timeout: config.timeoutMs } });
    sendWebhook(request, { dispatcher, timeoutMs: config.timeoutMs, retries: 0 })
      .then((result) => {
        res.json({
          ok: result.ok,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          ...(result.error ? { error: scrub(result.error, hidden) } : {}),
          request: { method: request.method, url: request.safeUrl, headers: request.safeHeaders, body: request.body === undefined ? undefined : scrub(request.body, hidden) },
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
