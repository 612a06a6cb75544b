// Graceful stop of one server process (server.mjs, each cluster worker): on SIGTERM or SIGINT the listening socket is
// closed at once (new connections are refused; the cluster primary or the load balancer sends them elsewhere), idle
// keep-alive sockets are closed, requests in flight are finished and their connections closed after the answer; then
// what the process holds is closed (the installed apps' pools through their Node hooks' close(), the broadcast, the
// Prisma client) and the process exits 0. Requests still running at MANIFOLD_SHUTDOWN_TIMEOUT_MS are cut off, the
// pools closed all the same, and the process exits 1 within half a second more whatever a closer does.
import { logger } from '../log.mjs';

/** Time the closers get after the limit, before the process exits anyway. */
export const CLOSE_GRACE_MS = 500;

const PREV = Symbol('manifold.inFlight.prev');
const NEXT = Symbol('manifold.inFlight.next');

/**
 * The responses in flight, as a list threaded through the responses themselves rather than a Set. A long-lived Set's
 * table ends up in V8's old generation, and each time it is grown or compacted the table left behind still points to
 * the responses it held (and to the table that replaced it). Dead, it is still a root of every young collection, which
 * cannot tell, so every response after it, with all it points to (the request, the body, the rendered page and its
 * Buffers), survived young collections and was promoted, to be freed only by full collections: 2.6 MB promoted per
 * young collection under demo-API load, 3–4 ms pauses every 20 ms, and the "external memory pressure" full
 * collections of issue 16's page-cache-off load. Here a response points only to its neighbours in flight, and a
 * response leaving the list drops both pointers.
 */
class InFlight {
  constructor() {
    /** @type {any} */
    this.head = null;
  }

  /** @param {any} res */
  add(res) {
    res[PREV] = null;
    res[NEXT] = this.head;
    if (this.head) this.head[PREV] = res;
    this.head = res;
  }

  /** @param {any} res */
  delete(res) {
    const prev = res[PREV];
    const next = res[NEXT];
    if (prev) prev[NEXT] = next;
    else if (this.head === res) this.head = next;
    if (next) next[PREV] = prev;
    res[PREV] = null;
    res[NEXT] = null;
  }

  /** @returns {Generator<import('node:http').ServerResponse>} */
  *[Symbol.iterator]() {
    for (let res = this.head; res; res = res[NEXT]) yield res;
  }
}

/**
 * @param {{ server: import('node:http').Server, timeoutMs: number,
 *   closers: readonly { name: string, close: () => unknown }[],
 *   exit?: (code: number) => void }} opts
 * @returns {{ stop: (signal?: string) => Promise<void>, inFlight: () => number }} stop() resolves once the process
 *   would exit (exit is called just before)
 */
export function gracefulShutdown({ server, timeoutMs, closers, exit = (code) => process.exit(code) }) {
  let inFlight = 0;
  const responses = new InFlight();
  server.on('request', (_req, res) => {
    inFlight++;
    responses.add(res);
    res.once('close', () => {
      inFlight--;
      responses.delete(res);
      // Once stopping, a keep-alive connection whose answer was just sent is idle: close it now, not at the
      // keep-alive timeout (65 s by default), which would hold the stop until the limit.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  /** @type {Promise<void> | null} */
  let stopping = null;

  const closeAll = async () => {
    for (const c of closers) {
      try {
        await c.close();
      } catch (err) {
        logger.warn('shutdown: could not close', { what: c.name, error: /** @type {Error} */ (err).message });
      }
    }
  };

  /** @param {string} [signal] */
  const stop = (signal) => {
    stopping ??= new Promise((resolve) => {
      const started = Date.now();
      logger.info('shutting down', { signal, inFlight, timeoutMs });
      let cutOff = false;
      let done = false;
      /** @param {number} code */
      const finish = (code) => {
        if (done) return;
        done = true;
        exit(code);
        resolve();
      };
      const limit = setTimeout(() => {
        cutOff = true;
        logger.warn('shutdown: requests still running at the limit are cut off', { inFlight, timeoutMs });
        server.closeAllConnections();
        setTimeout(() => finish(1), CLOSE_GRACE_MS).unref();
      }, timeoutMs);
      limit.unref();
      server.close(async () => {
        clearTimeout(limit);
        await closeAll();
        logger.info('stopped', { ms: Date.now() - started, cutOff });
        finish(cutOff ? 1 : 0);
      });
      server.closeIdleConnections();
      // Answers still to start say the connection closes after them.
      for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
      // A keep-alive connection that sends one more request (already accepted) is answered, then closed.
      server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
    });
    return stopping;
  };
  return { stop, inFlight: () => inFlight };
}
