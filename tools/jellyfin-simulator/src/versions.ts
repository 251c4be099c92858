/**
 * What differs between the Jellyfin releases the simulator can play (docs/jellyfin-api.md, version by version).
 * Every switch names the section it comes from; nothing else in the simulator looks at version numbers.
 */

export type JellyfinVersion = '10.8.13' | '10.9.1' | '10.10.5' | '10.10.7' | '10.11.7' | '12.0.0';

export const SUPPORTED_VERSIONS: readonly JellyfinVersion[] = ['10.8.13', '10.9.1', '10.10.5', '10.10.7', '10.11.7', '12.0.0'];

/** Who may `SessionsStart` (§3.4). */
export type SubscribeRule =
  /** 10.8: no check. */
  | 'anyone'
  /**
   * 10.9.0–10.10.7: admin users only; an API key fails (NullReferenceException, silent). 10.10.6 meant
   * to let API keys in, but evaluates `User.HasPermission` before `IsApiKey` (§3.4, §11).
   */
  | 'admin-user'
  /** 10.11+: anyone; non-admin users only see their own sessions. */
  | 'anyone-filtered'
  /** Not a Jellyfin release: a fork or regression that takes `SessionsStart` and never pushes (issue 8). */
  | 'nobody';

/** Raw `SessionInfo` or `SessionInfoDto` (§3.3); `raw-10.8` also carries `FullNowPlayingItem`. */
export type SessionShape = 'raw-10.8' | 'raw' | 'dto';

export interface VersionTraits {
  readonly version: string;
  /** §1.2: the `EnableLegacyAuthorization` switch exists (10.11+); before that legacy methods always work. */
  readonly hasLegacyAuthSwitch: boolean;
  /** §1.2: default of that switch (10.11 true, 12.0 false). */
  readonly legacyAuthDefault: boolean;
  /** §1.2: 10.11+ read `Authorization` first; 10.8–10.10 prefer `X-Emby-Authorization`. */
  readonly authorizationHeaderFirst: boolean;
  /** §6.4/§6.5: `/Items/{id}` and `/UserPlayedItems/{id}` exist from 10.9. */
  readonly hasUserlessItemRoutes: boolean;
  /**
   * §11: 10.9.0–10.9.2 `RequestHelpers.GetSession` calls `GetUserById(Guid.Empty)` for an API key →
   * ArgumentException → 400 on Message, Playing/{command} and Sessions/Capabilities (fixed in 10.9.3).
   */
  readonly apiKeyCallerSessionFails: boolean;
  /** §6.4: 10.8 has no null checks on `/Users/{uid}/Items/{id}` (unknown → 500, unverified). */
  readonly legacyItemLookupThrows: boolean;
  /** §1.4: 10.11+ bind every socket (also API keys) to a session keyed by Client + DeviceId. */
  readonly socketBindsApiKeySession: boolean;
  /** §1.4: ≤10.10 a `deviceId` query parameter overrides the device id of a user-token socket. */
  readonly socketDeviceIdQuery: boolean;
  readonly subscribeRule: SubscribeRule;
  /** §3.3 element shape of WebSocket `Sessions` frames. */
  readonly socketSessionShape: SessionShape;
  /** §3.3 element shape of `GET /Sessions`. */
  readonly restSessionShape: SessionShape;
  /** §2.1 10.8 writes `MessageType` first; 10.9+ `MessageId, Data, MessageType`. */
  readonly frameLayout: 'messageType-first' | 'messageId-first';
  /** §2.2 12.0 disposes sockets the keep-alive watchdog finds lost; 10.x only stops watching them. */
  readonly closesLostSockets: boolean;
  /** §6.1 10.8 bug: `activeWithinSeconds` only applies together with `controllableByUserId`. */
  readonly activeWithinNeedsControllable: boolean;
  /** §6.1 `controllableByUserId` naming an unknown user: 10.9 answered 404, 10.10+ `[]`. */
  readonly unknownControllingUserIs404: boolean;
  /** §6.1 10.8: every authenticated user sees every session. */
  readonly usersSeeAllSessions: boolean;
  /** §6.6 `OperatingSystem` is obsolete and `""` since 10.9. */
  readonly operatingSystem: string;
  /** ASP.NET Core problem-details `type` for a 400 (.NET 6 in 10.8, .NET 8+ later). */
  readonly badRequestType: string;
}

/** Numeric comparison of dotted versions ("10.10.5" < "10.11.0" < "12.0.0"). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export function traitsFor(version: string): VersionTraits {
  const atLeast = (other: string) => compareVersions(version, other) >= 0;
  if (!atLeast('10.8.0')) throw new RangeError(`Jellyfin ${version} is older than anything the fact sheet covers (10.8+)`);
  let subscribeRule: SubscribeRule = 'anyone';
  if (atLeast('10.11.0')) subscribeRule = 'anyone-filtered';
  else if (atLeast('10.9.0')) subscribeRule = 'admin-user';
  const is108 = !atLeast('10.9.0');
  return {
    version,
    hasLegacyAuthSwitch: atLeast('10.11.0'),
    legacyAuthDefault: !atLeast('12.0.0'),
    authorizationHeaderFirst: atLeast('10.11.0'),
    hasUserlessItemRoutes: !is108,
    apiKeyCallerSessionFails: atLeast('10.9.0') && !atLeast('10.9.3'),
    legacyItemLookupThrows: is108,
    socketBindsApiKeySession: atLeast('10.11.0'),
    socketDeviceIdQuery: !atLeast('10.11.0'),
    subscribeRule,
    socketSessionShape: is108 ? 'raw-10.8' : atLeast('10.11.7') ? 'dto' : 'raw',
    restSessionShape: is108 ? 'raw-10.8' : atLeast('10.10.0') ? 'dto' : 'raw',
    frameLayout: is108 ? 'messageType-first' : 'messageId-first',
    closesLostSockets: atLeast('12.0.0'),
    activeWithinNeedsControllable: is108,
    unknownControllingUserIs404: atLeast('10.9.0') && !atLeast('10.10.0'),
    usersSeeAllSessions: is108,
    operatingSystem: is108 ? 'Linux' : '',
    badRequestType: is108 ? 'https://tools.ietf.org/html/rfc7231#section-6.5.1' : 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  };
}
