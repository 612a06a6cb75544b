// `node scripts/bench-models.mjs` (npm run bench:models): the model library's figures, against a real production
// server (server.mjs + next start, given a built .next) on a fresh SQLite database, with the real tfjs test models
// the ml app's tests make (tests/e2e/byo-seed.ts writes them):
//  1. upload-to-ready: each test model uploaded as the library page does (one store-only zip to the admin API), timed until its version
//     is "ready" (or refused/unhealthy, with the reason), with the server's memory (VmRSS of the process, its worker
//     threads included) before and after it was loaded and called;
//  2. the generic embed's JavaScript (gzip): the /_islands/ scripts Chromium loads for a post with <ModelDemo>, the
//     islands runtime apart from the embed's own chunks;
//  3. the CNN's latency (p50/p99, req/s) at 1 and 16 connections (autocannon);
//  4. the built-in demos' p50 (convolution, autoencoder) alone and while 8 connections hammer the slow model (≈10 s
//     per call; it is contained by the custom lane's time limit, per-model concurrency and queue share).
// Options: --port 3231, --seconds 5, --json, --markdown (tables for a closing note), --chromium /usr/bin/chromium.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { chromium } from '@playwright/test';
import { prepareDatabase, root, startNext } from 'manifold/testing/serve';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3231' },
    seconds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const port = Number(values.port);
const seconds = Number(values.seconds);
const base = `http://127.0.0.1:${port}`;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('bench-models: no production build in .next; run `npm run build` first.');
  process.exit(1);
}

const dir = path.join(root, 'data', 'bench-models');
const modelsDir = path.join(root, 'data', 'byo-models');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const env = {
  ...process.env,
  DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
  MEDIA_ROOT: path.join(dir, 'media'),
  HOST: '127.0.0.1',
  MANIFOLD_LOG_LEVEL: 'warn',
  // The load comes from one address: without this the per-client rate limit would answer most of it with 429.
  MANIFOLD_ML_RATE_LIMIT: 'off',
  // The slow model is accepted only under a raised cost cap (the default refuses it by its FLOPs).
  MANIFOLD_ML_CUSTOM_MAX_MFLOPS: '1000000',
  // …and kept "ready" (each of its calls takes ≈10 s, under this limit): what is measured is how the lane contains a
  // slow model that is served, not one refused at its check.
  MANIFOLD_ML_CUSTOM_TIMEOUT_MS: '40000',
};
prepareDatabase(env);

/** Runs a tests/e2e seed helper (tsx) against the bench database and returns its JSON answer. */
function seed(/** @type {string} */ file, /** @type {object} */ cmd) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', file), JSON.stringify(cmd)], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
}

const EMAIL = 'bench-models@example.invalid';
const { cookie } = seed('admin-seed.ts', { users: [{ email: EMAIL, password: 'bench models password 2026', name: 'bench', isStaff: true, isSuperuser: true }], session: EMAIL });
process.stderr.write('making the test models (tfjs)… ');
const t0 = performance.now();
seed('byo-seed.ts', { models: { dir: modelsDir } });
process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const admin = { cookie: `next-auth.session-token=${cookie}`, origin: base };

/** VmRSS of a process and its children, in MB (the worker threads live inside the server process). */
function treeRssMb(/** @type {number} */ pid) {
  let pids = [pid];
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  if (r.status === 0) pids = pids.concat(r.stdout.split('\n').map((s) => Number(s.trim())).filter(Boolean));
  let kb = 0;
  for (const p of pids) {
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return Math.round(kb / 1024);
}

// ---- the admin API of the model library (B's /admin/api/ml/*) -------------------------------------------------

/** Makes the model and uploads its zip as the library page does (one body); resolves to the HTTP status and answer. */
async function upload(/** @type {string} */ slug, /** @type {string} */ title, /** @type {string} */ name) {
  const made = await fetch(`${base}/admin/api/ml/models`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ slug, title }) });
  if (made.status !== 201) throw new Error(`creating ${slug}: ${made.status} ${await made.text()}`);
  // Packed store-only, as the library page packs the files an author picks (a hand-made deflated zip also works, and
  // costs the main thread its unpacking: about a second per 8 MB here).
  const zip = fs.readFileSync(path.join(modelsDir, `${name}.store.zip`));
  const res = await fetch(`${base}/admin/api/ml/models/${slug}/versions?filename=${name}.zip`, { method: 'POST', headers: { ...admin, 'content-type': 'application/zip' }, body: zip });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/** The newest version of a model, from the admin API (status, error, load time, p50). */
async function latestVersion(/** @type {string} */ slug) {
  const res = await fetch(`${base}/admin/api/ml/models/${slug}`, { headers: admin });
  if (!res.ok) return { status: `http ${res.status}` };
  const body = await res.json();
  return [...(body.versions ?? [])].sort((a, b) => b.number - a.number)[0] ?? { status: 'none' };
}

/** What GET /api/ml/custom/<slug> says (the served version, its signature). */
async function describe(/** @type {string} */ slug) {
  const res = await fetch(`${base}/api/ml/custom/${slug}`);
  return res.ok ? res.json() : null;
}

async function setSignature(/** @type {string} */ slug, /** @type {object} */ signature, /** @type {object | null} */ example) {
  const res = await fetch(`${base}/admin/api/ml/models/${slug}/signature`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ signature, example }),
  });
  if (!res.ok) throw new Error(`signature for ${slug}: ${res.status} ${await res.text()}`);
}

// ---- load -----------------------------------------------------------------------------------------------------

/** @param {import('autocannon').Options} opts @returns {Promise<import('autocannon').Result>} */
const cannon = (opts) => new Promise((resolve, reject) => autocannon({ duration: seconds, pipelining: 1, ...opts }, (err, res) => (err ? reject(err) : resolve(res))));
/** @param {string} url @param {unknown} body */
const post = (url, body) => ({ url: `${base}${url}`, method: /** @type {const} */ ('POST'), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `connections` clients posting `body` back to back for `secs` s in a separate process (so this one's clock is its own). */
function hammer(/** @type {string} */ url, /** @type {unknown} */ body, /** @type {number} */ connections, /** @type {number} */ secs) {
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  const child = spawn(bin, ['-c', String(connections), '-d', String(secs), '-t', '60', '-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify(body), '-j', `${base}${url}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (/** @type {Buffer} */ d) => (text += d));
    child.on('exit', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(null);
      }
    });
  });
}

/** Latency of one request at a time, to the microsecond, for `secs` s (autocannon rounds to whole ms). */
async function sequential(/** @type {string} */ url, /** @type {unknown} */ body, /** @type {number} */ secs) {
  /** @type {number[]} */
  const times = [];
  /** @type {Record<number, number>} */
  const statuses = {};
  const end = performance.now() + secs * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.ok) times.push(performance.now() - t);
    await sleep(20);
  }
  times.sort((a, b) => a - b);
  const q = (/** @type {number} */ p) => (times.length ? +times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2) : NaN);
  return { p50: q(0.5), p99: q(0.99), max: times.length ? +times[times.length - 1].toFixed(1) : NaN, n: times.length, statuses };
}

// ---- the test models and their signatures ---------------------------------------------------------------------

const digitsSignature = {
  input: { kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' },
  output: { kind: 'classes', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], topK: 3 },
};
// A "1": a vertical bar in the middle columns, 0..255.
const onePixels = Array.from({ length: 64 }, (_, i) => (i % 8 === 3 || i % 8 === 4) && i >= 8 && i < 56 ? 255 : 0);

/** The signature an author would declare: the CNN's and the text model's (with its word index) by hand, else the guess. */
function signatureFor(/** @type {string} */ name, /** @type {any} */ guess) {
  if (name === 'digits') return digitsSignature;
  if (name === 'text') {
    const vocabulary = JSON.parse(fs.readFileSync(path.join(modelsDir, 'text', 'word_index.json'), 'utf8'));
    return { input: { kind: 'text', vocabulary, maxLength: 8, oovIndex: 1, padIndex: 0, lowercase: true }, output: { kind: 'classes', labels: ['부정 negative', '긍정 positive'] } };
  }
  return guess;
}

const MODELS = [
  { name: 'dense', title: '2차원 점 분류기 (dense)' },
  { name: 'digits', title: '8×8 숫자 CNN' },
  { name: 'text', title: '감성 분류 LSTM' },
  { name: 'slow', title: '느린 모델 (합성곱 250층)' },
  { name: 'slow-lite', title: '느린 모델 (합성곱 100층)' },
];

const server = startNext(port, env, { stdio: ['ignore', 'ignore', 'inherit'] });
/** @type {Record<string, unknown>} */
const result = { seconds };
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    if (i > 1200) throw new Error('the server did not start');
    await sleep(250);
  }
  // Warm the built-in demos (their worker threads) and the admin API before measuring anything.
  for (let i = 0; i < 10; i++) await fetch(`${base}/api/ml/convolution`, post('/api/ml/convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1] }));
  const pid = server.pid ?? 0;

  // 1. Upload to ready, and memory.
  /** @type {object[]} */
  const uploads = [];
  for (const m of MODELS) {
    const slug = `bench-${m.name}`;
    const before = treeRssMb(pid);
    const started = performance.now();
    const up = await upload(slug, m.title, m.name);
    /** @type {any} */
    let version = up.status >= 400 ? { status: `refused ${up.status}`, error: up.body?.error } : { status: 'checking' };
    while (version.status === 'checking' && performance.now() - started < 300_000) {
      await sleep(50);
      version = await latestVersion(slug);
    }
    const readyMs = performance.now() - started;
    // The signature guessed from its shapes (the CNN's is declared below), then memory with the model loaded and
    // called once (the check already loaded it in the lane's thread).
    if (version.status === 'ready' && up.body?.guess) await setSignature(slug, signatureFor(m.name, up.body.guess), null).catch((e) => process.stderr.write(`${e.message}\n`));
    const info = await describe(slug);
    if (info?.signature) await fetch(`${base}/api/ml/custom/${slug}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestFor(info.signature.input)) });
    const after = treeRssMb(pid);
    uploads.push({
      model: m.name,
      'upload KB': +(fs.statSync(path.join(modelsDir, `${m.name}.store.zip`)).size / 1024).toFixed(1),
      status: version.status,
      'upload→ready ms': Math.round(readyMs),
      'load ms': version.loadMs ?? '',
      'p50 ms (server)': version.p50Ms ?? '',
      'RSS before MB': before,
      'RSS after MB': after,
      'Δ MB': after - before,
      error: version.status === 'ready' ? '' : String(version.error ?? '').slice(0, 120),
    });
    process.stderr.write('.');
  }
  result.uploads = uploads;
  await setSignature('bench-digits', digitsSignature, { pixels: onePixels });

  // 2. The embed's JavaScript, as Chromium loads it for a post with <ModelDemo model="bench-digits" />.
  result.embedJs = await embedJs();

  // 3. The CNN at 1 and 16 connections.
  /** @type {object[]} */
  const latency = [];
  const cnn = post('/api/ml/custom/bench-digits', { pixels: onePixels });
  for (let i = 0; i < 20; i++) await fetch(cnn.url, cnn);
  for (const connections of [1, 16]) {
    const r = await cannon({ ...cnn, connections });
    latency.push({ model: 'digits (CNN)', connections, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    await fetch(cnn.url, cnn);
  }
  result.latency = latency;

  // 4. The built-in demos alone, then while the slow model is hammered.
  const conv = { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true };
  const alone = await sequential('/api/ml/convolution', conv, seconds);
  // The slow model that passed its check (the 250-layer one may not on a busy machine: its first call alone can pass
  // the check's 60 s), hammered while it runs.
  const slowSlug = (await latestVersion('bench-slow')).status === 'ready' ? 'bench-slow' : 'bench-slow-lite';
  const slowVersion = await latestVersion(slowSlug);
  const slowBody = requestFor((await describe(slowSlug))?.signature?.input);
  const hammered = hammer(`/api/ml/custom/${slowSlug}`, slowBody, 8, seconds * 3 + 4);
  await sleep(2000);
  const loaded = await sequential('/api/ml/convolution', conv, seconds * 3);
  const slow = /** @type {any} */ (await hammered);
  const afterSlow = await latestVersion(slowSlug);
  result.contention = {
    'slow model': `${slowSlug} (${slowVersion.status}, p50 ${Math.round(slowVersion.p50Ms ?? NaN)} ms per call)`,
    'convolution p50 ms alone': alone.p50,
    'convolution p99 ms alone': alone.p99,
    'convolution p50 ms (slow model hammered)': loaded.p50,
    'convolution p99 ms (slow model hammered)': loaded.p99,
    'convolution max ms (slow model hammered)': loaded.max,
    'convolution answers': JSON.stringify(loaded.statuses),
    'slow model answers': slow ? JSON.stringify(statusCounts(slow)) : 'n/a',
    'slow model status after': afterSlow.status,
    'RSS MB at the end': treeRssMb(pid),
  };
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

/** A valid request for a signature's input (the guessed one when none is declared). */
function requestFor(/** @type {any} */ input) {
  if (input?.kind === 'vector') return { values: Object.fromEntries(input.fields.map((/** @type {any} */ f) => [f.name, f.default ?? 0])) };
  if (input?.kind === 'image') return { pixels: Array(input.width * input.height * input.channels).fill(0) };
  if (input?.kind === 'series') return { rows: Array.from({ length: input.length }, () => input.columns.map(() => 0)) };
  if (input?.kind === 'text') return { text: 'slow' };
  return {};
}

/** The statuses autocannon counted (its -j output has 1xx..5xx buckets). */
function statusCounts(/** @type {any} */ r) {
  return { '2xx': r['2xx'], '4xx': r['4xx'], '5xx': r['5xx'], errors: r.errors, timeouts: r.timeouts };
}

/** Chromium (Debian's) opens a published post with the embed; sums the gzip of the /_islands/ scripts it loads. */
async function embedJs() {
  const slug = 'bench-model-demo';
  const source = `# 모델\n\n<ModelDemo model="bench-digits" />\n`;
  const { id } = seed('byo-seed.ts', { post: { slug, title: 'bench ModelDemo', source } });
  const saved = await fetch(`${base}/admin/api/blog/posts/${id}/save`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      version: 1,
      intent: 'publish',
      fields: { title: 'bench ModelDemo', slug, source, excerpt: '', categoryId: null, tags: [], coverImage: null, seoTitle: null, seoDescription: null, seriesId: null, seriesOrder: null, revisedAt: null, publishedAt: null },
    }),
  });
  if (!saved.ok) throw new Error(`publishing the bench post: ${saved.status} ${await saved.text()}`);
  const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    /** @type {Promise<{ url: string, gzip: number }>[]} */
    const scripts = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' && r.url().includes('/_islands/')) scripts.push(r.body().then((b) => ({ url: new URL(r.url()).pathname, gzip: zlib.gzipSync(b).length })));
    });
    await page.goto(`${base}/posts/${slug}`);
    const embed = page.locator('[data-embed="ModelDemo"]');
    await embed.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-embed="ModelDemo"] [data-ml-state="live"], [data-embed="ModelDemo"][data-hydrated="true"]'), null, { timeout: 30_000 }).catch(() => {});
    await page.waitForLoadState('networkidle');
    const all = await Promise.all(scripts);
    const runtime = all.filter((s) => /\/islands\.js$/.test(s.url)).reduce((n, s) => n + s.gzip, 0);
    const total = all.reduce((n, s) => n + s.gzip, 0);
    return { 'runtime KB': +(runtime / 1024).toFixed(1), 'embed chunks KB': +((total - runtime) / 1024).toFixed(1), 'total KB': +(total / 1024).toFixed(1), scripts: all.length };
  } finally {
    await browser.close();
  }
}

fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(result, null, 2));
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nModel library figures (${base}, ${seconds} s per load row):`);
  console.log('Upload to ready, per test model (server RSS, worker threads included):');
  console.table(result.uploads);
  console.log('The generic embed <ModelDemo> JavaScript (gzip):');
  console.table([result.embedJs]);
  console.log('The CNN (POST /api/ml/custom/bench-digits), autocannon:');
  console.table(result.latency);
  console.log('Built-in demo while 8 connections hammer the slow model:');
  console.table([result.contention]);
}
if (values.markdown) console.log(markdown(result));

/** The figures as Markdown tables, for the closing note. */
function markdown(/** @type {Record<string, any>} */ r) {
  const table = (/** @type {object[]} */ rows) => {
    if (!rows?.length) return '';
    const keys = Object.keys(rows[0]);
    return [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${keys.map((k) => String(/** @type {any} */ (row)[k])).join(' | ')} |`)].join('\n');
  };
  return ['', table(r.uploads), '', table([r.embedJs]), '', table(r.latency), '', table([r.contention]), ''].join('\n');
}
