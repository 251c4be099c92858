import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../support/node-red-runtime';

const run = promisify(execFile);

/**
 * The flow library's scorecard is `node-red-dev validate`. Its catalogue look-ups (P08, N01) are
 * stubbed because that host cannot be reached here; npm registry checks run for real.
 */
describe('flow library scorecard (node-red-dev validate)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jellynext-scorecard-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every check except D03 (undici 8 needs Node 22; see README)', async () => {
    const output = join(dir, 'scorecard.json');
    const cli = join(PACKAGE_ROOT, 'node_modules/node-red-dev/bin/run');
    const stub = join(PACKAGE_ROOT, 'test/support/node-red-dev-offline.cjs');
    const { stdout } = await run(process.execPath, [cli, 'validate', '-p', PACKAGE_ROOT, '-o', output], {
      env: { ...process.env, NODE_OPTIONS: `--require ${stub}` },
      timeout: 240_000,
    });
    const scorecard = JSON.parse(readFileSync(output, 'utf8')) as Record<string, { test?: boolean; packages?: string[] }>;
    const checks = Object.entries(scorecard).filter(([id]) => /^[PND]\d\d$/.test(id));
    expect(checks.map(([id]) => id).sort()).toEqual(['D01', 'D02', 'D03', 'N01', 'N02', 'P01', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
    const failing = checks.filter(([, check]) => check.test !== true).map(([id]) => id);
    expect(failing, stdout).toEqual(['D03']);
    expect(scorecard.D03.packages).toEqual(['undici']);
    // N02 only sees node types whose registerType call is literal in the editor HTML.
    expect(stdout).not.toMatch(/Unable to parse/);
  }, 300_000);
});
