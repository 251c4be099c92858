import { compileTemplate, TemplateError, type TemplateContext, type TemplateNotice } from './compile';
import { collectValues } from './placeholders';
import { sampleFor } from './samples';

export interface TemplateCheck {
  readonly ok: boolean;
  readonly error?: TemplateNotice;
  readonly warnings: readonly TemplateNotice[];
  readonly hints: readonly TemplateNotice[];
  /** What it takes from the message beyond the built-ins (see CompiledTemplate.messageReads). */
  readonly messageReads: readonly string[];
}

const SAMPLE_TIME = new Date('2026-01-01T12:00:00.000Z');

/**
 * Checks a template the way deploy does: it must compile, and a JSON template rendered with the
 * sample movie and show must parse. `declared`: the node's custom fields (see compileTemplate).
 */
export function checkTemplate(source: string, context: TemplateContext, declared?: readonly string[]): TemplateCheck {
  try {
    const template = compileTemplate(source, context, [], declared);
    if (context === 'json' && !template.isEmpty) {
      for (const mediaType of ['movie', 'show'] as const) {
        const sample = sampleFor(mediaType);
        JSON.parse(template.render(collectValues(sample, undefined, mediaType, SAMPLE_TIME, { media: sample, payload: sample })));
      }
    }
    return { ok: true, warnings: template.warnings, hints: template.hints, messageReads: template.messageReads };
  } catch (err) {
    if (err instanceof TemplateError) {
      return { ok: false, error: { ...err.location, message: err.reason }, warnings: [], hints: [], messageReads: [] };
    }
    return { ok: false, error: { line: 1, column: 1, near: '', message: String(err) }, warnings: [], hints: [], messageReads: [] };
  }
}
