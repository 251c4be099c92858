import type { WatcherState } from './session-watcher';

/** A Node-RED-style status (fill/shape/text) for a watcher state, in words a user can act on. */
export interface StatusView {
  readonly fill: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  readonly shape: 'dot' | 'ring';
  readonly text: string;
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function stateStatus(state: WatcherState): StatusView {
  switch (state.kind) {
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: 'connecting…' };
    case 'connected':
      return {
        fill: 'green',
        shape: state.mode === 'push' ? 'dot' : 'ring',
        text: `${state.mode === 'push' ? 'connected' : 'polling'}: ${state.server.ServerName} ${state.server.Version}`,
      };
    case 'reconnecting':
      return { fill: 'yellow', shape: 'ring', text: `reconnecting in ${seconds(state.inMs)}: ${state.reason}`.slice(0, 60) };
    case 'unauthorized':
      return { fill: 'red', shape: 'ring', text: 'unauthorized: check the API key' };
    case 'stopped':
      return { fill: 'grey', shape: 'ring', text: 'stopped' };
  }
}
