// `npm run bench -- --only scale` (or `node scripts/bench-scale.mjs`): do reader pages stay as fast with 100,000 posts as
// with 100 (issue 13: within 1.5×, uncached, on PostgreSQL)? One PostgreSQL database of its own (manifold_scale,
// created and dropped here): the sample blog plus generated posts (scripts/generate-posts.mjs) up to SMALL posts,
// measured; then bulk-copied by SQL up to LARGE posts (INSERT … SELECT over generate_series: the generated posts'
// compiled bodies with new titles, slugs, dates, categories, 1–3 tags each, and their search entries copied, so the
// server has nothing to catch up), ANALYZEd and measured again. The production server (server.mjs, one process,
// MANIFOLD_PAGE_CACHE_MB=0: every request is rendered) answers ROUNDS sequential requests per page, after a warm-up;
// the table gives p50/p90 per page and size, and the ratio of the p50s. Exits 1 when a ratio is above 1.5.
// `--explain` then prints each statement the second render of each page runs at LARGE posts, with its EXPLAIN ANALYZE:
// the pages' getServerSideProps run in this process on a Prisma client that logs its queries (query events), with
// no purge broadcast, so the sidebar's counts are read as Vercel or `next start` would read them.
// `--keep` keeps the database; `--no-build` uses .next as it is; `--db-only` makes the LARGE database and keeps it;
// `--explain-only` explains the pages on the database a `--keep` or `--db-only` run left; `--sidebar-only` times there the
// sidebar's counts as a render without server.mjs reads them (the stored counts, contrib/blog/counts.ts) against
// counting the visible posts (what each such render did before them). `--reuse` keeps both sizes (the small one copied
// to <db>_small before growing) and, when both are there, measures them again without making them (for measuring a
// change to the queries; not after a migration). `--only search` measures the pages whose name starts with one of its
// comma-separated words.
// SCALE_POSTS (100000), SCALE_SMALL (100), SCALE_ROUNDS (60) and BENCH_PORT (3210) change the figures; SCALE_DB
// (manifold_scale) names the database, so two runs on one machine do not drop each other's.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureBuild, prepareDatabase, root, sampleContentDir, startNext } from 'manifold/testing/serve';

const { values: args } = parseArgs({ options: { explain: { type: 'boolean', default: false }, 'explain-only': { type: 'boolean', default: false }, 'sidebar-only': { type: 'boolean', default: false }, 'db-only': { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false }, only: { type: 'string' } } });
const LARGE = Number(process.env.SCALE_POSTS ?? 100_000);
const SMALL = Number(process.env.SCALE_SMALL ?? 100);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 60);
const TARGET_RATIO = 1.5;
const port = Number(process.env.BENCH_PORT ?? 3210);
const base = `http://127.0.0.1:${port}`;
const DB_NAME = process.env.SCALE_DB ?? 'manifold_scale';
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error(`SCALE_DB: a lower-case PostgreSQL name, not ${DB_NAME}`);
const SMALL_DB = `${DB_NAME}_small`;
const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const url = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const SEARCH_QUERY = '경사하강법';
const CATEGORY = '딥러닝';

const { register } = await import('tsx/esm/api');
register();
await import('manifold/register');
const { generatePosts } = await import('./generate-posts.mjs');
const { createDb } = await import('manifold/db');
const { parseDatabaseUrl } = await import('manifold/database-url');

/** @param {string} connectionString @param {(c: pg.Client) => Promise<T>} fn @template T */
async function withPg(connectionString, fn) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The database

async function freshDatabase() {
  await withPg(ADMIN_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${DB_NAME}"`);
  });
  const env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' };
  prepareDatabase(env, sampleContentDir());
  const db = createDb(parseDatabaseUrl(url));
  try {
    const have = await db.post.count();
    if (have < SMALL) await generatePosts(db, { count: SMALL - have, seed: 13, templates: 20 });
    // The search index of the small site, as a search would build it (at most SYNC_BATCH posts at a time).
    const blog = await import(/* @vite-ignore */ new URL('../packages/manifold/contrib/blog/search/index.ts', import.meta.url).href);
    await blog.rebuildSearchIndex(db);
  } finally {
    await db.$disconnect();
  }
  return env;
}

/**
 * Up to `total` posts by SQL alone: each new post copies a generated post's compiled body and search entry, with its
 * own slug, date (2015–2026, 5% in the future as scheduled), status (85% published, 10% draft, 5% scheduled),
 * category (one of the generated ones; 5% none) and 1–3 tags. Deterministic (no random()).
 * @param {number} total
 */
async function growTo(total) {
  return withPg(url, async (c) => {
    const t0 = performance.now();
    const { rows: [{ n }] } = await c.query(`SELECT COUNT(*)::int AS n FROM "Post"`);
    const add = total - n;
    if (add <= 0) return 0;
    await c.query('BEGIN');
    await c.query(`CREATE TEMP TABLE tpl AS SELECT row_number() OVER (ORDER BY p.id) - 1 AS k, p.* FROM "Post" p JOIN "User" u ON u.id = p."authorId" WHERE u.email LIKE '%@generated.invalid' AND p."compiledCode" <> ''`);
    const { rows: [{ templates }] } = await c.query(`SELECT COUNT(*)::int AS templates FROM tpl`);
    if (!templates) throw new Error('No generated post to copy');
    const { rows: [{ cats }] } = await c.query(`SELECT array_agg(id ORDER BY id) AS cats FROM "Category"`);
    const { rows: [{ tags }] } = await c.query(`SELECT array_agg(id ORDER BY id) AS tags FROM "Tag"`);
    // g → a template, a date spread over 2015-01-01 … 2026-11-01 by a multiplicative hash, a category and a status.
    const { rows: [{ first }] } = await c.query(`SELECT COALESCE(MAX(id), 0) + 1 AS first FROM "Post"`);
    await c.query(
      `INSERT INTO "Post" (title, slug, excerpt, source, format, "compiledCode", toc, embeds, "readingMinutes", "searchText", status, "publishedAt", "createdAt", "updatedAt", "authorId", "categoryId", version)
       SELECT t.title || ' #' || g, t.slug || '-s' || g, t.excerpt, t.source, t.format, t."compiledCode", t.toc, t.embeds, t."readingMinutes", t."searchText",
              CASE WHEN g % 20 < 17 THEN 'published' WHEN g % 20 < 19 THEN 'draft' ELSE 'scheduled' END,
              CASE WHEN g % 20 = 19 THEN now() + ((g % 97) + 1) * interval '1 day'
                   ELSE timestamptz '2015-01-01 00:00:00+00' + ((g::bigint * 2654435761) % 375000000) * interval '1 second' END,
              now(), now(), t."authorId",
              CASE WHEN g % 20 = 7 THEN NULL ELSE ($1::int[])[1 + (g * 7) % array_length($1::int[], 1)] END,
              1
       FROM generate_series(1, $2::int) g JOIN tpl t ON t.k = g % $3`,
      [cats, add, templates],
    );
    await c.query(
      `INSERT INTO "_PostToTag" ("A", "B")
       SELECT p.id, ($1::int[])[1 + ((p.id * 13 + j * 7) % array_length($1::int[], 1))]
       FROM "Post" p CROSS JOIN LATERAL generate_series(0, p.id % 3) j WHERE p.id >= $2
       ON CONFLICT DO NOTHING`,
      [tags, first],
    );
    // Search entries: the template's tokens, with the stamp and visibility the index would write (search/index.ts).
    await c.query(
      `INSERT INTO "blog_search" ("post_id", "stamp", "visible_from", "document", "head")
       SELECT p.id, 't3:' || p."updatedAt"::text || ':' || p."version",
              CASE WHEN p.status IN ('published', 'scheduled') AND p."compiledCode" <> '' THEN p."publishedAt" END, s."document", s."head"
       FROM "Post" p JOIN tpl t ON t.k = substring(p.slug from '-s([0-9]+)$')::int % $2
       JOIN "blog_search" s ON s.post_id = t.id WHERE p.id >= $1`,
      [first, templates],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE');
    const { rows: [{ posts, visible, indexed }] } = await c.query(
      `SELECT COUNT(*)::int AS posts, COUNT(*) FILTER (WHERE status IN ('published','scheduled') AND "publishedAt" <= now() AND "compiledCode" <> '')::int AS visible, (SELECT COUNT(*)::int FROM "blog_search") AS indexed FROM "Post"`,
    );
    console.log(`Grew to ${posts} posts (${visible} visible, ${indexed} indexed) by SQL in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    return add;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The server and the pages

/** @param {import('node:child_process').ChildProcess} child */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(t);
}

/** @param {NodeJS.ProcessEnv} env @param {() => Promise<T>} fn @template T */
async function withServer(env, fn) {
  const child = startNext(port, { ...env, WEB_CONCURRENCY: '1', MANIFOLD_PAGE_CACHE_MB: '0', MANIFOLD_ML_THREADS: '1' }, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  try {
    const deadline = Date.now() + 120_000;
    while (!/Manifold ready on/.test(output)) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${output.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return await fn();
  } finally {
    await stop(child);
  }
}

/** The pages measured: the home page, a category, a post (the same sample post at both sizes) and two searches. */
const ALL_PAGES = {
  home: '/',
  category: `/category/${encodeURIComponent(CATEGORY)}`,
  post: '/posts/django-start',
  search: `/search?q=${encodeURIComponent(SEARCH_QUERY)}`,
  // A word of one sample post only: the same few hits at both sizes (the common word above matches ~13% at 100,000).
  'search (rare word)': '/search?q=datetime',
};
const only = args.only?.split(',').map((w) => w.trim()).filter(Boolean);
const PAGES = Object.fromEntries(Object.entries(ALL_PAGES).filter(([name]) => !only || only.some((w) => name.startsWith(w))));

const quantile = (/** @type {number[]} */ sorted, /** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** ROUNDS requests per page, the pages in turn (one connection, keep-alive), after 5 unmeasured rounds. */
async function measurePages() {
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(Object.keys(PAGES).map((k) => [k, []]));
  for (let r = -5; r < ROUNDS; r++) {
    for (const [name, p] of Object.entries(PAGES)) {
      const t = performance.now();
      const res = await fetch(base + p);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      if (res.headers.get('x-manifold-cache') === 'HIT') throw new Error(`${p} came from the page cache`);
      if (r >= 0) times[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([k, v]) => {
      v.sort((a, b) => a - b);
      return [k, { p50: quantile(v, 0.5), p90: quantile(v, 0.9) }];
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// EXPLAIN: the statements one render of each page runs, through Prisma's query events, in this process

async function explainPages() {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { PrismaClient } = await import(/* @vite-ignore */ new URL('../prisma/generated/postgresql/client.ts', import.meta.url).href);
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: 'event', level: 'query' }] });
  /** @type {{ query: string, params: string, duration: number }[]} */
  const seen = [];
  client.$on('query', (/** @type {{ query: string, params: string, duration: number }} */ e) => seen.push(e));
  /** @type {Record<string, unknown>} */ (globalThis).__manifoldDb = client;
  const pages = await import(/* @vite-ignore */ new URL('../packages/manifold/contrib/blog/pages.ts', import.meta.url).href);
  const ctx = (/** @type {Record<string, unknown>} */ params, /** @type {Record<string, string>} */ query = {}) => ({ params, query, req: { url: '/' }, res: { statusCode: 200, setHeader() {} }, resolvedUrl: '/' });
  const runs = {
    home: () => pages.homePageProps(ctx({ lang: 'ko' })),
    category: () => pages.categoryPageProps(ctx({ lang: 'ko', path: [CATEGORY] })),
    post: () => pages.postPageProps(ctx({ lang: 'ko', slug: 'django-start' })),
    search: () => pages.searchPageProps(ctx({ lang: 'ko' }, { q: SEARCH_QUERY })),
  };
  await withPg(url, async (c) => {
    for (const [name, run] of Object.entries(runs)) {
      await run();
      seen.length = 0;
      await run();
      console.log(`\n=== ${name}: ${seen.length} statements`);
      for (const e of seen.sort((a, b) => b.duration - a.duration)) {
        const params = JSON.parse(e.params || '[]');
        let plan = '';
        try {
          const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${e.query}`, params);
          plan = rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n');
        } catch (err) {
          plan = `    (no plan: ${/** @type {Error} */ (err).message})`;
        }
        console.log(`  ${e.duration} ms  ${e.query.slice(0, 400)}\n${plan}`);
      }
    }
  });
  await client.$disconnect();
}

// ---------------------------------------------------------------------------------------------------------------
// The sidebar's counts without the purge broadcast: stored (a stamp and the rows) against counted, in this process

async function timeSidebar() {
  const db = createDb(parseDatabaseUrl(url));
  /** @type {Record<string, unknown>} */ (globalThis).__manifoldDb = db;
  const blog = (/** @type {string} */ file) => import(/* @vite-ignore */ new URL(`../packages/manifold/contrib/blog/${file}`, import.meta.url).href);
  const [data, queries] = await Promise.all([blog('data.ts'), blog('queries.ts')]);
  const time = async (/** @type {string} */ name, /** @type {() => Promise<unknown>} */ fn) => {
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < 16; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    const rest = times.slice(1).sort((a, b) => a - b);
    console.log(`${name}: first ${times[0].toFixed(1)} ms, then p50 ${quantile(rest, 0.5).toFixed(1)} ms, p90 ${quantile(rest, 0.9).toFixed(1)} ms`);
  };
  await time('counted (tree + tags)', () => Promise.all([queries.buildCategoryTree(db), queries.queryTags(db)]));
  await time('stored (tree + tags)', () => Promise.all([data.getCategoryTree(), data.listTags()]));
  await db.$disconnect();
}

// ---------------------------------------------------------------------------------------------------------------

if (args['db-only'] || args['explain-only'] || args['sidebar-only']) {
  if (args['db-only']) {
    await freshDatabase();
    await growTo(LARGE);
  }
  if (args['explain-only']) await explainPages();
  if (args['sidebar-only']) await timeSidebar();
  process.exit(0);
}
if (!args['no-build']) ensureBuild();
console.log(`Scale bench: ${SMALL} vs ${LARGE} posts on PostgreSQL, ${ROUNDS} requests per page, page cache off, one server process.`);
const exists = (/** @type {string} */ name) => withPg(ADMIN_URL, async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);
const reused = args.reuse && (await exists(DB_NAME)) && (await exists(SMALL_DB));
const env = reused ? { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' } : await freshDatabase();
if (args.reuse && !reused) {
  await withPg(ADMIN_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${SMALL_DB}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${SMALL_DB}" TEMPLATE "${DB_NAME}"`);
  });
}
if (reused) console.log(`Reusing ${SMALL_DB} and ${DB_NAME}.`);
const small = await withServer(args.reuse ? { ...env, DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${SMALL_DB}` } : env, measurePages);
if (!reused) await growTo(LARGE);
const large = await withServer(env, measurePages);
if (args.explain) await explainPages();

const table = Object.keys(PAGES).map((name) => ({
  page: name,
  path: decodeURIComponent(PAGES[name]),
  [`p50 ms @${SMALL}`]: +small[name].p50.toFixed(1),
  [`p90 ms @${SMALL}`]: +small[name].p90.toFixed(1),
  [`p50 ms @${LARGE}`]: +large[name].p50.toFixed(1),
  [`p90 ms @${LARGE}`]: +large[name].p90.toFixed(1),
  ratio: +(large[name].p50 / small[name].p50).toFixed(2),
}));
console.table(table);
const over = table.filter((r) => r.ratio > TARGET_RATIO);
console.log(over.length ? `✗ over ${TARGET_RATIO}×: ${over.map((r) => `${r.page} ${r.ratio}×`).join(', ')}` : `✓ every page within ${TARGET_RATIO}× of its latency at ${SMALL} posts`);
if (process.env.SCALE_JSON) fs.writeFileSync(path.resolve(root, process.env.SCALE_JSON), JSON.stringify({ small: SMALL, large: LARGE, rounds: ROUNDS, table }, null, 2));
if (!args.keep && !args.reuse) await withPg(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`));
if (over.length) process.exitCode = 1;
