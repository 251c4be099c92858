/**
 * The latest of a stream of updates, applied at most `delayMs` after the first one that waits. Updates that
 * come while one waits replace it but do not move its time, so a steady stream cannot postpone it for ever.
 * The value is made only when applied (`make`), so updates that are replaced cost nothing.
 */
export class DeferredLatest<T> {
  private timer: NodeJS.Timeout | undefined;
  private latest: (() => T) | undefined;

  constructor(
    private readonly apply: (value: T) => void,
    private readonly delayMs: number,
  ) {}

  show(make: () => T): void {
    this.latest = make;
    this.timer ??= setTimeout(() => {
      const pending = this.latest;
      this.timer = undefined;
      this.latest = undefined;
      if (pending) this.apply(pending());
    }, this.delayMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
  }
}
