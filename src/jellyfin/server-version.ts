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
 * 10.9.0 – 10.10.7 silently refuse `SessionsStart` from an API key (docs/jellyfin-api.md §3.4 and §11,
 * jellyfin/jellyfin#13479): the check reads `User.HasPermission` before `IsApiKey`, and an API key
 * has no user. Such servers must be polled.
 */
export function refusesApiKeySubscriptions(version: string): boolean {
  const v = parseVersion(version);
  return v !== undefined && atLeast(v, [10, 9, 0]) && !atLeast(v, [10, 11, 0]);
}

/**
 * 10.9.0 – 10.9.2 answer 400 to every call that logs the caller's session (Message, Playing/Stop,
 * Sessions/Capabilities) when the caller is an API key: `GetUserById(Guid.Empty)` throws
 * (docs/jellyfin-api.md §11; fixed in 10.9.3 by jellyfin/jellyfin#11738). Nothing a client can do about it.
 */
export function refusesApiKeyRemoteControl(version: string | undefined): boolean {
  const v = version === undefined ? undefined : parseVersion(version);
  return v !== undefined && atLeast(v, [10, 9, 0]) && !atLeast(v, [10, 9, 3]);
}
