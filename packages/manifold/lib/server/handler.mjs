// The request listener of server.mjs, kept apart from Next so it can be tested with a stand-in handler: every
// request gets an answer (400 for a malformed path, 500 with a request id when a fast path throws), security
// headers, a Content-Security-Policy hashed from the page's own inline scripts, and the page cache (page-cache.mjs):
// fresh entries answered from memory, stale ones answered while one background request refreshes them, misses for
// a page already being rendered waiting for that render, and reader pages rendered without their tracking parameters.
import http from 'node:http';
import { normalizeIp, requestIdFrom } from '../http-guard.mjs';
import { logger } from '../log.mjs';
import { bufferTextResponse, COMPLETE_TEXT_TYPES, COMPRESSIBLE_TYPES } from './buffered-response.mjs';
import { compress, compressStatic, MIN_COMPRESS_BYTES, negotiateEncoding, varyOnEncoding } from './encoding.mjs';
import { REFRESH_HEADER, renderUrl, TARGET_CACHE_CONTROL } from './page-cache.mjs';
import { PAGE_SCRIPT_HASHES, contentSecurityPolicy, inlineScriptHashes, isAdminPath, securityHeaders } from './security.mjs';
import { ifNoneMatchHits, notModifiedHeaders, weakEtag } from './etag.mjs';

// Next's assets, the API and public files (scripts, styles, images, fonts) stream as Next sends them, compressed by
// Next; everything else — pages, including ones whose last segment has a dot (/page/1.5, /posts/v1.2), and the text
// documents (feed.xml, sitemap.xml, robots.txt) — is held back to be hashed, cached and compressed. A page that
// streamed past the hashing would get the fixed policy, which blocks its inline scripts.
const UNBUFFERED_PATHS = /^\/(?:_next|api)(?:\/|$)|\.(?:m?js|css|map|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|eot|json|wasm|bin|webmanifest|pdf|mp4|webm|zip|gz)$/i;

// Build outputs whose names carry a hash of their content: Next's chunks and the islands bundle (lib/islands/build.ts
// names every file it writes <name>-<hash>). Their text is compressed here (Next only gzips, and only what it is asked
// to), once per process, and a hashed name is cached for a year without asking again.
const STATIC_ASSETS = /^\/(?:_next\/static|_islands)\/.*\.(?:m?js|css|map|svg|json|txt|xml|webmanifest)$/i;
// Text the API and public files send (see render): binary answers (images, the OG cards, fonts) never pass through
// the holding wrapper, which a streamed body of unknown length (next/og's) did not get past.
const TEXT_FILES = /^\/api\/|\.(?:m?js|css|map|svg|json|txt|xml|webmanifest)$/i;
const HASHED_NAME = /^\/(?:_next\/static\/|_islands\/(?:.*\/)?[^/]*-[A-Z0-9]{8}\.[a-z0-9]+$)/;
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The headers only a trusted proxy may set (MANIFOLD_TRUSTED_PROXIES). */
const FORWARDED_FROM_PROXY = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];
/** A response a shared cache may keep (the reader pages' READER_CACHE_CONTROL). */
const SHAREABLE = /(?:^|[,\s])s-maxage=\d/;

/**
 * For a configured proxy (nginx's micro-cache, deploy/nginx/manifold.conf): a shareable page may be kept there until
 * the end of the second it was answered in, and no longer: X-Accel-Expires, an at sign and that second's Unix time,
 * which nginx reads and never passes on. nginx's own `proxy_cache_valid 1s` counts whole seconds from its clock, so
 * an entry would live 1 to 2 s and a publish could show through nginx only after up to 2 s; this way what nginx
 * serves is never older than the instances' content (purged on every change) by more than a second.
 * @param {import('node:http').ServerResponse} res
 */
function limitProxyKeeping(res) {
  const writeHead = res.writeHead;
  res.writeHead = /** @type {any} */ (
    (/** @type {number} */ status, /** @type {any[]} */ ...rest) => {
      const fields = rest.at(-1);
      const given = fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields['cache-control'] ?? fields['Cache-Control']) : undefined;
      if (SHAREABLE.test(String(given ?? res.getHeader('cache-control') ?? ''))) res.setHeader('x-accel-expires', `@${Math.floor(Date.now() / 1000)}`);
      return writeHead.call(res, status, ...rest);
    }
  );
}

/**
 * The request's id: the client's (a proxy's) `x-request-id` when it is a plain token, else a fresh one.
 * @param {import('node:http').IncomingMessage} req
 */
export function requestIdFor(req) {
  return requestIdFrom(req.headers['x-request-id']);
}

/**
 * The decoded path of an origin-form request target, or null when it is not one or its percent-encoding is bad.
 * @param {unknown} url
 */
export function requestPath(url) {
  if (typeof url !== 'string' || !url.startsWith('/')) return null;
  const end = url.search(/[?#]/);
  const raw = end < 0 ? url : url.slice(0, end);
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * @param {{
 *   handle: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown,
 *   cache?: import('./page-cache.mjs').PageCache | null,
 *   fastPath?: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean) | null,
 *   https?: boolean,
 *   trustedProxies?: string[],
 * }} options handle is Next's request handler; fastPath answers what it recognises (the apps' fast endpoints,
 *   lib/endpoint.mjs' nodeHandler): synchronously true when it has taken the request, false to pass it on
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createRequestListener({ handle, cache = null, fastPath = null, https = false, trustedProxies = [] }) {
  const trusted = new Set(trustedProxies.map(normalizeIp));
  // The headers every answer starts with, the CSP's default included, made once for this server rather than per
  // request (an HTML answer's CSP is then replaced by one with its own inline scripts' hashes).
  /** @param {boolean} admin @returns {readonly [string, string][]} */
  const baseHeaders = (admin) => Object.freeze([...Object.entries(securityHeaders({ admin, https })), ['content-security-policy', contentSecurityPolicy({ admin })]]);
  const readerBase = baseHeaders(false);
  const adminBase = baseHeaders(true);
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return (req, res) => {
    const requestId = requestIdFor(req);
    // Next's route handlers see the same id (lib/endpoint.mjs puts it in a 500's answer and its log line).
    req.headers['x-request-id'] = requestId;
    // The socket's address ends X-Forwarded-For before anything reads it. Next's route handlers cannot see the socket
    // and read the client from this header (clientAddress in lib/http-guard.mjs walks it from the right, past trusted
    // proxies only); Next fills it in only when it is absent, so a client that reached this server directly could
    // otherwise name any address it liked and get a fresh rate-limit budget per request. Now its own entries sit left
    // of the real one, where only a configured proxy's word is taken.
    const peer = req.socket.remoteAddress;
    // Which host and scheme the client asked for is a proxy's word only when a configured proxy says it: from anyone
    // else these are dropped (Next then fills in the request's own), so a same-site check (the admin's, the
    // comments') or a link built from them cannot be steered by a client's header.
    const viaProxy = !!peer && trusted.has(normalizeIp(peer));
    if (!viaProxy) for (const h of FORWARDED_FROM_PROXY) delete req.headers[h];
    if (viaProxy && (req.method === 'GET' || req.method === 'HEAD')) limitProxyKeeping(res);
    if (peer) {
      const given = req.headers['x-forwarded-for'];
      const list = Array.isArray(given) ? given.join(', ') : given;
      req.headers['x-forwarded-for'] = list ? `${list}, ${peer}` : peer;
    }
    let admin = false;
    const setBaseHeaders = () => {
      res.setHeader('x-request-id', requestId);
      for (const [k, v] of admin ? adminBase : readerBase) res.setHeader(k, v);
    };
    /**
     * Ends the response with a message (JSON `{error}` under /api, as every API answers; text elsewhere), whatever wrappers sit on it.
     * @param {number} status @param {string} message
     */
    const answer = (status, message) => {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      setBaseHeaders();
      const api = /^\/api(?:[/?#]|$)/.test(req.url ?? '');
      const body = api ? JSON.stringify({ error: message }) : `${message}\n`;
      const type = api ? 'application/json' : 'text/plain; charset=utf-8';
      http.ServerResponse.prototype.writeHead.call(res, status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      http.ServerResponse.prototype.end.call(res, req.method === 'HEAD' ? '' : body, 'utf8');
    };
    /** @param {unknown} err */
    const fail = (err) => {
      logger.error('request failed', { requestId, method: req.method, url: req.url, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
      if (res.headersSent) res.destroy();
      else answer(500, `Internal server error (request id ${requestId}).`);
    };

    try {
      const path = requestPath(req.url);
      if (path === null) {
        setBaseHeaders();
        answer(400, 'Bad request: the path is not a valid percent-encoded URL path.');
        return;
      }
      admin = isAdminPath(path);
      setBaseHeaders();
      // This process's own refresh of a stale page (PageCache.refresh): rendered as a miss, whatever is stored.
      // It keeps the targeted Cache-Control in its answer, for a refresh that reaches another process to store.
      const refreshAsked = req.headers[REFRESH_HEADER] !== undefined;
      const refreshing = cache ? cache.isRefresh(req) : (delete req.headers[REFRESH_HEADER], false);
      if (fastPath?.(req, res)) return;
      const cacheable = cache?.cacheable(req) ?? false;
      if (!cache || !cacheable) return render(null, refreshAsked);
      const key = cache.key(req.url);
      if (!refreshing) {
        const found = cache.lookup(key);
        if (found) {
          cache.answer(req, res, key, found.entry, found.state === 'fresh' ? 'HIT' : 'STALE');
          if (found.state === 'stale') cache.refresh(req, key, found.entry);
          return;
        }
        if (req.method === 'GET') cache.misses++;
        const inFlight = cache.pending.get(key);
        if (inFlight) {
          cache.coalesced++;
          inFlight.then(() => {
            if (res.destroyed) return;
            const done = cache.lookup(key);
            // The render stored nothing (an error page, a cookie, a purge meanwhile): this request renders its own.
            if (done) cache.answer(req, res, key, done.entry, 'WAITED');
            else render(key, false);
          }).catch(fail);
          return;
        }
      }
      render(key, refreshAsked);
    } catch (err) {
      fail(err);
    }

    /**
     * Hands the request to Next; HTML and text come back through bufferTextResponse to be hashed, stored under
     * `key` (when not null) and compressed once, in the coding asked for, off the main thread.
     * @param {string | null} key @param {boolean} keepTarget
     */
    function render(key, keepTarget) {
      try {
        const path = requestPath(req.url) ?? '/';
        // Reader pages are rendered from their key, cached or not: the tracking parameters never reach Next.
        req.url = cache ? cache.renderUrl(req.url ?? '/') : renderUrl(req.url ?? '/');
        if (req.method === 'GET' && !UNBUFFERED_PATHS.test(path)) {
          const generation = cache?.generation ?? 0;
          // A GET that fills the cache is the render others wait for (the refresh registered its own).
          const end = cache && key !== null && !cache.pending.has(key) ? cache.begin(key) : () => {};
          res.once('close', end);
          const accept = req.headers['accept-encoding'];
          // Next compresses what it is allowed to; the body must reach us plain to be hashed, stored and compressed once.
          delete req.headers['accept-encoding'];
          // The validator is made here (etag.mjs), so the revalidation is answered here too.
          const asked = req.headers['if-none-match'];
          delete req.headers['if-none-match'];
          bufferTextResponse(
            res,
            (complete) => {
              if (complete.status === 200 && complete.headers.etag === undefined) complete.headers.etag = weakEtag(complete.body);
              if (String(complete.headers['content-type'] ?? '').startsWith('text/html')) {
                complete.headers['content-security-policy'] = contentSecurityPolicy({ scriptHashes: /** @type {any} */ (res)[PAGE_SCRIPT_HASHES] ?? inlineScriptHashes(complete.body), admin });
              }
              const stored = cache && key !== null ? cache.admit(key, complete, generation) : null;
              end();
              // Every answer to a cacheable request says where it came from (the benchmark's hit rate reads it).
              if (key !== null) complete.headers['x-manifold-cache'] = 'MISS';
              if (!keepTarget) delete complete.headers[TARGET_CACHE_CONTROL];
              if (complete.status === 200 && ifNoneMatchHits(asked, complete.headers.etag)) return { status: 304, headers: notModifiedHeaders(complete.headers), body: Buffer.alloc(0) };
              return encode(accept, complete, stored && cache ? (coding) => cache.encoded(/** @type {string} */ (key), stored, coding) : null);
            },
            (err) => {
              end();
              fail(err);
            },
          );
        } else if ((req.method === 'GET' || req.method === 'HEAD') && STATIC_ASSETS.test(path) && req.headers.range === undefined) {
          const accept = req.headers['accept-encoding'];
          delete req.headers['accept-encoding'];
          // Next answers HEAD with the headers alone: it is asked for the body, so the headers say what a GET gets
          // (Node sends no body in answer to a HEAD: the response knew its request's method when it was made).
          if (req.method === 'HEAD') req.method = 'GET';
          bufferTextResponse(
            res,
            async (complete) => {
              if (!keepTarget) delete complete.headers[TARGET_CACHE_CONTROL];
              if (complete.status === 200 && HASHED_NAME.test(path)) complete.headers['cache-control'] = IMMUTABLE_CACHE_CONTROL;
              const version = `${path}\0${complete.headers.etag ?? complete.body.length}`;
              return complete.status === 200 ? encode(accept, complete, (coding) => compressStatic(version, complete.body, coding)) : complete;
            },
            fail,
            COMPRESSIBLE_TYPES,
          );
        } else if (req.method === 'GET' && req.headers.range === undefined && TEXT_FILES.test(path) && negotiateEncoding(req.headers['accept-encoding']) === 'br') {
          // The API's JSON and the other public files (the web manifest, icons): Next gzips them when it may, never in
          // brotli; a client that prefers br gets it here. Event streams, images and encoded bodies still stream.
          const accept = req.headers['accept-encoding'];
          delete req.headers['accept-encoding'];
          bufferTextResponse(
            res,
            (complete) => {
              if (!keepTarget) delete complete.headers[TARGET_CACHE_CONTROL];
              return encode(accept, complete, null);
            },
            fail,
            COMPLETE_TEXT_TYPES,
          );
        } else if (!keepTarget) {
          // Streamed answers (HEAD, assets) never carry the targeted Cache-Control out either.
          const writeHead = res.writeHead;
          res.writeHead = /** @type {any} */ ((/** @type {any[]} */ ...args) => {
            res.removeHeader(TARGET_CACHE_CONTROL);
            return writeHead.apply(res, /** @type {any} */ (args));
          });
        }
        Promise.resolve(handle(req, res)).catch(fail);
      } catch (err) {
        fail(err);
      }
    }
  };
}

/**
 * The complete response, compressed as the client accepts: in the threadpool, only in that coding, and through the
 * page cache when it stored the page (`stored`), so the compressed body is kept for the next client asking for it.
 * @param {string | undefined} accept @param {import('./buffered-response.mjs').Complete} complete
 * @param {((coding: 'br' | 'gzip') => Promise<Buffer>) | null} stored
 * @returns {Promise<import('./buffered-response.mjs').Complete>}
 */
async function encode(accept, complete, stored) {
  const headers = { ...complete.headers, vary: varyOnEncoding(complete.headers.vary) };
  const coding = negotiateEncoding(accept);
  if (coding === null) {
    return { status: 406, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: Buffer.from('No acceptable content-coding: br, gzip or identity.\n') };
  }
  if (coding === 'identity' || complete.body.length < MIN_COMPRESS_BYTES) return { ...complete, headers };
  const body = stored ? await stored(coding) : await compress(complete.body, coding);
  return { status: complete.status, headers: { ...headers, 'content-encoding': coding }, body };
}
