/**
 * The parts of Jellyfin's DTOs this package reads (fact sheet §5, §7, §8). Jellyfin writes PascalCase,
 * omits nulls and writes ids without dashes; every field may be missing, so all are optional.
 */
export interface ItemDto {
  readonly Id: string;
  readonly Name?: string;
  readonly Type?: string;
  readonly Path?: string;
  readonly ProviderIds?: Readonly<Record<string, string>>;
  readonly ProductionYear?: number;
  readonly PremiereDate?: string;
  readonly Genres?: readonly string[];
  readonly Tags?: readonly string[];
  readonly OriginalTitle?: string;
  readonly ProductionLocations?: readonly string[];
  /** 12.0+ only. */
  readonly OriginalLanguage?: string;
  readonly SeriesId?: string;
  readonly SeriesName?: string;
  readonly ParentIndexNumber?: number;
  readonly IndexNumber?: number;
  readonly RunTimeTicks?: number;
}

export interface PlayStateDto {
  readonly PositionTicks?: number;
  readonly IsPaused?: boolean;
}

export interface SessionDto {
  readonly Id: string;
  readonly UserId?: string;
  readonly UserName?: string;
  readonly Client?: string;
  readonly DeviceName?: string;
  readonly DeviceId?: string;
  readonly NowPlayingItem?: ItemDto;
  readonly PlayState?: PlayStateDto;
  readonly IsActive?: boolean;
  readonly SupportsRemoteControl?: boolean;
}

export interface SystemInfoDto {
  readonly ServerName: string;
  readonly Version: string;
  readonly Id?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSession(value: unknown): value is SessionDto {
  return isRecord(value) && typeof value.Id === 'string' && (value.NowPlayingItem === undefined || isItem(value.NowPlayingItem));
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
