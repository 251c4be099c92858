import type { Node } from 'node-red';
import type { JellyfinConnection } from '../../src/playback/connection';

export interface ServerCredentials {
  readonly apiKey?: string;
}

/** What the other nodes of this package see of a `jellyfin-server` node. */
export interface JellyfinServerNode extends Node<ServerCredentials> {
  /** The shared connection, created on first use; throws with a plain message when URL or key is missing or invalid. */
  connection(): JellyfinConnection;
}
