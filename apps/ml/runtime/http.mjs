// The fast path for POST /api/ml/<model> on a Node host: server.mjs calls handleMlRequest() before Next's router,
// as it does for its page cache. It answers exactly like the Next route (app/api/ml/[model]/route.ts, which stays the
// canonical handler and serves every other host): the same checks (runtime/request.mjs), schemas, messages and pool. It
// exists because a demo request costs the main thread ~0.1 ms here and ~1 ms through Next's router, and that
// difference is what keeps pages fast while readers play with the demos.
import { BodyLimit, isHttpError } from '../../../lib/http-guard.mjs';
import { checkMlRequest } from './request.mjs';
import { inferenceService, isMlError } from './service.mjs';

const ROUTE = /^\/api\/ml\/([^/?#]+)\/?(?:\?.*)?$/;

/** Starts the worker threads now, so the models are loaded and warm before the first reader asks (about a second). */
export function startMlWorkers() {
  return inferenceService().whenReady();
}

/**
 * Handles the request if it is a demo-model call; returns false (touching nothing) otherwise. Never throws: every
 * refusal, a malformed path included, is answered.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
export function handleMlRequest(req, res) {
  if (req.method !== 'POST') return false;
  const match = ROUTE.exec(req.url ?? '');
  if (!match) return false;
  void serve(req, res, match[1]);
  return true;
}

/**
 * The body as text, refused (413) past maxBytes; the rest of a refused upload is drained, and the connection closed
 * after the answer (the 413 carries Connection: close).
 * @param {import('node:http').IncomingMessage} req @param {number} maxBytes @returns {Promise<string>}
 */
function readBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const body = new BodyLimit(maxBytes);
    req.on('data', (/** @type {Buffer} */ chunk) => {
      try {
        body.add(chunk);
      } catch (err) {
        req.removeAllListeners('data');
        req.resume();
        reject(err);
      }
    });
    req.on('end', () => resolve(body.text()));
    req.on('error', reject);
  });
}

/**
 * @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body an object, or JSON text
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} segment */
async function serve(req, res, segment) {
  try {
    const { model, input } = await checkMlRequest({
      segment,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      // A socket already gone has no address; 'unknown' then, never the client's own X-Forwarded-For.
      peer: req.socket.remoteAddress ?? 'unknown',
      forwardedFor: [req.headers['x-forwarded-for'] ?? []].flat().join(','),
      readBody: (maxBytes) => readBody(req, maxBytes),
    });
    const result = await inferenceService().run(model, input);
    send(res, 200, result.responseJson(model));
  } catch (err) {
    if (res.headersSent) return;
    if (isHttpError(err) || isMlError(err)) {
      const e = /** @type {{ status: number, message: string, headers: Record<string, string> }} */ (err);
      send(res, e.status, { error: e.message }, e.headers);
    } else {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'unhandled error in ml fast path', url: req.url?.slice(0, 200), error: /** @type {Error} */ (err)?.stack ?? String(err) })}\n`);
      send(res, 500, { error: 'Internal server error' });
    }
  }
}
