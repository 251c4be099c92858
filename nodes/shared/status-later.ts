import type { Node, NodeStatus } from 'node-red';
import { DeferredLatest } from '../../src/util/deferred-latest';

/**
 * How long a status update waits. Wording a status (i18n with plurals) and Node-RED's status event cost
 * a few hundred µs when a play is rare and the code is cold, and undici writes a request on a reused
 * keep-alive connection only in the next turn of the event loop: an update run at once, or from
 * setImmediate, runs before that write and delays the request. A few ms later, it runs after.
 */
export const STATUS_DELAY_MS = 10;

/** A node's status, shown off the message's path, at most STATUS_DELAY_MS after it was asked for; `cancel` on close. */
export class StatusLater extends DeferredLatest<NodeStatus> {
  constructor(node: Pick<Node, 'status'>) {
    super((status) => node.status(status), STATUS_DELAY_MS);
  }
}
