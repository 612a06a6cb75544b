// An HTTP endpoint declared once — method, path, body limit, zod input, permission, handler, cache effects — and the
// two adapters that serve the same declarations: nextRoute() for an App Router route file, nodeHandler() for
// server.mjs, which answers the endpoints marked `fast` on Node's own request before Next's router sees it. Both
// adapters only translate a request into a Call and a Reply back; everything in between (routing, 405, percent-
// decoding, rate limit, permission, content type, body size, JSON, zod, errors) is the one function answer(), so the
// two cannot drift apart. Plain ESM with JSDoc types because plain `node server.mjs` loads it.
import { databaseUnavailable, UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_SECONDS } from './db-errors.mjs';
import { BodyLimit, checkDeclaredLength, checkJsonContentType, clientAddress, clip, DEFAULT_MAX_BYTES, HttpError, parseJsonText, requestIdFrom, validate } from './http-guard.mjs';
import { logger } from './log.mjs';

/** @typedef {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} Method */
/** Every method either adapter answers; HEAD and OPTIONS are derived from the declarations. */
const METHODS = /** @type {const} */ (['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** @typedef {(typeof METHODS)[number]} AnyMethod */

/**
 * What a handler is given.
 * @template I
 * @typedef {object} EndpointRequest
 * @property {Record<string, string>} params the path's :params, percent-decoded
 * @property {I} input the body, validated by the endpoint's schema (undefined when it declares none)
 * @property {(name: string) => string | undefined} header a request header by its lower-case name
 * @property {string} client the client's address (see clientAddress in http-guard.mjs)
 * @property {string} requestId
 * @property {URLSearchParams} query the URL's query string (empty when it has none)
 * @property {Buffer} [body] the raw body of an endpoint declared with `body: 'bytes'` (undefined otherwise)
 * @property {string} [text] the JSON text `input` was parsed from (an endpoint with an input schema): a handler that
 *   sends the input on, such as to a worker thread, may send this rather than serialize the value again
 */

/**
 * A per-client budget: consume() refuses (429) past it. The trusted proxies decide whose X-Forwarded-For is believed.
 * @typedef {{ consume(key: string): Promise<void>, trustedProxies: string[] }} RateLimitSlot
 */

/** What content changed, for the cache (the shape of lib/revalidation.ts' ContentChange). @typedef {{ tags: string[], paths: string[], posts?: string[] }} CacheChange */

/**
 * A permission check: Django-style codename such as `blog.change_post`, checked by the adapters' checkPermission
 * option (which the accounts app will supply), or an endpoint's own check (a shared token). Either throws an
 * HttpError (401/403) to refuse.
 * @typedef {string | ((req: EndpointRequest<undefined>) => void | Promise<void>)} Permission
 */

/**
 * @template [I=undefined] @template [R=unknown]
 * @typedef {object} EndpointSpec
 * @property {Method} method
 * @property {string} path e.g. `/api/ml/:model`; literal segments win over :params
 * @property {import('zod').ZodType<I>} [input] the JSON body's schema; without one the body is not read
 * @property {(value: unknown) => boolean} [accepts] a cheaper check of the same rules for a hot path (contrib/ml's
 *   compileAccepts builds one from the schema): true means the schema accepts the parsed body unchanged, and it is the
 *   input as it is; false leaves the body to the schema, so every refusal and its message are the schema's
 * @property {number | (() => number)} [bodyLimit] bytes (default 1 MB); a larger body is refused with 413 before it
 *   is parsed (a function is asked per request, so a setting such as MEDIA_MAX_BYTES can decide it)
 * @property {'bytes'} [body] read the body as raw bytes into `req.body` (any content type, e.g. an uploaded image)
 *   instead of JSON; the body limit is enforced as for JSON, from Content-Length before reading and while reading
 * @property {Permission} [permission] checked after the path and before the body is read; default: public
 * @property {() => RateLimitSlot | null} [rateLimit] asked per request, so a changed setting takes effect
 * @property {(req: EndpointRequest<I>) => R | Promise<R>} handler returns a value (200 JSON) or a Reply
 * @property {true} [fast] server.mjs may answer it before Next; such an endpoint needs nothing from Next
 * @property {(effect: { input: I, result: R, params: Record<string, string> }) => CacheChange} [cacheEffects]
 *   what a successful call changed; nextRoute's `revalidate` option applies it before the answer goes out
 */

/** @typedef {EndpointSpec<any, any> & { segments: string[] }} Endpoint */

/**
 * Declares an endpoint. The declaration is checked now, so a typo in a path fails at start-up, not on a request.
 * @template [I=undefined] @template [R=unknown]
 * @param {EndpointSpec<I, R>} spec @returns {Endpoint}
 */
export function defineEndpoint(spec) {
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(spec.method)) throw new Error(`${spec.path}: method ${spec.method} is not one of GET, POST, PUT, PATCH, DELETE`);
  if (!/^(?:\/(?:[A-Za-z0-9._~-]+|:[A-Za-z][A-Za-z0-9]*))+$/.test(spec.path)) throw new Error(`${spec.path}: a path is /segments, each plain or a :param`);
  if (spec.fast && spec.cacheEffects) throw new Error(`${spec.method} ${spec.path}: an endpoint with cache effects cannot be fast (the cache it changes is Next's)`);
  if (spec.method === 'GET' && spec.input) throw new Error(`GET ${spec.path}: a GET has no body to validate`);
  if (spec.body !== undefined && spec.body !== 'bytes') throw new Error(`${spec.method} ${spec.path}: body must be 'bytes' or left out`);
  if (spec.body === 'bytes' && (spec.input || spec.method === 'GET')) throw new Error(`${spec.method} ${spec.path}: a bytes body has no JSON schema and no GET`);
  if (spec.accepts && !spec.input) throw new Error(`${spec.method} ${spec.path}: accepts is a shortcut of an input schema, and there is none`);
  return Object.freeze({ ...spec, segments: spec.path.split('/').slice(1) });
}

/**
 * A handler's answer when it is not a plain 200 with a JSON value: another status, headers, or JSON text the handler
 * already has (the ML workers write theirs).
 */
export class Reply {
  /** @param {number} status @param {unknown} value @param {{ headers?: Record<string, string>, jsonText?: string }} [opts] */
  constructor(status, value, opts = {}) {
    this.status = status;
    this.headers = opts.headers ?? {};
    /** @type {string | null} */
    this.body = opts.jsonText ?? (value === undefined ? null : JSON.stringify(value));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The one path a request takes, whichever adapter received it.

/**
 * @typedef {object} Call
 * @property {string} method
 * @property {string} path the raw path (percent-encoded, without query)
 * @property {(name: string) => string | undefined} header
 * @property {string | undefined} peer the socket's address, when the adapter can see it
 * @property {string} requestId
 * @property {(maxBytes: number) => Promise<string>} readBody the body as text, refused (413) past maxBytes
 * @property {(maxBytes: number) => Promise<Buffer>} [readBytes] the body as bytes, refused (413) past maxBytes
 * @property {string} [search] the raw query string ('' or '?…')
 */

/** @typedef {{ status: number, headers: Record<string, string>, body: string | null }} Answer */

/** @param {Endpoint} e @param {string[]} parts */
const matches = (e, parts) => e.segments.length === parts.length && e.segments.every((s, i) => s.startsWith(':') || s === parts[i]);

/** More specific first: at the first segment where two differ, a literal beats a :param. @param {Endpoint} a @param {Endpoint} b */
function bySpecificity(a, b) {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const pa = a.segments[i].startsWith(':');
    const pb = b.segments[i].startsWith(':');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

/**
 * The endpoints for a path, and the one for the method if any. Null when none is declared for the path.
 * @param {Endpoint[]} endpoints sorted by specificity @param {string} method @param {string} path
 */
function route(endpoints, method, path) {
  // The same few paths come again and again (a demo's POST thousands of times a second, looked up by nodeHandler and
  // again by answer()): their routes are kept per list of endpoints, a bounded number of short paths, as the paths
  // come from clients.
  if (path.length > 200) return findRoute(endpoints, method, path);
  let memo = routes.get(endpoints);
  if (!memo) routes.set(endpoints, (memo = new Map()));
  const key = `${method} ${path}`;
  let found = memo.get(key);
  if (found === undefined) {
    if (memo.size >= ROUTES_KEPT) memo.clear();
    found = findRoute(endpoints, method, path);
    memo.set(key, found);
  }
  return found;
}

/** How many method-and-path routes each list of endpoints keeps. */
const ROUTES_KEPT = 256;
/** @type {WeakMap<Endpoint[], Map<string, ReturnType<typeof findRoute>>>} */
const routes = new WeakMap();

/** @param {Endpoint[]} endpoints @param {string} method @param {string} path */
function findRoute(endpoints, method, path) {
  const parts = path.split('/').slice(1);
  const here = endpoints.filter((e) => matches(e, parts));
  if (!here.length) return null;
  const wanted = method === 'HEAD' ? 'GET' : method;
  const endpoint = here.find((e) => e.method === wanted) ?? null;
  const declared = new Set(here.map((e) => e.method));
  const allow = METHODS.filter((m) => declared.has(/** @type {Method} */ (m)) || (m === 'HEAD' && declared.has('GET')) || m === 'OPTIONS').join(', ');
  return Object.freeze({ here, endpoint, allow, parts: Object.freeze(parts) });
}

/** @param {Endpoint} e @param {readonly string[]} parts */
function decodeParams(e, parts) {
  /** @type {Record<string, string>} */
  const params = {};
  e.segments.forEach((s, i) => {
    if (!s.startsWith(':')) return;
    try {
      params[s.slice(1)] = decodeURIComponent(parts[i]);
    } catch {
      throw new HttpError(400, `The ${s.slice(1)} in the path is not valid percent-encoding.`);
    }
  });
  return params;
}

/**
 * What a handler is given (EndpointRequest). A class, not an object literal with a getter for `query`: a literal's
 * getter is a new accessor pair per request, which V8 allocates in the old generation. Dead as soon as the request is
 * answered, it still held the getter's closure and through it the call, Node's req and res and everything they point
 * to, as a root of every young collection until the next full one: every request's objects were promoted to the old
 * generation (3.3 MB per young collection at 36,000 req/s, 4 ms pauses every 17 ms, and a full collection each
 * second or two). A class's getter is one accessor pair, on its prototype.
 * @implements {EndpointRequest<any>}
 */
class HandlerRequest {
  /** @type {URLSearchParams | undefined} */
  #query = undefined;
  #search;

  /** @param {Record<string, string>} params @param {Call} call @param {string} client */
  constructor(params, call, client) {
    this.params = params;
    /** @type {any} */
    this.input = undefined;
    this.header = call.header;
    this.client = client;
    this.requestId = call.requestId;
    /** @type {Buffer | undefined} */
    this.body = undefined;
    /** @type {string | undefined} */
    this.text = undefined;
    this.#search = call.search ?? '';
  }

  /** The URL's query string, parsed when a handler asks for it (the hot POSTs never do). */
  get query() {
    return (this.#query ??= new URLSearchParams(this.#search));
  }
}

/** @param {number} status @param {string} message @param {Record<string, string>} [headers] @returns {Answer} */
const refusal = (status, message, headers = {}) => ({ status, headers, body: JSON.stringify({ error: message }) });

/**
 * Answers a call: route (405 with Allow for a method not declared), decode the path (400), rate limit (429),
 * permission (401/403), then the body: content type (415), size (413), JSON (400), schema (400); then the handler and
 * its cache effects. Never throws: a database out of reach is answered 503 with Retry-After (lib/db-errors.mjs);
 * anything else unexpected is logged with the request id and answered 500 without its text, which may hold paths,
 * stacks or a worker's message.
 * @param {Endpoint[]} endpoints @param {Call} call @param {ServeOptions} options
 * @returns {Promise<Answer>}
 */
async function answer(endpoints, call, options) {
  try {
    const found = route(endpoints, call.method, call.path);
    if (!found) throw new HttpError(404, 'No such endpoint.');
    const allow = found.allow;
    if (call.method === 'OPTIONS') return { status: 204, headers: { allow }, body: null };
    const e = found.endpoint;
    if (!e) throw new HttpError(405, `${clip(call.method, 10)} is not allowed here; this address takes ${allow}.`, { allow });
    const params = decodeParams(e, found.parts);
    const slot = e.rateLimit?.() ?? null;
    const client = clientAddress(call.peer, call.header('x-forwarded-for'), slot?.trustedProxies ?? []);
    if (slot) await slot.consume(client);
    /** @type {EndpointRequest<any>} */
    const req = new HandlerRequest(params, call, client);
    if (typeof e.permission === 'function') await e.permission(req);
    else if (typeof e.permission === 'string') {
      // Without a checker nobody has the permission: failing closed is the only safe default.
      if (!options.checkPermission) throw new HttpError(403, `This needs the permission ${e.permission}, and no accounts are set up to grant it.`);
      await options.checkPermission(e.permission, req);
    }
    const limit = (typeof e.bodyLimit === 'function' ? e.bodyLimit() : e.bodyLimit) ?? DEFAULT_MAX_BYTES;
    if (e.body === 'bytes') {
      checkDeclaredLength(call.header('content-length'), limit);
      if (!call.readBytes) throw new Error(`${e.method} ${e.path} takes a bytes body, which this adapter cannot read`);
      req.body = await call.readBytes(limit);
    } else if (e.input) {
      checkJsonContentType(call.header('content-type'));
      checkDeclaredLength(call.header('content-length'), limit);
      req.text = await call.readBody(limit);
      const value = parseJsonText(req.text);
      req.input = e.accepts?.(value) ? value : validate(e.input, value);
    }
    const result = await e.handler(req);
    if (e.cacheEffects) {
      if (!options.revalidate) throw new Error(`${e.method} ${e.path} declares cache effects; serve it with nextRoute(endpoints, { revalidate })`);
      await options.revalidate(e.cacheEffects({ input: req.input, result, params }));
    }
    const reply = result instanceof Reply ? result : new Reply(200, result);
    return { status: reply.status, headers: reply.headers, body: reply.body };
  } catch (err) {
    if (err instanceof HttpError) return refusal(err.status, err.message, err.headers);
    // The database restarting or out of reach: the client may simply try again (the pool reconnects by itself).
    if (databaseUnavailable(err)) {
      logger.warn('database unavailable', { requestId: call.requestId, method: call.method, path: clip(call.path, 200), error: err instanceof Error ? err.message.split('\n').filter(Boolean).at(-1) : String(err) });
      return refusal(503, UNAVAILABLE_MESSAGE, { 'Retry-After': String(UNAVAILABLE_RETRY_SECONDS) });
    }
    logger.error('unhandled error in endpoint', { requestId: call.requestId, method: call.method, path: clip(call.path, 200), error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    return refusal(500, `Internal server error (request id ${call.requestId}).`);
  }
}

/**
 * What the adapters are given rather than keep in module state: a setting in module state would be one per copy of
 * this module, and Next bundles its own copy (it even folds a never-set variable to a constant).
 * @typedef {object} ServeOptions
 * @property {(codename: string, req: EndpointRequest<undefined>) => void | Promise<void>} [checkPermission] decides
 *   codename permissions (throws an HttpError to refuse); the accounts app supplies it
 * @property {(change: CacheChange) => Promise<void>} [revalidate] applies an endpoint's cache effects (lib/cache.ts'
 *   revalidateContent); Next-only, which is why an endpoint with cache effects cannot be fast
 */

/** @param {Endpoint[]} endpoints */
const sorted = (endpoints) => [...endpoints].sort(bySpecificity);

const API_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

// ---------------------------------------------------------------------------------------------------------------
// Adapter 1: an App Router route file. `export const { GET, POST } = nextRoute(endpoints)`; the route's folder
// decides which URLs reach it, the declarations decide the rest.

/**
 * The body of a web Request as text, refused (413) past maxBytes, declared or streamed.
 * @param {Request} request @param {number} maxBytes @returns {Promise<string>}
 */
export async function readRequestText(request, maxBytes) {
  return (await readRequestBytes(request, maxBytes)).toString('utf8');
}

/**
 * The body of a web Request as bytes, refused (413) past maxBytes, declared or streamed.
 * @param {Request} request @param {number} maxBytes @returns {Promise<Buffer>}
 */
export async function readRequestBytes(request, maxBytes) {
  checkDeclaredLength(request.headers.get('content-length'), maxBytes);
  const body = new BodyLimit(maxBytes);
  const reader = request.body?.getReader();
  if (reader) {
    for (;;) {
      /** @type {ReadableStreamReadResult<Uint8Array>} */
      let chunk;
      try {
        chunk = await reader.read();
      } catch {
        // The client went away mid-body ("aborted"): not a server error, as on the Node adapter (readNodeBytes).
        throw new HttpError(400, 'The request body ended before its declared end.', { connection: 'close' });
      }
      const { done, value } = chunk;
      if (done) break;
      try {
        body.add(value);
      } catch (err) {
        await reader.cancel();
        throw err;
      }
    }
  }
  return body.bytes();
}

/**
 * A route handler of the site's own (not declared as endpoints) that asks the database before, or instead of,
 * routing: an error meaning "the database is out of reach for a moment" (lib/db-errors.mjs) becomes the same 503 with
 * Retry-After and message answer() gives, never a 500. Anything else is left to Next.
 * @template {(req: Request) => Promise<Response>} H
 * @param {H} handler @returns {H}
 */
export function answeringUnavailable(handler) {
  return /** @type {H} */ (
    async (/** @type {Request} */ req) => {
      try {
        return await handler(req);
      } catch (err) {
        if (!databaseUnavailable(err)) throw err;
        const requestId = requestIdFrom(req.headers.get('x-request-id') ?? undefined);
        logger.warn('database unavailable', { requestId, method: req.method, path: clip(new URL(req.url).pathname, 200), error: err instanceof Error ? err.message.split('\n').filter(Boolean).at(-1) : String(err) });
        return new Response(JSON.stringify({ error: UNAVAILABLE_MESSAGE }), { status: 503, headers: { ...API_HEADERS, 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) } });
      }
    }
  );
}

/**
 * Route-handler exports for every method; each answers through the declarations (so an undeclared method gets the
 * same 405 and Allow as on the fast path, and OPTIONS and HEAD are derived the same way).
 * @param {Endpoint[]} endpoints @param {ServeOptions} [options]
 * @returns {Record<AnyMethod, (request: Request, context?: unknown) => Promise<Response>>}
 */
export function nextRoute(endpoints, options = {}) {
  const list = sorted(endpoints);
  /** @param {Request} request */
  const serve = async (request) => {
    const requestId = requestIdFrom(request.headers.get('x-request-id'));
    const { status, headers, body } = await answer(
      list,
      {
        method: request.method,
        path: new URL(request.url).pathname,
        header: (name) => request.headers.get(name) ?? undefined,
        // A route handler cannot see the socket; clientAddress reads X-Forwarded-For, which server.mjs ends with the
        // socket's address (lib/server/handler.mjs).
        peer: undefined,
        requestId,
        readBody: (maxBytes) => readRequestText(request, maxBytes),
        readBytes: (maxBytes) => readRequestBytes(request, maxBytes),
        search: new URL(request.url).search,
      },
      options,
    );
    // Connection is the Node server's business (the fast path closes after a refused upload); Next sets its own.
    const { connection: _connection, ...rest } = headers;
    const base = body === null ? { 'cache-control': 'no-store' } : API_HEADERS;
    return new Response(request.method === 'HEAD' ? null : body, { status, headers: { ...base, 'x-request-id': requestId, ...rest } });
  };
  return /** @type {Record<AnyMethod, (request: Request) => Promise<Response>>} */ (Object.fromEntries(METHODS.map((m) => [m, serve])));
}

// ---------------------------------------------------------------------------------------------------------------
// Adapter 2: Node's http request, for server.mjs (lib/server/handler.mjs' fastPath hook).

/**
 * The body as text, refused (413) past maxBytes; the rest of a refused upload is drained, and the connection closed
 * after the answer (the 413 carries Connection: close).
 * @param {import('node:http').IncomingMessage} req @param {number} maxBytes @returns {Promise<string>}
 */
function readNodeBody(req, maxBytes) {
  return readNodeBytes(req, maxBytes).then((b) => b.toString('utf8'));
}

/** The body as bytes; see readNodeBody. @param {import('node:http').IncomingMessage} req @param {number} maxBytes @returns {Promise<Buffer>} */
function readNodeBytes(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const body = new BodyLimit(maxBytes);
    req.on('data', (/** @type {Buffer} */ chunk) => {
      try {
        body.add(chunk);
      } catch (err) {
        req.removeAllListeners('data');
        req.resume();
        reject(err);
      }
    });
    req.on('end', () => resolve(body.bytes()));
    // A client that goes away mid-body is not a server error: a 400 nobody reads (the socket is gone), nothing logged,
    // and no promise left waiting for an 'end' that never comes.
    const cut = () => reject(new HttpError(400, 'The request body ended before its declared end.', { connection: 'close' }));
    req.on('error', cut);
    req.on('close', () => {
      if (!req.complete) cut();
    });
  });
}

/**
 * A request listener step for the endpoints marked fast: it returns true, synchronously, when it has taken the
 * request (and answers it, always, even when something throws), and false, touching nothing, otherwise — for a path
 * no endpoint declares, for one whose matching endpoint is not fast, and for a method no route file exports. Pass it
 * every endpoint of an app, so a 405's Allow lists the methods Next would; it answers a path only when all of that
 * path's endpoints are fast, since otherwise Next would answer some of its methods.
 * @param {Endpoint[]} endpoints @param {ServeOptions} [options]
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean}
 */
export function nodeHandler(endpoints, options = {}) {
  const list = sorted(endpoints);
  return (req, res) => {
    const method = req.method ?? '';
    if (!(/** @type {readonly string[]} */ (METHODS).includes(method))) return false;
    const url = req.url ?? '';
    if (!url.startsWith('/')) return false;
    const end = url.search(/[?#]/);
    const path = end < 0 ? url : url.slice(0, end);
    const found = route(list, method, path);
    if (!found || !(found.endpoint ? found.endpoint.fast : found.here.every((e) => e.fast))) return false;
    // server.mjs' request listener has given the request its id already (lib/server/handler.mjs).
    const given = res.getHeader('x-request-id');
    const requestId = typeof given === 'string' ? given : requestIdFrom(req.headers['x-request-id']);
    answer(
      list,
      {
        method,
        path,
        header: (name) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v.join(',') : v;
        },
        // A socket already gone has no address; 'unknown' then, never the client's own X-Forwarded-For.
        peer: req.socket.remoteAddress ?? 'unknown',
        requestId,
        readBody: (maxBytes) => readNodeBody(req, maxBytes),
        readBytes: (maxBytes) => readNodeBytes(req, maxBytes),
        search: end < 0 || url[end] === '#' ? '' : url.slice(end).replace(/#.*$/, ''),
      },
      options,
    )
      .then(({ status, headers, body }) => {
        if (res.headersSent) return;
        // Set one by one (the answer's own last, so they win), not spread into an object per request: the spread
        // objects outlived the young collections (~95 bytes a request promoted; lib/server/tests/promotion.test.ts).
        if (body !== null) {
          res.setHeader('content-type', API_HEADERS['content-type']);
          res.setHeader('content-length', Buffer.byteLength(body));
        }
        res.setHeader('cache-control', API_HEADERS['cache-control']);
        res.setHeader('x-request-id', requestId);
        for (const name in headers) res.setHeader(name, headers[name]);
        res.writeHead(status);
        res.end(method === 'HEAD' || body === null ? undefined : body);
      })
      .catch((err) => {
        // Only writing the answer can fail here (a socket gone, a header Node refuses); nothing is left to tell the client.
        logger.error('could not answer a fast-path request', { requestId, error: err instanceof Error ? err.message : String(err) });
        res.destroy();
      });
    return true;
  };
}
