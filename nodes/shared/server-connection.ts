import type { Node, NodeAPI } from 'node-red';
import type { JellyfinConnection } from '../../src/playback/connection';
import { errorText } from '../../src/util/guards';
import { printable } from '../../src/util/printable';
import type { JellyfinServerNode } from '../jellyfin-server/types';

/** A node's shared Jellyfin connection, or why there is none (already logged and shown in the node's status). */
export interface ServerConnection {
  readonly connection?: JellyfinConnection;
  readonly error?: string;
}

/**
 * The connection of the `jellyfin-server` node a node names, opened at deploy; `prepare` runs on it
 * (e.g. to start watching sessions). A missing server, key or URL is an error in the log and a red status.
 */
export function serverConnection(
  RED: NodeAPI,
  node: Node,
  serverId: string | undefined,
  noServer: string,
  prepare?: (connection: JellyfinConnection) => void,
): ServerConnection {
  const server = serverId ? (RED.nodes.getNode(serverId) as JellyfinServerNode | null) : null;
  try {
    if (!server) throw new Error(noServer);
    const connection = server.connection();
    prepare?.(connection);
    return { connection };
  } catch (err) {
    const error = errorText(err);
    node.error(error);
    node.status({ fill: 'red', shape: 'ring', text: printable(error, 60) });
    return { error };
  }
}
