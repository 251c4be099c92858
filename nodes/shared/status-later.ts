import type { Node, NodeStatus } from 'node-red';

/**
 * How long a status update waits. Wording a status (i18n with plurals) and Node-RED's status event cost
 * a few hundred µs when a play is rare and the code is cold, and undici writes a request on a reused
 * keep-alive connection only in the next turn of the event loop: an update run at once, or from
 * setImmediate, runs before that write and delays the request. A few ms later, it runs after.
 */
export const STATUS_DELAY_MS = 10;

/**
 * A node's status, shown off the message's path: `show` words it STATUS_DELAY_MS later, replacing an
 * update still waiting, so a later outcome never gives way to an earlier "working" text. `cancel` on close.
 */
export class StatusLater {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly node: Pick<Node, 'status'>) {}

  show(status: () => NodeStatus): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.node.status(status());
    }, STATUS_DELAY_MS);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
