// `npm run bench`: serves the sample blog with `next start` (production build, SQLite) and measures every reader
// page type with autocannon (req/s, latency, and the gzip JavaScript each page ships), then runs the ML demo
// benchmark (scripts/bench-ml.mjs) if present; `--pages-only` skips it.
// Targets (2-core machine): ≥ 5x a Django 3.2 + gunicorn blog (200–300 req/s here), p99 < 50 ms at 32 connections, no errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { ensureBuild, prepareDatabase, root, sampleContentDir, startNext } from 'manifold/testing/serve';

const port = Number(process.env.BENCH_PORT ?? 3210);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const base = `http://127.0.0.1:${port}`;
const dir = path.join(root, 'data', 'bench');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, HOST: '127.0.0.1' };
prepareDatabase(env, sampleContentDir());
ensureBuild();
const server = startNext(port, env, { stdio: 'ignore' });

async function waitUp() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

/** @param {string} url @param {number} connections @returns {Promise<import('autocannon').Result>} */
const run = (url, connections) =>
  new Promise((resolve, reject) => autocannon({ url, connections, duration, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res))));

/**
 * Gzip bytes of a page's HTML, of the JavaScript it loads up front, and of that the part that is island code (public/_islands).
 * @param {string} pagePath
 */
async function jsBytes(pagePath) {
  const html = await (await fetch(base + pagePath)).text();
  let js = 0;
  let islands = 0;
  // nomodule scripts are legacy polyfills modern browsers never load.
  for (const [, src] of html.matchAll(/<script(?![^>]*\bnoModule)[^>]*\bsrc="([^"]+)"/gi)) {
    const bytes = zlib.gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
    if (src.startsWith('/_islands/')) islands += bytes;
    else js += bytes;
  }
  for (const [, inline] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) js += zlib.gzipSync(Buffer.from(inline)).length;
  return { html: zlib.gzipSync(Buffer.from(html)).length, js, islands };
}

try {
  await waitUp();
  const pages = [
    ['home', '/'],
    ['post (no demo)', '/posts/django-start'],
    ['post (math, code, demo)', '/posts/gradient-descent-learning-rate'],
    ['category', '/category/%EB%94%A5%EB%9F%AC%EB%8B%9D'],
    ['tag', '/tag/python'],
    ['search', '/search?q=%EA%B2%BD%EC%82%AC'],
    ['home (en)', '/en'],
    ['post (en)', '/en/posts/django-start'],
  ];
  for (const [, p] of pages) for (let i = 0; i < 20; i++) await fetch(base + p); // render once, then serve from the cache
  /** @type {{ page: string, connections: number, 'req/s': number, 'p50 ms': number, 'p99 ms': number, errors: number, non2xx: number, 'HTML gzip KB': number, 'JS gzip KB': number, 'islands KB': number }[]} */
  const rows = [];
  for (const [name, p] of pages) {
    // JavaScript a reader downloads before any demo scrolls into view: Next's runtime and inline scripts (target: at
    // most 5 KB), and apart from it the island loader on posts with demos.
    const size = await jsBytes(p);
    for (const connections of [1, 32]) {
      const r = await run(base + p, connections);
      rows.push({
        page: name,
        connections,
        'req/s': Math.round(r.requests.average),
        'p50 ms': r.latency.p50,
        'p99 ms': r.latency.p99,
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
        'HTML gzip KB': +(size.html / 1024).toFixed(1),
        'JS gzip KB': +(size.js / 1024).toFixed(1),
        'islands KB': +(size.islands / 1024).toFixed(1),
      });
    }
  }
  console.log(`\nReader pages (${duration} s per row, autocannon, ${base}, SQLite; JS is gzip, before a demo's own chunk loads):`);
  console.table(rows);
  const missing = await jsBytes('/posts/no-such-post');
  console.log(`404 page: HTML ${(missing.html / 1024).toFixed(1)} KB, JS ${(missing.js / 1024).toFixed(1)} KB gzip.`);
  const django = 250;
  const row = (/** @type {string} */ page) => /** @type {(typeof rows)[number]} */ (rows.find((r) => r.page === page && r.connections === 32));
  const home = row('home');
  const post = row('post (math, code, demo)');
  console.log(`home ${home['req/s']} req/s = ${(home['req/s'] / django).toFixed(1)}x, post ${post['req/s']} req/s = ${(post['req/s'] / django).toFixed(1)}x a Django blog at ~${django} req/s; p99 ${home['p99 ms']} / ${post['p99 ms']} ms at 32 connections (target < 50).`);
} finally {
  server.kill('SIGTERM');
}

if (fs.existsSync(path.join(root, 'scripts', 'bench-ml.mjs')) && !process.argv.includes('--pages-only')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-ml.mjs')], { stdio: 'inherit', cwd: root });
  process.exitCode = r.status ?? 0;
}
