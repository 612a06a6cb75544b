// The longest-first order of test files (testing/sequencer.mjs): the pure order, the durations file read as hostile
// input, and a real Vitest run in a folder of its own that starts its files in that order.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { longestFirst, readDurations } from '../sequencer.mjs';

const framework = fileURLToPath(new URL('../..', import.meta.url));
const repo = path.resolve(framework, '..', '..');
fs.mkdirSync(path.join(repo, 'data'), { recursive: true });
const dir = fs.mkdtempSync(path.join(repo, 'data', 'sequencer-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('longestFirst', () => {
  it('puts files that failed first, then the longest expected, then unknown ones by size', () => {
    const facts = {
      short: { failed: false, ms: 1_000, size: 9_000 },
      long: { failed: false, ms: 170_000, size: 100 },
      middle: { failed: false, ms: 60_000, size: 100 },
      failedShort: { failed: true, ms: 10, size: 1 },
      unknownBig: { failed: false, ms: undefined, size: 5_000 },
      unknownSmall: { failed: false, ms: undefined, size: 50 },
    };
    const order = longestFirst(Object.keys(facts) as (keyof typeof facts)[], (f) => facts[f]);
    expect(order).toEqual(['failedShort', 'long', 'middle', 'short', 'unknownBig', 'unknownSmall']);
  });
});

describe('readDurations', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads seconds as milliseconds by path', () => {
    expect([...readDurations(write('ok.json', JSON.stringify({ seconds: { 'a.test.ts': 170, 'b.test.ts': 5 } })))]).toEqual([
      ['a.test.ts', 170_000],
      ['b.test.ts', 5_000],
    ]);
  });

  it('ignores what is not a duration, and a missing or broken file means none (the run goes on)', () => {
    const mixed = write('mixed.json', JSON.stringify({ seconds: { good: 3, text: '9', negative: -1, inf: 1e999, nul: null, obj: {} } }));
    expect([...readDurations(mixed)]).toEqual([['good', 3_000]]);
    expect(readDurations(write('broken.json', '{"seconds": {'))).toEqual(new Map());
    expect(readDurations(write('array.json', '[1, 2]'))).toEqual(new Map());
    expect(readDurations(path.join(dir, 'absent.json'))).toEqual(new Map());
  });
});

describe('a real Vitest run with the sequencer', () => {
  it('starts the files in longest-first order across two projects, not project by project', () => {
    const site = path.join(dir, 'site');
    for (const project of ['aaa', 'zzz']) fs.mkdirSync(path.join(site, project), { recursive: true });
    const log = path.join(site, 'order.log');
    const testFile = (name: string) =>
      `import fs from 'node:fs';\nimport { it } from 'vitest';\nit('${name}', () => { fs.appendFileSync(${JSON.stringify(log)}, '${name}\\n'); });\n`;
    // Vitest alone would start project aaa's files first (projects by name), the larger file first within each.
    fs.writeFileSync(path.join(site, 'aaa', 'quick.test.ts'), testFile('aaa/quick') + '// padding\n'.repeat(200));
    fs.writeFileSync(path.join(site, 'aaa', 'slow.test.ts'), testFile('aaa/slow'));
    fs.writeFileSync(path.join(site, 'zzz', 'slowest.test.ts'), testFile('zzz/slowest'));
    fs.writeFileSync(path.join(site, 'zzz', 'unlisted.test.ts'), testFile('zzz/unlisted'));
    fs.writeFileSync(path.join(site, 'durations.json'), JSON.stringify({ seconds: { 'zzz/slowest.test.ts': 120, 'aaa/slow.test.ts': 60, 'aaa/quick.test.ts': 1 } }));
    fs.writeFileSync(
      path.join(site, 'vitest.config.mjs'),
      `import { defineConfig } from 'vitest/config';
import { longestFirstSequencer } from ${JSON.stringify(path.join(framework, 'testing', 'sequencer.mjs'))};
export default defineConfig({ test: {
  maxWorkers: 1,
  sequence: { sequencer: longestFirstSequencer(${JSON.stringify(path.join(site, 'durations.json'))}) },
  projects: [{ test: { name: 'aaa', root: ${JSON.stringify(path.join(site, 'aaa'))}, include: ['*.test.ts'] } }, { test: { name: 'zzz', root: ${JSON.stringify(path.join(site, 'zzz'))}, include: ['*.test.ts'] } }],
} });
`,
    );
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))) as NodeJS.ProcessEnv;
    const r = spawnSync(path.join(repo, 'node_modules', '.bin', 'vitest'), ['run', '--root', site, '--config', path.join(site, 'vitest.config.mjs'), '--cache=false'], { cwd: site, env, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual(['zzz/slowest', 'aaa/slow', 'aaa/quick', 'zzz/unlisted']);
  });
});
