// Whether an error means "the database cannot be reached right now" (a restart, a failover, a full connection pool, a
// locked SQLite file past its busy timeout): a request that failed so is answered 503 with Retry-After and a message
// (lib/endpoint.mjs for the APIs, lib/error-page.tsx for pages) instead of a 500, and the next request tries again —
// the pg pool behind Prisma makes new connections by itself once the database is back. Plain ESM: lib/endpoint.mjs,
// which server.mjs loads without a TypeScript loader, uses it.

/** Prisma's codes for a database it could not reach or lost (P1001 can't reach, P1002 timed out, P1008 operation timed
 * out, P1017 server closed the connection, P2024 no connection from the pool in time). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapters' kinds for the same (Prisma 7, @prisma/driver-adapter-utils). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'SocketError']);
/** PostgreSQL SQLSTATEs: 57P01-03 shutting down / cannot connect now, 53300 too many connections, class 08 connection. */
const PG_STATES = /^(?:57P0[123]|53300|08[0-9A-Z]{3})$/;
/** Node's socket errors. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLite: the file is locked past the busy timeout, or cannot be opened. */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN']);
/** What node-postgres says when the server goes away mid-query, when a query is sent on a connection it already saw
 * fail (another query of the same transaction met the dead socket first), or when the pool cannot connect in time (no
 * code). */
const MESSAGES = /Connection terminated|Client has encountered a connection error and is not queryable|terminating connection due to administrator command|the database system is (?:shutting down|starting up)|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection/i;

/**
 * @param {unknown} err
 * @returns {boolean}
 */
export function databaseUnavailable(err) {
  // The error, its cause chain and the adapter's own error object (Prisma keeps the driver's error in `cause`, and a
  // DriverAdapterError its kind in `cause.kind`; a raw query's failure, P2010, carries it in `meta.driverAdapterError`);
  // bounded, since a hostile or cyclic chain must not loop.
  /** @type {unknown[]} */
  const pending = [err];
  for (let seen = 0; seen < 16 && pending.length; seen++) {
    const e = pending.shift();
    if (!e || typeof e !== 'object') continue;
    const x = /** @type {{ code?: unknown, kind?: unknown, originalCode?: unknown, message?: unknown, cause?: unknown, meta?: { driverAdapterError?: unknown } }} */ (e);
    if (typeof x.code === 'string' && (PRISMA_CODES.has(x.code) || SOCKET_CODES.has(x.code) || SQLITE_CODES.has(x.code) || PG_STATES.test(x.code))) return true;
    if (typeof x.kind === 'string' && ADAPTER_KINDS.has(x.kind)) return true;
    if (typeof x.kind === 'string' && x.kind === 'postgres' && typeof x.code === 'string' && PG_STATES.test(x.code)) return true;
    if (typeof x.originalCode === 'string' && (PG_STATES.test(x.originalCode) || SQLITE_CODES.has(x.originalCode))) return true;
    if (typeof x.message === 'string' && MESSAGES.test(x.message)) return true;
    pending.push(x.cause);
    if (x.meta && typeof x.meta === 'object') pending.push(x.meta.driverAdapterError);
  }
  return false;
}

/** Seconds a client is asked to wait before trying again. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The message of such a 503, Korean first as the site is. */
export const UNAVAILABLE_MESSAGE = '데이터베이스에 잠시 연결할 수 없습니다. 몇 초 뒤에 다시 시도해 주세요. / The database is unavailable for a moment; try again in a few seconds.';
