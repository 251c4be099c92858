import type { NodeAPI } from 'node-red';

/** A text of one node type's message catalog (`locales/<lang>/<type>.json`), with `__name__` values filled in. */
export type Catalog = (key: string, values?: Record<string, string | number>) => string;

export function catalog(RED: NodeAPI, type: string): Catalog {
  return (key, values) => RED._(`${type}.${key}`, values);
}
