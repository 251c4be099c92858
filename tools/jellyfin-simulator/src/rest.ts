import type { IncomingHttpHeaders } from 'node:http';
import type {
  GeneralCommandType,
  MediaType,
  PlaystateCommand,
  PublicSystemInfo,
  SystemInfo,
} from '@jellyfin/sdk/lib/generated-client/models';
import { authenticate, queryValue, readCredentials, type Caller, type ServerIdentity, type TokenSource } from './auth';
import type { Directory, SimUser } from './directory';
import {
  emptyResponse,
  errorResponse,
  isJsonContentType,
  jsonResponse,
  problemResponse,
  rawJsonResponse,
  type SimResponse,
} from './http-io';
import { fullItemDto, type ItemDtoContext } from './item-dto';
import type { Library } from './library';
import { sessionListJson } from './session-dto';
import type { SessionManager, SimSession } from './sessions';
import { userItemDataDto, type UserDataStore } from './user-data';
import { userListJson } from './user-dto';
import type { VersionTraits } from './versions';
import { parseGuid, ZERO_GUID } from './wire';

/** The REST endpoints of docs/jellyfin-api.md §6, with its status codes and bodies. */

export interface RestContext {
  readonly traits: VersionTraits;
  readonly legacyAuth: boolean;
  readonly directory: Directory;
  readonly library: Library;
  readonly userData: UserDataStore;
  readonly sessions: SessionManager;
  readonly server: ServerIdentity;
  readonly itemContext: ItemDtoContext;
  readonly clock: () => number;
  readonly localAddress: () => string;
  readonly port: () => number;
  readonly onUserDataChanged: (userId: string, itemId: string) => void;
}

export interface RestRequest {
  readonly method: string;
  /** Path below the base path, percent-decoded, starting with `/`. */
  readonly route: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly remoteEndPoint: string;
}

export interface RestResult {
  readonly response: SimResponse;
  readonly tokenSource?: TokenSource;
  readonly authorized?: boolean;
}

interface AnonymousCall {
  readonly ctx: RestContext;
  readonly req: RestRequest;
  readonly params: readonly string[];
}

interface Call extends AnonymousCall {
  readonly caller: Caller;
}

type Route = {
  readonly methods: readonly string[];
  /** Literal segments (lower case) and `*` for a parameter. */
  readonly pattern: readonly string[];
  readonly available?: (traits: VersionTraits) => boolean;
} & ({ readonly anonymous: (call: AnonymousCall) => SimResponse } | { readonly handle: (call: Call) => SimResponse });

const MEDIA_TYPES = ['Unknown', 'Video', 'Audio', 'Photo', 'Book'] as const satisfies readonly MediaType[];

const GENERAL_COMMANDS = [
  'MoveUp',
  'MoveDown',
  'MoveLeft',
  'MoveRight',
  'PageUp',
  'PageDown',
  'PreviousLetter',
  'NextLetter',
  'ToggleOsd',
  'ToggleContextMenu',
  'Select',
  'Back',
  'TakeScreenshot',
  'SendKey',
  'SendString',
  'GoHome',
  'GoToSettings',
  'VolumeUp',
  'VolumeDown',
  'Mute',
  'Unmute',
  'ToggleMute',
  'SetVolume',
  'SetAudioStreamIndex',
  'SetSubtitleStreamIndex',
  'ToggleFullscreen',
  'DisplayContent',
  'GoToSearch',
  'DisplayMessage',
  'SetRepeatMode',
  'ChannelUp',
  'ChannelDown',
  'Guide',
  'ToggleStats',
  'PlayMediaSource',
  'PlayTrailers',
  'SetShuffleQueue',
  'PlayState',
  'PlayNext',
  'ToggleOsdMenu',
  'Play',
  'SetMaxStreamingBitrate',
  'SetPlaybackOrder',
] as const satisfies readonly GeneralCommandType[];

const PLAYSTATE_COMMANDS = [
  'Stop',
  'Pause',
  'Unpause',
  'NextTrack',
  'PreviousTrack',
  'Seek',
  'Rewind',
  'FastForward',
  'PlayPause',
] as const satisfies readonly PlaystateCommand[];

const ROUTES: readonly Route[] = [
  { methods: ['GET'], pattern: ['system', 'info', 'public'], anonymous: publicSystemInfo },
  { methods: ['GET', 'POST'], pattern: ['system', 'ping'], anonymous: () => jsonResponse('Jellyfin Server') },
  { methods: ['GET'], pattern: ['system', 'info'], handle: systemInfo },
  { methods: ['GET'], pattern: ['sessions'], handle: getSessions },
  { methods: ['POST'], pattern: ['sessions', 'playing'], handle: (call) => playbackReport(call, 'start') },
  { methods: ['POST'], pattern: ['sessions', 'playing', 'progress'], handle: (call) => playbackReport(call, 'progress') },
  { methods: ['POST'], pattern: ['sessions', 'playing', 'stopped'], handle: (call) => playbackReport(call, 'stopped') },
  { methods: ['POST'], pattern: ['sessions', '*', 'playing', '*'], handle: playstateCommand },
  { methods: ['POST'], pattern: ['sessions', '*', 'message'], handle: messageCommand },
  { methods: ['POST'], pattern: ['sessions', 'capabilities'], handle: postCapabilities },
  // §6.4: POST /Items/{id} (metadata update) and DELETE /Items/{id} exist in every version and are not
  // simulated; they are routed so that 10.8, which has no GET on that path, answers it with 405.
  { methods: ['POST', 'DELETE'], pattern: ['items', '*'], handle: () => notSimulated() },
  // §6.4 / §6.5: the user-less routes exist from 10.9; the /Users/{userId}/… routes in every version.
  {
    methods: ['GET'],
    pattern: ['items', '*'],
    available: (t) => t.hasUserlessItemRoutes,
    handle: (call) => getItem(call, call.params[0]!, queryValue(call.req.query, 'userId')),
  },
  { methods: ['GET'], pattern: ['users'], handle: getUsers },
  { methods: ['GET'], pattern: ['users', '*', 'items', '*'], handle: (call) => getItem(call, call.params[1]!, call.params[0]!) },
  {
    methods: ['POST', 'DELETE'],
    pattern: ['userplayeditems', '*'],
    available: (t) => t.hasUserlessItemRoutes,
    handle: (call) => setPlayed(call, call.params[0]!, queryValue(call.req.query, 'userId')),
  },
  {
    methods: ['POST', 'DELETE'],
    pattern: ['users', '*', 'playeditems', '*'],
    handle: (call) => setPlayed(call, call.params[1]!, call.params[0]!),
  },
];

function matches(route: Route, segments: readonly string[]): string[] | undefined {
  if (route.pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const expected = route.pattern[i]!;
    if (expected === '*') params.push(segments[i]!);
    else if (expected !== segments[i]!.toLowerCase()) return undefined;
  }
  return params;
}

/** Routing is case-insensitive and ignores a trailing slash; an unknown path is 404, a wrong verb 405. */
export function handleRest(ctx: RestContext, req: RestRequest): RestResult {
  const segments = req.route.split('/').filter((segment) => segment !== '');
  let pathMatched = false;
  for (const route of ROUTES) {
    if (route.available && !route.available(ctx.traits)) continue;
    const params = matches(route, segments);
    if (!params) continue;
    pathMatched = true;
    if (!route.methods.includes(req.method)) continue;
    const credentials = readCredentials(req.headers, req.query, ctx.traits, ctx.legacyAuth);
    if ('anonymous' in route) {
      // §6.6: anonymous endpoints never look at the token.
      return { response: route.anonymous({ ctx, req, params }), tokenSource: credentials.source };
    }
    const auth = authenticate(credentials, ctx.directory, ctx.server);
    // §6: missing or invalid token on an [Authorize] endpoint → 401, empty body.
    if (!auth.ok) return { response: emptyResponse(401), tokenSource: credentials.source, authorized: false };
    return { response: route.handle({ ctx, req, params, caller: auth.caller }), tokenSource: credentials.source, authorized: true };
  }
  return { response: emptyResponse(pathMatched ? 405 : 404) };
}

function bindError(call: Call, name: string, value: string): SimResponse {
  return problemResponse(call.ctx.traits, 400, { [name]: [`The value '${value}' is not valid.`] });
}

/** `RequestHelpers.GetSession`: the caller's own session is created or refreshed (§6.2, §6.5). */
function callerSession(call: Call, user: SimUser | undefined = call.caller.user): SimSession {
  const { caller } = call;
  return call.ctx.sessions.logActivity({
    client: caller.client,
    version: caller.version,
    deviceId: caller.deviceId,
    deviceName: caller.device,
    remoteEndPoint: call.req.remoteEndPoint,
    user,
  });
}

/**
 * `RequestHelpers.GetSessionId`, which Message, Playing/{command} and Sessions/Capabilities call
 * first: on 10.9.0–10.9.2 an API key has no user and `GetUserById(Guid.Empty)` throws → 400 (§11).
 */
function requestingSession(call: Call): SimSession | SimResponse {
  if (call.ctx.traits.apiKeyCallerSessionFails && call.caller.kind === 'apiKey' && call.caller.user === undefined)
    return errorResponse(400);
  return callerSession(call);
}

function notSimulated(): SimResponse {
  return { status: 501, contentType: 'text/plain; charset=utf-8', body: 'not simulated' };
}

function publicSystemInfo({ ctx }: AnonymousCall): SimResponse {
  return jsonResponse({
    LocalAddress: ctx.localAddress(),
    ServerName: ctx.server.name,
    Version: ctx.server.version,
    ProductName: 'Jellyfin Server',
    OperatingSystem: ctx.traits.operatingSystem,
    Id: ctx.server.id,
    StartupWizardCompleted: true,
  } satisfies PublicSystemInfo);
}

function systemInfo({ ctx }: Call): SimResponse {
  const legacy = ctx.traits.operatingSystem !== '';
  return jsonResponse({
    OperatingSystemDisplayName: legacy ? 'Linux' : '',
    HasPendingRestart: false,
    IsShuttingDown: false,
    SupportsLibraryMonitor: true,
    WebSocketPortNumber: ctx.port(),
    CompletedInstallations: [],
    CanSelfRestart: true,
    CanLaunchWebBrowser: false,
    ProgramDataPath: '/config',
    WebPath: '/jellyfin/jellyfin-web',
    ItemsByNamePath: '/config/metadata',
    CachePath: '/cache',
    LogPath: '/config/log',
    InternalMetadataPath: '/config/metadata',
    TranscodingTempPath: '/cache/transcodes',
    CastReceiverApplications: [],
    HasUpdateAvailable: false,
    EncoderLocation: 'System',
    SystemArchitecture: 'X64',
    LocalAddress: ctx.localAddress(),
    ServerName: ctx.server.name,
    Version: ctx.server.version,
    ProductName: 'Jellyfin Server',
    OperatingSystem: ctx.traits.operatingSystem,
    Id: ctx.server.id,
    StartupWizardCompleted: true,
  } satisfies SystemInfo);
}

/** §6.1 `GET /Sessions` with its filters and per-version quirks. */
function getSessions(call: Call): SimResponse {
  const { ctx, req, caller } = call;
  const controllableText = queryValue(req.query, 'controllableByUserId');
  let controllable: string | undefined;
  if (controllableText !== undefined && controllableText !== '') {
    controllable = parseGuid(controllableText);
    if (controllable === undefined) return bindError(call, 'controllableByUserId', controllableText);
  }
  const activeText = queryValue(req.query, 'activeWithinSeconds');
  let activeWithin: number | undefined;
  if (activeText !== undefined && activeText !== '') {
    if (!/^\s*[+-]?\d+\s*$/.test(activeText)) return bindError(call, 'activeWithinSeconds', activeText);
    activeWithin = Number.parseInt(activeText, 10);
  }
  const deviceId = queryValue(req.query, 'deviceId');

  let list = ctx.sessions.list();
  const filterControllable = controllable !== undefined && controllable !== ZERO_GUID;
  if (filterControllable) {
    list = list.filter((session) => session.supportsRemoteControl);
    const user = ctx.directory.user(controllable);
    if (!user) return ctx.traits.unknownControllingUserIs404 ? emptyResponse(404) : rawJsonResponse('[]');
    // Users without "remote control of other users" (here: non-admins) only control their own or user-less sessions.
    if (!user.admin) list = list.filter((session) => session.userId === ZERO_GUID || session.hasUser(user.id));
  }
  if (deviceId !== undefined && deviceId !== '') {
    const wanted = deviceId.toLowerCase();
    list = list.filter((session) => session.deviceId.toLowerCase() === wanted);
  }
  // 10.8 bug: activeWithinSeconds only together with controllableByUserId.
  if (activeWithin !== undefined && activeWithin > 0 && (!ctx.traits.activeWithinNeedsControllable || filterControllable)) {
    const since = ctx.clock() - activeWithin * 1000;
    list = list.filter((session) => session.lastActivity >= since);
  }
  if (caller.kind === 'user' && !caller.isAdmin && !ctx.traits.usersSeeAllSessions) {
    const own = caller.user!.id;
    list = list.filter((session) => session.userId === ZERO_GUID || session.hasUser(own));
  }
  return rawJsonResponse(sessionListJson(list, ctx.traits.restSessionShape, ctx.itemContext));
}

/** §6.8 `GET /Users?isDisabled=`: what a client needs to find a user id by name. */
function getUsers(call: Call): SimResponse {
  const { ctx, req } = call;
  const disabledText = queryValue(req.query, 'isDisabled');
  let isDisabled: boolean | undefined;
  if (disabledText !== undefined && disabledText !== '') {
    const lower = disabledText.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') return bindError(call, 'isDisabled', disabledText);
    isDisabled = lower === 'true';
  }
  return jsonResponse(userListJson(ctx.directory.users.values(), ctx.server.id, ctx.server.name, isDisabled));
}

/** §6.2 `POST /Sessions/{id}/Playing/{command}`. */
function playstateCommand(call: Call): SimResponse {
  const { ctx, req, params, caller } = call;
  const [sessionId, commandText] = params as [string, string];
  const command = parseEnum(PLAYSTATE_COMMANDS, commandText);
  if (command === undefined) return bindError(call, 'command', commandText);
  const seekText = queryValue(req.query, 'seekPositionTicks');
  let seek: number | undefined;
  if (seekText !== undefined && seekText !== '') {
    if (!/^\s*[+-]?\d+\s*$/.test(seekText)) return bindError(call, 'seekPositionTicks', seekText);
    seek = Number.parseInt(seekText, 10);
  }
  const controllingUserId = queryValue(req.query, 'controllingUserId');
  const own = requestingSession(call);
  if ('status' in own) return own;
  const target = ctx.sessions.get(sessionId);
  if (!target) return errorResponse(404);
  // No ownership check (AssertCanControl only null-checks); 204 even when nobody receives it.
  ctx.sessions.send(target, 'Playstate', {
    Command: command,
    SeekPositionTicks: seek,
    ControllingUserId: controllingUserId !== undefined && controllingUserId !== '' ? controllingUserId : caller.user?.id,
  });
  return emptyResponse(204);
}

/** An ASP.NET enum route value: names case-insensitively, or a defined number. */
function parseEnum<T extends string>(names: readonly T[], text: string): T | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return names[Number.parseInt(trimmed, 10)];
  return names.find((name) => name.toLowerCase() === trimmed.toLowerCase());
}

type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: SimResponse };

/** `[FromBody]` binding: JSON media type (else 415), non-empty, an object; property names case-insensitive. */
function jsonBody(call: Call): BodyResult {
  const { req, ctx } = call;
  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType)) return { ok: false, response: problemResponse(ctx.traits, 415) };
  if (req.body.trim() === '')
    return { ok: false, response: problemResponse(ctx.traits, 400, { '': ['A non-empty request body is required.'] }) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return { ok: false, response: problemResponse(ctx.traits, 400, { $: ['The JSON value could not be converted.'] }) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, response: problemResponse(ctx.traits, 400, { $: ['The JSON value could not be converted.'] }) };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Incoming REST JSON: property names match case-insensitively (§0.1). */
function property(body: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** A `long?` from JSON; Jellyfin's options also read numbers written as strings. Undefined = absent, NaN = invalid. */
function optionalLong(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return Number.NaN;
}

/** §6.3 `POST /Sessions/{id}/Message`. */
function messageCommand(call: Call): SimResponse {
  const { ctx, params } = call;
  const body = jsonBody(call);
  if (!body.ok) return body.response;
  const header = property(body.value, 'Header');
  const text = property(body.value, 'Text');
  const timeout = optionalLong(property(body.value, 'TimeoutMs'));
  if (
    (header !== undefined && header !== null && typeof header !== 'string') ||
    (text !== undefined && text !== null && typeof text !== 'string')
  ) {
    return problemResponse(ctx.traits, 400, { $: ['The JSON value could not be converted.'] });
  }
  if (Number.isNaN(timeout))
    return problemResponse(ctx.traits, 400, {
      '$.TimeoutMs': ['The JSON value could not be converted to System.Nullable`1[System.Int64].'],
    });
  // [Required(AllowEmptyStrings = false)]: missing, empty or whitespace → 400.
  if (typeof text !== 'string' || text.trim() === '') return problemResponse(ctx.traits, 400, { Text: ['The Text field is required.'] });
  const own = requestingSession(call);
  if ('status' in own) return own;
  const target = ctx.sessions.get(params[0]!);
  if (!target) return errorResponse(404);
  const args: Record<string, string> = {
    Header: typeof header === 'string' && header.trim() !== '' ? header : 'Message from Server',
    Text: text,
  };
  if (timeout !== undefined) args.TimeoutMs = String(timeout);
  ctx.sessions.send(target, 'GeneralCommand', { Name: 'DisplayMessage', ControllingUserId: ZERO_GUID, Arguments: args });
  return emptyResponse(204);
}

/**
 * `POST /Sessions/Capabilities?playableMediaTypes=&supportedCommands=&supportsMediaControl=`: the caller's
 * session (created when missing) gets these capabilities and `CapabilitiesChanged` forces a `Sessions`
 * push on every call (`SessionManager.ReportCapabilities`, the same in v10.8.13 … v12.0-rc5).
 */
function postCapabilities(call: Call): SimResponse {
  const { req } = call;
  // `CommaDelimitedCollectionModelBinder` skips values that do not convert to the enum.
  const list = <T extends string>(name: string, known: readonly T[]): T[] =>
    (queryValue(req.query, name) ?? '').split(',').flatMap((part) => parseEnum(known, part) ?? []);
  const flag = (name: string, fallback: boolean) => {
    const value = queryValue(req.query, name);
    return value === undefined || value === '' ? fallback : value.toLowerCase() === 'true';
  };
  const target = queryValue(req.query, 'id');
  let session: SimSession | SimResponse | undefined;
  if (target !== undefined && target.trim() !== '') session = call.ctx.sessions.get(target);
  else session = requestingSession(call);
  if (session === undefined) return errorResponse(404);
  if ('status' in session) return session;
  call.ctx.sessions.reportCapabilities(session, {
    playableMediaTypes: list('playableMediaTypes', MEDIA_TYPES),
    supportedCommands: list('supportedCommands', GENERAL_COMMANDS),
    supportsMediaControl: flag('supportsMediaControl', false),
    supportsPersistentIdentifier: flag('supportsPersistentIdentifier', true),
  });
  return emptyResponse(204);
}

/**
 * `RequestHelpers.GetUserId` + `GetUserById` (§6.4): an omitted (or empty) userId means the caller's
 * user; another user needs an admin (403); the API key's user is Guid.Empty → ArgumentException → 400;
 * an unknown user → 404 with an empty body.
 */
function resolveUser(call: Call, requested: string | undefined): SimUser | SimResponse {
  const own = call.caller.user?.id ?? ZERO_GUID;
  const target = requested === undefined || requested === ZERO_GUID ? own : requested;
  if (target !== own && !call.caller.isAdmin) return errorResponse(403);
  if (target === ZERO_GUID) return errorResponse(400);
  return call.ctx.directory.user(target) ?? emptyResponse(404);
}

function isResponse(value: SimUser | SimResponse): value is SimResponse {
  return 'status' in value;
}

function parseIds(call: Call, itemText: string, userText: string | undefined): { itemId: string; userId?: string } | SimResponse {
  const itemId = parseGuid(itemText);
  if (itemId === undefined) return bindError(call, 'itemId', itemText);
  if (userText === undefined || userText === '') return { itemId };
  const userId = parseGuid(userText);
  if (userId === undefined) return bindError(call, 'userId', userText);
  return { itemId, userId };
}

/** §6.4 `GET /Items/{id}?userId=` and `GET /Users/{userId}/Items/{id}`: the full item with `UserData`. */
function getItem(call: Call, itemText: string, userText: string | undefined): SimResponse {
  const { ctx } = call;
  const ids = parseIds(call, itemText, userText);
  if ('status' in ids) return ids;
  if (ctx.traits.legacyItemLookupThrows) {
    // 10.8: no null checks — an unknown user or item fails inside the controller (500, [unverified]).
    const user = ctx.directory.user(ids.userId);
    const item = ctx.library.get(ids.itemId);
    if (!user || !item) return errorResponse(500);
    return jsonResponse(fullItemDto(item, ctx.itemContext, ctx.userData.get(user.id, item.id)));
  }
  const user = resolveUser(call, ids.userId);
  if (isResponse(user)) return user;
  const item = ctx.library.get(ids.itemId);
  if (!item) return emptyResponse(404);
  return jsonResponse(fullItemDto(item, ctx.itemContext, ctx.userData.get(user.id, item.id)));
}

/** §6.5 mark played (POST) / unplayed (DELETE): 200 with `UserItemDataDto`. */
function setPlayed(call: Call, itemText: string, userText: string | undefined): SimResponse {
  const { ctx, req } = call;
  const ids = parseIds(call, itemText, userText);
  if ('status' in ids) return ids;
  let user: SimUser;
  let sessionUser: SimUser | undefined;
  if (ctx.traits.hasUserlessItemRoutes) {
    const resolved = resolveUser(call, ids.userId);
    if (isResponse(resolved)) return resolved;
    user = resolved;
    // `RequestHelpers.GetSession(…, userId)`: the caller's session now carries the target user (§6.5).
    sessionUser = resolved;
  } else {
    const found = ctx.directory.user(ids.userId);
    if (!found) return emptyResponse(404);
    user = found;
    sessionUser = call.caller.user;
  }
  const item = ctx.library.get(ids.itemId);
  if (!item) return emptyResponse(404);
  let datePlayed = ctx.clock();
  const dateText = queryValue(req.query, 'datePlayed');
  if (req.method === 'POST' && dateText !== undefined && dateText !== '') {
    const parsed = Date.parse(dateText);
    if (Number.isNaN(parsed)) return bindError(call, 'datePlayed', dateText);
    datePlayed = parsed;
  }
  callerSession(call, sessionUser);
  const mark = (id: string) => {
    const data = req.method === 'POST' ? ctx.userData.markPlayed(user.id, id, datePlayed) : ctx.userData.markUnplayed(user.id, id);
    ctx.onUserDataChanged(user.id, id);
    return data;
  };
  // `Folder.MarkPlayed/MarkUnplayed` sweep the folder's non-folder descendants; the folder's own data is only read back.
  if (item.isFolder) {
    for (const child of ctx.library.descendants(item.id)) mark(child.id);
    return jsonResponse(userItemDataDto(item, ctx.userData.get(user.id, item.id)));
  }
  return jsonResponse(userItemDataDto(item, mark(item.id)));
}

/** §6.7 a player's own reports; the session is always the caller's. */
function playbackReport(call: Call, kind: 'start' | 'progress' | 'stopped'): SimResponse {
  const { ctx } = call;
  const body = jsonBody(call);
  if (!body.ok) return body.response;
  const itemText = property(body.value, 'ItemId');
  const itemId = typeof itemText === 'string' ? parseGuid(itemText) : undefined;
  if (typeof itemText === 'string' && itemText !== '' && itemId === undefined) {
    return problemResponse(ctx.traits, 400, { '$.ItemId': ['The JSON value could not be converted to System.Guid.'] });
  }
  const position = optionalLong(property(body.value, 'PositionTicks'));
  const paused = property(body.value, 'IsPaused');
  const muted = property(body.value, 'IsMuted');
  const volume = optionalLong(property(body.value, 'VolumeLevel'));
  const report = {
    positionTicks: position !== undefined && !Number.isNaN(position) ? position : undefined,
    isPaused: typeof paused === 'boolean' ? paused : undefined,
    isMuted: typeof muted === 'boolean' ? muted : undefined,
    volumeLevel: volume !== undefined && !Number.isNaN(volume) ? volume : undefined,
  };
  const session = callerSession(call);
  const item = itemId === undefined ? session.nowPlaying?.item : ctx.library.get(itemId);
  if (kind === 'stopped') {
    ctx.sessions.stopped(session, report.positionTicks);
  } else if (item && (kind === 'start' || session.nowPlaying?.item.id !== item.id)) {
    ctx.sessions.start(session, item, report);
  } else {
    ctx.sessions.progress(session, report);
  }
  return emptyResponse(204);
}
