// `npm run test:durations`: writes tests/durations.json, how long each slow test file took in this checkout's last
// Vitest run (Vitest's results cache under node_modules/.vite), for the longest-first order of a clean checkout, which
// has no cache (packages/manifold/testing/sequencer.mjs). Only files over MIN_SECONDS are kept: the rest are short
// enough that their order does not matter, and the file stays small and stable between runs.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MIN_SECONDS = 5;
const cacheRoot = path.join(root, 'node_modules', '.vite', 'vitest');
const caches = fs.existsSync(cacheRoot)
  ? fs.readdirSync(cacheRoot).map((d) => path.join(cacheRoot, d, 'results.json')).filter((f) => fs.existsSync(f))
  : [];
if (!caches.length) {
  console.error('test:durations: no Vitest results in node_modules/.vite/vitest; run `npm test` (or `npx vitest run`) first.');
  process.exit(1);
}
/** @type {Record<string, number>} */
const seconds = {};
for (const file of caches) {
  /** @type {{ results: [string, { duration?: number }][] }} */
  const { results } = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [key, { duration }] of results) {
    const relative = key.slice(key.indexOf(':') + 1);
    if (typeof duration === 'number' && duration >= MIN_SECONDS * 1000 && fs.existsSync(path.join(root, relative))) seconds[relative] = Math.round(duration / 1000);
  }
}
const sorted = Object.fromEntries(Object.entries(seconds).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
const out = path.join(root, 'tests', 'durations.json');
fs.writeFileSync(out, `${JSON.stringify({ seconds: sorted }, null, 2)}\n`);
console.log(`test:durations: ${Object.keys(sorted).length} files over ${MIN_SECONDS} s written to ${path.relative(root, out)}`);
