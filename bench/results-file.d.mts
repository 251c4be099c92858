// Types of results-file.mjs for the TypeScript benches and tests that import it.
export const RESULTS_PREAMBLE: string;
export function resultsSection(bench: string, header: readonly string[], report: readonly string[], date?: Date): string;
export function withLatestRun(text: string, bench: string, section: string): string;
export function writeLatestRun(file: string | URL, bench: string, header: readonly string[], report: readonly string[]): void;
