// The request listener of server.mjs, kept apart from Next so it can be tested with a stand-in handler: every
// request gets an answer (400 for a malformed path, 500 with a request id when a fast path throws), security
// headers, a Content-Security-Policy hashed from the page's own inline scripts, and the page cache.
import http from 'node:http';
import { requestIdFrom } from '../http-guard.mjs';
import { logger } from '../log.mjs';
import { bufferTextResponse } from './buffered-response.mjs';
import { compress, negotiateEncoding, varyOnEncoding } from './encoding.mjs';
import { contentSecurityPolicy, inlineScriptHashes, isAdminPath, securityHeaders } from './security.mjs';

// Smaller bodies gain less from compression than its headers cost.
const MIN_COMPRESS_BYTES = 1024;
// Next's assets, the API and public files (scripts, styles, images, fonts) stream as Next sends them, compressed by
// Next; everything else — pages, including ones whose last segment has a dot (/page/1.5, /posts/v1.2), and the text
// documents (feed.xml, sitemap.xml, robots.txt) — is held back to be hashed, cached and compressed. A page that
// streamed past the hashing would get the fixed policy, which blocks its inline scripts.
const UNBUFFERED_PATHS = /^\/(?:_next|api)(?:\/|$)|\.(?:m?js|css|map|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|eot|json|wasm|bin|webmanifest|pdf|mp4|webm|zip|gz)$/i;

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
 * }} options handle is Next's request handler; fastPath answers what it recognises (the apps' fast endpoints,
 *   lib/endpoint.mjs' nodeHandler): synchronously true when it has taken the request, false to pass it on
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createRequestListener({ handle, cache = null, fastPath = null, https = false }) {
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return (req, res) => {
    const requestId = requestIdFor(req);
    // Next's route handlers see the same id (lib/endpoint.mjs puts it in a 500's answer and its log line).
    req.headers['x-request-id'] = requestId;
    let admin = false;
    const setBaseHeaders = () => {
      res.setHeader('x-request-id', requestId);
      for (const [k, v] of Object.entries(securityHeaders({ admin, https }))) res.setHeader(k, v);
      res.setHeader('content-security-policy', contentSecurityPolicy({ admin }));
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
      if (fastPath?.(req, res)) return;
      if (cache?.serve(req, res)) return;
      if (req.method === 'GET' && !UNBUFFERED_PATHS.test(path)) {
        const cacheKey = cache?.cacheable(req) ? cache.key(req.url) : null;
        const accept = req.headers['accept-encoding'];
        // Next compresses what it is allowed to; the body must reach us plain to be hashed, stored and compressed once.
        delete req.headers['accept-encoding'];
        bufferTextResponse(
          res,
          (complete) => {
            if (String(complete.headers['content-type'] ?? '').startsWith('text/html')) {
              complete.headers['content-security-policy'] = contentSecurityPolicy({ scriptHashes: inlineScriptHashes(complete.body.toString('utf8')), admin });
            }
            if (cacheKey !== null) cache?.consider(cacheKey, complete);
            return encode(accept, complete);
          },
          fail,
        );
      }
      Promise.resolve(handle(req, res)).catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * The complete response, compressed as the client accepts.
 * @param {string | undefined} accept @param {import('./buffered-response.mjs').Complete} complete
 * @returns {import('./buffered-response.mjs').Complete}
 */
function encode(accept, complete) {
  const headers = { ...complete.headers, vary: varyOnEncoding(complete.headers.vary) };
  const coding = negotiateEncoding(accept);
  if (coding === null) {
    return { status: 406, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: Buffer.from('No acceptable content-coding: br, gzip or identity.\n') };
  }
  if (coding === 'identity' || complete.body.length < MIN_COMPRESS_BYTES) return { ...complete, headers };
  return { status: complete.status, headers: { ...headers, 'content-encoding': coding }, body: compress(complete.body, coding) };
}
