import type { ReceivedRequest } from '../receiver';
import { FakeService, type FakeAnswer } from './fake-service';
import {
  answerPost,
  failure,
  folderFailures,
  isBlank,
  notEmpty,
  qualityProfileFailures,
  type ServarrSetup,
  type Shape,
  type ValidationFailure,
} from './servarr';

/**
 * Radarr's `POST /api/v3/movie`, as Radarr 5.28 and 6.0 answer it (Radarr/Radarr v5.28.0.10274 and
 * v6.0.3.10276, `src/Radarr.Api.V3/Movies/MovieController.cs`, `MovieResource.cs`,
 * `src/NzbDrone.Core/Movies/AddMovieService.cs`):
 *
 * - API key (servarr.ts) → 401; `[Consumes("application/json")]` → 415 for another content type.
 * - The body binds to `MovieResource` with System.Text.Json: `tmdbId`, `year` and `qualityProfileId`
 *   are `int`, so `"year": null` or `"tmdbId": "550"` is a 400 problem details body.
 * - Validators: `qualityProfileId` > 0 and an existing profile; without `path`, `rootFolderPath` not
 *   empty, a valid path and an existing root folder; `title` not empty when `tmdbId` ≤ 0; `tmdbId` not
 *   empty and not already added ("This movie has already been added") → 400 with the failures.
 * - `AddSkyhookData`: the movie is built from TMDB (an unknown id → 400 "A movie with this ID was not
 *   found"); of the request only path, profile, monitoring, root folder, tags and add options are kept
 *   (`Movie.ApplyChanges`), so title and year come from TMDB. → 201 with the movie.
 */

const MOVIE_STATUS = ['tba', 'announced', 'inCinemas', 'released', 'deleted'];

const MOVIE_RESOURCE: Readonly<Record<string, Shape>> = {
  title: 'string',
  year: 'int',
  secondaryYear: 'int?',
  tmdbId: 'int',
  imdbId: 'string',
  qualityProfileId: 'int',
  path: 'string',
  rootFolderPath: 'string',
  monitored: 'bool',
  minimumAvailability: { enum: MOVIE_STATUS },
  tags: { list: 'int' },
  addOptions: {
    object: {
      searchForMovie: 'bool',
      ignoreEpisodesWithFiles: 'bool',
      ignoreEpisodesWithoutFiles: 'bool',
      monitor: { enum: ['movieOnly', 'movieAndCollection', 'none'] },
      addMethod: { enum: ['manual', 'list', 'collection'] },
    },
  },
};

export interface TmdbMovie {
  readonly title: string;
  readonly year: number;
}

export interface RadarrSetup extends ServarrSetup {
  /** What TMDB knows, by TMDB id. */
  readonly tmdb: Readonly<Record<number, TmdbMovie>>;
}

interface MovieRequest {
  readonly tmdbId?: number;
  readonly title?: string;
  readonly qualityProfileId?: number;
  readonly path?: string | null;
  readonly rootFolderPath?: string | null;
  readonly monitored?: boolean;
}

export class RadarrFake extends FakeService {
  /** Movies added, by TMDB id. */
  readonly movies = new Map<number, Record<string, unknown>>();

  constructor(private readonly setup: RadarrSetup) {
    super();
  }

  protected answer(request: ReceivedRequest): FakeAnswer {
    return answerPost<MovieRequest>(request, {
      path: '/api/v3/movie',
      apiKey: this.setup.apiKey,
      serializer: 'System.Text.Json',
      shape: MOVIE_RESOURCE,
      parameter: 'moviesResource',
      validate: (movie) => this.validate(movie),
      add: (movie) => this.add(movie),
    });
  }

  private add(movie: MovieRequest): FakeAnswer {
    const tmdbId = movie.tmdbId ?? 0;
    const known = this.setup.tmdb[tmdbId];
    if (!known)
      return { status: 400, body: [failure('TmdbId', `A movie with this ID was not found. Path: ${movie.path ?? ''}`, tmdbId, '')] };
    const folder = `${known.title} (${known.year})`;
    const added = {
      id: this.movies.size + 1,
      title: known.title,
      year: known.year,
      tmdbId,
      qualityProfileId: movie.qualityProfileId,
      path: movie.path ?? `${movie.rootFolderPath}/${folder}`,
      monitored: movie.monitored ?? true,
    };
    this.movies.set(tmdbId, added);
    return { status: 201, body: added };
  }

  private validate(movie: MovieRequest): ValidationFailure[] {
    const failures = qualityProfileFailures(movie.qualityProfileId, this.setup.qualityProfiles);
    failures.push(...folderFailures(movie, this.setup.rootFolders));
    const tmdbId = movie.tmdbId ?? 0;
    if (tmdbId <= 0 && isBlank(movie.title)) failures.push(notEmpty('Title', 'Title', movie.title));
    if (tmdbId === 0) failures.push(notEmpty('TmdbId', 'Tmdb Id', tmdbId));
    else if (this.movies.has(tmdbId)) failures.push(failure('TmdbId', 'This movie has already been added', tmdbId, 'MovieExistsValidator'));
    return failures;
  }
}
