// Holds back a text response from Next until it is complete, so server.mjs can hash its inline scripts into the
// Content-Security-Policy, store it in the page cache and compress it once (asynchronously), before the first byte leaves.
// Other responses (images, already-encoded bodies, 204/304) pass through untouched and stream as Next writes them.

const BUFFERED_TYPES = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml)\b)/i;
/** What the API and public files send that is worth compressing and never streamed: COMPRESSIBLE_TYPES but event streams. */
export const COMPLETE_TEXT_TYPES = /^(?:text\/(?!event-stream)|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|manifest\+json)\b|image\/svg\+xml\b)/i;
/** What static assets are worth compressing: text, scripts, styles, SVG, JSON and XML (not images or fonts, already packed). */
export const COMPRESSIBLE_TYPES = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|manifest\+json)\b|image\/svg\+xml\b)/i;

/**
 * @typedef {{ status: number, headers: Record<string, number | string | string[]>, body: Buffer }} Complete
 * @param {import('node:http').ServerResponse} res
 * @param {(complete: Complete) => Complete | Promise<Complete>} finish given the whole response; returns (or resolves to) what to send instead
 * @param {(err: unknown) => void} onError a finish that throws is answered 500 by the caller's handler
 * @param {RegExp} [types] the content types held back (others stream): text, JSON and XML unless said otherwise
 */
export function bufferTextResponse(res, finish, onError, types = BUFFERED_TYPES) {
  const real = { writeHead: res.writeHead.bind(res), write: res.write.bind(res), end: res.end.bind(res), flushHeaders: res.flushHeaders.bind(res) };
  /** @type {'buffer' | 'pass' | undefined} */
  let mode;
  /** @type {Buffer[]} */
  const chunks = [];
  /** @type {[number] | [number, string] | null} */
  let pendingHead = null;

  const decide = () => {
    if (mode) return mode;
    const type = String(res.getHeader('content-type') ?? '');
    const skip = res.statusCode === 204 || res.statusCode === 304 || res.getHeader('content-encoding') !== undefined || !types.test(type);
    mode = skip ? 'pass' : 'buffer';
    if (mode === 'pass') {
      // A 304 updates the headers the browser stored with the page; a policy without the page's hashes would block it.
      if (res.statusCode === 304) res.removeHeader('content-security-policy');
      restore();
      if (pendingHead?.length === 2) real.writeHead(pendingHead[0], pendingHead[1]);
      else if (pendingHead) real.writeHead(pendingHead[0]);
      pendingHead = null;
    }
    return mode;
  };
  const restore = () => Object.assign(res, real);
  /** @param {string | Uint8Array} chunk @param {unknown} encoding */
  // A Buffer is kept as it is (as a socket keeps what is written to it: the writer does not touch it again).
  const toBuffer = (chunk, encoding) =>
    typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);

  res.writeHead = /** @type {any} */ (/** @param {number} status @param {unknown[]} rest */ (status, ...rest) => {
    // Headers passed to writeHead are folded into the response's own, where getHeader (and decide) can see them.
    res.statusCode = status;
    const fields = rest.find((r) => r && typeof r === 'object');
    if (Array.isArray(fields)) for (let i = 0; i + 1 < fields.length; i += 2) res.setHeader(String(fields[i]), fields[i + 1]);
    else if (fields) for (const [k, v] of Object.entries(fields)) if (v !== undefined) res.setHeader(k, v);
    pendingHead = typeof rest[0] === 'string' ? [status, rest[0]] : [status];
    decide();
    return res;
  });
  res.flushHeaders = () => {
    if (decide() === 'pass') real.flushHeaders();
  };
  res.write = /** @type {any} */ (/** @param {any} chunk @param {any} encoding @param {any} cb */ (chunk, encoding, cb) => {
    if (decide() === 'pass') return real.write(chunk, encoding, cb);
    if (chunk != null) chunks.push(toBuffer(chunk, encoding));
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  });
  res.end = /** @type {any} */ (/** @param {any} chunk @param {any} encoding @param {any} cb */ (chunk, encoding, cb) => {
    if (typeof chunk === 'function') [chunk, cb] = [undefined, chunk];
    if (decide() === 'pass') return real.end(chunk, encoding, cb);
    if (chunk != null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
    restore();
    /** @param {Complete} out */
    const send = (out) => {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      const headers = { ...out.headers };
      for (const k of ['content-length', 'transfer-encoding']) delete headers[k];
      // A 304 has no body and says nothing of one's length.
      if (out.status !== 304) headers['content-length'] = out.body.length;
      real.writeHead(out.status, headers);
      return real.end(out.body, typeof encoding === 'function' ? encoding : cb);
    };
    let out;
    try {
      const headers = /** @type {Record<string, any>} */ ({ ...res.getHeaders() });
      out = finish({ status: res.statusCode, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
    } catch (err) {
      onError(err);
      return res;
    }
    if (!(out instanceof Promise)) return send(out);
    // Compression runs in the threadpool; the response goes out when it is done (or is answered 500 if it threw).
    out.then((done) => {
      if (!res.destroyed) send(done);
    }, onError);
    return res;
  });
}
