import { defineConfig } from 'vitest/config';

/** Projects whose tests load dist/ build it first when a source changed since the last build. */
const BUILDS_DIST = ['./test/support/build-dist.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Reliability tests read memory after a real garbage collection.
    execArgv: ['--expose-gc'],
    // One project per `npm run test:<name>`; `vitest run` without --project runs them all.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The package's own code against the simulator on real sockets, no Node-RED: seconds per test.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'simulator', include: ['tools/jellyfin-simulator/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'node', include: ['test/node/**/*.test.ts'], globalSetup: BUILDS_DIST } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: BUILDS_DIST } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: BUILDS_DIST } },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], globalSetup: BUILDS_DIST } },
    ],
  },
});
