// The page cache rule by rule: which requests bypass it, which responses it keeps, which headers it never replays,
// how it keys, counts and evicts (issue 17's mutation target for lib/server/page-cache.mjs). Requests go through
// server.mjs' own listener on a real HTTP server; storing and keying are also checked on the cache itself.
// Stryker (command runner): the module-level rules (bypass headers and paths, unstored headers, query keys, variant
// cap; lines 8-17) 30 of 30 killed. The methods (lines 18-143) were not scored in time.
import { afterEach, describe, expect, it } from 'vitest';
import { lifetimeOf, PageCache } from '../page-cache.mjs';
import { request, startServer, type Rendered, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function withCache(options: { maxBytes?: number; now?: () => number; page?: (url: string) => Rendered } = {}) {
  const cache = new PageCache({ maxBytes: options.maxBytes ?? 1024 * 1024, now: options.now });
  server = await startServer({ cache, page: options.page });
  const s = server;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => request(s.base, path, { method, headers });
  return { cache, server: s, get };
}

const html = (url: string) => `<!doctype html><html><body>${url} ${'y'.repeat(500)}</body></html>`;
const isHit = (r: { headers: Record<string, unknown> }) => r.headers['x-manifold-cache'] === 'HIT';

describe('PageCache bypass rules', () => {
  it('never answers or fills from router, server-action, data, authorized or ranged requests', async () => {
    const { server, get, cache } = await withCache();
    await get('/posts/r');
    for (const header of ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-action', 'x-nextjs-data', 'authorization', 'range']) {
      const before = server.renders.length;
      expect(isHit(await get('/posts/r', { [header]: header === 'range' ? 'bytes=0-1' : '1' })), header).toBe(false);
      expect(server.renders.length, header).toBe(before + 1);
    }
    expect([...cache.entries.keys()]).toEqual(['/posts/r']);
  });

  it('bypasses /_next, /api and /admin and nothing else that merely looks like them', async () => {
    const { get, cache } = await withCache();
    for (const path of ['/_next/data/x.json', '/api', '/api?x=1', '/admin', '/admin/posts']) {
      await get(path);
      expect(isHit(await get(path)), path).toBe(false);
    }
    expect(cache.entries.size).toBe(0);
    for (const path of ['/apis', '/administrator', '/posts/admin', '/ko/api/x', '/_nextx']) {
      await get(path);
      expect(isHit(await get(path)), path).toBe(true);
    }
  });

  it('serves GET and HEAD only: a POST goes to Next even when the page is cached', async () => {
    const { server, get } = await withCache();
    await get('/posts/m');
    const before = server.renders.length;
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) expect(isHit(await get('/posts/m', {}, method)), method).toBe(false);
    expect(server.renders.length).toBe(before + 4);
    expect(isHit(await get('/posts/m', {}, 'HEAD'))).toBe(true);
  });

  it('knows a next-auth cookie in any position, and only that cookie', async () => {
    const { get } = await withCache();
    await get('/posts/n');
    for (const cookie of ['a=1;next-auth.session-token=x', 'a=1;   __Secure-next-auth.csrf-token=y']) expect(isHit(await get('/posts/n', { cookie })), cookie).toBe(false);
    for (const cookie of ['my-next-auth.x=1', 'a=next-auth.session-token', 'next-authz=1']) expect(isHit(await get('/posts/n', { cookie })), cookie).toBe(true);
  });
});

describe('PageCache storing rules', () => {
  it('stores only 200 HTML with a positive s-maxage, no private or no-store, no cookie and no content-encoding of its own', async () => {
    const stores = (rendered: Rendered) => {
      const cache = new PageCache({ maxBytes: Infinity });
      const headers = { 'content-type': rendered.type ?? 'text/html; charset=utf-8', 'cache-control': rendered.control ?? 's-maxage=60', ...rendered.headers };
      const stored = cache.consider('/k', { status: rendered.status ?? 200, headers, body: Buffer.from(html('/k')) });
      expect(stored).toBe(cache.entries.size === 1);
      return stored;
    };
    expect(stores({})).toBe(true);
    expect(stores({ control: 'public,s-maxage=60' })).toBe(true);
    expect(stores({ control: 'public, max-age=0, s-maxage=1' })).toBe(true);
    expect(stores({ type: 'text/html' })).toBe(true);
    expect(stores({ status: 203 })).toBe(false);
    expect(stores({ control: 'xs-maxage=60' })).toBe(false);
    expect(stores({ control: 's-maxage=60,private' })).toBe(false);
    expect(stores({ control: 's-maxage=60, no-store' })).toBe(false);
    expect(stores({ type: 'application/xhtml+xml; text/html' })).toBe(false);
    expect(stores({ headers: { 'content-encoding': 'gzip' } })).toBe(false);
    expect(stores({ headers: { 'set-cookie': 'a=1' } })).toBe(false);
    // No content-type at all is not HTML.
    const bare = new PageCache({ maxBytes: Infinity });
    expect(bare.consider('/k', { status: 200, headers: { 'cache-control': 's-maxage=60' }, body: Buffer.from('x') })).toBe(false);
    expect(bare.consider('/k', { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('x') })).toBe(false);
  });

  it('never stores per-request or hop-by-hop headers, whatever their case, and varies on Accept-Encoding', () => {
    const cache = new PageCache({ maxBytes: Infinity });
    cache.store('/h', 200, {
      'Content-Type': 'text/html', 'Content-Length': '9', Connection: 'close', 'Keep-Alive': 'timeout=5', 'Transfer-Encoding': 'chunked',
      Date: 'Tue, 01 Dec 2026 00:00:00 GMT', 'X-Request-Id': 'r-1', 'Set-Cookie': ['a=1'], 'X-Frame-Options': 'DENY', Vary: 'rsc',
    }, Buffer.from(html('/h')), 60);
    expect(cache.entries.get('/h')!.headers).toEqual({ 'content-type': 'text/html', 'x-frame-options': 'DENY', vary: 'rsc, Accept-Encoding' });
  });

  it('keeps an entry for s-maxage seconds from when it was stored, then stale for its stale time, and counts its bytes once when stored again', async () => {
    let now = 5_000;
    const cache = new PageCache({ maxBytes: Infinity, now: () => now });
    const body = Buffer.from(html('/t'));
    cache.store('/t', 200, { 'content-type': 'text/html' }, body, 7, 3);
    const entry = cache.entries.get('/t')!;
    expect([entry.expires, entry.staleUntil]).toEqual([12_000, 15_000]);
    // Compressed only when a coding is first asked for, then kept and counted.
    expect(entry.size).toBe(body.length);
    const gzip = await cache.encoded('/t', entry, 'gzip');
    expect(await cache.encoded('/t', entry, 'gzip')).toBe(gzip);
    expect(entry.size).toBe(body.length + gzip.length);
    expect(cache.bytes).toBe(entry.size);
    now = 6_000;
    cache.store('/t', 200, { 'content-type': 'text/html' }, body, 7);
    expect(cache.bytes).toBe(body.length);
    expect(cache.entries.get('/t')!.expires).toBe(13_000);
    expect(cache.lookup('/t')?.state).toBe('fresh');
    now = 13_000;
    // No stale time: gone at expiry.
    expect(cache.lookup('/t')).toBeNull();
    expect(cache.bytes).toBe(0);
  });

  it('reads its lifetime from the targeted Manifold-Cache-Control, else s-maxage, with stale-while-revalidate', () => {
    expect(lifetimeOf({ 'cache-control': 'public, s-maxage=60, stale-while-revalidate=300' })).toEqual({ fresh: 60, stale: 300 });
    expect(lifetimeOf({ 'cache-control': 's-maxage=60' })).toEqual({ fresh: 60, stale: 0 });
    expect(lifetimeOf({ 'cache-control': 's-maxage=60, stale-while-revalidate=300', 'manifold-cache-control': 'max-age=3600, stale-while-revalidate=86400' })).toEqual({ fresh: 3600, stale: 86400 });
    expect(lifetimeOf({ 'cache-control': 's-maxage=60', 'manifold-cache-control': 'max-age=3600' })).toEqual({ fresh: 3600, stale: 0 });
    // The targeted field lengthens a shareable page's life; it never makes a private or unshared page shareable.
    expect(lifetimeOf({ 'cache-control': 'private, s-maxage=60', 'manifold-cache-control': 'max-age=3600' })).toBeNull();
    expect(lifetimeOf({ 'cache-control': 'max-age=60', 'manifold-cache-control': 'max-age=3600' })).toBeNull();
    expect(lifetimeOf({ 'cache-control': 's-maxage=60', 'manifold-cache-control': 'max-age=0' })).toBeNull();
    // Directives anywhere in the list, after a comma with or without a space; none of them is mistaken for another.
    expect(lifetimeOf({ 'cache-control': 's-maxage=60', 'manifold-cache-control': 'public, max-age=10' })).toEqual({ fresh: 10, stale: 0 });
    expect(lifetimeOf({ 'cache-control': 's-maxage=60', 'manifold-cache-control': 'stale-while-revalidate=5,max-age=10' })).toEqual({ fresh: 10, stale: 5 });
    expect(lifetimeOf({ 'cache-control': 'stale-while-revalidate=7, s-maxage=60' })).toEqual({ fresh: 60, stale: 7 });
    // A targeted field with no max-age, or an s-maxage of 0, keeps nothing.
    expect(lifetimeOf({ 'cache-control': 's-maxage=60', 'manifold-cache-control': 'stale-while-revalidate=5' })).toBeNull();
    expect(lifetimeOf({ 'cache-control': 's-maxage=0, stale-while-revalidate=300' })).toBeNull();
    expect(lifetimeOf({ 'cache-control': 's-maxage=0', 'manifold-cache-control': 'max-age=3600' })).toBeNull();
    expect(lifetimeOf({})).toBeNull();
  });

  it('keeps an entry that fills the cache exactly, and drops one that is larger than all of it', () => {
    const body = Buffer.from(html('/e'));
    const probe = new PageCache({ maxBytes: Infinity });
    probe.store('/e', 200, {}, body, 60);
    const size = probe.bytes;
    const exact = new PageCache({ maxBytes: size });
    exact.store('/e', 200, {}, body, 60);
    expect([...exact.entries.keys()]).toEqual(['/e']);
    const small = new PageCache({ maxBytes: size - 1 });
    small.store('/e', 200, {}, body, 60);
    expect(small.entries.size).toBe(0);
    expect(small.bytes).toBe(0);
    small.drop('/never-stored');
    expect(small.bytes).toBe(0);
  });
});

describe('PageCache keys', () => {
  it('names a page by its path plus the parameters its route reads, in a fixed order, empty values kept', () => {
    const cache = new PageCache({ maxBytes: Infinity, queryParams: [{ path: /^\/list$/, params: ['sort', 'page'] }] });
    expect(cache.key('/list?sort=new&page=2')).toBe(cache.key('/list?utm=1&page=2&sort=new'));
    expect(cache.key('/list?sort=new&page=2')).toBe('/list?page=2&sort=new');
    expect(cache.key('/list?page=')).toBe('/list?page=');
    expect(cache.key('/list?other=1')).toBe('/list');
    expect(cache.key('/list')).toBe('/list');
    expect(cache.key('/other?sort=new')).toBe('/other');
    expect(cache.key()).toBe('/');
    const site = new PageCache({ maxBytes: Infinity });
    expect(site.key('/search/?q=a')).toBe('/search/?q=a');
    expect(site.key('/ko/search?q=a')).toBe('/ko/search?q=a');
    expect(site.key('/kor/search?q=a')).toBe('/kor/search');
    expect(site.key('/search/x?q=a')).toBe('/search/x');
  });
});

describe('PageCache answers', () => {
  it('counts GET misses (not HEAD), hits, stale answers, and an entry past its stale time as a miss that frees its bytes', async () => {
    let now = 0;
    // s-maxage=60, stale-while-revalidate=600 (support.ts)
    const { get, cache } = await withCache({ now: () => now });
    await get('/posts/c', {}, 'HEAD');
    expect(cache.misses).toBe(0);
    await get('/posts/c');
    expect([cache.misses, cache.hits]).toEqual([1, 0]);
    await get('/posts/c');
    await get('/posts/c', {}, 'HEAD');
    expect([cache.misses, cache.hits]).toEqual([1, 2]);
    now = 60_000;
    expect((await get('/posts/c', {}, 'HEAD')).headers['x-manifold-cache']).toBe('STALE');
    expect([cache.misses, cache.hits, cache.stale]).toEqual([1, 2, 1]);
    // Its refresh stored the page again at 60 s: fresh to 120 s, stale to 720 s.
    await Promise.all(cache.pending.values());
    expect(cache.entries.get('/posts/c')!.expires).toBe(120_000);
    now = 720_000;
    expect(isHit(await get('/posts/c'))).toBe(false);
    expect(cache.misses).toBe(2);
    now = 1_380_000;
    await get('/posts/c', {}, 'HEAD');
    expect(cache.entries.has('/posts/c')).toBe(false);
    expect(cache.bytes).toBe(0);
    expect(isHit(await get('/posts/c'))).toBe(false);
    expect(cache.misses).toBe(3);
    await get('/posts/x', { rsc: '1' });
    expect([cache.misses, cache.hits]).toEqual([3, 2]);
  });

  it('gives each coding its own content-length and content-encoding', async () => {
    const { get } = await withCache();
    await get('/posts/l');
    for (const accept of ['br', 'gzip', 'identity']) {
      const r = await get('/posts/l', { 'accept-encoding': accept });
      expect(isHit(r), accept).toBe(true);
      expect(r.headers['content-length'], accept).toBe(String(r.body.length));
      expect(r.headers['content-encoding'], accept).toBe(accept === 'identity' ? undefined : accept);
    }
  });

  it('answers 406 from memory, uncached and explained, when the client accepts no coding it has', async () => {
    const { get } = await withCache();
    await get('/posts/z');
    const r = await get('/posts/z', { 'accept-encoding': 'identity;q=0' });
    expect(r.status).toBe(406);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body.toString()).toBe('No acceptable content-coding: this page is available as br, gzip or identity.');
    const head = await get('/posts/z', { 'accept-encoding': 'identity;q=0' }, 'HEAD');
    expect(head.status).toBe(406);
    expect(head.body.length).toBe(0);
  });
});
