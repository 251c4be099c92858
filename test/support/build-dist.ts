// Vitest globalSetup of the projects that load dist/ (node, browser, e2e, reliability): without it they
// would silently test whatever the last build left there. Builds only when a source is newer than the
// output (the same check `npm start` makes), so after `npm run build` it costs a directory walk.
import { fileURLToPath } from 'node:url';
import { buildStatus, runBuild } from '../../scripts/start/build-check.mjs';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Each project runs its own globalSetup, possibly at once: one build per vitest process, shared.
const BUILD_KEY = Symbol.for('jellynext.test.buildDist');
type BuildHolder = { [BUILD_KEY]?: Promise<void> };

async function buildIfStale(): Promise<void> {
  const status = buildStatus(PACKAGE_ROOT);
  if (!status.needed) return;
  console.log(`Building dist/ before the tests: ${status.reason}`);
  await runBuild(PACKAGE_ROOT);
}

export default function setup(): Promise<void> {
  const holder = globalThis as BuildHolder;
  holder[BUILD_KEY] ??= buildIfStale();
  return holder[BUILD_KEY];
}
