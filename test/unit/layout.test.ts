import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout of src/ as a rule: each part (a folder, or a file directly in src/) names the parts it
// may import. Lower parts never reach up, so a folder name tells a newcomer what it may depend on.
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  util: [],
  // TLS options, network error texts, lazy undici, and websocket/: the session socket's RFC 6455 client.
  http: [],
  media: [],
  // The Jellyfin protocol client alone.
  jellyfin: ['http', 'util'],
  // The template engine: knows placeholders and the media types, nothing about sending.
  template: ['media'],
  // Playback detection above the client: the connection (with its TLS options), tracker, series cache, media extraction.
  playback: ['jellyfin', 'http', 'media'],
  // Sending webhooks, built on the templates.
  webhook: ['template', 'http', 'media', 'util'],
  // Stopping the placeholder video and telling the viewer: a domain of its own, above playback.
  stop: ['playback', 'jellyfin', 'template'],
  // Telling a user on every screen that the media has arrived: the stop node's texts and Jellyfin calls.
  notify: ['stop', 'playback', 'jellyfin', 'util'],
};
const MAX_LINES = 300;

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
// `from '…'`, `import '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*(?:\(\s*)?|\brequire\(\s*)['"]([^'"\n]+)['"]/g;

function importsOf(code: string): string[] {
  return [...code.replace(COMMENTS, '').matchAll(SPECIFIER)].map((match) => match[1]);
}

/** The part of src/ a file belongs to: its top folder, or the module itself (`media`) when it sits directly in src/. */
function partOf(file: string): string {
  return relative(SRC, file).split(sep)[0].replace(/\.ts$/, '');
}

/** A cycle in a graph of parts, as the parts along it (first repeated at the end), or undefined. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const onPath = path.indexOf(node);
    if (onPath >= 0) return [...path.slice(onPath), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

interface ImportLine {
  readonly file: string;
  readonly specifier: string;
}

function readTree(): { files: string[]; imports: ImportLine[] } {
  const files = sourceFiles(SRC);
  const imports = files.flatMap((file) => importsOf(readFileSync(file, 'utf8')).map((specifier) => ({ file, specifier })));
  return { files, imports };
}

describe('layout of src/: one direction between its parts', () => {
  const { files, imports } = readTree();
  const local = imports.filter((line) => line.specifier.startsWith('.'));
  const name = (file: string): string => relative(SRC, file).split(sep).join('/');

  it('reads the imports (the checks below are not vacuous)', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(local.some((line) => name(line.file) === 'playback/connection.ts' && line.specifier === '../jellyfin/session-watcher')).toBe(
      true,
    );
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const line of local) {
      const from = partOf(line.file);
      const to = partOf(resolve(dirname(line.file), line.specifier));
      if (from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
    expect(findCycle(edges)).toBeUndefined();
  });

  it('imports only downwards, as MAY_IMPORT says', () => {
    const unknown = [...new Set(files.map(partOf))].filter((part) => !(part in MAY_IMPORT));
    expect(unknown, 'a new part of src/: add it to MAY_IMPORT with what it may use').toEqual([]);
    const upward = local
      .map((line) => ({ line, from: partOf(line.file), to: partOf(resolve(dirname(line.file), line.specifier)) }))
      .filter(({ from, to }) => from !== to && !(MAY_IMPORT[from] ?? []).includes(to))
      .map(({ line }) => `${name(line.file)} → ${line.specifier}`);
    expect(upward).toEqual([]);
  });

  it('stays plain TypeScript: nothing from Node-RED, nothing outside src/', () => {
    const nodeRed = imports.filter((line) => /^(?:node-red|@node-red\/)/.test(line.specifier)).map((line) => name(line.file));
    expect(nodeRed).toEqual([]);
    const outside = local
      .filter((line) => relative(SRC, resolve(dirname(line.file), line.specifier)).startsWith('..'))
      .map((line) => `${name(line.file)} → ${line.specifier}`);
    expect(outside).toEqual([]);
  });

  it(`keeps every file in src/ and nodes/ at most ${MAX_LINES} lines`, () => {
    const long = [...files, ...sourceFiles(resolve(SRC, '../nodes'))]
      .map((file) => ({ file: name(file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});

describe('the layout checks themselves', () => {
  it('find the imports of every form, skipping comments', () => {
    const code = [
      "import { a } from './a';",
      "import type {\n  B,\n} from '../b/b';",
      "export { c } from './c';",
      "import 'node-red';",
      "const d = require('./d');",
      "const e = await import('./e');",
      "// import { f } from './f';",
      "/* import { g } from './g'; */",
    ].join('\n');
    expect(importsOf(code)).toEqual(['./a', '../b/b', './c', 'node-red', './d', './e']);
  });

  it('find a cycle, and none where there is none', () => {
    const graph = (pairs: Array<[string, string]>): Map<string, Set<string>> => {
      const edges = new Map<string, Set<string>>();
      for (const [from, to] of pairs) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      return edges;
    };
    expect(
      findCycle(
        graph([
          ['stop', 'playback'],
          ['playback', 'jellyfin'],
          ['jellyfin', 'playback'],
        ]),
      ),
    ).toEqual(['playback', 'jellyfin', 'playback']);
    expect(
      findCycle(
        graph([
          ['stop', 'playback'],
          ['playback', 'jellyfin'],
          ['stop', 'jellyfin'],
        ]),
      ),
    ).toBeUndefined();
  });
});
