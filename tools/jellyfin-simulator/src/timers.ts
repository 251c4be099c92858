/**
 * Every timer the simulator starts goes through here, so `close()` can clear them all and leave no
 * handle behind.
 */
export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();

  timeout(callback: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        callback();
      },
      Math.max(0, ms),
    );
    this.handles.add(handle);
    return handle;
  }

  interval(callback: () => void, ms: number): NodeJS.Timeout {
    const handle = setInterval(callback, Math.max(1, ms));
    this.handles.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  /** Resolves after `ms`, or at once when `clearAll` runs first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.timeout(() => {
        this.sleepers.delete(handle);
        resolve();
      }, ms);
      this.sleepers.set(handle, resolve);
    });
  }

  clearAll(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
    const waiting = [...this.sleepers.values()];
    this.sleepers.clear();
    for (const resolve of waiting) resolve();
  }

  get size(): number {
    return this.handles.size;
  }
}
