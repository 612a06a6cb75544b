// Validators for the pages server.mjs buffers (reader pages, with the page cache on or off): a weak ETag from the
// page's bytes, made natively, and the If-None-Match test that answers a browser's revalidation 304 without the page.
// Next would make one too (generateEtags), by a hash written in JavaScript over every character of the page: 0.4 ms of
// each render of a 75 KB post; server.mjs turns that off (next.mjs) and this makes them instead. The comparison is
// RFC 9110's weak one (13.1.2, 8.8.3.2), a few lines, so no library (`fresh` also reads dates we never send).
import crypto from 'node:crypto';

/**
 * `W/"…"`: weak, since the same tag names the page in every content-coding it is sent in (br, gzip, identity).
 * @param {Buffer} body
 */
export function weakEtag(body) {
  return `W/"${crypto.hash('sha1', body, 'base64url')}"`;
}

/** The opaque part of an entity tag, weak or strong (`W/"x"` and `"x"` compare equal, as If-None-Match asks). */
const opaque = (/** @type {string} */ tag) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/**
 * Whether an If-None-Match header names `etag` (or is `*`): the client has this page, and may get a 304.
 * @param {string | string[] | undefined} header @param {unknown} etag
 */
export function ifNoneMatchHits(header, etag) {
  if (header === undefined || typeof etag !== 'string') return false;
  const want = opaque(etag);
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const tag = part.trim();
    if (tag === '*' || (tag !== '' && opaque(tag) === want)) return true;
  }
  return false;
}

/** Headers a 304 does not repeat: it has no body, and says nothing about one. */
const BODY_HEADERS = new Set(['content-length', 'content-type', 'content-encoding', 'transfer-encoding', 'content-language']);

/**
 * The headers of a 304 for a page whose 200 would carry `headers`: its validators, caching rules, Vary and the rest
 * (the page's own Content-Security-Policy included, since a 304 updates what the browser stored), none about a body.
 * @param {Record<string, number | string | string[]>} headers
 */
export function notModifiedHeaders(headers) {
  /** @type {Record<string, number | string | string[]>} */
  const out = {};
  for (const [k, v] of Object.entries(headers)) if (!BODY_HEADERS.has(k.toLowerCase())) out[k] = v;
  return out;
}

const OWN_ETAGS = Symbol.for('manifold.server.etags');

/** server.mjs says, before Next loads the site's config, that it makes the pages' ETags itself (next.mjs reads it). */
export function claimEtags() {
  /** @type {Record<symbol, unknown>} */ (globalThis)[OWN_ETAGS] = true;
}

/** Whether this process is server.mjs, which makes the ETags (so Next's own, generateEtags, is off). */
export function serverMakesEtags() {
  return /** @type {Record<symbol, unknown>} */ (globalThis)[OWN_ETAGS] === true;
}
