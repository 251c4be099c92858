import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeAPI, NodeDef } from 'node-red';
import { JellyfinConnection } from '../../src/playback/connection';
import { JellyfinClient } from '../../src/jellyfin/rest-client';
import type { WatchMode } from '../../src/jellyfin/session-watcher';
import type { JellyfinServerNode, ServerCredentials } from './types';
import { printable } from '../../src/util/printable';
import { errorText } from '../../src/util/guards';
import { verifiesCertificate } from '../../src/http/tls';
import { tlsChoice, tlsProblemText } from '../shared/tls';
import { catalog } from '../shared/catalog';

interface ServerNodeDef extends NodeDef {
  readonly url?: string;
  readonly mode?: string;
  readonly pollInterval?: number | string;
  /** Id of a core `tls-config` node: a home CA, a client certificate, a server name. */
  readonly tls?: string;
}

// The package's own version, told to Jellyfin in the Authorization header; read at load, relative to dist/.
const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

function watchMode(value: unknown): WatchMode {
  return value === 'push' || value === 'poll' ? value : 'auto';
}

export = function register(RED: NodeAPI): void {
  const t = catalog(RED, 'jellyfin-server');

  function JellyfinServer(this: JellyfinServerNode, def: ServerNodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    let shared: JellyfinConnection | undefined;

    node.connection = () => {
      if (shared) return shared;
      const apiKey = node.credentials?.apiKey ?? '';
      if (apiKey === '') throw new Error(RED._('jellyfin-server.errors.noApiKey'));
      const tls = tlsChoice(RED, def.tls);
      if (!tls.ok) throw new Error(tlsProblemText(t, tls, false));
      const url = def.url ?? '';
      if (!verifiesCertificate(tls.tls) && /^https:/i.test(url.trim())) {
        node.warn(t('tls.unverified', { url: printable(url, 80), name: printable(tls.label, 40) }));
      }
      const pollSeconds = Number(def.pollInterval);
      shared = new JellyfinConnection({
        url,
        apiKey,
        tls: tls.tls,
        deviceId: `node-red-jellynext-${node.id}`,
        version: PACKAGE_VERSION,
        mode: watchMode(def.mode),
        pollIntervalMs: Number.isFinite(pollSeconds) && pollSeconds > 0 ? Math.max(250, pollSeconds * 1000) : 1000,
        onDebug: (text) => node.debug(printable(text)),
      });
      return shared;
    };

    node.on('close', (done: () => void) => {
      const closing = shared;
      shared = undefined;
      if (!closing) return done();
      closing.close().then(done, done);
    });
  }

  RED.nodes.registerType<JellyfinServerNode, ServerNodeDef, unknown, ServerCredentials>('jellyfin-server', JellyfinServer, {
    credentials: { apiKey: { type: 'password' } },
  });

  // "Test connection" in the editor: GET /System/Info proves URL and key (/System/Info/Public would not check the key).
  RED.httpAdmin.post('/jellyfin-server/test', RED.auth.needsPermission('jellyfin-server.write'), (req, res) => {
    const body = (req.body ?? {}) as { id?: unknown; url?: unknown; apiKey?: unknown; tls?: unknown };
    const stored = typeof body.id === 'string' ? (RED.nodes.getCredentials(body.id) as ServerCredentials | undefined) : undefined;
    const apiKey =
      typeof body.apiKey === 'string' && body.apiKey !== '' && body.apiKey !== '__PWRD__' ? body.apiKey : (stored?.apiKey ?? '');
    if (apiKey === '') {
      res.json({ ok: false, error: RED._('jellyfin-server.errors.testNoApiKey') });
      return;
    }
    // The dialog names the chosen TLS configuration; only a deployed one has its files and credentials here.
    const tls = tlsChoice(RED, body.tls);
    if (!tls.ok) {
      res.json({ ok: false, error: tlsProblemText(t, tls, true) });
      return;
    }
    let client: JellyfinClient;
    try {
      client = new JellyfinClient({
        url: typeof body.url === 'string' ? body.url : '',
        apiKey,
        identity: { client: 'Node-RED', device: 'Node-RED JellyNext', deviceId: `node-red-jellynext-test`, version: PACKAGE_VERSION },
        timeoutMs: 8000,
        tls: tls.tls,
      });
    } catch (err) {
      res.json({ ok: false, error: errorText(err) });
      return;
    }
    client
      .systemInfo()
      .then((info) =>
        res.json({
          ok: true,
          serverName: info.ServerName,
          version: info.Version,
          ...(verifiesCertificate(tls.tls) ? {} : { unverified: true }),
        }),
      )
      .catch((err: unknown) => res.json({ ok: false, error: err instanceof Error ? err.message : String(err) }))
      .finally(() => void client.close());
  });
};
