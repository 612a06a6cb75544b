// `npm run bench`: serves the sample blog with `next start` (production build, SQLite) and measures the home
// and post pages with autocannon, then runs the ML demo benchmark (scripts/bench-ml.mjs) if present.
// Targets (2-core machine): ≥ 5x a Django 3.2 + gunicorn blog (200–300 req/s here), p99 < 50 ms at 32 connections, no errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { ensureBuild, prepareDatabase, root, sampleContentDir, startNext } from './lib/serve.mjs';

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

/** @param {string} pagePath */
async function jsBytes(pagePath) {
  const html = await (await fetch(base + pagePath)).text();
  let total = 0;
  // nomodule scripts are legacy polyfills modern browsers never load.
  for (const [, src] of html.matchAll(/<script(?![^>]*\bnoModule)[^>]*\bsrc="([^"]+)"/gi)) total += zlib.gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  for (const [, inline] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) total += zlib.gzipSync(Buffer.from(inline)).length;
  return { html: zlib.gzipSync(Buffer.from(html)).length, js: total };
}

try {
  await waitUp();
  const pages = [
    ['home', '/'],
    ['post (no demo)', '/posts/django-start'],
    ['post (math, code, demo)', '/posts/gradient-descent-learning-rate'],
    ['category', '/category/%EB%94%A5%EB%9F%AC%EB%8B%9D'],
  ];
  for (const [, p] of pages) for (let i = 0; i < 20; i++) await fetch(base + p); // render once, then serve from the cache
  /** @type {{ page: string, connections: number, 'req/s': number, 'p50 ms': number, 'p99 ms': number, errors: number, non2xx: number }[]} */
  const rows = [];
  for (const [name, p] of pages) {
    for (const connections of [1, 32]) {
      const r = await run(base + p, connections);
      rows.push({ page: name, connections, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    }
  }
  console.log(`\nPage throughput (${duration} s per row, autocannon, ${base}, SQLite):`);
  console.table(rows);
  const sizes = [];
  for (const [name, p] of pages) {
    const s = await jsBytes(p);
    sizes.push({ page: name, 'HTML gzip KB': +(s.html / 1024).toFixed(1), 'JS gzip KB (before demos load)': +(s.js / 1024).toFixed(1) });
  }
  console.log('Transfer sizes (a demo\'s own chunk loads only when it scrolls into view):');
  console.table(sizes);
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
