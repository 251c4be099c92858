/**
 * The webhook bodies Radarr, Sonarr and Jellyseerr send when media has arrived, built field by field
 * from their sources, as their serializers write them:
 *
 * - Radarr v6.0.3.10276 (`src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs` `BuildOnDownloadPayload`,
 *   `WebhookImportPayload.cs`, `WebhookMovie.cs`, `WebhookMovieFile.cs`, `WebhookRemoteMovie.cs`) and Sonarr
 *   v4.0.13.2931 (`WebhookBase.cs` `BuildOnDownloadPayload` / `BuildOnImportCompletePayload`,
 *   `WebhookImportPayload.cs`, `WebhookImportCompletePayload.cs`, `WebhookSeries.cs`, `WebhookEpisode.cs`):
 *   Json.NET with camelCase names, nulls left out, `eventType` written as the enum's name ("Download",
 *   "Test"; `WebhookEventType` keeps its own naming), `Formatting.Indented`. "On Import", "On Upgrade" and
 *   "On Import Complete" all send `eventType: "Download"`.
 * - Jellyseerr v2.7.3 (`server/lib/notifications/agents/webhook.ts` with the default `jsonPayload` of
 *   `server/lib/settings/index.ts`, sent by `MediaRequestSubscriber.notifyAvailableMovie/Series`): every
 *   `{{key}}` is replaced inside a string, so ids are strings and unknown values `""`; the `{{media}}`
 *   and `{{request}}` keys become `media` and `request`, `{{issue}}`/`{{comment}}` become `null` when absent.
 */

export interface RadarrMovie {
  readonly id: number;
  readonly title: string;
  readonly year: number;
  readonly tmdbId: number;
  readonly imdbId?: string;
  readonly path: string;
}

const QUALITY = { quality: 'Bluray-1080p', qualityVersion: 1 };

/** Radarr's "On Import" webhook for a movie it has (the Test button's body with `eventType: 'Test'`). */
export function radarrImport(
  movie: RadarrMovie,
  options: { eventType?: 'Download' | 'Test'; isUpgrade?: boolean } = {},
): Record<string, unknown> {
  const file = `${movie.title} (${movie.year}) Bluray-1080p.mkv`;
  return {
    eventType: options.eventType ?? 'Download',
    instanceName: 'Radarr',
    applicationUrl: '',
    movie: {
      id: movie.id,
      title: movie.title,
      year: movie.year,
      releaseDate: `${movie.year}-10-15`,
      folderPath: movie.path,
      tmdbId: movie.tmdbId,
      imdbId: movie.imdbId ?? '',
      overview: 'An insomniac office worker and a soap salesman build a global organization.',
      genres: ['Drama'],
      images: [],
      tags: [],
      originalLanguage: { id: 1, name: 'English' },
    },
    remoteMovie: { tmdbId: movie.tmdbId, imdbId: movie.imdbId ?? '', title: movie.title, year: movie.year },
    movieFile: {
      id: 11,
      relativePath: file,
      path: `${movie.path}/${file}`,
      ...QUALITY,
      releaseGroup: 'GROUP',
      sceneName: `${movie.title}.${movie.year}.1080p.BluRay-GROUP`,
      indexerFlags: '0',
      size: 9_876_543_210,
      dateAdded: '2026-12-02T10:15:31Z',
      languages: [{ id: 1, name: 'English' }],
      sourcePath: `/downloads/${movie.title}.${movie.year}.1080p.BluRay-GROUP/${file}`,
    },
    isUpgrade: options.isUpgrade ?? false,
    downloadClient: 'qBittorrent',
    downloadClientType: 'qBittorrent',
    downloadId: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
    customFormatInfo: { customFormats: [], customFormatScore: 0 },
    release: { releaseTitle: `${movie.title}.${movie.year}.1080p.BluRay-GROUP`, indexer: 'Indexer', size: 9_876_543_210 },
  };
}

export interface SonarrSeries {
  readonly id: number;
  readonly title: string;
  readonly year: number;
  readonly tvdbId: number;
  readonly tmdbId?: number;
  readonly imdbId?: string;
  readonly path: string;
}

function sonarrSeries(series: SonarrSeries): Record<string, unknown> {
  return {
    id: series.id,
    title: series.title,
    titleSlug: series.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    path: series.path,
    tvdbId: series.tvdbId,
    tvMazeId: 169,
    tmdbId: series.tmdbId ?? 0,
    imdbId: series.imdbId ?? '',
    type: 'standard',
    year: series.year,
    genres: ['Drama', 'Crime'],
    images: [],
    tags: [],
    originalLanguage: { id: 1, name: 'English' },
    originalCountry: 'us',
  };
}

function sonarrEpisodes(series: SonarrSeries, season: number, episodes: readonly number[]): Array<Record<string, unknown>> {
  return episodes.map((episode) => ({
    id: season * 100 + episode,
    episodeNumber: episode,
    seasonNumber: season,
    title: `Episode ${episode}`,
    airDate: '2009-03-08',
    airDateUtc: '2009-03-09T02:00:00Z',
    seriesId: series.id,
    tvdbId: 400_000 + season * 100 + episode,
  }));
}

/** Sonarr's "On Import" webhook: one episode file. */
export function sonarrImport(
  series: SonarrSeries,
  season: number,
  episode: number,
  eventType: 'Download' | 'Test' = 'Download',
): Record<string, unknown> {
  const relativePath = `Season ${String(season).padStart(2, '0')}/${series.title} - S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}.mkv`;
  return {
    eventType,
    instanceName: 'Sonarr',
    applicationUrl: '',
    series: sonarrSeries(series),
    episodes: sonarrEpisodes(series, season, [episode]),
    episodeFile: {
      id: 21,
      relativePath,
      path: `${series.path}/${relativePath}`,
      quality: 'WEBDL-1080p',
      qualityVersion: 1,
      size: 1_234_567_890,
      dateAdded: '2026-12-02T10:15:31Z',
    },
    isUpgrade: false,
    downloadClient: 'SABnzbd',
    downloadClientType: 'SABnzbd',
    downloadId: 'SABnzbd_nzo_abc123',
    customFormatInfo: { customFormats: [], customFormatScore: 0 },
    release: { releaseTitle: `${series.title}.S${String(season).padStart(2, '0')}.1080p.WEB-DL`, indexer: 'Indexer', size: 1_234_567_890 },
  };
}

/** Sonarr 4's "On Import Complete" webhook: one download, e.g. a whole season pack (also `eventType: "Download"`). */
export function sonarrImportComplete(series: SonarrSeries, season: number, episodes: readonly number[]): Record<string, unknown> {
  const files = episodes.map((episode, i) => {
    const relativePath = `Season ${String(season).padStart(2, '0')}/${series.title} - S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}.mkv`;
    return {
      id: 30 + i,
      relativePath,
      path: `${series.path}/${relativePath}`,
      quality: 'WEBDL-1080p',
      qualityVersion: 1,
      size: 1_234_567_890,
    };
  });
  return {
    eventType: 'Download',
    instanceName: 'Sonarr',
    applicationUrl: '',
    series: sonarrSeries(series),
    episodes: sonarrEpisodes(series, season, episodes),
    episodeFiles: files,
    downloadClient: 'SABnzbd',
    downloadClientType: 'SABnzbd',
    downloadId: 'SABnzbd_nzo_def456',
    release: { releaseTitle: `${series.title}.S${String(season).padStart(2, '0')}.1080p.WEB-DL`, indexer: 'Indexer', size: 9_999_999_999 },
    fileCount: files.length,
    sourcePath: `/downloads/${series.title}.S${String(season).padStart(2, '0')}`,
    destinationPath: `${series.path}/Season ${String(season).padStart(2, '0')}`,
  };
}

export interface JellyseerrAvailable {
  readonly mediaType: 'movie' | 'tv';
  readonly tmdbId: number;
  /** Jellyseerr's media record may not know it: then `""`. */
  readonly tvdbId?: number;
  /** "Fight Club (1999)", as `notifyAvailableMovie/Series` writes the subject. */
  readonly subject: string;
  readonly requestedBy: string;
  readonly seasons?: readonly number[];
  readonly notificationType?: 'MEDIA_AVAILABLE' | 'TEST_NOTIFICATION' | 'MEDIA_PENDING';
}

/** Jellyseerr's webhook with its default JSON payload. */
export function jellyseerrAvailable(media: JellyseerrAvailable): Record<string, unknown> {
  const type = media.notificationType ?? 'MEDIA_AVAILABLE';
  const tv = media.mediaType === 'tv';
  return {
    notification_type: type,
    event: `${tv ? 'Series' : 'Movie'} Request Now Available`,
    subject: media.subject,
    message: 'An overview of the title, cut to 500 characters.',
    image: 'https://image.tmdb.org/t/p/w600_and_h900_bestv2/poster.jpg',
    media: {
      media_type: media.mediaType,
      tmdbId: String(media.tmdbId),
      tvdbId: media.tvdbId === undefined ? '' : String(media.tvdbId),
      status: 'AVAILABLE',
      status4k: 'UNKNOWN',
    },
    request: {
      request_id: '7',
      requestedBy_email: `${media.requestedBy}@example.com`,
      requestedBy_username: media.requestedBy,
      requestedBy_avatar: '/avatarproxy/1',
      requestedBy_settings_discordId: '',
      requestedBy_settings_telegramChatId: '',
    },
    issue: null,
    comment: null,
    extra: tv ? [{ name: 'Requested Seasons', value: (media.seasons ?? []).join(', ') }] : [],
  };
}
