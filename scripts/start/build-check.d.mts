// Types of build-check.mjs for the TypeScript tests that import it.
export type BuildStatus = { readonly needed: false } | { readonly needed: true; readonly reason: string };
export function buildStatus(root: string): BuildStatus;
export function runBuild(root: string, register?: (closer: () => void) => () => void): Promise<void>;
