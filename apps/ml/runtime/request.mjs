// What both adapters of POST /api/ml/<model> (the Next route through apps/ml/inference.ts, the Node fast path in
// runtime/http.mjs) do with a request before the model runs, in one place and one order: decode the path (400),
// per-client rate limit (429), model (404), content type (415), body size (413), JSON depth and syntax (400), schema
// (400). Each adapter only supplies how to read its body and where its headers are.
import { checkDeclaredLength, checkJsonContentType, clientAddress, clip, createRateLimit, DEFAULT_ML_RATE_LIMIT, HttpError, parseJsonText, parseRateLimit, parseTrustedProxies, validate } from '../../../lib/http-guard.mjs';
import { isModelName, MODEL_NAMES, MODELS } from '../contract.mjs';


/**
 * @typedef {object} MlRequest
 * @property {string} segment the path segment after /api/ml/, still percent-encoded
 * @property {string | null | undefined} contentType
 * @property {string | null | undefined} contentLength
 * @property {string | undefined} peer the socket's remote address, when the adapter can see it
 * @property {string | null | undefined} forwardedFor the X-Forwarded-For header
 * @property {(maxBytes: number) => Promise<string>} readBody the body as text, refused (413) past maxBytes
 */

/**
 * @typedef {object} MlLimits
 * @property {ReturnType<typeof createRateLimit> | null} rate
 * @property {string[]} trustedProxies
 */

const KEY = Symbol.for('manifold.ml.limits');

/**
 * The process's rate limit and trusted proxies, from MANIFOLD_ML_RATE_LIMIT and MANIFOLD_TRUSTED_PROXIES (the same
 * parsers lib/settings.ts validates them with at start-up; this plain module cannot import lib/settings.ts). On
 * globalThis so the Next route and the fast path count a client's requests in one bucket.
 * @returns {MlLimits}
 */
export function mlLimits() {
  const g = /** @type {Record<symbol, MlLimits | undefined>} */ (/** @type {unknown} */ (globalThis));
  if (!g[KEY]) {
    const spec = parseRateLimit(process.env.MANIFOLD_ML_RATE_LIMIT, DEFAULT_ML_RATE_LIMIT);
    g[KEY] = { rate: spec && createRateLimit(spec), trustedProxies: parseTrustedProxies(process.env.MANIFOLD_TRUSTED_PROXIES) };
  }
  return g[KEY];
}

/**
 * Replaces the process's limits (tests; a setting changed at run time).
 * @param {{ rateLimit?: string, trustedProxies?: string }} settings
 */
export function configureMlLimits(settings) {
  const spec = parseRateLimit(settings.rateLimit, DEFAULT_ML_RATE_LIMIT);
  const g = /** @type {Record<symbol, MlLimits | undefined>} */ (/** @type {unknown} */ (globalThis));
  g[KEY] = { rate: spec && createRateLimit(spec), trustedProxies: parseTrustedProxies(settings.trustedProxies) };
}

/** @param {string} segment */
function decodeModelName(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'The model name in the path is not valid percent-encoding.');
  }
}

/**
 * Checks a request in the shared order and returns the model and its validated input.
 * @param {MlRequest} req
 * @returns {Promise<{ model: keyof typeof MODELS, input: unknown }>}
 */
export async function checkMlRequest(req) {
  const name = decodeModelName(req.segment);
  const limits = mlLimits();
  if (limits.rate) await limits.rate.consume(clientAddress(req.peer, req.forwardedFor, limits.trustedProxies), 'demo-model requests');
  if (!isModelName(name)) throw new HttpError(404, `No model named ${JSON.stringify(clip(name, 40))}. The models are: ${MODEL_NAMES.join(', ')}.`);
  const spec = MODELS[name];
  checkJsonContentType(req.contentType);
  checkDeclaredLength(req.contentLength, spec.maxBytes);
  const text = await req.readBody(spec.maxBytes);
  const input = validate(/** @type {import('zod').ZodType<unknown>} */ (spec.input), parseJsonText(text));
  return { model: name, input };
}
