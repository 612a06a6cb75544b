// The compression worker (lib/server/encoding.mjs): compresses a body in zlib's async API and hands the result back.
// Why a thread of its own when the work is in libuv's threadpool anyway: zlib reports the memory of each compressor
// it makes to the V8 heap that owns it (brotli's ~1 MB window and tables a request), and that external memory is
// what tells V8 to collect. Made on the main thread, a page's brotli stream asked for a full mark-compact of the
// server's heap (Next, React, the database client: ~70 MB) every ten or so misses; made here, the collections are
// of this worker's few megabytes.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { move } from 'piscina';

const gzipAsync = promisify(zlib.gzip);
const brotliAsync = promisify(zlib.brotliCompress);

/**
 * @param {{ body: Uint8Array, coding: 'br' | 'gzip', level: number }} task brotli's quality or gzip's level
 * @returns {Promise<unknown>} the compressed bytes, moved back without a copy when they own their memory
 */
export default async function compressTask({ body, coding, level }) {
  const out =
    coding === 'br'
      ? await brotliAsync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: level, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gzipAsync(body, { level });
  // A small result may sit in Buffer's shared pool, which must stay here: those are copied (as every answer is).
  return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? move(out) : out;
}
