import type { Timers } from './timers';

/**
 * `UserDataChangeNotifier` (docs/jellyfin-api.md §4): user-data saves are collected and, 500 ms after the last
 * one, sent per user as `UserDataChanged` `{UserId, UserDataList}` to that user's sessions only.
 */
export class UserDataNotifier {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly delayMs: number,
    private readonly flush: (userId: string, itemIds: readonly string[]) => void,
  ) {}

  changed(userId: string, itemId: string): void {
    let items = this.pending.get(userId);
    if (!items) {
      items = new Set();
      this.pending.set(userId, items);
    }
    items.add(itemId);
    this.timers.clear(this.timer);
    this.timer = this.timers.timeout(() => this.flushAll(), this.delayMs);
  }

  private flushAll(): void {
    this.timer = undefined;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [userId, items] of batch) this.flush(userId, [...items]);
  }
}
