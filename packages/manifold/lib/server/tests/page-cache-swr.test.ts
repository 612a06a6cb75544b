// Issue 16: stale-while-revalidate, request coalescing and tracking parameters, through server.mjs' own request
// listener on a real HTTP server, with a stand-in for Next whose renders the test holds and releases. No timings:
// each test waits for a state (requests parked, a refresh ended), never for a duration.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestListener } from '../handler.mjs';
import { PageCache, REFRESH_HEADER, REFRESH_RETRY_SECONDS, renderUrl } from '../page-cache.mjs';
import { captureLog, request, until } from './support';

interface Held {
  url: string;
  headers: http.IncomingHttpHeaders;
  release(answer?: { status?: number; body?: string; control?: string }): void;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A real server whose stand-in Next parks every render until the test releases it (or answers at once when `hold` is false). */
async function serve(cache: PageCache | null, { hold = true } = {}) {
  const held: Held[] = [];
  const renders: string[] = [];
  let n = 0;
  const listener = createRequestListener({
    cache,
    handle: (req, res) =>
      new Promise<void>((done) => {
        renders.push(req.url ?? '');
        const count = n++;
        const release: Held['release'] = ({ status = 200, body, control = 's-maxage=60, stale-while-revalidate=600' } = {}) => {
          res.statusCode = status;
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.setHeader('cache-control', control);
          res.setHeader('manifold-cache-control', 'max-age=3600, stale-while-revalidate=86400');
          res.end(body ?? `<!doctype html><html><body>${req.url} render ${count} ${'x'.repeat(3000)}</body></html>`);
          done();
        };
        if (hold) held.push({ url: req.url ?? '', headers: { ...req.headers }, release });
        else release();
      }),
  });
  const server = http.createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  const get = (path: string, headers: Record<string, string> = {}) => request(base, path, { headers });
  return { base, held, renders, get };
}

describe('request coalescing', () => {
  it('answers N concurrent misses for one page with one render, every one of them in full', async () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const { held, get, renders } = await serve(cache);
    const codings = ['br', 'gzip', 'identity', 'gzip, br', 'br', 'identity', 'gzip', 'br'];
    const answers = Promise.all(codings.map((accept, i) => get(`/posts/c?utm_source=n${i}`, { 'accept-encoding': accept })));
    await until(() => held.length === 1 && cache.coalesced === codings.length - 1);
    held[0].release();
    const all = await answers;
    expect(renders).toEqual(['/posts/c']);
    expect(all.map((a) => a.status)).toEqual(codings.map(() => 200));
    expect(all.filter((a) => a.headers['x-manifold-cache'] === 'WAITED')).toHaveLength(codings.length - 1);
    // A waited answer is neither a hit nor a stale answer in the counters the bench reads; the one render is the miss.
    expect({ hits: cache.hits, stale: cache.stale, misses: cache.misses }).toEqual({ hits: 0, stale: 0, misses: codings.length });
    const { default: zlib } = await import('node:zlib');
    const plain = all.map((a) => (a.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(a.body) : a.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(a.body) : a.body).toString());
    expect(new Set(plain).size).toBe(1);
    expect(plain[0]).toContain('/posts/c render 0');
    // The targeted Cache-Control is for this cache only.
    for (const a of all) expect(a.headers['manifold-cache-control']).toBeUndefined();
    expect(cache.pending.size).toBe(0);
  });

  it('lets waiters render for themselves when the render they waited for stored nothing', async () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const { held, get, renders } = await serve(cache);
    const answers = Promise.all([get('/posts/p'), get('/posts/p'), get('/posts/p')]);
    await until(() => held.length === 1 && cache.coalesced === 2);
    held[0].release({ control: 'private, no-store' });
    await until(() => held.length === 3);
    for (const h of held.slice(1)) h.release({ control: 'private, no-store' });
    expect((await answers).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(renders).toHaveLength(3);
    expect(cache.entries.size).toBe(0);
  });
});

describe('stale-while-revalidate', () => {
  it('serves a stale page to everyone at once while exactly one refresh renders it, then the new page', async () => {
    let now = 0;
    const cache = new PageCache({ maxBytes: 1024 * 1024, now: () => now });
    const { held, get, renders } = await serve(cache);
    const first = get('/posts/s');
    await until(() => held.length === 1);
    held[0].release();
    const original = (await first).body.toString();
    // The targeted field (an hour fresh, a day stale) rules over s-maxage=60.
    expect(cache.entries.get('/posts/s')!.expires).toBe(3_600_000);
    now = 3_600_000;
    const stale = await Promise.all(Array.from({ length: 6 }, () => get('/posts/s')));
    for (const s of stale) {
      expect(s.headers['x-manifold-cache']).toBe('STALE');
      expect(s.body.toString()).toBe(original);
    }
    await until(() => held.length === 2);
    // The refresh is the stale page's URL, marked with the token Next never sees, and carries no visitor's coding.
    expect(held[1].url).toBe('/posts/s');
    expect(held[1].headers[REFRESH_HEADER]).toBeUndefined();
    expect(held[1].headers['accept-encoding']).toBeUndefined();
    expect(cache.refreshes).toBe(1);
    held[1].release();
    await until(() => cache.pending.size === 0);
    const fresh = await get('/posts/s');
    expect(fresh.headers['x-manifold-cache']).toBe('HIT');
    expect(fresh.body.toString()).toContain('render 1');
    expect(renders).toHaveLength(2);
  });

  it('keeps serving the stale page when its refresh fails, logs it, and tries again only after a pause', async () => {
    const log = captureLog();
    let now = 0;
    const cache = new PageCache({ maxBytes: 1024 * 1024, now: () => now });
    const { held, get } = await serve(cache);
    const first = get('/posts/f');
    await until(() => held.length === 1);
    held[0].release();
    await first;
    now = 3_600_000;
    expect((await get('/posts/f')).headers['x-manifold-cache']).toBe('STALE');
    await until(() => held.length === 2);
    held[1].release({ status: 503, control: 'no-store' });
    await until(() => cache.pending.size === 0);
    expect(cache.refreshFailures).toBe(1);
    expect(log).toContainEqual(expect.objectContaining({ level: 'warn', message: 'page cache: refreshing a stale page failed; serving the stale one meanwhile', key: '/posts/f', reason: 'server error', status: 503 }));
    // Still served; no second refresh within the pause (REFRESH_RETRY_SECONDS), up to its last millisecond...
    now += REFRESH_RETRY_SECONDS * 1000 - 1;
    expect((await get('/posts/f')).headers['x-manifold-cache']).toBe('STALE');
    // (refresh() runs in the same turn as the answer it follows, so it would have counted by now.)
    expect(cache.refreshes).toBe(1);
    // ...and one after it.
    now += 1;
    expect((await get('/posts/f')).headers['x-manifold-cache']).toBe('STALE');
    expect(cache.refreshes).toBe(2);
    await until(() => held.length === 3);
    held[2].release();
    await until(() => cache.pending.size === 0);
    expect((await get('/posts/f')).headers['x-manifold-cache']).toBe('HIT');
  });

  it('does not bring back the old page when content changes while a refresh or a miss is rendering', async () => {
    let now = 0;
    const cache = new PageCache({ maxBytes: 1024 * 1024, now: () => now });
    const { held, get, renders } = await serve(cache);
    const first = get('/posts/r');
    await until(() => held.length === 1);
    held[0].release({ body: '<html>old</html>' });
    await first;
    now = 3_600_000;
    expect((await get('/posts/r')).body.toString()).toBe('<html>old</html>');
    await until(() => held.length === 2);
    // A post is saved while the refresh renders what it read before the save.
    cache.clear();
    held[1].release({ body: '<html>old, rendered before the save</html>' });
    await until(() => cache.pending.size === 0);
    expect(cache.entries.size).toBe(0);
    // The same for a plain miss in flight.
    const miss = get('/posts/r');
    await until(() => held.length === 3);
    cache.clear();
    held[2].release({ body: '<html>also old</html>' });
    expect((await miss).body.toString()).toBe('<html>also old</html>');
    expect(cache.entries.size).toBe(0);
    const after = get('/posts/r');
    await until(() => held.length === 4);
    held[3].release({ body: '<html>new</html>' });
    expect((await after).body.toString()).toBe('<html>new</html>');
    expect((await get('/posts/r')).headers['x-manifold-cache']).toBe('HIT');
    expect(renders).toHaveLength(4);
  });

  it('ignores a refresh header with a wrong token: answered from memory, never forcing a render', async () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const { get, renders } = await serve(cache, { hold: false });
    await get('/posts/t');
    const forged = await get('/posts/t', { [REFRESH_HEADER]: 'x'.repeat(cache.refreshToken.length) });
    expect(forged.headers['x-manifold-cache']).toBe('HIT');
    expect((await get('/posts/t', { [REFRESH_HEADER]: 'short' })).headers['x-manifold-cache']).toBe('HIT');
    expect(renders).toHaveLength(1);
  });
});

describe('tracking parameters', () => {
  it('never reach the render of a reader page; the parameters a route reads, and other routes\u2019 queries, do', async () => {
    for (const cache of [new PageCache({ maxBytes: 1024 * 1024 }), null]) {
      const { get, renders } = await serve(cache, { hold: false });
      await get('/posts/k?utm_source=x&fbclid=1&q=zzz');
      await get('/en/posts/k?gclid=2');
      await get('/?utm_medium=y');
      await get('/category/ml/page/2?utm_campaign=z');
      await get('/search?utm_source=x&q=%EA%B0%80');
      await get('/accounts/login?next=%2Fadmin');
      expect(renders, String(cache)).toEqual(['/posts/k', '/en/posts/k', '/', '/category/ml/page/2', '/search?q=%EA%B0%80', '/accounts/login?next=%2Fadmin']);
      await close?.();
      close = undefined;
    }
  });

  it('are stripped by one table, which the key uses too', () => {
    expect(renderUrl('/posts/a?utm_source=1')).toBe('/posts/a');
    expect(renderUrl('/en/tag/x/page/3?fbclid=1')).toBe('/en/tag/x/page/3');
    expect(renderUrl('/en?utm_source=1')).toBe('/en');
    expect(renderUrl('/en/search?q=a&page=2&utm_source=x')).toBe('/en/search?page=2&q=a');
    expect(renderUrl('/en/search?q=a&sort=new')).toBe('/en/search?q=a');
    expect(renderUrl('/media/a.png?w=200')).toBe('/media/a.png?w=200');
    expect(renderUrl('/feed.xml?utm_source=rss')).toBe('/feed.xml?utm_source=rss');
    const cache = new PageCache({ maxBytes: 1 });
    for (const url of ['/posts/a?utm_source=1', '/en/search?q=a&page=2', '/en/search?q=a&x=2', '/?x=1']) expect(cache.renderUrl(url)).toBe(cache.key(url));
  });
});
