import type { Node, NodeAPI, NodeDef, NodeStatus } from 'node-red';
import { printable } from '../../src/util/printable';
import {
  createDispatcher,
  createSigner,
  maskUrlSecrets,
  normalizeConfig,
  resolveMediaType,
  scrub,
  secretsFromCredentials,
  secretValues,
  sendWebhook,
  SendQueue,
  WEBHOOK_CREDENTIALS,
  WebhookRequestBuilder,
  type PreparedRequest,
  type RawWebhookProperties,
  type SendResult,
} from '../../src/webhook';
import { mediaLabel, mediaOf, type Job, type OutMessage, type Send, type WebhookReport } from './message';
import { registerTestEndpoint } from './test-endpoint';
import { isObject } from '../../src/util/guards';
import { catalog } from '../shared/catalog';
import { InFlight } from '../shared/in-flight';
import { STATUS_DELAY_MS } from '../shared/status-later';
import { tlsChoice, tlsProblemText } from '../shared/tls';
import { verifiesCertificate } from '../../src/http/tls';

interface WebhookNodeDef extends NodeDef, RawWebhookProperties {
  readonly extraLogging?: boolean;
  /** Id of a core `tls-config` node: a home CA, a client certificate, a server name. */
  readonly tls?: string;
}

/** The node's credentials (see src/webhook/credentials.ts): secret header values, secret URLs, the signing secret. */
type WebhookCredentials = Readonly<Record<string, string | undefined>>;

type WebhookNode = Node<WebhookCredentials>;

export = function register(RED: NodeAPI): void {
  /** A text of this node's catalog, `locales/<lang>/jellynext-webhook.json`. */
  const t = catalog(RED, 'jellynext-webhook');

  function JellyNextWebhookNode(this: WebhookNode, def: WebhookNodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const config = normalizeConfig(def);
    const extraLogging = def.extraLogging === true;
    const credentials: WebhookCredentials = node.credentials ?? {};
    const secrets = secretsFromCredentials(credentials);
    const signingSecret = credentials.signingSecret ?? '';
    const builder = new WebhookRequestBuilder(config, secrets, signingSecret ? createSigner(signingSecret) : undefined);
    const knownSecrets = [signingSecret, ...secretValues(secrets)].filter((s) => s !== '');
    /** Anything the node logs or shows: one line, no secret, no URL token (values from metadata, servers and settings pass here). */
    const shown = (text: string, max?: number): string => printable(maskUrlSecrets(scrub(text, knownSecrets)), max);
    const tls = tlsChoice(RED, def.tls);
    /** A chosen TLS configuration that cannot be used: every message fails with this rather than go out without it. */
    const tlsProblem = tls.ok ? undefined : tlsProblemText(t, tls, false);
    const unverified = tls.ok && !verifiesCertificate(tls.tls);
    // At most `parallel` requests are in flight, so no more sockets per host are ever needed.
    const dispatcher = createDispatcher(config.parallel, process.env, tls.ok ? tls.tls : undefined);
    const messages = new InFlight();
    const limits = { parallel: config.parallel, queueSize: config.queueSize, perMinute: config.rateLimit };
    const queue = new SendQueue<Job>(limits, (job) => start(job));
    /** Messages between their request going out and their outcome: what the status counts as sending. */
    let inFlight = 0;
    const pace = config.rateLimit > 0 ? (backoffMs: number) => queue.pacer.reserve(backoffMs) : undefined;
    /** Set while the queue overflows, so a burst beyond it warns once, not once per message. */
    let overflowing = false;
    /** The status once nothing is in flight, worded only when shown. */
    let resting: () => NodeStatus = () => ({});

    for (const problem of builder.problems) node.error(shown(problem.message));
    for (const warning of builder.warnings) node.warn(shown(warning.message));
    if (unverified) {
      node.warn(t('tls.unverified', { name: printable(tls.label, 40) }));
      resting = () => ({ fill: 'yellow', shape: 'ring', text: t('tls.status') });
    }
    if (tlsProblem) node.error(tlsProblem);
    const problem = tlsProblem ?? builder.problems[0]?.message;
    if (problem !== undefined) resting = () => ({ fill: 'red', shape: 'ring', text: shown(problem, 48) });
    node.status(resting());

    // While requests are in flight or queued the counts are shown at most every 250 ms (wording a status
    // costs more than a request in a burst); the outcome is shown as soon as nothing is left. Either waits
    // at least STATUS_DELAY_MS, so the request or the next node's work goes first.
    let lastShown = 0;
    let statusTimer: NodeJS.Timeout | undefined;
    /** When the update in statusTimer runs. */
    let statusDue = 0;
    const busy = (): boolean => inFlight + queue.queued > 0;
    const sendingText = (): string => {
      const count = inFlight;
      const queued = queue.queued;
      if (queued === 0) return t('status.sending', { count });
      return count === 0 ? t('status.queued', { queued }) : t('status.sendingQueued', { count, queued });
    };
    const applyStatus = (): void => {
      statusTimer = undefined;
      lastShown = Date.now();
      if (messages.closed) return;
      node.status(busy() ? { fill: 'blue', shape: 'dot', text: sendingText() } : resting());
    };
    const showStatus = (): void => {
      const now = Date.now();
      const due = busy() ? Math.max(lastShown + 250, now + STATUS_DELAY_MS) : now + STATUS_DELAY_MS;
      // An update due no later reads the state when it runs; a count due later gives way to the outcome.
      if (statusTimer && statusDue <= due) return;
      clearTimeout(statusTimer);
      statusDue = due;
      statusTimer = setTimeout(applyStatus, due - now);
    };

    const logRequest = (request: PreparedRequest): void => {
      const headers = request.safeHeaders.map(([name, value]) => `${name}: ${value}`).join(' | ');
      const body = request.body === undefined ? t('log.noBody') : scrub(request.body, request.secrets);
      node.log(shown(scrub(`${request.method} ${request.safeUrl} [${headers}] ${body}`, request.secrets)));
    };

    const finish = (msg: OutMessage, report: WebhookReport, result: Partial<SendResult>, media: unknown): OutMessage => {
      msg.statusCode = report.statusCode;
      msg.headers = result.headers ?? {};
      msg.payload = result.body ?? '';
      if (media !== undefined) msg.media = media;
      msg.webhook = report;
      return msg;
    };

    const handle = async (msg: OutMessage, send: Send): Promise<void> => {
      const media = mediaOf(msg);
      const outcome = tlsProblem
        ? { ok: false as const, mediaType: media ? resolveMediaType(media, msg.topic) : 'movie', error: tlsProblem }
        : builder.build(msg.payload, msg.media, msg.topic, new Date(), msg);
      if (!outcome.ok) {
        const error = scrub(outcome.error, knownSecrets);
        const report: WebhookReport = {
          ok: false,
          statusCode: null,
          method: config.method,
          url: '',
          mediaType: outcome.mediaType,
          durationMs: 0,
          attempts: 0,
          error,
          errorCode: 'CONFIG',
        };
        node.warn(shown(error));
        resting = () => ({ fill: 'red', shape: 'ring', text: shown(error, 48) });
        showStatus();
        send([null, finish(msg, report, {}, media)]);
        return;
      }
      const request = outcome.request;
      // Only texts that are shown need scrubbing: most messages never build this list.
      const secrets = request.secrets.length === 0 ? knownSecrets : [...knownSecrets, ...request.secrets];
      if (extraLogging) logRequest(request);
      inFlight++;
      showStatus();
      let result: SendResult;
      try {
        result = await sendWebhook(request, {
          dispatcher,
          timeoutMs: config.timeoutMs,
          retries: config.retries,
          signal: messages.signal,
          pace,
          onRetry: (info) => {
            if (extraLogging)
              node.log(shown(t('log.retry', { attempt: info.attempt, reason: scrub(info.reason, secrets), delayMs: info.delayMs })));
          },
        });
      } finally {
        inFlight--;
      }
      if (messages.closed) return;
      const error = result.error === undefined ? undefined : maskUrlSecrets(scrub(result.error, secrets));
      const report: WebhookReport = {
        ok: result.ok,
        statusCode: result.statusCode,
        method: request.method,
        url: request.safeUrl,
        mediaType: request.mediaType,
        durationMs: result.durationMs,
        attempts: result.attempts,
        ...(error === undefined ? {} : { error, errorCode: result.errorCode }),
        ...(result.truncated ? { truncated: true } : {}),
        ...(result.bodyIncomplete ? { bodyIncomplete: true, warning: scrub(result.warning ?? '', secrets) } : {}),
      };
      if (report.warning)
        node.warn(t('warnings.bodyIncomplete', { method: request.method, url: request.safeUrl, warning: report.warning }));
      if (extraLogging) {
        const outcome = String(result.statusCode ?? error);
        node.log(
          shown(
            t('log.result', {
              method: request.method,
              url: request.safeUrl,
              outcome,
              durationMs: result.durationMs,
              count: result.attempts,
            }),
          ),
        );
      }
      if (result.ok) {
        const statusCode = result.statusCode;
        // Worded only when shown (at most every 250 ms in a burst), so the label is made there too, from
        // the fields as they are now (a node downstream may change msg.media).
        const named = isObject(media) ? { title: media.title, seasonNumber: media.seasonNumber } : undefined;
        resting = () => {
          const label = mediaLabel(named);
          const okText = label
            ? t('status.okFor', { statusCode: String(statusCode), media: label })
            : t('status.ok', { statusCode: String(statusCode) });
          return { fill: 'green', shape: 'dot', text: unverified ? t('tls.okStatus', { status: okText }) : okText };
        };
        showStatus();
        send([finish(msg, report, result, media), null]);
      } else {
        const { errorCode, statusCode } = result;
        const label = mediaLabel(media);
        resting = () => {
          const short =
            errorCode === 'HTTP'
              ? t('status.http', { statusCode: String(statusCode) })
              : errorCode === 'TIMEOUT'
                ? t('status.timeout')
                : shown(error ?? t('status.failed'), 40);
          return {
            fill: 'red',
            shape: 'ring',
            text: label ? t('status.failedFor', { problem: short, media: printable(label, 20) }) : short,
          };
        };
        showStatus();
        const failure = { method: request.method, url: request.safeUrl, media: label, error: String(error), count: result.attempts };
        node.warn(shown(t(label ? 'warnings.requestFailedFor' : 'warnings.requestFailed', failure)));
        send([null, finish(msg, report, result, media)]);
      }
    };

    /** Runs a message whose turn has come; the queue starts the next one when this settles. */
    const start = (job: Job): Promise<void> => {
      if (queue.queued === 0) overflowing = false;
      return messages.run(() => handle(job.msg, job.send), job.done);
    };

    /** A message the full queue cannot take: output 2 says so; it is never dropped silently. */
    const refuse = (job: Job): void => {
      const error = t('errors.queueFull', { inFlight: queue.inFlight, queued: queue.queued });
      if (!overflowing) {
        overflowing = true;
        node.warn(t('warnings.queueFull', { error }));
      }
      const { msg } = job;
      const media = mediaOf(msg);
      const mediaType = media ? resolveMediaType(media, msg.topic) : 'movie';
      const report: WebhookReport = {
        ok: false,
        statusCode: null,
        method: config.method,
        url: '',
        mediaType,
        durationMs: 0,
        attempts: 0,
        error,
        errorCode: 'QUEUE_FULL',
      };
      job.send([null, finish(msg, report, {}, media)]);
      job.done();
    };

    node.on('input', (msg, send, done) => {
      const job: Job = { msg: msg as OutMessage, send: send as Send, done };
      const admission = queue.offer(job);
      if (admission === 'full') refuse(job);
      else if (admission === 'queued') showStatus();
    });

    // Aborting ends every request and backoff wait at once; messages still waiting are completed with an
    // error (they were never sent); close completes only after each aborted message called done().
    node.on('close', (_removed: boolean, done: () => void) => {
      const ended = messages.close();
      const unsent = queue.close();
      clearTimeout(statusTimer);
      node.status({});
      for (const job of unsent) job.done(new Error(t('errors.closedWhileQueued')));
      ended.then(() => dispatcher.destroy()).then(done, done);
    });
  }

  RED.nodes.registerType<WebhookNode, WebhookNodeDef, unknown, WebhookCredentials>('jellynext-webhook', JellyNextWebhookNode, {
    credentials: WEBHOOK_CREDENTIALS,
  });
  registerTestEndpoint(RED);
};
