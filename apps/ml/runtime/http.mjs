// The fast path for POST /api/ml/<model> on a Node host: server.mjs calls handleMlRequest() before Next's router,
// as it does for its page cache. It answers exactly like the Next route (app/api/ml/[model]/route.ts, which stays the
// canonical handler and serves every other host): same body limits, same zod schemas, same messages, same pool. It
// exists because a demo request costs the main thread ~0.1 ms here and ~1 ms through Next's router, and that
// difference is what keeps pages fast while readers play with the demos.
import { isModelName, MODEL_NAMES, MODELS } from '../contract.mjs';
import { inferenceService, isMlError, MlError } from './service.mjs';

const ROUTE = /^\/api\/ml\/([^/?#]+)\/?(?:\?.*)?$/;

/** Starts the worker threads now, so the models are loaded and warm before the first reader asks (about a second). */
export function startMlWorkers() {
  return inferenceService().whenReady();
}

/**
 * Handles the request if it is a demo-model call; returns false (touching nothing) otherwise.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
export function handleMlRequest(req, res) {
  if (req.method !== 'POST') return false;
  const match = ROUTE.exec(req.url ?? '');
  if (!match) return false;
  void serve(req, res, decodeURIComponent(match[1]));
  return true;
}

/**
 * lib/http.ts' describeZodError: where, what is wrong, what is expected.
 * @param {import('zod').ZodError} error
 */
export function describeZodError(error) {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'body';
  return `${where}: ${issue.message}`;
}

/**
 * The body as text, refused (413) when it is larger than maxBytes; lib/http.ts' readJson, on a Node request.
 * @param {import('node:http').IncomingMessage} req @param {number} maxBytes @returns {Promise<string>}
 */
function readBody(req, maxBytes) {
  const declared = Number(req.headers['content-length'] ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new MlError(413, `Body is ${declared} bytes; the limit is ${maxBytes}.`, { connection: 'close' }));
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new MlError(413, `Body is over the limit of ${maxBytes} bytes.`, { connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} name */
async function serve(req, res, name) {
  try {
    if (!isModelName(name)) throw new MlError(404, `No model named "${name}". The models are: ${MODEL_NAMES.join(', ')}.`);
    const spec = MODELS[name];
    const text = await readBody(req, spec.maxBytes);
    if (!text.trim()) throw new MlError(400, 'Body is empty; send a JSON object.');
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      throw new MlError(400, 'Body is not valid JSON.');
    }
    const parsed = /** @type {import('zod').ZodType} */ (spec.input).safeParse(data);
    if (!parsed.success) throw new MlError(400, describeZodError(parsed.error));
    const result = await inferenceService().run(name, parsed.data);
    send(res, 200, result.responseJson(name));
  } catch (err) {
    if (res.headersSent) return;
    if (isMlError(err)) {
      const e = /** @type {MlError} */ (err);
      send(res, e.status, { error: e.message }, e.headers);
    } else {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'unhandled error in ml fast path', url: req.url, error: /** @type {Error} */ (err)?.stack ?? String(err) })}\n`);
      send(res, 500, { error: 'Internal server error' });
    }
  }
}
