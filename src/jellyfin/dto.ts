/**
 * The parts of Jellyfin's DTOs this package reads (fact sheet §5, §7, §8), typed against the models
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
import type { BaseItemDto, PlayerStateInfo, SessionInfoDto, SystemInfo } from '@jellyfin/sdk/lib/generated-client/models';

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

export type SessionDto = Checked<SessionInfoDto, 'Id'> &
  Wire<SessionInfoDto, 'UserId' | 'UserName' | 'Client' | 'DeviceName' | 'DeviceId' | 'IsActive' | 'SupportsRemoteControl'> &
  Nested<SessionInfoDto, 'NowPlayingItem', ItemDto> &
  Nested<SessionInfoDto, 'PlayState', PlayStateDto>;

/** `GET /System/Info` (the authenticated one; `PublicSystemInfo` has the same three fields). */
export type SystemInfoDto = Checked<SystemInfo, 'ServerName' | 'Version'> & Wire<SystemInfo, 'Id'>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A null `NowPlayingItem` means nothing plays; a malformed one (no id) drops the session. */
export function isSession(value: unknown): value is SessionDto {
  if (!isRecord(value) || typeof value.Id !== 'string') return false;
  const playing = value.NowPlayingItem;
  return playing === undefined || playing === null || isItem(playing);
}

export function isItem(value: unknown): value is ItemDto {
  return isRecord(value) && typeof value.Id === 'string';
}

/** Sessions from a `GET /Sessions` answer or a `Sessions` frame; malformed entries are skipped. */
export function sessionsFrom(value: unknown): SessionDto[] | undefined {
  return Array.isArray(value) ? value.filter(isSession) : undefined;
}

export function isSystemInfo(value: unknown): value is SystemInfoDto {
  return isRecord(value) && typeof value.ServerName === 'string' && typeof value.Version === 'string';
}
