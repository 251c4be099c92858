import type { WatcherState } from '../../src/jellyfin/session-watcher';

/** The colour and shape of a Node-RED status for a watcher state; the words come from the node's message catalog. */
export interface StatusLook {
  readonly fill: 'red' | 'green' | 'yellow' | 'grey';
  readonly shape: 'dot' | 'ring';
}

export function stateStatus(state: WatcherState): StatusLook {
  switch (state.kind) {
    case 'connecting':
    case 'reconnecting':
      return { fill: 'yellow', shape: 'ring' };
    case 'connected':
      return { fill: 'green', shape: state.mode === 'push' ? 'dot' : 'ring' };
    case 'unauthorized':
      return { fill: 'red', shape: 'ring' };
    case 'stopped':
      return { fill: 'grey', shape: 'ring' };
  }
}
