/** How this client introduces itself to Jellyfin (docs/jellyfin-api.md §1.2). */
export interface ClientIdentity {
  readonly client: string;
  readonly device: string;
  /** Stable per config node: Jellyfin keys the API-key socket's session on Client + DeviceId (§1.4). */
  readonly deviceId: string;
  readonly version: string;
}

/**
 * `MediaBrowser Client="…", Device="…", DeviceId="…", Version="…", Token="…"`. The server URL-decodes
 * each value, so each is URL-encoded here; Jellyfin 12 accepts only this header (or `ApiKey`).
 */
export function authorizationHeader(identity: ClientIdentity, token: string): string {
  const part = (key: string, value: string) => `${key}="${encodeURIComponent(value)}"`;
  return [
    `MediaBrowser ${part('Client', identity.client)}`,
    part('Device', identity.device),
    part('DeviceId', identity.deviceId),
    part('Version', identity.version),
    part('Token', token),
  ].join(', ');
}
