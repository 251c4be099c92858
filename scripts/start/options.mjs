// Reads `npm start`'s options from the command line and the environment. Flags win over variables.
import { join, resolve } from 'node:path';

export const USAGE = `Usage: npm start [-- options]
  (or: node scripts/start.mjs [options])

Starts a real Node-RED with this package loaded and the Getting-started flow deployed.

Options (environment variable in brackets):
  --port N            Node-RED editor port, 0 = any free port            [PORT, default 1880]
  --jellyfin-port N   simulator port, 0 = any free port                   [JELLYNEXT_SIM_PORT, default 8096 or the next free]
  --receiver-port N   local webhook receiver port, 0 = any free port      [JELLYNEXT_RECEIVER_PORT, default 5055 or the next free]
  --user-dir DIR      Node-RED user directory                             [JELLYNEXT_USER_DIR, default .node-red]
  --reset             redeploy the demo flow (your flows move to flows.json.bak)  [JELLYNEXT_RESET=1]
  --no-build          do not rebuild, even when src/ or nodes/ changed
  -h, --help          this text

A real Jellyfin instead of the simulator: JELLYFIN_URL and JELLYFIN_API_KEY.
Send the webhook somewhere else than the local receiver: WEBHOOK_URL.`;

export class UsageError extends Error {}

function port(value, name) {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || number > 65535) throw new UsageError(`${name} must be a port number (0–65535), not "${value}"`);
  return number;
}

function truthy(value) {
  return value !== undefined && /^(1|true|yes|on)$/i.test(String(value).trim());
}

function httpUrl(value, name) {
  const text = String(value).trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${name} is not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must start with http:// or https://`);
  return text;
}

/** Parses `argv` (without node and the script) and `env` into the options `startDemo` takes. */
export function readOptions(argv, env, root) {
  const flags = {};
  const valued = new Set(['port', 'jellyfin-port', 'receiver-port', 'user-dir']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      flags.help = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = match;
    if (valued.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else if (name === 'reset' || name === 'no-build') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }

  const jellyfinUrl = env.JELLYFIN_URL?.trim() || undefined;
  const apiKey = env.JELLYFIN_API_KEY?.trim() || undefined;
  if (Boolean(jellyfinUrl) !== Boolean(apiKey)) {
    throw new UsageError('set both JELLYFIN_URL and JELLYFIN_API_KEY to use a real Jellyfin, or neither to use the simulator');
  }
  const userDir = flags['user-dir'] ?? env.JELLYNEXT_USER_DIR?.trim();
  return {
    help: flags.help === true,
    root,
    userDir: userDir ? resolve(userDir) : join(root, '.node-red'),
    port: port(flags.port, '--port') ?? port(env.PORT, 'PORT') ?? 1880,
    // An explicit simulator or receiver port must be free; the defaults move on to the next free one.
    simPort: port(flags['jellyfin-port'], '--jellyfin-port') ?? port(env.JELLYNEXT_SIM_PORT, 'JELLYNEXT_SIM_PORT'),
    receiverPort: port(flags['receiver-port'], '--receiver-port') ?? port(env.JELLYNEXT_RECEIVER_PORT, 'JELLYNEXT_RECEIVER_PORT'),
    reset: flags.reset === true || truthy(env.JELLYNEXT_RESET),
    build: flags['no-build'] !== true,
    jellyfin: jellyfinUrl ? { url: httpUrl(jellyfinUrl, 'JELLYFIN_URL').replace(/\/+$/, ''), apiKey } : undefined,
    webhookUrl: env.WEBHOOK_URL?.trim() ? httpUrl(env.WEBHOOK_URL, 'WEBHOOK_URL') : undefined,
  };
}
