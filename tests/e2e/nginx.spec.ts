// The shipped nginx configuration (deploy/nginx/manifold.conf) in real nginx in front of a real server.mjs: the
// file itself, with only its instance address, listen line and cache folder replaced (scripts/lib/nginx.mjs). One
// server (a copy of the e2e database, MANIFOLD_TRUSTED_PROXIES=127.0.0.1 as the README pairs it) and one nginx for
// the whole file. Clients connect from 127.0.0.2 and 127.0.0.3 (loopback addresses other than nginx's), so the
// address the app rate-limits by can be told apart from nginx's own. Skipped, saying so, when nginx is not installed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { copyE2eDatabase } from './db-copy';
import { serverScript } from 'manifold/testing/serve';
import { mainConfig, nginxBinary, renderShippedConfig, startNginx } from '../../scripts/lib/nginx.mjs';

const root = process.cwd();
const nginxPort = Number(process.env.E2E_PORT ?? 3107) + 27;
const appPort = nginxPort + 1;
const POST = '/posts/django-start';
/** The ML API's per-client budget in this test: a few requests, then 429. */
const RATE = 3;
/** nginx keeps time in whole seconds: an entry valid for "1s" (one the instance gave no X-Accel-Expires) expires 1 to 2 s after it was stored. */
const EXPIRED_MS = 2100;

let dir: string;
let server: ChildProcess | undefined;
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
let output = '';

test.describe.configure({ mode: 'serial' });
test.skip(!nginxBinary(), 'nginx is not installed (apt-get install nginx; .ci/run installs it): deploy/nginx/manifold.conf is not tested');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request to nginx (or `port`), from `from` (a loopback address), on a connection of its own; the body as sent. */
function send(urlPath: string, { method = 'GET', headers = {}, body, from = '127.0.0.2', port = nginxPort }: { method?: string; headers?: Record<string, string>; body?: Buffer | string; from?: string; port?: number } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, localAddress: from, agent: false, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${method} ${urlPath} within 30 s`)));
    // nginx may answer 413 and close before a large body is all written: the answer is what counts.
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

const cacheStatus = (a: Answer) => a.headers['x-cache-status'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  let databaseUrl: string;
  ({ dir, databaseUrl } = copyE2eDatabase('nginx'));
  server = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(appPort),
      WEB_CONCURRENCY: '1',
      MANIFOLD_TRUSTED_PROXIES: '127.0.0.1',
      MANIFOLD_ML_RATE_LIMIT: `${RATE}/60s`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 600 && !output.includes('Manifold ready on'); i++) {
    if (server.exitCode !== null) break;
    await sleep(200);
  }
  expect(output, 'server.mjs started').toContain('Manifold ready on');
  const config = mainConfig(dir, renderShippedConfig({ upstreams: [`127.0.0.1:${appPort}`], listen: `127.0.0.1:${nginxPort}`, cacheDir: path.join(dir, 'cache') }));
  nginx = await startNginx({ dir, config, ready: async () => (await send('/api/health')).status === 200 });
});

test.afterAll(async () => {
  await nginx?.stop();
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('an anonymous reader page is kept until the end of the second it was rendered in, then rendered again', async () => {
  // The instance has the page in its own cache, so nginx's miss is answered in a moment; and the requests start early in
  // a second, so the first two share it.
  expect((await send(POST, { port: appPort })).status).toBe(200);
  await sleep(1000 - (Date.now() % 1000) + 20);
  const first = await send(POST);
  expect(first.status).toBe(200);
  expect(first.body.toString()).toContain('</html>');
  expect(cacheStatus(first)).toBe('MISS');
  // The instance told nginx how long to keep it (X-Accel-Expires); nginx never passes that on.
  expect(first.headers['x-accel-expires']).toBeUndefined();
  const second = await send(POST);
  expect(cacheStatus(second), 'within the second: from nginx').toBe('HIT');
  expect(second.body.equals(first.body)).toBe(true);
  // HEAD is answered from the same entry.
  expect(cacheStatus(await send(POST, { method: 'HEAD' }))).toBe('HIT');
  // Just into the next second the entry has expired (with nginx's 1 s validity alone it would live a second more):
  // this request gets the old copy while one background request refreshes it (use_stale updating).
  await sleep(1000 - (Date.now() % 1000) + 50);
  const later = await send(POST);
  expect(later.status).toBe(200);
  expect(['STALE', 'UPDATING', 'EXPIRED']).toContain(cacheStatus(later));
  await sleep(200);
  expect(cacheStatus(await send(POST)), 'refreshed').toBe('HIT');
  // The instance says it only to the proxy it trusts (127.0.0.1 here): asked directly from elsewhere, not at all.
  expect((await send(POST, { port: appPort, from: '127.0.0.1' })).headers['x-accel-expires']).toMatch(/^@\d+$/);
  expect((await send(POST, { port: appPort, from: '127.0.0.2' })).headers['x-accel-expires']).toBeUndefined();
});

test('a request with the session cookie is never answered from the micro-cache nor stored in it', async () => {
  const page = '/posts/gradient-descent-learning-rate';
  const cookies = ['next-auth.session-token=abc', '__Secure-next-auth.session-token=abc', 'theme=dark; next-auth.session-token.0=abc', 'next-auth.csrf-token=x'];
  // Cached for anonymous readers first ...
  expect((await send(page)).status).toBe(200);
  expect(cacheStatus(await send(page))).toBe('HIT');
  // ... yet someone signed in is sent to the app.
  for (const cookie of cookies) expect(cacheStatus(await send(page, { headers: { cookie } })), cookie).toBe('BYPASS');
  // A signed-in request after the entry expired renders (BYPASS) and stores nothing: the next anonymous one is not a HIT.
  await sleep(EXPIRED_MS);
  expect(cacheStatus(await send(page, { headers: { cookie: cookies[0] } }))).toBe('BYPASS');
  expect(['STALE', 'UPDATING', 'EXPIRED', 'MISS']).toContain(cacheStatus(await send(page)));
  // A cookie that is not next-auth's does not turn the cache off.
  expect((await send('/', { headers: { cookie: 'theme=dark' } })).status).toBe(200);
  expect(cacheStatus(await send('/', { headers: { cookie: 'theme=dark' } }))).toBe('HIT');
});

test('the API, the admin and non-GET requests are never cached', async () => {
  for (const p of ['/api/health', '/api/ml', '/admin', '/accounts/signin']) {
    const a = await send(p);
    const b = await send(p);
    expect(b.status, p).toBeLessThan(500);
    expect(cacheStatus(a), p).toBeUndefined();
    expect(cacheStatus(b), p).toBeUndefined();
  }
  const posted = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(['BYPASS', undefined]).toContain(cacheStatus(posted));
});

test('hashed assets are immutable for a year and kept by nginx', async () => {
  const html = (await send('/')).body.toString();
  // Reader pages ship Next's CSS (and no Next script): any hashed asset the page names will do.
  const src = /(?:src|href)="(\/_next\/static\/[^"]+\.(?:css|js))"/.exec(html)?.[1];
  expect(src, 'the home page loads a /_next/static asset').toBeTruthy();
  const first = await send(src!);
  expect(first.status).toBe(200);
  expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const second = await send(src!);
  expect(cacheStatus(second)).toBe('HIT');
  expect(second.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  // A missing hashed file is not made immutable.
  const missing = await send('/_next/static/chunks/no-such-chunk-0000.js');
  expect(missing.status).toBe(404);
  expect(String(missing.headers['cache-control'] ?? '')).not.toContain('immutable');
});

test('compression: gzip for clients that take it, plain for those that do not, each its own cache entry', async () => {
  const page = '/category/python';
  const plain = await send(page);
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  for (let i = 0; i < 2; i++) {
    const gz = await send(page, { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(gz.body).toString()).toContain('</html>');
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
  }
  // Straight after the gzip entries were made, a plain client still gets plain bytes (a HIT of its own entry).
  const again = await send(page);
  expect(cacheStatus(again)).toBe('HIT');
  expect(again.headers['content-encoding']).toBeUndefined();
  expect(again.body.toString()).toContain('</html>');
  // The API's JSON too (never cached, compressed by the app or, if it came plain, by nginx's gzip).
  const big = await send('/api/ml', { headers: { 'accept-encoding': 'gzip' } });
  expect(big.headers['content-encoding']).toBe('gzip');
  expect(JSON.parse(zlib.gunzipSync(big.body).toString()).models.length).toBeGreaterThan(0);
});

test('bodies over the limit get 413 from nginx before reaching the app; under it, the app decides', async () => {
  // /api: 2 MB. Over it: nginx's own 413 page (HTML), not the app's JSON.
  const over = await send('/api/ml/attention', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(2 * 1024 * 1024 + 10, 0x20) });
  expect(over.status).toBe(413);
  expect(over.headers['content-type']).toMatch(/text\/html/);
  expect(over.body.toString()).toContain('nginx');
  // Under nginx's limit, over the attention model's 2 KB: the app's own 413, in JSON, with its reason.
  const app = await send('/api/ml/attention', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(64 * 1024, 0x20), from: '127.0.0.9' });
  expect(app.status).toBe(413);
  expect(app.headers['content-type']).toMatch(/application\/json/);
  // The admin takes 4 MB (the editor), its uploads 20 MB; a reader page 1 MB.
  const editor = await send('/admin/api/blog/posts/1/autosave', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(3 * 1024 * 1024, 0x20) });
  expect(editor.status, 'under the editor limit: the app answers (not signed in)').toBe(401);
  const tooBig = await send('/admin/api/blog/posts/1/autosave', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) });
  expect(tooBig.status).toBe(413);
  const upload = await send('/admin/api/media/upload', { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.alloc(5 * 1024 * 1024, 0) });
  expect(upload.status, 'an upload over 4 MB reaches the app (which wants a session)').not.toBe(413);
  const form = await send('/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.alloc(1024 * 1024 + 1, 0x61) });
  expect(form.status).toBe(413);
});

test('the request id: nginx makes one when the client sent none, and keeps a client’s', async () => {
  const made = await send('/api/health');
  expect(made.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  const kept = await send('/api/health', { headers: { 'x-request-id': 'lb-1234.abc' } });
  expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
});

test('the app rate-limits by the real client address through nginx, and a forged X-Forwarded-For changes nothing', async () => {
  const probe = (from: string, headers: Record<string, string> = {}) =>
    send('/api/ml/no-such-model', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}', from });
  // 127.0.0.2 spends its budget (an unknown model counts like a real call, then 404s) ...
  for (let i = 0; i < RATE; i++) expect((await probe('127.0.0.2')).status).toBe(404);
  const refused = await probe('127.0.0.2');
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body.toString()).error).toMatch(/from your address/);
  // ... and claiming to be someone else does not buy a new one.
  expect((await probe('127.0.0.2', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
  expect((await probe('127.0.0.2', { 'x-forwarded-for': '203.0.113.8, 127.0.0.1', 'x-real-ip': '203.0.113.8' })).status).toBe(429);
  // Another client has its own budget: the app sees each client, not nginx's one address.
  expect((await probe('127.0.0.3')).status).toBe(404);
});
