// The Node-RED user directory of `npm start`: this checkout linked in as the package (like the test
// runtime does), a settings file written on every start, and the flows left alone unless there are
// none yet or a reset was asked for.
import { existsSync, lstatSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PACKAGE_NAME = 'node-red-contrib-jellynext';
export const FLOW_FILE = 'flows.json';
const CREDENTIALS_FILE = 'flows_cred.json';

/** Demo only: with a secret everyone knows, flows_cred.json is obscured, not protected. */
const CREDENTIAL_SECRET = 'jellynext-npm-start-demo';

function settings() {
  return {
    uiHost: '127.0.0.1',
    flowFile: FLOW_FILE,
    flowFilePretty: true,
    credentialSecret: CREDENTIAL_SECRET,
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
}

/** node_modules/<package> → the checkout; replaces a stale link, refuses to touch a real directory. */
function linkPackage(userDir, root) {
  const modules = join(userDir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const link = join(modules, PACKAGE_NAME);
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    stat = undefined;
  }
  if (stat?.isSymbolicLink()) {
    if (resolve(modules, readlinkSync(link)) === resolve(root)) return;
    rmSync(link);
  } else if (stat) {
    throw new Error(`${link} exists and is not a link to this checkout; remove it so npm start can load the package from here`);
  }
  symlinkSync(root, link, 'dir');
}

/** The flows in the user directory: an array (maybe empty), or undefined when the file is missing or unreadable. */
export function readFlows(userDir) {
  const file = join(userDir, FLOW_FILE);
  if (!existsSync(file)) return { flows: [], readable: true };
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return { flows: [], readable: true };
  try {
    const parsed = JSON.parse(text);
    const flows = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.flows) ? parsed.flows : undefined;
    return flows ? { flows, readable: true } : { flows: undefined, readable: false };
  } catch {
    return { flows: undefined, readable: false };
  }
}

/**
 * Creates or refreshes the user directory. Answers whether the demo flow must be deployed
 * (`deploy`), the flows kept otherwise (`flows`), and any files moved aside by a reset (`movedAside`).
 */
export function prepareUserDir({ userDir, root, reset }) {
  mkdirSync(userDir, { recursive: true });
  linkPackage(userDir, root);
  const settingsFile = join(userDir, 'settings.js');
  writeFileSync(
    settingsFile,
    '// Written by `npm start` (scripts/start/user-dir.mjs) on every start: edits here are overwritten.\n' +
      '// The credential secret is fixed for the demo, so flows_cred.json is obscured, not protected.\n' +
      `module.exports = ${JSON.stringify(settings(), null, 2)};\n`,
  );

  const movedAside = [];
  if (reset) {
    for (const name of [FLOW_FILE, CREDENTIALS_FILE]) {
      const file = join(userDir, name);
      if (!existsSync(file)) continue;
      renameSync(file, `${file}.bak`);
      movedAside.push(`${file}.bak`);
    }
  }
  const { flows, readable } = readFlows(userDir);
  return { settingsFile, deploy: readable && flows.length === 0, flows: flows ?? [], readable, movedAside };
}
