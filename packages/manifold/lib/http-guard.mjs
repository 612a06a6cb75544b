// The checks every JSON request goes through before its handler sees it (content type, body size, JSON depth, zod
// message, per-client rate limit, request id), in plain ESM with JSDoc types so the Next routes (through lib/http.ts, which
// re-exports it) and the Node fast paths in server.mjs run one implementation, not two copies kept in step.
import crypto from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

// Marks every HttpError, whichever copy of this module made it: Next bundles this file into its route handlers while
// server.mjs loads it from disk, and an error must be recognised by `instanceof` in either. A registered symbol is
// the same in every copy and cannot come from a request body, so it is not the name check it replaces.
const BRAND = Symbol.for('manifold.http-error');

/** A refusal with an HTTP status, a message a person can act on, and headers (Retry-After, Allow, Connection). */
export class HttpError extends Error {
  /** @param {number} status @param {string} message @param {Record<string, string>} [headers] */
  constructor(status, message, headers = {}) {
    super(message);
    this.name = 'HttpError';
    /** @readonly */
    this.status = status;
    /** @readonly */
    this.headers = headers;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `err instanceof HttpError` holds for an HttpError from any copy of this module. @param {unknown} value */
  static [Symbol.hasInstance](value) {
    if (this !== HttpError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && /** @type {Record<symbol, unknown>} */ (value)[BRAND] === true;
  }
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * The request's id: the one a proxy (or server.mjs, for the Next routes behind it) sent when it is a plain token,
 * else a fresh one. It goes into the log line and the answer of a failed request, so an operator can find one from
 * the other. @param {string | string[] | null | undefined} given
 */
export function requestIdFrom(given) {
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

export const DEFAULT_MAX_BYTES = 1_000_000;
/** Deeper than any body the app's schemas accept (the deepest is 3), far below what would strain a parser or zod. */
export const DEFAULT_MAX_DEPTH = 32;

/** At most n characters of a string that may come from outside, marked when cut. @param {string} s @param {number} n */
export const clip = (s, n) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Refuses (415) anything but `application/json`, optionally with a UTF-8 charset: simple form posts (text/plain,
 * urlencoded, multipart) from other sites then cannot drive the API, since a browser preflights JSON.
 * @param {string | null | undefined} value the Content-Type header
 */
export function checkJsonContentType(value) {
  const [type = '', ...params] = String(value ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (type === 'application/json' && (charset === undefined || charset === 'utf-8' || charset === 'utf8')) return;
  const got = type ? `"${clip(type, 60)}"${charset && type === 'application/json' ? ` with charset ${clip(charset, 20)}` : ''}` : 'none';
  throw new HttpError(415, `Send the body as JSON with "Content-Type: application/json" (UTF-8); got ${got}.`);
}

/** Refuses (413) a body whose declared length is over the limit, before reading it. @param {string | null | undefined} value @param {number} maxBytes */
export function checkDeclaredLength(value, maxBytes) {
  const declared = Number(value ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, `Body is ${declared} bytes; the limit is ${maxBytes}.`, { connection: 'close' });
}

/** Collects a body's chunks and refuses (413) the one that takes it over the limit. */
export class BodyLimit {
  /** @param {number} maxBytes */
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.size = 0;
    /** @type {Uint8Array[]} */
    this.chunks = [];
  }

  /** @param {Uint8Array} chunk */
  add(chunk) {
    this.size += chunk.byteLength;
    if (this.size > this.maxBytes) throw new HttpError(413, `Body is over the limit of ${this.maxBytes} bytes.`, { connection: 'close' });
    this.chunks.push(chunk);
  }

  text() {
    return this.bytes().toString('utf8');
  }

  bytes() {
    return Buffer.concat(this.chunks);
  }
}

/**
 * True when the JSON text nests arrays/objects deeper than maxDepth. One pass over the text, before JSON.parse, so a
 * 60,000-deep array never reaches the parser, zod, or a message that would stringify it.
 * @param {string} text @param {number} maxDepth
 */
export function jsonTooDeep(text, maxDepth) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * Body text → value: empty, too deep and malformed bodies are a 400 with a sentence saying which.
 * @param {string} text @param {{ maxDepth?: number }} [opts] @returns {unknown}
 */
export function parseJsonText(text, opts = {}) {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!text.trim()) throw new HttpError(400, 'Body is empty; send a JSON object.');
  if (jsonTooDeep(text, maxDepth)) throw new HttpError(400, `Body nests arrays and objects more than ${maxDepth} levels deep.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Body is not valid JSON.');
  }
}

/**
 * Explains the first problem in a zod error in one sentence: where, what is wrong, what is expected. Only the path and
 * the schema's message are used, each clipped, so a huge key or value from the request never ends up in the answer.
 * @param {import('zod').ZodError} error
 */
export function describeZodError(error) {
  const issue = error.issues[0];
  const path = issue.path.slice(0, 16);
  const where = path.length
    ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${clip(String(p), 40)}`)).join('').replace(/^\./, '') + (issue.path.length > path.length ? '…' : '')
    : 'body';
  return `${where}: ${clip(String(issue.message), 300)}`;
}

/**
 * Validates with zod; refuses (400) with describeZodError's sentence.
 * @template T @param {import('zod').ZodType<T>} schema @param {unknown} data @returns {T}
 */
export function validate(schema, data) {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-client rate limit

/** @typedef {{ points: number, seconds: number }} RateSpec */

/**
 * MANIFOLD_ML_RATE_LIMIT's default: 40 requests per 2-second window per client address. A reader moving a slider
 * sends a few a second (the embeds wait for each answer); a script hammering the API is refused after its first 40.
 */
export const DEFAULT_ML_RATE_LIMIT = '40/2s';

/**
 * A rate-limit setting: `<requests>/<seconds>s` (e.g. `40/2s`: 40 requests per 2-second window per client) or `off`.
 * @param {string | undefined} value @param {string} fallback @returns {RateSpec | null} null when off
 */
export function parseRateLimit(value, fallback) {
  const text = (value ?? '').trim() || fallback;
  if (/^(off|0)$/i.test(text)) return null;
  const m = /^(\d{1,7})\s*\/\s*(\d{1,5})s?$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`"${clip(text, 40)}" is not a rate limit; write <requests>/<seconds>s, such as 40/2s, or off`);
  return { points: Number(m[1]), seconds: Number(m[2]) };
}

/** @param {string} a */
export const normalizeIp = (a) => a.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * The trusted-proxy setting: comma-separated addresses of the proxies whose X-Forwarded-For is believed. Empty (the
 * default) trusts none, so a client cannot choose its own rate-limit key by sending the header.
 * @param {string | undefined} value @returns {string[]}
 */
export function parseTrustedProxies(value) {
  const list = (value ?? '').split(',').map(normalizeIp).filter(Boolean);
  const bad = list.find((a) => !net.isIP(a));
  if (bad) throw new Error(`"${clip(bad, 40)}" is not an IP address; list the trusted proxies' addresses, comma-separated`);
  return list;
}

/**
 * The client's address: the socket's peer, or, while the peer is a trusted proxy, the address that proxy says it
 * forwarded for (X-Forwarded-For read right to left). Without a peer (a Next route cannot see the socket), the last
 * X-Forwarded-For entry stands in for it: server.mjs appends the socket's address to it before Next sees the request
 * (lib/server/handler.mjs), so a client's own entries never end the list.
 * @param {string | undefined} peer @param {string | null | undefined} forwardedFor @param {string[]} trusted
 */
export function clientAddress(peer, forwardedFor, trusted) {
  const hops = String(forwardedFor ?? '').split(',').map(normalizeIp).filter(Boolean);
  let addr = peer ? normalizeIp(peer) : hops.pop();
  while (addr && trusted.includes(addr) && hops.length) addr = hops.pop();
  return clip(addr || 'unknown', 64);
}

/** One Redis client per URL for every limiter of this process. @type {Map<string, Redis>} */
const rateLimitClients = new Map();

/** @param {string} url */
function rateLimitClient(url) {
  let client = rateLimitClients.get(url);
  if (!client) {
    // No offline queue: while Redis is unreachable a count fails at once and the limiter's memory takes it (below),
    // rather than the request waiting for a reconnection.
    client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
    // Errors are the insurance limiter's business; without a listener ioredis would print each reconnection attempt.
    client.on('error', () => {});
    rateLimitClients.set(url, client);
  }
  return client;
}

/** Closes the Redis clients the limiters opened (tests; a process shutting down). */
export async function closeRateLimitClients() {
  const clients = [...rateLimitClients.values()];
  rateLimitClients.clear();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}

/**
 * A per-key limiter (rate-limiter-flexible). consume() refuses (429, Retry-After) a key over its budget. In this
 * process's memory by default; with `redis` (REDIS_URL), counted in Redis under `<prefix>:rate:<name>:<key>`, so every
 * instance and worker of a site draws on one budget per client. While Redis is unreachable each process counts in
 * its own memory (the insurance limiter) rather than refuse or wave through every request.
 * @param {RateSpec} spec
 * @param {{ name?: string, redis?: { url: string, prefix: string } | null }} [shared]
 */
export function createRateLimit(spec, shared = {}) {
  const memory = new RateLimiterMemory({ points: spec.points, duration: spec.seconds });
  const limiter = shared.redis
    ? new RateLimiterRedis({
        storeClient: rateLimitClient(shared.redis.url),
        points: spec.points,
        duration: spec.seconds,
        keyPrefix: `${shared.redis.prefix}:rate:${shared.name ?? 'default'}`,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    spec,
    /** Where the counts are kept. */
    store: /** @type {'memory' | 'redis'} */ (shared.redis ? 'redis' : 'memory'),
    /** Resolves once the counts go to their store (Redis connected; at once for memory): until then they go to memory. */
    ready() {
      const client = shared.redis ? rateLimitClient(shared.redis.url) : null;
      if (!client || client.status === 'ready') return Promise.resolve();
      return new Promise((resolve) => client.once('ready', () => resolve(undefined)));
    },
    /** @param {string} key @param {string} what */
    async consume(key, what) {
      try {
        await limiter.consume(key);
      } catch (res) {
        if (res instanceof Error) throw res;
        const wait = Math.max(1, Math.ceil((/** @type {{ msBeforeNext: number }} */ (res).msBeforeNext ?? 1000) / 1000));
        throw new HttpError(429, `Too many ${what} from your address (the limit is ${spec.points} per ${spec.seconds} s); try again in ${wait} s.`, { 'Retry-After': String(wait) });
      }
    },
  };
}
