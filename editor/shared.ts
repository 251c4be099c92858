/** Helpers every dialog module uses: its message catalog, the defaults of omitted properties, number checks. */

/** `t` for one node type's catalog (`locales/<lang>/<type>.json`), resolved in this package's namespace. */
export function catalog(type: string): (key: string, values?: Record<string, unknown>) => string {
  const prefix = `node-red-contrib-jellynext/${type}:${type}.`;
  return (key, values) => RED._(prefix + key, values);
}

/**
 * A flow may omit a property (the runtime then uses its default): show that default in the dialog, not an
 * empty or unchecked field that saving would turn into a real value.
 */
export function showOmittedDefaults(node: EditorNode, prefix: 'node-input' | 'node-config-input'): void {
  const defaults = node._def?.defaults ?? {};
  for (const [property, definition] of Object.entries(defaults)) {
    if (node[property] !== undefined || definition.type) continue;
    const input = $(`#${prefix}-${property}`);
    if (input.attr('type') === 'checkbox') input.prop('checked', definition.value === true);
    else input.val(String(definition.value));
  }
}

/** An omitted value passes (the runtime uses its default); anything else must be a number in range. */
export function numberIn(value: unknown, min: number, max: number): boolean {
  if (value === undefined || value === null) return true;
  const number = Number(value);
  return String(value).trim() !== '' && Number.isFinite(number) && number >= min && number <= max;
}

/** The `tls-config` node chosen in a dialog's picker (`_ADD_` is its "none" / "add new" entry). */
export interface TlsPick {
  readonly id: string | undefined;
  /**
   * The chosen configuration is new or has edits that are not deployed. A test button runs on the
   * runtime, which only has the deployed configuration (its uploaded certificates are credentials).
   */
  readonly pending: boolean;
}

export function pickedTls(inputId: string): TlsPick {
  const value = String($(`#${inputId}`).val() ?? '');
  if (value === '' || value === '_ADD_') return { id: undefined, pending: false };
  return { id: value, pending: RED.nodes.node(value)?.changed === true };
}
