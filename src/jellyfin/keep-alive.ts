/** The KeepAlive interval until the server's `ForceKeepAlive` gives its own timeout. */
export const DEFAULT_KEEPALIVE_MS = 30_000;

/**
 * `ForceKeepAlive` Data: the server's lost-socket timeout in seconds (Jellyfin sends 60, §2.2), clamped
 * to 5–3600 s, because a value such as `1e999` or `0.0001` would otherwise make the client send
 * hundreds of KeepAlives a second, or declare the socket silent at once.
 */
export function keepAliveSeconds(data: unknown): number {
  if (typeof data !== 'number' || !Number.isFinite(data) || data <= 0) return 60;
  return Math.min(3600, Math.max(5, data));
}

/**
 * The socket's heartbeat: a KeepAlive every interval, and a socket silent for two intervals is
 * presumed dead (half-open TCP) and handed back to be replaced.
 */
export class KeepAlive {
  private interval: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;

  constructor(
    private readonly beat: () => void,
    private readonly onSilent: () => void,
  ) {}

  /** A frame came in, or the socket opened: it is alive now. */
  heard(): void {
    this.lastFrameAt = Date.now();
  }

  schedule(intervalMs: number): void {
    this.stop();
    this.interval = setInterval(() => {
      if (Date.now() - this.lastFrameAt > intervalMs * 2 + 1_000) {
        this.onSilent();
        return;
      }
      this.beat();
    }, intervalMs);
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }
}
