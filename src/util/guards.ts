/** A plain object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown, as text. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
