import type { ReceivedRequest } from '../receiver';
import { header, isJsonContent, isRecord, parseJson, target, type FakeAnswer } from './fake-service';

/**
 * What Radarr and Sonarr share (one code base, "Servarr"): API-key auth, how their JSON serializer
 * binds a body to a resource, and how they word a refused resource.
 *
 * - Auth (`src/*.Http/Authentication/AuthenticationBuilderExtensions.cs`, Sonarr 3:
 *   `AuthenticationService.cs`): `X-Api-Key` header or `apikey` query → otherwise 401.
 * - Binding. Radarr 5/6 and Sonarr 4 use System.Text.Json (`STJson.ApplySerializerSettings`: names
 *   case-insensitive, no numbers from strings, unknown and read-only properties ignored) under
 *   `[ApiController]` behaviour (`VersionedApiControllerAttribute : IApiBehaviorMetadata`): a value that
 *   does not convert — `null` or a string for an `int`, a number for a string — is a 400 problem
 *   details body. Sonarr 3 (Nancy, `RestModule.ReadResourceFromRequest`) uses Json.NET, which reads
 *   `"81189"` as 81189 but throws on `null` for an `int` — not a reader error, so 500.
 * - Validators (FluentValidation; `*ErrorPipeline.cs`): 400 with a list of
 *   `{ propertyName, errorMessage, attemptedValue, severity, errorCode }`.
 */

export type Serializer = 'System.Text.Json' | 'Json.NET';

/** A resource property's .NET type, as far as binding cares. */
export type Shape =
  | 'int'
  | 'int?'
  | 'string'
  | 'bool'
  | { readonly enum: readonly string[] }
  | { readonly object: Readonly<Record<string, Shape>> }
  | { readonly list: Shape };

export interface BindingFailure {
  readonly path: string;
  readonly clrType: string;
  /** Json.NET: a null for a value type, which ends in a 500 rather than a 400. */
  readonly nullForValueType: boolean;
}

export interface Bound {
  /** The body with the resource's property names and converted values; unknown properties dropped. */
  readonly value: Record<string, unknown>;
  readonly failures: readonly BindingFailure[];
}

function clrType(shape: Shape): string {
  if (shape === 'int' || shape === 'int?') return shape === 'int' ? 'System.Int32' : 'System.Nullable`1[System.Int32]';
  if (shape === 'string') return 'System.String';
  if (shape === 'bool') return 'System.Boolean';
  if ('enum' in shape) return 'enum';
  return 'list' in shape ? 'System.Collections.Generic.List`1' : 'object';
}

function bindValue(value: unknown, shape: Shape, path: string, serializer: Serializer, failures: BindingFailure[]): unknown {
  const valueType = shape === 'int' || shape === 'bool' || (typeof shape === 'object' && 'enum' in shape);
  const fail = (): undefined => {
    failures.push({ path, clrType: clrType(shape), nullForValueType: value === null && valueType });
    return undefined;
  };
  const lenient = serializer === 'Json.NET';
  if (value === null) return valueType ? fail() : null;
  if (shape === 'int' || shape === 'int?') {
    const number = lenient && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && Math.abs(number) <= 2 ** 31 - 1 ? number : fail();
  }
  if (shape === 'string')
    return typeof value === 'string'
      ? value
      : lenient && (typeof value === 'number' || typeof value === 'boolean')
        ? String(value)
        : fail();
  if (shape === 'bool')
    return typeof value === 'boolean' ? value : lenient && (value === 'true' || value === 'false') ? value === 'true' : fail();
  if ('enum' in shape) {
    const name = typeof value === 'string' ? shape.enum.find((option) => option.toLowerCase() === value.toLowerCase()) : undefined;
    return name ?? (typeof value === 'number' && Number.isInteger(value) ? value : fail());
  }
  if ('list' in shape)
    return Array.isArray(value)
      ? value.map((item, index) => bindValue(item, shape.list, `${path}[${index}]`, serializer, failures))
      : fail();
  return isRecord(value) ? bindObject(value, shape.object, path, serializer, failures) : fail();
}

function bindObject(
  body: Record<string, unknown>,
  shape: Readonly<Record<string, Shape>>,
  path: string,
  serializer: Serializer,
  failures: BindingFailure[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = Object.keys(shape).find((property) => property.toLowerCase() === key.toLowerCase());
    if (name !== undefined) out[name] = bindValue(value, shape[name], `${path}.${key}`, serializer, failures);
  }
  return out;
}

export function bindResource(body: unknown, shape: Readonly<Record<string, Shape>>, serializer: Serializer): Bound {
  const failures: BindingFailure[] = [];
  const value = isRecord(body) ? bindObject(body, shape, '$', serializer, failures) : {};
  if (!isRecord(body)) failures.push({ path: '$', clrType: 'resource', nullForValueType: false });
  return { value, failures };
}

/** The answer to a body that did not bind: 400 problem details (System.Text.Json) or 500 (Json.NET and a null). */
export function bindingRefusal(failures: readonly BindingFailure[], parameter: string, serializer: Serializer): FakeAnswer {
  if (serializer === 'Json.NET') {
    const first = failures[0];
    const status = first.nullForValueType ? 500 : 400;
    const where = `to type '${first.clrType}'. Path '${first.path.slice(2)}'.`;
    const message = first.nullForValueType ? `Error converting value {null} ${where}` : `Invalid request body. Could not convert ${where}`;
    return { status, body: { message } };
  }
  const errors: Record<string, string[]> = { [parameter]: [`The ${parameter} field is required.`] };
  for (const failure of failures)
    errors[failure.path] = [`The JSON value could not be converted to ${failure.clrType}. Path: ${failure.path}`];
  const body = {
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors,
  };
  return { status: 400, body, headers: { 'content-type': 'application/problem+json; charset=utf-8' } };
}

export function apiKeyAccepted(request: ReceivedRequest, apiKey: string): boolean {
  return (header(request, 'x-api-key') ?? target(request).query.get('apikey')) === apiKey;
}

export interface ValidationFailure {
  readonly propertyName: string;
  readonly errorMessage: string;
  readonly attemptedValue: unknown;
  readonly severity: 'error';
  readonly errorCode: string;
}

/** FluentValidation's failure as the API writes it. */
export function failure(propertyName: string, errorMessage: string, attemptedValue: unknown, errorCode: string): ValidationFailure {
  return { propertyName, errorMessage, attemptedValue, severity: 'error', errorCode };
}

/** FluentValidation's default texts name the property with spaces: `label` is "Tmdb Id" for `TmdbId`. */
export const notEmpty = (propertyName: string, label: string, value: unknown): ValidationFailure =>
  failure(propertyName, `'${label}' must not be empty.`, value, 'NotEmptyValidator');

export const greaterThanZero = (propertyName: string, label: string, value: unknown): ValidationFailure =>
  failure(propertyName, `'${label}' must be greater than '0'.`, value, 'GreaterThanValidator');

/** `IsValidPath` on Linux or Windows: an absolute path. */
function isValidPath(path: unknown): boolean {
  return typeof path === 'string' && /^(?:\/|[A-Za-z]:\\|\\\\)/.test(path);
}

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/**
 * The folder rules of a POST: a `path`, or else a `rootFolderPath` the series or movie folder goes
 * under. `rootFolders` are the existing root folders, for the versions that check them (Radarr 5/6,
 * Sonarr 4, which also say "must not be empty" where Sonarr 3 says "Invalid Path"); undefined for Sonarr 3.
 */
export function folderFailures(
  resource: { readonly path?: string | null; readonly rootFolderPath?: string | null },
  rootFolders: readonly string[] | undefined,
): ValidationFailure[] {
  const { path, rootFolderPath: root } = resource;
  const invalid = (propertyName: string, value: unknown): ValidationFailure =>
    failure(propertyName, 'Invalid Path', value, 'PathValidator');
  if (!isBlank(path)) return isValidPath(path) ? [] : [invalid('Path', path)];
  if (isBlank(root)) {
    return rootFolders
      ? [notEmpty('Path', 'Path', path), notEmpty('RootFolderPath', 'Root Folder Path', root)]
      : [invalid('Path', path), invalid('RootFolderPath', root)];
  }
  if (!isValidPath(root)) return [invalid('RootFolderPath', root)];
  if (rootFolders && !rootFolders.includes(String(root)))
    return [failure('RootFolderPath', `Root folder '${root}' does not exist`, root, 'RootFolderExistsValidator')];
  return [];
}

/** `QualityProfileId`: a valid id (> 0) of an existing profile; Sonarr 3 spells it "QualityProfile does not exist". */
export function qualityProfileFailures(
  id: number | undefined,
  profiles: readonly number[],
  missing = 'Quality Profile does not exist',
): ValidationFailure[] {
  const profile = id ?? 0;
  if (profile <= 0) return [greaterThanZero('QualityProfileId', 'Quality Profile Id', profile)];
  return profiles.includes(profile) ? [] : [failure('QualityProfileId', missing, profile, 'QualityProfileExistsValidator')];
}

/** What every Servarr fake is set up with. */
export interface ServarrSetup {
  readonly apiKey: string;
  readonly qualityProfiles: readonly number[];
  /** The root folders set up (Sonarr 3 only checks that the one named is a valid path). */
  readonly rootFolders: readonly string[];
}

/** One `POST` that adds a resource: where, how its body binds, and the service's own rules. */
export interface ResourcePost<Resource> {
  readonly path: string;
  readonly apiKey: string;
  readonly serializer: Serializer;
  readonly shape: Readonly<Record<string, Shape>>;
  /** The action's parameter name, as a problem details body names it. */
  readonly parameter: string;
  readonly validate: (resource: Resource) => ValidationFailure[];
  /** Adds what passed the validators (looked up in TMDB/TVDB first). */
  readonly add: (resource: Resource) => FakeAnswer;
}

/**
 * A Servarr `POST`: API key, route, content type (ASP.NET's `[Consumes]`; Nancy reads any), JSON
 * (Nancy: "Invalid request body"), binding, validators, then the add.
 */
export function answerPost<Resource>(request: ReceivedRequest, post: ResourcePost<Resource>): FakeAnswer {
  if (!apiKeyAccepted(request, post.apiKey)) return { status: 401 };
  if (request.method !== 'POST' || target(request).path !== post.path) return { status: 404 };
  const aspNet = post.serializer === 'System.Text.Json';
  if (aspNet && !isJsonContent(request)) return { status: 415 };
  const parsed = parseJson(request.body);
  if (!parsed.ok && !aspNet) return { status: 400, body: { message: `Invalid request body. ${parsed.error}` } };
  const bound = bindResource(parsed.ok ? parsed.value : undefined, post.shape, post.serializer);
  if (!parsed.ok || bound.failures.length > 0) return bindingRefusal(bound.failures, post.parameter, post.serializer);
  const resource = bound.value as Resource;
  const failures = post.validate(resource);
  return failures.length > 0 ? { status: 400, body: failures } : post.add(resource);
}
