// Background work that must run once across all instances, not once per process (an app's timer: scheduled
// publishing): a named leader lock. With REDIS_URL it is a Redis key, `<prefix>:lock:<name>`, taken with
// SET key token NX PX ttl, renewed by its holder every third of the ttl with a compare-and-extend script and given up
// with a compare-and-delete one (Redis' single-instance lock pattern), so a holder that dies, hangs or loses Redis is
// replaced within ttl + ttl/3 and never removes a lock someone else took since. Without Redis but on PostgreSQL
// (DATABASE_URL) it is a session advisory lock, pg_try_advisory_lock, on a connection of its own: the database frees
// it when the holder's session ends (a process that dies), and the others try every ttl/3 (a holder that hangs with
// its connection open keeps it; a pooler in transaction mode, such as PgBouncer's, cannot hold session locks, so give
// this a direct address). Without either the process holds it alone (one process, or each worker of a machine: work
// that must not run twice must then be safe to repeat, as a conditional update is).
// state() says 'held' (this process leads), 'other' (another instance does) or 'unknown' (Redis or PostgreSQL is
// unreachable, so nobody can know): the caller chooses what 'unknown' means for its work — work that is safe to
// repeat runs rather than stop everywhere while the store is away.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { logger } from '../log.mjs';
import { redisDisplayUrl } from './broadcast.mjs';

/** How long a lock outlives its holder's last renewal by default. */
export const LEADER_TTL_MS = 30_000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** The advisory lock's first key ("MNFD"): keeps the framework's locks apart from any other use of advisory locks. */
const PG_LOCK_SPACE = 0x4d4e4644;

/**
 * @typedef {{ ready: Promise<unknown>, take(): Promise<boolean>, renew(): Promise<boolean>, release(): Promise<void>,
 *   end(): void, where: string }} Store one lock's operations on Redis or PostgreSQL
 */

/** @param {string} key @param {{ url: string }} redis @param {number} ttlMs @returns {Store} */
function redisStore(key, redis, ttlMs) {
  const token = crypto.randomBytes(16).toString('hex');
  const client = new Redis(redis.url, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 100, 2000) });
  client.on('error', () => {});
  return {
    where: redisDisplayUrl(redis.url),
    // A check made while the first connection is being made waits for it (at most its connect timeout).
    ready: new Promise((resolve) => {
      client.once('ready', resolve);
      setTimeout(resolve, 2500).unref?.();
    }),
    take: async () => (await client.set(key, token, 'PX', ttlMs, 'NX')) === 'OK',
    renew: async () => Number(await client.eval(RENEW, 1, key, token, String(ttlMs))) === 1,
    release: async () => void (await client.eval(RELEASE, 1, key, token)),
    end: () => client.disconnect(),
  };
}

/** @param {string} key @param {string} url @returns {Store} */
function postgresStore(key, url) {
  const id = crypto.createHash('sha256').update(key).digest().readInt32BE(0);
  /** @type {pg.Client | null} */
  let client = null;
  // One session for as long as it works: the lock is the session's. A broken one is dropped (the database frees
  // what it held) and the next attempt opens another.
  const session = async () => {
    if (client) return client;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, query_timeout: 2000, application_name: `manifold lock ${key}`.slice(0, 63) });
    c.on('error', () => {
      if (client === c) client = null;
      c.end().catch(() => {});
    });
    try {
      await c.connect();
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    client = c;
    return c;
  };
  /** @param {string} sql */
  const query = async (sql) => {
    const c = await session();
    try {
      return await c.query(sql, [PG_LOCK_SPACE, id]);
    } catch (err) {
      // The session may be gone, and its lock with it.
      if (client === c) client = null;
      c.end().catch(() => {});
      throw err;
    }
  };
  return {
    where: (() => {
      try {
        const u = new URL(url);
        return `${u.protocol}//${u.host}${u.pathname}`;
      } catch {
        return 'postgresql://(invalid address)';
      }
    })(),
    ready: Promise.resolve(),
    take: async () => (await query('SELECT pg_try_advisory_lock($1, $2) AS ok')).rows[0].ok === true,
    // Held as long as the session that took it lives: a round trip on it says so.
    renew: async () => {
      if (!client) return false;
      const held = await query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 AND pid = pg_backend_pid() AND granted");
      return held.rows[0].n > 0;
    },
    release: async () => {
      if (client) await query('SELECT pg_advisory_unlock($1, $2)');
    },
    end: () => {
      const c = client;
      client = null;
      c?.end().catch(() => {});
    },
  };
}


/**
 * @typedef {'held' | 'other' | 'unknown'} LeaderState
 * @typedef {{
 *   kind: 'redis' | 'postgres' | 'process',
 *   key: string | null,
 *   state(): LeaderState,
 *   check(): Promise<LeaderState>,
 *   close(): Promise<void>,
 * }} LeaderLock check() tries to take or renew the lock now (the lock also does so by itself every ttl/3);
 *   close() stops that and releases the lock if held, so another instance takes over at once.
 */

/**
 * @param {string} name what the lock guards (letters, digits, - _ . :)
 * @param {{ redis?: { url: string, prefix: string } | null, postgres?: string | null, ttlMs?: number,
 *   log?: Pick<typeof logger, 'info' | 'warn'> }} [opts] `redis` (REDIS_URL) first, else `postgres` (a PostgreSQL
 *   DATABASE_URL), else this process alone
 * @returns {LeaderLock}
 */
export function leaderLock(name, { redis = null, postgres = null, ttlMs = LEADER_TTL_MS, log = logger } = {}) {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(name)) throw new Error(`leaderLock: "${name}" is not a lock name (letters, digits, - _ . :)`);
  if (!redis && !postgres) {
    return { kind: 'process', key: null, state: () => 'held', check: async () => 'held', close: async () => {} };
  }
  const key = redis ? `${redis.prefix}:lock:${name}` : `manifold:lock:${name}`;
  const kind = redis ? 'redis' : 'postgres';
  const label = redis ? 'Redis' : 'PostgreSQL';
  const store = redis ? redisStore(key, redis, ttlMs) : postgresStore(key, /** @type {string} */ (postgres));
  /** @type {LeaderState} */
  let state = 'unknown';
  let unreachable = false;
  let closed = false;
  /** @type {Promise<LeaderState> | null} */
  let inFlight = null;

  const attempt = async () => {
    /** @type {LeaderState} */
    let next;
    await store.ready;
    try {
      next = (state === 'held' ? await store.renew() : await store.take()) ? 'held' : 'other';
      if (unreachable) log.info(`leader: ${label} is back`, { lock: key });
      unreachable = false;
    } catch (err) {
      // While the store is away nobody can know who leads; a holder that cannot renew counts itself out.
      next = 'unknown';
      if (!unreachable) log.warn(`leader: ${label} unreachable; the lock is unknown until it is back`, { at: store.where, lock: key, error: err instanceof Error ? err.message : String(err) });
      unreachable = true;
    }
    if (next === 'held' && state !== 'held') log.info('leader: this process now runs the background work', { lock: key, kind });
    state = next;
    return state;
  };
  const check = () => {
    if (closed) return Promise.resolve(state);
    inFlight ??= attempt().finally(() => (inFlight = null));
    return inFlight;
  };
  const timer = setInterval(check, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref?.();
  // The first attempt as soon as the store answers.
  void check();

  return {
    kind,
    key,
    state: () => state,
    check,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await inFlight?.catch(() => {});
      if (state === 'held') await store.release().catch(() => {});
      state = 'unknown';
      store.end();
    },
  };
}
