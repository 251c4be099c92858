import type { ItemDto } from '../jellyfin/dto';

/**
 * Series look-ups for episodes, kept for a while: every Play of a season placeholder of the same
 * show needs the same series, and concurrent plays share one request.
 */
export class SeriesCache {
  private readonly entries = new Map<string, { readonly at: number; readonly item: Promise<ItemDto | undefined> }>();

  constructor(
    private readonly fetch: (seriesId: string, userId: string | undefined) => Promise<ItemDto>,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  get(seriesId: string, userId: string | undefined): Promise<ItemDto | undefined> {
    const key = `${seriesId}|${userId ?? ''}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.item;
    const item = this.fetch(seriesId, userId).catch(() => {
      // A failed look-up is not cached: the next Play asks again. The caller falls back to the path.
      this.entries.delete(key);
      return undefined;
    });
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), item });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return item;
  }
}
