// The database going away under a real production server (server.mjs on PostgreSQL, reached through a TCP proxy
// this spec cuts, as a restart or a failover cuts every connection and refuses new ones): reader pages answer 503
// with Retry-After and the "try again" page (those whose data is kept in memory since a render before still answer),
// the JSON APIs 503 with the message, the process keeps running and
// answering, and within 5 s of the database coming back every page is 200 again without a restart.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { manage, sampleContentDir, serverScript } from 'manifold/testing/serve';
import { tcpProxy } from 'manifold/testing/tcp-proxy';

const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3107) + 41;
const base = `http://127.0.0.1:${port}`;
const DB = `manifold_e2e_outage_${port}`;
const POST = '/posts/django-start';
const OTHER_POST = '/posts/gradient-descent-learning-rate';

test.describe.configure({ mode: 'serial' });

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let db: Awaited<ReturnType<typeof tcpProxy>>;
let child: ChildProcess | undefined;
let output = '';
/** A staff author's session cookie (tests/e2e/admin-seed.ts), for the editor's API. */
let author = '';

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${DB}"`);
  db = await tcpProxy({ port: 5432 });
  const proxyPort = db.port;
  // Migrated and loaded directly; the server goes through the proxy.
  const direct = { ...process.env, DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB}`, HOST: '127.0.0.1' };
  for (const args of [['migrate'], ['loadcontent', sampleContentDir()]]) {
    if (manage(args, direct, { exitOnError: false }) !== 0) throw new Error(`manage ${args[0]} failed on ${DB}`);
  }
  const email = 'outage-author@example.invalid';
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'admin-seed.ts'), JSON.stringify({ users: [{ email, password: 'outage author password 2026', name: 'author', isStaff: true, isSuperuser: true }], session: email })],
    { cwd: root, env: direct, encoding: 'utf8' },
  );
  if (seeded.status !== 0) throw new Error(`could not make the author: ${seeded.stderr}`);
  author = `next-auth.session-token=${JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}').cookie}`;
  child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...direct, DATABASE_URL: `postgresql://postgres@127.0.0.1:${proxyPort}/${DB}`, NODE_ENV: 'production', PORT: String(port), WEB_CONCURRENCY: '1', MANIFOLD_PAGE_CACHE_MB: '0', MANIFOLD_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output.slice(-2000)}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not come up:\n${output.slice(-2000)}`);
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await db?.close();
  await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`).catch(() => {});
});

test('pages and APIs answer 503 "try again" while the database is away, and 200 within 5 s of its return', async ({ request }) => {
  expect((await request.get(`${base}${POST}`)).status()).toBe(200);
  expect((await request.get(`${base}/api/search?q=${encodeURIComponent('django')}`)).status()).toBe(200);
  // An author at work: the editor's API (signed in and staff checked against the database before it routes).
  const editor = { cookie: author, origin: base, 'content-type': 'application/json' };
  const created = await request.post(`${base}/admin/api/blog/posts`, { headers: editor, data: { title: '정전 중 자동 저장' } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const fields = { title: '정전 중 자동 저장', slug: '', source: '# 초안', format: 'markdown', excerpt: '', categoryId: null, tags: [], coverImage: null, seoTitle: null, seoDescription: null, seriesId: null, seriesOrder: null, revisedAt: null, publishedAt: null };
  const autosave = () => request.post(`${base}/admin/api/blog/posts/${id}/autosave`, { headers: editor, data: { version: 1, fields } });
  expect((await autosave()).status()).toBe(200);

  db.cut();
  // Pages not read before the outage (nothing of them is kept in memory: contrib/blog/memo.ts) cannot be rendered.
  for (const path of ['/', OTHER_POST, '/category/django']) {
    const page = await request.get(`${base}${path}`);
    expect(page.status(), path).toBe(503);
    expect(page.headers()['retry-after'], path).toBe('5');
    const html = await page.text();
    expect(html).toContain('잠시 후 다시 시도해 주세요');
    expect(html).toContain('Try again in a moment');
  }
  const api = await request.get(`${base}/api/search?q=${encodeURIComponent('django')}`);
  expect(api.status()).toBe(503);
  expect(api.headers()['retry-after']).toBe('5');
  expect((await api.json()).error).toContain('The database is unavailable for a moment');
  // The author's autosave is told to try again (the editor keeps the text and retries), not a 500.
  const saved = await autosave();
  expect(saved.status()).toBe(503);
  expect(saved.headers()['retry-after']).toBe('5');
  expect((await saved.json()).error).toContain('The database is unavailable for a moment');
  const picked = await request.get(`${base}/admin/autocomplete?app=blog&model=post&field=category&q=a`, { headers: { cookie: author } });
  expect(picked.status()).toBe(503);
  // A post read before the outage is rendered from the reader data kept in memory until the next content change.
  expect((await request.get(`${base}${POST}`)).status()).toBe(200);
  // Still the same process, still answering what needs no database.
  expect(child!.exitCode).toBeNull();
  expect((await request.get(`${base}/robots.txt`)).status()).toBe(200);
  // Alive (liveness: nothing to restart) but not ready (readiness: send it no traffic), and ready says why.
  const health = await request.get(`${base}/api/health`);
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ ok: true, database: 'postgresql' });
  const ready = await request.get(`${base}/api/ready`);
  expect(ready.status()).toBe(503);
  expect((await ready.json()).reason).toMatch(/^database unreachable/);

  db.restore();
  const back = Date.now();
  await expect
    .poll(async () => (await request.get(`${base}${OTHER_POST}`)).status(), { timeout: 5000, intervals: [100] })
    .toBe(200);
  const recoveredMs = Date.now() - back;
  for (const path of ['/', POST, OTHER_POST]) expect((await request.get(`${base}${path}`)).status(), path).toBe(200);
  expect((await request.get(`${base}/api/ready`)).status()).toBe(200);
  expect((await autosave()).status()).toBe(200);
  expect((await request.get(`${base}/api/search?q=${encodeURIComponent('django')}`)).status()).toBe(200);
  test.info().annotations.push({ type: 'recovered', description: `${recoveredMs} ms after the database returned` });
  expect(child!.exitCode).toBeNull();
  // Logged as what it is, once per failed request, never as an unhandled crash.
  expect(output).not.toMatch(/uncaughtException|unhandledRejection/);
});
