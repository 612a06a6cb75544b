// The buffers the direct render writes its pages into, used again by later requests once a page has gone out.
//
// Why: V8 counts every ArrayBuffer allocated against its external-memory limit and starts a full collection each time
// ~64 MB more have been allocated since the last one, whether or not they died young. A post page allocated ~97 KB
// of them (its parts encoded, then the page concatenated): under page-cache-off load a full collection every ~0.5 s
// per worker ("external memory pressure"), 10–14 ms atomic plus incremental steps of up to 36 ms, which was the
// posts' p99. Written into a buffer taken from here, a page allocates none in the steady state.
//
// The rules that keep one reader's page out of another's answer:
// - a lease is given back when its response has closed ('close' follows the last write handed to the OS, or the
//   socket's end, after which libuv reads nothing more from it), never earlier, and only once;
// - whatever keeps a page beyond its response copies it first (the page cache: ownedBody() in page-cache.mjs' put);
//   compression copies the body before its first await (encoding.mjs).

/** The smallest buffer made: room for a long post page, so most pages fit any buffer in the pool. */
const MIN_BYTES = 256 * 1024;
/** A page larger than this gets a buffer of its own, never kept. */
const MAX_POOLED_BYTES = 2 * 1024 * 1024;
/** Free buffers kept per process (a worker has at most a few dozen pages in flight). */
const MAX_FREE = 32;

/** @type {Buffer[]} */
const free = [];
/** The ArrayBuffers this pool made (a WeakSet: one dropped from the pool is the collector's again). */
const made = new WeakSet();

/**
 * A buffer of at least `size` bytes for one page, and the function that gives it back.
 * @param {number} size @returns {{ buf: Buffer, release: () => void }}
 */
export function takePageBuffer(size) {
  let buf;
  for (let i = free.length - 1; i >= 0; i--) {
    if (free[i].length >= size) {
      buf = free[i];
      free[i] = /** @type {Buffer} */ (free.at(-1));
      free.pop();
      break;
    }
  }
  if (!buf) {
    buf = Buffer.allocUnsafeSlow(Math.max(size, MIN_BYTES));
    if (buf.length <= MAX_POOLED_BYTES) made.add(buf.buffer);
  }
  const taken = buf;
  let released = false;
  return {
    buf: taken,
    release: () => {
      if (released) return;
      released = true;
      if (made.has(taken.buffer) && free.length < MAX_FREE) free.push(taken);
    },
  };
}

/**
 * Whether a body lives in one of this pool's buffers (and so is overwritten once its response has closed).
 * @param {Uint8Array} body
 */
export function isPageBuffer(body) {
  return made.has(body.buffer);
}

/**
 * The body as something that may be kept: a copy when it lives in a pooled buffer, else the body itself.
 * @param {Buffer} body @returns {Buffer}
 */
export function ownedBody(body) {
  return isPageBuffer(body) ? Buffer.from(body) : body;
}

/** How many free buffers the pool holds (tests). */
export function freePageBuffers() {
  return free.length;
}
