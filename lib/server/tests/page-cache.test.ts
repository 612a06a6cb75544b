// The page cache in front of Next, with a real HTTP server standing in for Next's handler.
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageCache } from '../page-cache.mjs';

let rendered = 0;
let control = 's-maxage=60, stale-while-revalidate=600';
const cache = new PageCache({ maxBytes: 1024 * 1024 });
const server = http.createServer((req, res) => {
  if (cache.serve(req, res)) return;
  cache.prepareFill(req, res);
  rendered++;
  const type = req.url?.startsWith('/json') ? 'application/json' : 'text/html; charset=utf-8';
  res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': type, 'cache-control': control, vary: 'rsc' });
  res.write('<html>');
  res.end(`안녕 ${req.url} ${rendered}</html>`);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });

describe('PageCache', () => {
  it('renders a page once, then answers from memory, compressed as the client asks', async () => {
    const first = await get('/posts/a');
    expect(first.headers['x-manifold-cache']).toBeUndefined();
    const before = rendered;
    const plain = await get('/posts/a');
    const gz = await get('/posts/a', { 'accept-encoding': 'gzip' });
    const br = await get('/posts/a', { 'accept-encoding': 'gzip, br' });
    expect(rendered).toBe(before);
    expect(plain.headers['x-manifold-cache']).toBe('HIT');
    expect(plain.body.toString()).toBe(first.body.toString());
    expect(zlib.gunzipSync(gz.body).toString()).toBe(first.body.toString());
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(first.body.toString());
    expect(plain.headers.vary).toBe('rsc, Accept-Encoding');
  });

  it('never caches router requests, API routes, errors, non-HTML or signed-in visitors', async () => {
    for (const [path, headers] of [
      ['/posts/b', { rsc: '1' }],
      ['/api/ml', {}],
      ['/missing', {}],
      ['/json', {}],
      ['/posts/c', { cookie: 'next-auth.session-token=x' }],
    ] as const) {
      const before = rendered;
      await get(path, headers);
      await get(path, headers);
      expect(rendered - before, path).toBe(2);
    }
  });

  it('respects Next saying a page is not shared-cacheable', async () => {
    control = 'private, no-cache, no-store, max-age=0, must-revalidate';
    const before = rendered;
    await get('/search?q=x');
    await get('/search?q=x');
    expect(rendered - before).toBe(2);
    control = 's-maxage=60, stale-while-revalidate=600';
  });

  it('forgets everything when content changes', async () => {
    await get('/posts/d');
    const before = rendered;
    cache.clear();
    await get('/posts/d');
    expect(rendered).toBe(before + 1);
  });
});
