import { checkTemplate, type TemplateCheck } from '../../src/template/check';
import type { TemplateContext } from '../../src/template/compile';
import { payloadContext, type HeaderLike } from '../../src/template/payload-context';
import { SECRET_MARKER } from '../../src/webhook/config';

export interface PayloadCheck {
  readonly context: TemplateContext;
  readonly check: TemplateCheck;
}

/**
 * The payload checked as deploy checks it, escaped as its Content-Type row says. A saved secret value is
 * unknown in the editor (it reads as the marker): such a Content-Type counts as not given, and the dialog
 * warns about a secret Content-Type; the node uses the real value either way. `declared`: the custom fields.
 */
export function checkPayload(payload: string, headers: readonly HeaderLike[], declared: readonly string[] = []): PayloadCheck {
  const context = payloadContext(
    headers.map((header) => ({ name: header.name, value: header.value === SECRET_MARKER ? '' : header.value })),
  );
  return { context, check: checkTemplate(payload, context, declared) };
}
