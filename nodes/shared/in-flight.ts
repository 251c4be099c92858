import { setMaxListeners } from 'node:events';

/**
 * The messages a node is working on, and the one signal that cancels them all on close: Node-RED's close
 * handler must not finish before each of them called `done()`, and nothing may keep running after it.
 */
export class InFlight {
  private readonly closing = new AbortController();
  private readonly pending = new Set<Promise<void>>();

  constructor() {
    // Every message in flight listens to this one signal: many listeners are expected, not a leak.
    setMaxListeners(0, this.closing.signal);
  }

  get signal(): AbortSignal {
    return this.closing.signal;
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Runs one message's work and reports its end to Node-RED's `done` (an error as an Error). */
  run(work: () => Promise<void>, done: (err?: Error) => void): Promise<void> {
    // One promise per message: the callbacks run after `handled` is assigned, so they can remove it.
    const handled: Promise<void> = work().then(
      () => {
        this.pending.delete(handled);
        done();
      },
      (err: unknown) => {
        this.pending.delete(handled);
        done(err instanceof Error ? err : new Error(String(err)));
      },
    );
    this.pending.add(handled);
    return handled;
  }

  /** Cancels everything and resolves once every message in flight has ended. */
  close(): Promise<void> {
    this.closing.abort();
    return Promise.allSettled([...this.pending]).then(() => undefined);
  }
}
