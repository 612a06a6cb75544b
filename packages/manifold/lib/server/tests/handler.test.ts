// server.mjs' request listener on a real HTTP server: every request answered, security headers, the hashed CSP.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { themeScript } from '../../theme-script.mjs';
import { PageCache } from '../page-cache.mjs';
import { createRequestListener, requestPath } from '../handler.mjs';
import { clientAddress } from '../../http-guard.mjs';
import { contentSecurityPolicy, inlineScriptHashes } from '../security.mjs';
import { captureLog, request, startServer, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

const sha = (text: string) => `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
const flight = 'self.__next_f.push([1,"0:{\\"a\\":1}\\n"])';
const appPage = `<!DOCTYPE html><html><head><script>${themeScript}</script><script src="/_next/static/chunks/a.js" async=""></script></head><body><p>${'본문 '.repeat(400)}</p><script>${flight}</script><script id="_R_">(globalThis.TURBOPACK=[]).push(1)</script></body></html>`;

function directives(csp: string | string[] | undefined) {
  return new Map(String(csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('request listener', () => {
  it('answers a malformed path with 400 before any handler runs, fast paths included', async () => {
    let fastPathCalls = 0;
    server = await startServer({ fastPath: () => (fastPathCalls++, false) });
    for (const path of ['/api/ml/%E0%A4%A', '/posts/%E0%A4%A', '/%', '/category/%ZZ?q=1']) {
      const r = await request(server.base, path, { method: path.startsWith('/api') ? 'POST' : 'GET' });
      expect(r.status, path).toBe(400);
      if (path.startsWith('/api')) {
        // An API client gets JSON, as from every API route.
        expect(r.headers['content-type']).toBe('application/json');
        expect(JSON.parse(r.body.toString())).toEqual({ error: 'Bad request: the path is not a valid percent-encoded URL path.' });
      } else expect(r.body.toString()).toBe('Bad request: the path is not a valid percent-encoded URL path.\n');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(fastPathCalls).toBe(0);
    expect(server.renders).toEqual([]);
    expect(requestPath('/category/%EB%94%A5%EB%9F%AC%EB%8B%9D?q=%')).toBe('/category/딥러닝');
    expect(requestPath('*')).toBeNull();
    expect(requestPath('http://example.com/')).toBeNull();
  });

  it('drops X-Forwarded-Host/-Proto/-Port and Forwarded unless a trusted proxy sent them', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', forwarded: 'host=evil.example' };
    for (const trustedProxies of [[], ['203.0.113.1'], ['127.0.0.1'], ['::ffff:127.0.0.1']]) {
      const listener = createRequestListener({
        trustedProxies,
        handle: (req, res) => {
          seen.push(Object.fromEntries(Object.keys(forged).map((h) => [h, req.headers[h] as string | undefined])));
          res.end('ok');
        },
      });
      const direct = http.createServer(listener);
      await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
      try {
        await request(`http://127.0.0.1:${(direct.address() as AddressInfo).port}`, '/admin/api/x', { method: 'POST', headers: forged });
      } finally {
        direct.closeAllConnections();
        await new Promise((r) => direct.close(r));
      }
    }
    const none = { 'x-forwarded-host': undefined, 'x-forwarded-proto': undefined, 'x-forwarded-port': undefined, forwarded: undefined };
    // No proxy trusted, or another one: the client's words are gone; this socket trusted (either spelling): kept.
    expect(seen).toEqual([none, none, forged, forged]);
  });

  it('tells a trusted proxy to keep a shareable page only until the end of the current second (X-Accel-Expires)', async () => {
    const controls: Record<string, string> = { '/posts/a': 'public, s-maxage=60, stale-while-revalidate=300', '/_next/static/chunks/a.js': 'public, max-age=31536000, immutable', '/api/x': 'no-store', '/private': 'private, no-cache' };
    const page = (url: string) => ({ body: `<html><body>${url} ${'본문 '.repeat(300)}</body></html>`, control: controls[new URL(url, 'http://x').pathname] ?? 'no-store' });
    const expiry = async (base: string, path: string, method = 'GET') => {
      const before = Math.floor(Date.now() / 1000);
      const r = await request(base, path, { method, headers: { 'accept-encoding': 'gzip' } });
      const after = Math.floor(Date.now() / 1000);
      const given = r.headers['x-accel-expires'] as string | undefined;
      if (given !== undefined) {
        // The second the answer was written in: between the request's start and its end.
        expect(given).toMatch(/^@\d+$/);
        expect(Number(given.slice(1))).toBeGreaterThanOrEqual(before);
        expect(Number(given.slice(1))).toBeLessThanOrEqual(after);
      }
      return { status: r.status, given, cache: r.headers['x-manifold-cache'] };
    };
    // Behind the proxy (this socket trusted), with the page cache: a render and then a stored copy both carry it.
    server = await startServer({ cache: new PageCache({ maxBytes: 1 << 20 }), page, trustedProxies: ['127.0.0.1'] });
    const miss = await expiry(server.base, '/posts/a');
    expect(miss).toMatchObject({ status: 200, cache: 'MISS' });
    expect(miss.given).toBeDefined();
    const hit = await expiry(server.base, '/posts/a');
    expect(hit).toMatchObject({ status: 200, cache: 'HIT' });
    expect(hit.given).toBeDefined();
    expect((await expiry(server.base, '/posts/a', 'HEAD')).given).toBeDefined();
    // What is not shareable, or is kept a year by its own name, says nothing: the proxy's own rules stand.
    for (const path of ['/_next/static/chunks/a.js', '/api/x', '/private']) expect((await expiry(server.base, path)).given, path).toBeUndefined();
    await server.close();
    // Without the page cache, the render says it as well.
    server = await startServer({ page, trustedProxies: ['127.0.0.1'] });
    expect((await expiry(server.base, '/posts/a')).given).toBeDefined();
    await server.close();
    // A client that is not a configured proxy never sees nginx's header.
    server = await startServer({ cache: new PageCache({ maxBytes: 1 << 20 }), page, trustedProxies: ['203.0.113.1'] });
    expect((await expiry(server.base, '/posts/a')).given).toBeUndefined();
    expect((await expiry(server.base, '/posts/a')).given).toBeUndefined();
  });

  it('ends X-Forwarded-For with the socket address, so a direct client cannot choose its own address', async () => {
    const seen: (string | undefined)[] = [];
    const listener = createRequestListener({
      handle: (req, res) => {
        seen.push(req.headers['x-forwarded-for'] as string | undefined);
        res.end('ok');
      },
    });
    const direct = http.createServer(listener);
    await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(direct.address() as AddressInfo).port}`;
    try {
      await request(base, '/posts/a', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      await request(base, '/posts/a', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
      await request(base, '/posts/a');
    } finally {
      direct.closeAllConnections();
      await new Promise((r) => direct.close(r));
    }
    expect(seen).toEqual(['203.0.113.9, 127.0.0.1', '198.51.100.1, 203.0.113.9, 127.0.0.1', '127.0.0.1']);
    // Read as every Next route reads it: no proxy trusted, the socket is the client; the forged entries are ignored.
    expect(seen.map((h) => clientAddress(undefined, h, []))).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    // Behind a trusted proxy (this socket), the entry that proxy wrote is the client.
    expect(clientAddress(undefined, seen[0], ['127.0.0.1'])).toBe('203.0.113.9');
  });

  it('answers a fast path that throws with a generic 500 and one JSON log line carrying the request id', async () => {
    const log = captureLog();
    server = await startServer({
      fastPath: (req) => {
        if (req.url === '/api/ml/boom') throw new Error('secret detail');
        return false;
      },
    });
    const given = await request(server.base, '/api/ml/boom', { method: 'POST', headers: { 'x-request-id': 'edge-42.abc' } });
    expect(given.status).toBe(500);
    expect(given.headers['x-request-id']).toBe('edge-42.abc');
    expect(JSON.parse(given.body.toString())).toEqual({ error: 'Internal server error (request id edge-42.abc).' });
    expect(given.headers['x-frame-options']).toBe('SAMEORIGIN');
    // An id that is not a plain token is replaced, not echoed.
    const forged = await request(server.base, '/api/ml/boom', { method: 'POST', headers: { 'x-request-id': 'a b<script>' } });
    expect(forged.status).toBe(500);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.map((l) => [l.level, l.message, l.requestId, l.error])).toEqual([
      ['error', 'request failed', 'edge-42.abc', 'secret detail'],
      ['error', 'request failed', forged.headers['x-request-id'], 'secret detail'],
    ]);
    // ...and the server goes on serving.
    expect((await request(server.base, '/')).status).toBe(200);
  });

  it('answers a page cache that throws, and a handler that rejects, with 500', async () => {
    const log = captureLog();
    const cache = new PageCache({ maxBytes: 1024 });
    cache.lookup = () => {
      throw new Error('cache broke');
    };
    server = await startServer({ cache });
    const r = await request(server.base, '/posts/a');
    expect(r.status).toBe(500);
    expect(log[0]).toMatchObject({ message: 'request failed', requestId: r.headers['x-request-id'], error: 'cache broke' });
    await server.close();
    server = await startServer({
      page: () => {
        throw new Error('render broke');
      },
    });
    const rejected = await request(server.base, '/posts/b');
    expect(rejected.status).toBe(500);
    expect(rejected.headers['cache-control']).toBe('no-store');
    expect(log[1]).toMatchObject({ requestId: rejected.headers['x-request-id'], error: 'render broke' });
  });

  it('allows exactly the inline scripts an HTML page carries, the same on a cache hit, compressed after hashing', async () => {
    server = await startServer({ cache: new PageCache({ maxBytes: 1 << 20 }), page: () => ({ body: appPage }) });
    const miss = await request(server.base, '/', { headers: { 'accept-encoding': 'br' } });
    const hit = await request(server.base, '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(hit.headers['x-manifold-cache']).toBe('HIT');
    for (const r of [miss, hit]) {
      const csp = directives(r.headers['content-security-policy']);
      expect(new Set(csp.get('script-src'))).toEqual(new Set(["'self'", sha(themeScript), sha(flight), sha('(globalThis.TURBOPACK=[]).push(1)')]));
      expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
      expect(r.headers['content-security-policy']).not.toContain('unsafe-eval');
    }
    expect(miss.headers['content-encoding']).toBe('br');
    expect(miss.headers.vary).toBe('rsc, Accept-Encoding');
    expect(miss.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(miss.headers['content-length']).toBe(String(miss.body.length));
    expect(zlib.brotliDecompressSync(miss.body).toString()).toBe(appPage);
    expect(zlib.gunzipSync(hit.body).toString()).toBe(appPage);
  });

  it('hashes the inline scripts of a page whose last path segment has a dot (/page/1.5, /posts/v1.2)', async () => {
    server = await startServer({ page: () => ({ body: appPage }) });
    for (const url of ['/page/1.5', '/posts/v1.2']) {
      const r = await request(server.base, url);
      expect(new Set(directives(r.headers['content-security-policy']).get('script-src')), url).toEqual(new Set(["'self'", sha(themeScript), sha(flight), sha('(globalThis.TURBOPACK=[]).push(1)')]));
    }
    // A real static file still streams past the hashing, with the fixed policy.
    const js = await request(server.base, '/_islands/islands.js');
    expect(js.headers['content-security-policy']).toBe(contentSecurityPolicy());
  });

  it('compresses static text assets in the coding asked for (br too: Next gzips only), keeps hashed names a year', async () => {
    const script = `export const x = ${JSON.stringify('island '.repeat(500))};`;
    server = await startServer({
      page: (url) =>
        url.endsWith('.png')
          ? { type: 'image/png', body: 'P'.repeat(4000), control: 'public, max-age=0' }
          : url.includes('missing')
            ? { status: 404, type: 'text/plain; charset=utf-8', body: 'nope '.repeat(400), control: 'no-store' }
            : { type: url.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=UTF-8', body: script, control: 'public, max-age=0' },
    });
    for (const path of ['/_islands/islands-POZLT4QT.js', '/_islands/chunks/chunk-FDW53OEL.js', '/_islands/islands-MTIZW7YP.css', '/_next/static/chunks/3qnk2wsc73qm9.js']) {
      const br = await request(server.base, path, { headers: { 'accept-encoding': 'br' } });
      expect([br.status, br.headers['content-encoding'], br.headers['cache-control']], path).toEqual([200, 'br', 'public, max-age=31536000, immutable']);
      expect(zlib.brotliDecompressSync(br.body).toString(), path).toBe(script);
      expect(br.headers.vary).toContain('Accept-Encoding');
      const gz = await request(server.base, path, { headers: { 'accept-encoding': 'gzip, deflate' } });
      expect(zlib.gunzipSync(gz.body).toString(), path).toBe(script);
      expect((await request(server.base, path)).body.toString(), path).toBe(script);
      // HEAD says what a GET gets, with no body.
      const head = await request(server.base, path, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
      expect([head.headers['content-encoding'], head.headers['content-length'], head.body.length], path).toEqual(['br', String(br.body.length), 0]);
    }
    // The forwarders keep their names across builds, so they are not immutable; images and errors are left as they are.
    const forwarder = await request(server.base, '/_islands/islands.js', { headers: { 'accept-encoding': 'br' } });
    expect([forwarder.headers['content-encoding'], forwarder.headers['cache-control']]).toEqual(['br', 'public, max-age=0']);
    const png = await request(server.base, '/_islands/assets/plot-ABCDEFGH.png', { headers: { 'accept-encoding': 'br' } });
    expect([png.headers['content-encoding'], png.body.toString()]).toEqual([undefined, 'P'.repeat(4000)]);
    const missing = await request(server.base, '/_islands/missing-ABCDEFGH.js', { headers: { 'accept-encoding': 'br' } });
    expect([missing.status, missing.headers['cache-control']]).toEqual([404, 'no-store']);
  });

  it('answers a client that prefers br with br for the API and public files too; event streams still stream', async () => {
    const json = JSON.stringify({ results: Array.from({ length: 40 }, (_, i) => ({ slug: `post-${i}`, title: '경사하강법' })) });
    server = await startServer({
      page: (url) =>
        url.startsWith('/api/events') ? { type: 'text/event-stream', body: 'data: x\n\n'.repeat(200), control: 'no-store' } : url.endsWith('.png') ? { type: 'image/png', body: 'P'.repeat(4000) } : { type: url.endsWith('.webmanifest') ? 'application/manifest+json' : 'application/json', body: json, control: 'public, max-age=30' },
    });
    for (const path of ['/api/search?q=%EA%B2%BD', '/manifest.webmanifest']) {
      const r = await request(server.base, path, { headers: { 'accept-encoding': 'br' } });
      expect([r.status, r.headers['content-encoding'], r.headers['cache-control']], path).toEqual([200, 'br', 'public, max-age=30']);
      expect(zlib.brotliDecompressSync(r.body).toString(), path).toBe(json);
      expect(r.headers.vary).toContain('Accept-Encoding');
    }
    const stream = await request(server.base, '/api/events', { headers: { 'accept-encoding': 'br' } });
    expect([stream.headers['content-encoding'], stream.body.toString()]).toEqual([undefined, 'data: x\n\n'.repeat(200)]);
    const png = await request(server.base, '/icons/icon-512.png', { headers: { 'accept-encoding': 'br' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    // A client preferring gzip is left to Next (which gzips these itself); the stand-in here sends them plain.
    expect((await request(server.base, '/api/search?q=x', { headers: { 'accept-encoding': 'gzip' } })).body.toString()).toBe(json);
  });

  it('gives non-HTML the static policy, the admin frame-ancestors none, and HSTS only over https', async () => {
    server = await startServer({ page: (url) => (url === '/feed.xml' ? { type: 'application/rss+xml', body: '<rss/>' } : { body: appPage }) });
    const feed = await request(server.base, '/feed.xml');
    expect(feed.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(feed.headers['strict-transport-security']).toBeUndefined();
    const admin = await request(server.base, '/admin/posts');
    expect(directives(admin.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    expect(admin.headers['x-frame-options']).toBe('DENY');
    expect(admin.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(admin.headers['permissions-policy']).toContain('camera=()');
    await server.close();
    server = await startServer({ https: true });
    expect((await request(server.base, '/')).headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });

  it('reads inline scripts the way a browser does', () => {
    expect(inlineScriptHashes('<script type="module" src="/a.js"></script><script>a()</script><SCRIPT data-x=">">b()</SCRIPT ><script>a()</script>')).toEqual([sha('a()'), sha('b()')]);
  });

  it("finds the same scripts in a page's bytes as in its text, Korean, emoji and markup-like attributes around them", () => {
    const scripts = ['a()', 'window.__t = "분류 전체보기 😀 <b>";', '', "const s = '</scrip' + 't>'; // λ", '\n  x = 1;\n'];
    const attrs = ['', ' type="module"', " data-x='>' id=\"분류\"", ' nonce="n" data-ko="가>나"', ' src="/x.js"'];
    const html = scripts
      .map((body, i) => `<p class="본문">문단 ${i} 😀 é ∑</p><${i % 2 ? 'SCRIPT' : 'script'}${attrs[i]}>${body}</script${i === 3 ? ' ' : ''}>`)
      .join('\n');
    const fromText = inlineScriptHashes(html);
    expect(fromText).toEqual([sha('a()'), sha('window.__t = "분류 전체보기 😀 <b>";'), sha(''), sha("const s = '</scrip' + 't>'; // λ")]);
    expect(inlineScriptHashes(Buffer.from(html, 'utf8'))).toEqual(fromText);
  });
});

describe('conditional answers', () => {
  const page = () => ({ body: `<!DOCTYPE html><html><head><script>${themeScript}</script></head><body><p>${'본문 '.repeat(400)}</p></body></html>` });

  it('makes a weak ETag from the page and answers a revalidation 304 with the page\'s own policy and no body, page cache off', async () => {
    let asked: string | undefined = 'unset';
    const listener = createRequestListener({
      handle: (req, res) => {
        asked = req.headers['if-none-match'] as string | undefined;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('cache-control', 'public, s-maxage=60');
        res.end(page().body);
      },
    });
    const direct = http.createServer(listener);
    await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(direct.address() as AddressInfo).port}`;
    try {
      const first = await request(base, '/posts/a');
      expect(first.status).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag).toBe(`W/"${crypto.createHash('sha1').update(page().body).digest('base64url')}"`);
      for (const tag of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
        const again = await request(base, '/posts/a', { headers: { 'if-none-match': tag, 'accept-encoding': 'br' } });
        expect([again.status, again.body.length], tag).toEqual([304, 0]);
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
        expect(again.headers['cache-control']).toBe('public, s-maxage=60');
        expect(again.headers['content-type']).toBeUndefined();
        expect(again.headers['content-encoding']).toBeUndefined();
      }
      // Next never sees the validator: it would answer 304 itself where it makes ETags (next start, Vercel).
      expect(asked).toBeUndefined();
      const other = await request(base, '/posts/a', { headers: { 'if-none-match': 'W/"other"' } });
      expect([other.status, other.body.toString()]).toEqual([200, page().body]);
      // The same tag in every coding (weak: the same page, however it is sent).
      const br = await request(base, '/posts/a', { headers: { 'accept-encoding': 'br' } });
      expect([br.headers['content-encoding'], br.headers.etag]).toEqual(['br', etag]);
    } finally {
      direct.closeAllConnections();
      await new Promise((r) => direct.close(r));
    }
  });

  it('answers a revalidation of a cached page 304 from memory, with no render and no body', async () => {
    server = await startServer({ cache: new PageCache({ maxBytes: 1 << 20 }), page });
    const first = await request(server.base, '/posts/b', { headers: { 'accept-encoding': 'gzip' } });
    expect([first.status, first.headers['x-manifold-cache'], first.headers['content-encoding']]).toEqual([200, 'MISS', 'gzip']);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    for (const method of ['GET', 'HEAD']) {
      const again = await request(server.base, '/posts/b?utm_source=x', { method, headers: { 'if-none-match': etag, 'accept-encoding': 'gzip' } });
      expect([again.status, again.headers['x-manifold-cache'], again.body.length], method).toEqual([304, 'HIT', 0]);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
      expect(again.headers['content-encoding']).toBeUndefined();
    }
    const hit = await request(server.base, '/posts/b', { headers: { 'if-none-match': '"stale"' } });
    expect([hit.status, hit.headers['x-manifold-cache'], hit.headers.etag, hit.body.toString()]).toEqual([200, 'HIT', etag, page().body]);
    expect(server.renders).toEqual(['/posts/b']);
  });

  it('sends no policy with a 304, which would replace the hashes the browser stored with the page', async () => {
    server = await startServer({ page: () => ({ status: 304, body: '' }) });
    const r = await request(server.base, '/', { headers: { 'if-none-match': '"x"' } });
    expect(r.status).toBe(304);
    expect(r.headers['content-security-policy']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
