import type { Node, NodeAPI } from 'node-red';
import type { TlsOptions } from '../../src/http/tls';
import { printable } from '../../src/util/printable';
import type { Catalog } from './catalog';

/**
 * The TLS settings of a core `tls-config` node, as plain options for `src/`. The core node reads its
 * files and credentials at deploy and fills Node's TLS options with `addTLSOptions` (05-tls.js): this
 * takes only the fields `src/` knows from what it fills.
 */
interface TlsConfigNode extends Node {
  /** False when the core node could not read its files (it has logged why). */
  readonly valid?: boolean;
  addTLSOptions(options: Record<string, unknown>): Record<string, unknown>;
}

export type TlsChoice =
  | { readonly ok: true; readonly tls: TlsOptions | undefined; readonly label: string }
  | { readonly ok: false; readonly problem: 'not-deployed' | 'invalid'; readonly label: string };

/** The editor's "none" and "add new" picker entries are not ids. */
function chosenId(id: unknown): string | undefined {
  return typeof id === 'string' && id !== '' && id !== '_ADD_' ? id : undefined;
}

function pem(value: unknown): string | Buffer | undefined {
  return typeof value === 'string' || Buffer.isBuffer(value) ? value : undefined;
}

/** The TLS settings of the `tls-config` node with this id (none chosen: no settings). */
export function tlsChoice(RED: NodeAPI, id: unknown): TlsChoice {
  const chosen = chosenId(id);
  if (chosen === undefined) return { ok: true, tls: undefined, label: '' };
  const found = RED.nodes.getNode(chosen) as TlsConfigNode | null;
  if (!found || typeof found.addTLSOptions !== 'function') return { ok: false, problem: 'not-deployed', label: chosen };
  const label = found.name || chosen;
  if (found.valid === false) return { ok: false, problem: 'invalid', label };
  const filled = found.addTLSOptions({});
  const tls: TlsOptions = {
    ca: pem(filled.ca),
    cert: pem(filled.cert),
    key: pem(filled.key),
    pfx: Buffer.isBuffer(filled.pfx) ? filled.pfx : undefined,
    passphrase: typeof filled.passphrase === 'string' ? filled.passphrase : undefined,
    servername: typeof filled.servername === 'string' ? filled.servername : undefined,
    // Only the core node's own checkbox turns verification off; anything but `false` keeps it on.
    rejectUnauthorized: filled.rejectUnauthorized !== false,
  };
  return { ok: true, tls, label };
}

/**
 * Why a chosen TLS configuration cannot be used, from the node's catalog (`tls.missing`, `tls.notDeployed`,
 * `tls.invalid`); `test`: said to a dialog's test button, where deploying it is the fix.
 */
export function tlsProblemText(t: Catalog, choice: Extract<TlsChoice, { ok: false }>, test: boolean): string {
  const key = choice.problem === 'invalid' ? 'invalid' : test ? 'notDeployed' : 'missing';
  return t(`tls.${key}`, { name: printable(choice.label, 40) });
}
