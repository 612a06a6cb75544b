// Issue 16 against the real production server (server.mjs, Next, the e2e build and database): tracking parameters do
// not make new pages, concurrent misses share one render, and an expired page is served stale while one loopback
// refresh through Next renders it again. The page lifetime is set to 1 s (MANIFOLD_PAGE_MAX_AGE_S) so a page expires
// during the test; the test waits for states (STALE, then HIT again), it asserts no durations.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { serverScript } from 'manifold/testing/serve';

const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3107) + 101;
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  let log = '';
  child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: process.env.E2E_DATABASE_URL, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '1', MANIFOLD_PAGE_MAX_AGE_S: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server.mjs did not start: ${log}`);
});

test.afterAll(() => {
  child?.kill('SIGTERM');
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

test('tracking parameters name the same page: one render, answered from memory, the same document', async () => {
  const first = await get('/posts/django-start?utm_source=a');
  expect(first.status).toBe(200);
  expect(['MISS', 'HIT', 'STALE']).toContain(first.headers.get('x-manifold-cache'));
  // The page cache's own lifetime field never leaves the server.
  expect(first.headers.get('manifold-cache-control')).toBeNull();
  expect(first.headers.get('cache-control')).toMatch(/^public, s-maxage=\d+/);
  const again = await get('/posts/django-start?utm_source=b&fbclid=c&gclid=d');
  expect(['HIT', 'STALE']).toContain(again.headers.get('x-manifold-cache'));
  expect(again.body.toString()).toContain('<h1');
  expect(again.body.toString()).not.toContain('fbclid');
});

test("a page carries the server's weak ETag of its bytes, and a revalidation is answered 304 without the page", async () => {
  const page = await get('/posts/gradient-descent-basics');
  const etag = page.headers.get('etag');
  // Made by server.mjs from the document (lib/server/etag.mjs), not by Next's hash (generateEtags is off here).
  expect(etag).toBe(`W/"${crypto.createHash('sha1').update(page.body).digest('base64url')}"`);
  for (const path of ['/posts/gradient-descent-basics', '/posts/gradient-descent-basics?utm_source=x']) {
    const again = await get(path, { 'if-none-match': etag! });
    expect([again.status, again.body.length, again.headers.get('etag')]).toEqual([304, 0, etag]);
    expect(again.headers.get('content-security-policy')).toBe(page.headers.get('content-security-policy'));
  }
  expect((await get('/posts/gradient-descent-basics', { 'if-none-match': 'W/"old"' })).status).toBe(200);
});

test('concurrent misses for one page are answered by one render', async () => {
  // An English post page nobody asked for yet.
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => get(`/en/posts/cnn-convolution?utm_source=n${i}`, { 'accept-encoding': i % 2 ? 'br' : 'gzip' })));
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  const labels = answers.map((a) => a.headers.get('x-manifold-cache'));
  expect(labels.filter((l) => l === 'MISS')).toHaveLength(1);
  for (const l of labels) expect(['MISS', 'WAITED', 'HIT']).toContain(l);
  // fetch decodes br and gzip itself; every one got the same document.
  expect(new Set(answers.map((a) => a.body.toString())).size).toBe(1);
});

test('an expired page is served stale while one refresh through Next renders it again', async () => {
  test.setTimeout(60_000);
  await get('/');
  let label: string | null = null;
  // Fresh for 1 s: wait until it is stale (each look is itself a request that may be the stale one).
  while (label !== 'STALE') label = (await get('/')).headers.get('x-manifold-cache');
  // The refresh lands: the page is fresh again without any request of ours rendering it (no MISS on the way).
  const seen: Array<string | null> = [];
  while (label !== 'HIT') {
    label = (await get('/')).headers.get('x-manifold-cache');
    seen.push(label);
  }
  expect(seen.filter((l) => l === 'MISS')).toHaveLength(0);
});
