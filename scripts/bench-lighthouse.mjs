// `npm run bench -- --only lighthouse` (or `node scripts/bench-lighthouse.mjs`): Lighthouse 12 on the real production
// server (server.mjs, production build) in Debian's Chromium, mobile and desktop, on the home page and the two posts
// with the most display math (scripts/lighthouse-audit.mjs), the four categories each. Simulated throttling
// (Lighthouse's default): the scores come from a model of a slow phone or a desktop over the measured trace, so two
// cores shared with other work move them by a point or two, not by tens. Prints the scores, the metrics and the audits
// that cost points (with the elements they name); exits 1 when a score is below LIGHTHOUSE_MIN (default 100 for
// accessibility, best practices and SEO; 95 for performance, whose simulated figures still wobble on a loaded machine).
// tests/e2e/lighthouse.spec.ts asserts the same on the e2e server.
// `--url http://host:port` measures a server already running; otherwise one is built (when sources changed), given the
// sample posts in data/bench/lighthouse.db and started on LIGHTHOUSE_PORT (3215).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild, prepareDatabase, root, sampleContentDir, startNext } from 'manifold/testing/serve';
import { audit, CATEGORIES, LIGHTHOUSE_PAGES } from './lighthouse-audit.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    pages: { type: 'string' },
    json: { type: 'string' },
    'report-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: node scripts/bench-lighthouse.mjs [--url http://127.0.0.1:3000] [--pages /,/posts/x] [--json out.json] [--report-dir dir (each full Lighthouse report)]\nLIGHTHOUSE_PORT (3215), CHROMIUM_PATH (/usr/bin/chromium), LIGHTHOUSE_MIN (performance=95,accessibility=100,best-practices=100,seo=100).');
  process.exit(0);
}

const minimum = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
for (const part of (process.env.LIGHTHOUSE_MIN ?? '').split(',').filter(Boolean)) {
  const [k, v] = part.split('=');
  if (!(k in minimum) || !Number.isFinite(Number(v))) throw new Error(`LIGHTHOUSE_MIN: "${part}" is not <category>=<score>`);
  minimum[/** @type {keyof typeof minimum} */ (k)] = Number(v);
}

const chromeLauncher = await import('chrome-launcher');

/** Waits for the server's "ready" line. @param {import('node:child_process').ChildProcess} child */
function ready(child) {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output.slice(-2000)}`)), 180_000);
    const on = (/** @type {Buffer} */ d) => {
      output = (output + d).slice(-20_000);
      if (/Manifold ready on/.test(output)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output.slice(-2000)}`));
    });
  });
}

let server = null;
let base = args.url?.replace(/\/+$/, '');
if (!base) {
  const port = Number(process.env.LIGHTHOUSE_PORT ?? 3215);
  ensureBuild();
  const dir = path.join(root, 'data', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'lighthouse.db')}`, HOST: '127.0.0.1', SITE_URL: `http://127.0.0.1:${port}`, WEB_CONCURRENCY: '1' };
  prepareDatabase(env, sampleContentDir());
  server = startNext(port, env, { stdio: ['ignore', 'pipe', 'pipe'] });
  await ready(server);
  base = `http://127.0.0.1:${port}`;
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const pages = args.pages ? args.pages.split(',') : LIGHTHOUSE_PAGES;
const results = [];
let failed = false;
try {
  for (const page of pages) {
    // A first visit fills the page cache, as a reader after the first one finds it.
    await fetch(base + page, { headers: { 'accept-encoding': 'br' } });
    for (const formFactor of /** @type {const} */ (['mobile', 'desktop'])) {
      const { lhr, ...r } = await audit(base + page, formFactor, chrome.port);
      results.push(r);
      if (args['report-dir']) {
        fs.mkdirSync(args['report-dir'], { recursive: true });
        fs.writeFileSync(path.join(args['report-dir'], `${formFactor}-${page.replace(/[^a-z0-9]+/gi, '_')}.json`), JSON.stringify(lhr));
      }
      const low = CATEGORIES.filter((c) => r.scores[c] < minimum[c]);
      if (low.length) failed = true;
      console.log(`${formFactor.padEnd(7)} ${page.padEnd(40)} ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join('  ')}${low.length ? '  BELOW ' + low.join(',') : ''}`);
      console.log(`        ${Object.entries(r.metrics).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      for (const f of r.failed) console.log(`        - ${f.category}: ${f.id} ${f.score}${f.value ? ` (${f.value})` : ''}${f.selectors.length ? ` on ${[...new Set(f.selectors)].slice(0, 3).join(', ')}` : ''}`);
    }
  }
} finally {
  await chrome.kill();
  server?.kill('SIGTERM');
}
if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
console.log(failed ? `Lighthouse: a score is below its minimum (${JSON.stringify(minimum)}).` : `Lighthouse: every score at or above its minimum (${JSON.stringify(minimum)}).`);
process.exit(failed ? 1 : 0);
