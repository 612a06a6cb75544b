// An in-memory cache of rendered reader pages, filled from Next's own responses. Only anonymous GETs of
// HTML that Next marks shared-cacheable (s-maxage) are kept, for as long as s-maxage says; a stale entry
// is not served, so the next request goes to Next, which re-renders and refills it. Bodies are stored
// gzip- and brotli-compressed once, so a hit costs no rendering and no compression.
import zlib from 'node:zlib';
import { negotiateEncoding, varyOnEncoding } from './encoding.mjs';

const BYPASS_HEADERS = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-action', 'x-nextjs-data', 'authorization', 'range'];
const BYPASS_PATHS = /^\/(?:_next|api|admin)(?:[/?]|$)/;
// Per-request or hop-by-hop: never replayed to another visitor.
const UNSTORED_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date', 'x-request-id', 'set-cookie']);
// The query parameters reader pages read, by route: only search reads one (`q`, under /search, /ko/search, /en/search).
// Anything else (utm_*, fbclid, ?bust=N, or `q` on another page) names the same page, so it must neither miss nor push
// real pages out. Search pages are shared-cacheable (s-maxage like every reader page), one entry per `q`;
// MAX_VARIANTS keeps one page's variants from filling the cache.
export const PAGE_QUERY_PARAMS = [{ path: /^(?:\/[a-z]{2})?\/search\/?$/, params: ['q'] }];
export const MAX_VARIANTS = 32;

/**
 * @typedef {{ status: number, headers: Record<string, any>, body: Buffer }} Complete
 * @typedef {{ status: number, headers: Record<string, any>, body: Buffer, gzip: Buffer, br: Buffer, expires: number, size: number }} Entry
 */

export class PageCache {
  /** @param {{ maxBytes: number, now?: () => number, queryParams?: Array<{ path: RegExp, params: string[] }> }} options */
  constructor({ maxBytes, now = Date.now, queryParams = PAGE_QUERY_PARAMS }) {
    this.maxBytes = maxBytes;
    this.now = now;
    this.queryParams = queryParams;
    this.bytes = 0;
    /** @type {Map<string, Entry>} insertion order is LRU order, oldest first */
    this.entries = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  /** The page a URL names: its path plus the parameters pages read, in a fixed order. */
  key(url = '/') {
    const mark = url.indexOf('?');
    if (mark < 0) return url;
    const path = url.slice(0, mark);
    const read = this.queryParams.find((r) => r.path.test(path))?.params ?? [];
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
   * Answers the request from memory if a fresh entry exists; returns false, having written nothing, otherwise.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  serve(req, res) {
    if (!this.cacheable(req)) return false;
    const key = this.key(req.url);
    const entry = this.entries.get(key);
    if (!entry) {
      if (req.method === 'GET') this.misses++;
      return false;
    }
    if (entry.expires <= this.now()) {
      this.drop(key);
      if (req.method === 'GET') this.misses++;
      return false;
    }
    // Refresh its place in the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    if (!encoding) {
      res.writeHead(406, { 'content-type': 'text/plain; charset=utf-8', vary: 'Accept-Encoding', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : 'No acceptable content-coding: this page is available as br, gzip or identity.');
      return true;
    }
    const body = encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : entry.body;
    /** @type {Record<string, any>} */
    const headers = { ...entry.headers, 'content-length': body.length, 'x-manifold-cache': 'HIT' };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    res.writeHead(entry.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  /**
   * Stores a complete response from Next under `key` if it may be shared: 200, HTML, s-maxage, no cookie.
   * @param {string} key @param {Complete} complete
   */
  consider(key, { status, headers, body }) {
    const control = String(headers['cache-control'] ?? '');
    const maxAge = /(?:^|[,\s])s-maxage=(\d+)/.exec(control);
    if (status !== 200 || !maxAge || Number(maxAge[1]) <= 0) return false;
    if (/(?:^|[,\s])(?:private|no-store)\b/.test(control)) return false;
    if (!String(headers['content-type'] ?? '').startsWith('text/html') || headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return false;
    this.store(key, status, headers, body, Number(maxAge[1]));
    return true;
  }

  /** @param {string} key @param {number} status @param {Record<string, any>} rawHeaders @param {Buffer} body @param {number} seconds */
  store(key, status, rawHeaders, body, seconds) {
    /** @type {Record<string, any>} */
    const headers = {};
    for (const [k, v] of Object.entries(rawHeaders)) if (!UNSTORED_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
    headers.vary = varyOnEncoding(headers.vary);
    const gzip = zlib.gzipSync(body, { level: 6 });
    const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    const entry = { status, headers, body, gzip, br, expires: this.now() + seconds * 1000, size: body.length + gzip.length + br.length };
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += entry.size;
    const mark = key.indexOf('?');
    if (mark >= 0) {
      const prefix = key.slice(0, mark + 1);
      const variants = [...this.entries.keys()].filter((k) => k.startsWith(prefix));
      for (const k of variants.slice(0, Math.max(0, variants.length - MAX_VARIANTS))) this.drop(k);
    }
    // Oldest first; an entry larger than the whole cache ends up evicting itself too.
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

  /** Forget everything: content changed (a post, category or tag was saved). */
  clear() {
    this.entries.clear();
    this.bytes = 0;
  }
}
