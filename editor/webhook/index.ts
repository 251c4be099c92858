import { WebhookDialog } from './dialog';

/**
 * The `jellynext-webhook` dialog, bundled as `window.JellyNextWebhookEditor`: the .html's registerType call
 * opens it and calls its validators. Every rule and text it checks by comes from the runtime's own modules.
 */
export function open(node: EditorNode): WebhookDialog {
  const dialog = new WebhookDialog(node);
  dialog.prepare();
  return dialog;
}

export {
  validateHeaders,
  validateMethod,
  validateParallel,
  validatePayload,
  validateQueueSize,
  validateRateLimit,
  validateRetries,
  validateTimeout,
  validateUrl,
} from './validators';
