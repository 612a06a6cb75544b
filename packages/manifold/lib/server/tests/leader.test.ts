// The leader lock of background work (lib/server/leader.mjs) on the real Redis: of two contenders one leads, the
// other waits; the holder keeps it past its ttl by renewing; a holder that stops (close) hands it over at once; one that
// loses Redis (a TCP proxy the test cuts) stops counting itself the leader, and the other takes over once the key
// expires; a holder never deletes a lock someone else took. On PostgreSQL (no Redis) the same with a session advisory
// lock: the database frees it when the holder's session ends. Without either the process leads alone.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { leaderLock, type LeaderLock } from '../leader.mjs';
import { memoryLog, REDIS_URL, redisProxy, uniquePrefix, until } from './redis-support';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function lock(prefix: string, ttlMs: number, url = REDIS_URL) {
  const log = memoryLog();
  const l: LeaderLock = leaderLock('work', { redis: { url, prefix }, ttlMs, log });
  cleanups.push(() => l.close());
  return Object.assign(l, { log });
}

function raw() {
  const r = new Redis(REDIS_URL);
  cleanups.push(() => r.disconnect());
  return r;
}

/** Waits until the lock's client is connected (its first check answers 'held' or 'other'). */
async function settled(l: LeaderLock) {
  await until(() => l.state() !== 'unknown', 3000, 'the lock to reach Redis');
}

describe('leader lock', () => {
  it('of two contenders exactly one leads, keeps it past its ttl by renewing, and hands it over at once when it stops', async () => {
    const prefix = uniquePrefix('leader');
    const a = lock(prefix, 400);
    await settled(a);
    const b = lock(prefix, 400);
    await settled(b);
    expect([a.state(), b.state()].sort()).toEqual(['held', 'other']);
    const [holder, waiter] = a.state() === 'held' ? [a, b] : [b, a];
    expect(holder.key).toBe(`${prefix}:lock:work`);
    expect(await raw().pttl(holder.key!)).toBeGreaterThan(0);

    // Three ttls later: renewed all along, never taken.
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await waiter.check()).toBe('other');
      expect(holder.state()).toBe('held');
    }

    await holder.close();
    expect(await raw().exists(holder.key!)).toBe(0);
    expect(await waiter.check()).toBe('held');
    expect(waiter.log.lines.map((l) => l.message)).toEqual(['leader: this process now runs the background work']);
  });

  it('a holder that loses Redis counts itself out, and the other takes over once the lock expires', async () => {
    const prefix = uniquePrefix('takeover');
    const proxy = await redisProxy();
    cleanups.push(() => proxy.close());
    const ttl = 500;
    const a = lock(prefix, ttl, proxy.url);
    await settled(a);
    expect(await a.check()).toBe('held');
    const b = lock(prefix, ttl);
    await settled(b);
    expect(b.state()).toBe('other');

    // a hangs as far as Redis knows (no renewal reaches it); it is not told, it finds out.
    await proxy.cut();
    const cutAt = performance.now();
    expect(await a.check()).toBe('unknown');
    await until(() => b.state() === 'held', ttl * 3, 'the takeover');
    const took = performance.now() - cutAt;
    console.log(`[leader] taken over ${took.toFixed(0)} ms after the holder lost Redis (ttl ${ttl} ms)`);
    expect(took).toBeLessThan(ttl + ttl / 3 + 300);
    expect(a.log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    // Back, a finds someone else leads, and leaves their lock alone when it stops.
    await proxy.restore();
    await until(() => a.state() === 'other', 5000, 'a to see b leads');
    await a.close();
    expect(await b.check()).toBe('held');
    expect(await raw().exists(b.key!)).toBe(1);
  });

  it('never deletes a lock another process took since', async () => {
    const prefix = uniquePrefix('foreign');
    const a = lock(prefix, 60_000);
    await settled(a);
    expect(a.state()).toBe('held');
    // The key expired and someone else set it (simulated: overwritten with another token).
    const r = raw();
    await r.set(a.key!, 'someone-else', 'PX', 60_000);
    // a has not looked since (its renewals are 20 s apart): it still thinks it holds the lock, and its release on
    // stopping must not delete the other's.
    expect(a.state()).toBe('held');
    await a.close();
    expect(await r.get(a.key!)).toBe('someone-else');
    // Nor does a renewal extend or take it: it finds out.
    await r.del(a.key!);
    const b = lock(prefix, 60_000);
    await settled(b);
    expect(b.state()).toBe('held');
    await r.set(b.key!, 'someone-else', 'PX', 5000);
    expect(await b.check()).toBe('other');
    expect(await r.get(b.key!)).toBe('someone-else');
    expect(await r.pttl(b.key!)).toBeLessThanOrEqual(5000);
    await r.del(b.key!);
  });

  it('without Redis the process leads alone; a bad name is refused', async () => {
    const l = leaderLock('work');
    expect(l.kind).toBe('process');
    expect(l.state()).toBe('held');
    expect(await l.check()).toBe('held');
    await l.close();
    expect(() => leaderLock('a b', { redis: { url: REDIS_URL, prefix: 'x' } })).toThrow(/not a lock name/);
  });
});

describe('leader lock on PostgreSQL (no Redis)', () => {
  const PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

  function pgLock(name: string) {
    const log = memoryLog();
    const l = leaderLock(name, { postgres: PG_URL, ttlMs: 300, log });
    cleanups.push(() => l.close());
    return Object.assign(l, { log });
  }

  async function admin() {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    cleanups.push(() => c.end());
    return c;
  }

  it('of two contenders one leads; a holder whose session ends (a dead process) is replaced at once; close() releases', async () => {
    const name = `test-${crypto.randomBytes(6).toString('hex')}`;
    const a = pgLock(name);
    expect(a.kind).toBe('postgres');
    await settled(a);
    const b = pgLock(name);
    await settled(b);
    expect([a.state(), b.state()].sort()).toEqual(['held', 'other']);
    const [holder, waiter] = a.state() === 'held' ? [a, b] : [b, a];
    // Kept while its session lives.
    await new Promise((r) => setTimeout(r, 400));
    expect(await holder.check()).toBe('held');
    expect(await waiter.check()).toBe('other');

    // The holder's session ends as a dead process's would.
    const c = await admin();
    const ended = await c.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)", [`manifold lock manifold:lock:${name}`]);
    expect(ended.rows).toEqual([{ ok: true }]);
    // The backend ends a moment later (and the database frees its lock then).
    for (let i = 0; i < 100 && (await waiter.check()) !== 'held'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(waiter.state()).toBe('held');
    expect(await holder.check()).not.toBe('held');

    // close() releases at once.
    await waiter.close();
    await until(() => holder.state() === 'held', 3000, 'the first holder to take it back');
  });

  it('a PostgreSQL that cannot be reached is unknown, logged once', async () => {
    const log = memoryLog();
    const l = leaderLock(`test-${crypto.randomBytes(6).toString('hex')}`, { postgres: 'postgresql://postgres:pw@127.0.0.1:1/postgres', ttlMs: 150, log });
    cleanups.push(() => l.close());
    expect(await l.check()).toBe('unknown');
    await new Promise((r) => setTimeout(r, 400));
    expect(await l.check()).toBe('unknown');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'warn', fields: { at: 'postgresql://127.0.0.1:1/postgres' } });
  });
});
