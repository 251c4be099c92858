import type { ReceivedRequest } from '../receiver';
import { FakeService, header, isJsonContent, isRecord, parseJson, target, type FakeAnswer } from './fake-service';

/**
 * Jellyseerr's `POST /api/v1/request`, as Jellyseerr 2.3.0 (Fallenbagel/jellyseerr v2.3.0) and its
 * successor Seerr (seerr-team/seerr 03f207a) answer it. In the order the server applies them:
 *
 * 1. `express.json()` then express-openapi-validator 4.13.8 (`server/index.ts`): a body that is not
 *    `application/json` → 415; no `X-Api-Key` header and no session cookie → 401 (security check of
 *    the spec's `apiKey`/`cookieAuth`, before the body is looked at); the body against
 *    `overseerr-api.yml` / `jellyseerr-api.yml` `/request` post, with no type coercion for bodies:
 *    `mediaType` (`movie|tv`) and `mediaId` (number) required, `seasons` a list of numbers ≥ 0 or
 *    `"all"`, `is4k` boolean, `tvdbId`/`serverId`/`profileId`/`languageProfileId` numbers, `userId`
 *    number or null → 400 `{ message, errors }`.
 * 2. `checkUser` + `isAuthenticated()` (`server/middleware/auth.ts`): `X-Api-Key` must equal the key;
 *    `X-Api-User` picks the user (default 1) → otherwise 403 `{ status: 403, error }` (not 401).
 * 3. `MediaRequest.request` (`server/entity/MediaRequest.ts`) via `server/routes/request.ts`: the
 *    TMDB id must exist (else 500); a movie with a request that is not declined → 409
 *    `DuplicateMediaRequestError`; a TV request whose seasons are all requested or available (season 0
 *    is dropped while special episodes are off) → 202 `NoSeasonsAvailableError`; a TV request without
 *    `seasons` fails on `undefined.filter` → 500; else 201 with the request.
 */

export interface JellyseerrCatalogue {
  /** TMDB movie ids TMDB knows. */
  readonly movies: readonly number[];
  /** TMDB show ids with the season numbers TMDB lists for them. */
  readonly shows: Readonly<Record<number, readonly number[]>>;
}

export interface RequestBody {
  readonly mediaType: 'movie' | 'tv';
  readonly mediaId: number;
  readonly seasons?: readonly number[] | 'all';
  readonly is4k?: boolean;
}

const BODY_NUMBERS = ['mediaId', 'tvdbId', 'serverId', 'profileId', 'languageProfileId'] as const;

/** Ajv 6 words, as express-openapi-validator 4 words its 400s. */
function schemaErrors(body: Record<string, unknown>): Array<{ path: string; message: string; errorCode: string }> {
  const errors: Array<{ path: string; message: string; errorCode: string }> = [];
  const add = (field: string, message: string, keyword: string): void => {
    errors.push({ path: `.body.${field}`, message, errorCode: `${keyword}.openapi.validation` });
  };
  for (const field of ['mediaType', 'mediaId']) if (!(field in body)) add(field, `should have required property '${field}'`, 'required');
  if ('mediaType' in body && body.mediaType !== 'movie' && body.mediaType !== 'tv')
    add('mediaType', 'should be equal to one of the allowed values: movie, tv', 'enum');
  for (const field of BODY_NUMBERS) if (field in body && typeof body[field] !== 'number') add(field, 'should be number', 'type');
  if ('is4k' in body && typeof body.is4k !== 'boolean') add('is4k', 'should be boolean', 'type');
  if ('rootFolder' in body && typeof body.rootFolder !== 'string') add('rootFolder', 'should be string', 'type');
  if ('userId' in body && body.userId !== null && typeof body.userId !== 'number') add('userId', 'should be number', 'type');
  if ('seasons' in body) {
    const seasons = body.seasons;
    const list = Array.isArray(seasons) && seasons.every((season) => typeof season === 'number' && season >= 0);
    if (!list && seasons !== 'all') add('seasons', 'should match exactly one schema in oneOf', 'oneOf');
  }
  return errors;
}

export class JellyseerrFake extends FakeService {
  /** Ids of Jellyseerr users (1 is the admin who owns the API key). */
  readonly users = new Set<number>([1]);
  /** TMDB movie ids with a request that is not declined. */
  readonly requestedMovies = new Set<number>();
  /** Per TMDB show id: the seasons requested (not declined) or available. */
  readonly coveredSeasons = new Map<number, Set<number>>();
  enableSpecialEpisodes = false;
  private nextId = 1;

  constructor(
    readonly apiKey: string,
    private readonly catalogue: JellyseerrCatalogue,
  ) {
    super();
  }

  /** Seasons Jellyfin/Plex already has: Jellyseerr counts them as not requestable. */
  markAvailable(tmdbId: number, seasons: readonly number[]): void {
    this.cover(tmdbId, seasons);
  }

  private cover(tmdbId: number, seasons: readonly number[]): void {
    const covered = this.coveredSeasons.get(tmdbId) ?? new Set<number>();
    for (const season of seasons) covered.add(season);
    this.coveredSeasons.set(tmdbId, covered);
  }

  protected answer(request: ReceivedRequest): FakeAnswer {
    const { path } = target(request);
    if (request.method !== 'POST' || path !== '/api/v1/request') return { status: 404, body: { message: 'not found' } };
    if (!isJsonContent(request))
      return { status: 415, body: { message: `unsupported media type ${header(request, 'content-type') ?? 'not_provided'}` } };
    const parsed = parseJson(request.body);
    if (!parsed.ok) return { status: 400, body: { message: parsed.error } };
    if (header(request, 'x-api-key') === undefined && !/connect\.sid=/.test(header(request, 'cookie') ?? '')) {
      return { status: 401, body: { message: "cookie 'connect.sid' required" } };
    }
    const body = isRecord(parsed.value) ? parsed.value : {};
    const errors = schemaErrors(body);
    if (errors.length > 0) {
      return { status: 400, body: { message: errors.map((e) => `request${e.path} ${e.message}`).join(', '), errors } };
    }
    if (!this.authenticated(request))
      return { status: 403, body: { status: 403, error: 'You do not have permission to access this endpoint' } };
    return this.request(body as unknown as RequestBody);
  }

  private authenticated(request: ReceivedRequest): boolean {
    if (header(request, 'x-api-key') !== this.apiKey) return false;
    const user = header(request, 'x-api-user');
    return this.users.has(user === undefined ? 1 : Number(user));
  }

  private request(body: RequestBody): FakeAnswer {
    if (body.mediaType === 'movie') {
      if (!this.catalogue.movies.includes(body.mediaId)) return { status: 500, body: { message: 'Unable to retrieve movie.' } };
      if (this.requestedMovies.has(body.mediaId)) return { status: 409, body: { message: 'Request for this media already exists.' } };
      this.requestedMovies.add(body.mediaId);
      return this.created(body, []);
    }
    const tmdbSeasons = this.catalogue.shows[body.mediaId];
    if (!tmdbSeasons) return { status: 500, body: { message: 'Unable to retrieve series.' } };
    if (body.seasons === undefined) return { status: 500, body: { message: "Cannot read properties of undefined (reading 'filter')" } };
    const asked = body.seasons === 'all' ? tmdbSeasons : body.seasons;
    const requestable = asked.filter((season) => this.enableSpecialEpisodes || season > 0);
    const covered = this.coveredSeasons.get(body.mediaId) ?? new Set<number>();
    const seasons = requestable.filter((season) => !covered.has(season));
    if (seasons.length === 0) return { status: 202, body: { message: 'No seasons available to request' } };
    this.cover(body.mediaId, seasons);
    return this.created(body, seasons);
  }

  private created(body: RequestBody, seasons: readonly number[]): FakeAnswer {
    const id = this.nextId++;
    // MediaRequestStatus.APPROVED: the API key's admin has auto-approve.
    const media = { id, tmdbId: body.mediaId, mediaType: body.mediaType, status: 2 };
    return {
      status: 201,
      body: {
        id,
        status: 2,
        type: body.mediaType,
        is4k: body.is4k ?? false,
        media,
        seasons: seasons.map((seasonNumber) => ({ seasonNumber, status: 2 })),
      },
    };
  }
}
