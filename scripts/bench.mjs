// `npm run bench`: serves the sample blog plus 1,200 generated posts with the production server (server.mjs,
// production build) and measures reader pages with wrk when it is installed (Debian's `wrk`, the tool issue 16
// measured with; a C client leaves a small machine's cores to the servers) or autocannon (BENCH_CLIENT=wrk|autocannon
// picks one; Django's rows use the same): req/s, p50/p99, errors, the page cache's hit rate
// (from its x-manifold-cache answers) and how many server processes answered. Groups (all by default; pick with
// `--only a,b` or drop with `--skip a,b`):
//   pages    every reader page type, page cache on, at 1 and 32 connections, with the gzip JavaScript each ships
//   query    a post at its plain URL vs. each request with its own tracking query string (?utm_source=…&n=<i>)
//   nocache  MANIFOLD_PAGE_CACHE_MB=0: home, post (also as browsers ask, in brotli), post with a demo and the Zipf
//            sweep; at the default WEB_CONCURRENCY and, when that is more than one process, at WEB_CONCURRENCY=1 too
//   zipf     1,000 generated posts requested with a Zipf distribution (s = 1), page cache on, from a cold start
//   expiry   the home page under load while its cache entry expires every few seconds vs. one that does not
//   django   the same pages from a minimal uncached Django 3.2 blog (bench/django, gunicorn ×(2·cores+1) sync
//            workers) over the same posts, and Manifold ÷ Django ratios; skipped when python3-django is missing
//   search   the reader search's p50/p99 on the sample blog and on 10,000 generated posts, SQLite and PostgreSQL
//            (scripts/bench-search.mjs; `--provider` applies); target p99 < 50 ms at 10k (issue 11)
//   lighthouse  Lighthouse 12 mobile and desktop on the home page and the heaviest math post, the production server in
//            Debian's Chromium (scripts/bench-lighthouse.mjs; LIGHTHOUSE_MIN sets the minimum scores); issue 11
//   ml       the ML demo benchmark (scripts/bench-ml.mjs); `--pages-only` is `--skip ml`
//   scale    home, a category, a post and search at 100 vs 100,000 posts on PostgreSQL, page cache off
//            (scripts/bench-scale.mjs); target within 1.5× (issue 13)
// `--provider sqlite|postgresql` (default both) picks the databases of nocache and zipf; pages, query and expiry run
// on SQLite. The databases are the bench's own: data/bench/bench.db and a PostgreSQL database manifold_bench
// (created and dropped here), never the site's. 32 connections and BENCH_SECONDS (10) per row unless said otherwise.
// Prints the targets of issue 16 and whether each is met; exits 1 when one is not.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { ensureBuild, prepareDatabase, root, sampleContentDir } from 'manifold/testing/serve';
import { exited, pgAdmin, reconnectOnClose, startServer, stopServer } from './lib/bench-support.mjs';
import { hasWrk, wrkLoad } from './lib/wrk.mjs';

const GROUPS = ['pages', 'query', 'nocache', 'zipf', 'expiry', 'django', 'search', 'lighthouse', 'ml', 'scale'];
const { values: args } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    provider: { type: 'string', multiple: true },
    'pages-only': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- [--only ${GROUPS.join(',')}] [--skip …] [--provider sqlite|postgresql] [--json results.json]\nBENCH_SECONDS (10) per row, BENCH_PORT (3210; Django on the next port).`);
  process.exit(0);
}
const listed = (/** @type {string[] | undefined} */ v) => (v ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
for (const g of [...listed(args.only), ...listed(args.skip)]) if (!GROUPS.includes(g)) throw new Error(`Unknown group "${g}": ${GROUPS.join(', ')}`);
const skipped = new Set([...listed(args.skip), ...(args['pages-only'] ? ['ml'] : [])]);
const groups = new Set((listed(args.only).length ? listed(args.only) : GROUPS).filter((g) => !skipped.has(g)));
const providers = listed(args.provider).length ? listed(args.provider) : ['sqlite', 'postgresql'];
for (const p of providers) if (p !== 'sqlite' && p !== 'postgresql') throw new Error(`--provider must be sqlite or postgresql, not "${p}"`);

const port = Number(process.env.BENCH_PORT ?? 3210);
const djangoPort = port + 1;
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
/** How long the servers that render every request (page cache off, Django) are loaded before their rows. */
const WARM_RENDER_SECONDS = 8;
const base = `http://127.0.0.1:${port}`;
const dir = path.join(root, 'data', 'bench');
/** Generated on top of the sample posts; about 90% come out visible, of which the first ZIPF_POSTS are swept. */
const GENERATED = 1200;
const ZIPF_POSTS = 1000;
const SEED = 16;
const PLAIN_POST = '/posts/django-start';
/** What browsers send: the page comes back in brotli. */
const BROWSER_ENCODING = { 'accept-encoding': 'gzip, deflate, br, zstd' };
const DEMO_POST = '/posts/gradient-descent-learning-rate';
/** The setting that caps reader pages' fresh time in the page cache, for the expiry group (lib/server/settings.mjs). */
const LIFETIME_SETTING = 'MANIFOLD_PAGE_MAX_AGE_S';
const EXPIRY_SECONDS = 2;
const PG_BENCH_DB = 'manifold_bench';

// TypeScript and `@site/…` for the blog's compiler (generate-posts.mjs) and the database client.
const { register } = await import('tsx/esm/api');
register();
await import('manifold/register');
const { createDb } = await import('manifold/db');
const { parseDatabaseUrl } = await import('manifold/database-url');
const { SETTINGS_VARIABLES } = await import('manifold/settings');
const { generatePosts, rng } = await import('./generate-posts.mjs');
/** @type {typeof import('../packages/manifold/contrib/blog/visibility')} */
const { visibleToReaders } = await import(/* @vite-ignore */ fileURLToPath(new URL('../packages/manifold/contrib/blog/visibility.ts', import.meta.url)));

/**
 * @typedef {{ group: string, server: string, case: string, workers: number | string, connections: number, 'req/s': number, 'p50 ms': number, 'p99 ms': number, 'hit %': number | string, errors: number, non2xx: number }} Row
 * @typedef {{ result: import('autocannon').Result | import('./lib/wrk.mjs').WrkResult, total: number, labels: Record<string, number> }} Load
 */
/** @type {Row[]} */
const rows = [];
/** @type {string[]} */
const notes = [];

const CLIENT = process.env.BENCH_CLIENT ?? (hasWrk() ? 'wrk' : 'autocannon');
if (CLIENT !== 'wrk' && CLIENT !== 'autocannon') throw new Error(`BENCH_CLIENT must be wrk or autocannon, not "${CLIENT}"`);
if (CLIENT === 'wrk' && !hasWrk()) throw new Error('BENCH_CLIENT=wrk, but wrk is not installed (apt-get install wrk)');

/**
 * Loads the server at `target` for `seconds`: one URL, or `next()` giving each request's path. Counts the page
 * cache's answers by their x-manifold-cache label (HIT, STALE, WAITED for another request's render, MISS rendered).
 * `headers` are sent with every request (a browser's Accept-Encoding; the other rows ask for the page as it is).
 * With wrk, `next()`'s paths are drawn beforehand (more than any row sends), and the labels counted only when asked.
 * @param {string} target @param {{ path?: string, next?: () => string, connections?: number, seconds?: number, headers?: Record<string, string>, labels?: boolean }} o
 * @returns {Promise<Load>}
 */
function load(target, { path: p = '/', next, connections = CONNECTIONS, seconds = duration, headers, labels: counted = true }) {
  if (CLIENT === 'wrk') {
    const paths = next ? Array.from({ length: Math.max(50_000, seconds * 40_000) }, next) : undefined;
    return wrkLoad(target, { path: p, paths, connections, seconds, headers, labels: counted });
  }
  /** @type {Record<string, number>} */
  const labels = {};
  let total = 0;
  /** @type {any} */
  const request = {
    method: 'GET',
    path: p,
    ...(headers ? { headers } : {}),
    onResponse: (/** @type {number} */ _status, /** @type {unknown} */ _body, /** @type {unknown} */ _context, /** @type {Record<string, string>} */ headers) => {
      total++;
      const label = headers['x-manifold-cache'] ?? headers['X-Manifold-Cache'];
      if (label) labels[label] = (labels[label] ?? 0) + 1;
    },
  };
  if (next) request.setupRequest = (/** @type {any} */ req) => ({ ...req, path: next() });
  return new Promise((resolve, reject) =>
    autocannon({ url: target, connections, duration: seconds, pipelining: 1, requests: [request], setupClient: reconnectOnClose }, (err, result) => (err ? reject(err) : resolve({ result, total, labels }))),
  );
}

/** Share of answers the page cache gave without a render for that request (fresh or stale), in percent. @param {Load} l */
const hitRate = (l) => (l.total ? +((100 * ((l.labels.HIT ?? 0) + (l.labels.STALE ?? 0))) / l.total).toFixed(1) : 0);

/**
 * @param {string} group @param {string} server @param {string} name @param {number | string} workers @param {Load} l
 * @param {{ connections?: number, cache?: boolean }} [o]
 */
function record(group, server, name, workers, l, { connections = CONNECTIONS, cache = true } = {}) {
  const r = l.result;
  /** @type {Row} */
  const row = { group, server, case: name, workers, connections, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, 'hit %': cache ? hitRate(l) : '–', errors: r.errors + r.timeouts, non2xx: r.non2xx };
  rows.push(row);
  console.log(`  ${server} · ${name}: ${row['req/s']} req/s, p50 ${row['p50 ms']} ms, p99 ${row['p99 ms']} ms${cache ? `, hit ${row['hit %']}% (${Object.entries(l.labels).map(([k, v]) => `${k} ${v}`).join(', ') || 'no x-manifold-cache'})` : ''}${row.errors || row.non2xx ? `, ${row.errors} errors, ${row.non2xx} non-2xx` : ''}`);
  return row;
}

/**
 * A Zipf (s = 1) request stream over `urls`: rank k is asked for with probability ∝ 1/k; which post has which rank
 * is a fixed shuffle, so popularity does not follow age. Deterministic for a seed.
 * @param {string[]} urls @param {number} seed
 */
function zipf(urls, seed) {
  const random = rng(seed);
  const order = [...urls];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cdf = new Float64Array(order.length);
  let sum = 0;
  for (let k = 0; k < order.length; k++) cdf[k] = sum += 1 / (k + 1);
  return () => {
    const u = random() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return order[lo];
  };
}

/** Each request its own query string, as every link shared with tracking parameters is. @param {string} p */
function tracked(p) {
  let n = 0;
  return () => `${p}?utm_source=bench&utm_medium=social&utm_campaign=issue16&fbclid=IwAR${++n}&n=${n}`;
}

/**
 * The sweep on a fresh server with the page cache on: from a cold cache, then a second pass with the cache as the
 * first left it (a long-tail blog's steady state, within MANIFOLD_PAGE_CACHE_MB). Cold means the cache, not the
 * process: pages outside the sweep are rendered first, so route code is loaded and compiled.
 * @param {string} server @param {number} workers @param {{ urls: string[], spare: string[] }} posts
 */
async function zipfRows(server, workers, { urls, spare }) {
  await warmUp(['/', PLAIN_POST, DEMO_POST, ...spare]);
  const next = zipf(urls, SEED);
  record('zipf', server, `Zipf over ${urls.length} posts, cold start`, workers, await load(base, { next }));
  record('zipf', server, `Zipf over ${urls.length} posts, second pass`, workers, await load(base, { next }));
}

// ---------------------------------------------------------------------------------------------------------------
// Databases

/**
 * A fresh bench database of `provider`: migrated, the sample posts, and GENERATED generated posts. Returns its URL
 * and the URLs of the first ZIPF_POSTS generated posts readers can see.
 * @param {'sqlite' | 'postgresql'} provider
 */
async function benchDatabase(provider) {
  let url;
  if (provider === 'sqlite') {
    url = `file:${path.join(dir, 'bench.db')}`;
  } else {
    await pgAdmin(`DROP DATABASE IF EXISTS "${PG_BENCH_DB}" WITH (FORCE)`);
    await pgAdmin(`CREATE DATABASE "${PG_BENCH_DB}"`);
    url = `postgresql://postgres@127.0.0.1:5432/${PG_BENCH_DB}`;
  }
  const env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' };
  prepareDatabase(env, sampleContentDir());
  const db = createDb(parseDatabaseUrl(url));
  try {
    const t0 = Date.now();
    await generatePosts(db, { count: GENERATED, seed: SEED });
    const generated = await db.post.findMany({
      where: { ...visibleToReaders(), author: { is: { email: { endsWith: '@generated.invalid' } } } },
      orderBy: { id: 'asc' },
      select: { slug: true },
    });
    if (generated.length < ZIPF_POSTS) throw new Error(`Only ${generated.length} generated posts are visible; the sweep needs ${ZIPF_POSTS}.`);
    console.log(`${provider}: ${GENERATED} posts generated in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    const urls = generated.map((p) => `/posts/${encodeURIComponent(p.slug)}`);
    // The rest warm a server up without touching the sweep's posts.
    return { provider, env, urls: urls.slice(0, ZIPF_POSTS), spare: urls.slice(ZIPF_POSTS) };
  } finally {
    await db.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

/**
 * Runs `fn` against a fresh server.mjs with `env`, once it has said it is ready (a cluster says so when every
 * worker listens, with how many there are).
 * @template T @param {NodeJS.ProcessEnv} env @param {(workers: number) => Promise<T>} fn
 */
async function withManifold(env, fn) {
  const { child, line } = await startServer(port, env);
  try {
    const health = await fetch(`${base}/api/health`);
    if (!health.ok) throw new Error(`/api/health answered ${health.status}`);
    return await fn(Number(/\((\d+) workers/.exec(line)?.[1] ?? 1));
  } finally {
    await stopServer(child);
  }
}

/**
 * Requests `paths` in turn from `connections` for `seconds`, so every worker has run the routes (loaded and
 * compiled their code) before a measured load; nothing is recorded. The rows that render every request warm up
 * under their own load for longer (WARM_RENDER_SECONDS): V8 optimises the render path and sizes its heap over the first
 * thousands of requests, which otherwise fall into the first row measured. Django's rows get the same.
 * @param {string[]} paths @param {{ seconds?: number, connections?: number, target?: string }} [o]
 */
async function warmUp(paths, { seconds = 3, connections = 8, target = base } = {}) {
  let i = 0;
  const r = (await load(target, { next: () => paths[i++ % paths.length], connections, seconds, labels: false })).result;
  if (r.non2xx || r.errors) throw new Error(`warming up: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
}

/** Requests each path `times` times, so the next load finds it rendered (and, with the page cache, cached). @param {string[]} paths */
async function warm(paths, times = 5) {
  for (const p of paths) {
    for (let i = 0; i < times; i++) {
      const r = await fetch(base + p);
      if (!r.ok) throw new Error(`${p} answered ${r.status}`);
      await r.arrayBuffer();
    }
  }
}

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

// ---------------------------------------------------------------------------------------------------------------
// Django

const djangoDir = path.join(root, 'bench', 'django');
// Debian's interpreter, where apt's python3-django and gunicorn live (not a pyenv or venv one first on the PATH).
const python = '/usr/bin/python3';

/** Why the Django side cannot run, or null. */
function djangoProblem() {
  if (!fs.existsSync(path.join(djangoDir, 'manage.py'))) return 'bench/django is missing';
  const r = spawnSync(python, ['-c', 'import django, gunicorn; print(django.get_version())'], { encoding: 'utf8' });
  if (r.status !== 0) return 'python3-django and gunicorn are not installed (apt-get install python3-django gunicorn)';
  if (!r.stdout.startsWith('3.2')) return `Django ${r.stdout.trim()} is installed, the comparison is with 3.2`;
  return null;
}

/**
 * Writes the visible posts of the SQLite bench database for bench/django's loadposts: bodies as Manifold renders
 * them (one fetch per distinct compiled body, from the running server), categories and tags.
 * @param {string} url @param {string} file
 */
async function exportForDjango(url, file) {
  const db = createDb(parseDatabaseUrl(url));
  try {
    const posts = await db.post.findMany({
      where: visibleToReaders(),
      select: { slug: true, title: true, excerpt: true, compiledCode: true, readingMinutes: true, publishedAt: true, category: { select: { slug: true } }, tags: { select: { slug: true } } },
    });
    /** @type {Map<string, string>} */
    const bodies = new Map();
    const out = [];
    for (const p of posts) {
      const digest = crypto.createHash('sha256').update(p.compiledCode).digest('hex');
      if (!bodies.has(digest)) {
        const html = await (await fetch(`${base}/posts/${encodeURIComponent(p.slug)}`)).text();
        const open = '<div class="prose">';
        const start = html.indexOf(open);
        const end = html.search(/<\/div><(?:ul class="post-tags"|nav class="post-neighbours"|nav id="series")/);
        if (start < 0 || end < start) throw new Error(`No post body found in /posts/${p.slug}`);
        bodies.set(digest, html.slice(start + open.length, end));
      }
      out.push({ slug: p.slug, title: p.title, excerpt: p.excerpt, html: bodies.get(digest), readingMinutes: p.readingMinutes, publishedAt: p.publishedAt?.toISOString(), category: p.category?.slug ?? null, tags: p.tags.map((t) => t.slug) });
    }
    const categories = await db.category.findMany({ select: { name: true, slug: true } });
    const tags = await db.tag.findMany({ select: { name: true, slug: true } });
    fs.writeFileSync(file, JSON.stringify({ categories, tags, posts: out }));
    return out.length;
  } finally {
    await db.$disconnect();
  }
}

/**
 * Loads the export into bench/django's own SQLite file and runs `fn` against gunicorn.
 * @template T @param {string} file @param {(workers: number) => Promise<T>} fn
 */
async function withDjango(file, fn) {
  const env = { ...process.env, BENCH_DJANGO_DB: path.join(dir, 'django.db'), PYTHONDONTWRITEBYTECODE: '1' };
  for (const cmd of [['migrate', '-v0'], ['loadposts', file]]) {
    const r = spawnSync(python, ['manage.py', ...cmd], { cwd: djangoDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench/django manage.py ${cmd[0]} failed`);
  }
  const workers = 2 * os.availableParallelism() + 1;
  const child = spawn(python, ['-m', 'gunicorn', '--workers', String(workers), '--worker-class', 'sync', '--bind', `127.0.0.1:${djangoPort}`, '--log-level', 'warning', 'blogbench.wsgi:application'], { cwd: djangoDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${djangoPort}/`)).ok) break;
      } catch {}
      if (i > 100 || child.exitCode !== null) throw new Error('gunicorn did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    return await fn(workers);
  } finally {
    child.kill('SIGTERM');
    if (!(await exited(child, 20_000))) child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The runs

const started = Date.now();
const pageTable = /** @type {Record<string, unknown>[]} */ ([]);
const manifoldRows = groups.has('pages') || groups.has('query') || groups.has('nocache') || groups.has('zipf') || groups.has('expiry') || groups.has('django');
/** @type {Record<string, Row>} */
const django = {};
/** @type {Record<string, string>} HTML bytes of the compared pages, to see that both sides send a like amount. */
const sizes = {};

/** @param {string} target */
async function pageSizes(target) {
  const kb = async (/** @type {string} */ p) => ((await (await fetch(target + p)).arrayBuffer()).byteLength / 1024).toFixed(1);
  return `home ${await kb('/')} KB, post ${await kb(PLAIN_POST)} KB, post with demo ${await kb(DEMO_POST)} KB`;
}
let djangoNote = '';
/** @type {Awaited<ReturnType<typeof benchDatabase>>[]} */
const databases = [];
const pgProblem = providers.includes('postgresql') && (groups.has('nocache') || groups.has('zipf')) ? await pgReachable() : null;

async function pgReachable() {
  try {
    await pgAdmin('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

try {
  if (manifoldRows) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    ensureBuild();
    const sqlite = await benchDatabase('sqlite');
    databases.push(sqlite);
    const cacheOff = { MANIFOLD_PAGE_CACHE_MB: '0' };
    const withDjangoSide = groups.has('django');
    const problem = withDjangoSide ? djangoProblem() : null;
    if (problem) djangoNote = `Django side skipped: ${problem}.`;
    const djangoFile = path.join(dir, 'django-posts.json');

    // Page cache on: the Zipf sweep from a cold cache first, then the page types and the query strings.
    if (groups.has('zipf') || groups.has('pages') || groups.has('query') || (withDjangoSide && !problem)) {
      await withManifold(sqlite.env, async (workers) => {
        const server = `sqlite, cache on`;
        console.log(`\nManifold, SQLite, page cache on (${workers} worker${workers > 1 ? 's' : ''}):`);
        if (groups.has('zipf') && providers.includes('sqlite')) await zipfRows(server, workers, sqlite);
        if (groups.has('pages')) {
          const pages = [
            ['home', '/'],
            ['post (no demo)', PLAIN_POST],
            ['post (math, code, demo)', DEMO_POST],
            ['category', '/category/%EB%94%A5%EB%9F%AC%EB%8B%9D'],
            ['tag', '/tag/python'],
            ['search', '/search?q=%EA%B2%BD%EC%82%AC'],
            ['home (en)', '/en'],
            ['post (en)', '/en/posts/django-start'],
          ];
          await warm(pages.map(([, p]) => p), 20);
          for (const [name, p] of pages) {
            // JavaScript a reader downloads before any demo scrolls into view: Next's runtime and inline scripts
            // (target: at most 5 KB), and apart from it the island loader on posts with demos.
            const size = await jsBytes(p);
            for (const connections of [1, CONNECTIONS]) {
              const row = record('pages', server, name, workers, await load(base, { path: p, connections }), { connections });
              pageTable.push({ page: name, connections, 'req/s': row['req/s'], 'p50 ms': row['p50 ms'], 'p99 ms': row['p99 ms'], 'hit %': row['hit %'], errors: row.errors, non2xx: row.non2xx, 'HTML gzip KB': +(size.html / 1024).toFixed(1), 'JS gzip KB': +(size.js / 1024).toFixed(1), 'islands KB': +(size.islands / 1024).toFixed(1) });
            }
          }
          const missing = await jsBytes('/posts/no-such-post');
          notes.push(`404 page: HTML ${(missing.html / 1024).toFixed(1)} KB, JS ${(missing.js / 1024).toFixed(1)} KB gzip.`);
        }
        if (groups.has('query')) {
          await warm([PLAIN_POST]);
          record('query', server, 'post, plain URL', workers, await load(base, { path: PLAIN_POST }));
          record('query', server, 'post, own query string each', workers, await load(base, { next: tracked(PLAIN_POST) }));
        }
        if (withDjangoSide && !problem) {
          console.log(`Exported ${await exportForDjango(sqlite.env.DATABASE_URL, djangoFile)} posts for Django.`);
          sizes.Manifold = await pageSizes(base);
        }
      });
    }

    if (providers.includes('postgresql') && (groups.has('nocache') || groups.has('zipf'))) {
      if (pgProblem) notes.push(`PostgreSQL rows skipped: ${pgProblem}`);
      else databases.push(await benchDatabase('postgresql'));
    }
    const dbs = databases.filter((d) => providers.includes(d.provider));

    if (groups.has('zipf')) {
      for (const d of dbs.filter((x) => x.provider !== 'sqlite')) {
        await withManifold(d.env, async (workers) => {
          console.log(`\nManifold, ${d.provider}, page cache on (${workers} workers):`);
          await zipfRows(`${d.provider}, cache on`, workers, d);
        });
      }
    }

    if (groups.has('nocache')) {
      for (const d of dbs) {
        /** @param {NodeJS.ProcessEnv} env @param {string} label */
        const uncached = (env, label) =>
          withManifold(env, async (workers) => {
            const server = `${d.provider}, cache off${label}`;
            console.log(`\nManifold, ${d.provider}, MANIFOLD_PAGE_CACHE_MB=0${label} (${workers} worker${workers > 1 ? 's' : ''}):`);
            await warmUp(['/', PLAIN_POST, DEMO_POST, ...d.spare], { seconds: WARM_RENDER_SECONDS, connections: CONNECTIONS });
            record('nocache', server, 'home', workers, await load(base, { path: '/', labels: false }), { cache: false });
            record('nocache', server, 'post (no demo)', workers, await load(base, { path: PLAIN_POST, labels: false }), { cache: false });
            // As every browser asks: each miss compressed too (brotli, in the threadpool; lib/server/encoding.mjs).
            record('nocache', server, 'post (no demo), br', workers, await load(base, { path: PLAIN_POST, headers: BROWSER_ENCODING, labels: false }), { cache: false });
            record('nocache', server, 'post (math, code, demo)', workers, await load(base, { path: DEMO_POST, labels: false }), { cache: false });
            record('nocache', server, `Zipf over ${ZIPF_POSTS} posts`, workers, await load(base, { next: zipf(d.urls, SEED), labels: false }), { cache: false });
            return workers;
          });
        /** @type {NodeJS.ProcessEnv} */
        const env = { ...d.env, ...cacheOff };
        delete env.WEB_CONCURRENCY;
        const workers = await uncached(env, '');
        // One process against the default cluster: on SQLite only (the default run stays under ten minutes).
        if (workers > 1 && d.provider === 'sqlite') await uncached({ ...env, WEB_CONCURRENCY: '1' }, ', WEB_CONCURRENCY=1');
      }
    }

    if (groups.has('expiry')) {
      if (!SETTINGS_VARIABLES.includes(LIFETIME_SETTING)) notes.push(`Expiry rows skipped: no ${LIFETIME_SETTING} setting to shorten a page's lifetime in the cache.`);
      else {
        for (const [env, name] of /** @type {const} */ ([
          [sqlite.env, 'home, no expiry'],
          [{ ...sqlite.env, [LIFETIME_SETTING]: String(EXPIRY_SECONDS) }, `home, expiring every ${EXPIRY_SECONDS} s`],
        ])) {
          await withManifold(env, async (workers) => {
            console.log(`\nManifold, SQLite, page cache on, ${name} (${workers} workers):`);
            await warm(['/']);
            record('expiry', 'sqlite, cache on', name, workers, await load(base, { path: '/', seconds: Math.max(duration, 15) }));
          });
        }
      }
    }

    if (withDjangoSide && !problem && fs.existsSync(djangoFile)) {
      await withDjango(djangoFile, async (workers) => {
        const target = `http://127.0.0.1:${djangoPort}`;
        const server = `Django 3.2, gunicorn, no cache`;
        console.log(`\n${server} (${workers} sync workers):`);
        const w = `${workers} sync`;
        sizes.Django = await pageSizes(target);
        await warmUp(['/', PLAIN_POST, DEMO_POST], { seconds: WARM_RENDER_SECONDS, connections: CONNECTIONS, target });
        django.home = record('django', server, 'home', w, await load(target, { path: '/', labels: false }), { cache: false });
        django.post = record('django', server, 'post (no demo)', w, await load(target, { path: PLAIN_POST, labels: false }), { cache: false });
        django.demo = record('django', server, 'post (math, code, demo)', w, await load(target, { path: DEMO_POST, labels: false }), { cache: false });
        django.zipf = record('django', server, `Zipf over ${ZIPF_POSTS} posts`, w, await load(target, { next: zipf(sqlite.urls, SEED), labels: false }), { cache: false });
      });
    }
  }
} finally {
  if (databases.some((d) => d.provider === 'postgresql')) await pgAdmin(`DROP DATABASE IF EXISTS "${PG_BENCH_DB}" WITH (FORCE)`).catch(() => {});
}

// ---------------------------------------------------------------------------------------------------------------
// Report

if (pageTable.length) {
  console.log(`\nReader pages (${duration} s per row, ${CLIENT}, SQLite, page cache on; JS is gzip, before a demo's own chunk loads):`);
  console.table(pageTable);
}
const others = rows.filter((r) => r.group !== 'pages');
if (others.length) {
  console.log(`\nLong tail, page cache off, query strings, expiry and Django (${CLIENT}, ${CONNECTIONS} connections, ${duration} s per row; hit % = answered by the page cache, fresh or stale):`);
  console.table(others.map(({ group, connections, ...r }) => r));
}
/** @type {[string, boolean][]} */
const checks = [];
const find = (/** @type {string} */ group, /** @type {string} */ server, /** @type {string} */ name) => rows.find((r) => r.group === group && r.server === server && r.case === name);
const ratio = (/** @type {Row} */ a, /** @type {Row | undefined} */ b) => (b ? a['req/s'] / Math.max(b['req/s'], 1) : NaN);
const djangoRef = { home: 'home', 'post (no demo)': 'post', 'post (math, code, demo)': 'demo' };
for (const server of [...new Set(rows.filter((r) => r.group === 'nocache').map((r) => r.server))]) {
  for (const [name, key] of Object.entries(djangoRef)) {
    const r = find('nocache', server, name);
    if (!r) continue;
    const d = django[key];
    const x = ratio(r, d);
    checks.push([`${server}, ${name}: ${r['req/s']} req/s${d ? ` = ${x.toFixed(1)}× Django's ${d['req/s']} (≥ 2×)` : ' (no Django figure)'}, p99 ${r['p99 ms']} ms (< 50)`, (d ? x >= 2 : true) && r['p99 ms'] < 50 && !r.errors && !r.non2xx]);
  }
}
for (const r of rows.filter((x) => x.group === 'nocache' && x.case.startsWith('Zipf'))) {
  if (django.zipf) notes.push(`${r.server}, ${r.case}: ${(r['req/s'] / Math.max(django.zipf['req/s'], 1)).toFixed(1)}× Django's ${django.zipf['req/s']} req/s (no target: every request renders).`);
}
{
  const plain = find('query', 'sqlite, cache on', 'post, plain URL');
  const unique = find('query', 'sqlite, cache on', 'post, own query string each');
  if (plain && unique) checks.push([`own query string on every request: ${unique['req/s']} req/s = ${(100 * ratio(unique, plain)).toFixed(0)}% of the plain URL's ${plain['req/s']} (≥ 90%), hit ${unique['hit %']}%`, ratio(unique, plain) >= 0.9 && !unique.errors && !unique.non2xx]);
}
for (const r of rows.filter((x) => x.group === 'zipf')) {
  const d = django.zipf;
  const x = ratio(r, d);
  // The first pass renders every post it meets once: the measure of a long tail is the pass after it, where the
  // posts asked for now and then are the misses (the cache's lifetime is hours; purges are explicit).
  if (r.case.endsWith('cold start')) {
    notes.push(`${r.server}, ${r.case}: ${r['req/s']} req/s${d ? ` = ${x.toFixed(1)}× Django's ${d['req/s']}` : ''}, p99 ${r['p99 ms']} ms, hit ${r['hit %']}% (no target: the first pass renders each post once).`);
    continue;
  }
  checks.push([`${r.server}, ${r.case}: ${r['req/s']} req/s${d ? ` = ${x.toFixed(1)}× Django's ${d['req/s']} (≥ 5×)` : ' (no Django figure)'}, p99 ${r['p99 ms']} ms (< 50), hit ${r['hit %']}%`, (d ? x >= 5 : true) && r['p99 ms'] < 50 && !r.errors && !r.non2xx]);
}
{
  const before = rows.find((r) => r.group === 'expiry' && r.case.endsWith('no expiry'));
  const during = rows.find((r) => r.group === 'expiry' && r !== before);
  if (before && during) checks.push([`across expiries under load: p99 ${during['p99 ms']} ms vs ${before['p99 ms']} ms without (≤ 2× and < 50 ms), hit ${during['hit %']}%`, during['p99 ms'] <= Math.max(2 * before['p99 ms'], 5) && during['p99 ms'] < 50]);
}
if (sizes.Manifold && sizes.Django) notes.push(`HTML per page, uncompressed: Manifold ${sizes.Manifold}; Django ${sizes.Django}.`);
for (const n of [...notes, djangoNote].filter(Boolean)) console.log(n);
if (checks.length) {
  console.log(`\nTargets (issue 16; measured on ${os.availableParallelism()} cores, ${CLIENT} on the same machine):`);
  for (const [text, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${text}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
console.log(`(${((Date.now() - started) / 60_000).toFixed(1)} min without the search, lighthouse and ml groups)`);
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ seconds: duration, connections: CONNECTIONS, rows, pages: pageTable, checks, notes: [...notes, djangoNote].filter(Boolean) }, null, 2));

if (groups.has('search')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-search.mjs'), ...providers.flatMap((p) => ['--provider', p])], { stdio: 'inherit', cwd: root });
  if (r.status) process.exitCode = r.status;
}

if (groups.has('lighthouse')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-lighthouse.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status) process.exitCode = r.status;
}

if (groups.has('scale')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-scale.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status) process.exitCode = r.status;
}

if (groups.has('ml') && fs.existsSync(path.join(root, 'scripts', 'bench-ml.mjs'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bench-ml.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status) process.exitCode = r.status;
}
