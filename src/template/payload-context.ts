import type { TemplateContext } from './compile';

export interface HeaderLike {
  readonly name: string;
  readonly value: string;
}

/**
 * How a payload is escaped follows the Content-Type the user chose: JSON unless a header says
 * otherwise, form encoding for forms, and plain substitution for any other type.
 */
export function payloadContext(headers: readonly HeaderLike[]): TemplateContext {
  const header = headers.find((h) => h.name.trim().toLowerCase() === 'content-type');
  const type = header?.value.trim().toLowerCase() ?? '';
  if (type === '' || type.includes('json')) return 'json';
  if (type.startsWith('application/x-www-form-urlencoded')) return 'form';
  return 'text';
}
