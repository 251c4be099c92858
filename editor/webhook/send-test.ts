import type { MediaType } from '../../src/media';
import { SECRET_MARKER } from '../../src/webhook/config';
import { pickedTls } from '../shared';
import { flowProperties, MEDIA_TYPES, t, type DialogState } from './model';

/** "Send test": the node's test endpoint sends the sample request with the dialog's unsaved settings. */

interface TestAnswer {
  ok?: boolean;
  /** Sent with a TLS configuration whose "Verify server certificate" is off. */
  unverified?: boolean;
  statusCode?: number;
  durationMs?: number;
  error?: string;
  response?: { body?: unknown };
}

/** What the endpoint needs: typed secrets, and null for "the deployed node's saved value" (rows and URLs holding the marker). */
function requestBody(node: EditorNode, media: MediaType, state: DialogState): Record<string, unknown> {
  const slots: Record<number, string | null> = {};
  for (const row of state.secretRows) if (row.slot !== undefined) slots[row.slot] = row.state === 'typed' ? row.value : null;
  const urls: Partial<Record<MediaType, string | null>> = {};
  for (const m of MEDIA_TYPES) {
    const url = state.urls[m];
    if (url.secret) urls[m] = url.text ?? null;
  }
  const body: Record<string, unknown> = {
    id: node.id,
    mediaType: media,
    config: flowProperties(state),
    secretHeaders: { movie: state.typed.movie, show: state.typed.show },
    secretSlots: slots,
    secretUrls: urls,
  };
  body.tls = pickedTls('node-input-tls').id;
  const signing = String($('#node-input-signingSecret').val() ?? '');
  if (signing !== '' && signing !== SECRET_MARKER) body.signingSecret = signing;
  return body;
}

function answerText(answer: TestAnswer): string {
  if (typeof answer.statusCode !== 'number') return answer.error || t('test.noAnswer');
  // The error of a plain non-2xx answer only repeats the status ("HTTP 500 …"): shown once.
  const extra = answer.ok !== true && !!answer.error && !answer.error.startsWith(`HTTP ${answer.statusCode}`);
  return t(extra ? 'test.answerError' : 'test.answer', {
    statusCode: answer.statusCode,
    durationMs: answer.durationMs,
    error: answer.error,
  });
}

export function sendTest(node: EditorNode, media: MediaType, state: DialogState, closed: () => boolean): void {
  const button = $(`#jellynext-${media}-send`).prop('disabled', true);
  const result = $(`#jellynext-${media}-test-result`).removeClass('jellynext-ok jellynext-error').text(t('test.sending'));
  const response = $(`#jellynext-${media}-test-response`).empty();
  const pending = pickedTls('node-input-tls').pending;
  const timeout = Number(state.timeout);
  $.ajax({
    url: 'jellynext-webhook/test',
    type: 'POST',
    contentType: 'application/json; charset=utf-8',
    dataType: 'json',
    data: JSON.stringify(requestBody(node, media, state)),
    timeout: (timeout > 0 ? timeout * 1000 : 10000) + 5000,
  })
    .done((raw) => {
      if (closed()) return;
      const answer = (raw ?? {}) as TestAnswer;
      const ok = answer.ok === true;
      const notes = [answer.unverified === true ? t('tls.status') : '', pending ? t('tls.pending') : ''].filter((note) => note !== '');
      const text = t(ok ? 'test.ok' : 'test.failed', { text: answerText(answer) });
      result.addClass(ok ? 'jellynext-ok' : 'jellynext-error').text(notes.length > 0 ? `${text} (${notes.join(' ')})` : text);
      const replied = answer.response?.body;
      if (replied !== undefined && replied !== null && replied !== '')
        response.text(typeof replied === 'string' ? replied : JSON.stringify(replied, null, 2));
    })
    .fail((xhr, status, error) => {
      if (closed()) return;
      const detail = xhr.responseJSON?.error || error || status || t('test.noAnswer');
      result
        .addClass('jellynext-error')
        .text(xhr.status ? t('test.requestFailedHttp', { status: xhr.status, detail }) : t('test.requestFailed', { detail }));
    })
    .always(() => button.prop('disabled', false));
}
