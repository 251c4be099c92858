import { describe, expect, it } from 'vitest';
import { RESULTS_PREAMBLE, resultsSection, withLatestRun } from '../../bench/results-file.mjs';

const at = (iso: string) => new Date(iso);
const detectOld = resultsSection('bench/detect', ['command: `old`'], ['old table'], at('2026-01-01T00:00:00Z'));
const template = resultsSection('bench/template', ['command: `t`'], ['template table'], at('2026-01-02T00:00:00Z'));
const detectNew = resultsSection('bench/detect', ['command: `new`'], ['new table'], at('2026-01-03T00:00:00Z'));

describe('bench/RESULTS.md keeps the latest run of each bench', () => {
  it('starts a missing file with the preamble and the first section', () => {
    expect(withLatestRun('', 'bench/detect', detectOld)).toBe(`${RESULTS_PREAMBLE}\n\n${detectOld}\n`);
  });

  it('replaces the earlier run of the same bench where it was, leaving the others alone', () => {
    const before = withLatestRun(withLatestRun('', 'bench/detect', detectOld), 'bench/template', template);
    const after = withLatestRun(before, 'bench/detect', detectNew);
    expect(after).toBe(`${RESULTS_PREAMBLE}\n\n${detectNew}\n\n${template}\n`);
    expect(after).not.toContain('old table');
  });

  it('folds several runs of one bench (the old append-only file) into the new one', () => {
    const appended = `${RESULTS_PREAMBLE}\n\n${detectOld}\n\n${template}\n\n${detectOld}\n`;
    expect(withLatestRun(appended, 'bench/detect', detectNew)).toBe(`${RESULTS_PREAMBLE}\n\n${detectNew}\n\n${template}\n`);
  });

  it('does not take a "## " line inside a report for a section title', () => {
    const tricky = resultsSection('bench/template', [], ['## bench/detect — inside the code block'], at('2026-01-02T00:00:00Z'));
    const text = withLatestRun(withLatestRun('', 'bench/template', tricky), 'bench/detect', detectNew);
    expect(text).toBe(`${RESULTS_PREAMBLE}\n\n${tricky}\n\n${detectNew}\n`);
  });
});
