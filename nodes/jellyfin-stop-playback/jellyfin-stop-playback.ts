import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  compileStopText,
  DEFAULT_FAILURE_MESSAGE,
  DEFAULT_HEADER,
  DEFAULT_SUCCESS_MESSAGE,
  type StopText,
} from '../../src/stop/stop-messages';
import { stopPlayback, type StopOutcome } from '../../src/stop/stop-playback';
import { createPathMatcher, type PathMatcher } from '../../src/playback/path-match';
import { printable } from '../../src/util/printable';
import { errorText } from '../../src/util/guards';
import { catalog } from '../shared/catalog';
import { InFlight } from '../shared/in-flight';
import { StatusLater } from '../shared/status-later';
import { serverConnection } from '../shared/server-connection';

interface StopDef extends NodeDef {
  readonly server?: string;
  readonly stop?: boolean;
  readonly delay?: number | string;
  readonly notify?: boolean;
  readonly header?: string;
  readonly successMessage?: string;
  readonly failureMessage?: string;
  /** Seconds the message stays on screen. */
  readonly messageTime?: number | string;
  /** Before 0.2: the same in milliseconds; read when `messageTime` is absent. */
  readonly messageTimeout?: number | string;
  /** Add the technical reason to the failure text on screen. */
  readonly failureDetail?: boolean;
  readonly markUnplayed?: boolean;
}

type StopMessage = NodeMessageInFlow & {
  session?: { id?: unknown; userId?: unknown };
  sessionId?: unknown;
  media?: Record<string, unknown>;
  item?: { Id?: unknown; Path?: unknown; SeriesId?: unknown };
  /** The path match `jellyfin-virtual-play` used; the series is reset only when its path matches it too. */
  pathMatch?: unknown;
  webhook?: { ok?: unknown; error?: unknown };
  stopped?: StopOutcome;
};

function numberIn(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The matcher for `msg.pathMatch` (the default when absent); undefined when it does not compile, so no
 * parent is touched. Every message of a flow carries the same pattern: it is compiled once, not per message.
 */
function parentMatchers(): (pathMatch: unknown) => PathMatcher | undefined {
  let lastSource: string | undefined;
  let lastMatcher: PathMatcher | undefined;
  return (pathMatch) => {
    const source = typeof pathMatch === 'string' ? pathMatch : '';
    if (source !== lastSource) {
      lastSource = source;
      try {
        lastMatcher = createPathMatcher(source);
      } catch {
        lastMatcher = undefined;
      }
    }
    return lastMatcher;
  };
}

export = function register(RED: NodeAPI): void {
  /** A text of this node's catalog, `locales/<lang>/jellyfin-stop-playback.json`. */
  const t = catalog(RED, 'jellyfin-stop-playback');

  function JellyfinStopPlayback(this: Node, def: StopDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const stop = def.stop !== false;
    const notify = def.notify !== false;
    const markUnplayed = def.markUnplayed !== false;
    const delayMs = numberIn(def.delay, 2, 0, 30) * 1000;
    const timeoutMs =
      def.messageTime === undefined && def.messageTimeout !== undefined
        ? numberIn(def.messageTimeout, 5000, 500, 600_000)
        : numberIn(def.messageTime, 5, 0.5, 600) * 1000;
    const header = def.header ?? DEFAULT_HEADER;
    const failureDetail = def.failureDetail === true;
    const compile = (source: string, which: 'success' | 'failure'): StopText => {
      try {
        return compileStopText(source);
      } catch (err) {
        node.error(printable(t(which === 'success' ? 'errors.successTemplate' : 'errors.failureTemplate', { error: errorText(err) })));
        return { syntax: 'placeholders', warnings: [], render: () => source };
      }
    };
    const texts = {
      success: compile(def.successMessage ?? DEFAULT_SUCCESS_MESSAGE, 'success'),
      failure: compile(def.failureMessage ?? DEFAULT_FAILURE_MESSAGE, 'failure'),
    };

    // Resetting the played state waits for the session to leave the item, which needs session events.
    const { connection, error: setupError } = serverConnection(RED, node, def.server, t('errors.noServer'), (opened) => {
      if (markUnplayed) opened.watch();
    });
    const messages = new InFlight();
    // Worded after the viewer's message and Stop are on their way, not before them.
    const status = new StatusLater(node);
    const parentMatcher = parentMatchers();

    /** The viewer's text: friendly by default; the reason only when the node is told to add it. */
    const viewerText = (ok: boolean, msg: StopMessage): string => {
      const text = (ok ? texts.success : texts.failure).render(msg);
      const reason = msg.webhook?.error;
      if (ok || !failureDetail || typeof reason !== 'string' || reason === '') return text;
      return `${text} (${printable(reason, 200)})`;
    };

    const handle = async (msg: StopMessage, send: (msg: StopMessage) => void): Promise<void> => {
      const sessionId = text(msg.session?.id) ?? text(msg.sessionId);
      if (!connection || !sessionId) {
        const error = setupError ?? t('errors.noSession');
        node.warn(printable(error));
        msg.stopped = { stopped: false, notified: false, unplayed: false, parentUnplayed: false, error };
        send(msg);
        return;
      }
      if (!msg.media && typeof msg.payload === 'object' && msg.payload !== null) msg.media = msg.payload as Record<string, unknown>;
      const ok = msg.webhook?.ok !== false;
      const message = notify ? { header, text: viewerText(ok, msg), timeoutMs } : undefined;
      status.show(() => ({ fill: 'blue', shape: 'dot', text: t(stop ? 'status.tellingAndStopping' : 'status.telling') }));
      const seriesId = text(msg.item?.SeriesId);
      const itemPath = text(msg.item?.Path);
      const matcher = seriesId && itemPath ? parentMatcher(msg.pathMatch) : undefined;
      const outcome = await stopPlayback(
        connection,
        {
          sessionId,
          itemId: text(msg.media?.itemId) ?? text(msg.item?.Id),
          userId: text(msg.session?.userId) ?? text(msg.media?.jellyfinUserId),
          message,
          stop,
          delayMs,
          markUnplayed,
          parent: seriesId && itemPath && matcher ? { seriesId, itemPath, matcher } : undefined,
        },
        messages.signal,
      );
      if (messages.closed) return;
      msg.stopped = outcome;
      const failed = msg.webhook?.ok === false;
      if (outcome.upgradeNeeded) {
        node.warn(printable(outcome.error ?? t('status.upgrade')));
        status.show(() => ({ fill: 'red', shape: 'ring', text: t('status.upgrade') }));
      } else if (outcome.error) {
        const error = outcome.error;
        node.warn(printable(error));
        status.show(() => ({ fill: 'yellow', shape: 'ring', text: printable(error, 60) }));
      } else {
        status.show(() => {
          const told = failed ? t('status.toldFailure') : t('status.told');
          const steps = [outcome.notified && told, outcome.stopped && t('status.stopped'), outcome.unplayed && t('status.unplayed')];
          const done = steps.filter(Boolean).join(t('status.separator'));
          return { fill: 'green', shape: 'dot', text: done || t('status.nothingToDo') };
        });
      }
      send(msg);
    };

    node.on('input', (msg, send, done) => {
      void messages.run(() => handle(msg as StopMessage, send as (msg: StopMessage) => void), done);
    });

    node.on('close', (done: () => void) => {
      const ended = messages.close();
      status.cancel();
      if (connection && markUnplayed) connection.unwatch();
      void ended.then(() => done());
    });
  }

  RED.nodes.registerType('jellyfin-stop-playback', JellyfinStopPlayback);
};
