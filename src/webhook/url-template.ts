import { maskPlaceholders, PLACEHOLDER_MARK } from '../template/placeholder-syntax';

// Anchored, and the lazy run cannot pass a `/`, so this reads at most up to the first slash.
const SCHEME_PREFIX = /^[^/?#]*?:\/\//;

/**
 * The authority (`user@host:port`) of a URL template as written: after `scheme://`, up to the first
 * `/`, `?` or `#`; without a scheme, the start of the template.
 */
function authorityOf(template: string): string {
  const text = template.trim();
  const prefix = SCHEME_PREFIX.exec(text);
  const rest = prefix ? text.slice(prefix[0].length) : text;
  const end = rest.search(/[/?#\\]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** True when a placeholder decides where the request goes: a value could send it, and its secrets, to another host. */
export function placeholderInHost(template: string): boolean {
  return authorityOf(maskPlaceholders(template)).includes(PLACEHOLDER_MARK);
}
