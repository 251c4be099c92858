// Shared plumbing of the benches that run servers and processes: sanity checks, cleanups that run
// on every path (errors and Ctrl-C included), timeouts and polling.

export interface Check {
  readonly part: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Sanity checks of this run; a bench exits non-zero when one failed. */
export const checks: Check[] = [];

export function check(part: string, ok: boolean, detail: string): void {
  checks.push({ part, ok, detail });
}

const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];

/** Registers a cleanup (run last-in first-out by `cleanUp()`); the returned function runs it early, once. */
export function onCleanup(what: string, run: () => Promise<void>): () => Promise<void> {
  const entry = { what, run };
  cleanups.push(entry);
  return async () => {
    const at = cleanups.indexOf(entry);
    if (at >= 0) cleanups.splice(at, 1);
    await run();
  };
}

export async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const { what, run } = cleanups.pop()!;
    try {
      await withTimeout(run(), 20_000, `cleanup: ${what}`);
    } catch (err) {
      console.error(`cleanup of ${what} failed: ${(err as Error).message}`);
    }
  }
}

export const sleep = (delay: number) => new Promise<void>((done) => setTimeout(done, delay));

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function until(test: () => boolean, timeoutMs: number, what: string, pollMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(pollMs);
  }
}

/** How this run was started, with the bench's own environment settings (`<PREFIX>_…`), for RESULTS.md. */
export function runCommand(envPrefix: string, entry: string): string {
  const env = Object.keys(process.env)
    .filter((name) => name.startsWith(envPrefix))
    .sort()
    .map((name) => `${name}=${process.env[name]}`);
  const event = process.env.npm_lifecycle_event;
  const run = event ? `npm run ${event}` : `node ${process.execArgv.join(' ')} bench/run-ts.mjs ${entry}`.replace(/ +/g, ' ');
  return [...env, run].join(' ');
}

/** Writes one run's report into bench/RESULTS.md, in place of that bench's previous run. */
export { writeLatestRun as recordResults } from './results-file.mjs';

/**
 * Runs a bench's `main`, then cleans up once, also on Ctrl-C or SIGTERM (exit code 130) and on a thrown
 * error (1). undici keeps idle sockets and Node-RED's child may leave pipes, so the process leaves
 * explicitly once clean.
 */
export function runBench(main: () => Promise<void>): void {
  let stopping = false;
  const finish = async (code?: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await cleanUp();
    if (code !== undefined) process.exitCode = code;
    setTimeout(() => process.exit(), 100).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void finish(130);
    });
  }
  main().then(
    () => finish(),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      void finish(1);
    },
  );
}
