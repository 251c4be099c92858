import type { BaseItemDto, ItemFields, MediaSourceInfo, NameGuidPair } from '@jellyfin/sdk/lib/generated-client/models';
import type { SimItem } from './library';
import { userItemDataDto, type UserItemData } from './user-data';
import { jsonDate, md5Guid } from './wire';

/**
 * `BaseItemDto` as Jellyfin writes it (§5.1, §6.4, §7): PascalCase, absent values left `undefined` so
 * they are omitted, ids in "N" format. Property order follows the DTO's declaration order roughly;
 * order is not a contract. Typed against `@jellyfin/sdk`'s models (Jellyfin 12.0's OpenAPI), so a
 * field name or type that is not Jellyfin's fails the type-check.
 */

export interface ItemDtoContext {
  readonly serverId: string;
  /** 12.0 added `BaseItemDto.OriginalLanguage` (DtoService.cs v12.0-rc5:1126); older servers never write it. */
  readonly writesOriginalLanguage: boolean;
}

/**
 * `ItemFields` that `SessionManager.GetItemInfo` removes from the now-playing DTO's options (§5.1); the
 * simulator drops the DTO properties of the same names. An approximation: `Settings` also governs
 * `LockedFields` and `LockData`, which real servers then leave out and the simulator keeps.
 */
const NOW_PLAYING_REMOVED = [
  'CanDelete',
  'CanDownload',
  'ChildCount',
  'CustomRating',
  'DateLastMediaAdded',
  'DateLastRefreshed',
  'DateLastSaved',
  'DisplayPreferencesId',
  'Etag',
  'ItemCounts',
  'MediaSourceCount',
  'MediaStreams',
  'MediaSources',
  'People',
  'PlayAccess',
  'ProductionLocations',
  'RecursiveItemCount',
  'RemoteTrailers',
  'SeasonUserData',
  'Settings',
  'SortName',
  'Tags',
] as const satisfies readonly ItemFields[];

function nameIdPairs(kind: string, names: readonly string[]): NameGuidPair[] {
  return names.map((name) => ({ Name: name, Id: md5Guid(`${kind}${name.toLowerCase()}`) }));
}

function fileName(path: string): string {
  return path.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '');
}

function isVideo(item: SimItem): boolean {
  return item.type === 'Movie' || item.type === 'Episode' || item.type === 'Video';
}

/** `MediaSourceInfo` for a video: a `.strm` shortcut plays its target (§7.2). */
function mediaSource(item: SimItem): MediaSourceInfo {
  const target = item.shortcutTarget ?? item.path;
  const remote = target !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  return {
    Protocol: remote ? 'Http' : 'File',
    Id: item.id,
    Path: target,
    Type: 'Default',
    Container: item.shortcutTarget !== undefined ? undefined : item.container,
    Name: item.path === undefined ? item.name : fileName(item.path),
    IsRemote: remote,
    RunTimeTicks: item.runTimeTicks,
    ReadAtNativeFramerate: false,
    IgnoreDts: false,
    IgnoreIndex: false,
    GenPtsInput: false,
    SupportsTranscoding: true,
    SupportsDirectStream: true,
    SupportsDirectPlay: true,
    IsInfiniteStream: false,
    RequiresOpening: false,
    RequiresClosing: false,
    RequiresLooping: false,
    SupportsProbing: true,
    VideoType: 'VideoFile',
    MediaStreams: [],
    MediaAttachments: [],
    Formats: [],
    RequiredHttpHeaders: {},
    TranscodingSubProtocol: 'http',
    HasSegments: false,
  };
}

/**
 * The full DTO of `GET /Items/{id}` (all fields, §6.4). `userData` adds `UserData` (requests made
 * for a user); the now-playing variant is derived from this one.
 */
export function fullItemDto(item: SimItem, ctx: ItemDtoContext, userData?: UserItemData): BaseItemDto {
  const video = isVideo(item);
  return {
    Name: item.name,
    OriginalTitle: item.originalTitle,
    OriginalLanguage: ctx.writesOriginalLanguage ? item.originalLanguage : undefined,
    ServerId: ctx.serverId,
    Id: item.id,
    Etag: md5Guid(`etag${item.id}${item.dateCreated}`),
    DateCreated: jsonDate(item.dateCreated),
    CanDelete: false,
    CanDownload: video,
    Container: item.container,
    SortName: item.name.toLowerCase(),
    PremiereDate: item.premiereDate === undefined ? undefined : jsonDate(item.premiereDate),
    ExternalUrls: [],
    MediaSources: video ? [mediaSource(item)] : undefined,
    Path: item.path,
    EnableMediaSourceDisplay: true,
    OfficialRating: item.officialRating,
    Overview: item.overview,
    Taglines: [],
    Genres: [...item.genres],
    CommunityRating: item.communityRating,
    RunTimeTicks: item.runTimeTicks,
    PlayAccess: 'Full',
    // DtoService writes ProductionLocations for a movie always, for other items only when there are some.
    ProductionLocations: item.productionLocations.length > 0 || item.type === 'Movie' ? [...item.productionLocations] : undefined,
    ProductionYear: item.productionYear,
    IndexNumber: item.indexNumber,
    ParentIndexNumber: item.parentIndexNumber,
    RemoteTrailers: [],
    ProviderIds: { ...item.providerIds },
    IsFolder: item.isFolder,
    ParentId: item.parentId,
    Type: item.type,
    People: [],
    Studios: nameIdPairs('Studio', item.studios),
    GenreItems: nameIdPairs('Genre', item.genres),
    LocalTrailerCount: video ? 0 : undefined,
    UserData: userData === undefined ? undefined : userItemDataDto(item, userData),
    SeriesName: item.seriesName,
    SeriesId: item.seriesId,
    SeasonId: item.seasonId,
    SpecialFeatureCount: 0,
    DisplayPreferencesId: md5Guid(`dp${item.id}`),
    Status: item.status,
    AirDays: item.type === 'Series' ? [] : undefined,
    Tags: [...item.tags],
    SeasonName: item.seasonName,
    MediaStreams: video ? [] : undefined,
    VideoType: video ? 'VideoFile' : undefined,
    ImageTags: {},
    BackdropImageTags: [],
    Chapters: video ? [] : undefined,
    LocationType: item.locationType,
    MediaType: video ? 'Video' : 'Unknown',
    LockedFields: [],
    LockData: false,
  };
}

/**
 * `SessionInfo.NowPlayingItem` (§5.1): built with all fields, then the listed ones removed; no
 * `UserData`; `MediaStreams` re-added from the played source; `RunTimeTicks` is the source's runtime.
 */
export function nowPlayingItemDto(item: SimItem, ctx: ItemDtoContext): BaseItemDto {
  const dto = fullItemDto(item, ctx);
  const fields: Partial<Record<ItemFields, unknown>> = dto;
  for (const field of NOW_PLAYING_REMOVED) delete fields[field];
  if (isVideo(item)) dto.MediaStreams = [];
  return dto;
}

/**
 * 10.8's `FullNowPlayingItem`: the internal `BaseItem` serialized as-is (§3.3). The sheet does not list
 * its fields; this is a plausible subset of the entity's public properties.
 */
export function internalItemJson(item: SimItem, ctx: ItemDtoContext): Record<string, unknown> {
  return {
    Size: 0,
    Container: item.container,
    IsHD: false,
    IsShortcut: item.shortcutTarget !== undefined,
    ShortcutPath: item.shortcutTarget,
    Width: 0,
    Height: 0,
    ExtraIds: [],
    DateLastSaved: jsonDate(item.dateCreated),
    RemoteTrailers: [],
    SupportsExternalTransfer: false,
    Name: item.name,
    Id: item.id,
    IsInMixedFolder: item.type === 'Movie',
    Path: item.path,
    Genres: [...item.genres],
    Tags: [...item.tags],
    ProviderIds: { ...item.providerIds },
    ProductionYear: item.productionYear,
    PremiereDate: item.premiereDate === undefined ? undefined : jsonDate(item.premiereDate),
    RunTimeTicks: item.runTimeTicks,
    IndexNumber: item.indexNumber,
    ParentIndexNumber: item.parentIndexNumber,
    ParentId: item.parentId,
    SeriesId: item.seriesId,
    SeriesName: item.seriesName,
    SeasonId: item.seasonId,
    SeasonName: item.seasonName,
    DateCreated: jsonDate(item.dateCreated),
    ServerId: ctx.serverId,
  };
}
