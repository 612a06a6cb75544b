// The cluster's workers start with a larger V8 young generation (cluster.mjs workerExecArgv/setupWorkers): which
// Node options they get, and, in a real node:cluster, that V8 took them (its heap limit counts the young generation).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../cluster.mjs';

const run = promisify(execFile);

describe('workerExecArgv', () => {
  it('adds the semi-space size to the primary’s own options', () => {
    expect(workerExecArgv({ semiSpaceMb: 64, execArgv: ['--enable-source-maps'], nodeOptions: '' })).toEqual(['--enable-source-maps', '--max-semi-space-size=64']);
  });
  it('adds nothing for 0 (V8’s default)', () => {
    expect(workerExecArgv({ semiSpaceMb: 0, execArgv: ['--inspect=0'], nodeOptions: '' })).toEqual(['--inspect=0']);
  });
  it('leaves an operator’s own choice alone, on the command line or in NODE_OPTIONS', () => {
    expect(workerExecArgv({ semiSpaceMb: 64, execArgv: ['--max-semi-space-size=8'], nodeOptions: '' })).toEqual(['--max-semi-space-size=8']);
    expect(workerExecArgv({ semiSpaceMb: 64, execArgv: ['--max_semi_space_size', '8'], nodeOptions: '' })).toEqual(['--max_semi_space_size', '8']);
    expect(workerExecArgv({ semiSpaceMb: 64, execArgv: [], nodeOptions: '--enable-source-maps  --max-semi-space-size=32' })).toEqual([]);
    // Another option that merely starts alike is not a choice of this one.
    expect(workerExecArgv({ semiSpaceMb: 32, execArgv: ['--max-old-space-size=512'], nodeOptions: '--max-semi-space-sizes' })).toEqual(['--max-old-space-size=512', '--max-semi-space-size=32']);
  });
});

describe('a real cluster’s worker', () => {
  const worker = async (mb: number) => {
    const env = { ...process.env, NODE_OPTIONS: '' };
    const { stdout } = await run(process.execPath, [path.join(__dirname, 'support', 'young-cluster.mjs'), String(mb)], { timeout: 30_000, env });
    return JSON.parse(stdout.trim()) as { heapSizeLimit: number; execArgv: string[] };
  };

  it('runs with the young generation asked for', async () => {
    const [plain, large] = await Promise.all([worker(0), worker(64)]);
    expect(plain.execArgv).not.toContain('--max-semi-space-size=64');
    expect(large.execArgv).toContain('--max-semi-space-size=64');
    // V8 reserves the young generation (three semi-spaces) in the heap's limit: 64 MB instead of 16 MB each.
    expect(large.heapSizeLimit - plain.heapSizeLimit).toBeGreaterThanOrEqual(3 * 48 * 1024 * 1024);
  });
});
