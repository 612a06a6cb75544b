// `npm run loadtest` (issue 13): the production set-up on this machine, under load. nginx (the shipped
// deploy/nginx/manifold.conf, through scripts/lib/nginx.mjs) in front of 2 instances of server.mjs (WEB_CONCURRENCY
// each, default 1) on a PostgreSQL and a Redis of the run's own (Debian's servers in a private folder and port each,
// started and removed here: scripts/lib/own-servers.mjs), the database with the sample content. Then:
//   load         200 connections through nginx for --duration seconds (60) on a mix of routes (home, a post, a
//                category, search, a post with demos, the attention model's API), each route its own autocannon
//                run at the same time, plus 5 authors autosaving through the real editor API (signed in, as the
//                editor does, every 500 ms): errors (target 0), p50/p99 per route, every autosave answered 200
//                found in the database afterwards, each instance's memory (RSS of its processes) at start and end;
//   throughput   the cached home page through nginx vs. nginx serving the same HTML from a file (target ≥ 0.5 of
//                it), and through one instance without nginx;
//   consistency  a post published through instance A's editor API: how long until instance B and nginx serve it,
//                and their home pages list it (target ≤ 1 s; instance B needs the Redis page-cache purge);
//   faults       (unless --skip-faults) under load through nginx: instance B killed (SIGKILL) — every autosave
//                answered 200 is in the database and nginx's GETs get no error (it retries on A); PostgreSQL
//                restarted (pg_ctl stop -m fast: every session terminated; down 3 s; started again) — answers are 200
//                (nginx's micro-cache, the page cache) or 503 with Retry-After, never another error, and both
//                instances are ready again within 5 s of its return; Redis restarted (down 5 s, back empty) — the
//                site keeps answering 200, and once Redis is back a post published on A reaches B within 1 s again.
//                (A full disk and a read-only media folder are tested with a real tmpfs in
//                contrib/media/tests/storage-faults.test.ts.)
// Prints a table of targets with ✓/✗ and exits 1 when one is missed. Options: --duration 60, --connections 200,
// --authors 5, --workers 1 (WEB_CONCURRENCY per instance), --port 3220 (nginx; the static nginx +1, the instances
// +2, +3, PostgreSQL +4, Redis +5), --json file. Figures from a machine others are using are indicative: compare ratios
// from one run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureBuild, prepareDatabase, root, sampleContentDir } from 'manifold/testing/serve';
import { reconnectOnClose, startServer, stopServer } from './lib/bench-support.mjs';
import { postgresBin, redisBin, startPostgres, startRedis } from './lib/own-servers.mjs';
import { mainConfig, nginxBinary, renderShippedConfig, startNginx } from './lib/nginx.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    authors: { type: 'string', default: '5' },
    workers: { type: 'string', default: '1' },
    port: { type: 'string', default: '3220' },
    json: { type: 'string' },
    'skip-faults': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run loadtest -- [--duration 60] [--connections 200] [--authors 5] [--workers 1] [--port 3220] [--json results.json] [--skip-faults]');
  process.exit(0);
}
/** @param {string} name @param {string | undefined} v @param {number} min */
const count = (name, v, min) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, not "${v}"`);
    process.exit(2);
  }
  return n;
};
const DURATION = count('duration', args.duration, 1);
const CONNECTIONS = count('connections', args.connections, 10);
const AUTHORS = count('authors', args.authors, 0);
const WORKERS = count('workers', args.workers, 1);
const PORT = count('port', args.port, 1024);
const ports = { nginx: PORT, static: PORT + 1, a: PORT + 2, b: PORT + 3, postgres: PORT + 4, redis: PORT + 5 };
const DB_NAME = 'manifold_loadtest';
// nginx's scratch folder (config, logs, cache, the static yardstick): under the system's temp folder, which nginx's
// workers (nobody, when started as root) can reach; data/ is private to its owner.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-loadtest-'));
const nginxUrl = `http://127.0.0.1:${ports.nginx}`;
const instanceUrl = { A: `http://127.0.0.1:${ports.a}`, B: `http://127.0.0.1:${ports.b}` };
/** What a browser sends: the instances answer br, nginx keeps a br entry per page. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
const TARGETS = { errors: 0, ratio: 0.5, consistencyMs: 1000 };
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// Preconditions: say what is missing in one line each, before anything starts.

/** @param {number} port @param {string} [host] */
const reachable = (port, host = '127.0.0.1') =>
  new Promise((resolve) => {
    const s = net.connect({ host, port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.setTimeout(2000, () => (s.destroy(), resolve(false)));
  });
const problems = [];
if (!nginxBinary()) problems.push('nginx is not installed (apt-get install nginx)');
if (!postgresBin()) problems.push('the PostgreSQL server is not installed (apt-get install postgresql): the run starts one of its own');
if (!redisBin()) problems.push('redis-server is not installed (apt-get install redis-server): the run starts one of its own');
for (const [name, port] of Object.entries(ports)) if (await reachable(port)) problems.push(`port ${port} (${name}) is in use; pick others with --port`);
if (problems.length) {
  for (const p of problems) console.error(`loadtest: ${p}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** RSS in MB of a process and all its descendants (a cluster's primary, its workers, their threads' pools). @param {number} pid */
function treeRssMb(pid) {
  let kb = 0;
  const visit = (/** @type {number} */ p) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      /* gone meanwhile */
    }
  };
  visit(pid);
  return Math.round(kb / 1024);
}

/**
 * One autocannon run: `paths` taken in turn, or one request with a body.
 * @param {string} url @param {{ connections: number, seconds: number, paths?: string[], method?: string, body?: string, headers?: Record<string, string> }} o
 * @returns {Promise<import('autocannon').Result>}
 */
function cannon(url, { connections, seconds, paths = ['/'], method = 'GET', body, headers = {} }) {
  let i = 0;
  /** @type {any} */
  const request = { method, path: paths[0], headers, body };
  if (paths.length > 1) request.setupRequest = (/** @type {any} */ req) => ({ ...req, path: paths[i++ % paths.length] });
  return new Promise((resolve, reject) =>
    autocannon({ url, connections, duration: seconds, pipelining: 1, requests: [request], setupClient: reconnectOnClose }, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

/** @param {number[]} xs @param {number} p */
const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/**
 * /api/ready until it answers 200 or `limit` ms pass (an instance answers before its ML workers have loaded the
 * models, about a second later; a load balancer waits the same way). The last answer either way.
 * @param {string} base @param {number} [limit]
 */
async function readiness(base, limit = 30_000) {
  const t0 = performance.now();
  for (;;) {
    const r = await fetch(`${base}/api/ready`);
    const answer = { path: '/api/ready', status: r.status, body: await r.text(), ms: Math.round(performance.now() - t0) };
    if (r.status === 200 || answer.ms > limit) return answer;
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The set-up

/** @type {{ name: string, child: import('node:child_process').ChildProcess, output: () => string }[]} */
const instances = [];
/** @type {Awaited<ReturnType<typeof startNginx>> | undefined} */
let nginx;
/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
let postgres;
/** @type {Awaited<ReturnType<typeof startRedis>> | undefined} */
let redisServer;
/** @type {Record<string, unknown>} */
const report = { duration: DURATION, connections: CONNECTIONS, authors: AUTHORS, workersPerInstance: WORKERS };
/** @type {{ target: string, value: string, ok: boolean }[]} */
const verdicts = [];
const started = Date.now();

try {
  fs.mkdirSync(path.join(dir, 'static'), { recursive: true });
  postgres = await startPostgres({ port: ports.postgres });
  redisServer = await startRedis({ port: ports.redis });
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const DATABASE_URL = postgres.url(DB_NAME);
  const REDIS_URL = redisServer.url;
  const env = {
    ...process.env,
    DATABASE_URL,
    REDIS_URL,
    HOST: '127.0.0.1',
    WEB_CONCURRENCY: String(WORKERS),
    // nginx connects from here; it passes the client's address, which the instances then believe.
    MANIFOLD_TRUSTED_PROXIES: '127.0.0.1',
    // Every load connection comes from one address: the demo API's per-client limit would refuse most of them.
    MANIFOLD_ML_RATE_LIMIT: 'off',
    MANIFOLD_LOG_LEVEL: 'warn',
    MANIFOLD_REDIS_PREFIX: 'manifold-loadtest',
  };
  prepareDatabase(env, sampleContentDir());
  const instanceEnv = env;

  // The authors: staff users with sessions, made the way the accounts app makes them (as bench-editor does).
  /** @type {string[]} */
  const cookies = [];
  for (let i = 0; i < Math.max(1, AUTHORS); i++) {
    const email = `loadtest-author-${i}@example.invalid`;
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'admin-seed.ts'), JSON.stringify({ users: [{ email, password: `loadtest author password ${i} 2026`, name: `author ${i}`, isStaff: true, isSuperuser: true }], session: email })],
      { cwd: root, env, encoding: 'utf8' },
    );
    if (seeded.status !== 0) throw new Error(`could not make author ${i}: ${seeded.stderr}`);
    cookies.push(JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}').cookie);
  }

  ensureBuild();
  console.log(`Starting 2 instances (WEB_CONCURRENCY=${WORKERS} each) on PostgreSQL ${DB_NAME}, REDIS_URL=${REDIS_URL} ...`);
  // One after the other: both migrate-free starts, but Next's first load is CPU-bound on a small machine.
  for (const [name, port] of /** @type {const} */ ([['A', ports.a], ['B', ports.b]])) {
    const s = await startServer(port, instanceEnv);
    instances.push({ name, child: s.child, output: s.output });
    const ready = await readiness(instanceUrl[name]);
    console.log(`  instance ${name}: ${s.line}; ${ready.path} ${ready.status} after ${ready.ms} ms`);
    if (ready.status !== 200) throw new Error(`instance ${name} is not ready: ${ready.body.slice(0, 300)}`);
  }

  // nginx: the shipped file for the two instances, plus a plain static server for the throughput comparison.
  const staticServer = `
# The throughput yardstick: the same home page HTML, from a file.
server {
    listen 127.0.0.1:${ports.static};
    root ${path.join(dir, 'static')};
    location = / { default_type text/html; try_files /home.html =404; }
}`;
  const http = renderShippedConfig({ upstreams: [`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`], listen: `127.0.0.1:${ports.nginx}`, cacheDir: path.join(dir, 'nginx-cache') }) + staticServer;
  nginx = await startNginx({ dir, config: mainConfig(dir, http, { workers: 'auto' }), ready: async () => (await fetch(`${nginxUrl}/api/health`)).ok });
  console.log(`  nginx on ${nginxUrl} (deploy/nginx/manifold.conf), static yardstick on :${ports.static}`);

  // The routes, from the database: a plain post, a post with demos, a category.
  let db = new pg.Client({ connectionString: DATABASE_URL });
  // The PostgreSQL restart below ends this session too: its error event is expected, and a new one is made after.
  db.on('error', () => {});
  await db.connect();
  /** @type {{ slug: string, compiledCode: string }[]} */
  const posts = (await db.query(`SELECT slug, "compiledCode" FROM "Post" WHERE status = 'published' ORDER BY "publishedAt" DESC`)).rows;
  const category = (await db.query(`SELECT c.slug FROM "Category" c JOIN "Post" p ON p."categoryId" = c.id WHERE p.status = 'published' GROUP BY c.slug ORDER BY count(*) DESC LIMIT 1`)).rows[0]?.slug;
  const demoPost = posts.find((p) => /Demo|<[A-Z][A-Za-z]+/.test(p.compiledCode) && p.slug.includes('gradient'))?.slug ?? posts[0].slug;
  const plainPost = posts.find((p) => p.slug === 'django-start')?.slug ?? posts[posts.length - 1].slug;
  const queries = ['경사', '학습률', 'django', 'attention', 'python', 'transformer', '손실', 'gan'];
  /** @type {{ name: string, share: number, paths: string[], method?: string, body?: string, headers?: Record<string, string> }[]} */
  const mix = [
    { name: 'home', share: 0.3, paths: ['/'] },
    { name: 'post', share: 0.25, paths: [`/posts/${encodeURIComponent(plainPost)}`] },
    { name: 'category', share: 0.15, paths: [`/category/${encodeURIComponent(category)}`] },
    { name: 'search', share: 0.15, paths: queries.map((q) => `/search?q=${encodeURIComponent(q)}`) },
    { name: 'demo post', share: 0.1, paths: [`/posts/${encodeURIComponent(demoPost)}`] },
    { name: 'demo API (attention)', share: 0.05, paths: ['/api/ml/attention'], method: 'POST', body: JSON.stringify({ text: 'manifold' }), headers: { 'content-type': 'application/json' } },
  ];
  // Warm: every route on every instance (through nginx, which spreads them), so the first seconds measure no compiles.
  for (const r of mix) for (const p of r.paths) for (let i = 0; i < 4; i++) await fetch(nginxUrl + p, { method: r.method ?? 'GET', body: r.body, headers: { ...BROWSER, ...r.headers, 'x-warm': String(i) } }).then((res) => res.arrayBuffer());

  // ---- load ---------------------------------------------------------------------------------------------------
  const rssStart = Object.fromEntries(instances.map((i) => [i.name, treeRssMb(/** @type {number} */ (i.child.pid))]));
  console.log(`\nLoad: ${CONNECTIONS} connections through nginx for ${DURATION} s, ${AUTHORS} authors autosaving ...`);
  let stopAuthors = false;
  /** @type {{ ms: number, status: number }[]} */
  const saves = [];
  /** @type {Map<number, string>} the last draft each post's author was told was saved */
  const acknowledged = new Map();
  const author = async (/** @type {number} */ i) => {
    const headers = { 'content-type': 'application/json', cookie: `next-auth.session-token=${cookies[i]}`, origin: nginxUrl };
    const created = await fetch(`${nginxUrl}/admin/api/blog/posts`, { method: 'POST', headers, body: JSON.stringify({ title: `부하 시험 ${i}` }) });
    if (created.status !== 201) throw new Error(`author ${i}: creating a post answered ${created.status}: ${await created.text()}`);
    const { id } = await created.json();
    for (let n = 0; !stopAuthors; n++) {
      const fields = { title: `부하 시험 ${i}`, slug: '', source: `# 초안 ${n}\n\n${'경사 하강법은 손실을 줄인다. '.repeat(20 + (n % 40))}`, format: 'markdown', excerpt: '', categoryId: null, tags: [], coverImage: null, seoTitle: null, seoDescription: null, seriesId: null, seriesOrder: null, revisedAt: null, publishedAt: null };
      const body = JSON.stringify({ version: 1, fields });
      const t0 = performance.now();
      try {
        const res = await fetch(`${nginxUrl}/admin/api/blog/posts/${id}/autosave`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        saves.push({ ms: performance.now() - t0, status: res.status });
        if (res.status === 200) acknowledged.set(id, JSON.stringify(fields));
      } catch {
        saves.push({ ms: performance.now() - t0, status: 0 });
      }
      await sleep(500);
    }
  };
  const authorsDone = Promise.all(Array.from({ length: AUTHORS }, (_, i) => author(i)));
  const totalShare = mix.reduce((s, r) => s + r.share, 0);
  const runs = await Promise.all(
    mix.map((r) =>
      cannon(nginxUrl, { connections: Math.max(1, Math.round((CONNECTIONS * r.share) / totalShare)), seconds: DURATION, paths: r.paths, method: r.method, body: r.body, headers: { ...BROWSER, ...r.headers } }),
    ),
  );
  stopAuthors = true;
  await authorsDone;
  const rssEnd = Object.fromEntries(instances.map((i) => [i.name, treeRssMb(/** @type {number} */ (i.child.pid))]));

  const loadRows = mix.map((r, k) => {
    const res = runs[k];
    return { route: r.name, connections: res.connections, 'req/s': Math.round(res.requests.average), 'p50 ms': res.latency.p50, 'p99 ms': res.latency.p99, requests: res.requests.total, errors: res.errors + res.timeouts, non2xx: res.non2xx };
  });
  const saveMs = saves.map((s) => s.ms);
  const saveErrors = saves.filter((s) => s.status !== 200).length;
  loadRows.push({ route: 'autosave (editor API)', connections: AUTHORS, 'req/s': +(saves.length / DURATION).toFixed(1), 'p50 ms': Math.round(percentile(saveMs, 50)), 'p99 ms': Math.round(percentile(saveMs, 99)), requests: saves.length, errors: saves.filter((s) => s.status === 0).length, non2xx: saves.filter((s) => s.status !== 200 && s.status !== 0).length });
  console.table(loadRows);
  // Every autosave answered 200 is in the database (the last one per post: each replaces the one before).
  let lost = 0;
  for (const [id, fields] of acknowledged) {
    const row = (await db.query('SELECT draft FROM "Post" WHERE id = $1', [id])).rows[0];
    if (row?.draft !== fields) lost++;
  }
  const errorsTotal = loadRows.reduce((s, r) => s + r.errors + r.non2xx, 0);
  console.log(`  memory (RSS, MB): ${instances.map((i) => `instance ${i.name} ${rssStart[i.name]} → ${rssEnd[i.name]}`).join(', ')}`);
  console.log(`  acknowledged autosaves found in the database: ${acknowledged.size - lost}/${acknowledged.size} posts' last drafts`);
  report.load = loadRows;
  report.rss = { start: rssStart, end: rssEnd };
  verdicts.push({ target: 'load: 0 errors and 0 non-2xx answers', value: String(errorsTotal), ok: errorsTotal === TARGETS.errors });
  verdicts.push({ target: 'load: every acknowledged autosave is in the database', value: `${acknowledged.size - lost}/${acknowledged.size}`, ok: lost === 0 && (AUTHORS === 0 || acknowledged.size === AUTHORS) });
  for (const i of instances) {
    const growth = rssEnd[i.name] - rssStart[i.name];
    // "Flat": within 25% (and 64 MB) of where it started; a loaded V8 heap grows some before it settles.
    verdicts.push({ target: `memory: instance ${i.name} RSS flat over the run`, value: `${rssStart[i.name]} → ${rssEnd[i.name]} MB`, ok: growth <= Math.max(64, rssStart[i.name] * 0.25) });
  }
  verdicts.push({ target: 'autosave p99 (informational)', value: `${Math.round(percentile(saveMs, 99))} ms, ${saveErrors} not 200`, ok: saveErrors === 0 });

  // ---- throughput vs the limit ---------------------------------------------------------------------------------
  const seconds = Math.max(5, Math.round(DURATION / 6));
  const conns = Math.min(100, CONNECTIONS);
  // The same bytes everywhere: identity coding (no Accept-Encoding), the HTML nginx has cached.
  const homeHtml = Buffer.from(await (await fetch(`${nginxUrl}/`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  fs.writeFileSync(path.join(dir, 'static', 'home.html'), homeHtml);
  console.log(`\nThroughput: the home page (${(homeHtml.length / 1024).toFixed(1)} KB), ${conns} connections, ${seconds} s each ...`);
  const viaNginx = await cannon(nginxUrl, { connections: conns, seconds });
  const staticFile = await cannon(`http://127.0.0.1:${ports.static}`, { connections: conns, seconds });
  const direct = await cannon(instanceUrl.A, { connections: conns, seconds });
  const tput = [
    { server: 'nginx → instances (micro-cache)', 'req/s': Math.round(viaNginx.requests.average), 'p50 ms': viaNginx.latency.p50, 'p99 ms': viaNginx.latency.p99, errors: viaNginx.errors + viaNginx.timeouts + viaNginx.non2xx },
    { server: 'nginx, static file', 'req/s': Math.round(staticFile.requests.average), 'p50 ms': staticFile.latency.p50, 'p99 ms': staticFile.latency.p99, errors: staticFile.errors + staticFile.timeouts + staticFile.non2xx },
    { server: 'instance A alone (page cache)', 'req/s': Math.round(direct.requests.average), 'p50 ms': direct.latency.p50, 'p99 ms': direct.latency.p99, errors: direct.errors + direct.timeouts + direct.non2xx },
  ];
  console.table(tput);
  const ratio = viaNginx.requests.average / staticFile.requests.average;
  report.throughput = { rows: tput, ratio };
  verdicts.push({ target: `throughput: cached home via nginx ≥ ${TARGETS.ratio} × static nginx`, value: ratio.toFixed(2), ok: ratio >= TARGETS.ratio });
  verdicts.push({ target: 'throughput: instance alone vs nginx (informational)', value: `${(direct.requests.average / viaNginx.requests.average).toFixed(2)} × nginx`, ok: true });

  // ---- consistency ---------------------------------------------------------------------------------------------
  console.log('\nConsistency: publishing through instance A ...');
  const headersA = { 'content-type': 'application/json', cookie: `next-auth.session-token=${cookies[0]}`, origin: instanceUrl.A };
  const title = `발행 일관성 ${Date.now().toString(36)}`;
  // The pages that must change are cached everywhere first.
  for (const base of [instanceUrl.B, nginxUrl]) for (let i = 0; i < 3; i++) await (await fetch(`${base}/`)).arrayBuffer();
  const created = await fetch(`${instanceUrl.A}/admin/api/blog/posts`, { method: 'POST', headers: headersA, body: JSON.stringify({ title }) });
  if (created.status !== 201) throw new Error(`creating the post on A answered ${created.status}: ${await created.text()}`);
  const { id } = await created.json();
  const fields = { title, slug: '', source: `${title}: 인스턴스 A에서 발행한 글.`, format: 'markdown', excerpt: '', categoryId: null, tags: [], coverImage: null, seoTitle: null, seoDescription: null, seriesId: null, seriesOrder: null, revisedAt: null, publishedAt: null };
  const published = await fetch(`${instanceUrl.A}/admin/api/blog/posts/${id}/save`, { method: 'POST', headers: headersA, body: JSON.stringify({ version: 1, intent: 'publish', fields }) });
  const publishedAt = performance.now();
  if (published.status !== 200) throw new Error(`publishing on A answered ${published.status}: ${await published.text()}`);
  const slug = (await db.query('SELECT slug FROM "Post" WHERE id = $1', [id])).rows[0].slug;
  const LIMIT_MS = 5000;
  /** How long after A answered until `url` shows the title (null: not within LIMIT_MS). @param {string} url */
  const until = async (url) => {
    for (;;) {
      const res = await fetch(url);
      const text = await res.text();
      if (res.status === 200 && text.includes(title)) return Math.round(performance.now() - publishedAt);
      if (performance.now() - publishedAt > LIMIT_MS) return null;
      await sleep(20);
    }
  };
  const checks = await Promise.all([
    ['instance B, the post', `${instanceUrl.B}/posts/${encodeURIComponent(slug)}`],
    ['instance B, the home page', `${instanceUrl.B}/`],
    ['nginx, the post', `${nginxUrl}/posts/${encodeURIComponent(slug)}`],
    ['nginx, the home page', `${nginxUrl}/`],
  ].map(async ([what, url]) => ({ what, ms: await until(url) })));
  report.consistency = checks;
  for (const c of checks) {
    console.log(`  ${c.what}: ${c.ms === null ? `not within ${LIMIT_MS} ms` : `${c.ms} ms`}`);
    verdicts.push({ target: `consistency: ${c.what} shows a post published on A within ${TARGETS.consistencyMs} ms`, value: c.ms === null ? `> ${LIMIT_MS} ms` : `${c.ms} ms`, ok: c.ms !== null && c.ms <= TARGETS.consistencyMs });
  }

  // ---- faults --------------------------------------------------------------------------------------------------
  if (!args['skip-faults']) {
    const pgServer = /** @type {NonNullable<typeof postgres>} */ (postgres);
    const redisOwn = /** @type {NonNullable<typeof redisServer>} */ (redisServer);
    const readerPaths = ['/', `/posts/${encodeURIComponent(plainPost)}`, `/category/${encodeURIComponent(category)}`, `/posts/${encodeURIComponent(demoPost)}`];
    /**
     * Readers through nginx, `workers` loops for as long as `during()` runs; each answer tallied by status (0: no
     * answer). A search with a query of its own per request reaches the database past every cache.
     * @param {() => Promise<void>} during @param {number} workers
     */
    const readersDuring = async (during, workers = 20) => {
      /** @type {Map<number, number>} */
      const statuses = new Map();
      /** @type {Set<string>} */
      const retryAfter = new Set();
      /** The first few answers that were neither 200 nor 503, as "status path". @type {string[]} */
      const odd = [];
      let stop = false;
      let n = 0;
      const loop = async () => {
        while (!stop) {
          const k = n++;
          const p = k % 5 === 4 ? `/api/search?q=${encodeURIComponent(`경사 ${k}`)}` : readerPaths[k % readerPaths.length];
          try {
            const res = await fetch(nginxUrl + p, { headers: BROWSER, signal: AbortSignal.timeout(15_000) });
            await res.arrayBuffer();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status === 503) retryAfter.add(res.headers.get('retry-after') ?? '(none)');
            else if (res.status !== 200 && odd.length < 5) odd.push(`${res.status} ${p}`);
          } catch {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
          }
        }
      };
      const loops = Array.from({ length: workers }, loop);
      try {
        await during();
      } finally {
        stop = true;
        await Promise.all(loops);
      }
      return { statuses, retryAfter, odd };
    };
    const tally = (/** @type {Map<number, number>} */ m) => [...m].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k || 'no answer'}×${v}`).join(' ');
    /** The last reason an instance gave for not being ready, while readyAgain() waits. */
    const notReady = new Map();
    /** ms until every instance's /api/ready answers 200 (null: not within `limit`). @param {number} limit */
    const readyAgain = async (limit) => {
      const t0 = performance.now();
      notReady.clear();
      for (;;) {
        const ok = await Promise.all(
          instances.map(async (i) => {
            const r = await fetch(`${instanceUrl[/** @type {'A' | 'B'} */ (i.name)]}/api/ready`).catch((/** @type {Error} */ e) => e);
            if (!(r instanceof Error) && r.status === 200) return true;
            notReady.set(i.name, r instanceof Error ? r.message : ((await r.json().catch(() => ({}))).reason ?? `HTTP ${r.status}`));
            return false;
          }),
        );
        if (ok.every(Boolean)) return Math.round(performance.now() - t0);
        if (performance.now() - t0 > limit) return null;
        await sleep(50);
      }
    };

    // 1. Instance B killed mid-load.
    console.log('\nFaults: instance B killed (SIGKILL) under load ...');
    saves.length = 0;
    acknowledged.clear();
    stopAuthors = false;
    const faultAuthors = Promise.all(Array.from({ length: AUTHORS }, (_, i) => author(i)));
    const b = /** @type {(typeof instances)[number]} */ (instances.find((i) => i.name === 'B'));
    const killed = await readersDuring(async () => {
      await sleep(3000);
      // The whole instance: with WEB_CONCURRENCY > 1 its primary and its workers.
      const tree = (/** @type {number} */ pid) => {
        /** @type {number[]} */
        const out = [pid];
        try {
          for (const task of fs.readdirSync(`/proc/${pid}/task`)) for (const c of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(...tree(Number(c)));
        } catch {
          /* gone */
        }
        return out;
      };
      for (const pid of tree(/** @type {number} */ (b.child.pid))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await sleep(6000);
    });
    stopAuthors = true;
    await faultAuthors;
    let lostAfterKill = 0;
    for (const [id, fields] of acknowledged) if ((await db.query('SELECT draft FROM "Post" WHERE id = $1', [id])).rows[0]?.draft !== fields) lostAfterKill++;
    const killErrors = [...killed.statuses].filter(([k]) => k !== 200).reduce((sum, [, v]) => sum + v, 0);
    console.log(`  readers through nginx: ${tally(killed.statuses)}; autosaves: ${saves.filter((x) => x.status === 200).length} answered 200, ${saves.filter((x) => x.status !== 200).length} not; acknowledged in the database: ${acknowledged.size - lostAfterKill}/${acknowledged.size}`);
    verdicts.push({ target: 'faults: B killed — every acknowledged autosave is in the database', value: `${acknowledged.size - lostAfterKill}/${acknowledged.size}`, ok: lostAfterKill === 0 && acknowledged.size > 0 });
    verdicts.push({ target: 'faults: B killed — readers through nginx get no error (A serves)', value: tally(killed.statuses), ok: killErrors === 0 });
    // B back for what follows.
    const again = await startServer(ports.b, instanceEnv);
    instances.splice(instances.indexOf(b), 1, { name: 'B', child: again.child, output: again.output });
    // Ready (its models loaded) before the next fault, so that one measures the database, not B's start.
    const bReady = await readiness(instanceUrl.B);
    console.log(`  instance B restarted: ${again.line}; /api/ready ${bReady.status} after ${bReady.ms} ms`);

    // 2. PostgreSQL restarted: down for 3 s. The authors keep autosaving through it.
    console.log('Faults: PostgreSQL restarted (down 3 s) under load ...');
    let pgBackMs = /** @type {number | null} */ (null);
    saves.length = 0;
    acknowledged.clear();
    stopAuthors = false;
    const restartAuthors = Promise.all(Array.from({ length: AUTHORS }, (_, i) => author(i)));
    const pgOut = await readersDuring(async () => {
      await sleep(1500);
      await pgServer.restart({ downMs: 3000 });
      pgBackMs = await readyAgain(10_000);
      await sleep(1500);
    });
    stopAuthors = true;
    await restartAuthors;
    // This script's own session ended with the restart.
    await db.end().catch(() => {});
    db = new pg.Client({ connectionString: DATABASE_URL });
    db.on('error', () => {});
    await db.connect();
    let lostAfterRestart = 0;
    for (const [id, fields] of acknowledged) if ((await db.query('SELECT draft FROM "Post" WHERE id = $1', [id])).rows[0]?.draft !== fields) lostAfterRestart++;
    const saveStatuses = new Map();
    for (const x of saves) saveStatuses.set(x.status, (saveStatuses.get(x.status) ?? 0) + 1);
    console.log(`  autosaves: ${tally(saveStatuses)}; acknowledged in the database: ${acknowledged.size - lostAfterRestart}/${acknowledged.size}`);
    verdicts.push({ target: 'faults: PostgreSQL restarted — autosaves answered 200 or 503, every 200 in the database', value: `${tally(saveStatuses)}; ${acknowledged.size - lostAfterRestart}/${acknowledged.size} kept`, ok: lostAfterRestart === 0 && saves.every((x) => x.status === 200 || x.status === 503) });
    const pgOther = [...pgOut.statuses].filter(([k]) => k !== 200 && k !== 503).reduce((sum, [, v]) => sum + v, 0);
    console.log(`  readers through nginx: ${tally(pgOut.statuses)} (Retry-After: ${[...pgOut.retryAfter].join(', ') || '—'}); both instances ready ${pgBackMs === null ? 'not within 10 s' : `${pgBackMs} ms`} after the database returned`);
    if (pgBackMs === null || pgBackMs > 5000) console.log(`  last reasons for not being ready: ${[...notReady].map(([k, v]) => `${k}: ${String(v).slice(0, 300)}`).join('; ')}`);
    if (pgOut.odd.length) {
      console.log(`  neither 200 nor 503: ${pgOut.odd.join(', ')}; the instances' last error lines:`);
      for (const i of instances) for (const line of i.output().split('\n').filter((l) => /error/i.test(l) && !l.includes('database unavailable')).slice(-3)) console.log(`    ${i.name}: ${line.slice(0, 400)}`);
    }
    verdicts.push({ target: 'faults: PostgreSQL restarted — readers get 200 or 503 with Retry-After, nothing else', value: tally(pgOut.statuses), ok: pgOther === 0 && [...pgOut.retryAfter].every((v) => v !== '(none)') });
    verdicts.push({ target: 'faults: PostgreSQL back — both instances ready within 5 s', value: pgBackMs === null ? '> 10 s' : `${pgBackMs} ms`, ok: pgBackMs !== null && pgBackMs <= 5000 });

    // 3. Redis restarted: down for 5 s, back empty (no persistence).
    console.log('Faults: Redis restarted (down 5 s) under load ...');
    const redisOut = await readersDuring(async () => {
      await sleep(1000);
      await redisOwn.restart({ downMs: 5000 });
      // The instances reconnect by themselves (ioredis) and listen again.
      await sleep(3000);
    });
    const redisErrors = [...redisOut.statuses].filter(([k]) => k !== 200).reduce((sum, [, v]) => sum + v, 0);
    const title2 = `Redis 복구 뒤 발행 ${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) await (await fetch(`${instanceUrl.B}/`)).arrayBuffer();
    const created2 = await fetch(`${instanceUrl.A}/admin/api/blog/posts`, { method: 'POST', headers: headersA, body: JSON.stringify({ title: title2 }) });
    const { id: id2 } = await created2.json();
    const published2 = await fetch(`${instanceUrl.A}/admin/api/blog/posts/${id2}/save`, { method: 'POST', headers: headersA, body: JSON.stringify({ version: 1, intent: 'publish', fields: { ...fields, title: title2, source: `${title2}.` } }) });
    const t2 = performance.now();
    let purgedMs = /** @type {number | null} */ (null);
    if (published2.status === 200) {
      for (;;) {
        const text = await (await fetch(`${instanceUrl.B}/`)).text();
        if (text.includes(title2)) {
          purgedMs = Math.round(performance.now() - t2);
          break;
        }
        if (performance.now() - t2 > 5000) break;
        await sleep(20);
      }
    }
    console.log(`  readers through nginx: ${tally(redisOut.statuses)}; after Redis returned, B's home page listed a post published on A ${purgedMs === null ? 'not within 5 s' : `after ${purgedMs} ms`}`);
    verdicts.push({ target: 'faults: Redis restarted — the site keeps answering 200', value: tally(redisOut.statuses), ok: redisErrors === 0 });
    verdicts.push({ target: `faults: Redis back — purges reach B again within ${TARGETS.consistencyMs} ms`, value: purgedMs === null ? '> 5000 ms' : `${purgedMs} ms`, ok: purgedMs !== null && purgedMs <= TARGETS.consistencyMs });
    report.faults = { kill: Object.fromEntries(killed.statuses), postgres: { statuses: Object.fromEntries(pgOut.statuses), readyAgainMs: pgBackMs }, redis: { statuses: Object.fromEntries(redisOut.statuses), purgeAfterMs: purgedMs } };
  }
  await db.end().catch(() => {});
} finally {
  await nginx?.stop();
  for (const i of instances) await stopServer(i.child);
  await postgres?.close();
  await redisServer?.close();
  const errors = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8').split('\n').filter((l) => /\[(?:crit|alert|emerg|error)\]/.test(l)) : [];
  if (errors.length) console.log(`\nnginx logged ${errors.length} errors; the first: ${errors[0]}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\nTargets (issue 13), ${((Date.now() - started) / 1000).toFixed(0)} s in all; figures from a shared machine are indicative:`);
const width = Math.max(...verdicts.map((v) => v.target.length));
for (const v of verdicts) console.log(`  ${v.ok ? '✓' : '✗'} ${v.target.padEnd(width)}  ${v.value}`);
report.verdicts = verdicts;
if (args.json) fs.writeFileSync(args.json, JSON.stringify(report, null, 2));
process.exitCode = verdicts.every((v) => v.ok) ? 0 : 1;
