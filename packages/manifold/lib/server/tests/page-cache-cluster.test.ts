// A stale page's refresh when it lands in another worker of the cluster (server.mjs' workers share one listening
// socket and the refresh token): the worker that asked stores the answer itself, keeps its stale page when the
// refresh fails, and drops it when the page moved or turned private. Two real request listeners, each with its own
// PageCache, behind one real socket whose connections the test routes (as the cluster's round-robin would), and
// the page cache's smaller rules on the cache itself.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestListener } from '../handler.mjs';
import { MAX_VARIANTS, PageCache, REFRESH_HEADER, REFRESH_RETRY_SECONDS } from '../page-cache.mjs';
import { captureLog, request, until } from './support';

type Worker = 'A' | 'B';
interface Render {
  worker: Worker;
  url: string;
  headers: http.IncomingHttpHeaders;
}
/** How a worker's stand-in Next answers: a page, or a connection cut before or during the answer. */
type Reply = { status?: number; control?: string; body?: string; wait?: Promise<void> } | 'hang up' | 'cut off';

const TOKEN = 'r'.repeat(48);
let closeAll: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeAll?.();
  closeAll = undefined;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function cluster() {
  const clock = { now: 0 };
  const caches = {
    A: new PageCache({ maxBytes: 1024 * 1024, now: () => clock.now, refreshToken: TOKEN }),
    B: new PageCache({ maxBytes: 1024 * 1024, now: () => clock.now, refreshToken: TOKEN }),
  };
  const renders: Render[] = [];
  /** The next answers, in order; a plain page when none is queued. */
  const replies: Reply[] = [];
  /** Which worker takes each new connection; A when none is queued. */
  const route: Worker[] = [];
  const worker = (name: Worker) =>
    http.createServer(
      createRequestListener({
        cache: caches[name],
        handle: async (req, res) => {
          renders.push({ worker: name, url: req.url ?? '', headers: { ...req.headers } });
          const reply = replies.shift() ?? {};
          if (reply === 'hang up') return void req.socket.destroy();
          if (reply !== 'cut off' && reply.wait) await reply.wait;
          if (reply === 'cut off') {
            // Straight onto the socket: the listener holds a page back until it is complete, so only a worker that
            // dies mid-answer sends half of one.
            req.socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n<html>half');
            await new Promise((r) => setImmediate(r));
            return void req.socket.destroy();
          }
          res.statusCode = reply.status ?? 200;
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.setHeader('cache-control', reply.control ?? 's-maxage=60, stale-while-revalidate=600');
          res.setHeader('manifold-cache-control', 'max-age=3600, stale-while-revalidate=86400');
          res.end(reply.body ?? `<html>${name} render ${renders.length - 1}</html>`);
        },
      }),
    );
  const workers = { A: worker('A'), B: worker('B') };
  const front = net.createServer((socket) => workers[route.shift() ?? 'A'].emit('connection', socket));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  closeAll = async () => {
    for (const w of Object.values(workers)) w.closeAllConnections();
    await new Promise<void>((r) => front.close(() => r()));
  };
  /** A GET through the front socket to `to` (A unless said). */
  const get = (path: string, { to = 'A' as Worker, headers = {} as Record<string, string> } = {}) => {
    route.push(to);
    return request(base, path, { headers });
  };
  return { clock, caches, renders, replies, route, get };
}

/** Worker A holds `/posts/x` rendered once, and the clock moves past its fresh hour. */
async function staleInA() {
  const c = await cluster();
  await c.get('/posts/x');
  expect(c.caches.A.lookup('/posts/x')?.state).toBe('fresh');
  c.clock.now = 3_600_000;
  expect(c.caches.A.lookup('/posts/x')?.state).toBe('stale');
  return c;
}

/** Asks A for the stale page; the refresh it starts is the next connection, which B takes. */
async function staleFromAWithRefreshInB(c: Awaited<ReturnType<typeof cluster>>, headers: Record<string, string> = {}) {
  const answer = c.get('/posts/x', { headers });
  c.route.push('B');
  const stale = await answer;
  expect(stale.headers['x-manifold-cache']).toBe('STALE');
  return stale;
}

/** A gate a stand-in render waits at until the test opens it. */
function gate() {
  let open: () => void = () => {};
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe('a refresh answered by another worker', () => {
  it('is stored by the worker that asked, from the answer alone: one render, in B, with the visitor’s headers minus identity and codings', async () => {
    const c = await staleInA();
    const stale = await staleFromAWithRefreshInB(c, { cookie: 'theme=dark', 'accept-language': 'ko-KR', 'accept-encoding': 'gzip', 'if-none-match': '"v1"', 'user-agent': 'reader/1' });
    expect(stale.headers['content-encoding']).toBe('gzip');
    await until(() => c.caches.A.pending.size === 0 && c.renders.length === 2);
    expect(c.caches.A.refreshes).toBe(1);
    expect(c.caches.A.refreshFailures).toBe(0);
    const refresh = c.renders[1];
    expect(refresh).toMatchObject({ worker: 'B', url: '/posts/x' });
    // Copied: what shapes the page for a visitor like this one. Not: who the visitor is, conditionals, codings.
    expect(refresh.headers).toMatchObject({ 'accept-language': 'ko-KR', 'user-agent': 'reader/1' });
    for (const h of ['cookie', 'accept-encoding', 'if-none-match', REFRESH_HEADER]) expect(refresh.headers, h).not.toHaveProperty(h);
    // A stored B's page: answered from A's memory with B's body, and nothing rendered again.
    const after = await c.get('/posts/x');
    expect(after.headers['x-manifold-cache']).toBe('HIT');
    expect(after.body.toString()).toBe('<html>B render 1</html>');
    expect(c.renders).toHaveLength(2);
  });

  it('keeps a page this worker stored meanwhile rather than the refresh’s older answer', async () => {
    const c = await staleInA();
    const g = gate();
    c.replies.push({ body: '<html>B, older</html>', wait: g.wait });
    await staleFromAWithRefreshInB(c);
    await until(() => c.renders.length === 2);
    // A store in A that finished first (a render of its own) stands for "someone already has a newer page".
    expect(c.caches.A.consider('/posts/x', { status: 200, headers: { 'content-type': 'text/html', 'cache-control': 's-maxage=60' }, body: Buffer.from('<html>A, newer</html>') })).toBe(true);
    g.open();
    await until(() => c.caches.A.pending.size === 0);
    const after = await c.get('/posts/x');
    expect(after.headers['x-manifold-cache']).toBe('HIT');
    expect(after.body.toString()).toBe('<html>A, newer</html>');
  });

  it('stores nothing when content changed while B rendered (a purge), so the next visitor gets a new render', async () => {
    const c = await staleInA();
    const g = gate();
    c.replies.push({ body: '<html>B, read before the save</html>', wait: g.wait });
    await staleFromAWithRefreshInB(c);
    await until(() => c.renders.length === 2);
    c.caches.A.clear();
    g.open();
    await until(() => c.caches.A.pending.size === 0 && c.caches.A.refreshes === 1);
    expect(c.caches.A.entries.size).toBe(0);
    const next = await c.get('/posts/x');
    expect(next.headers['x-manifold-cache']).toBe('MISS');
    expect(c.renders.map((r) => r.worker)).toEqual(['A', 'B', 'A']);
  });
});

describe('a refresh that fails in another worker', () => {
  it('keeps the stale page on a 500, waits REFRESH_RETRY_SECONDS to its last millisecond, and drops the page on a 404', async () => {
    const log = captureLog();
    const c = await staleInA();
    c.replies.push({ status: 500, control: 'no-store' });
    await staleFromAWithRefreshInB(c);
    await until(() => c.caches.A.pending.size === 0 && c.caches.A.refreshFailures === 1);
    expect(log).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'page cache: refreshing a stale page failed; serving the stale one meanwhile', key: '/posts/x', reason: 'server error', status: 500 }),
    );
    c.clock.now += REFRESH_RETRY_SECONDS * 1000 - 1;
    expect((await c.get('/posts/x')).body.toString()).toBe('<html>A render 0</html>');
    expect(c.caches.A.refreshes).toBe(1);
    c.clock.now += 1;
    c.replies.push({ status: 404, control: 's-maxage=60' });
    await staleFromAWithRefreshInB(c);
    await until(() => c.caches.A.pending.size === 0 && c.caches.A.refreshes === 2);
    // The page went: A forgets it, so the next visitor gets the 404 from a render, not the old page.
    expect(c.caches.A.entries.has('/posts/x')).toBe(false);
    expect(c.caches.A.refreshFailures).toBe(1);
    expect(c.renders.map((r) => r.worker)).toEqual(['A', 'B', 'B']);
  });

  it('drops the page when B’s answer may no longer be shared', async () => {
    const c = await staleInA();
    c.replies.push({ control: 'private, no-store' });
    await staleFromAWithRefreshInB(c);
    await until(() => c.caches.A.pending.size === 0 && c.renders.length === 2);
    expect(c.caches.A.entries.size).toBe(0);
    expect(c.caches.A.refreshFailures).toBe(0);
  });

  it('keeps the stale page and says why when B hangs up or cuts its answer off', async () => {
    const log = captureLog();
    const c = await staleInA();
    c.replies.push('hang up');
    await staleFromAWithRefreshInB(c);
    await until(() => c.caches.A.pending.size === 0 && c.caches.A.refreshFailures === 1);
    expect(log).toContainEqual(expect.objectContaining({ level: 'warn', key: '/posts/x', reason: 'request failed', error: 'socket hang up' }));
    c.clock.now += REFRESH_RETRY_SECONDS * 1000;
    c.replies.push('cut off');
    await staleFromAWithRefreshInB(c);
    await until(() => c.caches.A.pending.size === 0 && c.caches.A.refreshFailures >= 2);
    expect(log.filter((l) => l.reason !== 'server error').map((l) => [l.reason, l.error])).toEqual([['request failed', 'socket hang up'], ['response aborted', 'aborted']]);
    expect(c.caches.A.lookup('/posts/x')?.state).toBe('stale');
    expect((await c.get('/posts/x')).body.toString()).toBe('<html>A render 0</html>');
  });
});

const page = (body: string, control = 's-maxage=60') => ({ status: 200, headers: { 'content-type': 'text/html', 'cache-control': control }, body: Buffer.from(body) });

describe('the page cache’s own rules', () => {
  it('starts no refresh for a request whose socket has no local address (it closed)', () => {
    const cache = new PageCache({ maxBytes: 1 << 20 });
    const entry = cache.store('/posts/s', 200, { 'content-type': 'text/html' }, Buffer.from('<html>s</html>'), 60, 600)!;
    for (const req of [{ headers: {} }, { headers: {}, socket: {} }, { headers: {}, socket: { localAddress: '127.0.0.1' } }]) {
      cache.refresh(req as never, '/posts/s', entry);
    }
    expect(cache.refreshes).toBe(0);
    expect(cache.pending.size).toBe(0);
  });

  it('knows its own refresh only by the exact token, and removes the header either way', () => {
    const cache = new PageCache({ maxBytes: 1 << 20, refreshToken: TOKEN });
    const ask = (value: unknown) => {
      const req = { headers: value === undefined ? {} : { [REFRESH_HEADER]: value } };
      return [cache.isRefresh(req as never), REFRESH_HEADER in req.headers];
    };
    expect(ask(TOKEN)).toEqual([true, false]);
    expect(ask(undefined)).toEqual([false, false]);
    expect(ask([TOKEN])).toEqual([false, false]);
    expect(ask('short')).toEqual([false, false]);
    expect(ask(`${TOKEN}x`)).toEqual([false, false]);
    expect(ask('s'.repeat(TOKEN.length))).toEqual([false, false]);
  });

  it('uses a shared refresh token of 32 characters or more, and makes its own otherwise', () => {
    expect(new PageCache({ maxBytes: 1, refreshToken: 't'.repeat(32) }).refreshToken).toBe('t'.repeat(32));
    const own = [new PageCache({ maxBytes: 1, refreshToken: 't'.repeat(31) }).refreshToken, new PageCache({ maxBytes: 1 }).refreshToken];
    for (const t of own) expect(t).toMatch(/^[0-9a-f]{48}$/);
    expect(own[0]).not.toBe(own[1]);
  });

  it('compresses a body once for concurrent askers, counts it once, and not at all for an entry dropped meanwhile', async () => {
    const cache = new PageCache({ maxBytes: 1 << 20 });
    const body = Buffer.from(`<html>${'가나다 '.repeat(2000)}</html>`);
    const entry = cache.store('/posts/z', 200, { 'content-type': 'text/html' }, body, 60)!;
    const first = cache.encoded('/posts/z', entry, 'br');
    expect(cache.encoded('/posts/z', entry, 'br')).toBe(first);
    const br = await first;
    expect(br.length).toBeLessThan(body.length / 10);
    expect(cache.bytes).toBe(body.length + br.length);
    expect(entry.size).toBe(cache.bytes);
    expect(await cache.encoded('/posts/z', entry, 'br')).toBe(br);
    expect(cache.bytes).toBe(body.length + br.length);
    // Dropped (a purge) while gzip runs: its bytes are not counted in a cache that no longer holds it.
    const gzip = cache.encoded('/posts/z', entry, 'gzip');
    cache.clear();
    await gzip;
    expect(cache.bytes).toBe(0);
  });

  it('ends a render only by its own end: an old render finishing after a purge does not end the new one', () => {
    const cache = new PageCache({ maxBytes: 1 << 20 });
    const old = cache.begin('/posts/e');
    cache.clear();
    const current = cache.begin('/posts/e');
    old();
    expect(cache.pending.has('/posts/e')).toBe(true);
    current();
    current();
    expect(cache.pending.has('/posts/e')).toBe(false);
  });

  it('caps query variants of one page only: plain pages are never counted as variants, and the page itself stays', () => {
    const cache = new PageCache({ maxBytes: 1 << 20 });
    for (let i = 0; i < MAX_VARIANTS + 8; i++) cache.consider(`/posts/p${i}`, page(`<html>${i}</html>`));
    expect(cache.entries.size).toBe(MAX_VARIANTS + 8);
    cache.clear();
    cache.consider('/search', page('<html>search</html>'));
    for (let i = 0; i < MAX_VARIANTS + 3; i++) cache.consider(`/search?q=${i}`, page(`<html>${i}</html>`));
    const keys = [...cache.entries.keys()];
    expect(keys).toContain('/search');
    expect(keys.filter((k) => k.startsWith('/search?'))).toEqual(Array.from({ length: MAX_VARIANTS }, (_, i) => `/search?q=${i + 3}`));
  });

  it('says it stored nothing when a page is larger than the whole cache', () => {
    const cache = new PageCache({ maxBytes: 100 });
    expect(cache.consider('/posts/big', page('x'.repeat(101)))).toBe(false);
    expect(cache.admit('/posts/big', page('x'.repeat(101)))).toBeNull();
    expect(cache.consider('/posts/fits', page('x'.repeat(100)))).toBe(true);
    expect(cache.bytes).toBe(100);
  });
});
