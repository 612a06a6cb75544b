// The page cache in front of Next, through server.mjs' own request listener on a real HTTP server; each rule of
// the cache has a test that fails when the rule is broken (issue 17).
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_VARIANTS, PageCache } from '../page-cache.mjs';
import { request, startServer, until, type Rendered, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function withCache(options: { maxBytes?: number; now?: () => number; page?: (url: string) => Rendered } = {}) {
  const cache = new PageCache({ maxBytes: options.maxBytes ?? 1024 * 1024, now: options.now });
  server = await startServer({ cache, page: options.page });
  const s = server;
  const get = (path: string, headers: Record<string, string> = {}) => request(s.base, path, { headers });
  return { cache, server: s, get };
}

const page = (url: string, n: number) => ({ body: `<!doctype html><html><head><script>var n=${n}</script></head><body>안녕 ${url} ${'x'.repeat(2000)}</body></html>` });

describe('PageCache', () => {
  it('renders a page once, then answers from memory, compressed as the client asks, with the same headers', async () => {
    let n = 0;
    const { server, get } = await withCache({ page: (url) => page(url, n++) });
    const first = await get('/posts/a');
    expect(first.headers['x-manifold-cache']).toBe('MISS');
    const plain = await get('/posts/a');
    const gz = await get('/posts/a', { 'accept-encoding': 'gzip' });
    const br = await get('/posts/a', { 'accept-encoding': 'gzip, br' });
    expect(server.renders).toEqual(['/posts/a']);
    for (const hit of [plain, gz, br]) {
      expect(hit.headers['x-manifold-cache']).toBe('HIT');
      expect(hit.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(hit.headers.vary).toBe('rsc, Accept-Encoding');
      expect(hit.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
      expect(hit.headers['set-cookie']).toBeUndefined();
    }
    expect(first.headers.vary).toBe('rsc, Accept-Encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(first.body.toString());
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(first.body.toString());
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(first.body.toString());
    // A hit is not the filling request: its id is its own.
    expect(plain.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('honours q-values in Accept-Encoding', async () => {
    const { get } = await withCache({ page: (url) => page(url, 0) });
    await get('/posts/q');
    const codings: Array<[string, string | undefined | number]> = [
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=0.5, br;q=0.8', 'br'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
      ['BR;Q=0.001', 'br'],
      ['*', 'br'],
      ['*;q=0.5, br;q=0', 'gzip'],
      ['gzip;q=0', undefined],
      ['br;q=0, gzip;q=0', undefined],
      ['deflate', undefined],
      ['', undefined],
      ['gzip, identity;q=0', 'gzip'],
      ['identity;q=0', 406],
      ['*;q=0', 406],
    ];
    for (const [accept, expected] of codings) {
      const r = await get('/posts/q', { 'accept-encoding': accept });
      if (expected === 406) expect(r.status, accept).toBe(406);
      else expect([r.status, r.headers['content-encoding']], accept).toEqual([200, expected]);
    }
  });

  it('lets signed-in visitors (either next-auth cookie form) past the cache, both ways', async () => {
    const { server, get, cache } = await withCache();
    for (const cookie of ['next-auth.session-token=x', '__Secure-next-auth.session-token=x', 'theme=dark; __Secure-next-auth.session-token=y']) {
      const before = server.renders.length;
      await get('/posts/c', { cookie });
      await get('/posts/c', { cookie });
      expect(server.renders.length - before, cookie).toBe(2);
    }
    // Nothing they saw was stored for others...
    expect(cache.entries.size).toBe(0);
    // ...and an entry filled by an anonymous visitor is not shown to them.
    await get('/posts/c');
    const before = server.renders.length;
    expect((await get('/posts/c', { cookie: '__Secure-next-auth.session-token=z' })).headers['x-manifold-cache']).toBeUndefined();
    expect(server.renders.length).toBe(before + 1);
    // Other cookies are not a reason to skip the cache.
    expect((await get('/posts/c', { cookie: 'theme=dark' })).headers['x-manifold-cache']).toBe('HIT');
  });

  it('serves an entry past its s-maxage stale while one refresh renders it again, and drops it past its stale time', async () => {
    let now = 1_000_000;
    let n = 0;
    const { server, get, cache } = await withCache({ now: () => now, page: (url) => ({ ...page(url, n++), control: 's-maxage=30, stale-while-revalidate=600' }) });
    const first = await get('/posts/e');
    now += 29_999;
    expect((await get('/posts/e')).headers['x-manifold-cache']).toBe('HIT');
    now += 1;
    const stale = await get('/posts/e');
    expect(stale.headers['x-manifold-cache']).toBe('STALE');
    expect(stale.body.toString()).toBe(first.body.toString());
    await Promise.all(cache.pending.values());
    expect(server.renders).toEqual(['/posts/e', '/posts/e']);
    const fresh = await get('/posts/e');
    expect(fresh.headers['x-manifold-cache']).toBe('HIT');
    expect(fresh.body.toString()).toContain('var n=1');
    now += 630_000;
    expect((await get('/posts/e')).headers['x-manifold-cache']).toBe('MISS');
    expect(server.renders).toHaveLength(3);
  });

  it('never stores a response that sets a cookie', async () => {
    const { server, get, cache } = await withCache({ page: (url) => ({ ...page(url, 0), headers: { 'set-cookie': 'a=1; Path=/' } }) });
    const first = await get('/posts/s');
    expect(first.headers['set-cookie']).toEqual(['a=1; Path=/']);
    await get('/posts/s');
    expect(server.renders).toHaveLength(2);
    expect(cache.entries.size).toBe(0);
  });

  it('evicts the least recently used page when over its size', async () => {
    const size = (url: string) => {
      const probe = new PageCache({ maxBytes: Infinity });
      probe.store(url, 200, { 'content-type': 'text/html' }, Buffer.from(page(url, 0).body), 60);
      return probe.bytes;
    };
    // Room for two pages, not three.
    const { server, get, cache } = await withCache({ maxBytes: size('/p/1') * 2 + 10, page: (url) => page(url, 0) });
    await get('/p/1');
    await get('/p/2');
    expect(cache.entries.size).toBe(2);
    await get('/p/1'); // now /p/2 is the least recently used
    await get('/p/3');
    expect([...cache.entries.keys()]).toEqual(['/p/1', '/p/3']);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    const before = server.renders.length;
    expect((await get('/p/1')).headers['x-manifold-cache']).toBe('HIT');
    expect((await get('/p/2')).headers['x-manifold-cache']).toBe('MISS');
    expect(server.renders.length).toBe(before + 1);
  });

  it('answers HEAD from memory with the headers and no body', async () => {
    const { server, get } = await withCache({ page: (url) => page(url, 0) });
    const full = await get('/posts/h', { 'accept-encoding': 'gzip' });
    const head = await request(server.base, '/posts/h', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers['x-manifold-cache']).toBe('HIT');
    expect(head.headers['content-length']).toBe(String(full.body.length));
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.body.length).toBe(0);
    expect(server.renders).toEqual(['/posts/h']);
  });

  it('keys on the path and the query parameters pages read, so ?bust=N and utm_* neither miss nor evict', async () => {
    const { server, get, cache } = await withCache({ page: (url) => page(url, 0) });
    await get('/posts/k');
    for (let i = 0; i < 50; i++) expect((await get(`/posts/k?bust=${i}&utm_source=x&fbclid=${i}`)).headers['x-manifold-cache']).toBe('HIT');
    expect(server.renders).toEqual(['/posts/k']);
    expect([...cache.entries.keys()]).toEqual(['/posts/k']);
    // A parameter a page does read names another page; its order and companions do not matter.
    await get('/search?q=a&utm_medium=y');
    expect((await get('/search?utm_campaign=z&q=a')).headers['x-manifold-cache']).toBe('HIT');
    expect((await get('/search?q=b')).headers['x-manifold-cache']).toBe('MISS');
    expect([...cache.entries.keys()]).toEqual(['/posts/k', '/search?q=a', '/search?q=b']);
    // Only search reads `q`: on another page it is noise like any other parameter.
    expect((await get('/posts/k?q=zzz')).headers['x-manifold-cache']).toBe('HIT');
    expect(cache.key('/en/search?q=%EA%B0%80&x=1')).toBe('/en/search?q=%EA%B0%80');
  });

  it('keeps at most MAX_VARIANTS query variants of one page, so ?q=N cannot flush the cache', async () => {
    const { get, cache } = await withCache({ maxBytes: 16 * 1024 * 1024, page: (url) => page(url, 0) });
    await get('/posts/v');
    for (let i = 0; i < MAX_VARIANTS + 8; i++) await get(`/search?q=${i}`);
    const keys = [...cache.entries.keys()];
    expect(keys.filter((k) => k.startsWith('/search?'))).toHaveLength(MAX_VARIANTS);
    // The oldest variants went; the other page and the newest variants stayed.
    expect(keys).toContain('/posts/v');
    expect(keys).not.toContain('/search?q=0');
    expect(keys).toContain(`/search?q=${MAX_VARIANTS + 7}`);
  });

  it('never caches router requests, API routes, the admin, errors or non-HTML', async () => {
    const { server, get, cache } = await withCache({
      page: (url) => (url === '/missing' ? { ...page(url, 0), status: 404 } : url.startsWith('/json') ? { type: 'application/json', body: '{}' } : page(url, 0)),
    });
    for (const [path, headers] of [
      ['/posts/b', { rsc: '1' }],
      ['/posts/b', { 'next-router-prefetch': '1' }],
      ['/posts/b', { range: 'bytes=0-10' }],
      ['/api/health', {}],
      ['/admin/posts', {}],
      ['/missing', {}],
      ['/json', {}],
    ] as const) {
      const before = server.renders.length;
      await get(path, headers);
      await get(path, headers);
      expect(server.renders.length - before, `${path} ${JSON.stringify(headers)}`).toBe(2);
    }
    expect(cache.entries.size).toBe(0);
  });

  it('respects Next saying a page is not shared-cacheable', async () => {
    for (const control of ['private, no-cache, no-store, max-age=0, must-revalidate', 'max-age=60', 's-maxage=0', 'private, s-maxage=60']) {
      const { server: s, get, cache } = await withCache({ page: (url) => ({ ...page(url, 0), control }) });
      await get('/search?q=x');
      await get('/search?q=x');
      expect(s.renders, control).toHaveLength(2);
      expect(cache.entries.size).toBe(0);
      await s.close();
      server = undefined;
    }
  });

  it('forgets everything when content changes', async () => {
    const { server, get, cache } = await withCache();
    await get('/posts/d');
    cache.clear();
    expect(cache.bytes).toBe(0);
    await get('/posts/d');
    expect(server.renders).toEqual(['/posts/d', '/posts/d']);
  });
});

describe("PageCache shared with the machine's other workers (share(), through the cluster's broadcast)", () => {
  /** A stand-in for the broadcast's page share: what this cache offers, and a way to hand it another worker's page. */
  function peers() {
    const offered: import('../broadcast.mjs').SharedPage[] = [];
    let listener: ((p: import('../broadcast.mjs').SharedPage) => void) | undefined;
    return { offered, share: { offer: (p: (typeof offered)[number]) => void offered.push(p), subscribe: (l: NonNullable<typeof listener>) => ((listener = l), () => {}) }, deliver: (p: (typeof offered)[number]) => listener!(p) };
  }

  it('offers each page it renders and stores, once, with its headers, bytes and times; nothing it does not store', async () => {
    const clock = { now: 1_000_000 };
    const { cache, get } = await withCache({ now: () => clock.now, page: (url) => page(url, 1) });
    const p = peers();
    cache.share(p.share);
    const first = await get('/posts/a');
    await get('/posts/a');
    await get('/api/x');
    expect(p.offered.map((o) => o.key)).toEqual(['/posts/a']);
    const [offer] = p.offered;
    expect(Buffer.from(offer.body).equals(Buffer.from(first.body))).toBe(true);
    expect(offer.headers.etag).toBe(first.headers.etag);
    expect(offer.headers['set-cookie']).toBeUndefined();
    expect(offer.expires).toBeGreaterThan(clock.now);
    expect(offer.staleUntil).toBeGreaterThanOrEqual(offer.expires);
  });

  it("answers another worker's page from memory (HIT, no render), and keeps its own when that is fresher", async () => {
    const clock = { now: 1_000_000 };
    const { cache, server, get } = await withCache({ now: () => clock.now, page: (url) => page(url, 2) });
    const p = peers();
    cache.share(p.share);
    const body = new TextEncoder().encode('<!doctype html><html><body>다른 워커의 페이지</body></html>');
    const headers = { 'content-type': 'text/html; charset=utf-8', etag: 'W/"peer"', 'cache-control': 'public, s-maxage=60', vary: 'Accept-Encoding' };
    p.deliver({ key: '/posts/b', status: 200, headers, body, expires: clock.now + 60_000, staleUntil: clock.now + 120_000 });
    const hit = await get('/posts/b');
    expect(hit.headers['x-manifold-cache']).toBe('HIT');
    expect(hit.body.toString('utf8')).toBe('<!doctype html><html><body>다른 워커의 페이지</body></html>');
    expect(hit.headers.etag).toBe('W/"peer"');
    expect(server.renders).toEqual([]);
    expect(cache.adopted).toBe(1);
    // Its lifetime is the one it was given: past it, the page is stale here too.
    clock.now += 61_000;
    expect(cache.lookup('/posts/b')?.state).toBe('stale');
    // A page of its own that lives longer is not replaced by an older one from elsewhere.
    await get('/posts/c');
    const mine = cache.lookup('/posts/c')!.entry;
    p.deliver({ key: '/posts/c', status: 200, headers, body, expires: clock.now + 1000, staleUntil: clock.now + 2000 });
    expect(cache.lookup('/posts/c')!.entry).toBe(mine);
  });

  it("shares each body it compresses, and serves another worker's compressed body of the same page as it is", async () => {
    const clock = { now: 1_000_000 };
    const { cache, get } = await withCache({ now: () => clock.now, page: (url) => page(url, 3) });
    const p = peers();
    cache.share(p.share);
    await get('/posts/d', { 'accept-encoding': 'br' });
    await until(() => p.offered.some((o) => o.coding === 'br'));
    const [plain, br] = [p.offered.find((o) => o.coding === undefined)!, p.offered.find((o) => o.coding === 'br')!];
    expect(br.headers).toEqual({ etag: plain.headers.etag });
    expect(zlib.brotliDecompressSync(br.body).equals(Buffer.from(plain.body))).toBe(true);
    // Another worker's: its page, then that page in gzip made elsewhere (level 1: not the bytes this cache would make).
    const body = Buffer.from('<!doctype html><html><body>' + '다른 워커 '.repeat(500) + '</body></html>');
    const gz = zlib.gzipSync(body, { level: 1 });
    const headers = { 'content-type': 'text/html; charset=utf-8', etag: 'W/"peer-d"' };
    p.deliver({ key: '/posts/e', status: 200, headers, body, expires: clock.now + 60_000, staleUntil: clock.now + 120_000 });
    // A body for another version of the page (another validator) is not taken.
    p.deliver({ key: '/posts/e', status: 200, headers: { etag: 'W/"older"' }, body: zlib.gzipSync(Buffer.from('old')), expires: clock.now + 60_000, staleUntil: clock.now + 120_000, coding: 'gzip' });
    p.deliver({ key: '/posts/e', status: 200, headers: { etag: 'W/"peer-d"' }, body: gz, expires: clock.now + 60_000, staleUntil: clock.now + 120_000, coding: 'gzip' });
    const hit = await get('/posts/e', { 'accept-encoding': 'gzip' });
    expect(hit.headers['x-manifold-cache']).toBe('HIT');
    expect(hit.headers['content-encoding']).toBe('gzip');
    expect(Buffer.from(hit.body).equals(gz)).toBe(true);
  });

  it('takes nothing malformed or already expired from another worker', async () => {
    const clock = { now: 1_000_000 };
    const { cache } = await withCache({ now: () => clock.now });
    const p = peers();
    cache.share(p.share);
    const good = { key: '/posts/x', status: 200, headers: { 'content-type': 'text/html' }, body: new Uint8Array([60, 112, 62]), expires: clock.now + 1000, staleUntil: clock.now + 2000 };
    for (const bad of [
      { ...good, status: 404 },
      { ...good, expires: clock.now - 1 },
      { ...good, staleUntil: good.expires - 1 },
      { ...good, body: [60, 112, 62] as unknown as Uint8Array },
      { ...good, key: 7 as unknown as string },
      { ...good, headers: null as unknown as Record<string, string> },
    ])
      p.deliver(bad);
    expect(cache.entries.size).toBe(0);
    p.deliver(good);
    expect(cache.entries.size).toBe(1);
  });
});
