// bench/RESULTS.md holds the latest run of each bench, one section per bench (older runs are in git
// history). Shared by bench/template.mjs (plain JavaScript) and the TypeScript benches (plumbing.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const RESULTS_PREAMBLE = [
  '# Benchmark results',
  '',
  'The latest run of each bench, written over the previous one by the bench that produced it (older runs',
  'are in git history). Compare ratios, not absolute numbers: they come from whatever machine and load',
  'the run had.',
].join('\n');

const SECTION_MARK = '## ';
const TITLE_SEPARATOR = ' — ';
const FENCE = '```';

/** A section as the benches write it: dated title, `- ` header lines, the printed report in a code block. */
export function resultsSection(bench, header, report, date = new Date()) {
  return [
    `${SECTION_MARK}${bench}${TITLE_SEPARATOR}${date.toISOString()}`,
    '',
    ...header.map((line) => `- ${line}`),
    '',
    FENCE,
    ...report,
    FENCE,
  ].join('\n');
}

/** The text split at its `## ` titles (outside code blocks): the preamble, then one block per section. */
function blocks(text) {
  const found = [{ bench: undefined, lines: [] }];
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith(FENCE)) inCode = !inCode;
    if (!inCode && line.startsWith(SECTION_MARK))
      found.push({ bench: line.slice(SECTION_MARK.length).split(TITLE_SEPARATOR)[0], lines: [] });
    found.at(-1).lines.push(line);
  }
  return found;
}

/**
 * `text` with `section` in place of every earlier section of `bench` (where its first one was, so the
 * order of benches stays put), or appended when `bench` has none yet.
 */
export function withLatestRun(text, bench, section) {
  const kept = [];
  let placed = false;
  for (const block of blocks(text.trim() === '' ? RESULTS_PREAMBLE : text)) {
    const body = block.lines.join('\n').trimEnd();
    if (block.bench !== bench) kept.push(body);
    else if (!placed) {
      kept.push(section);
      placed = true;
    }
  }
  if (!placed) kept.push(section);
  return `${kept.join('\n\n')}\n`;
}

/** Writes one run's report into `file` (created when missing), replacing that bench's previous run. */
export function writeLatestRun(file, bench, header, report) {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, withLatestRun(previous, bench, resultsSection(bench, header, report)));
}
