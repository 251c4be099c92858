/** `10.10.5` → [10, 10, 5]; anything unreadable → undefined. */
export function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/**
 * 10.9.0 – 10.10.5 silently refuse `SessionsStart` from an API key (fact sheet §3.4,
 * jellyfin/jellyfin#13479): such servers must be polled.
 */
export function refusesApiKeySubscriptions(version: string): boolean {
  const v = parseVersion(version);
  return v !== undefined && atLeast(v, [10, 9, 0]) && !atLeast(v, [10, 10, 6]);
}
