import { compileTemplate, type TemplateNotice } from '../../src/template/compile';
import type { MediaType } from '../../src/media';
import { sampleMessage } from '../../src/template/custom-fields';
import { normalizeConfig } from '../../src/webhook/config';
import { WebhookRequestBuilder } from '../../src/webhook/request';
import { declaredNames, flowProperties, t, type DialogState } from './model';
import { markError } from './payload-editor';
import { checkPayload } from './payload-check';

/** Below each payload: whether it is valid and where not; and the request the sample media would make. */

function line(className: string, text: string): JQueryLike {
  return $('<div>').addClass(className).text(text);
}

function at(notice: TemplateNotice): string {
  return t('validation.at', { line: notice.line, column: notice.column, message: notice.message });
}

/** What the media type's URL, headers and payload take from the message beyond the built-ins, in order. */
function messageReads(media: MediaType, state: DialogState, declared: readonly string[], payloadReads: readonly string[]): string[] {
  const texts = [
    state.urls[media].text ?? '',
    ...state.rows[media].flatMap((row) => (row.type === 'str' ? [row.name, row.value] : [row.name])),
  ];
  const reads = new Set(texts.flatMap((text) => compileTemplate(text, 'header', [], declared).messageReads));
  for (const read of payloadReads) reads.add(read);
  return [...reads];
}

export function showValidation(media: MediaType, state: DialogState, editor: CodeEditor): void {
  const box = $(`#jellynext-${media}-validation`).empty();
  const payload = state.endpoints[media].payload;
  const declared = declaredNames(state);
  const { context, check } = checkPayload(payload, state.rows[media], declared);
  markError(editor, check.error);
  if (check.error) {
    const where = check.error.near ? t('validation.near', { at: at(check.error), near: check.error.near.trim() }) : at(check.error);
    box.append(line('jellynext-error', t('validation.error', { text: where })));
  } else if (payload.trim() === '') {
    box.append(line('jellynext-info', t('validation.empty')));
  } else {
    box.append(line('jellynext-ok', t(`validation.${context === 'json' || context === 'form' ? context : 'text'}`)));
  }
  for (const warning of check.warnings) box.append(line('jellynext-warn', t('validation.warning', { text: at(warning) })));
  for (const hint of check.hints) box.append(line('jellynext-info', t('validation.hint', { text: at(hint) })));
  const reads = messageReads(media, state, declared, check.messageReads);
  if (reads.length > 0) box.append(line('jellynext-info jellynext-from-message', t('validation.fromMessage', { names: reads.join(', ') })));
}

/**
 * The request for the sample movie or show, with the samples of the declared custom fields, built by the
 * runtime's own builder; secret values show as `***`.
 */
export function showPreview(media: MediaType, state: DialogState, signed: boolean): void {
  let text: string;
  let failed = false;
  try {
    const builder = new WebhookRequestBuilder(normalizeConfig(flowProperties(state)), state.preview);
    const message = sampleMessage(media, state.customFields.fields);
    const outcome = builder.build(message.payload, message.media, media, new Date(), message);
    if (outcome.ok) {
      const request = outcome.request;
      const lines = [`${request.method} ${state.urls[media].stored ? t('preview.secretUrl') : request.safeUrl}`];
      for (const [name, value] of request.safeHeaders) lines.push(`${name}: ${value}`);
      if (signed) lines.push(t('preview.signed'));
      lines.push('', request.body ?? t('preview.noBody'));
      text = lines.join('\n');
    } else {
      failed = true;
      text = outcome.error;
    }
  } catch (err) {
    failed = true;
    text = err instanceof Error ? err.message : String(err);
  }
  $(`#jellynext-${media}-preview`).text(text).toggleClass('jellynext-error', failed);
}
