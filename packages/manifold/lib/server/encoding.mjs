// Content-coding negotiation (RFC 9110 §12.5.3) for the bodies server.mjs compresses itself.
import { Piscina } from 'piscina';

/**
 * The coding to answer with: 'br' or 'gzip' when acceptable (highest q-value wins, br on a tie), else 'identity',
 * or null when the client refused identity too (`identity;q=0`, or `*;q=0` without naming identity).
 * @param {string | undefined} header the request's Accept-Encoding @returns {'br' | 'gzip' | 'identity' | null}
 */
export function negotiateEncoding(header) {
  if (header === undefined) return 'identity';
  /** @type {Map<string, number>} */
  const q = new Map();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?)\s*$/i.exec(p);
      if (m) weight = Math.min(1, Number(m[1]));
    }
    // x-gzip is gzip's old name; the first mention of a coding counts.
    const key = coding === 'x-gzip' ? 'gzip' : coding;
    if (!q.has(key)) q.set(key, weight);
  }
  const star = q.get('*');
  /** @param {string} coding */
  const weightOf = (coding) => q.get(coding) ?? star ?? 0;
  /** @type {'br' | 'gzip' | null} */
  let best = null;
  for (const coding of /** @type {const} */ (['br', 'gzip'])) if (weightOf(coding) > 0 && (!best || weightOf(coding) > weightOf(best))) best = coding;
  if (best) return best;
  const identity = q.get('identity') ?? (star === 0 ? 0 : 1);
  return identity > 0 ? 'identity' : null;
}

/** Smaller bodies gain less from compression than its headers cost: they go out plain. */
export const MIN_COMPRESS_BYTES = 1024;

/** @type {Piscina | null} */
let pool = null;

/**
 * Starts the compression worker (server.mjs, before it listens, so the first page compressed does not wait for a
 * thread to start); compress() starts it otherwise. One worker thread: its tasks run in libuv's threadpool side by
 * side, any number at a time, so one is enough to keep them all off the main thread.
 */
export function startCompression() {
  pool ??= new Piscina({
    filename: new URL('./compress-worker.mjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    concurrentTasksPerWorker: 256,
    idleTimeout: Infinity,
    // The worker's tasks wait on zlib's callbacks: its event loop must turn between messages.
    atomics: 'disabled',
  });
  return pool;
}

/**
 * The body compressed off the main thread and out of its heap (lib/server/compress-worker.mjs says why). The body is
 * copied once, into memory the worker then owns; the result comes back without a copy.
 * @param {Buffer} body @param {'br' | 'gzip'} coding @param {number} level @returns {Promise<Buffer>}
 */
async function compressElsewhere(body, coding, level) {
  const copy = new Uint8Array(body);
  const out = /** @type {Uint8Array} */ (await startCompression().run({ body: copy, coding, level }, { transferList: [copy.buffer] }));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * A page or an answer compressed for one client, in the threadpool, while the main thread takes the next request
 * (brotli q5: a 100 KB page in a few milliseconds).
 * @param {Buffer} body @param {'br' | 'gzip'} coding @returns {Promise<Buffer>}
 */
export function compress(body, coding) {
  return compressElsewhere(body, coding, coding === 'br' ? 5 : 6);
}

/**
 * Adds Accept-Encoding to a Vary header value, keeping what it already names.
 * @param {number | string | string[] | undefined} vary
 */
export function varyOnEncoding(vary) {
  const names = String(vary ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  if (!names.some((v) => v.toLowerCase() === 'accept-encoding' || v === '*')) names.push('Accept-Encoding');
  return names.join(', ');
}

/** Room for compressed static assets, per process: the islands and Next's chunks of a site are a few MB at most. */
const STATIC_CACHE_BYTES = 32 * 1024 * 1024;
/** @type {Map<string, Promise<Buffer>>} */
const staticCache = new Map();
/** @type {Map<string, number>} */
const staticSizes = new Map();
let staticCacheBytes = 0;

/**
 * A static asset compressed once per process and kept (oldest dropped past STATIC_CACHE_BYTES): assets change only
 * with a deploy, so they get brotli's denser setting (q9: a 450 KB chunk in tens of milliseconds, once) and every
 * later request is a lookup. `key` names the file's version (its path and ETag, or size).
 * @param {string} key @param {Buffer} body @param {'br' | 'gzip'} coding @returns {Promise<Buffer>}
 */
export function compressStatic(key, body, coding) {
  const id = `${coding}\0${key}`;
  const found = staticCache.get(id);
  if (found) {
    staticCache.delete(id);
    staticCache.set(id, found);
    const size = staticSizes.get(id);
    if (size !== undefined) {
      staticSizes.delete(id);
      staticSizes.set(id, size);
    }
    return found;
  }
  const pending = compressElsewhere(body, coding, 9);
  staticCache.set(id, pending);
  pending.then(
    (out) => {
      if (staticCache.get(id) !== pending) return;
      staticSizes.set(id, out.length);
      staticCacheBytes += out.length;
      // Oldest first (a hit moves its entry to the end); only finished ones have a size to give back.
      for (const k of staticSizes.keys()) {
        if (staticCacheBytes <= STATIC_CACHE_BYTES || k === id) break;
        staticCacheBytes -= /** @type {number} */ (staticSizes.get(k));
        staticSizes.delete(k);
        staticCache.delete(k);
      }
    },
    () => staticCache.delete(id),
  );
  return pending;
}
