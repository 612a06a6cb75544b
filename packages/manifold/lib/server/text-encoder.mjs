// A faster TextEncoder.prototype.encode, installed by server.mjs in each server process.
//
// Why: on Node 20, `new TextEncoder().encode(s)` costs about 1 µs a call whatever the string's length (each call makes
// a new ArrayBuffer in C++), and React's server renderer for web streams (react-dom/server.edge, which Next's pages
// renderer uses, also on Node) calls it for every attribute value and text it writes: 545 calls for the home page,
// 810 for a plain post, 1,400 for a post with a demo (counted on the profiling database), 0.5–1.4 ms of every render
// spent making tiny arrays. The same bytes made in JavaScript into a fresh Uint8Array cost 80–150 ns.
//
// What it keeps: the same bytes (lone surrogates become U+FFFD, as the Encoding Standard and Buffer both do), and the
// same kind of result: a plain Uint8Array that owns its whole ArrayBuffer (offset 0, nothing shared, so it can be
// transferred or detached as the original's can), never a Buffer from Node's shared pool. tests/text-encoder.test.ts
// compares both on random strings.

/** Strings longer than this are measured, then written by encodeInto into an array of their size. */
const SHORT = 256;
const { encodeInto } = TextEncoder.prototype;

/**
 * An encode that writes short ASCII in a loop, other short strings through Buffer (then copied into an array of their
 * own), and longer ones with encodeInto into an array of their UTF-8 length (a third of the original's time at 4 KB).
 * `original` is kept for a call on something that is not a TextEncoder, to fail as it does.
 * @param {(this: TextEncoder, input?: string) => Uint8Array} original
 * @returns {(this: TextEncoder, input?: string) => Uint8Array}
 */
export function fastEncode(original) {
  return function encode(input = '') {
    if (!(this instanceof TextEncoder)) return original.call(this, input);
    const s = `${input}`;
    const n = s.length;
    if (n > SHORT) {
      const out = new Uint8Array(Buffer.byteLength(s, 'utf8'));
      encodeInto.call(this, s, out);
      return out;
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        const utf8 = Buffer.from(s, 'utf8');
        const own = new Uint8Array(utf8.length);
        own.set(utf8);
        return own;
      }
      out[i] = c;
    }
    return out;
  };
}

const INSTALLED = Symbol.for('manifold.fastTextEncoder');

/**
 * Puts fastEncode on TextEncoder.prototype (every encoder, those made before included), once per process. Returns
 * whether it is installed.
 */
export function installFastTextEncoder() {
  const proto = /** @type {TextEncoder & { [INSTALLED]?: true }} */ (TextEncoder.prototype);
  if (proto[INSTALLED]) return true;
  const original = proto.encode;
  Object.defineProperty(proto, 'encode', { value: fastEncode(original), writable: true, configurable: true, enumerable: true });
  Object.defineProperty(proto, INSTALLED, { value: true, configurable: true });
  return true;
}
