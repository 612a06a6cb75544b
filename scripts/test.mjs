// `npm test`: every runner (vitest, then Playwright against a real server), then one line summing them all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-test-'));
const bin = (/** @type {string} */ n) => path.join(root, 'node_modules', '.bin', n);
const only = process.argv[2]; // "unit" | "e2e" | undefined
const extra = process.argv.slice(3);
let passed = 0;
let failed = 0;
let skipped = 0;
let crashed = false;

/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

// All code is type-checked (TypeScript, and .mjs with checkJs): tsc first, and any error counts as one failure.
if (only !== 'e2e') {
  console.log('Type-checking (tsc --noEmit)...');
  const code = run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  if (code === 0) passed += 1;
  else failed += 1;
}

if (only !== 'e2e') {
  const file = path.join(out, 'vitest.json');
  const code = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...extra]);
  if (fs.existsSync(file)) {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // A file that fails to load has no tests to count; count it as a failure so it cannot hide.
    failed += r.testResults.filter((/** @type {{ status: string, assertionResults: unknown[] }} */ t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  } else if (code !== 0) crashed = true;
}

if (only !== 'unit') {
  const file = path.join(out, 'playwright.json');
  const code = run(bin('playwright'), ['test', ...extra], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  if (fs.existsSync(file)) {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.stats.expected + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    if (code !== 0 && r.stats.unexpected === 0) failed += 1; // the server or the setup failed
  } else if (code !== 0) crashed = true;
}

if (crashed) failed += 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
