// The reader pages server.mjs renders itself (lib/server/direct-pages.mjs) against Next's own answer for the same
// address: two production servers on the e2e build and database, one as it runs by default (page cache off, so each
// answer is a fresh render) and one with MANIFOLD_FAST_PATHS=0, where every request goes through Next. Every address
// the sitemap lists, in both languages, the list pages and their pages, search with and without a query (and with
// queries it refuses), addresses that find nothing, and addresses the direct path must leave to Next: the same
// status, the same headers a reader's cache and browser act on, and the same bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { serverScript } from 'manifold/testing/serve';

const root = process.cwd();
const basePort = Number(process.env.E2E_PORT ?? 3107) + 121;
const servers: { child: ChildProcess; base: string }[] = [];

test.describe.configure({ mode: 'serial' });

async function start(port: number, extra: Record<string, string>) {
  let log = '';
  const child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: process.env.E2E_DATABASE_URL, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '1', SITE_URL: 'https://blog.example', MANIFOLD_LOG_LEVEL: 'info', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    // Ready, not only up: both servers start on one database, and the first may still be bringing it up to date.
    if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) return { child, base, log: () => log };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server.mjs did not start: ${log}`);
}

let directLog: () => string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const [direct, next] = await Promise.all([start(basePort, { MANIFOLD_PAGE_CACHE_MB: '0' }), start(basePort + 1, { MANIFOLD_FAST_PATHS: '0' })]);
  servers.push(direct, next);
  directLog = direct.log;
});

test.afterAll(() => {
  for (const s of servers) s.child.kill('SIGTERM');
});

/** What a reader's browser and any cache between act on, and the page itself. */
async function answer(base: string, address: string) {
  const res = await fetch(base + address, { redirect: 'manual', headers: { 'accept-encoding': 'identity' } });
  const headers: Record<string, string | null> = {};
  for (const name of ['content-type', 'cache-control', 'etag', 'content-security-policy', 'location', 'vary', 'x-frame-options']) headers[name] = res.headers.get(name);
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}

test('every reader page is the same, status, headers and bytes, rendered here as by Next', async () => {
  test.setTimeout(300_000);
  const [direct, next] = servers;
  const sitemap = await (await fetch(`${next.base}/sitemap.xml`)).text();
  const listed = [...sitemap.matchAll(/<loc>https:\/\/blog\.example([^<]*)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  expect(listed.length).toBeGreaterThan(10);
  const categories = listed.filter((p) => p.startsWith('/category/'));
  const tags = listed.filter((p) => p.startsWith('/tag/'));
  const more = [
    '/',
    '/en',
    '/page/2',
    '/page/999',
    '/page/0',
    '/page/abc',
    '/search',
    '/search?q=%EA%B2%BD%EC%82%AC%ED%95%98%EA%B0%95%EB%B2%95',
    '/search?q=gradient&page=2',
    '/search?q=a&q=b',
    `/search?q=${'x'.repeat(300)}`,
    '/search?q=%20',
    '/search?q=gradient+descent',
    '/posts/a%2Fb',
    '/tag/a%2Fb',
    '/posts/%EC%97%86%EB%8A%94-%EA%B8%80',
    '/posts/no-such-post',
    '/category/no/such/place',
    '/tag/no-such-tag',
    ...categories.slice(0, 3).map((p) => `${p}/page/2`),
    ...tags.slice(0, 3).map((p) => `${p}/page/2`),
    // Left to Next (not a reader address, or not one the direct path takes): answered as before all the same.
    '/posts/bad%E0%A4%A',
    '/posts/a/b',
    '/posts/django-start/',
    '/en/',
    '/ko/posts/django-start',
    '/feed.xml',
    ...categories.slice(0, 1).map((p) => `${p}/feed.xml`),
  ];
  const addresses = [...new Set([...listed, ...more].flatMap((p) => (p.startsWith('/en') || p.startsWith('/feed') ? [p] : [p, p === '/' ? '/en' : `/en${p}`])))];
  const differences: string[] = [];
  let pages = 0;
  for (const address of addresses) {
    let [mine, theirs] = await Promise.all([answer(direct.base, address), answer(next.base, address)]);
    // Two servers read one database that other specs have just written to (the search index is kept up to date in
    // the background): an answer that differs is asked again, and only a difference that stays is one.
    for (let again = 0; again < 3 && JSON.stringify(mine) !== JSON.stringify(theirs); again++) {
      await new Promise((r) => setTimeout(r, 1000));
      [mine, theirs] = await Promise.all([answer(direct.base, address), answer(next.base, address)]);
    }
    if (mine.status === 200 && mine.headers['content-type']?.startsWith('text/html')) pages++;
    if (mine.status !== theirs.status) differences.push(`${address}: status ${mine.status} vs ${theirs.status}`);
    for (const [name, value] of Object.entries(mine.headers)) if (value !== theirs.headers[name]) differences.push(`${address}: ${name} ${value} vs ${theirs.headers[name]}`);
    if (mine.body !== theirs.body) {
      let i = 0;
      while (i < mine.body.length && mine.body[i] === theirs.body[i]) i++;
      differences.push(`${address}: body differs at ${i}: ${JSON.stringify(mine.body.slice(i - 40, i + 80))} vs ${JSON.stringify(theirs.body.slice(i - 40, i + 80))}`);
    }
  }
  expect(differences).toEqual([]);
  expect(pages).toBeGreaterThan(20);
  // The direct path is on (it says so as it starts) and handed nothing to Next after an error or for a page it could
  // not render.
  expect(directLog()).toMatch(/reader pages rendered by server\.mjs/);
  expect(directLog()).not.toMatch(/handed to Next after an error|reader pages? rendered by Next/);
});

test('under concurrent load each answer is its own page: the buffers pages are written into are reused only after their answer has gone', async () => {
  // lib/server/page-buffers.mjs: a page's buffer goes back to the pool when its response closes. 32 clients at once
  // ask for eight different pages (posts with and without demos, list pages, both languages), plain and in brotli,
  // each page on the same server with the page cache off, so every answer is a fresh render into a reused buffer.
  test.setTimeout(120_000);
  const [direct] = servers;
  const sitemap = await (await fetch(`${direct.base}/sitemap.xml`)).text();
  const listed = [...sitemap.matchAll(/<loc>https:\/\/blog\.example([^<]*)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  const posts = listed.filter((p) => p.startsWith('/posts/')).slice(0, 5);
  const addresses = [...posts, '/', '/en', `/en${posts[0]}`];
  expect(posts.length).toBe(5);
  const get = async (address: string, coding: string) => {
    const res = await fetch(direct.base + address, { headers: { 'accept-encoding': coding } });
    return { status: res.status, encoding: res.headers.get('content-encoding'), body: await res.text() };
  };
  const reference = new Map<string, string>();
  for (const address of addresses) reference.set(address, (await get(address, 'identity')).body);
  const wrong: string[] = [];
  let answered = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, client) => {
      for (let i = 0; i < 40; i++) {
        const address = addresses[(client + i) % addresses.length];
        const coding = (client + i) % 3 === 0 ? 'br' : 'identity';
        const r = await get(address, coding);
        answered++;
        if (r.status !== 200 || r.body !== reference.get(address)) wrong.push(`${address} (${coding}): ${r.status}, ${r.body.length} vs ${reference.get(address)?.length} characters`);
        if (coding === 'br' && r.encoding !== 'br') wrong.push(`${address}: not in brotli`);
      }
    }),
  );
  expect(answered).toBe(1280);
  expect(wrong.slice(0, 5)).toEqual([]);
});

test('a page waiting behind a reader who does not read keeps its bytes while other readers get pages', async () => {
  // The case where reusing a page's buffer too early would show: a connection whose client stops reading. Its answers
  // stay queued in the server (the socket's buffers full) while 16 other readers get other pages rendered into the
  // pool's buffers; then the slow reader reads, and every one of its answers must be the page it asked for.
  test.setTimeout(120_000);
  const [direct] = servers;
  const url = new URL(direct.base);
  const sitemap = await (await fetch(`${direct.base}/sitemap.xml`)).text();
  const posts = [...sitemap.matchAll(/<loc>https:\/\/blog\.example(\/posts\/[^<]*)<\/loc>/g)].map((m) => m[1]);
  const [slow, ...others] = posts;
  const expected = Buffer.from(await (await fetch(direct.base + slow, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  const pipelined = 60;
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise((r) => socket.once('connect', r));
  socket.pause();
  socket.write(`GET ${slow} HTTP/1.1\r\nHost: ${url.host}\r\nAccept-Encoding: identity\r\n\r\n`.repeat(pipelined));
  // Others render pages meanwhile (each one taking buffers from the pool, released or not).
  const until = Date.now() + 3000;
  let othersAnswered = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, client) => {
      for (let i = 0; Date.now() < until; i++) {
        const res = await fetch(direct.base + others[(client + i) % others.length], { headers: { 'accept-encoding': 'identity' } });
        await res.arrayBuffer();
        othersAnswered++;
      }
    }),
  );
  expect(othersAnswered).toBeGreaterThan(50);
  // Now read the slow connection's answers: status line, headers (Content-Length), body, one after another.
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.resume();
  const bodies: Buffer[] = [];
  const deadline = Date.now() + 60_000;
  while (bodies.length < pipelined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    let all = Buffer.concat(chunks);
    bodies.length = 0;
    for (;;) {
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/content-length: *(\d+)/i.exec(all.subarray(0, end).toString('latin1'))?.[1] ?? NaN);
      if (!(length >= 0) || all.length < end + 4 + length) break;
      bodies.push(all.subarray(end + 4, end + 4 + length));
      all = all.subarray(end + 4 + length);
    }
  }
  socket.destroy();
  expect(bodies.length).toBe(pipelined);
  const differing = bodies.map((b, i) => (b.equals(expected) ? -1 : i)).filter((i) => i >= 0);
  expect(differing).toEqual([]);
});
