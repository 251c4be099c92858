/** A Jellyfin server simulator for tests, benchmarks and the demo (see simulator.ts). */
export { JellyfinSimulator } from './simulator';
export type { AddSessionOptions, PlayOptions, ProgressOptions, RestartOptions, SimulatorOptions } from './simulator';
export type { RecordedRequest } from './http-io';
export { ERROR_TEXT } from './http-io';
export type { InboxEntry } from './sessions';
export { DLNA_RENDERER_COMMANDS } from './sessions';
export type { Catalogue, ItemSpec } from './library';
export { DUMMY_SHORT_VIDEO, JELLYNEXT_ROOT } from './library';
export type { JellyfinVersion } from './versions';
export { SUPPORTED_VERSIONS } from './versions';
export type { TokenSource } from './auth';
export { dashedGuid, md5Guid, TICKS_PER_SECOND, ZERO_GUID } from './wire';
