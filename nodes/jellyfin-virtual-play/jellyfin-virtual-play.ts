import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { JellyfinConnection } from '../../src/playback/connection';
import { stateStatus } from '../shared/state-status';
import type { WatcherState } from '../../src/jellyfin/session-watcher';
import { createPathMatcher, type PathMatcher } from '../../src/playback/path-match';
import type { PlaybackStart } from '../../src/playback/playback-tracker';
import { parseAnimeRule, virtualPlayMessage, type MediaFilter } from '../../src/playback/virtual-play';
import type { JellyfinServerNode } from '../jellyfin-server/types';
import { printable } from '../../src/util/printable';
import { errorText } from '../../src/util/guards';
import { catalog } from '../shared/catalog';
import { STATUS_DELAY_MS } from '../shared/status-later';

interface VirtualPlayDef extends NodeDef {
  readonly server?: string;
  readonly pathMatch?: string;
  readonly mediaTypes?: string;
  readonly animeWords?: string;
  readonly animeFallback?: boolean | string;
}

/** Whole seconds, at least 1: how status texts show a delay. */
function seconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}

function isIgnoredPolling(state: WatcherState): state is Extract<WatcherState, { mode: 'poll' }> {
  return state.kind === 'connected' && state.mode === 'poll' && state.reason === 'ignored';
}

/** The network errors' TLS texts start so (src/http/network-error.ts). */
function isTlsReason(reason: string): boolean {
  return reason.startsWith('TLS: ');
}

function mediaFilter(value: unknown): MediaFilter {
  return value === 'movie' || value === 'show' ? value : 'both';
}

export = function register(RED: NodeAPI): void {
  /** A text of this node's catalog, `locales/<lang>/jellyfin-virtual-play.json`. */
  const t = catalog(RED, 'jellyfin-virtual-play');

  /** The status text of a connection state, in the catalog's words. */
  function stateText(state: WatcherState): string {
    switch (state.kind) {
      case 'connecting':
        return t('status.connecting');
      case 'connected':
        if (state.mode === 'poll' && state.reason === 'ignored') return t('status.pollingIgnored');
        // The server's name and version are the server's words: escaped like metadata.
        return printable(
          t(state.mode === 'push' ? 'status.connected' : 'status.polling', {
            server: state.server.ServerName,
            version: state.server.Version,
          }),
          60,
        );
      case 'reconnecting':
        // A TLS reason is long and ends in what to do: the log has it whole (see showState).
        if (isTlsReason(state.reason)) return t('status.tls', { seconds: seconds(state.inMs) });
        return printable(t('status.reconnecting', { seconds: seconds(state.inMs), reason: state.reason }), 60);
      case 'unauthorized':
        return t('status.unauthorized');
      case 'stopped':
        return t('status.stopped');
    }
  }

  function JellyfinVirtualPlay(this: Node, def: VirtualPlayDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    let plays = 0;

    let matcher: PathMatcher;
    try {
      matcher = createPathMatcher(def.pathMatch);
    } catch (err) {
      node.error(errorText(err));
      node.status({ fill: 'red', shape: 'ring', text: t('status.invalidPathMatch') });
      return;
    }
    const server = def.server ? (RED.nodes.getNode(def.server) as JellyfinServerNode | null) : null;
    if (!server) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.noServer') });
      node.error(t('errors.noServer'));
      return;
    }
    let connection: JellyfinConnection;
    try {
      connection = server.connection();
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: printable(errorText(err), 60) });
      node.error(printable(errorText(err)));
      return;
    }
    const options = {
      matcher,
      mediaTypes: mediaFilter(def.mediaTypes),
      anime: parseAnimeRule(def.animeWords, def.animeFallback),
      seriesItem: connection.seriesItem.bind(connection),
    };

    let lastState: WatcherState = { kind: 'stopped' };
    let stateWords = '';
    let warnedTls = '';
    let refreshTimer: NodeJS.Timeout | undefined;
    let closed = false;
    const render = (): void => {
      // Colour and shape from the shared mapping; the words from this node's catalog.
      const { fill, shape } = stateStatus(lastState);
      node.status({
        fill,
        shape,
        text: lastState.kind === 'connected' && plays > 0 ? t('status.plays', { status: stateWords, count: plays }) : stateWords,
      });
    };
    const showState = (state: WatcherState): void => {
      const wasUnauthorized = lastState.kind === 'unauthorized';
      const wasIgnored = isIgnoredPolling(lastState);
      lastState = state;
      stateWords = stateText(state);
      if (state.kind === 'connected' && connection.certificateUnverified) stateWords = t('status.unverified', { status: stateWords });
      render();
      // Once per problem, not once per retry: said again only after a connection or a different problem.
      if (state.kind === 'connected') warnedTls = '';
      if (state.kind === 'reconnecting' && isTlsReason(state.reason) && state.reason !== warnedTls) {
        warnedTls = state.reason;
        node.warn(printable(t('warnings.tls', { reason: state.reason })));
      }
      if (state.kind === 'unauthorized' && !wasUnauthorized) node.warn(t('warnings.unauthorized', { seconds: seconds(state.inMs) }));
      if (isIgnoredPolling(state) && !wasIgnored) {
        node.warn(printable(t('warnings.ignoresSubscriptions', { server: state.server.ServerName, version: state.server.Version })));
      }
    };
    // The play count is refreshed once the request the message causes is on its way (STATUS_DELAY_MS),
    // once for all plays meanwhile.
    const refreshSoon = (): void => {
      refreshTimer ??= setTimeout(() => {
        refreshTimer = undefined;
        if (!closed) render();
      }, STATUS_DELAY_MS);
    };
    const onPlayback = (start: PlaybackStart): void => {
      virtualPlayMessage(start, options).then(
        (msg) => {
          if (!msg || closed) return;
          plays++;
          node.send({ ...msg, _msgid: RED.util.generateId() });
          refreshSoon();
        },
        (err: unknown) => node.error(printable(t('errors.playedItem', { error: errorText(err) }))),
      );
    };

    const onMalformed = (field: string): void => node.warn(t('warnings.malformed', { field }));
    connection.on('state', showState);
    connection.on('playback', onPlayback);
    connection.on('malformed', onMalformed);
    showState(connection.state);
    connection.watch();

    node.on('close', (done: () => void) => {
      closed = true;
      clearTimeout(refreshTimer);
      connection.off('state', showState);
      connection.off('playback', onPlayback);
      connection.off('malformed', onMalformed);
      connection.unwatch();
      done();
    });
  }

  RED.nodes.registerType('jellyfin-virtual-play', JellyfinVirtualPlay);
};
