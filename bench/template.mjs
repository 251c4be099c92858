// Template render benchmark: this package's compiled templates against two baselines measured in
// the same process, on the same inputs, in interleaved rounds. It prints ratios, never absolute
// pass/fail timings, because only ratios survive a change of machine.
//
//   ours        compileTemplate(source, 'json') once, then per render collectValues(...) + render(values)
//   regex       JellyNext's ReplacePlaceholders re-implemented from its C# (one RegExp per key per call)
//   regex-pre   the same with the regexes built once, to show the lower bound of that method
//   mustache    mustache 4.2 with a JSON-string escape and its own parse cache
//
// Run: npm run bench:template   (builds first; this file uses the built engine in dist/)
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { writeLatestRun } from './results-file.mjs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const engine = require('../dist/src/template/index.js');
const Mustache = require('mustache');

const { compileTemplate, collectValues, DEFAULT_MOVIE_PAYLOAD, DEFAULT_SHOW_PAYLOAD, SAMPLE_MOVIE, SAMPLE_SHOW } = engine;

// ---------------------------------------------------------------------------------------------
// Settings. The whole run (after the build) takes roughly 10-15 s on a 2-core VM.

const WARMUP_ITERATIONS = 20_000;
const ROUNDS = 11;
const BATCH_MS = 60;
const MEDIA_COUNT = 100;
const NOW = new Date('2026-03-01T20:15:31.000Z');
const GOALS = { regex: 20, mustache: 3 };

// ---------------------------------------------------------------------------------------------
// Templates. The two defaults are the engine's own constants (JellyNext's guide, character for
// character). The Discord one is ours, in the style of the guide's Discord example.

const DISCORD_PAYLOAD = `{
  "username": "JellyNext",
  "embeds": [
    {
      "title": "{title} ({year})",
      "url": "https://www.themoviedb.org/tv/{tmdbId}",
      "description": "Season {seasonNumber} of {title} was requested from Jellyfin.",
      "color": 5814783,
      "fields": [
        { "name": "TMDB", "value": "{tmdbId}", "inline": true },
        { "name": "IMDb", "value": "{imdbId}", "inline": true },
        { "name": "TVDB", "value": "{tvdbId}", "inline": true },
        { "name": "Requested by", "value": "{jellyfinUserId}", "inline": false }
      ],
      "footer": { "text": "JellyNext via Node-RED - {timestamp}" },
      "timestamp": "{timestamp}"
    }
  ]
}`;

/** `{name}` → `{{name}}`, for mustache. Our templates have no other single-brace words. */
const toMustache = (source) => source.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '{{$1}}');

// ---------------------------------------------------------------------------------------------
// Media: the engine's samples first, then deterministic variety (quotes, backslashes, unicode,
// `$` sequences, long titles, missing ids and years) so no method renders one constant input.

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLE_SHAPES = [
  'The Matrix',
  "Schindler's List",
  'The "Best" Movie Ever',
  'Back\\Slash: A Path Story',
  'Amélie',
  'Pokémon: The First Movie',
  '千と千尋の神隠し',
  'Ödipussi',
  'Rocket 🚀 Science',
  'Léon: The Professional',
  'Money $& Heist $1',
  'Tab\tand Newline\nTitle',
  'Мастер и Маргарита',
  'Crouching Tiger, Hidden Dragon',
  '<script>alert("x")</script>',
  '12 Angry Men',
];
const WORDS = [
  'night',
  'return',
  'of',
  'the',
  'last',
  'kingdom',
  'über',
  'café',
  'señor',
  'déjà',
  'vu',
  'saga',
  'chronicles',
  'part',
  'II',
];

function makeMedia(type, count, seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const list = [type === 'show' ? SAMPLE_SHOW : SAMPLE_MOVIE];
  for (let i = 1; i < count; i++) {
    let title = pick(TITLE_SHAPES);
    if (i % 7 === 0) {
      // long titles: 150-300 characters
      const words = [];
      while (words.join(' ').length < 150 + random() * 150) words.push(pick(WORDS));
      title = `${title}: ${words.join(' ')}`;
    } else if (i % 3 === 0) {
      title = `${title} ${pick(WORDS)} ${pick(WORDS)}`;
    }
    const media = {
      mediaType: type,
      tmdbId: i % 20 === 5 ? '' : String(Math.floor(random() * 1_200_000) + 1),
      imdbId: i % 10 === 3 ? '' : `tt${String(Math.floor(random() * 30_000_000)).padStart(7, '0')}`,
      tvdbId: type === 'show' ? String(Math.floor(random() * 450_000) + 70_000) : '',
      title,
      year: i % 20 === 9 ? null : 1920 + Math.floor(random() * 107),
      seasonNumber: type === 'show' ? 1 + Math.floor(random() * 25) : null,
      isAnime: type === 'show' ? random() < 0.3 : false,
      jellyfinUserId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      userName: pick(['alice', 'bob', 'Zoë', 'admin']),
      deviceName: pick(['Living room TV', 'iPhone', 'Firefox']),
      client: 'Jellyfin Web',
      sessionId: hex(32),
      itemId: hex(32),
    };
    list.push(media);
  }
  return list;
}

const MOVIES = makeMedia('movie', MEDIA_COUNT, 0x5eed01);
const SHOWS = makeMedia('show', MEDIA_COUNT, 0x5eed02);

// ---------------------------------------------------------------------------------------------
// Baseline 1: JellyNext's ReplacePlaceholders (WebhookDownloadProvider.cs), re-implemented.
//
// Per request the C# builds a Dictionary<string,string> (ints via ToString(InvariantCulture),
// isAnime as ToString().ToLowerInvariant() → "true"/"false", null → ""), returns a blank template
// unchanged, then for each key in insertion order runs the *static*
//   Regex.Replace(result, "{" + Regex.Escape(key) + "}", value, RegexOptions.IgnoreCase)
// Choice made here (the `regex` column): a new RegExp per key per call, as the static call builds
// a Regex object each time and only reuses parsed code through its small cache (Regex.CacheSize =
// 15). V8 behaves alike: `new RegExp` allocates an object but finds the compiled code in its own
// compilation cache, so this measures object construction + a full scan per key, not recompiling.
// `regex-pre` builds the RegExps once: the best case for the method, shown so the reader sees both.
// Like .NET, a string replacement interprets `$&`, `$1`, `$$`... (JS: `$<n>`, .NET also `$_`,
// `${n}`), so titles containing them are mangled in both. Nothing is escaped, so a title with a
// quote gives invalid JSON: this method is a speed baseline, not a correct renderer.

const MOVIE_KEYS = ['tmdbId', 'imdbId', 'title', 'year', 'jellyfinUserId'];
const SHOW_KEYS = ['tvdbId', 'tmdbId', 'imdbId', 'title', 'year', 'seasonNumber', 'isAnime', 'jellyfinUserId'];

/** .NET `Regex.Escape` for the characters that can matter in a key. */
const escapeRegExp = (text) => text.replace(/[\\^$.*+?()[\]{}|#\s]/g, '\\$&');

/** `int?.ToString(InvariantCulture) ?? ""` and `string ?? ""`. */
const csharpText = (value) => (value === null || value === undefined ? '' : String(value));

/** The dictionary as the C# builds it for one request: [key, value] pairs in insertion order. */
function jellynextPlaceholders(media, type) {
  if (type === 'show') {
    return [
      ['tvdbId', csharpText(media.tvdbId)],
      ['tmdbId', csharpText(media.tmdbId)],
      ['imdbId', csharpText(media.imdbId)],
      ['title', csharpText(media.title)],
      ['year', csharpText(media.year)],
      ['seasonNumber', String(media.seasonNumber ?? 0)],
      ['isAnime', media.isAnime ? 'true' : 'false'],
      ['jellyfinUserId', csharpText(media.jellyfinUserId)],
    ];
  }
  return [
    ['tmdbId', csharpText(media.tmdbId)],
    ['imdbId', csharpText(media.imdbId)],
    ['title', csharpText(media.title)],
    ['year', csharpText(media.year)],
    ['jellyfinUserId', csharpText(media.jellyfinUserId)],
  ];
}

const BLANK = /^\s*$/;

/** ReplacePlaceholders with a regex built per key per call (see above). */
function replacePlaceholders(template, placeholders) {
  if (BLANK.test(template)) return template;
  let result = template;
  for (let i = 0; i < placeholders.length; i++) {
    const [key, value] = placeholders[i];
    result = result.replace(new RegExp('\\{' + escapeRegExp(key) + '\\}', 'gi'), value);
  }
  return result;
}

/** ReplacePlaceholders with the regexes compiled once per key list. */
function precompiledReplacer(keys) {
  const patterns = keys.map((key) => new RegExp('\\{' + escapeRegExp(key) + '\\}', 'gi'));
  return (template, placeholders) => {
    if (BLANK.test(template)) return template;
    let result = template;
    for (let i = 0; i < patterns.length; i++) result = result.replace(patterns[i], placeholders[i][1]);
    return result;
  };
}

// ---------------------------------------------------------------------------------------------
// Baseline 2: mustache. Config objects are made once (not per call) so mustache gets its best
// case; the view is the media object plus `timestamp` (the Discord template uses it), built once
// per media item outside the timed loop.

const jsonStringEscape = (value) => JSON.stringify(String(value)).slice(1, -1);
const MUSTACHE_PARTIALS = {};
const MUSTACHE_CONFIG = { escape: jsonStringEscape };
const mustacheView = (media) => ({ ...media, timestamp: NOW.toISOString() });

// ---------------------------------------------------------------------------------------------
// The cases: one per template, each with its media set and one render function per method.

function makeCase(name, source, type, mediaList) {
  const compiled = compileTemplate(source, 'json');
  const mustacheSource = toMustache(source);
  const views = mediaList.map(mustacheView);
  const keys = type === 'show' ? SHOW_KEYS : MOVIE_KEYS;
  const pre = precompiledReplacer(keys);
  const count = mediaList.length;

  // One loop per method, so each loop's call sites only ever see that method's code.
  const loops = {
    ours(n, start) {
      let sink = 0;
      let i = start;
      for (let k = 0; k < n; k++) {
        sink += compiled.render(collectValues(mediaList[i], undefined, type, NOW)).length;
        if (++i === count) i = 0;
      }
      return sink;
    },
    regex(n, start) {
      let sink = 0;
      let i = start;
      for (let k = 0; k < n; k++) {
        sink += replacePlaceholders(source, jellynextPlaceholders(mediaList[i], type)).length;
        if (++i === count) i = 0;
      }
      return sink;
    },
    regexPre(n, start) {
      let sink = 0;
      let i = start;
      for (let k = 0; k < n; k++) {
        sink += pre(source, jellynextPlaceholders(mediaList[i], type)).length;
        if (++i === count) i = 0;
      }
      return sink;
    },
    mustache(n, start) {
      let sink = 0;
      let i = start;
      for (let k = 0; k < n; k++) {
        sink += Mustache.render(mustacheSource, views[i], MUSTACHE_PARTIALS, MUSTACHE_CONFIG).length;
        if (++i === count) i = 0;
      }
      return sink;
    },
  };

  // Single renders, for the sanity checks.
  const once = {
    ours: (media) => compiled.render(collectValues(media, undefined, type, NOW)),
    regex: (media) => replacePlaceholders(source, jellynextPlaceholders(media, type)),
    regexPre: (media) => pre(source, jellynextPlaceholders(media, type)),
    mustache: (media) => Mustache.render(mustacheSource, mustacheView(media), MUSTACHE_PARTIALS, MUSTACHE_CONFIG),
  };
  return { name, type, mediaList, loops, once };
}

const CASES = [
  makeCase('movie (default)', DEFAULT_MOVIE_PAYLOAD, 'movie', MOVIES),
  makeCase('show (default)', DEFAULT_SHOW_PAYLOAD, 'show', SHOWS),
  makeCase('discord embed', DISCORD_PAYLOAD, 'show', SHOWS),
];
const METHODS = ['ours', 'regex', 'regexPre', 'mustache'];

// ---------------------------------------------------------------------------------------------
// Sanity: each method must produce what it is expected to for the sample, and ours must stay
// valid JSON for every media item (the regex method is counted, not required, to be valid).

const TIMESTAMP = NOW.toISOString();

function expectedFor(caseName, m, { timestamp = TIMESTAMP, bareAsText = false } = {}) {
  const text = (v) => (v === null || v === undefined ? '' : String(v));
  if (caseName.startsWith('movie')) {
    return { tmdbId: m.tmdbId, imdbId: m.imdbId, title: m.title, year: text(m.year), jellyfinUserId: m.jellyfinUserId };
  }
  if (caseName.startsWith('show')) {
    return {
      tvdbId: m.tvdbId,
      tmdbId: m.tmdbId,
      imdbId: m.imdbId,
      title: m.title,
      year: text(m.year),
      seasonNumber: bareAsText ? text(m.seasonNumber) : m.seasonNumber,
      isAnime: bareAsText ? text(m.isAnime) : m.isAnime,
      jellyfinUserId: m.jellyfinUserId,
    };
  }
  return {
    username: 'JellyNext',
    embeds: [
      {
        title: `${m.title} (${text(m.year)})`,
        url: `https://www.themoviedb.org/tv/${m.tmdbId}`,
        description: `Season ${m.seasonNumber} of ${m.title} was requested from Jellyfin.`,
        color: 5814783,
        fields: [
          { name: 'TMDB', value: m.tmdbId, inline: true },
          { name: 'IMDb', value: m.imdbId, inline: true },
          { name: 'TVDB', value: m.tvdbId, inline: true },
          { name: 'Requested by', value: m.jellyfinUserId, inline: false },
        ],
        footer: { text: `JellyNext via Node-RED - ${timestamp}` },
        timestamp,
      },
    ],
  };
}

function parses(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function sanity(c) {
  const sample = c.mediaList[0];
  const checks = [];
  const check = (method, ok, detail) => checks.push({ method, ok, detail });

  const ours = parses(c.once.ours(sample));
  check(
    'ours',
    ours.ok && isDeepStrictEqual(ours.value, expectedFor(c.name, sample)),
    'sample parses as JSON and equals the expected values',
  );

  // JellyNext has no {timestamp}: it stays as written in the Discord template.
  const regex = parses(c.once.regex(sample));
  const regexDetail = c.name.startsWith('discord') ? ' ({timestamp} left as written: not a JellyNext key)' : '';
  check(
    'regex',
    regex.ok && isDeepStrictEqual(regex.value, expectedFor(c.name, sample, { timestamp: '{timestamp}' })),
    `sample parses as JSON and equals the expected values${regexDetail}`,
  );
  check(
    'regexPre',
    c.mediaList.every((m) => c.once.regexPre(m) === c.once.regex(m)),
    `same text as regex for all ${c.mediaList.length} media`,
  );

  const mustache = parses(c.once.mustache(sample));
  check(
    'mustache',
    mustache.ok && isDeepStrictEqual(mustache.value, expectedFor(c.name, sample)),
    'sample parses as JSON and equals the expected values',
  );

  // Every media item: ours is always valid and carries the exact values; count the others.
  let oursValid = 0;
  let regexValid = 0;
  let mustacheValid = 0;
  for (const m of c.mediaList) {
    const o = parses(c.once.ours(m));
    if (o.ok && isDeepStrictEqual(o.value, expectedFor(c.name, m))) oursValid++;
    if (parses(c.once.regex(m)).ok) regexValid++;
    const mu = parses(c.once.mustache(m));
    if (mu.ok && isDeepStrictEqual(mu.value, expectedFor(c.name, m))) mustacheValid++;
  }
  const n = c.mediaList.length;
  check('ours', oursValid === n, `all media: ${oursValid}/${n} parse and round-trip every value`);
  return { checks, regexValid, mustacheValid, n };
}

// ---------------------------------------------------------------------------------------------
// Timing.

function seconds(fn) {
  const t0 = process.hrtime.bigint();
  const sink = fn();
  const t1 = process.hrtime.bigint();
  return { s: Number(t1 - t0) / 1e9, sink };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
};

let globalSink = 0;

function benchmark() {
  const started = process.hrtime.bigint();
  // Warm-up: every method on every case, so the optimiser has seen all of them before timing.
  for (const c of CASES) for (const m of METHODS) globalSink += c.loops[m](WARMUP_ITERATIONS, 0);

  // Calibrate each batch to ~BATCH_MS, so a round costs the same time for every method.
  const batch = new Map();
  for (const c of CASES) {
    for (const m of METHODS) {
      let n = 2_000;
      let t = seconds(() => c.loops[m](n, 0));
      while (t.s < 0.02) {
        n *= 2;
        t = seconds(() => c.loops[m](n, 0));
      }
      globalSink += t.sink;
      batch.set(`${c.name}/${m}`, Math.max(1_000, Math.round((n / t.s) * (BATCH_MS / 1000))));
    }
  }

  // Rounds: A B C D, then B C D A, ... so no method always runs first or after the same one.
  const samples = new Map(CASES.flatMap((c) => METHODS.map((m) => [`${c.name}/${m}`, []])));
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of CASES) {
      for (let j = 0; j < METHODS.length; j++) {
        const m = METHODS[(j + r) % METHODS.length];
        const key = `${c.name}/${m}`;
        const n = batch.get(key);
        const start = (r * 37) % c.mediaList.length;
        const t = seconds(() => c.loops[m](n, start));
        globalSink += t.sink;
        samples.get(key).push(n / t.s);
      }
    }
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { samples, elapsed };
}

// ---------------------------------------------------------------------------------------------
// Report.

const fmtOps = (x) => Math.round(x).toLocaleString('en-US');
const fmtRatio = (x) => `${x.toFixed(x < 10 ? 2 : 1)}×`;

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' | ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join('\n');
}

const report = [];
/** Prints a line and keeps it for bench/RESULTS.md. */
function print(line = '') {
  console.log(line);
  report.push(line);
}

function main() {
  print('Template render benchmark (bench/template.mjs)');
  print(
    `node ${process.version} | ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores) | ${os.platform()} ${os.arch()} | ${new Date().toISOString()}`,
  );
  print(
    `mustache ${require('mustache/package.json').version} | ${MEDIA_COUNT} media per template, cycled | warm-up ${WARMUP_ITERATIONS.toLocaleString('en-US')} renders/method | ${ROUNDS} interleaved rounds of ~${BATCH_MS} ms | median ops/s`,
  );
  print('');

  const sanityResults = CASES.map((c) => ({ c, ...sanity(c) }));
  const { samples, elapsed } = benchmark();

  const rows = [
    [
      'template',
      'ours ops/s',
      'JellyNext regex ops/s',
      'mustache ops/s',
      'ours÷regex',
      'ours÷mustache',
      'regex (precompiled) ops/s',
      'ours÷regex-pre',
    ],
  ];
  const ratios = [];
  for (const c of CASES) {
    const med = Object.fromEntries(METHODS.map((m) => [m, median(samples.get(`${c.name}/${m}`))]));
    const r = { name: c.name, regex: med.ours / med.regex, mustache: med.ours / med.mustache, regexPre: med.ours / med.regexPre };
    ratios.push(r);
    rows.push([
      c.name,
      fmtOps(med.ours),
      fmtOps(med.regex),
      fmtOps(med.mustache),
      fmtRatio(r.regex),
      fmtRatio(r.mustache),
      fmtOps(med.regexPre),
      fmtRatio(r.regexPre),
    ]);
  }
  print(table(rows));
  print('');

  // Spread: p25-p75 of each method's rounds, relative to its median. Large values mean a noisy machine.
  const spread = [['spread (p25–p75 / median)', ...METHODS]];
  for (const c of CASES) {
    spread.push([
      c.name,
      ...METHODS.map((m) => {
        const xs = samples.get(`${c.name}/${m}`);
        return `±${(((quantile(xs, 0.75) - quantile(xs, 0.25)) / median(xs)) * 50).toFixed(1)}%`;
      }),
    ]);
  }
  print(table(spread));
  print('');

  print('sanity:');
  let allOk = true;
  for (const { c, checks, regexValid, mustacheValid, n } of sanityResults) {
    for (const { method, ok, detail } of checks) {
      allOk &&= ok;
      print(`  ${ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(16)} ${method.padEnd(9)} ${detail}`);
    }
    print(
      `  info ${c.name.padEnd(16)} valid JSON with exact values over all media: mustache ${mustacheValid}/${n}; JellyNext regex parses at all for ${regexValid}/${n}`,
    );
  }
  print('');

  print(`goals: ours ≥ ${GOALS.regex}× JellyNext regex, ≥ ${GOALS.mustache}× mustache`);
  let goalsMet = true;
  for (const r of ratios) {
    const okRegex = r.regex >= GOALS.regex;
    const okMustache = r.mustache >= GOALS.mustache;
    goalsMet &&= okRegex && okMustache;
    print(
      `  ${r.name.padEnd(16)} vs regex ${fmtRatio(r.regex).padStart(7)} ${okRegex ? 'met' : 'NOT met'} | vs mustache ${fmtRatio(r.mustache).padStart(7)} ${okMustache ? 'met' : 'NOT met'}`,
    );
  }
  print(`  ${goalsMet ? 'all goals met' : 'some goals NOT met'}; timed part took ${elapsed.toFixed(1)} s (sink ${globalSink % 997})`);

  recordRun();
  if (!allOk) process.exitCode = 1;
}

/** Writes this run's printed report into bench/RESULTS.md over the previous one (TEMPLATE_RESULTS=0 skips it). */
function recordRun() {
  if (process.env.TEMPLATE_RESULTS === '0') return;
  const run = process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : 'node bench/template.mjs';
  writeLatestRun(new URL('./RESULTS.md', import.meta.url), 'bench/template', [`command: \`${run}\``], report);
}

main();
