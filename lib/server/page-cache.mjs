// An in-memory cache of rendered reader pages, filled from Next's own responses. Only anonymous GETs of
// HTML that Next marks shared-cacheable (s-maxage) are kept, for as long as s-maxage says; a stale entry
// is not served, so the next request goes to Next, which re-renders and refills it. Bodies are stored
// gzip- and brotli-compressed once, so a hit costs no rendering and no compression.
import zlib from 'node:zlib';

const BYPASS_HEADERS = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-action', 'x-nextjs-data', 'authorization', 'range'];
const BYPASS_PATHS = /^\/(?:_next|api|admin)(?:\/|$)/;

export class PageCache {
  constructor({ maxBytes }) {
    this.maxBytes = maxBytes;
    this.bytes = 0;
    this.entries = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  /** Whether this request may be answered from, or fill, the cache. */
  cacheable(req) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (BYPASS_PATHS.test(req.url ?? '/')) return false;
    for (const h of BYPASS_HEADERS) if (req.headers[h] !== undefined) return false;
    // Signed-in people (the admin) see live pages.
    if (/(?:^|;\s*)(?:__Secure-)?next-auth\./.test(req.headers.cookie ?? '')) return false;
    return true;
  }

  serve(req, res) {
    if (!this.cacheable(req)) return false;
    const entry = this.entries.get(req.url);
    if (!entry) return false;
    if (entry.expires < Date.now()) {
      this.drop(req.url);
      return false;
    }
    // Refresh its place in the LRU order.
    this.entries.delete(req.url);
    this.entries.set(req.url, entry);
    this.hits++;
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepts) ? ['br', entry.br] : /\bgzip\b/.test(accepts) ? ['gzip', entry.gzip] : [null, entry.body];
    const headers = { ...entry.headers, 'content-length': body.length, 'x-manifold-cache': 'HIT' };
    if (encoding) headers['content-encoding'] = encoding;
    res.writeHead(entry.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  /** Tees Next's response into the cache when it turns out cacheable. */
  prepareFill(req, res) {
    if (req.method !== 'GET' || !this.cacheable(req)) return null;
    this.misses++;
    // Ask Next for an uncompressed body so it can be stored and compressed once here.
    delete req.headers['accept-encoding'];
    const chunks = [];
    let aborted = false;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const writeHead = res.writeHead.bind(res);
    let headFields = {};
    // Headers given to writeHead directly never show in getHeaders(); remember them.
    res.writeHead = (status, ...rest) => {
      const fields = rest.find((r) => r && typeof r === 'object');
      if (fields && !Array.isArray(fields)) for (const [k, v] of Object.entries(fields)) headFields[k.toLowerCase()] = v;
      return writeHead(status, ...rest);
    };
    res.write = (chunk, ...rest) => {
      if (chunk && !aborted) chunks.push(Buffer.from(chunk));
      return write(chunk, ...rest);
    };
    res.end = (chunk, ...rest) => {
      if (chunk && typeof chunk !== 'function' && !aborted) chunks.push(Buffer.from(chunk));
      // Stored before the last byte leaves, so the next request for this page already finds it.
      if (!aborted) this.maybeStore(req.url, res, { ...res.getHeaders(), ...headFields }, chunks);
      return end(chunk, ...rest);
    };
    return { abort: () => (aborted = true) };
  }

  maybeStore(url, res, headers, chunks) {
    const control = String(headers['cache-control'] ?? '');
    const maxAge = /s-maxage=(\d+)/.exec(control);
    if (res.statusCode !== 200 || !maxAge || Number(maxAge[1]) <= 0) return;
    if (!String(headers['content-type'] ?? '').startsWith('text/html') || headers['set-cookie'] || headers['content-encoding']) return;
    this.store(url, res.statusCode, headers, Buffer.concat(chunks), Number(maxAge[1]));
  }

  store(url, status, rawHeaders, body, seconds) {
    const headers = {};
    for (const [k, v] of Object.entries(rawHeaders)) if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date'].includes(k)) headers[k] = v;
    const vary = String(headers.vary ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    if (!vary.some((v) => v.toLowerCase() === 'accept-encoding')) vary.push('Accept-Encoding');
    headers.vary = vary.join(', ');
    const entry = {
      status,
      headers,
      body,
      gzip: zlib.gzipSync(body, { level: 6 }),
      br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
      expires: Date.now() + seconds * 1000,
    };
    entry.size = body.length + entry.gzip.length + entry.br.length;
    this.drop(url);
    this.entries.set(url, entry);
    this.bytes += entry.size;
    for (const [key] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(key);
    }
  }

  drop(url) {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    this.bytes -= entry.size;
  }

  /** Forget everything: content changed (a post, category or tag was saved). */
  clear() {
    this.entries.clear();
    this.bytes = 0;
  }
}
