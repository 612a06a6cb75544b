// Background work that must run once across all instances, not once per process (an app's timer: scheduled
// publishing): a named leader lock. With REDIS_URL it is a Redis key, `<prefix>:lock:<name>`, taken with
// SET key token NX PX ttl, renewed by its holder every third of the ttl with a compare-and-extend script and given up
// with a compare-and-delete one (Redis' single-instance lock pattern), so a holder that dies, hangs or loses Redis is
// replaced within ttl + ttl/3 and never removes a lock someone else took since. Without Redis the process holds it
// alone (one process, or each worker of a machine: work that must not run twice must then be safe to repeat, as a
// conditional update is).
// state() says 'held' (this process leads), 'other' (another instance does) or 'unknown' (Redis is unreachable, so
// nobody can know): the caller chooses what 'unknown' means for its work — work that is safe to repeat runs rather
// than stop everywhere while Redis is away.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { logger } from '../log.mjs';
import { redisDisplayUrl } from './broadcast.mjs';

/** How long a lock outlives its holder's last renewal by default. */
export const LEADER_TTL_MS = 30_000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * @typedef {'held' | 'other' | 'unknown'} LeaderState
 * @typedef {{
 *   kind: 'redis' | 'process',
 *   key: string | null,
 *   state(): LeaderState,
 *   check(): Promise<LeaderState>,
 *   close(): Promise<void>,
 * }} LeaderLock check() tries to take or renew the lock now (the lock also does so by itself every ttl/3);
 *   close() stops that and releases the lock if held, so another instance takes over at once.
 */

/**
 * @param {string} name what the lock guards (letters, digits, - _ . :)
 * @param {{ redis?: { url: string, prefix: string } | null, ttlMs?: number, log?: Pick<typeof logger, 'info' | 'warn'> }} [opts]
 * @returns {LeaderLock}
 */
export function leaderLock(name, { redis = null, ttlMs = LEADER_TTL_MS, log = logger } = {}) {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(name)) throw new Error(`leaderLock: "${name}" is not a lock name (letters, digits, - _ . :)`);
  if (!redis) {
    return { kind: 'process', key: null, state: () => 'held', check: async () => 'held', close: async () => {} };
  }
  const key = `${redis.prefix}:lock:${name}`;
  const token = crypto.randomBytes(16).toString('hex');
  const client = new Redis(redis.url, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 100, 2000) });
  /** @type {LeaderState} */
  let state = 'unknown';
  let unreachable = false;
  let closed = false;
  /** @type {Promise<LeaderState> | null} */
  let inFlight = null;
  client.on('error', () => {});
  // A check made while the first connection is still being made waits for it (at most its connect timeout) rather
  // than count Redis as away.
  const firstConnection = new Promise((resolve) => {
    client.once('ready', resolve);
    setTimeout(resolve, 2500).unref?.();
  });

  /** @param {LeaderState} next */
  const become = (next) => {
    if (next === 'held' && state !== 'held') log.info('leader: this process now runs the background work', { lock: key });
    state = next;
  };
  const attempt = async () => {
    /** @type {LeaderState} */
    let next;
    await firstConnection;
    try {
      if (state === 'held') next = Number(await client.eval(RENEW, 1, key, token, String(ttlMs))) === 1 ? 'held' : 'other';
      else next = (await client.set(key, token, 'PX', ttlMs, 'NX')) === 'OK' ? 'held' : 'other';
      if (unreachable) log.info('leader: Redis is back', { lock: key });
      unreachable = false;
    } catch (err) {
      // While Redis is away nobody can know who leads; a holder that cannot renew counts itself out.
      next = 'unknown';
      if (!unreachable) log.warn('leader: Redis unreachable; the lock is unknown until it is back', { redis: redisDisplayUrl(redis.url), lock: key, error: err instanceof Error ? err.message : String(err) });
      unreachable = true;
    }
    become(next);
    return state;
  };
  const check = () => {
    if (closed) return Promise.resolve(state);
    inFlight ??= attempt().finally(() => (inFlight = null));
    return inFlight;
  };
  const timer = setInterval(check, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref?.();
  // The first attempt as soon as Redis answers.
  client.once('ready', () => void check());

  return {
    kind: 'redis',
    key,
    state: () => state,
    check,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await inFlight?.catch(() => {});
      if (state === 'held') await client.eval(RELEASE, 1, key, token).catch(() => {});
      state = 'unknown';
      client.disconnect();
    },
  };
}
