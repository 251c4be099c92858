/**
 * Seeded source of the ids Jellyfin draws at random (`Guid.NewGuid()`: user ids, message ids, the server
 * id, API keys), so two simulators started with the same seed hand out the same ids in the same order.
 * Ids Jellyfin derives from data (sessions, items) come from `md5Guid` in wire.ts instead.
 */
export class IdSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A version-4 Guid in "N" format (the shape `Guid.NewGuid().ToString("N")` has). */
  guid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += this.next32().toString(16).padStart(8, '0');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 12)}4${hex.slice(13, 16)}${variant}${hex.slice(17)}`;
  }

  /** mulberry32: small, fast and good enough for ids. */
  private next32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}
