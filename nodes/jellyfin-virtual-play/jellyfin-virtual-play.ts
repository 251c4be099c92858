import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { JellyfinConnection } from '../../src/jellyfin/connection';
import { stateStatus } from '../../src/jellyfin/state-status';
import type { WatcherState } from '../../src/jellyfin/session-watcher';
import { createPathMatcher, type PathMatcher } from '../../src/playback/path-match';
import type { PlaybackStart } from '../../src/playback/playback-tracker';
import { parseAnimeWords, virtualPlayMessage, type MediaFilter } from '../../src/playback/virtual-play';
import type { JellyfinServerNode } from '../jellyfin-server/types';

interface VirtualPlayDef extends NodeDef {
  readonly server?: string;
  readonly pathMatch?: string;
  readonly mediaTypes?: string;
  readonly animeWords?: string;
}

function mediaFilter(value: unknown): MediaFilter {
  return value === 'movie' || value === 'show' ? value : 'both';
}

export = function register(RED: NodeAPI): void {
  function JellyfinVirtualPlay(this: Node, def: VirtualPlayDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    let plays = 0;

    let matcher: PathMatcher;
    try {
      matcher = createPathMatcher(def.pathMatch);
    } catch (err) {
      node.error((err as Error).message);
      node.status({ fill: 'red', shape: 'ring', text: 'invalid path match' });
      return;
    }
    const server = def.server ? (RED.nodes.getNode(def.server) as JellyfinServerNode | null) : null;
    if (!server) {
      node.status({ fill: 'red', shape: 'ring', text: 'no Jellyfin server configured' });
      node.error('choose or add a Jellyfin server in the node');
      return;
    }
    let connection: JellyfinConnection;
    try {
      connection = server.connection();
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: (err as Error).message.slice(0, 60) });
      node.error((err as Error).message);
      return;
    }
    const options = { matcher, mediaTypes: mediaFilter(def.mediaTypes), animeWords: parseAnimeWords(def.animeWords), seriesItem: connection.seriesItem.bind(connection) };

    let lastState: WatcherState = { kind: 'stopped' };
    const showState = (state: WatcherState): void => {
      const wasUnauthorized = lastState.kind === 'unauthorized';
      lastState = state;
      const view = stateStatus(state);
      node.status({ ...view, text: state.kind === 'connected' && plays > 0 ? `${view.text} · ${plays} play${plays === 1 ? '' : 's'}` : view.text });
      if (state.kind === 'unauthorized' && !wasUnauthorized) node.warn(`Jellyfin refused the API key; retrying in ${Math.round(state.inMs / 1000)} s`);
    };
    const onPlayback = (start: PlaybackStart): void => {
      virtualPlayMessage(start, options).then(
        (msg) => {
          if (!msg) return;
          plays++;
          node.send({ ...msg, _msgid: RED.util.generateId() });
          showState(lastState);
        },
        (err: unknown) => node.error(`could not read the played item: ${(err as Error).message}`),
      );
    };

    connection.on('state', showState);
    connection.on('playback', onPlayback);
    showState(connection.state);
    connection.watch();

    node.on('close', (done: () => void) => {
      connection.off('state', showState);
      connection.off('playback', onPlayback);
      connection.unwatch();
      done();
    });
  }

  RED.nodes.registerType('jellyfin-virtual-play', JellyfinVirtualPlay);
};
