// The security headers every response carries, and the Content-Security-Policy built from a page's own inline scripts.
// Shared by server.mjs (per HTML response, hashes of that response's inline scripts) and next.config.mjs (a static
// policy for everything else and for hosts that run without server.mjs).
import crypto from 'node:crypto';
import { themeScript } from '../theme-script.mjs';
import { searchScript } from '../search-script.mjs';
import { readingScript } from '../reading-script.mjs';

/**
 * `'sha256-…'` of a script's exact text, as a CSP source expression.
 * @param {string} text
 */
export function scriptHash(text) {
  return `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const THEME_SCRIPT_HASH = scriptHash(themeScript);
/** The search page's results-as-you-type (lib/search-script.mjs). */
export const SEARCH_SCRIPT_HASH = scriptHash(searchScript);
/** A post page's copy buttons and table of contents (lib/reading-script.mjs). */
export const READING_SCRIPT_HASH = scriptHash(readingScript);

// An inline <script> (no src) and its text. HTML ends a script element at the first `</script`, whatever it
// contains, so this regular expression reads exactly what the browser executes.
const INLINE_SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * The hashes of every inline script in an HTML document (Next's `self.__next_f.push(...)` flight data included).
 * Given the document's UTF-8 bytes (as server.mjs has a page), they are read as Latin-1, one character a byte: what
 * the expression looks for is ASCII, which no byte of a multi-byte UTF-8 character can be, so it finds the same
 * scripts at the same byte offsets, and each is hashed from its bytes, which are its UTF-8 text. Decoding a long
 * Korean page as UTF-8 only to find its few scripts cost more than the rest of its CSP together.
 * @param {string | Buffer} html
 */
export function inlineScriptHashes(html) {
  return hashesIn(html, typeof html === 'string' ? html : html.toString('latin1'));
}

/**
 * The hashes of a piece of a page's bytes (as inlineScriptHashes), or null when the piece ends inside a <script>
 * element (an opening tag with no `</script` after it): its text would run on into what follows, so the scripts of
 * what follows cannot be read apart from it.
 * @param {Buffer} bytes
 */
export function pieceScriptHashes(bytes) {
  const text = bytes.toString('latin1');
  return OPEN_AT_END.test(text) ? null : hashesIn(bytes, text);
}
const OPEN_AT_END = /<script\b(?![\s\S]*?<\/script)/i;

/** @param {string | Buffer} html @param {string} text the same, as a string (bytes read as Latin-1) */
function hashesIn(html, text) {
  /** @type {Set<string>} */
  const hashes = new Set();
  const bytes = typeof html === 'string' ? null : html;
  for (const match of text.matchAll(INLINE_SCRIPT)) {
    const [, attrs, body] = match;
    if (/\ssrc\s*=/i.test(` ${attrs}`)) continue;
    if (!bytes) {
      hashes.add(scriptHash(body));
      continue;
    }
    // `<script`, the attributes, `>`: then the text, as many bytes as it has characters here.
    const start = /** @type {number} */ (match.index) + '<script'.length + attrs.length + 1;
    hashes.add(`'sha256-${crypto.createHash('sha256').update(bytes.subarray(start, start + body.length)).digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * Set on a response by what made its page and already knows its inline scripts' hashes, in document order
 * (lib/server/direct-pages.mjs: the rendered parts read here, each spliced post body once per version), so the
 * request listener does not read the whole page again for them.
 */
export const PAGE_SCRIPT_HASHES = Symbol('manifold.pageScriptHashes');

/**
 * The policy: scripts from this origin plus the given inline hashes (never 'unsafe-eval' or 'unsafe-inline');
 * styles may be inline because KaTeX positions glyphs with style attributes.
 * @param {{ scriptHashes?: string[], admin?: boolean }} options
 */
export function contentSecurityPolicy({ scriptHashes = [THEME_SCRIPT_HASH, SEARCH_SCRIPT_HASH, READING_SCRIPT_HASH], admin = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' ${[...new Set(scriptHashes)].join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${admin ? "'none'" : "'self'"}`,
  ].join('; ');
}

// The admin and the sign-in pages: never framed (a framed sign-in form is a clickjacking target).
const ADMIN_PATH = /^\/(?:admin|accounts)(?:[/?#]|$)/;

export const isAdminPath = (/** @type {string} */ path) => ADMIN_PATH.test(path);

/** Headers for every response but the CSP, which depends on the body (see contentSecurityPolicy). */
export function securityHeaders({ admin = false, https = false } = {}) {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': admin ? 'DENY' : 'SAMEORIGIN',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()',
    ...(https ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}
