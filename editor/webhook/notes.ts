import { compileTemplate } from '../../src/template/compile';
import { headerNameProblem, looksSecretHeaderName } from '../../src/webhook/header-names';
import { t, type HeaderRow } from './model';

/**
 * What the dialog says next to a URL or a header row, read with the runtime's own template compiler and
 * header-name rule: `{tmbdId}` is not a placeholder (did you mean {tmdbId}?), a name HTTP does not allow,
 * a token in a plain value.
 */
export interface Note {
  readonly level: 'warn' | 'error';
  readonly text: string;
  /** Offer the one-click switch of the row to a secret value. */
  readonly makeSecret?: boolean;
}

function placeholderNotes(text: string, context: 'url' | 'header', key: string, declared: readonly string[]): Note[] {
  return compileTemplate(text, context, [], declared).warnings.map((warning) => ({
    level: 'warn',
    text: t(key, { message: warning.message }),
  }));
}

export function urlNotes(url: string | undefined, declared: readonly string[]): Note[] {
  return url === undefined ? [] : placeholderNotes(url, 'url', 'notes.url', declared);
}

export function headerRowNotes(row: HeaderRow, declared: readonly string[]): Note[] {
  const notes: Note[] = [];
  const name = compileTemplate(row.name, 'header');
  // A name with placeholders is checked once rendered, by the node; one without is checked at deploy.
  const problem = name.isConstant && row.name !== '' ? headerNameProblem(row.name) : undefined;
  if (problem) notes.push({ level: 'error', text: t('notes.badName', { problem }) });
  notes.push(...placeholderNotes(row.name, 'header', 'notes.name', declared));
  if (row.type === 'str') {
    notes.push(...placeholderNotes(row.value, 'header', 'notes.value', declared));
    if (row.value !== '' && looksSecretHeaderName(row.name))
      notes.push({ level: 'warn', text: t('notes.looksSecret', { name: row.name }), makeSecret: true });
  }
  return notes;
}
