// An in-memory cache of rendered reader pages, filled from Next's own responses. Only anonymous GETs of HTML that
// Next marks shared-cacheable are kept. How long: the page's `Manifold-Cache-Control` (a targeted Cache-Control,
// RFC 9213, read by this cache alone and never sent on) when it has one, else its Cache-Control `s-maxage`; both
// with `stale-while-revalidate`. The blog asks for an hour fresh and a day stale (contrib/blog/cache.ts): every
// content change, scheduled publishing included, clears this cache at once (lib/cache.ts), so expiry is only a
// safety net, while outside caches that nobody purges (a CDN) still get a short s-maxage.
//
// A stale entry is answered at once while one background request renders the page again (a loopback request to
// this server carrying this process's refresh token); concurrent misses for one page wait for the one render in
// flight instead of each rendering it (request coalescing). Bodies are compressed lazily, once per coding a
// client asks for, in libuv's threadpool, and kept with the entry.
import crypto from 'node:crypto';
import http from 'node:http';
import { logger } from '../log.mjs';
import { compress, negotiateEncoding, varyOnEncoding } from './encoding.mjs';
import { ifNoneMatchHits, notModifiedHeaders } from './etag.mjs';
import { ownedBody } from './page-buffers.mjs';

const BYPASS_HEADERS = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-action', 'x-nextjs-data', 'authorization', 'range'];
const BYPASS_PATHS = /^\/(?:_next|api|admin)(?:[/?]|$)/;
/** The targeted Cache-Control this cache reads (and the only one that reads it). */
export const TARGET_CACHE_CONTROL = 'manifold-cache-control';
/** The header of a refresh request; its value is this process's token, so nobody outside can force renders. */
export const REFRESH_HEADER = 'x-manifold-refresh';
// Per-request, per-process or hop-by-hop: never replayed to another visitor (nor by another worker, which says its own
// x-manifold-worker).
const UNSTORED_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date', 'x-request-id', 'x-manifold-worker', 'set-cookie', 'x-manifold-cache', TARGET_CACHE_CONTROL]);
// What a refresh request does not copy from the request that found the entry stale: the visitor's identity,
// conditionals and codings (the refresh wants the full plain page) and hop-by-hop fields.
const UNCOPIED_REQUEST_HEADERS = new Set(['cookie', 'authorization', 'accept-encoding', 'if-none-match', 'if-modified-since', 'range', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-request-id', 'upgrade']);
/** After a refresh failed (5xx, no answer), the stale page is served this long before another refresh is tried. */
export const REFRESH_RETRY_SECONDS = 10;
/** A refresh that has not answered by then counts as failed. */
const REFRESH_TIMEOUT_MS = 30_000;

// The reader routes and the query parameters each reads: the one place that says so. A request to one of these has
// every other parameter (utm_*, fbclid, ?bust=N, `q` off the search page) removed before Next sees it, and its cache
// key is the path plus the parameters kept, so tracking parameters neither reach the render nor make a new page.
// Search reads `q` (and `page` for its later pages); the home page reads WordPress's `p` and `page_id`, old addresses of
// moved-in posts it answers with a 301 (the blog's legacy paths), so `/?p=123` is not served the home page. Other paths keep their query string for Next (accounts' ?next=, a token) and are
// keyed by path alone when their answer is shareable. contrib/blog/tests/urls.test.ts checks the blog's URL
// builders against this table. MAX_VARIANTS keeps one page's variants (search queries) from filling the cache.
export const PAGE_QUERY_PARAMS = [
  { path: /^(?:\/[a-z]{2})?\/search\/?$/, params: ['q', 'page'] },
  { path: /^(?:\/(?:ko|en))?\/?$/, params: ['p', 'page_id'] },
  { path: /^(?:\/[a-z]{2})?\/(?:posts|category|tag|page)\/[^?]+$/, params: [] },
];
export const MAX_VARIANTS = 32;

/**
 * The page a URL names: its path plus the parameters its route reads (none off the table), in a fixed order.
 * @param {string} url @param {Array<{ path: RegExp, params: string[] }>} [table]
 */
export function pageKey(url = '/', table = PAGE_QUERY_PARAMS) {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const path = url.slice(0, mark);
  const read = table.find((r) => r.path.test(path))?.params ?? [];
  if (!read.length) return path;
  const params = new URLSearchParams(url.slice(mark + 1));
  const kept = new URLSearchParams();
  for (const name of [...read].sort()) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * The URL Next is given: a reader route's key (its undeclared parameters removed); any other URL as sent, since
 * a route off the table may read anything.
 * @param {string} url @param {Array<{ path: RegExp, params: string[] }>} [table]
 */
export function renderUrl(url, table = PAGE_QUERY_PARAMS) {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const path = url.slice(0, mark);
  return table.some((r) => r.path.test(path)) ? pageKey(url, table) : url;
}

/**
 * @typedef {{ status: number, headers: Record<string, any>, body: Buffer }} Complete
 * @typedef {{ status: number, headers: Record<string, any>, body: Buffer, gzip?: Buffer, br?: Buffer,
 *   compressing: Map<string, Promise<Buffer>>, expires: number, staleUntil: number, retryAt: number, size: number }} Entry
 * @typedef {{ fresh: number, stale: number }} Lifetime seconds
 */

/**
 * How long a response may be kept: its targeted Manifold-Cache-Control (max-age), else Cache-Control's s-maxage,
 * with the same header's stale-while-revalidate; null when it may not be shared.
 * @param {Record<string, any>} headers @returns {Lifetime | null}
 */
export function lifetimeOf(headers) {
  const control = String(headers['cache-control'] ?? '');
  if (/(?:^|[,\s])(?:private|no-store)\b/.test(control)) return null;
  const shared = /(?:^|[,\s])s-maxage=(\d+)/.exec(control);
  if (!shared || Number(shared[1]) <= 0) return null;
  const target = headers[TARGET_CACHE_CONTROL] === undefined ? null : String(headers[TARGET_CACHE_CONTROL]);
  const source = target ?? control;
  const fresh = target === null ? Number(shared[1]) : Number(/(?:^|[,\s])max-age=(\d+)/.exec(target)?.[1] ?? 0);
  if (fresh <= 0) return null;
  const stale = Number(/(?:^|[,\s])stale-while-revalidate=(\d+)/.exec(source)?.[1] ?? 0);
  return { fresh, stale };
}

export class PageCache {
  /**
   * @param {{ maxBytes: number, now?: () => number, queryParams?: Array<{ path: RegExp, params: string[] }>, maxFreshSeconds?: number, refreshToken?: string }} options
   *   maxFreshSeconds caps how long any page stays fresh (the benchmark forces expiries with it); refreshToken is
   *   shared by a cluster's workers (server.mjs), since a refresh may reach any of them; each process makes its own otherwise
   */
  constructor({ maxBytes, now = Date.now, queryParams = PAGE_QUERY_PARAMS, maxFreshSeconds = Infinity, refreshToken }) {
    this.maxBytes = maxBytes;
    this.now = now;
    this.queryParams = queryParams;
    this.bytes = 0;
    /** @type {Map<string, Entry>} insertion order is LRU order, oldest first */
    this.entries = new Map();
    /** @type {Entry | null} the entry last in the Map's order (the most recently used), while it is stored */
    this.newest = null;
    /** @type {Map<string, Promise<void>>} renders in flight, by key: misses for the same page wait for these */
    this.pending = new Map();
    /** Bumped by clear(): a render that began before a purge must not store what it saw. */
    this.generation = 0;
    /** Sent with refresh requests; only this process knows it. */
    this.refreshToken = typeof refreshToken === 'string' && refreshToken.length >= 32 ? refreshToken : crypto.randomBytes(24).toString('hex');
    this.maxFreshSeconds = maxFreshSeconds;
    // Counters (bench reads them through x-manifold-cache; tests directly).
    this.hits = 0;
    this.misses = 0;
    this.stale = 0;
    this.coalesced = 0;
    this.refreshes = 0;
    this.refreshFailures = 0;
    /** Pages another worker rendered, stored here (share()). */
    this.adopted = 0;
    /** @type {import('./broadcast.mjs').PageShare | null} */
    this.peers = null;
  }

  /**
   * Shares pages with the machine's other workers (a cluster's broadcast, broadcast.mjs): each page this process renders
   * and stores is offered to them, and theirs are stored here, so a page is rendered once per machine instead of once
   * per worker (a long tail of posts read now and then: each read would otherwise more often than not find the worker
   * that takes it without the page). What a peer sends is a page of the same epoch of purges as this cache's.
   * @param {import('./broadcast.mjs').PageShare} peers
   */
  share(peers) {
    this.peers = peers;
    peers.subscribe((page) => this.adopt(page));
  }

  /**
   * Stores a page another worker rendered, unless this cache has a fresher one of its own; its lifetime is the one it
   * was given there (the same clock), so it expires with the other worker's.
   * @param {import('./broadcast.mjs').SharedPage} page
   */
  adopt({ key, status, headers, body, expires, staleUntil, coding }) {
    if (typeof key !== 'string' || status !== 200 || !(body instanceof Uint8Array) || !headers || typeof headers !== 'object') return;
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (coding !== undefined) {
      // A compressed body of a page stored here: kept with it when it is the same page (its validator) and this cache
      // has not compressed it itself.
      const entry = this.entries.get(key);
      if ((coding !== 'br' && coding !== 'gzip') || !entry || entry.headers.etag === undefined || entry.headers.etag !== headers.etag || entry[coding] || entry.compressing.has(coding)) return;
      entry[coding] = buffer;
      entry.size += buffer.length;
      this.bytes += buffer.length;
      this.evict();
      return;
    }
    if (typeof expires !== 'number' || typeof staleUntil !== 'number' || !(expires > this.now()) || !(staleUntil >= expires)) return;
    const have = this.entries.get(key);
    if (have && have.expires >= expires) return;
    const entry = this.put(key, status, headers, buffer, expires, staleUntil);
    if (entry) this.adopted++;
  }

  /** The page a URL names: its path plus the parameters its route reads, in a fixed order. */
  key(url = '/') {
    return pageKey(url, this.queryParams);
  }

  /**
   * The URL Next gets: for a reader route, its key (undeclared parameters gone); anything else as sent.
   * @param {string} url
   */
  renderUrl(url) {
    return renderUrl(url, this.queryParams);
  }

  /**
   * Whether this request may be answered from, or fill, the cache.
   * @param {import('node:http').IncomingMessage} req
   */
  cacheable(req) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (BYPASS_PATHS.test(req.url ?? '/')) return false;
    for (const h of BYPASS_HEADERS) if (req.headers[h] !== undefined) return false;
    // Signed-in people (the admin) see live pages.
    if (/(?:^|;\s*)(?:__Secure-)?next-auth\./.test(req.headers.cookie ?? '')) return false;
    return true;
  }

  /**
   * Whether the request is this process's own refresh; removes the header either way, so Next never sees it.
   * @param {import('node:http').IncomingMessage} req
   */
  isRefresh(req) {
    const given = req.headers[REFRESH_HEADER];
    if (given === undefined) return false;
    delete req.headers[REFRESH_HEADER];
    if (typeof given !== 'string' || given.length !== this.refreshToken.length) return false;
    return crypto.timingSafeEqual(Buffer.from(given), Buffer.from(this.refreshToken));
  }

  /**
   * The entry stored under `key` and whether it is fresh or stale; null (the entry dropped) once past its stale time.
   * @param {string} key @returns {{ entry: Entry, state: 'fresh' | 'stale' } | null}
   */
  lookup(key) {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const now = this.now();
    if (entry.expires > now) return { entry, state: 'fresh' };
    if (entry.staleUntil > now) return { entry, state: 'stale' };
    this.drop(key);
    return null;
  }

  /**
   * Writes a stored entry as the response, in the coding the client asks for (compressed now if no one asked for
   * that coding before). `label` goes out as x-manifold-cache: HIT, STALE, or WAITED (a miss that waited for
   * another request's render); a cacheable request rendered for itself says MISS (handler.mjs).
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} key @param {Entry} entry @param {'HIT' | 'STALE' | 'WAITED'} label
   */
  answer(req, res, key, entry, label) {
    // Refresh its place in the LRU order, unless it is the most recently used already: moving it (a delete and a set
    // on the Map) on every hit of the same page made the Map rebuild its table each time, and in the production
    // server those tables outlived the young collections (V8's sampling heap profiler under the home page's load:
    // ~6 MB in 4 s of Map.prototype.delete's allocations freed only by full collections; none with this check).
    if (this.newest !== entry && this.entries.get(key) === entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = entry;
    }
    if (label === 'HIT') this.hits++;
    else if (label === 'STALE') this.stale++;
    // A browser revalidating the page it has: 304, no body (the stored page's validator, etag.mjs).
    if ((req.method === 'GET' || req.method === 'HEAD') && ifNoneMatchHits(req.headers['if-none-match'], entry.headers.etag)) {
      const headers = notModifiedHeaders(entry.headers);
      headers['x-manifold-cache'] = label;
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    if (!encoding) {
      res.writeHead(406, { 'content-type': 'text/plain; charset=utf-8', vary: 'Accept-Encoding', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : 'No acceptable content-coding: this page is available as br, gzip or identity.');
      return;
    }
    /** @param {Buffer} body @param {string} coding */
    const send = (body, coding) => {
      // Header by header onto the response, not an object spread from the entry's headers per answer: those objects
      // outlived the young collections (~485 bytes a hit moved to the old generation, freed only by full
      // collections; tests/promotion.test.ts), which grew the heap by MBs a second at cache-hit rates.
      for (const name in entry.headers) res.setHeader(name, entry.headers[name]);
      res.setHeader('content-length', body.length);
      res.setHeader('x-manifold-cache', label);
      if (coding !== 'identity') res.setHeader('content-encoding', coding);
      res.writeHead(entry.status);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (encoding === 'identity') return send(entry.body, 'identity');
    const ready = entry[encoding];
    if (ready) return send(ready, encoding);
    this.encoded(key, entry, encoding).then(
      (body) => !res.destroyed && send(body, encoding),
      // zlib does not fail on a Buffer; were it to, the plain page is still a right answer.
      () => !res.destroyed && send(entry.body, 'identity'),
    );
  }

  /**
   * The entry's body in `coding`: compressed once (concurrent askers share the one job), then kept with the entry
   * and counted in its size while the entry is still the one stored under `key`.
   * @param {string} key @param {Entry} entry @param {'br' | 'gzip'} coding @returns {Promise<Buffer>}
   */
  encoded(key, entry, coding) {
    const ready = entry[coding];
    if (ready) return Promise.resolve(ready);
    let job = entry.compressing.get(coding);
    if (!job) {
      job = compress(entry.body, coding).then((out) => {
        entry.compressing.delete(coding);
        entry[coding] = out;
        if (this.entries.get(key) === entry) {
          entry.size += out.length;
          this.bytes += out.length;
          this.evict();
          // The other workers have this page (offered when stored, before this): they take its compressed body too.
          this.peers?.offer({ key, status: entry.status, headers: { etag: entry.headers.etag }, body: out, expires: entry.expires, staleUntil: entry.staleUntil, coding });
        }
        return out;
      });
      entry.compressing.set(coding, job);
    }
    return job;
  }

  /**
   * Marks a render of `key` as in flight; misses for the same page wait on it. Returns the function that ends it
   * (idempotent; call it when the render stored its page, failed, or the client went away).
   * @param {string} key @returns {() => void}
   */
  begin(key) {
    /** @type {() => void} */
    let resolve = () => {};
    const done = new Promise((r) => (resolve = () => r(undefined)));
    this.pending.set(key, done);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (this.pending.get(key) === done) this.pending.delete(key);
      resolve();
    };
  }

  /**
   * Stores a complete response from Next under `key` if it may be shared (200, HTML, a shared lifetime, no cookie)
   * and no purge came since the render began (`generation`, read when it began); whether it did.
   * @param {string} key @param {Complete} complete @param {number} [generation]
   */
  consider(key, complete, generation = this.generation) {
    return this.admit(key, complete, generation) !== null;
  }

  /**
   * consider(), returning the entry stored (null when not), whose compressed bodies the miss then fills.
   * @param {string} key @param {Complete} complete @param {number} [generation]
   */
  admit(key, { status, headers, body }, generation = this.generation) {
    if (generation !== this.generation) return null;
    const lifetime = lifetimeOf(headers);
    if (status !== 200 || !lifetime) return null;
    if (!String(headers['content-type'] ?? '').startsWith('text/html') || headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return null;
    const entry = this.store(key, status, headers, body, Math.min(lifetime.fresh, this.maxFreshSeconds), lifetime.stale);
    if (entry && this.peers) this.peers.offer({ key, status, headers: entry.headers, body: entry.body, expires: entry.expires, staleUntil: entry.staleUntil });
    return entry;
  }

  /**
   * @param {string} key @param {number} status @param {Record<string, any>} rawHeaders @param {Buffer} body
   * @param {number} seconds fresh for this long @param {number} [staleSeconds] then served stale while refreshed for this long
   * @returns {Entry | null} null when it is larger than the whole cache
   */
  store(key, status, rawHeaders, body, seconds, staleSeconds = 0) {
    const expires = this.now() + seconds * 1000;
    return this.put(key, status, rawHeaders, body, expires, expires + staleSeconds * 1000);
  }

  /**
   * store() with the entry's times given (ms since the epoch).
   * @param {string} key @param {number} status @param {Record<string, any>} rawHeaders @param {Buffer} body
   * @param {number} expires @param {number} staleUntil @returns {Entry | null}
   */
  put(key, status, rawHeaders, body, expires, staleUntil) {
    /** @type {Record<string, any>} */
    const headers = {};
    for (const [k, v] of Object.entries(rawHeaders)) if (!UNSTORED_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
    headers.vary = varyOnEncoding(headers.vary);
    // A page the direct render wrote into a reused buffer is overwritten by a later page once its answer has closed:
    // the cache keeps a copy (page-buffers.mjs).
    body = ownedBody(body);
    /** @type {Entry} */
    const entry = { status, headers, body, compressing: new Map(), expires, staleUntil, retryAt: 0, size: body.length };
    this.drop(key);
    this.entries.set(key, entry);
    this.newest = entry;
    this.bytes += entry.size;
    const mark = key.indexOf('?');
    if (mark >= 0) {
      const prefix = key.slice(0, mark + 1);
      const variants = [...this.entries.keys()].filter((k) => k.startsWith(prefix));
      for (const k of variants.slice(0, Math.max(0, variants.length - MAX_VARIANTS))) this.drop(k);
    }
    this.evict();
    return this.entries.get(key) === entry ? entry : null;
  }

  /** Oldest first; an entry larger than the whole cache ends up evicting itself too. */
  evict() {
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** @param {string} key */
  drop(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  /** Forget everything: content changed (a post, category or tag was saved, a scheduled post went live). */
  clear() {
    this.generation++;
    this.entries.clear();
    this.newest = null;
    // Renders in flight saw the old content: they store nothing (generation), and new misses do not wait for them.
    this.pending.clear();
    this.bytes = 0;
  }

  /**
   * Renders a stale entry's page again in the background, once: a GET to this same server (the address the
   * request came in on) with the refresh token, which the request listener sends to Next as a miss that stores
   * its page. If it lands in another process (a cluster shares the listening socket), that process answers it
   * like any request and this one stores what comes back. A failure (5xx, no answer) keeps the stale page, logs,
   * and waits REFRESH_RETRY_SECONDS before trying again; a 3xx/4xx or an unshareable 200 drops it (the page
   * moved, went, or turned private), so the next request renders it.
   * @param {import('node:http').IncomingMessage} req the request that found the entry stale
   * @param {string} key @param {Entry} entry
   */
  refresh(req, key, entry) {
    if (this.pending.has(key) || entry.retryAt > this.now()) return;
    const address = req.socket?.localAddress;
    const port = req.socket?.localPort;
    if (!address || !port) return;
    this.refreshes++;
    const end = this.begin(key);
    const generation = this.generation;
    /** @type {Record<string, any>} */
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!UNCOPIED_REQUEST_HEADERS.has(k)) headers[k] = v;
    headers[REFRESH_HEADER] = this.refreshToken;
    /** @param {string} reason @param {Record<string, unknown>} [fields] */
    const failed = (reason, fields = {}) => {
      this.refreshFailures++;
      if (this.entries.get(key) === entry) entry.retryAt = this.now() + REFRESH_RETRY_SECONDS * 1000;
      logger.warn('page cache: refreshing a stale page failed; serving the stale one meanwhile', { key, reason, ...fields });
      end();
    };
    const out = http.request({ host: address, port, method: 'GET', path: key, headers, timeout: REFRESH_TIMEOUT_MS, agent: false }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (err) => failed('response aborted', { error: err.message }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 500) return failed('server error', { status });
        if (this.generation === generation && this.lookup(key)?.state !== 'fresh') {
          // Stored here unless a render in another process answered it; a page no longer shareable goes.
          const stored = this.admit(key, { status, headers: /** @type {Record<string, any>} */ (res.headers), body: Buffer.concat(chunks) }, generation);
          if (!stored && this.entries.get(key) === entry) this.drop(key);
        }
        end();
      });
    });
    out.on('timeout', () => out.destroy(new Error('no answer in time')));
    out.on('error', (err) => failed('request failed', { error: err.message }));
    out.end();
  }
}
