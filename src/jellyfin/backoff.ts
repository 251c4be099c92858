/** Reconnect delays: exponential from `initialMs` to `maxMs`, each with up to 20 % jitter so many clients don't stampede a restarting server. */
export interface ReconnectPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { initialMs: 1_000, maxMs: 30_000 };

export function reconnectDelay(failures: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (0.8 + random() * 0.2));
}
