import type { ReceivedRequest } from '../receiver';
import { FakeService, type FakeAnswer } from './fake-service';
import {
  answerPost,
  failure,
  folderFailures,
  greaterThanZero,
  isBlank,
  notEmpty,
  qualityProfileFailures,
  type ServarrSetup,
  type Shape,
  type ValidationFailure,
} from './servarr';

/**
 * Sonarr's `POST /api/v3/series`, in its two lines (Sonarr/Sonarr, `src/Sonarr.Api.V3/Series/`):
 *
 * - **v3** (v3.0.9.1549, `SeriesModule.cs`, `SeriesResource.cs`, Nancy + Json.NET): any content type;
 *   `"81189"` binds to an `int`, `null` for an `int` is a 500. Validators: `qualityProfileId` > 0 and
 *   existing ("QualityProfile does not exist"); **`languageProfileId` must name an existing language
 *   profile** (`LanguageProfileExistsValidator` on an `int`: a missing one is 0 → "Language profile does
 *   not exist"); without `path` a valid `rootFolderPath`; `title` not empty; `tvdbId` > 0 and not
 *   already added ("This series has already been added").
 * - **v4** (v4.0.19.2979 and develop 49df353, `SeriesController.cs`, System.Text.Json): JSON only (415);
 *   `null` or a string for an `int` → 400 problem details. No language profiles:
 *   `LanguageProfileId` is a read-only `=> 1` marked obsolete, so a `languageProfileId` in the body is
 *   ignored. Validators as v3 without the language profile, and the root folder must exist.
 * - Both: API key (servarr.ts) → 401; the series comes from TVDB (`AddSeriesService`: an unknown id →
 *   400 "A series with this ID was not found"); → 201 with the series.
 */

export type SonarrLine = 'v3' | 'v4';

const SEASON: Shape = { object: { seasonNumber: 'int', monitored: 'bool' } };

function seriesResource(line: SonarrLine): Readonly<Record<string, Shape>> {
  return {
    title: 'string',
    year: 'int',
    tvdbId: 'int',
    qualityProfileId: 'int',
    ...(line === 'v3' ? { languageProfileId: 'int' as const } : {}),
    path: 'string',
    rootFolderPath: 'string',
    monitored: 'bool',
    seasonFolder: 'bool',
    seriesType: { enum: ['standard', 'daily', 'anime'] },
    seasons: { list: SEASON },
    tags: { list: 'int' },
    addOptions: {
      object: {
        searchForMissingEpisodes: 'bool',
        searchForCutoffUnmetEpisodes: 'bool',
        ignoreEpisodesWithFiles: 'bool',
        ignoreEpisodesWithoutFiles: 'bool',
        monitor: {
          enum: [
            'unknown',
            'all',
            'future',
            'missing',
            'existing',
            'firstSeason',
            'lastSeason',
            'latestSeason',
            'pilot',
            'recent',
            'monitorSpecials',
            'unmonitorSpecials',
            'none',
            'skip',
          ],
        },
      },
    },
  };
}

export interface TvdbSeries {
  readonly title: string;
  readonly year: number;
  readonly seasons: readonly number[];
}

export interface SonarrSetup extends ServarrSetup {
  readonly line: SonarrLine;
  /** v3 only: language profile ids (a fresh v3 has 1, "English"). */
  readonly languageProfiles?: readonly number[];
  /** What TVDB knows, by TVDB id. */
  readonly tvdb: Readonly<Record<number, TvdbSeries>>;
}

interface SeriesRequest {
  readonly tvdbId?: number;
  readonly title?: string;
  readonly qualityProfileId?: number;
  readonly languageProfileId?: number;
  readonly path?: string | null;
  readonly rootFolderPath?: string | null;
  readonly monitored?: boolean;
  readonly seriesType?: string | number;
  readonly seasons?: ReadonlyArray<{ readonly seasonNumber?: number; readonly monitored?: boolean }> | null;
}

export class SonarrFake extends FakeService {
  /** Series added, by TVDB id. */
  readonly series = new Map<number, Record<string, unknown>>();

  constructor(private readonly setup: SonarrSetup) {
    super();
  }

  protected answer(request: ReceivedRequest): FakeAnswer {
    return answerPost<SeriesRequest>(request, {
      path: '/api/v3/series',
      apiKey: this.setup.apiKey,
      serializer: this.setup.line === 'v3' ? 'Json.NET' : 'System.Text.Json',
      shape: seriesResource(this.setup.line),
      parameter: 'seriesResource',
      validate: (series) => this.validate(series),
      add: (series) => this.add(series),
    });
  }

  private add(series: SeriesRequest): FakeAnswer {
    const tvdbId = series.tvdbId ?? 0;
    const known = this.setup.tvdb[tvdbId];
    if (!known)
      return { status: 400, body: [failure('TvdbId', `A series with this ID was not found. Path: ${series.path ?? ''}`, tvdbId, '')] };
    // Seasons the request does not list take the series' monitored flag (EpisodeMonitoredService, no `monitor` option).
    const listed = new Map((series.seasons ?? []).map((season) => [season.seasonNumber, season.monitored ?? false]));
    const added = {
      id: this.series.size + 1,
      title: known.title,
      year: known.year,
      tvdbId,
      qualityProfileId: series.qualityProfileId,
      ...(this.setup.line === 'v3' ? { languageProfileId: series.languageProfileId } : { languageProfileId: 1 }),
      seriesType: series.seriesType ?? 'standard',
      path: series.path ?? `${series.rootFolderPath}/${known.title}`,
      seasons: known.seasons.map((seasonNumber) => ({ seasonNumber, monitored: listed.get(seasonNumber) ?? series.monitored ?? false })),
    };
    this.series.set(tvdbId, added);
    return { status: 201, body: added };
  }

  private validate(series: SeriesRequest): ValidationFailure[] {
    const v3 = this.setup.line === 'v3';
    const failures = qualityProfileFailures(
      series.qualityProfileId,
      this.setup.qualityProfiles,
      v3 ? 'QualityProfile does not exist' : undefined,
    );
    if (v3 && !(this.setup.languageProfiles ?? []).includes(series.languageProfileId ?? 0)) {
      failures.push(
        failure('LanguageProfileId', 'Language profile does not exist', series.languageProfileId ?? 0, 'LanguageProfileExistsValidator'),
      );
    }
    failures.push(...folderFailures(series, v3 ? undefined : this.setup.rootFolders));
    if (isBlank(series.title)) failures.push(notEmpty('Title', 'Title', series.title));
    const tvdbId = series.tvdbId ?? 0;
    if (tvdbId <= 0) failures.push(greaterThanZero('TvdbId', 'Tvdb Id', tvdbId));
    else if (this.series.has(tvdbId))
      failures.push(failure('TvdbId', 'This series has already been added', tvdbId, 'SeriesExistsValidator'));
    return failures;
  }
}
