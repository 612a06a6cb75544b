// The blog's hooks for server.mjs (plain Node, no TypeScript loader), reached through .manifold/registry.node.mjs:
// scheduled posts go live on their own. Every 15 s, and again just after the next post falls due, this process calls
// its own cron route (/api/cron/publish-scheduled, editor/schedule.ts), which publishes what is due with one
// conditional update per post, so several server processes publish each post once. With REDIS_URL (or on PostgreSQL)
// only the holder of a leader lock (lib/server/leader.mjs) among all instances and workers calls it; the others skip
// their ticks, and one of them takes over within 40 s when the holder stops. While the lock's store is unreachable
// every process calls it again (the conditional update keeps that safe) rather than none. The route runs in this same process (Next's request
// handler), so the secret it checks is made here and kept on globalThis, like the page cache.
import crypto from 'node:crypto';
import { logger } from '../../lib/log.mjs';
import { leaderLock } from '../../lib/server/leader.mjs';
import { loadServerSettings } from '../../lib/server/settings.mjs';

/** How often the timer asks, whatever is scheduled (a post saved as scheduled a moment ago is seen within this). */
export const PUBLISH_CHECK_MS = 15_000;
const TOKEN_KEY = '__manifoldCronToken';
const PATH = '/api/cron/publish-scheduled';

/** The address this server listens on, as seen from itself. @param {string} host @param {number} port */
function selfUrl(host, port) {
  const h = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}${PATH}`;
}

/** The leader lock's name: one scheduled-publishing timer across all instances. */
export const PUBLISH_LOCK = 'blog:scheduled-publishing';

/** @type {{ stop(): Promise<void>, lock: import('../../lib/server/leader.mjs').LeaderLock } | null} */
let running = null;

/**
 * Starts the timer (once per process). The first call comes a second after start: server.mjs listens right after its
 * hooks are ready, and a call that finds no listener yet is simply tried again on the next tick.
 * @param {{ url?: string, everyMs?: number, lockTtlMs?: number }} [opts] for tests: another address, period or lock ttl
 */
export function startScheduledPublishing(opts = {}) {
  if (running) return running;
  // A cluster's workers share one, set by server.mjs, since the call may land on any of them.
  const g = /** @type {Record<string, unknown>} */ (globalThis);
  const token = typeof g[TOKEN_KEY] === 'string' && g[TOKEN_KEY].length >= 32 ? g[TOKEN_KEY] : crypto.randomBytes(32).toString('hex');
  g[TOKEN_KEY] = token;
  const settings = loadServerSettings();
  const url = opts.url ?? selfUrl(settings.host, settings.port);
  const every = opts.everyMs ?? PUBLISH_CHECK_MS;
  const lock = leaderLock(PUBLISH_LOCK, { redis: settings.redis, postgres: settings.postgresUrl, ttlMs: opts.lockTtlMs });
  /** @type {NodeJS.Timeout | undefined} */
  let dueTimer;
  let busy = false;
  let lastWarned = 0;
  const warn = (/** @type {string} */ message, /** @type {Record<string, unknown>} */ fields) => {
    if (Date.now() - lastWarned < 60_000) return;
    lastWarned = Date.now();
    logger.warn(message, fields);
  };
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      // Another instance runs it (while Redis is away, 'unknown': every process does).
      if ((await lock.check()) === 'other') return;
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) {
        warn('scheduled publishing: the cron route refused', { status: res.status, body: (await res.text()).slice(0, 200) });
        return;
      }
      const body = /** @type {{ nextDueAt?: string | null }} */ (await res.json());
      clearTimeout(dueTimer);
      const wait = body.nextDueAt ? Date.parse(body.nextDueAt) - Date.now() : NaN;
      // Within the next period: a timer at the due time itself (a little after, so the post is due when asked).
      if (wait >= 0 && wait < every) dueTimer = setTimeout(tick, wait + 100).unref();
    } catch (err) {
      // Not listening yet, or shutting down: the next tick tries again.
      warn('scheduled publishing: could not reach the cron route', { url, error: err instanceof Error ? err.message : String(err) });
    } finally {
      busy = false;
    }
  };
  const first = setTimeout(tick, 1000).unref();
  const interval = setInterval(tick, every).unref();
  running = {
    lock,
    async stop() {
      clearTimeout(first);
      clearTimeout(dueTimer);
      clearInterval(interval);
      running = null;
      await lock.close();
    },
  };
  return running;
}

/** server.mjs calls this before it listens. */
export function ready() {
  startScheduledPublishing();
}

/** server.mjs calls this when it stops: the lock goes to another instance at once rather than at its expiry. */
export async function close() {
  await running?.stop();
}
