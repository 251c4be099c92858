import type { TemplateNotice } from '../../src/template/compile';
import type { MediaType } from '../../src/media';
import { SAMPLE_MOVIE, SAMPLE_SHOW } from '../../src/template/samples';
import { normalizeConfig } from '../../src/webhook/config';
import { WebhookRequestBuilder } from '../../src/webhook/request';
import { flowProperties, t, type DialogState } from './model';
import { markError } from './payload-editor';
import { checkPayload } from './payload-check';

/** Below each payload: whether it is valid and where not; and the request the sample media would make. */

function line(className: string, text: string): JQueryLike {
  return $('<div>').addClass(className).text(text);
}

function at(notice: TemplateNotice): string {
  return t('validation.at', { line: notice.line, column: notice.column, message: notice.message });
}

export function showValidation(media: MediaType, state: DialogState, editor: CodeEditor): void {
  const box = $(`#jellynext-${media}-validation`).empty();
  const payload = state.endpoints[media].payload;
  const { context, check } = checkPayload(payload, state.rows[media]);
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
}

/** The request for the sample movie or show, built by the runtime's own builder; secret values show as `***`. */
export function showPreview(media: MediaType, state: DialogState, signed: boolean): void {
  let text: string;
  let failed = false;
  try {
    const builder = new WebhookRequestBuilder(normalizeConfig(flowProperties(state)), state.preview);
    const outcome = builder.build(media === 'show' ? SAMPLE_SHOW : SAMPLE_MOVIE, undefined, media, new Date());
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
