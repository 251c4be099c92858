import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { DEFAULT_NOTIFY_HEADER, DEFAULT_NOTIFY_TEXT, notifyUser, type NotifyOutcome } from '../../src/notify/notify-user';
import { targetUser } from '../../src/notify/target-user';
import { compileStopText, type StopText } from '../../src/stop/stop-messages';
import { errorText } from '../../src/util/guards';
import { printable } from '../../src/util/printable';
import { catalog } from '../shared/catalog';
import { InFlight } from '../shared/in-flight';
import { serverConnection } from '../shared/server-connection';

interface NotifyDef extends NodeDef {
  readonly server?: string;
  /** A Jellyfin user name or id; empty: the user of `msg.media`. */
  readonly user?: string;
  readonly header?: string;
  readonly text?: string;
  /** Seconds the message stays on screen. */
  readonly messageTime?: number | string;
}

type NotifyMessage = NodeMessageInFlow & { media?: unknown; notified?: NotifyOutcome };

function seconds(value: unknown, fallback: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(600, Math.max(0.5, n)) : fallback;
}

export = function register(RED: NodeAPI): void {
  /** A text of this node's catalog, `locales/<lang>/jellyfin-notify.json`. */
  const t = catalog(RED, 'jellyfin-notify');

  function JellyfinNotify(this: Node, def: NotifyDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const timeoutMs = seconds(def.messageTime, 10) * 1000;
    const configuredUser = def.user ?? '';
    // The stop node's texts: the same placeholder names and escaping, one code path for both.
    const compile = (source: string, which: 'header' | 'text'): StopText => {
      try {
        return compileStopText(source);
      } catch (err) {
        node.error(printable(t(`errors.${which}`, { error: errorText(err) })));
        return { syntax: 'placeholders', warnings: [], render: () => source };
      }
    };
    const header = compile(def.header ?? DEFAULT_NOTIFY_HEADER, 'header');
    const text = compile(def.text ?? DEFAULT_NOTIFY_TEXT, 'text');

    const { connection, error: setupError } = serverConnection(RED, node, def.server, t('errors.noServer'));
    const messages = new InFlight();

    const handle = async (msg: NotifyMessage, send: (msgs: Array<NotifyMessage | null>) => void): Promise<void> => {
      if (msg.media === undefined && typeof msg.payload === 'object' && msg.payload !== null) msg.media = msg.payload;
      const target = targetUser(configuredUser, msg.media);
      if (!connection || 'problem' in target) {
        const error = setupError ?? ('problem' in target ? target.problem : t('errors.noServer'));
        node.warn(printable(error));
        node.status({ fill: 'red', shape: 'ring', text: printable(error, 60) });
        msg.notified = { count: 0, sessions: [], userId: '', silent: 0, error };
        send([null, msg]);
        return;
      }
      const who = target.kind === 'name' ? target.name : target.id;
      node.status({ fill: 'blue', shape: 'dot', text: t('status.telling', { user: printable(who, 40) }) });
      const outcome = await notifyUser(
        connection,
        target,
        { header: header.render(msg), text: text.render(msg), timeoutMs },
        messages.signal,
      );
      if (messages.closed) return;
      msg.notified = outcome;
      const user = printable(outcome.userName ?? who, 40);
      if (outcome.upgradeNeeded) {
        node.warn(printable(outcome.error ?? t('status.upgrade')));
        node.status({ fill: 'red', shape: 'ring', text: t('status.upgrade') });
      } else if (outcome.error) {
        node.warn(printable(outcome.error));
        node.status({ fill: outcome.count > 0 ? 'yellow' : 'red', shape: 'ring', text: printable(outcome.error, 60) });
      } else if (outcome.count > 0) {
        node.status({
          fill: 'green',
          shape: 'dot',
          text: t(outcome.count === 1 ? 'status.toldOne' : 'status.toldMany', { user, count: outcome.count }),
        });
      } else {
        node.status({ fill: 'yellow', shape: 'ring', text: t('status.noScreen', { user }) });
      }
      send(outcome.count > 0 ? [msg, null] : [null, msg]);
    };

    node.on('input', (msg, send, done) => {
      void messages.run(() => handle(msg as NotifyMessage, send as (msgs: Array<NotifyMessage | null>) => void), done);
    });

    node.on('close', (done: () => void) => {
      void messages.close().then(() => done());
    });
  }

  RED.nodes.registerType('jellyfin-notify', JellyfinNotify);
};
