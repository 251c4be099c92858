/**
 * The parts of Jellyfin's DTOs this package reads (docs/jellyfin-api.md §5, §7, §8), typed against the models
 * `@jellyfin/sdk` generates from Jellyfin's OpenAPI, so a field that is renamed or retyped upstream
 * fails the type-check here and in every reader. Type imports only: the SDK is a devDependency and
 * nothing of it reaches dist/ (test/e2e/package-install.test.ts checks that).
 *
 * SDK 1.0.0 is the release for Jellyfin 12.x, the newest server we support. Its models for these
 * DTOs differ from 0.13.0 (10.11) only in fields we do not read (`OriginalLanguage`,
 * `AlbumNormalizationGain`, `SessionInfoDto.NowPlayingQueueFullItems`, a required
 * `UserItemDataDto.Key`), and older servers write the same names for the fields we read (§3.3).
 *
 * Jellyfin writes PascalCase, omits nulls and writes ids without dashes; every field may be missing.
 * A proxy or fork may still write `null`, and the SDK does not mark every such field nullable, so
 * each field we read is typed as the SDK types it, or `null`: a null field is an absent field.
 */
import { isObject } from '../util/guards';
import type {
  BaseItemDto,
  PlayerStateInfo,
  SessionInfoDto,
  SessionUserInfo,
  SystemInfo,
  UserDto as SdkUserDto,
} from '@jellyfin/sdk/lib/generated-client/models';

/** Fields K of SDK model T, read-only, each possibly missing or null on the wire. */
type Wire<T, K extends keyof T> = { readonly [P in K]?: T[P] | null };

/** Fields K of SDK model T that our guards check, so present and not null. */
type Checked<T, K extends keyof T> = { readonly [P in K]-?: NonNullable<T[P]> };

/** Field K of SDK model T, holding our own narrower view R of the nested DTO. */
type Nested<T, K extends keyof T, R> = { readonly [P in K]?: R | null };

export type ItemDto = Checked<BaseItemDto, 'Id'> &
  Wire<
    BaseItemDto,
    | 'Name'
    | 'Type'
    | 'Path'
    | 'ProviderIds'
    | 'ProductionYear'
    | 'PremiereDate'
    | 'Genres'
    | 'Tags'
    | 'OriginalTitle'
    | 'ProductionLocations'
    // 12.0+ only.
    | 'OriginalLanguage'
    | 'SeriesId'
    | 'SeriesName'
    | 'ParentIndexNumber'
    | 'IndexNumber'
    | 'RunTimeTicks'
  >;

export type PlayStateDto = Wire<PlayerStateInfo, 'PositionTicks' | 'IsPaused'>;

/** One of a session's `AdditionalUsers` (a second user watching on the same screen). */
export type SessionUserDto = Wire<SessionUserInfo, 'UserId' | 'UserName'>;

export type SessionDto = Checked<SessionInfoDto, 'Id'> &
  Wire<
    SessionInfoDto,
    'UserId' | 'UserName' | 'Client' | 'DeviceName' | 'DeviceId' | 'IsActive' | 'SupportsRemoteControl' | 'SupportedCommands'
  > &
  Nested<SessionInfoDto, 'AdditionalUsers', readonly SessionUserDto[]> &
  Nested<SessionInfoDto, 'NowPlayingItem', ItemDto> &
  Nested<SessionInfoDto, 'PlayState', PlayStateDto>;

/** A user of `GET /Users` (§6.8): its id and name, nothing else is read. */
export type UserDto = Checked<SdkUserDto, 'Id' | 'Name'>;

/** `GET /System/Info` (the authenticated one; `PublicSystemInfo` has the same three fields). */
export type SystemInfoDto = Checked<SystemInfo, 'ServerName' | 'Version'> & Wire<SystemInfo, 'Id'>;

/** Told the path of each field that had the wrong type and was dropped (`NowPlayingItem.Genres`). */
export type MalformedField = (field: string) => void;

type FieldCheck = (value: unknown) => boolean;
const isString: FieldCheck = (value) => typeof value === 'string';
const isFiniteNumber: FieldCheck = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: FieldCheck = (value) => typeof value === 'boolean';

const ITEM_FIELDS: Readonly<Record<Exclude<keyof ItemDto, 'Id' | 'Genres' | 'Tags' | 'ProductionLocations' | 'ProviderIds'>, FieldCheck>> =
  {
    Name: isString,
    Type: isString,
    Path: isString,
    PremiereDate: isString,
    OriginalTitle: isString,
    OriginalLanguage: isString,
    SeriesId: isString,
    SeriesName: isString,
    ProductionYear: isFiniteNumber,
    ParentIndexNumber: isFiniteNumber,
    IndexNumber: isFiniteNumber,
    RunTimeTicks: isFiniteNumber,
  };
const ITEM_LISTS = ['Genres', 'Tags', 'ProductionLocations'] as const satisfies ReadonlyArray<keyof ItemDto>;

const SESSION_FIELDS: Readonly<
  Record<'UserId' | 'UserName' | 'Client' | 'DeviceName' | 'DeviceId' | 'IsActive' | 'SupportsRemoteControl', FieldCheck>
> = {
  UserId: isString,
  UserName: isString,
  Client: isString,
  DeviceName: isString,
  DeviceId: isString,
  IsActive: isBoolean,
  SupportsRemoteControl: isBoolean,
};
const PLAY_STATE_FIELDS: Readonly<Record<keyof PlayStateDto, FieldCheck>> = { PositionTicks: isFiniteNumber, IsPaused: isBoolean };

/**
 * The fields of `value` that fail their check, removed (null counts as absent and stays). The object
 * itself is returned when nothing is wrong, so the common case copies nothing.
 */
function withoutMalformed(
  value: Record<string, unknown>,
  checks: Readonly<Record<string, FieldCheck>>,
  where: string,
  report?: MalformedField,
): Record<string, unknown> {
  let clean: Record<string, unknown> | undefined;
  for (const field in checks) {
    const fieldValue = value[field];
    if (fieldValue === undefined || fieldValue === null || checks[field]!(fieldValue)) continue;
    clean ??= { ...value };
    delete clean[field];
    report?.(`${where}.${field}`);
  }
  return clean ?? value;
}

/** A list of labels keeps its strings; anything else in it, or a list that is not one, is dropped. */
function cleanLists(item: Record<string, unknown>, where: string, report?: MalformedField): Record<string, unknown> {
  let clean: Record<string, unknown> | undefined;
  for (const field of ITEM_LISTS) {
    const list = item[field];
    if (list === undefined || list === null || (Array.isArray(list) && list.every(isString))) continue;
    clean ??= { ...item };
    if (Array.isArray(list)) clean[field] = list.filter(isString);
    else delete clean[field];
    report?.(`${where}.${field}`);
  }
  const ids = item.ProviderIds;
  if (ids !== undefined && ids !== null && !(isObject(ids) && Object.values(ids).every((id) => id === null || isString(id)))) {
    clean ??= { ...item };
    if (isObject(ids)) clean.ProviderIds = Object.fromEntries(Object.entries(ids).filter(([, id]) => isString(id)));
    else delete clean.ProviderIds;
    report?.(`${where}.ProviderIds`);
  }
  return clean ?? item;
}

/**
 * An item as Jellyfin (or a proxy, a fork, a hostile library) sent it: undefined without a string `Id`;
 * otherwise every field of the wrong type is dropped and reported, and the rest is kept.
 */
export function readItem(value: unknown, where = 'item', report?: MalformedField): ItemDto | undefined {
  if (!isObject(value) || typeof value.Id !== 'string') return undefined;
  return cleanLists(withoutMalformed(value, ITEM_FIELDS, where, report), where, report) as ItemDto;
}

/**
 * The lists of a session that decide who sees a message: `SupportedCommands` keeps its strings,
 * `AdditionalUsers` its entries with a string `UserId`; a list that is not one is dropped.
 */
function cleanSessionLists(session: Record<string, unknown>, report?: MalformedField): Record<string, unknown> {
  let clean: Record<string, unknown> | undefined;
  const keep = { SupportedCommands: isString, AdditionalUsers: (entry: unknown) => isObject(entry) && isString(entry.UserId) };
  for (const [field, check] of Object.entries(keep)) {
    const list = session[field];
    if (list === undefined || list === null || (Array.isArray(list) && list.every(check))) continue;
    clean ??= { ...session };
    if (Array.isArray(list)) clean[field] = list.filter(check);
    else delete clean[field];
    report?.(`session.${field}`);
  }
  return clean ?? session;
}

/** A session: undefined without a string `Id`; a malformed field (a `NowPlayingItem` without an id too) is dropped, not the session. */
export function readSession(value: unknown, report?: MalformedField): SessionDto | undefined {
  if (!isObject(value) || typeof value.Id !== 'string') return undefined;
  let session = cleanSessionLists(withoutMalformed(value, SESSION_FIELDS, 'session', report), report);
  const playing = session.NowPlayingItem;
  if (playing !== undefined && playing !== null) {
    const item = readItem(playing, 'NowPlayingItem', report);
    if (item !== playing) {
      session = { ...session, NowPlayingItem: item };
      if (item === undefined) report?.('NowPlayingItem');
    }
  }
  const state = session.PlayState;
  if (state !== undefined && state !== null) {
    const clean = isObject(state) ? withoutMalformed(state, PLAY_STATE_FIELDS, 'PlayState', report) : undefined;
    if (clean !== state) {
      session = { ...session, PlayState: clean };
      if (clean === undefined) report?.('PlayState');
    }
  }
  return session as SessionDto;
}

export function isItem(value: unknown): value is ItemDto {
  return isObject(value) && typeof value.Id === 'string';
}

/** Sessions from a `GET /Sessions` answer or a `Sessions` frame; entries without an id are skipped, malformed fields dropped. */
export function sessionsFrom(value: unknown, report?: MalformedField): SessionDto[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const sessions: SessionDto[] = [];
  for (const entry of value) {
    const session = readSession(entry, report);
    if (session) sessions.push(session);
    else report?.('session.Id');
  }
  return sessions;
}

export function isSystemInfo(value: unknown): value is SystemInfoDto {
  return isObject(value) && typeof value.ServerName === 'string' && typeof value.Version === 'string';
}

/** The users of a `GET /Users` answer (§6.8); an entry without a string `Id` and `Name` is skipped. */
export function usersFrom(value: unknown): UserDto[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((entry): entry is UserDto => isObject(entry) && isString(entry.Id) && isString(entry.Name));
}
